"""An organisation you are researching."""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record


@dataclass
class Company(Record):
    """One file in ``companies/``: research notes on an organisation."""

    name: str = fields.text(required=True, always=True)
    website: str = fields.text()
    industry: str = fields.text()
    tags: list[str] = fields.lines()
    links: list[str] = fields.lines()
    learn: str = fields.text()
    notes: str = fields.text(long=True)
