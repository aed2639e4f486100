"""What needs doing next across every interview: follow-ups plus derived nudges.

A nudge is either a queued follow-up, a promise the other person has not kept
yet, or an ask that has gone unanswered for ``nudge_days`` (the count restarts
with every logged outreach; a reply stops it). At a target employer the ask
follows the 3-then-7 rhythm instead (``Rhythm``): after a few business days
with no answer, reach the next contact there; after a few more, nudge the
first. Everything here is pure: records in, records out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from coffeechat.core import clock
from coffeechat.core.lifecycle import log_outreach
from coffeechat.core.models.interview import OPEN_STATUSES, Interview
from coffeechat.core.people import name_key

DEFAULT_NUDGE_DAYS = 5
# The rhythm at a target employer, in business days without an answer: reach
# a second contact there after the first figure, nudge the first after the second.
DEFAULT_SECOND_CONTACT_DAYS = 3
DEFAULT_TARGET_NUDGE_DAYS = 7
DEFAULT_SNOOZE_DAYS = 3
# The snoozes offered on Follow-ups, in days.
SNOOZE_CHOICES = (1, 3, 7, 14)
REMINDER_TEXT = "Sent a friendly reminder"
# The nudges about an unanswered ask, shown only once due.
ASKS = frozenset({"ask", "next"})
# The chats at a target employer its rhythm reads: the asks there, open and
# past the idea (``Rhythm.seeing``), among them those awaiting an answer.
RHYTHM_STATUSES = tuple(status for status in OPEN_STATUSES if status != "idea")


@dataclass(frozen=True)
class Nudge:
    """One line of the follow-ups list; ``index`` points into the interview's list."""

    interview: str
    source: str  # "followup", "promise", "ask" or "next" (a second contact at a target)
    index: int
    kind: str
    to: str
    due: dt.date | None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.interview}:{self.source}:{self.index}"

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


def _later(first: dt.date | None, second: dt.date | None) -> dt.date | None:
    if first is None or second is None:
        return first or second
    return max(first, second)


def ask_started(interview: Interview) -> dt.date | None:
    """When the wait for an answer began: the latest outreach, else creation."""
    dates = [item.date.date() for item in interview.outreach if item.date is not None]
    return max(dates) if dates else interview.created


def awaiting_answer(interview: Interview) -> bool:
    """An ask with no answer yet: asked, and the latest outreach is not their reply."""
    if interview.status != "asked":
        return False
    dated = [item for item in interview.outreach if item.date is not None]
    latest = max(dated, key=lambda item: item.date or dt.datetime.min) if dated else None
    return latest is None or latest.kind != "reply"


@dataclass(frozen=True)
class Rhythm:
    """The 3-then-7 rhythm at target employers: ``contacts`` names, by the
    employer's name key, the people to reach there, best first (direct
    contacts, then where a warm path starts). ``seeing`` adds what the chats
    say: who has one already, and when open asks there began."""

    second_days: int = DEFAULT_SECOND_CONTACT_DAYS
    nudge_days: int = DEFAULT_TARGET_NUDGE_DAYS
    contacts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)
    talked: frozenset[str] = frozenset()
    asks: Mapping[str, tuple[dt.date, ...]] = field(default_factory=dict)

    def seeing(self, interviews: Iterable[tuple[str, Interview]]) -> Rhythm:
        """This rhythm knowing the chats: a person with one is not suggested,
        and an ask there begun since the first's ends the suggestion. Those
        in ``talked`` already (every chat's person, when ``interviews`` are
        only the chats that can show) stay."""
        talked: set[str] = set(self.talked)
        asks: dict[str, list[dt.date]] = {}
        for _, interview in interviews:
            talked.add(interview.person)
            key = name_key(interview.company)
            start = ask_started(interview)
            if key in self.contacts and start is not None and interview.status in RHYTHM_STATUSES:
                asks.setdefault(key, []).append(start)
        return replace(self, talked=frozenset(talked),
                       asks={key: tuple(days) for key, days in asks.items()})

    def next_contact(self, interview: Interview) -> str:
        """Who to reach next at the interview's employer ("" when nobody is left)."""
        for slug in self.contacts.get(name_key(interview.company), ()):
            if slug != interview.person and slug not in self.talked:
                return slug
        return ""


def _rhythm_nudges(slug: str, interview: Interview, rhythm: Rhythm) -> list[Nudge]:
    """An unanswered ask at a target: the next contact there after
    ``second_days`` business days (unless another ask there began since),
    and a nudge to the first after ``nudge_days``."""
    start = ask_started(interview)
    if start is None:
        return []
    key = name_key(interview.company)
    found = []
    if sum(day >= start for day in rhythm.asks.get(key, ())) <= 1:
        due = _later(clock.add_business_days(start, rhythm.second_days), interview.snoozed_until)
        found.append(Nudge(slug, "next", 0, "next", rhythm.next_contact(interview), due,
                           rhythm.names.get(key, interview.company)))
    due = _later(clock.add_business_days(start, rhythm.nudge_days), interview.snoozed_until)
    found.append(Nudge(slug, "ask", 0, "ask", interview.person, due,
                       "no answer yet to your ask"))
    return found


