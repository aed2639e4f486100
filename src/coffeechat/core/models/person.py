"""A contact: someone you know, or someone you want to meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record


@dataclass
class Person(Record):
    """One file in ``people/``; ``knows`` and ``introduced_by`` hold person slugs."""

    name: str = fields.text(required=True, always=True)
    company: str = fields.text()
    title: str = fields.text()
    how_we_met: str = fields.text()
    introduced_by: str = fields.text()
    knows: list[str] = fields.lines()
    tags: list[str] = fields.lines()
    contact: dict[str, str] = fields.mapping()
    learn: str = fields.text()
    links: list[str] = fields.lines()
    connected_on: dt.date | None = fields.date()
    notes: str = fields.text(long=True)
