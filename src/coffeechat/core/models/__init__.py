"""The domain model: plain records with no knowledge of files or the UI."""

from coffeechat.core.models.bank import BankQuestion, QuestionBank, goal_title
from coffeechat.core.models.company import Company
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
