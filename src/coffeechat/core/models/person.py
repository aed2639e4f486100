"""A contact: someone you know, or someone you want to meet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record


@dataclass
class Location(Record):
    """Where someone lives: worth knowing, as the method prefers meeting in person."""

    locality: str = fields.text()
    region: str = fields.text()
    country: str = fields.text()

    def line(self) -> str:
        """``"Lyon, Auvergne-Rhône-Alpes, France"``, or whichever parts are known."""
        return ", ".join(part for part in (self.locality, self.region, self.country) if part)


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
    location: Location = fields.record(Location)
    learn: str = fields.text()
    links: list[str] = fields.lines()
    connected_on: dt.date | None = fields.date()
    notes: str = fields.text(long=True)
