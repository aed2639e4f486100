"""One informational interview, from the first ask to the last thank-you."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

from coffeechat.core.models import fields
from coffeechat.core.models.schema import Record

Status = Literal["idea", "asked", "scheduled", "done", "declined", "cancelled"]
Format = Literal["in-person", "video", "phone"]
Channel = Literal["message", "email", "call", "in-person", "other"]
FollowupKind = Literal["thank-you", "introduce", "reach-out", "update", "nudge", "other"]
# An outreach is an ask (you asked for a chat), their reply, or, unset, any other touch.
OutreachKind = Literal["ask", "reply"]

STATUSES: tuple[Status, ...] = get_args(Status)
OPEN_STATUSES: tuple[Status, ...] = ("idea", "asked", "scheduled")
FORMATS: tuple[Format, ...] = get_args(Format)
CHANNELS: tuple[Channel, ...] = get_args(Channel)
FOLLOWUP_KINDS: tuple[FollowupKind, ...] = get_args(FollowupKind)
OUTREACH_KINDS: tuple[OutreachKind, ...] = get_args(OutreachKind)

# A meeting lasts at most a day, in minutes.
MAX_DURATION_MINUTES = 24 * 60

# Older files keep a snooze date under this name, in the x- space meant for the user.
_OLD_SNOOZE_NAME = "x-snoozed-until"


@dataclass
class Outreach(Record):
    """One contact made about this interview: an ask, a reply, a reminder."""

    date: dt.datetime | None = fields.datetime()
    channel: Channel = fields.choice(CHANNELS, "message")
    kind: OutreachKind | Literal[""] = fields.choice(OUTREACH_KINDS)
    text: str = fields.text(long=True)

    def identity(self) -> tuple[object, ...]:
        """When it was made (one made the same minute on the same channel is
        the same contact); the words, for one with no date."""
        return (self.date, self.channel) if self.date else (self.text,)


@dataclass
class InterviewQuestion(Record):
    """A question on this interview's list; ``bank``/``id`` name its source."""

    text: str = fields.text(required=True)
    bank: str = fields.text()
    id: str = fields.text()
    asked: bool = fields.flag(always=True)
    skipped: bool = fields.flag()
    answer: str = fields.text(long=True)

    def identity(self) -> tuple[object, ...]:
        """Its bank and id; the words, for a question typed in."""
        return (self.bank, self.id) if self.id else (self.text,)


@dataclass
class Referral(Record):
    """Another name gained at this interview."""

    person: str = fields.text(required=True)
    why: str = fields.text(long=True)
    # The interviewee is happy to be named to them ("may I say you suggested I
    # get in touch?"): only then does the first message mention them.
    may_mention: bool = fields.flag()

    def identity(self) -> tuple[object, ...]:
        return (self.person,)


@dataclass
class Promise(Record):
    """Something the other person offered to do ("I'll introduce you to Sam")."""

    who: str = fields.text()
    what: str = fields.text(required=True)
    date: dt.date | None = fields.date()
    done: bool = fields.flag()
    snoozed_until: dt.date | None = fields.date(formerly=_OLD_SNOOZE_NAME)

    def identity(self) -> tuple[object, ...]:
        return (self.who, self.what)


@dataclass
class Followup(Record):
    """Something to do after the interview: a thank-you, an introduction to chase."""

    kind: FollowupKind = fields.choice(FOLLOWUP_KINDS, "other")
    to: str = fields.text()
    due: dt.date | None = fields.date()
    done: bool = fields.flag(always=True)
    snoozed_until: dt.date | None = fields.date()
    note: str = fields.text(long=True)

    def identity(self) -> tuple[object, ...]:
        """What it is, to whom and by when: a snooze or a note edits it, a
        second thank-you to the same person on another day is another one."""
        return (self.kind, self.to, self.due)


@dataclass
class Debrief(Record):
    """What the conversation yielded, written just after it."""

    learned: str = fields.text(long=True)
    surprises: str = fields.text(long=True)
    next_steps: str = fields.text(long=True)


@dataclass
class Interview(Record):
    """One file in ``interviews/``, named ``<YYYY-MM-DD>-<person slug>``.

    ``scheduled`` and ``duration`` are the plan; ``held`` (when the meeting
    began) and ``held_minutes`` are what happened; ``prep_notes`` were typed
    before the meeting began, ``notes`` during it. ``snoozed_until`` holds back
    the nudge about an ask with no answer yet."""

    person: str = fields.text(required=True, always=True)
    company: str = fields.text()
    status: Status = fields.choice(STATUSES, "idea", always=True)
    goals: list[str] = fields.lines()
    intent: str = fields.text()
    format: Format | Literal[""] = fields.choice(FORMATS)
    scheduled: dt.datetime | None = fields.datetime()
    duration: int | None = fields.number(low=1, high=MAX_DURATION_MINUTES)
    held: dt.datetime | None = fields.datetime()
    held_minutes: int | None = fields.number(low=1, high=MAX_DURATION_MINUTES)
    created: dt.date | None = fields.date()
    outreach: list[Outreach] = fields.records(Outreach)
    snoozed_until: dt.date | None = fields.date(formerly=_OLD_SNOOZE_NAME)
    promises: list[Promise] = fields.records(Promise)
    questions: list[InterviewQuestion] = fields.records(InterviewQuestion)
    prep_notes: str = fields.text(long=True)
    notes: str = fields.text(long=True)
    referrals: list[Referral] = fields.records(Referral)
    followups: list[Followup] = fields.records(Followup)
    debrief: Debrief = fields.record(Debrief)
