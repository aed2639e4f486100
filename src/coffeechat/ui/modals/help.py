"""The keys of the screen the user was on, with what each does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


@dataclass(frozen=True)
class KeyHelp:
    """One row of the help: the key as shown, its name, and what it does."""

    key: str
    name: str
    description: str
    enabled: bool = True


class HelpModal(ModalScreen[None]):
    """A table of every key that works on the screen underneath."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close",
                tooltip="Back to where you were"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="dialog"):
            yield Static(f"Keys — {self.title_text}", id="help-title")
            yield DataTable(id="help-table", cursor_type="row")
            yield Static("Keys shown dimmed do nothing right now. Esc to close.",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Does", "Details")
        for item in self.keys:
            name = item.name if item.enabled else f"({item.name})"
            table.add_row(item.key, name, item.description)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