def nudges_for(
    slug: str, interview: Interview, nudge_days: int, rhythm: Rhythm | None = None
) -> list[Nudge]:
    """Every open item of one interview (whatever its due date); an ask at a
    target in ``rhythm`` (as ``Rhythm.seeing`` the chats) follows its rhythm."""
    found = []
    for index, followup in enumerate(interview.followups):
        if not followup.done:
            due = _later(followup.due, followup.snoozed_until)
            found.append(Nudge(slug, "followup", index, followup.kind, followup.to, due,
                               followup.note))
    for index, promise in enumerate(interview.promises):
        if not promise.done:
            start = promise.date or interview.created
            due = clock.add_days(start, nudge_days) if start else None
            due = _later(due, promise.snoozed_until)
            found.append(Nudge(slug, "promise", index, "promise", promise.who or interview.person,
                               due, promise.what))
    if not awaiting_answer(interview):
        return found
    if rhythm is not None and name_key(interview.company) in rhythm.contacts:
        found.extend(_rhythm_nudges(slug, interview, rhythm))
    else:
        start = ask_started(interview)
        due = clock.add_days(start, nudge_days) if start else None
        due = _later(due, interview.snoozed_until)
        found.append(Nudge(slug, "ask", 0, "ask", interview.person, due,
                           "no answer yet to your ask"))
    return found


def has_open_items(interview: Interview) -> bool:
    """Whether ``nudges_for`` lists anything of the interview, whatever the day
    and the settings (at a target, its rhythm may list less): the chats that
    ``collect`` needs to see, an index can keep this with each."""
    return bool(nudges_for("", interview, DEFAULT_NUDGE_DAYS))


def collect(
    interviews: Iterable[tuple[str, Interview]],
    nudge_days: int,
    *,
    today: dt.date | None = None,
    horizon_days: int | None = None,
    rhythm: Rhythm | None = None,
) -> list[Nudge]:
    """Open items across interviews, overdue first, then by due date.

    Asks and the next contacts to reach appear only once they are due (a fresh
    ask needs no chasing); ``horizon_days`` leaves out anything due later than that.
    """
    today = today or clock.today()
    items = list(interviews)
    seen = rhythm.seeing(items) if rhythm is not None else None
    found = []
    for slug, interview in items:
        for nudge in nudges_for(slug, interview, nudge_days, seen):
            if nudge.source in ASKS and (nudge.due is None or nudge.due > today):
                continue
            if horizon_days is not None and nudge.due is not None and (
                nudge.due > clock.add_days(today, horizon_days)
            ):
                continue
            found.append(nudge)
    far = dt.date.max
    found.sort(key=lambda nudge: (not nudge.overdue(today), nudge.due or far, nudge.key))
    return found


def mark_done(interview: Interview, nudge: Nudge) -> Interview:
    """Close a follow-up or promise; answering a stale ask logs a reminder sent.
    A next contact to reach is not done here: asking them is (or a snooze)."""
    if nudge.source == "next":
        raise ValueError("a next contact is reached by asking them")
    if nudge.source == "ask":
        channel = interview.outreach[-1].channel if interview.outreach else "message"
        changed = log_outreach(interview, channel, REMINDER_TEXT)
        changed.snoozed_until = None
        return changed
    changed = interview.copy()
    if nudge.source == "followup":
        changed.followups[nudge.index].done = True
    else:
        changed.promises[nudge.index].done = True
    return changed


def snooze(interview: Interview, nudge: Nudge, days: int = DEFAULT_SNOOZE_DAYS) -> Interview:
    """Push an item ``days`` past today."""
    until = clock.add_days(clock.today(), days)
    changed = interview.copy()
    if nudge.source == "followup":
        changed.followups[nudge.index].snoozed_until = until
    elif nudge.source == "promise":
        changed.promises[nudge.index].snoozed_until = until
    else:
        changed.snoozed_until = until
    return changed


def undo(current: Interview, before: Interview, nudge: Nudge) -> Interview:
    """``current`` with the one item ``nudge`` stands for put back as it was in
    ``before`` (the version read just before marking it done or snoozing it);
    anything else changed meanwhile is kept."""
    changed = current.copy()
    if nudge.source == "followup":
        if nudge.index < min(len(changed.followups), len(before.followups)):
            changed.followups[nudge.index] = before.followups[nudge.index].copy()
    elif nudge.source == "promise":
        if nudge.index < min(len(changed.promises), len(before.promises)):
            changed.promises[nudge.index] = before.promises[nudge.index].copy()
    elif nudge.source == "next":
        changed.snoozed_until = before.snoozed_until
    else:
        # Answering an ask logged one reminder after the outreach there was.
        logged = len(before.outreach)
        changed.outreach = [*changed.outreach[:logged], *changed.outreach[logged + 1:]]
        changed.status = before.status
        changed.snoozed_until = before.snoozed_until
    return changed


def describe(nudge: Nudge, name_of: Callable[[str], str]) -> str:
    """A one-line summary such as "Thank Ana Lima" or "Chase Sam: intro to Kai"."""
    who = name_of(nudge.to) if nudge.to else "someone"
    if nudge.source == "promise":
        return f"Promise from {who}: {nudge.note}"
    if nudge.source == "ask":
        return f"Chase {who}: no answer to your ask yet"
    if nudge.source == "next":
        if not nudge.to:
            return f"Reach someone else at {nudge.note}: nobody else known there yet"
        return f"Reach {who} at {nudge.note}: no answer from the first contact yet"
    verbs = {
        "thank-you": "Thank",
        "reach-out": "Reach out to",
        "update": "Send an update to",
        "introduce": "Chase the introduction from",
        "nudge": "Nudge",
    }
    text = f"{verbs.get(nudge.kind, 'Follow up with')} {who}"
    return f"{text} ({nudge.note})" if nudge.note else text
