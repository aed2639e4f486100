"""The domain model: plain records with no knowledge of files or the UI."""

from coffeechat.models.bank import BankQuestion, QuestionBank, goal_title
from coffeechat.models.company import Company
from coffeechat.models.interview import (
    Debrief,
    Followup,
    Interview,
    InterviewQuestion,
    Outreach,
    Promise,
    Referral,
)
from coffeechat.models.person import Person
from coffeechat.models.problems import Problem, Severity

__all__ = [
    "BankQuestion",
    "Company",
    "Debrief",
    "Followup",
    "Interview",
    "InterviewQuestion",
    "Outreach",
    "Person",
    "Problem",
    "Promise",
    "QuestionBank",
    "Referral",
    "Severity",
    "goal_title",
]
