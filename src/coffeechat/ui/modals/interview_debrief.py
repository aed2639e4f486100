"""The end-of-meeting debrief: what I learned, what surprised me, next steps."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from coffeechat.core.models.interview import Debrief


class DebriefModal(ModalScreen[Debrief | None]):
    """Three short texts; ctrl+s ends the meeting with them."""

    CSS_PATH = "interview_forms.tcss"
    # The form scrolls, and a scroll container would otherwise take the focus
    # first: the first words typed after ctrl+f must land in the first box.
    AUTO_FOCUS = "#debrief-learned"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "End meeting", id="debrief.save",
                tooltip="Save the debrief, mark the interview done, queue thank-yous"),
        Binding("escape", "cancel", "Back", id="debrief.cancel",
                tooltip="Back to the notes; the meeting is not ended"),
    ]

    def __init__(self, debrief: Debrief, person_name: str) -> None:
        super().__init__(classes="form-modal")
        self._debrief = debrief
        self._person_name = person_name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form"):
            yield Static(f"Debrief: your chat with {self._person_name}", classes="form-title",
                         markup=False)
            yield Label("What I learned")
            yield TextArea(self._debrief.learned, id="debrief-learned")
            yield Label("What surprised me")
            yield TextArea(self._debrief.surprises, id="debrief-surprises")
            yield Label("Next steps")
            yield TextArea(self._debrief.next_steps, id="debrief-next")
            yield Static("ctrl+s: end the meeting and queue follow-ups · escape: back",
                         classes="form-hint")

    def action_save(self) -> None:
        def text(name: str) -> str:
            return self.query_one(f"#debrief-{name}", TextArea).text

        self.dismiss(Debrief(learned=text("learned"), surprises=text("surprises"),
                             next_steps=text("next"), extra=dict(self._debrief.extra)))

    def action_cancel(self) -> None:
        self.dismiss(None)
