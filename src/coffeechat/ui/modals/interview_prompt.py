"""A one-line text prompt: add a question, record a promise, your name.

What is typed is a draft until it is taken (see ``ui.modals.drafts``); the
opener puts it in its record, which its own autosave writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from coffeechat.ui.modals.drafts import DraftDialog
from coffeechat.ui.widgets.text_field import TextField


class TextPromptModal(DraftDialog[str]):
    """Ask for one line of text; dismisses with the text, or None on escape
    (which keeps the text as a draft, offered when the same prompt opens again)."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel",
                tooltip="Close without adding anything; the text is kept"),
    ]

    def __init__(self, title: str, placeholder: str = "", value: str = "", *,
                 draft_key: str, hint: str = "enter: add · escape: back (the text is kept)"
                 ) -> None:
        super().__init__(draft_key, title, classes="form-modal")
        self._title = title
        self._placeholder = placeholder
        self._value = value
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self._title, classes="form-title", markup=False)
            yield TextField(self._value, placeholder=self._placeholder, id="prompt-text")
            yield Static("", id="prompt-error", classes="form-error")
            yield Static(self._hint, classes="form-hint", markup=False)

    def draft_values(self) -> dict[str, str]:
        return {"text": self.query_one("#prompt-text", Input).value}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        self.query_one("#prompt-text", Input).value = values.get("text", "")

    def show_problem(self, text: str) -> None:
        self.query_one("#prompt-error", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        text = self.query_one("#prompt-text", Input).value
        if not text.strip():
            self.show_problem("Type something first.")
            return
        self.finish(text)

    def action_cancel(self) -> None:
        self.keep_and_close()
