"""How each kind of field is read from text-only data and written back.

The YAML reader returns every scalar as the exact text in the file, so a codec
turns that text into a value, reporting what it cannot read with its position.
It also writes a value: as plain data for the YAML writer, and as JSON-safe
data for the index (read back with type checks only: any content of a damaged
index is then either used or refused, never a crash later) and for ``--json``.
Codecs never see ``None``: an unset field is handled by the record.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Generic, TypeVar, cast

from coffeechat.core.merging import common_lines, merge_keyed, merge_lines
from coffeechat.core.models.decoder import Decoder, Where, describe
from coffeechat.core.models.schema import Record, common_record, decode_trusted, three_way
from coffeechat.core.text import nearest

T = TypeVar("T")
C = TypeVar("C", bound=str)
R = TypeVar("R", bound=Record)

# Longest text a field may hold, in characters. Names, titles and one-liners
# stay short; Markdown notes and debriefs may be long. Beyond this a file is
# most likely damaged (or pasted into the wrong field), and the screens would
# slow to a crawl drawing it.
SHORT_TEXT_LIMIT = 10_000
LONG_TEXT_LIMIT = 1_000_000

_TRUE = frozenset({"true", "yes", "on", "y"})
_FALSE = frozenset({"false", "no", "off", "n"})

# The years a date may fall in. Wide enough for any campaign and any birthday,
# narrow enough that adding a few years of days to one can never overflow.
FIRST_YEAR = 1900
LAST_YEAR = 2200


def _expect(data: Any, kind: type) -> Any:
    """``data`` if it has exactly the type ``kind``, for ``from_cache``."""
    if type(data) is not kind:
        raise TypeError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data


class Codec(ABC, Generic[T]):
    """Reads and writes the values of one kind of field."""

    # A cached value of exactly this type is the value itself: records rebuilt
    # from the index by the thousand skip the call to ``from_cache`` for it.
    cached_type: ClassVar[type | None] = None

    @abstractmethod
    def decode(self, raw: object, where: Where, decoder: Decoder) -> T | None:
        """The value in ``raw``, or None once the reason it cannot be read is reported."""

    def encode(self, value: T) -> object:
        """Plain data for the YAML writer."""
        return value

    def to_cache(self, value: T) -> object:
        """JSON-safe data that ``from_cache`` turns back into the value."""
        return value

    @abstractmethod
    def from_cache(self, data: Any) -> T:
        """The value ``to_cache`` gave ``data`` for; TypeError or ValueError when
        ``data`` cannot be one."""

    def to_json(self, value: T) -> object:
        """The value in ``--json`` output."""
        return self.to_cache(value)

    def is_empty(self, value: T) -> bool:
        """Whether the value is left out of the file (unless always written)."""
        return value == "" or value == [] or value == {} or value is False

    def out_of_bounds(self, value: T) -> list[tuple[Where, str]]:
        """Why a value set in memory could not be read back from the file, by
        where it is inside the value (empty: it could)."""
        return []

    def merge(self, base: T, mine: T, theirs: T) -> tuple[T, bool]:
        """A value both sides changed from ``base``, differently: what a merge
        makes of it and whether cleanly (if not, it holds ``mine`` where they
        clash). A single value cannot merge."""
        return mine, False

    def common(self, mine: T, theirs: T) -> T | None:
        """What two different values share, as the base of a two-way merge
        (no version both came from is known); None for nothing."""
        return None


def _text(raw: object, where: Where, decoder: Decoder) -> str | None:
    if isinstance(raw, str):
        return raw
    decoder.report(where, f"expected text, got {describe(raw)}")
    return None


def _bounded_text(
    raw: object, where: Where, decoder: Decoder, limit: int = SHORT_TEXT_LIMIT
) -> str | None:
    text = _text(raw, where, decoder)
    if text is not None and len(text) > limit:
        decoder.report(where, f"{len(text):,} characters; the limit for this field is "
                              f"{limit:,}, so the file was not loaded")
        return None
    return text


class Text(Codec[str]):
    """Free text, exactly as typed, up to ``limit`` characters."""

    def __init__(self, limit: int = SHORT_TEXT_LIMIT) -> None:
        self.limit = limit

    cached_type = str

    def decode(self, raw: object, where: Where, decoder: Decoder) -> str | None:
        if type(raw) is str and len(raw) <= self.limit:
            return raw  # the usual case, without the calls that report problems
        return _bounded_text(raw, where, decoder, self.limit)

    def from_cache(self, data: Any) -> str:
        return cast(str, _expect(data, str))

    # Notes and paragraphs merge line by line; a name or a title is one value.
    def merge(self, base: str, mine: str, theirs: str) -> tuple[str, bool]:
        if self.limit <= SHORT_TEXT_LIMIT:
            return mine, False
        return merge_lines(base, mine, theirs)

    def common(self, mine: str, theirs: str) -> str | None:
        return common_lines(mine, theirs) if self.limit > SHORT_TEXT_LIMIT else None


class Lines(Codec[list[str]]):
    """A list of text; a single text is read as a list of one."""

    def decode(self, raw: object, where: Where, decoder: Decoder) -> list[str] | None:
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list):
            decoder.report(where, f"expected a list of text, got {describe(raw)}")
            return None
        result = []
        for index, item in enumerate(items):
            text = _bounded_text(item, (*where, index), decoder) if item is not None else None
            if text is not None:
                result.append(text)
        return result

    def encode(self, value: list[str]) -> object:
        return list(value)

    def to_cache(self, value: list[str]) -> object:
        return list(value)

    def from_cache(self, data: Any) -> list[str]:
        for item in _expect(data, list):
            _expect(item, str)
        return cast(list[str], data)

    # Tags, links, slugs: each item is its own identity.
    def merge(self, base: list[str], mine: list[str], theirs: list[str]) -> tuple[list[str], bool]:
        return merge_keyed(base, mine, theirs, _itself, _clash)

    def common(self, mine: list[str], theirs: list[str]) -> list[str] | None:
        return [item for item in mine if item in theirs]


class TextMapping(Codec[dict[str, str]]):
    """Names to text, such as ``contact: {email: ..., phone: ...}``, each text up
    to ``limit`` characters."""

    def __init__(self, limit: int = SHORT_TEXT_LIMIT) -> None:
        self.limit = limit

    def decode(self, raw: object, where: Where, decoder: Decoder) -> dict[str, str] | None:
        if not isinstance(raw, dict):
            decoder.report(where, f"expected a mapping of names to text, got {describe(raw)}")
            return None
        mapping = {}
        for key, item in raw.items():
            if item is None:
                continue
            text = _bounded_text(item, (*where, key), decoder, self.limit)
            if text is not None:
                mapping[key] = text
        return mapping

    def encode(self, value: dict[str, str]) -> object:
        return dict(value)

    def to_cache(self, value: dict[str, str]) -> object:
        return dict(value)

    def from_cache(self, data: Any) -> dict[str, str]:
        for item in _expect(data, dict).values():
            _expect(item, str)
        return cast(dict[str, str], data)

    def merge(self, base: dict[str, str], mine: dict[str, str],
              theirs: dict[str, str]) -> tuple[dict[str, str], bool]:
        merged = dict(theirs)
        clean = True
        for key in base.keys() | mine.keys():
            before, after, other = base.get(key), mine.get(key), theirs.get(key)
            if after == before:
                continue
            clean = clean and other in (before, after)
            if after is None:
                merged.pop(key, None)
            else:
                merged[key] = after
        # Our keys in our order, then theirs new to us.
        order = [*(key for key in mine if key in merged), *(k for k in merged if k not in mine)]
        return {key: merged[key] for key in order}, clean

    def common(self, mine: dict[str, str], theirs: dict[str, str]) -> dict[str, str] | None:
        return {key: value for key, value in mine.items() if theirs.get(key) == value}


def one_of(options: tuple[C, ...], text: str) -> C | None:
    """``text`` as the option it spells (typed as that option), or None."""
    for option in options:
        if option == text:
            return option
    return None


class Choice(Codec[C]):
    """One of a fixed set of words, such as an interview's status."""

    def __init__(self, options: tuple[C, ...]) -> None:
        self.options = options

    def decode(self, raw: object, where: Where, decoder: Decoder) -> C | None:
        text = _text(raw, where, decoder)
        if text is None:
            return None
        chosen = one_of(self.options, text)
        if chosen is None:
            decoder.report(
                where,
                f"{text!r} is not one of: {', '.join(self.options)}",
                suggestion=nearest(text, self.options),
            )
        return chosen

    def from_cache(self, data: Any) -> C:
        # An unset choice is cached as "" (see ``fields.choice``).
        chosen = one_of(self.options, _expect(data, str))
        if chosen is None and data != "":
            raise ValueError(f"{data!r} is not one of the choices")
        return cast(C, data)


