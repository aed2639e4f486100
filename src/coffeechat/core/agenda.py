"""What is next, as lines of text: upcoming chats, follow-ups due, asks waiting.

Home shows these; they are built by the campaign rules from interview summaries,
with names given by the caller, so any front end gets the same lines and tests
need no screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coffeechat.core import campaign
from coffeechat.core.campaign import InterviewSummary


@dataclass(frozen=True)
class AgendaItem:
    """One line; it opens ``interview``, at its follow-up ``followup`` if set."""

    text: str
    interview: str
    followup: int | None = None


@dataclass(frozen=True)
class Listing:
    """The first items of a list (only those get a line) and how many there are."""

    items: list[AgendaItem]
    total: int


@dataclass(frozen=True)
class Agenda:
    """Everything Home shows."""

    upcoming: Listing
    due: Listing
    asks: Listing
    numbers: campaign.CampaignNumbers


def agenda(
    interviews: Iterable[InterviewSummary],
    people_count: int,
    name_of: Callable[[str], str],
    now: dt.datetime,
    *,
    limit: int,
) -> Agenda:
    """The lists as of ``now``; ``name_of`` turns a person slug into a name."""
    items = list(interviews)
    return Agenda(
        _upcoming(items, name_of, now, limit),
        _due(items, name_of, now.date(), limit),
        _asks(items, name_of, now.date(), limit),
        campaign.numbers(people_count, items),
    )


def _upcoming(
    items: list[InterviewSummary], name_of: Callable[[str], str], now: dt.datetime, limit: int,
) -> Listing:
    # Scheduled with a date first, soonest first; then those still needing a date.
    scheduled = [(item, f"{item.scheduled:%a %d %b %H:%M}")
                 for item in campaign.upcoming(items, now)]
    scheduled += [(item, "date not set") for item in campaign.unscheduled(items)]
    lines = [
        AgendaItem(f"{when} · {name_of(item.person)}"
                   + (f" ({item.company})" if item.company else "")
                   + (f" · {item.format}" if item.format else ""), item.slug)
        for item, when in scheduled[:limit]
    ]
    return Listing(lines, len(scheduled))


def _due(
    items: list[InterviewSummary], name_of: Callable[[str], str], today: dt.date, limit: int,
) -> Listing:
    due = campaign.due_followups(items, today)
    lines = []
    for item in due[:limit]:
        when = f"{item.days_late} day(s) late" if item.overdue else "today"
        about = name_of(item.person)
        to = name_of(item.followup.to) if item.followup.to else about
        lines.append(AgendaItem(f"{when} · {item.followup.kind} → {to}"
                                + (f" (after {about})" if to != about else ""),
                                item.interview, item.index))
    return Listing(lines, len(due))


def _asks(
    items: list[InterviewSummary], name_of: Callable[[str], str], today: dt.date, limit: int,
) -> Listing:
    waiting = campaign.waiting_asks(items)
    lines = []
    for ask in waiting[:limit]:
        days = ask.days_waiting(today)
        waited = f"{days} day(s)" if days is not None else "?"
        lines.append(AgendaItem(f"{waited} · {name_of(ask.person)}", ask.interview))
    return Listing(lines, len(waiting))
