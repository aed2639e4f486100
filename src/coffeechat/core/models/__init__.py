"""The domain model: plain records with no knowledge of files or the UI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coffeechat.lazy_names import lazy_names

if TYPE_CHECKING:
    from coffeechat.core.models.bank import BankQuestion, QuestionBank
    from coffeechat.core.models.company import Company
    from coffeechat.core.models.goals import goal_title
    from coffeechat.core.models.interview import (
        Debrief,
        Followup,
        Interview,
        InterviewQuestion,
        Outreach,
        Promise,
        Referral,
    )
    from coffeechat.core.models.person import Location, Person
    from coffeechat.core.models.problems import Problem, Severity

__all__ = [
    "BankQuestion",
    "Company",
    "Debrief",
    "Followup",
    "Interview",
    "InterviewQuestion",
    "Location",
    "Outreach",
    "Person",
    "Problem",
    "Promise",
    "QuestionBank",
    "Referral",
    "Severity",
    "goal_title",
]

# The module of each name, imported when the name is first asked for: code that
# needs one model, or only the problems, does not load every other.
_HOMES = {
    "BankQuestion": "bank",
    "Company": "company",
    "Debrief": "interview",
    "Followup": "interview",
    "Interview": "interview",
    "InterviewQuestion": "interview",
    "Location": "person",
    "Outreach": "interview",
    "Person": "person",
    "Problem": "problems",
    "Promise": "interview",
    "QuestionBank": "bank",
    "Referral": "interview",
    "Severity": "problems",
    "goal_title": "goals",
}


if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _HOMES)
