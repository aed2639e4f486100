"""The UI glue of the editing engine: debounce timers and background writes.

A screen that edits a record mounts one :class:`Autosave` (it draws nothing) and
calls :meth:`Autosave.changed` whenever the user changes something. The first
change after a write arms a short timer; when it fires, the screen's snapshot is
taken on the UI thread and written (on a worker thread for large records), so no
keystroke waits for the disk. A refused write keeps the text in memory, says why
and tries again; a conflict stops autosaving until the user picks a version.
Every result is posted as :class:`Autosave.Saved` for the screen to react to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual import work
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget

from coffeechat.core import clock
from coffeechat.core.models.schema import Record
from coffeechat.storage.editing import EditSession, Outcome, SaveResult

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

R = TypeVar("R", bound=Record)

# How soon a refused write (a full disk, an I/O error) is tried again.
RETRY_DELAY = 2.0


class Autosave(Widget, Generic[R]):
    """Saves one screen's edits of one record, shortly after they are made."""

    DEFAULT_CSS = "Autosave { display: none; }"

    @dataclass
    class Saved(Message):
        """A write was attempted; ``snapshot`` is what the screen asked to write."""

        autosave: Autosave[Any]
        result: SaveResult[Any]
        snapshot: Any

    @dataclass
    class Landed(Message):
        """A background write finished (handled by the autosave itself)."""

        session: EditSession[Any]
        result: SaveResult[Any]
        snapshot: Any

    def __init__(
        self,
        snapshot: Callable[[], R | None],
        *,
        delay: float,
        what: str,
        in_thread: bool = False,
        quiet: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._snapshot = snapshot
        self._delay = delay
        self.what = what
        self._in_thread = in_thread
        # A screen that tells how its saves went on its own lines (Live: never
        # over the notes) takes each outcome from ``Saved`` instead of a toast.
        self.quiet = quiet
        self._timer: Timer | None = None
        self.session: EditSession[R] | None = None
        self.saved_at: dt.datetime | None = None
        self._writing = 0
        # The outcome last told to the user, so a retry loop notifies once.
        self._told: Outcome | None = None

    @property
    def chat_app(self) -> CoffeeChatApp:
        return cast("CoffeeChatApp", self.app)

    def on_mount(self) -> None:
        self.chat_app.autosaves.add(self)

    def on_unmount(self) -> None:
        self.chat_app.autosaves.discard(self)

    # -- what is edited -------------------------------------------------------------

    def edit(self, session: EditSession[R] | None) -> None:
        """Switch to another record. Call :meth:`flush` first, while the screen
        still shows the record being left: the snapshot comes from the screen."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.session = session
        self.saved_at = None
        self._told = None

    @property
    def active(self) -> bool:
        """Whether edits can be written now (no clash, a writable file)."""
        session = self.session
        return session is not None and session.writable and session.clash is None

    def current(self) -> R | None:
        """The screen's version now, written or not."""
        return self._snapshot()

    def pending(self) -> R | None:
        """The snapshot, when it holds something not yet on disk."""
        session = self.session
        if session is None or not session.writable:
            return None
        mine = self._snapshot()
        if mine is None or not (session.dirty(mine) or session.clash is not None):
            return None
        return mine

    # -- writing ----------------------------------------------------------------------

    def changed(self) -> None:
        """Something was edited: write it soon (the timer is armed only once)."""
        if self._timer is None and self.active:
            self._timer = self.set_timer(self._delay, self._write_soon)

    def _write_soon(self) -> None:
        self._timer = None
        session = self.session
        mine = self.pending()
        if session is None or mine is None or session.clash is not None:
            return
        generation = session.snapshot()
        if self._in_thread:
            self._writing += 1
            self._write_in_thread(session, mine, generation)
        else:
            self._landed(session.save(mine, generation), mine)

    @work(thread=True, group="autosave")
    def _write_in_thread(self, session: EditSession[R], mine: R, generation: int) -> None:
        self.post_message(self.Landed(session, session.save(mine, generation), mine))

    def on_autosave_landed(self, message: Landed) -> None:
        message.stop()
        self._writing -= 1
        # The screen moved on to another record meanwhile: that write is done,
        # and its result belongs to no one on screen.
        if message.session is self.session:
            self._landed(message.result, message.snapshot)

    def flush(self) -> SaveResult[R] | None:
        """Write what is pending now, on this thread (before quitting or switching);
        None when there was nothing to write."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        session = self.session
        mine = self.pending()
        if session is None or mine is None:
            return None
        result = session.save(mine)
        self._landed(result, mine)
        return result

    def write(self, mine: R) -> SaveResult[R] | None:
        """Write ``mine`` now, a version the screen has not taken up yet (a
        dialog's result), told like any save; None with no record open."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.session is None:
            return None
        result = self.session.save(mine)
        self._landed(result, mine)
        return result

    def leave(self, holder: str = "this record") -> bool:
        """Write what is pending before the screen shows another record (or a
        dialog closes); False (and a word to the user) when it could not be
        written, so ``holder`` stays open rather than drop text only in memory."""
        result = self.flush()
        if result is None or result.outcome is not Outcome.FAILED:
            return True
        self.notify(f"{self.what}: not written yet ({result.reason}), so {holder} stays "
                    "open until it is.",
                    severity="warning", timeout=10, markup=False)
        return False

    def _landed(self, result: SaveResult[R], mine: R) -> None:
        if result.ok:
            self.saved_at = clock.now()
        elif result.retryable and self._timer is None:
            self._timer = self.set_timer(RETRY_DELAY, self._write_soon)
        note = describe(result, self.what)
        if note is not None and not self.quiet and (
                result.outcome is Outcome.MERGED or result.outcome != self._told):
            message, severity = note
            self.notify(message, severity=severity, timeout=15, markup=False)
        self._told = None if result.ok else result.outcome
        self.post_message(self.Saved(self, result, mine))

    # -- what the user is told -------------------------------------------------------

    def describe_unsaved(self) -> str:
        """What is not on disk and why, for the question asked on quit."""
        session = self.session
        if session is None:
            return self.what
        where = f"{session.store.folder}/{session.slug}.yaml"
        why = session.failure.reason if session.failure is not None else "not written"
        return f"{self.what} ({where}): {why}"

    def state(self) -> str:
        """A few words for the screen's status: saved, saving, or not (the banner
        or a notification says why)."""
        session = self.session
        if session is None:
            return ""
        if session.readonly:
            return "read-only: not saving"
        if not session.writable:
            return "file has errors: not saving"
        if session.clash is not None:
            return "NOT SAVED: changed on disk too"
        if session.failure is not None:
            return "NOT SAVED: retrying" if session.failure.retryable else "NOT SAVED"
        if self._timer is not None or self._writing:
            return "saving…"
        return f"saved {self.saved_at:%H:%M:%S}" if self.saved_at else "saved"

    def keep_mine(self) -> None:
        """Resolve a clash with the user's version (theirs goes to ``conflicts/``)."""
        session = self.session
        mine = self._snapshot()
        if session is None or mine is None or session.clash is None:
            return
        result, theirs = session.keep_mine(mine)
        if theirs is not None:
            self.notify(f"The other version was kept in {theirs}.", timeout=10, markup=False)
        self._landed(result, mine)


def save_now(
    node: App[Any] | Widget, session: EditSession[R], mine: R, what: str
) -> SaveResult[R]:
    """A one-off save (a form, a follow-up marked done), told to the user the
    same way as autosaves."""
    result = session.save(mine)
    note = describe(result, what)
    if note is not None:
        message, severity = note
        node.notify(message, severity=severity, timeout=15, markup=False)
    return result


def describe(result: SaveResult[Any], what: str) -> tuple[str, SeverityLevel] | None:
    """The notification for a save, as (message, severity); None when quiet."""
    if result.outcome is Outcome.MERGED:
        return (f"{what}: the file was changed elsewhere; your edits were saved on top of "
                "those changes.", "information")
    if result.outcome is Outcome.CONFLICT:
        return (f"{what}: {result.reason}. Nothing more is written until you choose: "
                "ctrl+s keeps your version, ctrl+r loads theirs.", "warning")
    if result.outcome is Outcome.FAILED:
        again = " It is kept in memory and tried again every few seconds." \
            if result.retryable else ""
        return f"{what} not saved: {result.reason}.{again}", "error"
    return None
