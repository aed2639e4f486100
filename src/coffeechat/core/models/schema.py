"""Records: dataclasses whose stored fields each carry how they are read and written.

A record's fields are declared once, with the helpers in
``coffeechat.core.models.fields``; each attaches a ``FieldSpec`` to its dataclass
field. Decoding (from the text-only data the YAML reader returns), validation
with positions, and encoding (in a fixed, diff-friendly order) all follow from
those specs. Unknown fields are kept and written back untouched, so a user's
own additions are never lost.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from coffeechat.core.models.decoder import Decoder, Where, describe
from coffeechat.core.models.problems import Severity
from coffeechat.core.text import nearest

if TYPE_CHECKING:
    from coffeechat.core.models.codecs import Codec

SCHEMA_VERSION = 1
EXTENSION_PREFIXES = ("x-", "x_")
# The key under which a dataclass field's metadata holds its FieldSpec.
SPEC_KEY = "coffeechat.spec"

R = TypeVar("R", bound="Record")


@dataclass(frozen=True)
class FieldSpec:
    """How one stored field is read, checked and written."""

    codec: Codec[Any]
    required: bool = False
    # Written even when empty, so a hand-editor sees the field.
    always: bool = False
    # A name the field had before: still read, written under the new name.
    formerly: str | None = None
    # Taken from the dataclass field the spec is attached to.
    name: str = ""


class _Layout(NamedTuple):
    fields: tuple[FieldSpec, ...]
    by_name: dict[str, FieldSpec]
    by_former_name: dict[str, FieldSpec]
    # Per field, the type its cached form may simply have, and how it is
    # checked and rebuilt otherwise.
    cache_plan: tuple[tuple[str, type | None, Callable[[Any], object]], ...]
    # Per field, the value a record gets when it is not given (NO_DEFAULT if none).
    defaults: tuple[object, ...]
    required: tuple[str, ...]
    # The keys a cached form may have.
    cached_keys: frozenset[str]


# A field no value can leave out of the cached form.
NO_DEFAULT = object()


def _default(item: dataclasses.Field[Any]) -> object:
    if item.default is not dataclasses.MISSING:
        return item.default
    if item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    return NO_DEFAULT


_LAYOUTS: dict[type[Record], _Layout] = {}


def _layout(cls: type[Record]) -> _Layout:
    layout = _LAYOUTS.get(cls)
    if layout is None:
        layout = _LAYOUTS[cls] = _read_layout(cls)
    return layout


def _read_layout(cls: type[Record]) -> _Layout:
    specs = []
    defaults = []
    for item in dataclasses.fields(cls):
        spec: FieldSpec | None = item.metadata.get(SPEC_KEY)
        if spec is not None:
            specs.append(dataclasses.replace(spec, name=item.name))
            defaults.append(_default(item))
        elif item.compare and item.name != "extra":
            # Equality would then depend on something the file does not hold.
            raise TypeError(f"{cls.__name__}.{item.name} is compared but never stored; "
                            "declare it with a helper from coffeechat.core.models.fields")
    return _Layout(
        tuple(specs),
        {spec.name: spec for spec in specs},
        {spec.formerly: spec for spec in specs if spec.formerly},
        tuple((spec.name, spec.codec.cached_type, spec.codec.from_cache) for spec in specs),
        tuple(defaults),
        tuple(spec.name for spec in specs if spec.required),
        frozenset({*(spec.name for spec in specs), "extra"}),
    )


def stored_fields(cls: type[Record]) -> tuple[FieldSpec, ...]:
    """The fields a record's file holds, in the order they are written."""
    return _layout(cls).fields


