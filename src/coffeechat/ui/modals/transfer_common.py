"""Pieces shared by the import and export dialogs: the path check and the dialog frame."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Protocol, cast

from textual.binding import Binding, BindingType
from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from coffeechat.interop.source import input_problem
from coffeechat.storage import Workspace
from coffeechat.ui.modals.drafts import DraftDialog


class _HasWorkspace(Protocol):
    workspace: Workspace


class ExistingFile(Validator):
    """Accepts the path of a file that exists (and is not a folder)."""

    def validate(self, value: str) -> ValidationResult:
        problem = input_problem(value)
        return self.failure(problem) if problem else self.success()


class TransferDialog(DraftDialog[str]):
    """A modal that closes with Escape and returns the summary it showed (or None);
    the path typed is a draft until a file is written or read from it."""

    CSS_PATH = "transfer_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="transfer.close",
                tooltip="Close this dialog; nothing more is written, the path typed is kept"),
    ]

    result_text: str | None = None

    @property
    def workspace(self) -> Workspace:
        """The app's workspace: the only door to the data these dialogs use."""
        return cast(_HasWorkspace, self.app).workspace

    def draft_values(self) -> dict[str, str]:
        return {"path": self.query_one("#transfer-path", Input).value}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        self.query_one("#transfer-path", Input).value = values.get("path", "")

    def action_close(self) -> None:
        self.keep_and_close(self.result_text)
