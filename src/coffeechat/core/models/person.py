"""A contact: someone you know, or someone you want to meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from coffeechat.core.models.schema import FieldSpec, Record


@dataclass
class Person(Record):
    """One file in ``people/``; ``knows`` and ``introduced_by`` hold person slugs."""

    name: str = ""
    company: str = ""
    title: str = ""
    how_we_met: str = ""
    introduced_by: str = ""
    knows: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    learn: str = ""
    links: list[str] = field(default_factory=list)
    connected_on: dt.date | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("name", "text", required=True),
        FieldSpec("company", "text"),
        FieldSpec("title", "text"),
        FieldSpec("how_we_met", "text"),
        FieldSpec("introduced_by", "text"),
        FieldSpec("knows", "lines"),
        FieldSpec("tags", "lines"),
        FieldSpec("contact", "mapping"),
        FieldSpec("learn", "text"),
        FieldSpec("links", "lines"),
        FieldSpec("connected_on", "date"),
        FieldSpec("notes", "text"),
    )
    ALWAYS = frozenset({"name"})