@dataclass
class Record:
    """Base of every record; subclasses are dataclasses declared with ``fields``."""

    # Fields this version does not know, written back exactly as they were read.
    extra: dict[str, object] = field(default_factory=dict, kw_only=True)

    @classmethod
    def decode(cls: type[R], data: object, where: Where, decoder: Decoder) -> R | None:
        """Build a record from raw data, reporting every problem to ``decoder``."""
        if not isinstance(data, dict):
            decoder.report(where, f"expected a mapping of fields, got {describe(data)}")
            return None
        layout = _layout(cls)
        values: dict[str, Any] = {}  # each field's own type, for the constructor
        extra: dict[str, object] = {}
        for key, raw in data.items():
            spec = layout.by_name.get(key)
            if spec is not None:
                value = spec.codec.decode(raw, (*where, key), decoder) if raw is not None else None
                if value is not None:
                    values[key] = value
                continue
            renamed = layout.by_former_name.get(key)
            if renamed is not None:
                if raw is None or renamed.name in data:
                    continue  # empty, or superseded by the field's current name
                value = _read_renamed(renamed, raw, (*where, key), decoder)
                if value is not None:
                    values[renamed.name] = value
                    continue
            if key == "schema" and not where:
                continue
            extra[key] = raw
            if not key.startswith(EXTENSION_PREFIXES):
                decoder.report(
                    (*where, key),
                    "unknown field, kept as it is (prefix your own fields with x-)",
                    suggestion=nearest(key, layout.by_name),
                    severity=Severity.WARNING,
                )
        for spec in layout.fields:
            if spec.required and not values.get(spec.name):
                decoder.report(where, f"the field {spec.name!r} is required")
        return cls(**values, extra=extra)

    def encode(self) -> dict[str, object]:
        """Plain data in field order; empty optional fields are left out."""
        out: dict[str, object] = {}
        for spec in _layout(type(self)).fields:
            value = getattr(self, spec.name)
            if (value is None or spec.codec.is_empty(value)) and not spec.always:
                continue
            out[spec.name] = None if value is None else spec.codec.encode(value)
        out.update(self.extra)
        return out

    def out_of_bounds(self) -> list[tuple[Where, str]]:
        """Values set in memory that a file could not hold: a date outside the
        years a date may have, a number outside its range. Writing such a record
        would make a file that fails to load, so the store refuses it."""
        found: list[tuple[Where, str]] = []
        for spec in _layout(type(self)).fields:
            value = getattr(self, spec.name)
            if value is not None:
                found.extend(((spec.name, *where), problem)
                             for where, problem in spec.codec.out_of_bounds(value))
        return found

    def identity(self) -> tuple[object, ...]:
        """What makes this record the same item in two versions of a list (a
        question's id), for merges; every item alike, by default, so a list of
        a kind without one merges by position."""
        return ()

    def copy(self: R) -> R:
        """A deep copy, so an edit form never mutates the loaded record."""
        return decode_trusted(type(self), self.encode_for_cache())

    def encode_for_cache(self) -> dict[str, object]:
        """JSON-safe data: dates as ISO text, and every field that differs from
        its default (``decode_trusted`` gives the rest their defaults back), so
        the index holds, and reads back, no more than it must."""
        out: dict[str, object] = {}
        layout = _layout(type(self))
        for spec, default, (_, cached_type, _) in zip(layout.fields, layout.defaults,
                                                      layout.cache_plan, strict=True):
            value = getattr(self, spec.name)
            if value is not None and value != default:
                # A value of its field's cached type is its own cached form
                # (every record is encoded so at a first start).
                out[spec.name] = (value if type(value) is cached_type
                                  else spec.codec.to_cache(value))
        if self.extra:
            out["extra"] = self.extra
        return out

    def as_json(self) -> dict[str, object]:
        """Every field under its YAML name (dates as ISO text), for ``--json``."""
        out: dict[str, object] = {}
        layout = _layout(type(self))
        for spec, (_, cached_type, _) in zip(layout.fields, layout.cache_plan, strict=True):
            value = getattr(self, spec.name)
            # A value of its field's cached type is written as it is (thousands
            # of records are listed at once).
            out[spec.name] = (value if value is None or type(value) is cached_type
                              else spec.codec.to_json(value))
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out


# How ``--json`` writes a record's ``as_json`` (on one line, by the C encoder). The
# index keeps every record's text encoded so, which a listing then splices.
encode_json = json.JSONEncoder(ensure_ascii=False, default=str).encode


def keyed_json(key: str) -> Callable[[str, str], str]:
    """A function giving ``encode_json({key: value, **data})`` from ``value`` and
    the ``encode_json`` of a mapping ``data`` that does not hold ``key``, without
    decoding it."""
    head = f"{{{encode_json(key)}: "

    def splice(value: str, text: str) -> str:
        start = f"{head}{encode_json(value)}"
        return f"{start}}}" if text == "{}" else f"{start}, {text[1:]}"

    return splice


def _read_renamed(spec: FieldSpec, raw: object, where: Where, decoder: Decoder) -> object:
    """A value under a field's former name, or None when it cannot be read (it then
    stays an unknown field, as it was before the rename, rather than an error)."""
    trial = Decoder(decoder.path, decoder.marks)
    value = spec.codec.decode(raw, where, trial)
    return None if trial.problems else value


def decode_trusted(cls: type[R], data: Mapping[str, Any]) -> R:
    """Rebuild a record from ``encode_for_cache`` output, checking only types.

    Raises TypeError or ValueError when ``data`` is not what ``encode_for_cache``
    writes (a damaged index row), so such data is refused rather than shown."""
    values: dict[str, Any] = {}
    for name, kind, rebuild in _layout(cls).cache_plan:
        value = data.get(name)
        if value is not None:
            values[name] = value if type(value) is kind else rebuild(value)
    extra = data.get("extra")
    if extra is not None and type(extra) is not dict:
        raise TypeError("extra fields are not a mapping")
    return cls(**values, extra=dict(extra) if extra else {})


