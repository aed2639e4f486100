"""An interview's life from the first ask to the last thank-you (pure, no UI).

Every operation takes a record and returns a changed copy, so a screen can
apply it to its working copy and hand the result to the store in one save.
Dates come from ``coffeechat.core.clock`` so tests can freeze them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from coffeechat.core import clock
from coffeechat.core.models.codecs import one_of
from coffeechat.core.models.interview import (
    CHANNELS,
    OPEN_STATUSES,
    Debrief,
    Followup,
    FollowupKind,
    Interview,
    Outreach,
    OutreachKind,
    Promise,
    Referral,
)
from coffeechat.core.models.person import Person
from coffeechat.core.when import DATETIME_EXAMPLE, read_datetime, read_minutes

UPDATE_AFTER_DAYS = 7
# An unfinished meeting begun longer ago than this is not offered for resuming.
RESUME_WITHIN = dt.timedelta(hours=12)


class LifecycleError(ValueError):
    """An operation that makes no sense for this record; the text is for the user."""


def log_outreach(
    interview: Interview,
    channel: str,
    text: str,
    *,
    when: dt.datetime | None = None,
    kind: OutreachKind | Literal[""] = "",
) -> Interview:
    """Record one contact about this interview (``kind``: an ask, their reply,
    or any other touch); an ``idea`` becomes ``asked``. A date still to come
    is refused: the log says what happened."""
    known = one_of(CHANNELS, channel)
    if known is None:
        raise LifecycleError(f"{channel!r} is not a channel; use one of {', '.join(CHANNELS)}")
    if when is not None and when.date() > clock.today():
        raise LifecycleError(f"{when:%Y-%m-%d} is in the future; log what has happened")
    changed = interview.copy()
    changed.outreach.append(Outreach(date=when or clock.now(), channel=known, kind=kind,
                                     text=text))
    if changed.status == "idea":
        changed.status = "asked"
    return changed


def schedule(interview: Interview, when: dt.datetime | None) -> Interview:
    """Set (or clear) the meeting's date, and let the status follow: a date makes
    an idea or an ask scheduled; taking the date away from a scheduled chat
    makes it asked again (an idea if no ask was logged). A chat that is over
    (done, declined, cancelled) keeps its status, and the user can still set
    any status by hand afterwards."""
    changed = interview.copy()
    if changed.scheduled == when:
        return changed
    changed.scheduled = when
    if when is not None and changed.status in ("idea", "asked"):
        changed.status = "scheduled"
    elif when is None and changed.status == "scheduled":
        changed.status = "asked" if changed.outreach else "idea"
    return changed


def start_meeting(interview: Interview, at: dt.datetime | None = None) -> Interview:
    """Note when the meeting began: the clock counts from here, also after a
    crash. A meeting already begun, or one that is over, is left as it is."""
    changed = interview.copy()
    if changed.held is None and changed.status in OPEN_STATUSES:
        changed.held = at or clock.now()
    return changed


def in_progress(interview: Interview) -> bool:
    """Begun (``held`` is set) and not yet ended."""
    return interview.held is not None and interview.status in OPEN_STATUSES


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """A meeting's length in whole minutes, at least one."""
    return max(1, round((end - start).total_seconds() / 60))


def to_resume(
    interviews: Iterable[tuple[str, Interview]], now: dt.datetime
) -> list[tuple[str, Interview]]:
    """Meetings begun in the last hours and never ended (the app was closed or
    crashed mid-meeting), the latest first."""
    found = [
        (slug, interview) for slug, interview in interviews
        if in_progress(interview) and interview.held is not None
        and now - RESUME_WITHIN <= interview.held <= now + dt.timedelta(minutes=1)
    ]
    found.sort(key=lambda item: (item[1].held or now, item[0]), reverse=True)
    return found


def latest_open_chat(chats: Iterable[tuple[str, Interview]]) -> str | None:
    """Of one person's chats, the open one (idea, asked, scheduled) to carry on
    with: the soonest scheduled, else the newest."""
    open_chats = [(slug, chat) for slug, chat in chats if chat.status in OPEN_STATUSES]
    if not open_chats:
        return None
    dated = sorted((chat.scheduled, slug) for slug, chat in open_chats
                   if chat.scheduled is not None)
    if dated:
        return dated[0][1]
    return max(slug for slug, _ in open_chats)


