"""The one place that reads the time, so tests and snapshots can fix it."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    """Local wall-clock time, to the second."""
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()
