"""The one rule for the dates, times and minutes people type (Plan, the debrief,
the command line), when a meeting begins, and which time a chat is shown at.

A typed note starts a meeting only close to its scheduled time: notes typed
earlier are preparation, and a meeting with no date starts only on purpose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coffeechat.core import clock
from coffeechat.core.models.codecs import parse_datetime, year_problem
from coffeechat.core.models.interview import MAX_DURATION_MINUTES, OPEN_STATUSES, Interview

DATETIME_EXAMPLE = "2026-12-03 10:00"
DATE_EXAMPLE = "2026-12-03"
# A note typed from this long before the scheduled time starts the meeting.
EARLY_START = dt.timedelta(minutes=30)
# How long typing still starts a meeting that has no planned length.
UNPLANNED_MINUTES = 60
# A clock's start this far from the plan is said to be far from it.
FAR_FROM_PLAN = dt.timedelta(hours=2)


def read_datetime(text: str, label: str) -> dt.datetime | None:
    """A date and a time as typed (``2026-12-03 10:00``, ISO forms; a bare date
    is refused: no meeting is meant for midnight); empty → None; ValueError names
    ``label`` and says what to type."""
    typed = text.strip()
    if not typed:
        return None
    wrong = f"{label}: {typed!r} is not a date and time like {DATETIME_EXAMPLE}"
    if ":" not in typed:
        raise ValueError(wrong)
    try:
        when = parse_datetime(typed)
    except ValueError:
        raise ValueError(wrong) from None
    problem = year_problem(when)
    if problem is not None:
        raise ValueError(f"{label}: {problem}")
    return when


def read_date(text: str, label: str) -> dt.date | None:
    """A calendar day as typed (``2026-12-03``); empty → None."""
    typed = text.strip()
    if not typed:
        return None
    try:
        day = dt.date.fromisoformat(typed)
    except ValueError:
        raise ValueError(f"{label}: {typed!r} is not a date like {DATE_EXAMPLE}") from None
    problem = year_problem(day)
    if problem is not None:
        raise ValueError(f"{label}: {problem}")
    return day


def read_minutes(text: str, label: str = "Minutes") -> int | None:
    """A meeting's length in whole minutes, 1 to a day (what a file may hold)."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_DURATION_MINUTES:
        raise ValueError(f"{label}: a whole number from 1 to {MAX_DURATION_MINUTES}, like 30")
    return int(text)


def planned_end(interview: Interview) -> dt.datetime | None:
    if interview.scheduled is None:
        return None
    return clock.add_minutes(interview.scheduled, interview.duration or UNPLANNED_MINUTES)


def typing_starts(interview: Interview, now: dt.datetime) -> bool:
    """Whether a note typed at ``now`` starts this meeting: it is open, not begun,
    and ``now`` is from ``EARLY_START`` before its scheduled time to its planned end."""
    end = planned_end(interview)
    if interview.held is not None or interview.status not in OPEN_STATUSES or end is None:
        return False
    assert interview.scheduled is not None
    return interview.scheduled - EARLY_START <= now <= end


def shown_time(interview: Interview) -> dt.datetime | None:
    """The time a chat is listed and exported at: when it was held once it is
    done (what happened wins over the plan), else when it is scheduled."""
    if interview.status == "done" and interview.held is not None:
        return interview.held
    return interview.scheduled


def shown_minutes(interview: Interview) -> int | None:
    """The length that goes with ``shown_time``: the held length, else the plan's."""
    if interview.status == "done" and interview.held is not None and interview.held_minutes:
        return interview.held_minutes
    return interview.duration


@dataclass(frozen=True)
class EndingGuess:
    """What the debrief offers for when the meeting was held and how long, and
    a note when those are not the clock's or are far from the plan."""

    held: dt.datetime
    minutes: int | None
    note: str = ""


def guess_ending(interview: Interview, now: dt.datetime) -> EndingGuess:
    """The clock's figures when plausible (at most a day long); otherwise the
    plan's, saying why, so the user checks them before saving."""
    planned = interview.duration
    if interview.status not in OPEN_STATUSES:
        return EndingGuess(interview.held or now, interview.held_minutes)
    if interview.held is None:
        start = interview.scheduled if interview.scheduled and interview.scheduled <= now \
            else now
        return EndingGuess(start, planned,
                           "The clock was not started: check when it was held and how long.")
    ran = max(1, round((now - interview.held).total_seconds() / 60))
    if ran > MAX_DURATION_MINUTES:
        start = interview.scheduled or interview.held
        return EndingGuess(start, planned,
                           f"The clock ran {ran // 60} hours, too long for a meeting: "
                           "Held and Minutes are the plan's; check them.")
    notes = []
    if interview.scheduled is not None and abs(interview.held - interview.scheduled) \
            > FAR_FROM_PLAN:
        notes.append(f"The clock started {interview.held:%a %d %b %H:%M}, far from the "
                     f"planned {interview.scheduled:%a %d %b %H:%M}.")
    if planned and ran > 2 * planned + 30:
        notes.append(f"{ran} min is far from the {planned} planned.")
    return EndingGuess(interview.held, ran, " ".join(notes))
