"""A one-line text prompt: add a question, record a promise."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class TextPromptModal(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with the text, or None on escape."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel",
                tooltip="Close without adding anything"),
    ]

    def __init__(self, title: str, placeholder: str = "", value: str = "", *,
                 hint: str = "enter: add · escape: cancel") -> None:
        super().__init__(classes="form-modal")
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self._title, classes="form-title", markup=False)
            yield Input(self._value, placeholder=self._placeholder, id="prompt-text")
            yield Static("", id="prompt-error", classes="form-error")
            yield Static(self._hint, classes="form-hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self.query_one("#prompt-error", Static).update("Type something first.")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
