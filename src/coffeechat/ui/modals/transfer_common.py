"""Pieces shared by the import and export dialogs: the path check and the dialog frame."""

from __future__ import annotations

from typing import ClassVar, Protocol, cast

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator

from coffeechat.interop.source import input_problem
from coffeechat.storage import Workspace


class _HasWorkspace(Protocol):
    workspace: Workspace


class ExistingFile(Validator):
    """Accepts the path of a file that exists (and is not a folder)."""

    def validate(self, value: str) -> ValidationResult:
        problem = input_problem(value)
        return self.failure(problem) if problem else self.success()


class TransferDialog(ModalScreen[str | None]):
    """A modal that closes with Escape and returns the summary it showed (or None)."""

    CSS_PATH = "transfer_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="transfer.close",
                tooltip="Close this dialog; nothing more is written"),
    ]

    result_text: str | None = None

    @property
    def workspace(self) -> Workspace:
        """The app's workspace: the only door to the data these dialogs use."""
        return cast(_HasWorkspace, self.app).workspace

    def action_close(self) -> None:
        self.dismiss(self.result_text)