def parse_datetime(text: str) -> dt.datetime:
    """Read the date-times people type: ``2026-12-03 10:00``, ISO forms, a bare date."""
    cleaned = text.strip().replace("T", " ").replace("t", " ")
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(cleaned)
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def year_problem(value: dt.date) -> str | None:
    """Why a date or date-time is out of range, if it is."""
    if FIRST_YEAR <= value.year <= LAST_YEAR:
        return None
    return f"the year {value.year} is out of range ({FIRST_YEAR} to {LAST_YEAR})"


D = TypeVar("D", dt.date, dt.datetime)


def _in_years(value: D, where: Where, decoder: Decoder) -> D | None:
    """``value`` if its year is one a file may hold; else reported, and None."""
    problem = year_problem(value)
    if problem is not None:
        decoder.report(where, problem)
        return None
    return value


def _years_out_of_bounds(value: dt.date) -> list[tuple[Where, str]]:
    problem = year_problem(value)
    return [((), problem)] if problem else []


class Date(Codec[dt.date]):
    """A calendar day, ``2026-12-03``, between ``FIRST_YEAR`` and ``LAST_YEAR``."""

    def decode(self, raw: object, where: Where, decoder: Decoder) -> dt.date | None:
        text = _text(raw, where, decoder)
        if text is None:
            return None
        try:
            value = parse_date(text)
        except ValueError:
            decoder.report(where, f"{text!r} is not a date like 2026-12-03")
            return None
        return _in_years(value, where, decoder)

    def out_of_bounds(self, value: dt.date) -> list[tuple[Where, str]]:
        return _years_out_of_bounds(value)

    def to_cache(self, value: dt.date) -> object:
        return value.isoformat()

    def from_cache(self, data: Any) -> dt.date:
        return dt.date.fromisoformat(_expect(data, str))


