"""Declarative field specs shared by every record type.

Each record class lists its fields once; decoding (from the text-only data the
YAML reader returns), validation with positions, and encoding (in a fixed,
diff-friendly order) all follow from that list. Unknown fields are kept and
written back untouched, so a user's own additions are never lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from coffeechat.core.models.problems import Problem, Severity, nearest

SCHEMA_VERSION = 1
EXTENSION_PREFIXES = ("x-", "x_")

_TRUE = frozenset({"true", "yes", "on", "y"})
_FALSE = frozenset({"false", "no", "off", "n"})

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class FieldSpec:
    """How one field is read, checked and written."""

    name: str
    kind: str  # text, lines, datetime, date, bool, int, enum, mapping, record(s)
    choices: tuple[str, ...] = ()
    record: type[Record] | None = None
    required: bool = False


class Decoder:
    """Collects every problem in one file while turning raw data into values."""

    def __init__(self, path: Path | None, marks: dict[Path_, tuple[int, int]]) -> None:
        self.path = path
        self.marks = marks
        self.problems: list[Problem] = []

    def report(
        self,
        where: Path_,
        message: str,
        *,
        suggestion: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        line, column = self._position(where)
        self.problems.append(
            Problem(
                path=self.path,
                message=message,
                line=line,
                column=column,
                field=".".join(str(part) for part in where) or None,
                suggestion=suggestion,
                severity=severity,
            )
        )

    def _position(self, where: Path_) -> tuple[int | None, int | None]:
        probe = where
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _text(value: Any, where: Path_, decoder: Decoder) -> str | None:
    if isinstance(value, str):
        return value
    decoder.report(where, f"expected text, got {_describe(value)}")
    return None


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


def _decode_value(spec: FieldSpec, value: Any, where: Path_, decoder: Decoder) -> Any:
    kind = spec.kind
    if kind == "text":
        return _text(value, where, decoder)
    if kind == "lines":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            decoder.report(where, f"expected a list of text, got {_describe(value)}")
            return None
        result = []
        for index, item in enumerate(items):
            text = _text(item, (*where, index), decoder) if item is not None else None
            if text is not None:
                result.append(text)
        return result
    if kind == "enum":
        text = _text(value, where, decoder)
        if text is None:
            return None
        if text not in spec.choices:
            decoder.report(
                where,
                f"{text!r} is not one of: {', '.join(spec.choices)}",
                suggestion=nearest(text, spec.choices),
            )
            return None
        return text
    if kind in ("datetime", "date"):
        text = _text(value, where, decoder)
        if text is None:
            return None
        try:
            return parse_datetime(text) if kind == "datetime" else parse_date(text)
        except ValueError:
            example = "2026-12-03 10:00" if kind == "datetime" else "2026-12-03"
            decoder.report(where, f"{text!r} is not a {kind.replace('datetime', 'date and time')}"
                           f" like {example}")
            return None
    if kind == "bool":
        text = _text(value, where, decoder)
        if text is None:
            return None
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        decoder.report(where, f"{text!r} is not yes or no")
        return None
    if kind == "int":
        text = _text(value, where, decoder)
        if text is None:
            return None
        try:
            return int(text.strip().replace("_", ""))
        except ValueError:
            decoder.report(where, f"{text!r} is not a whole number")
            return None
    if kind == "mapping":
        if not isinstance(value, dict):
            decoder.report(where, f"expected a mapping of names to text, got {_describe(value)}")
            return None
        mapping = {}
        for key, item in value.items():
            if item is None:
                continue
            text = _text(item, (*where, key), decoder)
            if text is not None:
                mapping[key] = text
        return mapping
    if kind == "record":
        assert spec.record is not None
        return spec.record.decode(value, where, decoder)
    if kind == "records":
        assert spec.record is not None
        if not isinstance(value, list):
            decoder.report(where, f"expected a list, got {_describe(value)}")
            return None
        records = []
        for index, item in enumerate(value):
            record = spec.record.decode(item, (*where, index), decoder)
            if record is not None:
                records.append(record)
        return records
    raise ValueError(f"unknown field kind {kind!r}")


def _encode_value(spec: FieldSpec, value: Any) -> Any:
    if spec.kind == "records":
        return [record.encode() for record in value]
    if spec.kind == "record":
        return value.encode()
    if spec.kind == "lines":
        return list(value)
    if spec.kind == "mapping":
        return dict(value)
    return value


def _is_empty(value: Any) -> bool:
    if isinstance(value, Record):
        return not value.encode()
    return value is None or value == "" or value == [] or value == {} or value is False


R = TypeVar("R", bound="Record")


class Record:
    """Base for dataclass records declared with ``FIELDS``.

    Subclasses are dataclasses whose field names match ``FIELDS`` and which
    carry an ``extra`` dict for fields this version does not know.
    """

    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()
    # Fields written even when empty, so a hand-editor sees them.
    ALWAYS: ClassVar[frozenset[str]] = frozenset()
    extra: dict[str, Any]

    @classmethod
    def decode(cls: type[R], data: Any, where: Path_, decoder: Decoder) -> R | None:
        """Build a record from raw data, reporting every problem to ``decoder``."""
        if not isinstance(data, dict):
            decoder.report(where, f"expected a mapping of fields, got {_describe(data)}")
            return None
        known = {spec.name: spec for spec in cls.FIELDS}
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, raw in data.items():
            spec = known.get(key)
            if spec is None:
                if key == "schema" and not where:
                    continue
                extra[key] = raw
                if not key.startswith(EXTENSION_PREFIXES):
                    decoder.report(
                        (*where, key),
                        "unknown field, kept as it is (prefix your own fields with x-)",
                        suggestion=nearest(key, known),
                        severity=Severity.WARNING,
                    )
                continue
            if raw is None:
                continue
            value = _decode_value(spec, raw, (*where, key), decoder)
            if value is not None:
                values[key] = value
        for spec in cls.FIELDS:
            if spec.required and not values.get(spec.name):
                decoder.report(where, f"the field {spec.name!r} is required")
        return cls(**values, extra=extra)  # type: ignore[call-arg]

    def encode(self) -> dict[str, Any]:
        """Plain data in field order; empty optional fields are left out."""
        out: dict[str, Any] = {}
        for spec in self.FIELDS:
            value = getattr(self, spec.name)
            if _is_empty(value) and spec.name not in self.ALWAYS:
                continue
            out[spec.name] = _encode_value(spec, value)
        out.update(self.extra)
        return out

    def copy(self: R) -> R:
        """A deep copy, so an edit form never mutates the loaded record."""
        return decode_trusted(type(self), self.encode_for_cache())

    def encode_for_cache(self) -> dict[str, Any]:
        """JSON-safe data: like ``encode`` but dates as ISO text and nothing dropped."""
        out: dict[str, Any] = {}
        for spec in self.FIELDS:
            value = getattr(self, spec.name)
            if spec.kind == "records":
                out[spec.name] = [record.encode_for_cache() for record in value]
            elif spec.kind == "record":
                out[spec.name] = value.encode_for_cache()
            elif isinstance(value, (dt.date, dt.datetime)):
                out[spec.name] = value.isoformat()
            elif isinstance(value, list):
                out[spec.name] = list(value)
            elif isinstance(value, dict):
                out[spec.name] = dict(value)
            else:
                out[spec.name] = value
        out["extra"] = self.extra
        return out


    def as_json(self) -> dict[str, Any]:
        """Every field under its YAML name (dates as ISO text), for ``--json``."""
        out: dict[str, Any] = {}
        for spec in self.FIELDS:
            value = getattr(self, spec.name)
            if spec.kind == "records":
                value = [record.as_json() for record in value]
            elif spec.kind == "record":
                value = value.as_json()
            elif isinstance(value, (dt.date, dt.datetime)):
                value = value.isoformat()
            out[spec.name] = value
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out


def _trusted_converter(spec: FieldSpec) -> Callable[[Any], Any] | None:
    """How one cached value becomes a field value (None: use it as it is)."""
    if spec.kind == "datetime":
        return dt.datetime.fromisoformat
    if spec.kind == "date":
        return dt.date.fromisoformat
    record = spec.record
    if spec.kind == "records" and record is not None:
        return lambda items: [decode_trusted(record, item) for item in items]
    if spec.kind == "record" and record is not None:
        return lambda item: decode_trusted(record, item) if item else None
    return None


_PLANS: dict[type, list[tuple[str, Callable[[Any], Any] | None]]] = {}


def decode_trusted(cls: type[R], data: dict[str, Any]) -> R:
    """Rebuild a record from ``encode_for_cache`` output without re-validating.

    This runs for every cached record at start-up, so the per-field work is
    planned once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = [(spec.name, _trusted_converter(spec)) for spec in cls.FIELDS]
    values: dict[str, Any] = {}
    for name, convert in plan:
        value = data.get(name)
        if value is None:
            continue
        if convert is not None:
            value = convert(value)
            if value is None:
                continue
        values[name] = value
    extra = data.get("extra")
    return cls(**values, extra=dict(extra) if extra else {})  # type: ignore[call-arg]


