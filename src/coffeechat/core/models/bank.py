"""Question banks: reusable questions grouped by the goals they serve."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coffeechat.core.models.schema import FieldSpec, Record

STAGES = ("opening", "core", "closing")
ANOTHER_NAME_TAG = "another-name"

# Titles for the goals the shipped banks serve; a goal id a user invents is
# shown through ``goal_title`` instead.
GOAL_TITLES = {
    "explore-role": "Learn about a role I might try",
    "understand-team": "Learn how a department or team works",
    "applying-for-role": "Learn about a role I am applying for",
    "break-into-industry": "Break into an industry / change careers",
    "path-and-advice": "Hear their path and advice",
    "closing": "Thank them and get another name (always included)",
}


def goal_title(goal_id: str) -> str:
    """A readable title for any goal id."""
    return GOAL_TITLES.get(goal_id) or goal_id.replace("-", " ").replace("_", " ").capitalize()


@dataclass
class BankQuestion(Record):
    """One question in a bank, with probes to follow it up."""

    id: str = ""
    text: str = ""
    stage: str = "core"
    tags: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("id", "text", required=True),
        FieldSpec("text", "text", required=True),
        FieldSpec("stage", "enum", choices=STAGES),
        FieldSpec("tags", "lines"),
        FieldSpec("follow_ups", "lines"),
    )
    ALWAYS = frozenset({"stage"})


@dataclass
class QuestionBank(Record):
    """One bank file; ``source`` says where it was loaded from (not stored)."""

    id: str = ""
    title: str = ""
    description: str = ""
    goals: list[str] = field(default_factory=list)
    questions: list[BankQuestion] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    path: Path | None = field(default=None, compare=False)
    shipped: bool = field(default=False, compare=False)

    FIELDS = (
        FieldSpec("id", "text", required=True),
        FieldSpec("title", "text"),
        FieldSpec("description", "text"),
        FieldSpec("goals", "lines"),
        FieldSpec("questions", "records", record=BankQuestion),
    )

    @property
    def display_title(self) -> str:
        return self.title or self.id
