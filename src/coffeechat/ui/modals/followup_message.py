"""An editable draft message for a follow-up, ready to copy. The text as edited
is kept (see ``ui.modals.drafts``) and shown again the next time, instead of a
fresh suggestion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from coffeechat.ui.modals.drafts import DraftDialog


class MessageModal(DraftDialog[None]):
    """The draft in an editor; alt+y (yank) copies what is there now."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the editor would otherwise take alt+y for a "y".
        Binding("alt+y", "copy", "Copy", id="message.copy", priority=True,
                tooltip="Copy the message to the clipboard"),
        Binding("escape", "close", "Close", id="message.close",
                tooltip="Back to the list; the message as edited is kept"),
    ]

    def __init__(self, title: str, draft: str, *, draft_key: str) -> None:
        super().__init__(draft_key, title, classes="form-modal")
        self._title = title
        self._draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide"):
            yield Static(self._title, classes="form-title", markup=False)
            yield TextArea(self._draft, id="message-text")
            yield Static("edit freely · alt+y: copy · escape: close", classes="form-hint")

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.query_one("#message-text", TextArea).text)
        self.notify("Message copied to the clipboard.", markup=False)

    def draft_values(self) -> dict[str, str]:
        return {"text": self.query_one("#message-text", TextArea).text}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        self.query_one("#message-text", TextArea).load_text(values.get("text", ""))

    def submit(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.keep_and_close()