def check_cached(cls: type[Record], data: object) -> Mapping[str, Any]:
    """``data`` if it can be what ``encode_for_cache`` wrote for a whole record
    of ``cls`` (its fields alone, the required ones given); ValueError if not:
    a row damaged, or written for another kind, must not pass for a record."""
    if type(data) is not dict:
        raise ValueError("not a mapping of fields")
    layout = _layout(cls)
    if not layout.cached_keys.issuperset(data):
        raise ValueError(f"fields that a {cls.__name__.lower()} does not have")
    for name in layout.required:
        if not data.get(name):
            raise ValueError(f"the field {name!r} is missing")
    return data


class _JsonPlan(NamedTuple):
    # Every field's JSON when it is not given, in field order.
    absent: dict[str, object]
    # Those of them that are lists or mappings (each record gets its own).
    mutable: tuple[str, ...]
    # Per field: its plain cached type, how it is rebuilt, how written as JSON.
    fields: dict[str, tuple[type | None, Callable[[Any], object], Callable[[Any], object]]]


_JSON_PLANS: dict[type[Record], _JsonPlan] = {}


def _json_plan(cls: type[Record]) -> _JsonPlan:
    plan = _JSON_PLANS.get(cls)
    if plan is None:
        layout = _layout(cls)
        absent = {}
        for (name, kind, _), spec, default in zip(
                layout.cache_plan, layout.fields, layout.defaults, strict=True):
            if default is not NO_DEFAULT:
                absent[name] = (default if default is None or type(default) is kind
                                else spec.codec.to_json(default))
        plan = _JSON_PLANS[cls] = _JsonPlan(
            absent,
            tuple(name for name, value in absent.items() if isinstance(value, list | dict)),
            {name: (kind, rebuild, spec.codec.to_json)
             for (name, kind, rebuild), spec in zip(layout.cache_plan, layout.fields,
                                                    strict=True)})
    return plan


def json_from_cache(cls: type[Record], data: Mapping[str, Any]) -> dict[str, object]:
    """What ``decode_trusted(cls, data).as_json()`` gives, without building the
    record (listing ten thousand for ``--json``): only the fields given are
    looked at, a value of its field's plain type written as it is, the rest
    rebuilt first. Raises on data ``check_cached`` lets through and
    ``encode_for_cache`` never writes, as ``decode_trusted`` does."""
    plan = _json_plan(cls)
    out = plan.absent.copy()
    for name in plan.mutable:
        if name not in data:
            value = out[name]
            out[name] = value.copy() if isinstance(value, list | dict) else value
    extra = None
    for name, value in data.items():
        if name == "extra":
            extra = value
            continue
        kind, rebuild, to_json = plan.fields[name]
        if type(value) is not kind:
            value = rebuild(value)
            if value is not None and type(value) is not kind:
                value = to_json(value)
        out[name] = value
    if len(out) < len(plan.fields):
        raise TypeError("a field with no default is missing")
    if extra is not None:
        if type(extra) is not dict:
            raise TypeError("extra fields are not a mapping")
        for key, value in extra.items():
            out.setdefault(key, value)
    return out


def three_way(base: R, mine: R, theirs: R) -> tuple[R, list[str]]:
    """Merge field by field: a field ``mine`` changed from ``base`` takes my
    value, any other field keeps ``theirs`` (another program's later edit).
    A field both changed differently merges inside when its kind allows (long
    text line by line, lists item by item, by identity); where it cannot, my
    value wins. Returns the merge and the fields both sides changed so."""
    merged = theirs.copy()
    mine = mine.copy()  # merged must not share lists or nested records with it
    clashes = []
    for spec in stored_fields(type(base)):
        name = spec.name
        before, after, other = (getattr(record, name) for record in (base, mine, theirs))
        if after == before:
            continue
        if other != before and other != after:
            if None in (before, after, other):
                clean = False
            else:
                after, clean = spec.codec.merge(before, after, other)
            if not clean:
                clashes.append(name)
        setattr(merged, name, after)
    for key in base.extra.keys() | mine.extra.keys():
        before, after, other = (record.extra.get(key) for record in (base, mine, theirs))
        if after == before:
            continue
        if other not in (before, after):
            clashes.append(key)
        if key in mine.extra:
            merged.extra[key] = after
        else:
            merged.extra.pop(key, None)
    return merged, clashes


def common_record(mine: R, theirs: R) -> R:
    """What two versions of a record share, field by field (the rest left
    empty): the base of a two-way merge, when no version both came from is
    known. Everything one side has and the other lacks then counts as added,
    so a two-way merge drops nothing."""
    shared = type(mine)()
    for spec in stored_fields(type(mine)):
        a, b = getattr(mine, spec.name), getattr(theirs, spec.name)
        value = a if a == b else (None if None in (a, b) else spec.codec.common(a, b))
        if value is not None:
            setattr(shared, spec.name, value)
    shared.extra = {key: value for key, value in mine.extra.items()
                    if key in theirs.extra and theirs.extra[key] == value}
    return shared.copy()


def two_way(mine: R, theirs: R) -> tuple[R, list[str]]:
    """``three_way`` from what the two versions share (see ``common_record``)."""
    return three_way(common_record(mine, theirs), mine, theirs)
