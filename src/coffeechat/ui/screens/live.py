"""The Live screen: the question list beside the notes, saved as you type.

Notes are never serialised on a keystroke: the first change after a save arms
a short timer, and when it fires the text is snapshotted on the UI thread and
written by a thread worker. One lock serialises every write of this screen, and
a generation counter makes sure an older snapshot never lands after a newer one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static, TextArea
from textual.worker import get_current_worker

from coffeechat.core import clock, lifecycle
from coffeechat.core.models.interview import Debrief, Interview, InterviewQuestion
from coffeechat.core.models.schema import three_way
from coffeechat.storage.collection import ConflictError, StoreError
from coffeechat.ui.modals.interview_debrief import DebriefModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.live_capture import Capture, CaptureNameModal
from coffeechat.ui.widgets.interview_picker import InterviewPicker
from coffeechat.ui.widgets.live_questions import QuestionList
from coffeechat.ui.widgets.question_probes import QuestionProbes
from coffeechat.ui.widgets.status_bar import StatusBar

# Well inside the one-second promise, long enough to batch a burst of typing.
SAVE_DELAY = 0.4
RETRY_DELAY = 2.0
EDITING_ACTIONS = frozenset({
    "tick", "skip", "next_question", "previous_question", "stamp", "add_question",
    "capture_name", "finish",
})


@dataclass
class SaveDone(Message):
    """A background write finished (``error`` is None on success)."""

    slug: str
    generation: int
    error: Exception | None = None
    # What was written (merged with other screens' changes) and the snapshot
    # this screen asked to write.
    saved: Interview | None = None
    snapshot: Interview | None = None


def _elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class LiveScreen(Screen):
    """Take notes during the conversation; every word reaches disk within a second."""

    AREA_TITLE = "Live"
    SUB_TITLE = "Live"

    CSS_PATH = "live.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "capture_name", "Another name", id="live.capture_name",
                tooltip="Add a referral (new contact + reach-out) without leaving the notes"),
        Binding("ctrl+t", "tick", "Tick", id="live.tick",
                tooltip="Mark the current question asked and move to the next"),
        Binding("ctrl+b", "skip", "Skip", id="live.skip", show=False,
                tooltip="Skip the current question"),
        Binding("alt+down", "next_question", "Next Q", id="live.next_question",
                tooltip="Move to the next question"),
        Binding("alt+up", "previous_question", "Prev Q", id="live.previous_question",
                tooltip="Move to the previous question"),
        Binding("ctrl+l", "stamp", "Stamp time", id="live.stamp",
                tooltip="Insert the time, like [10:03], at the cursor"),
        Binding("ctrl+o", "add_question", "Add Q", id="live.add_question",
                tooltip="Add a question the conversation raised"),
        Binding("ctrl+f", "finish", "End meeting", id="live.finish",
                tooltip="Write the debrief, mark it done and queue the thank-yous"),
        Binding("ctrl+r", "reload", "Reload", id="live.reload",
                tooltip="Load the file as another program changed it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.slug: str | None = None
        self.record: Interview | None = None
        self.started: dt.datetime = clock.now()
        self._generation = 0
        self._saved: dict[str, int] = {}
        self._save_lock = threading.Lock()
        self._timer: Timer | None = None
        self._pending_loads = 0
        self._conflict: ConflictError | None = None
        self._kept_generation = -1
        self._error: str | None = None
        self._saved_at: dt.datetime | None = None
        self._shown_status = ""
        # The notes as last loaded or written, so ``flush`` also catches an edit
        # whose Changed message has not been handled yet.
        self._saved_notes = ""
        # The stored version this screen last loaded or wrote (guarded by the
        # save lock): a save applies only what changed since then, so what the
        # Plan screen wrote meanwhile is merged rather than undone.
        self._synced: Interview | None = None
        self._shown_banner: str | None = None

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield InterviewPicker("No interview is open for notes. Pick one (enter), or open "
                              "one from Home or Network.", id="live-picker")
        with Vertical(id="live-main"):
            yield Static(id="live-status", markup=False)
            yield Static(id="live-banner", markup=False)
            with Horizontal(id="live-body"):
                with Vertical(id="live-side"):
                    yield QuestionList(id="live-questions")
                    yield QuestionProbes("Probes:", id="live-probes")
                yield TextArea(id="live-notes", soft_wrap=True)
        yield Footer()

    @property
    def notes(self) -> TextArea:
        return self.query_one("#live-notes", TextArea)

    @property
    def questions(self) -> QuestionList:
        return self.query_one("#live-questions", QuestionList)

    def on_mount(self) -> None:
        self.set_interval(1.0, self._refresh_status)
        self._open_current()

    def on_screen_resume(self) -> None:
        self._open_current()

    def on_screen_suspend(self) -> None:
        self._flush_quietly()

    def show_target(self) -> None:
        self._open_current()

    def refresh_data(self, changed: dict[str, set[str]]) -> None:
        """Files changed on disk were reloaded (after ``flush``): pick up an
        outside edit of this interview unless a conflict is being resolved."""
        if self.slug is None or self._conflict is not None:
            return
        if self.slug in changed.get("interviews", set()):
            before = self.notes.text
            self._open_current()
            if self.record is not None and self.record.notes != before:
                self.notify("Another program changed this interview; showing its version.",
                            severity="warning", timeout=8, markup=False)

    # -- which interview -----------------------------------------------------------

    def _open_current(self) -> None:
        workspace = self.app.workspace
        slug = self.app.current_interview
        if slug != self.slug:
            self._flush_quietly()
            self.slug = slug
            self.record = None
            self.started = clock.now()
            self._conflict = None
            self._error = None
        entry = workspace.interviews.entries.get(slug) if slug else None
        record = entry.record if entry is not None else None
        self.query_one("#live-picker", InterviewPicker).stand_in_for(
            self.query_one("#live-main"), workspace, needed=record is None)
        if record is None:
            if entry is not None:
                problems = "; ".join(problem.format(workspace.data_dir)
                                     for problem in entry.problems)
                self.notify(f"{entry.path.name} cannot be read: {problems}",
                            severity="error", timeout=10, markup=False)
            self.refresh_bindings()
            return
        assert slug is not None
        fresh = self.record is None
        unsaved = not fresh and self._generation > self._saved.get(slug, -1)
        # Never replace text that is not on disk yet (a failed save, a conflict).
        if fresh or not (unsaved or self._conflict is not None):
            self.record = record.copy()
            self._saved[slug] = self._generation
            self._saved_notes = record.notes
            with self._save_lock:
                self._synced = record.copy()
            if fresh or self.notes.text != record.notes:
                self._pending_loads += 1
                self.notes.load_text(record.notes)
        assert self.record is not None
        self.notes.read_only = not self._writable()
        self.questions.show(self.record.questions, self._first_open_question())
        self._show_probes()
        self._refresh_status()
        self.notes.focus()
        self.refresh_bindings()

    def on_interview_picker_picked(self, event: InterviewPicker.Picked) -> None:
        self.app.current_interview = event.slug
        self._open_current()

    def _first_open_question(self) -> int:
        assert self.record is not None
        for index, question in enumerate(self.record.questions):
            if not question.asked and not question.skipped:
                return index
        return 0

    def _writable(self) -> bool:
        workspace = self.app.workspace
        entry = workspace.interviews.entries.get(self.slug or "")
        return not workspace.readonly and entry is not None and not entry.broken

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reload":
            return self._conflict is not None
        if action in EDITING_ACTIONS:
            return self.record is not None and self._writable() and self._conflict is None
        return True

    # -- saving ------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "live-notes":
            return
        if self._pending_loads:
            self._pending_loads -= 1
            return
        self._changed()

    def _changed(self) -> None:
        """Something in the record changed: arm the save timer (once)."""
        self._generation += 1
        if self._timer is None and self._can_autosave():
            self._timer = self.set_timer(SAVE_DELAY, self._save_soon)

    def _can_autosave(self) -> bool:
        return self.record is not None and self._writable() and self._conflict is None

    def _snapshot(self) -> Interview:
        assert self.record is not None
        snapshot = self.record.copy()
        snapshot.notes = self.notes.text
        return snapshot

    def _save_soon(self) -> None:
        self._timer = None
        if self.slug is None or not self._can_autosave():
            return
        if self._generation > self._saved.get(self.slug, -1):
            self._write(self.slug, self._snapshot(), self._generation)

    @work(thread=True, exclusive=True, group="live-save")
    def _write(self, slug: str, snapshot: Interview, generation: int) -> None:
        if get_current_worker().is_cancelled:
            return
        error, saved = self._store(slug, snapshot, generation)
        self.post_message(SaveDone(slug, generation, error, saved, snapshot))

    def _store(
        self, slug: str, snapshot: Interview, generation: int
    ) -> tuple[Exception | None, Interview | None]:
        """Write under the lock unless a newer snapshot already landed; returns
        the error, or what was written (merged with other screens' changes)."""
        with self._save_lock:
            if generation <= self._saved.get(slug, -1):
                return None, None
            base = self._synced if slug == self.slug else None
            try:
                saved = self.app.workspace.interviews.save(slug, snapshot, base=base)
            except (StoreError, OSError) as exc:
                return exc, None
            self._saved[slug] = generation
            if slug == self.slug:
                self._saved_notes = snapshot.notes
                self._synced = saved.copy()
            return None, saved

    def on_save_done(self, message: SaveDone) -> None:
        if message.slug != self.slug:
            return
        self._after_save(message.generation, message.error, message.saved, message.snapshot)

    def _after_save(
        self,
        generation: int,
        error: Exception | None,
        saved: Interview | None = None,
        snapshot: Interview | None = None,
    ) -> None:
        if saved is not None and snapshot is not None and self.record is not None:
            self._adopt(snapshot, saved)
        if error is None:
            self._error = None
            self._saved_at = clock.now()
        elif isinstance(error, ConflictError):
            self._conflict = error
            self._kept_generation = generation
            self.refresh_bindings()
        else:
            self._error = str(error) if isinstance(error, StoreError) else (
                f"could not write the file: {getattr(error, 'strerror', None) or error}")
            if self._timer is None:
                self._timer = self.set_timer(RETRY_DELAY, self._save_soon)
        self._refresh_status()

    def _adopt(self, snapshot: Interview, saved: Interview) -> None:
        """Take in what another screen changed (the save merged it), keeping the
        edits made here since ``snapshot`` was taken."""
        if saved == snapshot:
            return
        merged, _ = three_way(snapshot, self._snapshot(), saved)
        self.record = merged
        self.questions.show(merged.questions, self._current() or 0)
        self._show_probes()

    def _flush_quietly(self) -> None:
        """``flush`` for event handlers: a failure is already on screen, and an
        exception here would take the app down."""
        with contextlib.suppress(StoreError):
            self.flush()

    def flush(self) -> None:
        """Write pending changes now, on this thread (before exit or switching)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        slug = self.slug
        if slug is None or self.record is None or not self._writable():
            return
        snapshot = self._snapshot()
        if snapshot.notes != self._saved_notes and self._generation <= self._saved.get(slug, -1):
            self._generation += 1
        generation = self._generation
        if generation <= self._saved.get(slug, -1) or generation == self._kept_generation:
            return
        error, saved = self._store(slug, snapshot, generation)
        self._after_save(generation, error, saved, snapshot)
        # A conflict already kept our text under conflicts/ and is on screen;
        # anything else must stop the app quitting as if all were saved.
        if isinstance(error, ConflictError) or error is None:
            return
        if isinstance(error, StoreError):
            raise error
        raise StoreError(f"the notes could not be saved: {self._error}") from error

    def action_reload(self) -> None:
        """After a conflict: show the file as it is now; our text stays in conflicts/."""
        if self.slug is None or self._conflict is None:
            return
        kept = self._conflict.kept
        if self.app.workspace.interviews.reload(self.slug) is None:
            self.notify("The interview file is gone; your notes are kept in "
                        f"{kept}", severity="error", timeout=10, markup=False)
            return
        self._conflict = None
        self.record = None
        self._open_current()
        self.notify(f"Reloaded from disk. Your version is kept in {kept}", timeout=10, markup=False)

    # -- status ------------------------------------------------------------------

    def _save_state(self) -> str:
        workspace = self.app.workspace
        if workspace.readonly:
            return "read-only: not saving"
        if not self._writable():
            return "file has errors: not saving"
        if self._conflict is not None:
            return "NOT SAVED (conflict)"
        if self._error is not None:
            return "NOT SAVED (retrying)"
        if self.slug and self._generation > self._saved.get(self.slug, -1):
            return "saving…"
        return f"saved {self._saved_at:%H:%M:%S}" if self._saved_at else "saved"

    def _refresh_status(self) -> None:
        record = self.record
        if record is None:
            return
        workspace = self.app.workspace
        who = " · ".join(part for part in (workspace.person_name(record.person),
                                           record.company, record.status) if part)
        elapsed = _elapsed((clock.now() - self.started).total_seconds())
        planned = f" of {record.duration} min" if record.duration else ""
        asked = sum(1 for question in record.questions if question.asked)
        status = (f"{who}   ⏱ {elapsed}{planned}   {asked}/{len(record.questions)} asked   "
                  f"[{self._save_state()}]")
        # The status line is one row high whatever it says: no layout pass, so a
        # tick of the clock repaints one line, not the whole screen.
        if status != self._shown_status:
            self._shown_status = status
            self.query_one("#live-status", Static).update(status, layout=False)
        message = self._banner_text()
        if message != self._shown_banner:
            self._shown_banner = message
            banner = self.query_one("#live-banner", Static)
            banner.display = bool(message)
            banner.update(message)

    def _banner_text(self) -> str:
        workspace = self.app.workspace
        if workspace.readonly:
            who = f" ({workspace.lock_holder})" if workspace.lock_holder else ""
            return (f"Read-only: another coffeechat{who} has this data folder open. "
                    "Notes here are not saved; close the other one first.")
        if not self._writable():
            return "This interview file has errors (see the problems list); it is not saved."
        if self._conflict is not None:
            return (f"Autosave paused: {self._conflict}. Your text stays here; "
                    "ctrl+r loads the file as it is on disk now.")
        if self._error is not None:
            return f"Not saved: {self._error}. Retrying."
        return ""

    # -- questions ---------------------------------------------------------------

    def _current(self) -> int | None:
        if self.record is None or not self.record.questions:
            return None
        return self.questions.highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "live-questions":
            self._show_probes()

    def _show_probes(self) -> None:
        index = self._current()
        question = self.record.questions[index] if index is not None and self.record else None
        self.query_one("#live-probes", QuestionProbes).show(question, self.app.workspace.banks)

    def _mark(self, *, asked: bool) -> None:
        index = self._current()
        if index is None or self.record is None:
            return
        question = self.record.questions[index]
        if asked:
            question.asked = not question.asked
            question.skipped = False
        else:
            question.skipped = not question.skipped
            question.asked = False
        self.questions.update_row(index, question)
        if question.asked or question.skipped:
            self._move_to_next_open(index)
        self._changed()
        self._refresh_status()

    def _move_to_next_open(self, index: int) -> None:
        assert self.record is not None
        questions = self.record.questions
        for step in range(1, len(questions)):
            candidate = (index + step) % len(questions)
            if not questions[candidate].asked and not questions[candidate].skipped:
                self.questions.highlighted = candidate
                return

    def action_tick(self) -> None:
        self._mark(asked=True)

    def action_skip(self) -> None:
        self._mark(asked=False)

    def action_next_question(self) -> None:
        self.questions.action_cursor_down()

    def action_previous_question(self) -> None:
        self.questions.action_cursor_up()

    def action_stamp(self) -> None:
        notes = self.notes
        prefix = "\n" if notes.cursor_location[1] > 0 else ""
        notes.insert(f"{prefix}[{clock.now():%H:%M}] ")
        notes.focus()

    def action_add_question(self) -> None:
        def added(text: str | None) -> None:
            if text is None or self.record is None:
                return
            index = self._current()
            at = len(self.record.questions) if index is None else index + 1
            self.record.questions.insert(at, InterviewQuestion(text=text))
            self.questions.show(self.record.questions, at)
            self._changed()

        self.app.push_screen(TextPromptModal("Add a question", "What did the conversation "
                                             "raise?"), added)

    # -- another name and the end ------------------------------------------------

    def action_capture_name(self) -> None:
        if self.record is None:
            return
        name = self.app.workspace.person_name(self.record.person)
        self.app.push_screen(CaptureNameModal(name), self._captured)

    def _captured(self, capture: Capture | None) -> None:
        if capture is None or self.record is None:
            return
        workspace = self.app.workspace
        person = lifecycle.referral_person(
            capture.name, self.record.person,
            interviewee_name=workspace.person_name(self.record.person),
            company=capture.company, title=capture.title, why=capture.why)
        try:
            slug = workspace.people.add(person)
        except (StoreError, OSError) as exc:
            self.notify(f"{capture.name} was not added: {exc}",
                        severity="error", timeout=10, markup=False)
            return
        self.record = lifecycle.add_referral(self.record, slug, capture.why)
        self._changed()
        self.notify(f"Added {capture.name}; a reach-out is queued for tomorrow.", markup=False)

    def action_finish(self) -> None:
        if self.record is None:
            return
        name = self.app.workspace.person_name(self.record.person)
        self.app.push_screen(DebriefModal(self.record.debrief, name), self._finished)

    def _finished(self, debrief: Debrief | None) -> None:
        if debrief is None or self.record is None:
            return
        before = len(self.record.followups)
        person = self.app.workspace.people.get(self.record.person)
        self.record = lifecycle.end_interview(self.record, debrief, person)
        self._changed()
        self._flush_quietly()
        queued = len(self.record.followups) - before
        self.notify(f"Interview done; {queued} follow-up(s) queued (F6 to see them).", markup=False)
        self._refresh_status()
