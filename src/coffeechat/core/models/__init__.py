"""The domain model: plain records with no knowledge of files or the UI."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
