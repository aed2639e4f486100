"""Question banks: reusable questions grouped by the goals they serve."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record

Stage = Literal["opening", "core", "closing"]
STAGES: tuple[Stage, ...] = get_args(Stage)
ANOTHER_NAME_TAG = "another-name"

@dataclass
class BankQuestion(Record):
    """One question in a bank, with probes to follow it up."""

    id: str = fields.text(required=True)
    text: str = fields.text(required=True)
    stage: Stage = fields.choice(STAGES, "core", always=True)
    tags: list[str] = fields.lines()
    follow_ups: list[str] = fields.lines()


@dataclass
class QuestionBank(Record):
    """One bank file; ``path`` and ``shipped`` say where it came from (not stored)."""

    id: str = fields.text(required=True)
    title: str = fields.text()
    description: str = fields.text(long=True)
    goals: list[str] = fields.lines()
    questions: list[BankQuestion] = fields.records(BankQuestion)
    path: Path | None = field(default=None, compare=False)
    shipped: bool = field(default=False, compare=False)

    @property
    def display_title(self) -> str:
        return self.title or self.id
