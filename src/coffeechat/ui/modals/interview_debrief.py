"""The end of the meeting: when it was held and for how long, and the debrief —
what I learned, what surprised me, next steps.

Everything sits on one screen at 80x24 (the three texts share the height and
scroll inside), so the title, every label and the ctrl+s line are always seen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from coffeechat.core.models.codecs import parse_datetime, year_problem
from coffeechat.core.models.interview import Debrief

HELD_EXAMPLE = "2026-11-30 09:30"


@dataclass(frozen=True)
class Ending:
    """What the user confirmed: the debrief, when the meeting began and its length."""

    debrief: Debrief
    held: dt.datetime
    minutes: int | None


def read_ending(held: str, minutes: str) -> tuple[dt.datetime, int | None]:
    """The held date-time and length as typed; ValueError says what is wrong."""
    try:
        when = parse_datetime(held)
    except ValueError:
        raise ValueError(f"Held: a date and time like {HELD_EXAMPLE}") from None
    problem = year_problem(when)
    if problem is not None:
        raise ValueError(f"Held: {problem}")
    text = minutes.strip()
    if not text:
        return when, None
    if not text.isdigit() or not 1 <= int(text) <= 600:
        raise ValueError("Minutes: a whole number from 1 to 600")
    return when, int(text)


class DebriefModal(ModalScreen[Ending | None]):
    """When, how long, and three short texts; ctrl+s ends the meeting with them."""

    CSS_PATH = "interview_forms.tcss"
    # The first words typed after ctrl+f must land in the first box.
    AUTO_FOCUS = "#debrief-learned"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "End meeting", id="debrief.save",
                tooltip="Save the debrief, mark the interview done, queue thank-yous"),
        Binding("escape", "cancel", "Back", id="debrief.cancel",
                tooltip="Back to the notes; the meeting is not ended"),
    ]

    def __init__(self, debrief: Debrief, person_name: str, held: dt.datetime,
                 minutes: int | None) -> None:
        super().__init__(classes="form-modal")
        self._debrief = debrief
        self._person_name = person_name
        self._held = held
        self._minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form debrief"):
            yield Static(f"Debrief: your chat with {self._person_name}", classes="form-title",
                         markup=False)
            with Horizontal(classes="debrief-when"):
                yield Label("Held")
                yield Input(f"{self._held:%Y-%m-%d %H:%M}", id="debrief-held", compact=True,
                            placeholder="YYYY-MM-DD HH:MM")
                yield Label("Minutes")
                yield Input(str(self._minutes or ""), id="debrief-minutes", compact=True,
                            placeholder="e.g. 30")
            yield Label("What I learned")
            yield TextArea(self._debrief.learned, id="debrief-learned")
            yield Label("What surprised me")
            yield TextArea(self._debrief.surprises, id="debrief-surprises")
            yield Label("Next steps")
            yield TextArea(self._debrief.next_steps, id="debrief-next")
            yield Static("", id="debrief-error", classes="form-error")
            yield Static("ctrl+s: end the meeting and queue follow-ups · tab: next box · "
                         "escape: back", classes="form-hint", id="debrief-hint")

    def on_mount(self) -> None:
        self.query_one("#debrief-error").display = False

    def action_save(self) -> None:
        def text(name: str) -> str:
            return self.query_one(f"#debrief-{name}", TextArea).text

        try:
            held, minutes = read_ending(self.query_one("#debrief-held", Input).value,
                                        self.query_one("#debrief-minutes", Input).value)
        except ValueError as exc:
            error = self.query_one("#debrief-error", Static)
            error.update(str(exc))
            error.display = True
            return
        debrief = Debrief(learned=text("learned"), surprises=text("surprises"),
                          next_steps=text("next"), extra=dict(self._debrief.extra))
        self.dismiss(Ending(debrief, held, minutes))

    def action_cancel(self) -> None:
        self.dismiss(None)
