"""Question banks as a whole: the library in use and the rules a bank must follow.

The rules run on every bank read (see :mod:`coffeechat.storage.banks`), so a
new rule for hand-written banks goes in :func:`check_bank`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coffeechat.core.models.bank import QuestionBank
from coffeechat.core.models.decoder import Decoder
from coffeechat.core.models.goals import GOAL_TITLES
from coffeechat.core.models.problems import Problem, Severity

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass
class BankLibrary:
    """Every usable bank by id, what the user's banks override, and all problems."""

    banks: dict[str, QuestionBank] = field(default_factory=dict)
    overridden: dict[str, QuestionBank] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def goals(self) -> list[str]:
        """Every goal id any bank serves: the shipped goals in their usual order
        (closing last), then the user's own in first-seen order."""
        seen: dict[str, None] = {}
        for bank in self.banks.values():
            for goal in bank.goals:
                seen.setdefault(goal, None)
        known = [goal for goal in GOAL_TITLES if goal in seen]
        return known + [goal for goal in seen if goal not in GOAL_TITLES]

    def for_goal(self, goal: str) -> list[QuestionBank]:
        return [bank for bank in self.banks.values() if goal in bank.goals]


def check_bank(bank: QuestionBank, file_stem: str, decoder: Decoder) -> None:
    """Rules beyond field types: ids, duplicates, an empty bank."""
    if bank.id and not _ID.match(bank.id):
        decoder.report(("id",), f"{bank.id!r} should be lower-case letters, digits and dashes")
    if bank.id and bank.id != file_stem:
        decoder.report(
            ("id",),
            f"the id {bank.id!r} differs from the file name {file_stem!r}",
            severity=Severity.WARNING,
        )
    if not bank.questions:
        decoder.report(("questions",), "the bank has no questions")
    if not bank.goals:
        decoder.report(("goals",), "no goals listed, so no plan will propose these questions",
                       severity=Severity.WARNING)
    seen: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        where = ("questions", index, "id")
        if not question.id:
            continue
        if question.id in seen:
            decoder.report(where, f"duplicate question id {question.id!r} "
                           f"(first used by question {seen[question.id] + 1})")
        else:
            seen[question.id] = index
