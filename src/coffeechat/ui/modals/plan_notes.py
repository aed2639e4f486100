"""Read-only research notes (a person's or a company's), one key from the plan."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static


class NotesModal(ModalScreen[None]):
    """Markdown notes shown as they are; nothing here writes."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="notes.close", tooltip="Back to the plan"),
    ]

    def __init__(self, title: str, notes: str) -> None:
        super().__init__(classes="form-modal")
        self._title = title
        self._notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide"):
            yield Static(self._title, classes="form-title", markup=False)
            with VerticalScroll():
                yield Markdown(self._notes or "_No notes yet._")
            yield Static("escape: close", classes="form-hint")

    def action_close(self) -> None:
        self.dismiss(None)