class DateTime(Codec[dt.datetime]):
    """A local date and time, ``2026-12-03 10:00``, in the years a ``Date`` allows."""

    def decode(self, raw: object, where: Where, decoder: Decoder) -> dt.datetime | None:
        text = _text(raw, where, decoder)
        if text is None:
            return None
        try:
            value = parse_datetime(text)
        except (ValueError, OverflowError):
            # A time zone can push 9999-12-31 past the calendar's end.
            decoder.report(where, f"{text!r} is not a date and time like 2026-12-03 10:00")
            return None
        return _in_years(value, where, decoder)

    def out_of_bounds(self, value: dt.datetime) -> list[tuple[Where, str]]:
        return _years_out_of_bounds(value)

    def to_cache(self, value: dt.datetime) -> object:
        return value.isoformat()

    def from_cache(self, data: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(_expect(data, str))


class Flag(Codec[bool]):
    """Yes or no, in the words people write (``yes``, ``true``, ``on``…)."""

    cached_type = bool

    def decode(self, raw: object, where: Where, decoder: Decoder) -> bool | None:
        text = _text(raw, where, decoder)
        if text is None:
            return None
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        decoder.report(where, f"{text!r} is not yes or no")
        return None

    def from_cache(self, data: Any) -> bool:
        return cast(bool, _expect(data, bool))


class Number(Codec[int]):
    """A whole number from ``low`` to ``high``; ``1_000`` is allowed."""

    cached_type = int

    def __init__(self, low: int, high: int) -> None:
        self.low = low
        self.high = high

    def decode(self, raw: object, where: Where, decoder: Decoder) -> int | None:
        text = _text(raw, where, decoder)
        if text is None:
            return None
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            decoder.report(where, f"{_shorten(text)!r} is not a whole number")
            return None
        problem = self._problem(value)
        if problem is not None:
            decoder.report(where, problem)
            return None
        return value

    def _problem(self, value: int) -> str | None:
        if self.low <= value <= self.high:
            return None
        return (f"{_shorten(str(value))} is out of range; "
                f"use a whole number from {self.low} to {self.high}")

    def out_of_bounds(self, value: int) -> list[tuple[Where, str]]:
        problem = self._problem(value)
        return [((), problem)] if problem else []

    def from_cache(self, data: Any) -> int:
        return cast(int, _expect(data, int))


def _shorten(text: str, limit: int = 40) -> str:
    """A value for a message: a 4,000-digit number is not worth quoting whole."""
    return text if len(text) <= limit else f"{text[:limit]}…"


class Nested(Codec[R]):
    """A record inside a record, such as an interview's debrief."""

    def __init__(self, cls: type[R]) -> None:
        self.cls = cls

    def decode(self, raw: object, where: Where, decoder: Decoder) -> R | None:
        return self.cls.decode(raw, where, decoder)

    def encode(self, value: R) -> object:
        return value.encode()

    def to_cache(self, value: R) -> object:
        return value.encode_for_cache()

    def from_cache(self, data: Any) -> R:
        return decode_trusted(self.cls, _expect(data, dict))

    def to_json(self, value: R) -> object:
        return value.as_json()

    def is_empty(self, value: R) -> bool:
        return not value.encode()

    def out_of_bounds(self, value: R) -> list[tuple[Where, str]]:
        return value.out_of_bounds()

    def merge(self, base: R, mine: R, theirs: R) -> tuple[R, bool]:
        return _merge_records(base, mine, theirs)

    def common(self, mine: R, theirs: R) -> R | None:
        return common_record(mine, theirs)


class NestedList(Codec[list[R]]):
    """A list of records, such as an interview's outreach log."""

    def __init__(self, cls: type[R]) -> None:
        self.cls = cls

    def decode(self, raw: object, where: Where, decoder: Decoder) -> list[R] | None:
        if not isinstance(raw, list):
            decoder.report(where, f"expected a list, got {describe(raw)}")
            return None
        records = []
        for index, item in enumerate(raw):
            record = self.cls.decode(item, (*where, index), decoder)
            if record is not None:
                records.append(record)
        return records

    def encode(self, value: list[R]) -> object:
        return [record.encode() for record in value]

    def to_cache(self, value: list[R]) -> object:
        return [record.encode_for_cache() for record in value]

    def from_cache(self, data: Any) -> list[R]:
        return [decode_trusted(self.cls, _expect(item, dict)) for item in _expect(data, list)]

    def to_json(self, value: list[R]) -> object:
        return [record.as_json() for record in value]

    def out_of_bounds(self, value: list[R]) -> list[tuple[Where, str]]:
        return [((index, *where), problem) for index, record in enumerate(value)
                for where, problem in record.out_of_bounds()]

    # Items merge by what identifies them (``Record.identity``), field by field.
    def merge(self, base: list[R], mine: list[R], theirs: list[R]) -> tuple[list[R], bool]:
        return merge_keyed(base, mine, theirs, _identity, _merge_records)

    def common(self, mine: list[R], theirs: list[R]) -> list[R] | None:
        # An item on both sides is one item (its shared fields its base); one
        # on a single side counts as added there.
        other = {item.identity(): item for item in theirs}
        return [item if (match := other[key]) == item else common_record(item, match)
                for item in mine if (key := item.identity()) in other]


def _itself(item: str) -> str:
    return item


def _clash(base: str, mine: str, theirs: str) -> tuple[str, bool]:
    return mine, False


def _identity(record: Record) -> tuple[object, ...]:
    return record.identity()


def _merge_records(base: R, mine: R, theirs: R) -> tuple[R, bool]:
    merged, clashes = three_way(base, mine, theirs)
    return merged, not clashes
