"""The keys of the screen the user was on, with what each does.

A wrapping table rather than a grid of cells, so the details are read whole at
80 columns; ↑/↓ and page keys scroll it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyHelp:
    """One row of the help: the keys as shown, its name, and what it does."""

    key: str
    name: str
    description: str
    enabled: bool = True


class HelpModal(ModalScreen[None]):
    """A table of every key that works on the screen underneath."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f12", "close", "Close", id="help.close",
                tooltip="Back to where you were"),
    ]

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False,
                      header_style="bold")
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Does", ratio=1)
        table.add_column("Details", ratio=2)
        for item in self.keys:
            style = "" if item.enabled else "dim"
            name = item.name if item.enabled else f"({item.name})"
            table.add_row(item.key, name, item.description, style=style)
        with Vertical(id="help-box", classes="dialog"):
            yield Static(f"Keys — {self.title_text}", id="help-title", markup=False)
            with VerticalScroll(id="help-table"):
                yield Static(table)
            yield Static("Keys in brackets do nothing right now · ↑/↓ to scroll · "
                         "Esc to close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-table").focus()

    def action_close(self) -> None:
        self.dismiss(None)
