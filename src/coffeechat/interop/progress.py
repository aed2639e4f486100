"""How far a long import has got, in one line: the terminal and the app show the same.

``1,250 of 10,000 rows · 1,180 created · 42 merged · 3 unchanged · 25 skipped · 0:08 left``.
The time left is the pace so far applied to the rows still to come, shown once
there is a pace to go by.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from coffeechat.core.wording import plural
from coffeechat.interop.merge import CREATE, SKIP, UNCHANGED, UPDATE, Action

# Before this many seconds and this share of the rows, a time left would be a guess.
_SETTLE_SECONDS = 1.0
_SETTLE_SHARE = 0.02


def merged(action: Action) -> bool:
    """Whether a skipped entry was folded into someone (a duplicate), not left out."""
    return action.kind == SKIP and (action.merged_into is not None
                                    or action.merged_into_new is not None)


@dataclass
class ImportProgress:
    """Counts of what an import has done so far, out of ``total`` rows (when known)."""

    total: int | None = None
    clock: Callable[[], float] = time.monotonic
    done: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: int = 0
    started: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def add(self, action: Action) -> None:
        """One more entry of the file dealt with."""
        self.done += 1
        if action.kind == CREATE:
            self.created += 1
        elif action.kind == UPDATE or merged(action):
            self.merged += 1
        elif action.kind == UNCHANGED:
            self.unchanged += 1
        elif action.kind == SKIP:
            self.skipped += 1

    def left(self) -> str:
        """``0:08 left``, or ``""`` while there is no pace to go by."""
        if not self.total or not self.done:
            return ""
        elapsed = self.clock() - self.started
        if elapsed < _SETTLE_SECONDS or self.done < self.total * _SETTLE_SHARE:
            return ""
        seconds = round(elapsed / self.done * max(self.total - self.done, 0))
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        text = f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
        return f"{text} left"

    def line(self, unit: str = "row") -> str:
        """The whole progress line."""
        done = f"{self.done:,} of {plural(self.total, unit)}" if self.total is not None \
            else plural(self.done, unit)
        parts = [done, f"{self.created:,} created", f"{self.merged:,} merged"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        parts.append(f"{self.skipped:,} skipped")
        if left := self.left():
            parts.append(left)
        return " · ".join(parts)
