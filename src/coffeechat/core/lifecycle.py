"""An interview's life from the first ask to the last thank-you (pure, no UI).

Every operation takes a record and returns a changed copy, so a screen can
apply it to its working copy and hand the result to the store in one save.
Dates come from ``coffeechat.core.clock`` so tests can freeze them.
"""

from __future__ import annotations

import datetime as dt

from coffeechat.core import clock
from coffeechat.core.models.codecs import one_of
from coffeechat.core.models.interview import (
    CHANNELS,
    Debrief,
    Followup,
    FollowupKind,
    Interview,
    Outreach,
    Promise,
    Referral,
)
from coffeechat.core.models.person import Person

UPDATE_AFTER_DAYS = 7


class LifecycleError(ValueError):
    """An operation that makes no sense for this record; the text is for the user."""


def log_outreach(
    interview: Interview,
    channel: str,
    text: str,
    *,
    when: dt.datetime | None = None,
) -> Interview:
    """Record one contact about this interview; an ``idea`` becomes ``asked``."""
    known = one_of(CHANNELS, channel)
    if known is None:
        raise LifecycleError(f"{channel!r} is not a channel; use one of {', '.join(CHANNELS)}")
    changed = interview.copy()
    changed.outreach.append(Outreach(date=when or clock.now(), channel=known, text=text))
    if changed.status == "idea":
        changed.status = "asked"
    return changed


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


def add_referral(interview: Interview, person_slug: str, why: str = "") -> Interview:
    """Record the referral and queue "reach out to them" for tomorrow."""
    changed = interview.copy()
    changed.referrals.append(Referral(person=person_slug, why=why))
    changed.followups.append(
        Followup(kind="reach-out", to=person_slug, due=clock.today() + dt.timedelta(days=1))
    )
    return changed


def end_interview(
    interview: Interview, debrief: Debrief, interviewee: Person | None
) -> Interview:
    """Mark the interview held, keep the debrief, and queue every follow-up due.

    A thank-you to the interviewee is due the next day; whoever introduced them
    gets a thank-you too and, a week later, word of how it went. Each referral
    without a reach-out yet gets one.
    """
    changed = interview.copy()
    changed.status = "done"
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
