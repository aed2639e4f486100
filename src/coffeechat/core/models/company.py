"""An organisation you are researching, and perhaps one you want to work for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record

Posting = Literal["yes", "no", "unknown"]
POSTINGS: tuple[Posting, ...] = get_args(Posting)
# How much you want to work there: 0 (curious) to 3 (dream employer).
MOTIVATION_LOW, MOTIVATION_HIGH = 0, 3


@dataclass
class Company(Record):
    """One file in ``companies/``: research notes on an organisation. A target
    employer has ``target`` set, with how much you want it (``motivation``)
    and whether it advertises a role you would fit (``posting``); who you know
    there is computed from the network, never typed."""

    name: str = fields.text(required=True, always=True)
    website: str = fields.text()
    industry: str = fields.text()
    tags: list[str] = fields.lines()
    links: list[str] = fields.lines()
    learn: str = fields.text()
    notes: str = fields.text(long=True)
    target: bool = fields.flag()
    motivation: int | None = fields.number(low=MOTIVATION_LOW, high=MOTIVATION_HIGH)
    posting: Posting | Literal[""] = fields.choice(POSTINGS)
    target_note: str = fields.text()
