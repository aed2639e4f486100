"""What is next, as lines of text: upcoming chats, follow-ups due, asks waiting.

Home shows these; they are built from the campaign rules here, with names given
by the caller, so any front end gets the same lines and tests need no screen.
They are made in two steps: ``basis`` gathers from the interviews every line
that could show, with its dates; ``on_day`` picks and words those of one day.
Both read only a few fields of each interview: ``light`` keeps those. The
index stores, per interview, the lines it can give (``lines``: each with what
it is ordered and chosen by, whatever the day and the settings) and what it
adds to the numbers, so each of Home's lists is a query of its first lines and
a count of the rest, never a walk of every chat.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

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
    """The interview as Home's lists and numbers read it, and no more (who it is
    with, its status and its referrals are also all the network's links need):
    the index keeps this copy for every interview, and Home rebuilds them all
    at start.

    Left out: the long texts; every outreach but the latest (what an ask waits
    since, and whether it was their reply); closed follow-ups and promises,
    down to a stand-in keeping the open ones' places (a nudge's key is its
    place), or all of them when none is open; for a chat no longer open, what
    only an open chat shows (when, where, in what form); its length; and of
    what was learned, all but whether there is anything."""
    open_chat = interview.status in OPEN_STATUSES
    dated = [item for item in interview.outreach if item.date is not None]
    latest = max(dated, key=lambda item: item.date or dt.datetime.min) if dated else None
    outreach = ([Outreach(date=latest.date if latest else None,
                          kind=latest.kind if latest else "")]
                if interview.outreach else [])
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


class Upcoming(NamedTuple):
    """A chat that may come up: with a date, or marked scheduled without one."""

    interview: str
    scheduled: dt.datetime | None
    person: str
    company: str
    format: str


class Due(NamedTuple):
    """An open follow-up or promise with a date it is due by."""

    interview: str
    key: str
    due: dt.date
    source: str
    kind: str
    to: str
    person: str
    note: str


class Ask(NamedTuple):
    """An ask with no answer yet, waiting since ``since``."""

    interview: str
    since: dt.date | None
    person: str


@dataclass(frozen=True)
class Basis:
    """Home's lists before the day is known: every line that could show, in
    the order it would show, with its dates. What shows on a given day follows
    from this alone (``on_day``), so it can be kept and shown on another day."""

    upcoming: tuple[Upcoming, ...]
    due: tuple[Due, ...]
    asks: tuple[Ask, ...]
    # With no people counted: their number is read when the lists are shown.
    numbers: campaign.CampaignNumbers


class Line(NamedTuple):
    """A line one interview can give one of Home's lists, whatever the day and
    the settings (the index keeps one row per line). ``at`` is what the list
    is ordered by, as ISO text: a chat's time (None: no date yet, after the
    dated ones), the day an ask waits since (None: last), the day a follow-up
    falls due. A promise falls due ``nudge_days`` after ``made``, or on ``at``
    (its snooze) if later: the index works that day out for the setting.
    ``tie`` orders lines of the same ``at``; ``item`` is the line's content."""

    kind: str  # "upcoming", "due" or "asks"
    at: str | None
    made: str | None
    tie: str
    item: Upcoming | Due | Ask


def lines(slug: str, interview: Interview) -> list[Line]:
    """Every line ``interview`` can give Home, as ``basis`` finds them (the
    rhythm at target employers aside: it needs the other chats there)."""
    chat = [(slug, interview)]
    found = [Line("upcoming", record.scheduled.isoformat() if record.scheduled else None,
                  None, slug, Upcoming(slug, record.scheduled, record.person, record.company,
                                       record.format))
             for slug, record in [*campaign.dated(chat), *campaign.unscheduled(chat)]]
    for nudge in nudges.nudges_for(slug, interview, 0):
        if nudge.source == "followup" and nudge.due is not None:
            found.append(Line("due", nudge.due.isoformat(), None, nudge.key,
                              _due(nudge, interview)))
        elif nudge.source == "promise":
            promise = interview.promises[nudge.index]
            made = promise.date or interview.created
            snoozed = promise.snoozed_until
            if made is not None or snoozed is not None:
                found.append(Line("due", snoozed.isoformat() if snoozed else None,
                                  made.isoformat() if made else None, nudge.key,
                                  _due(nudge, interview)))
    found += [Line("asks", ask.since.isoformat() if ask.since else None, None, slug,
                   Ask(slug, ask.since, interview.person))
              for ask in campaign.waiting_asks(chat)]
    return found


