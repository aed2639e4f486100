"""One informational interview, from the first ask to the last thank-you."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from coffeechat.core.models.schema import FieldSpec, Record

STATUSES = ("idea", "asked", "scheduled", "done", "declined", "cancelled")
OPEN_STATUSES = ("idea", "asked", "scheduled")
FORMATS = ("in-person", "video", "phone")
CHANNELS = ("message", "email", "call", "in-person", "other")
FOLLOWUP_KINDS = ("thank-you", "introduce", "reach-out", "update", "nudge", "other")


@dataclass
class Outreach(Record):
    """One contact made about this interview: an ask, a reply, a reminder."""

    date: dt.datetime | None = None
    channel: str = "message"
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("date", "datetime"),
        FieldSpec("channel", "enum", choices=CHANNELS),
        FieldSpec("text", "text"),
    )


@dataclass
class InterviewQuestion(Record):
    """A question on this interview's list; ``bank``/``id`` name its source."""

    text: str = ""
    bank: str = ""
    id: str = ""
    asked: bool = False
    skipped: bool = False
    answer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("text", "text", required=True),
        FieldSpec("bank", "text"),
        FieldSpec("id", "text"),
        FieldSpec("asked", "bool"),
        FieldSpec("skipped", "bool"),
        FieldSpec("answer", "text"),
    )
    ALWAYS = frozenset({"asked"})


@dataclass
class Referral(Record):
    """Another name gained at this interview."""

    person: str = ""
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("person", "text", required=True),
        FieldSpec("why", "text"),
    )


@dataclass
class Promise(Record):
    """Something the other person offered to do ("I'll introduce you to Sam")."""

    who: str = ""
    what: str = ""
    date: dt.date | None = None
    done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("who", "text"),
        FieldSpec("what", "text", required=True),
        FieldSpec("date", "date"),
        FieldSpec("done", "bool"),
    )


@dataclass
class Followup(Record):
    """Something to do after the interview: a thank-you, an introduction to chase."""

    kind: str = "other"
    to: str = ""
    due: dt.date | None = None
    done: bool = False
    snoozed_until: dt.date | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("kind", "enum", choices=FOLLOWUP_KINDS),
        FieldSpec("to", "text"),
        FieldSpec("due", "date"),
        FieldSpec("done", "bool"),
        FieldSpec("snoozed_until", "date"),
        FieldSpec("note", "text"),
    )
    ALWAYS = frozenset({"done"})


@dataclass
class Debrief(Record):
    """What the conversation yielded, written just after it."""

    learned: str = ""
    surprises: str = ""
    next_steps: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("learned", "text"),
        FieldSpec("surprises", "text"),
        FieldSpec("next_steps", "text"),
    )


@dataclass
class Interview(Record):
    """One file in ``interviews/``, named ``<YYYY-MM-DD>-<person slug>``."""

    person: str = ""
    company: str = ""
    status: str = "idea"
    goals: list[str] = field(default_factory=list)
    intent: str = ""
    format: str = ""
    scheduled: dt.datetime | None = None
    duration: int | None = None
    created: dt.date | None = None
    outreach: list[Outreach] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    questions: list[InterviewQuestion] = field(default_factory=list)
    notes: str = ""
    referrals: list[Referral] = field(default_factory=list)
    followups: list[Followup] = field(default_factory=list)
    debrief: Debrief = field(default_factory=Debrief)
    extra: dict[str, Any] = field(default_factory=dict)

    FIELDS = (
        FieldSpec("person", "text", required=True),
        FieldSpec("company", "text"),
        FieldSpec("status", "enum", choices=STATUSES),
        FieldSpec("goals", "lines"),
        FieldSpec("intent", "text"),
        FieldSpec("format", "enum", choices=FORMATS),
        FieldSpec("scheduled", "datetime"),
        FieldSpec("duration", "int"),
        FieldSpec("created", "date"),
        FieldSpec("outreach", "records", record=Outreach),
        FieldSpec("promises", "records", record=Promise),
        FieldSpec("questions", "records", record=InterviewQuestion),
        FieldSpec("notes", "text"),
        FieldSpec("referrals", "records", record=Referral),
        FieldSpec("followups", "records", record=Followup),
        FieldSpec("debrief", "record", record=Debrief),
    )
    ALWAYS = frozenset({"person", "status"})
