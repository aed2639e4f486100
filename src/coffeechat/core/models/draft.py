"""A draft: the text typed in a dialog before it was saved where it belongs."""

from __future__ import annotations

from dataclasses import dataclass

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record


@dataclass
class Draft(Record):
    """What one dialog holds: its title, and the text of each field changed in it,
    by the field's name."""

    dialog: str = fields.text(always=True)
    values: dict[str, str] = fields.mapping(long=True)
