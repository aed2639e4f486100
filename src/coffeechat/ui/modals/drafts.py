"""Dialogs whose text is never lost: the one rule for every text typed in a dialog.

A :class:`DraftDialog` keeps what is typed in it as a draft in ``drafts/``
(``storage.drafts``), written by an :class:`~coffeechat.ui.autosave.Autosave`
as you type, so it is registered with the app like every other editor:

- it is offered back when the dialog is opened again (Escape keeps it);
- ctrl+q writes it first and asks before quitting with it, offering copies;
- a draft the disk refuses keeps the dialog open (Escape too) until it is written;
- a save the disk refuses (the person, the debrief…) keeps the dialog open with
  its text, says why, and is tried again until it goes through.

The draft goes once the dialog's text is saved where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual import on
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from coffeechat.core.models.draft import Draft
from coffeechat.storage.editing import EditSession, Outcome, SaveResult
from coffeechat.storage.errors import StoreError
from coffeechat.ui import autosave as autosaving
from coffeechat.ui.autosave import Autosave, describe

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

T = TypeVar("T")

# Drafts are written as soon as typing pauses, like Live's notes.
DRAFT_DELAY = 0.6


@dataclass(frozen=True)
class Refused:
    """A save the disk or the store refused: why, in the user's words, and
    whether trying again may work (a full disk may clear; a read-only one won't)."""

    reason: str
    retryable: bool


Save = Callable[[T], "Refused | None"]


def refused(error: StoreError | OSError) -> Refused:
    """A write that raised, for a dialog to tell (a new file: a person added)."""
    failed: SaveResult[Any] = SaveResult(Outcome.FAILED, error=error)
    return Refused(failed.reason, failed.retryable)


def refusal(node: Any, result: SaveResult[Any], what: str) -> Refused | None:
    """A one-off save's outcome for a dialog: Refused when it failed (the dialog
    says so itself), else None, with a word on a merge or a clash as usual."""
    if result.outcome is Outcome.FAILED:
        return Refused(result.reason, result.retryable)
    note = describe(result, what)
    if note is not None:
        message, severity = note
        node.notify(message, severity=severity, timeout=15, markup=False)
    return None


class DraftDialog(ModalScreen[T | None], Generic[T]):
    """A dialog whose fields are kept as a draft until they are saved.

    Subclasses give the fields' text (``draft_values``), put a draft back
    (``restore_draft``), and call :meth:`finish` with their result; Escape calls
    :meth:`keep_and_close`. ``save``, from the opener, writes the result; a
    refusal keeps the dialog open and :meth:`confirm` is called again."""

    def __init__(self, draft_key: str, what: str, *, save: Save[T] | None = None,
                 classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.draft_key = draft_key
        self.what = what
        self._save = save
        self._retry: Timer | None = None
        # Each field's text as the dialog opened, before a draft was put back.
        self._opening: dict[str, str] = {}
        self.draft_autosave: Autosave[Draft] = Autosave(
            self._as_draft, delay=DRAFT_DELAY, what=f"{what} (draft)")

    @property
    def chat_app(self) -> CoffeeChatApp:
        return cast("CoffeeChatApp", self.app)

    # -- what subclasses give -----------------------------------------------------------

    def draft_values(self) -> dict[str, str]:
        """Every field's text, by a name of the field."""
        raise NotImplementedError

    def restore_draft(self, values: Mapping[str, str]) -> None:
        """Put text back into the fields (every field's, as ``draft_values`` gives)."""
        raise NotImplementedError

    def submit(self) -> None:
        """Check the fields and :meth:`finish` with the result (enter, ctrl+s)."""
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        """Tell the user why the text is not saved (a dialog's own error line)."""
        self.notify(text, severity="error", timeout=15, markup=False)

    # -- the draft ---------------------------------------------------------------------

    def _as_draft(self) -> Draft:
        """The fields changed since the dialog opened: taking a draft back never
        undoes what changed elsewhere meanwhile (a contact edited by another
        program, a meeting's clock that went on)."""
        return Draft(dialog=self.what, values={
            name: text for name, text in self.draft_values().items()
            if text != self._opening.get(name)})

    def on_mount(self) -> None:
        drafts = self.chat_app.drafts
        self._opening = self.draft_values()
        kept = drafts.open(self.draft_key, Draft(dialog=self.what))
        self.mount(self.draft_autosave)
        self.draft_autosave.edit(EditSession(drafts, self.draft_key, readonly=drafts.readonly))
        if kept.values:
            self.restore_draft({**self._opening, **kept.values})
            self.notify(f"{self.what}: the text you typed before is back.", markup=False)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _draft_typed(self) -> None:
        self.draft_autosave.changed()

    def keep_and_close(self, result: T | None = None) -> None:
        """Escape: close, keeping the text as a draft; a draft the disk refuses
        keeps the dialog open instead (it says why), so no text is dropped."""
        if self.draft_autosave.leave("this dialog"):
            self.dismiss(result)

    def drop_draft(self) -> None:
        """The text was used where it belongs (and the dialog stays open): no
        draft of it is kept."""
        self.draft_autosave.edit(None)
        self.chat_app.drafts.discard(self.draft_key)

    # -- saving the result -------------------------------------------------------------

    def finish(self, result: T) -> None:
        """Save ``result`` where it belongs, then close and drop the draft. A
        refusal keeps the dialog open with its text and, when the refusal may
        pass, tries again every few seconds until the save goes through."""
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
        refused = self._save(result) if self._save is not None else None
        if refused is None:
            self.drop_draft()
            self.dismiss(result)
            return
        again = (" It is tried again every few seconds; escape keeps it as a draft."
                 if refused.retryable else " Escape keeps it as a draft.")
        self.show_problem(f"Not saved: {refused.reason}. Your text stays here.{again}")
        self.draft_autosave.flush()
        if refused.retryable:
            self._retry = self.set_timer(autosaving.RETRY_DELAY, self._try_again)

    def _try_again(self) -> None:
        self._retry = None
        self.submit()
