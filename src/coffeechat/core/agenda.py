"""What is next, as lines of text: upcoming chats, follow-ups due, asks waiting.

Home shows these; they are built from the campaign rules here, with names given
by the caller, so any front end gets the same lines and tests need no screen.
They read only a few fields of each interview: ``light`` keeps those, and the
index stores that light copy, so Home never rebuilds thousands of whole notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coffeechat.core import campaign, nudges
from coffeechat.core.models.interview import (
    OPEN_STATUSES,
    Debrief,
    Followup,
    Interview,
    Outreach,
    Promise,
    Referral,
)
from coffeechat.core.wording import plural


@dataclass(frozen=True)
class AgendaItem:
    """One line; it opens ``interview``, at its follow-ups if ``nudge`` is set
    (the key of the follow-up or promise, as on Follow-ups)."""

    text: str
    interview: str
    nudge: str | None = None


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


def light(interview: Interview) -> Interview:
    """The interview as Home's lists and numbers read it, and no more: the index
    keeps this copy for every interview, and Home rebuilds them all at start.

    Left out: the long texts; every outreach but the latest (what an ask waits
    since); closed follow-ups and promises, down to a stand-in keeping the open
    ones' places (a nudge's key is its place), or all of them when none is open;
    for a chat no longer open, what only an open chat shows (when, where, in
    what form); its length; and of what was learned, all but whether there is
    anything."""
    open_chat = interview.status in OPEN_STATUSES
    dated = [item for item in interview.outreach if item.date is not None]
    latest = max(dated, key=lambda item: item.date or dt.datetime.min) if dated else None
    outreach = [Outreach(date=latest.date if latest else None)] if interview.outreach else []
    followups = ([followup.copy() if not followup.done else Followup(done=True)
                  for followup in interview.followups]
                 if any(not followup.done for followup in interview.followups) else [])
    promises = ([promise.copy() if not promise.done else Promise(done=True)
                 for promise in interview.promises]
                if any(not promise.done for promise in interview.promises) else [])
    return Interview(
        person=interview.person, status=interview.status, created=interview.created,
        company=interview.company if open_chat else "",
        format=interview.format if open_chat else "",
        scheduled=interview.scheduled if open_chat else None,
        held=interview.held if open_chat else None,
        outreach=outreach, snoozed_until=interview.snoozed_until,
        promises=promises, followups=followups,
        referrals=[Referral(person=referral.person) for referral in interview.referrals],
        debrief=Debrief(learned=interview.debrief.learned.strip()[:1]),
    )


def agenda(
    interviews: Iterable[tuple[str, Interview]],
    people_count: int,
    name_of: Callable[[str], str],
    now: dt.datetime,
    *,
    limit: int,
    nudge_days: int = nudges.DEFAULT_NUDGE_DAYS,
) -> Agenda:
    """The lists as of ``now``; ``name_of`` turns a person slug into a name.
    A promise counts as due ``nudge_days`` after it was made, as on Follow-ups."""
    records = dict(interviews)
    items = list(records.items())
    return Agenda(
        _upcoming(items, name_of, now, limit),
        _due(items, records, name_of, now.date(), limit, nudge_days),
        _asks(items, name_of, now.date(), limit),
        campaign.numbers(people_count, records.values()),
    )


def _upcoming(
    items: list[tuple[str, Interview]], name_of: Callable[[str], str], now: dt.datetime,
    limit: int,
) -> Listing:
    # Scheduled with a date first, soonest first; then those still needing a date.
    scheduled = [(slug, record, f"{record.scheduled:%a %d %b %H:%M}")
                 for slug, record in campaign.upcoming(items, now)]
    scheduled += [(slug, record, "date not set")
                  for slug, record in campaign.unscheduled(items)]
    lines = [
        AgendaItem(f"{when} · {name_of(record.person)}"
                   + (f" ({record.company})" if record.company else "")
                   + (f" · {record.format}" if record.format else ""), slug)
        for slug, record, when in scheduled[:limit]
    ]
    return Listing(lines, len(scheduled))


def _due(
    items: list[tuple[str, Interview]], records: dict[str, Interview],
    name_of: Callable[[str], str], today: dt.date, limit: int, nudge_days: int,
) -> Listing:
    # The same items as Follow-ups, due by today; asks have a list of their own.
    due = [nudge for nudge in nudges.collect(items, nudge_days, today=today)
           if nudge.source != "ask" and nudge.due is not None and nudge.due <= today]
    lines = []
    for nudge in due[:limit]:
        assert nudge.due is not None
        late = (today - nudge.due).days
        when = f"{plural(late, 'day')} late" if late > 0 else "today"
        about = name_of(records[nudge.interview].person)
        to = name_of(nudge.to) if nudge.to else about
        if nudge.source == "promise":
            text = f"{when} · promise from {to}: {nudge.note}"
        else:
            text = (f"{when} · {nudge.kind} → {to}"
                    + (f" (after {about})" if to != about else ""))
        lines.append(AgendaItem(text, nudge.interview, nudge.key))
    return Listing(lines, len(due))


def _asks(
    items: list[tuple[str, Interview]], name_of: Callable[[str], str], today: dt.date,
    limit: int,
) -> Listing:
    waiting = campaign.waiting_asks(items)
    lines = []
    for ask in waiting[:limit]:
        days = ask.days_waiting(today)
        waited = plural(days, "day") if days is not None else "?"
        lines.append(AgendaItem(f"{waited} · {name_of(ask.record.person)}", ask.interview))
    return Listing(lines, len(waiting))


def agenda_data(lists: Agenda) -> list[object]:
    """``lists`` as plain JSON data, to be shown again by ``agenda_from``."""
    def listing(part: Listing) -> list[object]:
        return [[[item.text, item.interview, item.nudge] for item in part.items], part.total]

    numbers = lists.numbers
    return [listing(lists.upcoming), listing(lists.due), listing(lists.asks),
            [numbers.people, numbers.asked, numbers.held, numbers.names_gained,
             numbers.learned]]


def agenda_from(data: object) -> Agenda:
    """The lists ``agenda_data`` gave ``data`` for; ValueError when it is not that."""
    def text(value: object) -> str:
        if type(value) is not str:
            raise ValueError("not text")
        return value

    def count(value: object) -> int:
        if type(value) is not int:
            raise ValueError("not a count")
        return value

    def listing(part: object) -> Listing:
        if not (isinstance(part, list) and len(part) == 2 and isinstance(part[0], list)):
            raise ValueError("not a list")
        items = []
        for item in part[0]:
            if not (isinstance(item, list) and len(item) == 3):
                raise ValueError("not an item")
            line, interview, nudge = item
            items.append(AgendaItem(text(line), text(interview),
                                    None if nudge is None else text(nudge)))
        return Listing(items, count(part[1]))

    if not (isinstance(data, list) and len(data) == 4 and isinstance(data[3], list)
            and len(data[3]) == 5):
        raise ValueError("not a saved agenda")
    upcoming, due, asks, numbers = data
    return Agenda(listing(upcoming), listing(due), listing(asks),
                  campaign.CampaignNumbers(*(count(value) for value in numbers)))
