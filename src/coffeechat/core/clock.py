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


def add_business_days(day: dt.date, days: int) -> dt.date:
    """The working day (Monday to Friday) ``days`` working days after ``day``
    (``days`` from 0): from a Friday, 3 is the Wednesday after; a weekend day
    counts as the Friday before it, so a Saturday ask is chased on the same
    day as a Friday one."""
    weekday = day.weekday()
    if weekday > 4:
        day = add_days(day, 4 - weekday)
        weekday = 4
    weeks, rest = divmod(max(days, 0), 5)
    return add_days(day, weeks * 7 + rest + (2 if weekday + rest > 4 else 0))
