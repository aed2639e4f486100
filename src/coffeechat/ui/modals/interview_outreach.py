"""Log one outreach: how you contacted them and what was said (a draft until
it is logged, see ``ui.modals.drafts``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from coffeechat.core.models.interview import CHANNELS
from coffeechat.ui.modals.drafts import DraftDialog
from coffeechat.ui.widgets.text_field import TextField

# What a logged outreach was: it decides what the follow-ups make of it.
KINDS = (("ask", "I asked for a chat"), ("reply", "They replied"),
         ("", "Another touch (a reminder, a thank-you)"))


class OutreachModal(DraftDialog[tuple[str, str, str]]):
    """Dismisses with ``(channel, text, kind)``; ``kind`` is ``ask``, ``reply``
    or ``""`` for any other touch."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="outreach.cancel",
                tooltip="Close without logging anything; the text is kept"),
    ]

    def __init__(self, person_name: str, kind: str = "ask", *, draft_key: str) -> None:
        super().__init__(draft_key, f"Outreach to {person_name}", classes="form-modal")
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
            yield TextField(placeholder="Asked for 20 minutes next week", id="outreach-text")
            yield Static("enter: log it · escape: back (the text is kept)", classes="form-hint")

    def on_mount(self) -> None:
        self.query_one("#outreach-text", Input).focus()

    def draft_values(self) -> dict[str, str]:
        return {"channel": str(self.query_one("#outreach-channel", Select).value),
                "kind": str(self.query_one("#outreach-kind", Select).value),
                "text": self.query_one("#outreach-text", Input).value}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        if values.get("channel") in CHANNELS:
            self.query_one("#outreach-channel", Select).value = values["channel"]
        if values.get("kind") in {kind or "touch" for kind, _ in KINDS}:
            self.query_one("#outreach-kind", Select).value = values["kind"]
        self.query_one("#outreach-text", Input).value = values.get("text", "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        values = self.draft_values()
        kind = values["kind"]
        self.finish((values["channel"], values["text"], "" if kind == "touch" else kind))

    def action_cancel(self) -> None:
        self.keep_and_close()