def _due(nudge: nudges.Nudge, interview: Interview) -> Due:
    return Due(nudge.interview, nudge.key, nudge.due or dt.date.min, nudge.source, nudge.kind,
               nudge.to, interview.person, nudge.note)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text is not None else None


def encode_item(item: Upcoming | Due | Ask) -> str:
    """``item`` as the index keeps it (JSON, dates as ISO text)."""
    return json.dumps([value.isoformat() if isinstance(value, dt.date) else value
                       for value in item], ensure_ascii=False)


def decode_item(kind: str, text: str, due: str | None = None) -> Upcoming | Due | Ask | None:
    """An item of list ``kind`` from ``encode_item``'s text (a due item falling
    due on ``due``, as the index worked it out); None for text not such an item."""
    try:
        values = json.loads(text)
        if kind == "upcoming":
            slug, at, person, company, form = values
            return Upcoming(slug, dt.datetime.fromisoformat(at) if at else None, person,
                            company, form)
        if kind == "due" and due is not None:
            slug, key, _, source, what, to, person, note = values
            return Due(slug, key, dt.date.fromisoformat(due), source, what, to, person, note)
        if kind == "asks":
            slug, since, person = values
            return Ask(slug, _day(since), person)
    except (ValueError, TypeError):
        pass
    return None


def listed(upcoming: tuple[Sequence[Upcoming], int], due: tuple[Sequence[Due], int],
           asks: tuple[Sequence[Ask], int], numbers: campaign.CampaignNumbers,
           name_of: Callable[[str], str], now: dt.datetime) -> Agenda:
    """The lists as of ``now`` from the lines to show of each (already of the
    day, in order) and how many lines each has; ``name_of`` names the people
    of the lines shown."""
    today = now.date()
    return Agenda(
        Listing([_upcoming_line(item, name_of) for item in upcoming[0]], upcoming[1]),
        Listing([_due_line(item, name_of, today) for item in due[0]], due[1]),
        Listing([_ask_line(item, name_of, today) for item in asks[0]], asks[1]),
        numbers,
    )


def named_in(upcoming: Iterable[Upcoming], due: Iterable[Due], asks: Iterable[Ask]) -> set[str]:
    """The people the lines of these items name."""
    return {*(item.person for item in upcoming),
            *(slug for item in due for slug in (item.person, item.to) if slug),
            *(item.person for item in asks)}


def upcoming_order(item: Upcoming) -> tuple[bool, dt.datetime, str]:
    """Where a chat comes in the upcoming list: dated ones soonest first, then
    those without a date."""
    return item.scheduled is None, item.scheduled or dt.datetime.min, item.interview


def due_order(item: Due) -> tuple[dt.date, str]:
    return item.due, item.key


def ask_order(item: Ask) -> tuple[bool, dt.date, str]:
    return item.since is None, item.since or dt.date.min, item.interview


