"""The area line under the title: the keys of the areas (the one shown is
highlighted), the count of problems on F8, and read-only mode when it is true.

It follows four reactives on the app, ``readonly_note``, ``problem_counts``,
``sync_progress`` (how far reading the workspace has got, shown on a line of its
own while it lasts), ``resumable`` (a meeting left running, on a line of its
own until it is resumed) and ``last_sync`` (the last git sync's time and result,
on a line of its own in a data directory that syncs), so any screen can compose
it and stay current without extra wiring. It fits
itself to the width: full names where there is room, shorter ones at 80
columns, never an area cut off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from coffeechat.core.wording import plural
from coffeechat.ui.area import AREAS, AreaScreen

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# Shorter names for narrow terminals, by area title.
SHORT_NAMES = {"Network": "Net", "Follow-ups": "Follow"}
# Shorter still, where nine areas must fit in 80 columns: F1 is Home everywhere.
SHORTER_NAMES = {**SHORT_NAMES, "Home": "", "Research": "Res", "Targets": "Tgt",
                 "Search": "Find"}
# How a key that is not a function key is written in the line.
KEY_LABELS: dict[str, str] = {}


def problems_label(counts: tuple[int, int] | None, *, short: bool = False) -> str:
    """What F8 says: "Problems", "checking…", or how many there are."""
    if counts is None:
        return "checking…"
    errors, warnings = counts
    if short and errors + warnings:
        return plural(errors + warnings, "problem")
    parts = []
    if errors:
        parts.append(plural(errors, "error"))
    if warnings:
        parts.append(plural(warnings, "warning"))
    return ", ".join(parts) or "Problems"


def area_line(current: str, counts: tuple[int, int] | None, width: int) -> Text:
    """The areas and F8, as long as fits ``width`` cells."""
    errors = counts[0] if counts is not None else 0
    layouts = ((None, "  ", False), (None, " ", False), (SHORT_NAMES, " ", False),
               (SHORT_NAMES, " ", True))
    # Every area stays named at 80 columns, Search too; the problems are then
    # only counted.
    for names, gap, short_label in (*layouts, (SHORTER_NAMES, " ", False),
                                    (SHORTER_NAMES, " ", True)):
        label = problems_label(counts, short=short_label)
        line = _line(current, label, errors, names=names, gap=gap)
        if line.cell_len <= width:
            return line
    total = sum(counts) if counts is not None else 0
    line = _line(current, str(total) if total else "", errors, names=SHORTER_NAMES, gap=" ")
    if line.cell_len <= width:
        return line
    return _line(current, "", errors, names=SHORT_NAMES, gap=" ", keys_only=True)


def _line(current: str, label: str, errors: int, *, names: dict[str, str] | None, gap: str,
          keys_only: bool = False) -> Text:
    line = Text()
    for _mode, title, key in AREAS:
        shown = title if names is None else names.get(title, title)
        name = "" if keys_only or not shown else " " + shown
        style = "reverse bold" if title == current else ""
        line.append(f"{KEY_LABELS.get(key, key.upper())}{name}", style=style)
        line.append(gap)
    if keys_only:
        label = str(errors) if errors else ""
    line.append(f"F8 {label}".rstrip(), style="bold red" if errors else "")
    return line


def resume_notice(resumable: tuple[tuple[str, str], ...]) -> str:
    """The line that offers a meeting left running, and how to go on with it."""
    what = resumable[0][1]
    more = f" (and {plural(len(resumable) - 1, 'other')})" if len(resumable) > 1 else ""
    return f"Not ended: {what}{more} · ctrl+p “resume”"


def sync_line(last: str, width: int) -> str:
    """"Sync (shift+F8): <when and how it went>", cut to one line."""
    line = f"Sync (shift+F8): {last}"
    return line if len(line) <= width else f"{line[:max(width - 1, 0)]}…"


class StatusBar(Static):
    """The areas, the problems, and "read-only" for as long as it is true."""

    DEFAULT_CSS = """
    StatusBar {
        height: auto;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    StatusBar.-readonly {
        background: $error;
        color: $text;
    }
    """

    @property
    def chat_app(self) -> CoffeeChatApp:
        return cast("CoffeeChatApp", self.app)

    def on_mount(self) -> None:
        # Shown once now, then again whenever one of them changes.
        for name in ("readonly_note", "problem_counts", "sync_progress", "resumable",
                     "last_sync"):
            self.watch(self.app, name, self._show, init=False)
        self._show()

    def on_resize(self, event: Resize) -> None:
        self._show()

    def _show(self, _: object = None) -> None:
        note = self.chat_app.readonly_note
        screen = self.screen
        current = screen.AREA_TITLE if isinstance(screen, AreaScreen) else ""
        width = (self.size.width or self.app.size.width) - 2
        text = Text()
        if note:
            text.append(note + "\n", style="bold")
        progress = self.chat_app.sync_progress
        if progress:
            text.append(progress + "\n")
        resumable = self.chat_app.resumable
        if resumable:
            text.append(resume_notice(resumable) + "\n", style="bold")
        if last := self.chat_app.last_sync:
            text.append(sync_line(last, width) + "\n")
        text.append_text(area_line(current, self.chat_app.problem_counts, width))
        self.update(text)
        self.set_class(bool(note), "-readonly")