def add_promise(interview: Interview, who: str, what: str) -> Interview:
    """Remember something the other person offered to do, dated today."""
    if not what.strip():
        raise LifecycleError("say what was promised")
    changed = interview.copy()
    changed.promises.append(Promise(who=who, what=what, date=clock.today()))
    return changed


def referral_person(
    name: str,
    interviewee: str,
    *,
    interviewee_name: str = "",
    company: str = "",
    title: str = "",
    why: str = "",
) -> Person:
    """The contact record for a name gained at an interview with ``interviewee``:
    who suggested them goes in ``how_we_met``, why to talk to them in the notes
    (the interview's referral keeps the same reason)."""
    if not name.strip():
        raise LifecycleError("a new contact needs a name")
    suggested_by = interviewee_name or interviewee
    return Person(
        name=name,
        company=company,
        title=title,
        introduced_by=interviewee,
        how_we_met=f"Suggested by {suggested_by} in our chat on {clock.today().isoformat()}",
        notes=why,
    )


def add_referral(interview: Interview, person_slug: str, why: str = "", *,
                 may_mention: bool = False) -> Interview:
    """Record the referral and queue "reach out to them" for tomorrow; a name
    given twice in one chat is recorded once. ``may_mention``: the interviewee
    is happy to be named to them."""
    changed = interview.copy()
    if not any(referral.person == person_slug for referral in changed.referrals):
        changed.referrals.append(Referral(person=person_slug, why=why, may_mention=may_mention))
    if not any(followup.kind == "reach-out" and followup.to == person_slug
               for followup in changed.followups):
        changed.followups.append(
            Followup(kind="reach-out", to=person_slug, due=clock.today() + dt.timedelta(days=1))
        )
    return changed


def read_ending(held: str, minutes: str) -> tuple[dt.datetime, int | None]:
    """When a meeting was held and its length, as typed (an empty length is
    unknown); ValueError says what is wrong."""
    when = read_datetime(held, "Held")
    if when is None:
        raise ValueError(f"Held: a date and time like {DATETIME_EXAMPLE}")
    return when, read_minutes(minutes)


def end_interview(
    interview: Interview,
    debrief: Debrief,
    interviewee: Person | None,
    *,
    held: dt.datetime | None = None,
    minutes: int | None = None,
) -> Interview:
    """Mark the interview done, record when it was held and for how long, keep
    the debrief, and queue every follow-up due.

    ``held`` and ``minutes`` are what the user confirmed; by default the meeting
    began when it was started (else now) and lasted until now if it was started.
    A thank-you to the interviewee is due the next day; whoever introduced them
    gets a thank-you too and, a week later, word of how it went. Each referral
    without a reach-out yet gets one.
    """
    if minutes is not None and minutes < 1:
        raise LifecycleError("a meeting lasts at least a minute")
    now = clock.now()
    changed = interview.copy()
    changed.status = "done"
    changed.held = held or interview.held or now
    if minutes is None and interview.held is not None and held is None:
        minutes = minutes_between(interview.held, now)
    changed.held_minutes = minutes
    changed.debrief = debrief.copy()
    tomorrow = clock.today() + dt.timedelta(days=1)
    queued = {(followup.kind, followup.to) for followup in changed.followups}

    def queue(kind: FollowupKind, to: str, due: dt.date, note: str = "") -> None:
        if to and (kind, to) not in queued:
            queued.add((kind, to))
            changed.followups.append(Followup(kind=kind, to=to, due=due, note=note))

    queue("thank-you", changed.person, tomorrow)
    introducer = interviewee.introduced_by if interviewee is not None else ""
    if introducer and introducer != changed.person:
        queue("thank-you", introducer, tomorrow, note="for the introduction")
        queue("update", introducer, clock.today() + dt.timedelta(days=UPDATE_AFTER_DAYS),
              note="tell them how it went")
    for referral in changed.referrals:
        queue("reach-out", referral.person, tomorrow)
    return changed


def picking_order(chats: Iterable[tuple[str, Interview]]) -> list[tuple[str, Interview]]:
    """Chats as a list to pick one from: meetings in progress first, then the
    other open chats (soonest first, undated last), then the rest, newest first
    (by slug, which starts with the day)."""
    far = dt.datetime.max
    items = list(chats)
    opened = sorted((item for item in items if item[1].status in OPEN_STATUSES),
                    key=lambda item: (not in_progress(item[1]), item[1].scheduled or far,
                                      item[0]))
    closed = sorted((item for item in items if item[1].status not in OPEN_STATUSES),
                    key=lambda item: item[0], reverse=True)
    return opened + closed
