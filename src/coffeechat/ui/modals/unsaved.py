"""Asked on quit when some edits could not be written: nothing typed is dropped
without the user saying so."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from coffeechat.core import clock
from coffeechat.ui.widgets.text_field import TextField


def default_folder() -> Path:
    return Path.home() / f"coffeechat-unsaved-{clock.now():%Y%m%d-%H%M%S}"


class UnsavedModal(ModalScreen[Path | None]):
    """Dismisses with a folder to write copies to, or None to go back and keep
    editing; ctrl+q pressed again here (the app's quit key) leaves without them."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "keep_editing", "Keep editing", id="unsaved.keep",
                tooltip="Go back; the text stays in memory and saving is retried"),
    ]

    def __init__(self, unsaved: list[str], *, all_kept: bool = False) -> None:
        """``all_kept``: every text listed is on disk as a draft (none was refused)."""
        super().__init__(classes="form-modal")
        self.unsaved = unsaved
        self.all_kept = all_kept

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Some text is only a draft" if self.all_kept
                         else "Some edits could not be saved", classes="form-title")
            yield Static("\n".join(f"• {what}" for what in self.unsaved), markup=False,
                         id="unsaved-list")
            yield Static("Write copies of them to this folder (enter):", classes="form-label")
            yield TextField(str(default_folder()), id="unsaved-folder", offered=True)
            yield Static("enter: write copies and quit · escape: keep editing · "
                         + ("ctrl+q: quit, keeping the drafts" if self.all_kept
                            else "ctrl+q: quit and lose them"), classes="form-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(Path(event.value.strip()))

    def action_keep_editing(self) -> None:
        self.dismiss(None)
