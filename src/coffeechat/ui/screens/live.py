"""The Live screen: the question list beside the notes, saved as you type.

Notes are never serialised on a keystroke: the first change after a save arms
a short timer, and when it fires the text is snapshotted on the UI thread and
written by a worker thread (the editing engine makes sure an older snapshot
never lands after a newer one).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static, TextArea

from coffeechat.core import clock, lifecycle
from coffeechat.core.models.interview import Debrief, Interview, InterviewQuestion
from coffeechat.core.models.schema import three_way
from coffeechat.storage.collection import StoreError
from coffeechat.storage.editing import Outcome
from coffeechat.storage.watch import Changes
from coffeechat.ui.autosave import Autosave
from coffeechat.ui.modals.interview_debrief import DebriefModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.live_capture import Capture, CaptureNameModal
from coffeechat.ui.screens.interview_area import InterviewArea
from coffeechat.ui.widgets.interview_picker import InterviewPicker
from coffeechat.ui.widgets.live_questions import QuestionList
from coffeechat.ui.widgets.question_probes import QuestionProbes
from coffeechat.ui.widgets.status_bar import StatusBar

# Well inside the one-second promise, long enough to batch a burst of typing.
SAVE_DELAY = 0.4
EDITING_ACTIONS = frozenset({
    "tick", "skip", "next_question", "previous_question", "stamp", "add_question",
    "capture_name", "finish",
})


def _elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class LiveScreen(InterviewArea):
    """Take notes during the conversation; every word reaches disk within a second."""

    AREA_TITLE = "Live"
    SUB_TITLE = "Live"

    CSS_PATH = "live.tcss"
    PREFIX = "live"
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
        Binding("ctrl+s", "keep_mine", "Keep mine", id="live.keep_mine",
                tooltip="After a clash: write your version (theirs goes to conflicts/)"),
        Binding("ctrl+r", "reload", "Load file", id="live.reload",
                tooltip="Load the file as another program changed it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.started: dt.datetime = clock.now()
        self._shown_status = ""
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
        yield Autosave(self._snapshot, delay=SAVE_DELAY, what="Live notes", in_thread=True,
                       id="live-autosave")
        yield Footer()

    @property
    def notes(self) -> TextArea:
        return self.query_one("#live-notes", TextArea)

    @property
    def questions(self) -> QuestionList:
        return self.query_one("#live-questions", QuestionList)

    def on_mount(self) -> None:
        self.set_interval(1.0, self._refresh_status)
        self.open_current()

    def on_screen_resume(self) -> None:
        self.open_current()

    def workspace_changed(self, changes: Changes) -> None:
        """Files changed on disk were read again (after pending notes were
        written): pick up an outside edit of this interview unless a clash is
        being resolved."""
        session = self.session
        if session is None or session.clash is not None:
            return
        if changes.touches("interviews", self.slug):
            before = self.notes.text
            self.open_current(force=True)
            if self.record is not None and self.record.notes != before:
                self.notify("Another program changed this interview; showing its version.",
                            severity="warning", timeout=8, markup=False)

    # -- which interview -----------------------------------------------------------

    def open_current(self, *, force: bool = False) -> None:
        if self.chat_app.current_interview != self.slug:
            self.started = clock.now()
        super().open_current(force=force)

    def show_record(self, *, fresh: bool) -> None:
        record = self.record
        assert record is not None
        if fresh and self.notes.text != record.notes:
            self.notes.load_text(record.notes)
        self.notes.read_only = not self.writable()
        self.questions.show(record.questions, self._first_open_question())
        self.show_probes()
        self._refresh_status()
        self.notes.focus()

    def _first_open_question(self) -> int:
        assert self.record is not None
        for index, question in enumerate(self.record.questions):
            if not question.asked and not question.skipped:
                return index
        return 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reload", "keep_mine"):
            return self.clashing()
        if action in EDITING_ACTIONS:
            return self.record is not None and self.writable() and not self.clashing()
        return True

    # -- saving ------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "live-notes":
            self._changed()

    def _changed(self) -> None:
        """Something in the record changed: write it soon."""
        self.autosave.changed()

    def _snapshot(self) -> Interview | None:
        if self.record is None:
            return None
        snapshot = self.record.copy()
        snapshot.notes = self.notes.text
        return snapshot

    def on_autosave_saved(self, message: Autosave.Saved) -> None:
        result = message.result
        if result.outcome is Outcome.MERGED and result.written is not None:
            self._adopt(message.snapshot, result.written)
        self._refresh_status()
        self.refresh_bindings()

    def _adopt(self, snapshot: Interview, saved: Interview) -> None:
        """Take in what another screen changed (the save merged it), keeping the
        edits made here since ``snapshot`` was taken."""
        current = self._snapshot()
        if current is None:
            return
        merged, _ = three_way(snapshot, current, saved)
        self.record = merged
        self.questions.show(merged.questions, self.current_question() or 0)
        self.show_probes()

    # -- status ------------------------------------------------------------------

    def _refresh_status(self) -> None:
        record = self.record
        if record is None:
            return
        workspace = self.chat_app.workspace
        who = " · ".join(part for part in (workspace.person_name(record.person),
                                           record.company, record.status) if part)
        elapsed = _elapsed((clock.now() - self.started).total_seconds())
        planned = f" of {record.duration} min" if record.duration else ""
        asked = sum(1 for question in record.questions if question.asked)
        state = self.autosave.state() if self.session is not None else ""
        status = (f"{who}   ⏱ {elapsed}{planned}   {asked}/{len(record.questions)} asked   "
                  f"[{state}]")
        # The status line is one row high whatever it says: no layout pass, so a
        # tick of the clock repaints one line, not the whole screen.
        if status != self._shown_status:
            self._shown_status = status
            self.query_one("#live-status", Static).update(status, layout=False)
        message = self.save_problem()
        if message != self._shown_banner:
            self._shown_banner = message
            banner = self.query_one("#live-banner", Static)
            banner.display = bool(message)
            banner.update(message)

    # -- questions ---------------------------------------------------------------

    def _mark(self, *, asked: bool) -> None:
        index = self.current_question()
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
            index = self.current_question()
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
        name = self.chat_app.workspace.person_name(self.record.person)
        self.app.push_screen(CaptureNameModal(name), self._captured)

    def _captured(self, capture: Capture | None) -> None:
        if capture is None or self.record is None:
            return
        workspace = self.chat_app.workspace
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
        name = self.chat_app.workspace.person_name(self.record.person)
        self.app.push_screen(DebriefModal(self.record.debrief, name), self._finished)

    def _finished(self, debrief: Debrief | None) -> None:
        if debrief is None or self.record is None:
            return
        before = len(self.record.followups)
        person = self.chat_app.workspace.people.get(self.record.person)
        self.record = lifecycle.end_interview(self.record, debrief, person)
        self._changed()
        self.autosave.flush()
        queued = len(self.record.followups) - before
        self.notify(f"Interview done; {queued} follow-up(s) queued (F6 to see them).", markup=False)
        self._refresh_status()