def three_way(base: R, mine: R, theirs: R) -> tuple[R, list[str]]:
    """Merge field by field: a field ``mine`` changed from ``base`` takes my
    value, any other field keeps ``theirs`` (another program's later edit).
    Returns the merge and the fields both sides changed differently."""
    merged = theirs.copy()
    mine = mine.copy()  # merged must not share lists or nested records with it
    clashes = []
    for spec in type(base).FIELDS:
        name = spec.name
        before, after, other = (getattr(record, name) for record in (base, mine, theirs))
        if after == before:
            continue
        if other != before and other != after:
            clashes.append(name)
        setattr(merged, name, after)
    for key in set(base.extra) | set(mine.extra):
        if mine.extra.get(key) != base.extra.get(key):
            if key in mine.extra:
                merged.extra[key] = mine.extra[key]
            else:
                merged.extra.pop(key, None)
    return merged, clashes


def field_names(cls: type[Record]) -> list[str]:
    return [spec.name for spec in cls.FIELDS]


def check_fields_match(cls: type[Record]) -> None:
    """Guard used by tests: a record's dataclass fields and FIELDS agree."""
    declared = {
        f.name
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.compare and f.name != "extra"
    }
    specified = set(field_names(cls))
    if declared != specified:
        raise AssertionError(f"{cls.__name__}: {sorted(declared ^ specified)}")
