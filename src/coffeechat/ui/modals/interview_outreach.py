"""Log one outreach: how you contacted them and what was said."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from coffeechat.core.models.interview import CHANNELS

# What a logged outreach was: it decides what the follow-ups make of it.
KINDS = (("ask", "I asked for a chat"), ("reply", "They replied"),
         ("", "Another touch (a reminder, a thank-you)"))


class OutreachModal(ModalScreen[tuple[str, str, str] | None]):
    """Dismisses with ``(channel, text, kind)``; ``kind`` is ``ask``, ``reply``
    or ``""`` for any other touch."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="outreach.cancel",
                tooltip="Close without logging anything"),
    ]

    def __init__(self, person_name: str, kind: str = "ask") -> None:
        super().__init__(classes="form-modal")
        self._person_name = person_name
        self._kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(f"Log outreach to {self._person_name}", classes="form-title",
                         markup=False)
            yield Label("Channel (a call beats a message)")
            yield Select([(channel, channel) for channel in CHANNELS], value="message",
                         allow_blank=False, id="outreach-channel")
            yield Label("An ask, or their reply? (a reply stops the nudges)")
            yield Select([(text, kind or "touch") for kind, text in KINDS],
                         value=self._kind or "touch", allow_blank=False, id="outreach-kind")
            yield Label("What was said")
            yield Input(placeholder="Asked for 20 minutes next week", id="outreach-text")
            yield Static("enter: log it · escape: cancel", classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#outreach-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        channel = self.query_one("#outreach-channel", Select).value
        kind = str(self.query_one("#outreach-kind", Select).value)
        self.dismiss((str(channel), event.value, "" if kind == "touch" else kind))

    def action_cancel(self) -> None:
        self.dismiss(None)
