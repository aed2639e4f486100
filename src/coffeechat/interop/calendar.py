"""An iCalendar (.ics) file of scheduled interviews and follow-ups, built with ``icalendar``.

UIDs are derived from the interview id (and, for a follow-up, its kind, whom it
is for and which repeat of that pair it is), so importing a newer export into
a calendar app updates the entries instead of duplicating them. Cancelled or
declined meetings and finished follow-ups are kept with a cancelled/completed
status for the same reason: the calendar learns that they changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from icalendar import Alarm, Calendar, Event, Todo

from coffeechat.core import clock
from coffeechat.core.models import Interview
from coffeechat.core.models.interview import Followup
from coffeechat.core.when import shown_minutes, shown_time
from coffeechat.storage import Workspace

DEFAULT_MINUTES = 30
REMINDER_MINUTES = 30
# A fixed namespace: the same interview gives the same UID on every machine.
_NAMESPACE = uuid.UUID("5f0c7f64-3c1e-4c0b-9a57-0c0ffee0c4a7")
_DOMAIN = "coffeechat"
_EVENT_STATUS = {"cancelled": "CANCELLED", "declined": "CANCELLED",
                 "scheduled": "CONFIRMED", "done": "CONFIRMED"}
_KIND_TITLES = {"thank-you": "Thank", "introduce": "Chase the introduction from",
                "reach-out": "Reach out to", "update": "Send an update to",
                "nudge": "Nudge", "other": "Follow up with"}


def event_uid(interview_id: str) -> str:
    return f"{uuid.uuid5(_NAMESPACE, 'interview/' + interview_id)}@{_DOMAIN}"


def followup_uid(interview_id: str, followup: Followup, repeat: int) -> str:
    key = f"followup/{interview_id}/{followup.kind}/{followup.to}/{repeat}"
    return f"{uuid.uuid5(_NAMESPACE, key)}@{_DOMAIN}"


def build_calendar(
    workspace: Workspace, interviews: list[tuple[str, Interview]] | None = None
) -> tuple[bytes, int, int]:
    """The .ics bytes, the number of events and the number of to-dos. ``interviews``
    is a snapshot taken beforehand when this runs off the thread that owns the workspace."""
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat//informational interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "coffeechat")
    stamp = clock.now().astimezone(dt.timezone.utc)
    events = todos = 0
    chosen = list(workspace.interviews.items()) if interviews is None else interviews
    # Everyone named, looked up together (thousands of chats name thousands).
    name = workspace.person_namer(
        slug for _, interview in chosen
        for slug in (interview.person, *(followup.to for followup in interview.followups))
        if slug)
    for slug, interview in sorted(chosen, key=lambda item: item[0]):
        who = name(interview.person) if interview.person else "someone"
        if shown_time(interview) is not None:
            calendar.add_component(_event(slug, interview, who, stamp))
            events += 1
        seen: dict[tuple[str, str], int] = {}
        for followup in interview.followups:
            pair = (followup.kind, followup.to)
            seen[pair] = seen.get(pair, 0) + 1
            calendar.add_component(
                _todo(slug, interview, who, followup, seen[pair], stamp, name)
            )
            todos += 1
    return calendar.to_ical(), events, todos


def _event(slug: str, interview: Interview, who: str, stamp: dt.datetime) -> Event:
    # A done chat is where and how long it was held: no phantom event at the plan.
    start = shown_time(interview)
    assert start is not None
    event = Event()
    event.add("uid", event_uid(slug))
    event.add("dtstamp", stamp)
    # Scheduled times are local wall-clock times, so they are written "floating".
    event.add("dtstart", start)
    event.add("dtend", clock.add_minutes(start, shown_minutes(interview) or DEFAULT_MINUTES))
    title = f"Coffee chat with {who}"
    if interview.company:
        title += f" ({interview.company})"
    event.add("summary", title)
    event.add("status", _EVENT_STATUS.get(interview.status, "TENTATIVE"))
    details = [line for line in (
        interview.intent,
        f"Format: {interview.format}" if interview.format else "",
        f"coffeechat interview: {slug}",
    ) if line]
    event.add("description", "\n".join(details))
    if interview.format == "in-person":
        event.add("location", interview.company or "in person")
    if interview.status not in ("cancelled", "declined"):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", dt.timedelta(minutes=-REMINDER_MINUTES))
        event.add_component(alarm)
    return event


def _todo(
    slug: str,
    interview: Interview,
    who: str,
    followup: Followup,
    repeat: int,
    stamp: dt.datetime,
    name: Callable[[str], str],
) -> Todo:
    todo = Todo()
    todo.add("uid", followup_uid(slug, followup, repeat))
    todo.add("dtstamp", stamp)
    target = name(followup.to) if followup.to else who
    todo.add("summary", f"{_KIND_TITLES.get(followup.kind, 'Follow up with')} {target}")
    due = followup.due
    if followup.snoozed_until is not None and (due is None or followup.snoozed_until > due):
        due = followup.snoozed_until
    if due is not None:
        todo.add("due", due)
    todo.add("status", "COMPLETED" if followup.done else "NEEDS-ACTION")
    details = [line for line in (followup.note, f"After the coffee chat with {who} ({slug})")
               if line]
    todo.add("description", "\n".join(details))
    return todo
