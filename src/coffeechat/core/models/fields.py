"""Declaring a record's stored fields: one helper call per field.

    @dataclass
    class Referral(Record):
        person: str = fields.text(required=True)
        why: str = fields.text()

Each helper returns a dataclass field that carries the field's ``FieldSpec``.
It is typed as the field's value, so the annotation and the file format sit on
one line and cannot drift apart. ``required`` makes an empty value an error;
``always`` writes the field even when empty, so a hand-editor sees it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Literal, TypeVar, overload

from coffeechat.core.models.codecs import (
    LONG_TEXT_LIMIT,
    SHORT_TEXT_LIMIT,
    Choice,
    Date,
    DateTime,
    Flag,
    Lines,
    Nested,
    NestedList,
    Number,
    Text,
    TextMapping,
)
from coffeechat.core.models.schema import SPEC_KEY, FieldSpec, Record

T = TypeVar("T")
C = TypeVar("C", bound=str)
R = TypeVar("R", bound=Record)


def _stored(spec: FieldSpec, default: T) -> T:
    return dataclasses.field(default=default, metadata={SPEC_KEY: spec})


def _stored_new(spec: FieldSpec, factory: Callable[[], T]) -> T:
    return dataclasses.field(default_factory=factory, metadata={SPEC_KEY: spec})


def text(
    default: str = "", *, required: bool = False, always: bool = False, long: bool = False
) -> str:
    """Free text, kept exactly as typed; ``long`` for notes and paragraphs, which
    may run to a million characters instead of ten thousand."""
    codec = Text(LONG_TEXT_LIMIT if long else SHORT_TEXT_LIMIT)
    return _stored(FieldSpec(codec, required=required, always=always), default)


def lines() -> list[str]:
    """A list of text (tags, slugs, links); a single text is a list of one."""
    return _stored_new(FieldSpec(Lines()), list)


def mapping(*, long: bool = False) -> dict[str, str]:
    """Names to text, such as contact details; ``long`` for paragraphs."""
    return _stored_new(FieldSpec(TextMapping(LONG_TEXT_LIMIT if long else SHORT_TEXT_LIMIT)),
                       dict)


@overload
def choice(options: tuple[C, ...], default: C, *, always: bool = False) -> C: ...


@overload
def choice(options: tuple[C, ...], *, always: bool = False) -> C | Literal[""]: ...


def choice(
    options: tuple[C, ...], default: C | Literal[""] = "", *, always: bool = False
) -> C | Literal[""]:
    """One of ``options``; without a default the field starts unset (``""``)."""
    return _stored(FieldSpec(Choice(options), always=always), default)


def date(*, formerly: str | None = None) -> dt.date | None:
    """A calendar day (in the years ``codecs.FIRST_YEAR`` to ``codecs.LAST_YEAR``);
    ``formerly`` is a name older files still use for it."""
    return _stored(FieldSpec(Date(), formerly=formerly), None)


def datetime() -> dt.datetime | None:
    """A local date and time, in the years a date may have."""
    return _stored(FieldSpec(DateTime()), None)


def flag(*, always: bool = False) -> bool:
    """Yes or no, false until set."""
    return _stored(FieldSpec(Flag(), always=always), False)


@overload
def number(*, low: int, high: int, always: bool = False) -> int | None: ...


@overload
def number(default: int, *, low: int, high: int, always: bool = False) -> int: ...


def number(
    default: int | None = None, *, low: int, high: int, always: bool = False
) -> int | None:
    """A whole number from ``low`` to ``high``, unset unless a default is given.
    Every number is bounded, so no value a file holds can overflow a computation."""
    return _stored(FieldSpec(Number(low, high), always=always), default)


def record(cls: type[R]) -> R:
    """A record inside this one; left out of the file while empty."""
    return _stored_new(FieldSpec(Nested(cls)), cls)


def records(cls: type[R]) -> list[R]:
    """A list of records inside this one."""
    return _stored_new(FieldSpec(NestedList(cls)), list)
