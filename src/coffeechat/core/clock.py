"""The one place that reads the time, so tests and snapshots can fix it, and date
arithmetic that stops at the calendar's ends instead of raising OverflowError."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """Local wall-clock time, to the second."""
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held at ``date.min``/``date.max`` at the ends."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def add_minutes(moment: dt.datetime, minutes: int) -> dt.datetime:
    """``moment`` moved by ``minutes``, held at ``datetime.min``/``max`` at the ends."""
    try:
        return moment + dt.timedelta(minutes=minutes)
    except OverflowError:
        return dt.datetime.max if minutes > 0 else dt.datetime.min
