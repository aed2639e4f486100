"""A one-line bar for every screen: read-only mode, the count of problems (or how
far reading the workspace has got), and the keys of the areas (which the footer
leaves to the screen's own keys).

It follows three reactives on the app, ``readonly_note``, ``problem_counts`` and
``sync_progress``, so any screen can compose it and stay current without extra
wiring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widgets import Static

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

AREA_KEYS = ("F1 Home  F2 Network  F3 Research  F4 Plan  F5 Live  F6 Follow-ups  "
             "F7 Banks  F12 Search  ? keys")


class StatusBar(Static):
    """Says "read-only" for as long as it is true, and how many problems there are."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    StatusBar.-readonly {
        background: $error;
        color: $text;
        text-style: bold;
    }
    StatusBar.-errors {
        color: $text-error;
    }
    """

    @property
    def chat_app(self) -> CoffeeChatApp:
        return cast("CoffeeChatApp", self.app)

    def on_mount(self) -> None:
        # Shown once now, then again whenever one of them changes.
        for name in ("readonly_note", "problem_counts", "sync_progress"):
            self.watch(self.app, name, self._show, init=False)
        self._show()

    def _show(self, _: object = None) -> None:
        note = self.chat_app.readonly_note
        counts = self.chat_app.problem_counts
        errors, warnings = counts if counts is not None else (0, 0)
        parts = []
        if note:
            parts.append(note)
        progress = self.chat_app.sync_progress
        if progress:
            parts.append(progress)
        elif counts is None:
            parts.append("Checking your files…")
        elif errors or warnings:
            counted = []
            if errors:
                counted.append(f"{errors} error{'s' if errors != 1 else ''}")
            if warnings:
                counted.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            parts.append(f"{', '.join(counted)} in your files — F8 to see them")
        status = " · ".join(parts) or "No problems in your files"
        self.update(f"{status}   │ {AREA_KEYS}")
        self.set_class(bool(note), "-readonly")
        self.set_class(bool(errors) and not note, "-errors")
