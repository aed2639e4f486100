"""What is next in a campaign, and what it has yielded so far (pure; no UI).

Home's lists are computed from one small summary per interview rather than from
whole records: ``summarize`` derives it once per write, the index keeps it, and
a start-up then never reads thousands of notes to count a campaign. (Some are
named tuples rather than dataclasses: they cost a tenth as much to define, and
every start defines them before its first paint.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from coffeechat.core.models.interview import FollowupKind, Format, Interview, Status
from coffeechat.core.nudges import ask_started

# Statuses that mean the person was asked at some point (an idea was not).
ASKED_STATUSES = frozenset({"asked", "scheduled", "done", "declined", "cancelled"})


@dataclass(frozen=True)
class OpenFollowup:
    """A follow-up not done yet; ``index`` is its place in the interview's list."""

    index: int
    kind: FollowupKind
    to: str
    due: dt.date | None
    snoozed_until: dt.date | None


class InterviewSummary(NamedTuple):
    """What the campaign's lists and numbers need of one interview."""

    slug: str
    person: str
    company: str
    status: Status
    format: Format | str
    scheduled: dt.datetime | None
    # When the wait for an answer began (the latest outreach, else creation).
    waiting_since: dt.date | None
    asked: bool
    held: bool
    names_gained: int
    learned: bool
    followups: tuple[OpenFollowup, ...]


def summarize(slug: str, interview: Interview) -> InterviewSummary:
    """The summary of one interview; the counting rules live here."""
    return InterviewSummary(
        slug=slug,
        person=interview.person,
        company=interview.company,
        status=interview.status,
        format=interview.format,
        scheduled=interview.scheduled,
        waiting_since=ask_started(interview),
        asked=interview.status in ASKED_STATUSES or bool(interview.outreach),
        held=interview.status == "done",
        names_gained=len(interview.referrals),
        learned=bool(interview.debrief.learned.strip()),
        followups=tuple(
            OpenFollowup(index, followup.kind, followup.to, followup.due,
                         followup.snoozed_until)
            for index, followup in enumerate(interview.followups) if not followup.done
        ),
    )


@dataclass(frozen=True)
class DueFollowup:
    """One follow-up that needs doing, with the interview it belongs to."""

    interview: str
    person: str
    followup: OpenFollowup
    days_late: int

    @property
    def index(self) -> int:
        return self.followup.index

    @property
    def overdue(self) -> bool:
        return self.days_late > 0


class WaitingAsk(NamedTuple):
    """An ask with no answer yet; ``since`` is the last outreach (or creation) date."""

    interview: str
    person: str
    since: dt.date | None

    def days_waiting(self, today: dt.date) -> int | None:
        return (today - self.since).days if self.since is not None else None


@dataclass(frozen=True)
class CampaignNumbers:
    """The campaign at a glance: asked → held → names gained, and things learned."""

    people: int
    asked: int
    held: int
    names_gained: int
    learned: int


def upcoming(interviews: Iterable[InterviewSummary], now: dt.datetime) -> list[InterviewSummary]:
    """Scheduled interviews from the start of today on, soonest first."""
    start = dt.datetime.combine(now.date(), dt.time())
    found = [
        interview for interview in interviews
        if interview.status == "scheduled"
        and interview.scheduled is not None
        and interview.scheduled >= start
    ]
    found.sort(key=lambda interview: (interview.scheduled, interview.slug))
    return found


def unscheduled(interviews: Iterable[InterviewSummary]) -> list[InterviewSummary]:
    """Interviews marked scheduled but with no date: they need one."""
    return sorted(
        (interview for interview in interviews
         if interview.status == "scheduled" and interview.scheduled is None),
        key=lambda interview: interview.slug,
    )


def due_followups(interviews: Iterable[InterviewSummary], today: dt.date) -> list[DueFollowup]:
    """Follow-ups not done, due today or earlier and not snoozed past today;
    the most overdue first."""
    found = []
    for interview in interviews:
        for followup in interview.followups:
            if followup.due is None or followup.due > today:
                continue
            if followup.snoozed_until is not None and followup.snoozed_until > today:
                continue
            found.append(DueFollowup(interview.slug, interview.person, followup,
                                     (today - followup.due).days))
    found.sort(key=lambda item: (-item.days_late, item.interview, item.index))
    return found


def waiting_asks(interviews: Iterable[InterviewSummary]) -> list[WaitingAsk]:
    """Interviews with status ``asked``, the longest waiting first."""
    found = [WaitingAsk(interview.slug, interview.person, interview.waiting_since)
             for interview in interviews if interview.status == "asked"]
    found.sort(key=lambda ask: (ask.since is None, ask.since or dt.date.min, ask.interview))
    return found


def numbers(people_count: int, interviews: Iterable[InterviewSummary]) -> CampaignNumbers:
    """Counts for the campaign summary; ``learned`` counts debriefs with text."""
    asked = held = names = learned = 0
    for interview in interviews:
        asked += interview.asked
        held += interview.held
        names += interview.names_gained
        learned += interview.learned
    return CampaignNumbers(people_count, asked, held, names, learned)
