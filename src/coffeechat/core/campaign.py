"""What is next in a campaign, and what it has yielded so far (pure; no UI).

Home shows these lists; they are computed from the interview records alone so
they can be tested without a workspace or a screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from coffeechat.core.models import Interview
from coffeechat.core.models.interview import OPEN_STATUSES
from coffeechat.core.nudges import ask_started, awaiting_answer

Item = tuple[str, Interview]

# Statuses that mean the person was asked at some point (an idea was not).
ASKED_STATUSES = frozenset({"asked", "scheduled", "done", "declined", "cancelled"})


@dataclass(frozen=True)
class WaitingAsk:
    """An ask with no answer yet; ``since`` is the last outreach (or creation) date."""

    interview: str
    record: Interview
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


def dated(interviews: Iterable[Item]) -> list[Item]:
    """Chats still open with a date, soonest first (an older file may hold a
    date with its status left at idea or asked): those from the start of a day
    on are the ones coming up that day."""
    found = [
        (slug, interview)
        for slug, interview in interviews
        if interview.status in OPEN_STATUSES and interview.scheduled is not None
    ]
    found.sort(key=lambda item: (item[1].scheduled, item[0]))
    return found


def unscheduled(interviews: Iterable[Item]) -> list[Item]:
    """Interviews marked scheduled but with no date: they need one."""
    return sorted(
        (slug, interview)
        for slug, interview in interviews
        if interview.status == "scheduled" and interview.scheduled is None
    )


def waiting_asks(interviews: Iterable[Item]) -> list[WaitingAsk]:
    """Asks with no answer yet (``nudges.awaiting_answer``), the longest waiting first."""
    found = []
    for slug, interview in interviews:
        if not awaiting_answer(interview):
            continue
        found.append(WaitingAsk(slug, interview, ask_started(interview)))
    found.sort(key=lambda ask: (ask.since is None, ask.since or dt.date.min, ask.interview))
    return found


def numbers(people_count: int, interviews: Iterable[Interview]) -> CampaignNumbers:
    """Counts for the campaign summary; ``learned`` counts debriefs with text."""
    asked = held = names = learned = 0
    for interview in interviews:
        if interview.status in ASKED_STATUSES or interview.outreach:
            asked += 1
        if interview.status == "done":
            held += 1
        names += len(interview.referrals)
        if interview.debrief.learned.strip():
            learned += 1
    return CampaignNumbers(people_count, asked, held, names, learned)
