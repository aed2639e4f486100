"""The "another name" form: a referral captured mid-conversation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


@dataclass(frozen=True)
class Capture:
    """What was typed about the new contact; only ``name`` is required."""

    name: str
    company: str = ""
    title: str = ""
    why: str = ""


class CaptureNameModal(ModalScreen[Capture | None]):
    """Name, company, title, why; enter in any field saves."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="capture.cancel",
                tooltip="Back to the notes without adding anyone"),
    ]

    def __init__(self, referred_by: str) -> None:
        super().__init__(classes="form-modal")
        self._referred_by = referred_by

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(f"Another name, from {self._referred_by}", classes="form-title",
                         markup=False)
            yield Input(placeholder="Name (required)", id="capture-name")
            yield Input(placeholder="Company", id="capture-company")
            yield Input(placeholder="Title", id="capture-title")
            yield Input(placeholder="Why talk to them?", id="capture-why")
            yield Static("", id="capture-error", classes="form-error")
            yield Static("enter: add and back to the notes · tab: next field · escape: cancel",
                         classes="form-hint")

    def _value(self, field: str) -> str:
        return self.query_one(f"#capture-{field}", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self._value("name").strip():
            self.query_one("#capture-error", Static).update("A name is needed.")
            self.query_one("#capture-name", Input).focus()
            return
        self.dismiss(Capture(self._value("name"), self._value("company"),
                             self._value("title"), self._value("why")))

    def action_cancel(self) -> None:
        self.dismiss(None)
