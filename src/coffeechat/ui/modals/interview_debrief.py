"""The end of the meeting: when it was held and for how long, and the debrief —
what I learned, what surprised me, next steps.

Everything sits on one screen at 80x24 (the three texts share the height and
scroll inside), so the title, every label and the ctrl+s line are always seen.
What is typed is a draft until the meeting is ended (see ``ui.modals.drafts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static, TextArea

from coffeechat.core.lifecycle import read_ending
from coffeechat.core.models.interview import Debrief
from coffeechat.ui.modals.drafts import DraftDialog, Save
from coffeechat.ui.widgets.text_field import TextField

INPUTS = ("held", "minutes")
TEXTS = ("learned", "surprises", "next")


@dataclass(frozen=True)
class Ending:
    """What the user confirmed: the debrief, when the meeting began and its length."""

    debrief: Debrief
    held: dt.datetime
    minutes: int | None


class DebriefModal(DraftDialog[Ending]):
    """When, how long, and three short texts; ctrl+s ends the meeting with them
    (``save`` writes it); Escape goes back to the notes, keeping the text."""

    CSS_PATH = "interview_forms.tcss"
    # The first words typed after shift+F5 must land in the first box.
    AUTO_FOCUS = "#debrief-learned"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "End meeting", id="debrief.save",
                tooltip="Save the debrief, mark the interview done, queue thank-yous"),
        Binding("escape", "cancel", "Back", id="debrief.cancel",
                tooltip="Back to the notes; the meeting is not ended, the text is kept"),
    ]

    def __init__(self, debrief: Debrief, person_name: str, held: dt.datetime,
                 minutes: int | None, *, note: str = "", draft_key: str,
                 save: Save[Ending] | None = None) -> None:
        super().__init__(draft_key, f"Debrief of the chat with {person_name}", save=save,
                         classes="form-modal")
        self._debrief = debrief
        self._person_name = person_name
        self._held = held
        self._minutes = minutes
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="form debrief"):
            yield Static(f"Debrief: your chat with {self._person_name}", classes="form-title",
                         markup=False)
            with Horizontal(classes="debrief-when"):
                yield Label("Held")
                # The clock's reading, offered: a time typed over it replaces it.
                yield TextField(f"{self._held:%Y-%m-%d %H:%M}", id="debrief-held", compact=True,
                                placeholder="YYYY-MM-DD HH:MM", offered=True)
                yield Label("Minutes")
                yield TextField(str(self._minutes or ""), id="debrief-minutes", compact=True,
                                placeholder="e.g. 30", offered=True)
            # Why Held and Minutes are not the clock's, or why they look wrong.
            yield Static(self._note, id="debrief-note", classes="form-hint", markup=False)
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
        self.query_one("#debrief-note").display = bool(self._note)

    def draft_values(self) -> dict[str, str]:
        values = {name: self.query_one(f"#debrief-{name}", Input).value for name in INPUTS}
        values.update((name, self.query_one(f"#debrief-{name}", TextArea).text)
                      for name in TEXTS)
        return values

    def restore_draft(self, values: Mapping[str, str]) -> None:
        for name in INPUTS:
            self.query_one(f"#debrief-{name}", Input).value = values[name]
        for name in TEXTS:
            self.query_one(f"#debrief-{name}", TextArea).load_text(values[name])

    def show_problem(self, text: str) -> None:
        error = self.query_one("#debrief-error", Static)
        error.update(text)
        error.display = True

    def action_save(self) -> None:
        self.submit()

    def submit(self) -> None:
        values = self.draft_values()
        try:
            held, minutes = read_ending(values["held"], values["minutes"])
        except ValueError as exc:
            self.show_problem(str(exc))
            return
        debrief = Debrief(learned=values["learned"], surprises=values["surprises"],
                          next_steps=values["next"], extra=dict(self._debrief.extra))
        self.finish(Ending(debrief, held, minutes))

    def action_cancel(self) -> None:
        self.keep_and_close()