def basis(interviews: Iterable[tuple[str, Interview]],
          nudge_days: int = nudges.DEFAULT_NUDGE_DAYS,
          rhythm: nudges.Rhythm | None = None) -> Basis:
    """What the lists depend on in ``interviews``. A promise counts as due
    ``nudge_days`` after it was made, as on Follow-ups; with ``rhythm``, the
    next contact to reach at a target employer is due as there."""
    records = dict(interviews)
    items = list(records.items())
    seen = rhythm.seeing(items) if rhythm is not None else None
    # Dated chats soonest first (those before the day are left out then), and
    # those still needing a date after them.
    upcoming = tuple(Upcoming(slug, record.scheduled, record.person, record.company,
                              record.format)
                     for slug, record in [*campaign.dated(items), *campaign.unscheduled(items)])
    # The same items as Follow-ups; asks have a list of their own. Those due
    # by a day, overdue first, are in the order of their dates.
    due = sorted((Due(nudge.interview, nudge.key, nudge.due, nudge.source, nudge.kind,
                      nudge.to, record.person, nudge.note)
                  for slug, record in items
                  for nudge in nudges.nudges_for(slug, record, nudge_days, seen)
                  if nudge.source != "ask" and nudge.due is not None),
                 key=lambda item: (item.due, item.key))
    return Basis(
        upcoming,
        tuple(due),
        tuple(Ask(ask.interview, ask.since, ask.record.person)
              for ask in campaign.waiting_asks(items)),
        campaign.numbers(0, records.values()),
    )


def day_of(basis: Basis, now: dt.datetime) -> tuple[list[Upcoming], list[Due]]:
    """The chats coming up from the start of ``now``'s day, and what is due by it."""
    today = now.date()
    start = dt.datetime.combine(today, dt.time())
    return ([item for item in basis.upcoming
             if item.scheduled is None or item.scheduled >= start],
            [item for item in basis.due if item.due <= today])


def people_named(basis: Basis, now: dt.datetime, *, limit: int) -> set[str]:
    """The people whose names the lines ``on_day`` shows hold."""
    upcoming, due = day_of(basis, now)
    return {*(item.person for item in upcoming[:limit]),
            *(slug for item in due[:limit] for slug in (item.person, item.to) if slug),
            *(item.person for item in basis.asks[:limit])}


def on_day(basis: Basis, people_count: int, name_of: Callable[[str], str],
           now: dt.datetime, *, limit: int) -> Agenda:
    """The lists as of ``now``; ``name_of`` turns a person slug into a name
    (asked only for the lines shown)."""
    today = now.date()
    upcoming, due = day_of(basis, now)
    return Agenda(
        Listing([_upcoming_line(item, name_of) for item in upcoming[:limit]], len(upcoming)),
        Listing([_due_line(item, name_of, today) for item in due[:limit]], len(due)),
        Listing([_ask_line(item, name_of, today) for item in basis.asks[:limit]],
                len(basis.asks)),
        replace(basis.numbers, people=people_count),
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
    """The lists as of ``now`` (see ``basis`` and ``on_day``)."""
    return on_day(basis(interviews, nudge_days), people_count, name_of, now, limit=limit)


def _upcoming_line(item: Upcoming, name_of: Callable[[str], str]) -> AgendaItem:
    when = f"{item.scheduled:%a %d %b %H:%M}" if item.scheduled else "date not set"
    return AgendaItem(f"{when} · {name_of(item.person)}"
                      + (f" ({item.company})" if item.company else "")
                      + (f" · {item.format}" if item.format else ""), item.interview)


def _due_line(item: Due, name_of: Callable[[str], str], today: dt.date) -> AgendaItem:
    late = (today - item.due).days
    when = f"{plural(late, 'day')} late" if late > 0 else "today"
    about = name_of(item.person)
    to = name_of(item.to) if item.to else about
    if item.source == "promise":
        text = f"{when} · promise from {to}: {item.note}"
    elif item.source == "next":
        who = name_of(item.to) if item.to else "someone else (nobody known yet)"
        text = f"{when} · next at {item.note} → {who} (no answer from {about})"
    else:
        text = f"{when} · {item.kind} → {to}" + (f" (after {about})" if to != about else "")
    return AgendaItem(text, item.interview, item.key)


def _ask_line(item: Ask, name_of: Callable[[str], str], today: dt.date) -> AgendaItem:
    waited = plural((today - item.since).days, "day") if item.since is not None else "?"
    return AgendaItem(f"{waited} · {name_of(item.person)}", item.interview)
