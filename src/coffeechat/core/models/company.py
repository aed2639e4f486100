"""An organisation you are researching."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coffeechat.core.models.schema import FieldSpec, Record


@dataclass
class Company(Record):
    """One file in ``companies/``: research notes on an organisation."""

    name: str = ""
    website: str = ""
    industry: str = ""
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    learn: str = ""
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("name", "text", required=True),
        FieldSpec("website", "text"),
        FieldSpec("industry", "text"),
        FieldSpec("tags", "lines"),
        FieldSpec("links", "lines"),
        FieldSpec("learn", "text"),
        FieldSpec("notes", "text"),
    )
    ALWAYS = frozenset({"name"})
