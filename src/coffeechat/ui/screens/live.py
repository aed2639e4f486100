"""The Live screen: the question list beside the notes, saved as you type.

Notes are never serialised on a keystroke: the first change after a save arms
a short timer, and when it fires the text is snapshotted on the UI thread and
written by a worker thread (the editing engine makes sure an older snapshot
never lands after a newer one).

The clock is the meeting's, not the screen's: it starts when the meeting is
started (ctrl+g, or the first note typed close to its time: ``core.when``),
which is written to the file as ``held``, so after a crash it goes on from
there; ending the meeting stops it. Before that, what is typed is kept as prep
notes, shown above the notes once the meeting has begun.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static, TextArea

from coffeechat.core import clock, lifecycle, when
from coffeechat.core.models.interview import OPEN_STATUSES, Interview, InterviewQuestion
from coffeechat.core.models.schema import three_way
from coffeechat.core.wording import plural
from coffeechat.storage.editing import Outcome
from coffeechat.storage.errors import StoreError
from coffeechat.storage.watch import Changes
from coffeechat.ui.autosave import Autosave
from coffeechat.ui.modals.drafts import Refused, refused
from coffeechat.ui.modals.interview_debrief import DebriefModal, Ending
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.live_capture import Capture, CaptureNameModal
from coffeechat.ui.screens.interview_area import InterviewArea
from coffeechat.ui.widgets.blank import BlankHorizontal, BlankVertical
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.interview_picker import InterviewPicker
from coffeechat.ui.widgets.live_questions import QuestionList
from coffeechat.ui.widgets.question_probes import QuestionProbes
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.text_match import select_match

# Inside the one-second promise with room for the write; long enough that a
# burst of typing in a long note costs one encode and one index update.
SAVE_DELAY = 0.6
# How long a word on how a save went stands in for the name on the status line.
NOTE_SECONDS = 10.0
EDITING_ACTIONS = frozenset({
    "tick", "skip", "next_question", "previous_question", "stamp", "add_question",
    "capture_name", "finish", "start",
})
GAP = "  "


def _elapsed(seconds: float) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def meeting_clock(record: Interview, now: dt.datetime) -> str:
    """The clock part of the status line: not started, running, or how long it was."""
    planned = f" of {record.duration} min" if record.duration else ""
    if record.status in OPEN_STATUSES:
        if record.held is None:
            # Typing starts it only close to its time: else say which key does.
            if record.scheduled is None:
                return "⏱ no date: ^g starts"
            if now < record.scheduled - when.EARLY_START:
                return "⏱ prep notes: ^g starts"
            if when.typing_starts(record, now):
                return f"⏱ not started{planned}"
            return "⏱ not started: ^g starts"
        return f"⏱ {_elapsed((now - record.held).total_seconds())}{planned}"
    if record.status == "done":
        held = f"held {record.held_minutes} min" if record.held_minutes else "held"
        return f"{held} · alt+r: its record"
    return record.status


def fit_status(who: str, tail: str, width: int) -> str:
    """``who`` and ``tail`` on one line of ``width`` cells: the name is shortened
    (with …) before anything in ``tail`` — the clock, the count, the save state.
    Widths are terminal cells: a Chinese or Japanese letter takes two."""
    room = width - cell_len(tail) - len(GAP)
    if cell_len(who) > room:
        who = set_cell_size(who, room - 1) + "…" if room > 1 else ""
    return f"{who}{GAP}{tail}" if who else tail


class LiveScreen(InterviewArea):
    """Take notes during the conversation; every word reaches disk within a second."""

    AREA_TITLE = "Live"
    SUB_TITLE = "Live"

    CSS_PATH = "live.tcss"
    PREFIX = "live"
    READ_ONLY_REFUSED = EDITING_ACTIONS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+g", "start", "Start", id="live.start",
                tooltip="Start the clock now (a note typed from 30 minutes before the "
                        "scheduled time starts it too)"),
        Binding("ctrl+n", "capture_name", "Another name", id="live.capture_name",
                tooltip="Add a referral (new contact + reach-out) without leaving the notes"),
        Binding("ctrl+t", "tick", "Tick", id="live.tick",
                tooltip="Mark the current question asked and move to the next"),
        # Priority: the notes would otherwise take an alt key for its letter.
        Binding("alt+s", "skip", "Skip", id="live.skip", show=False, priority=True,
                tooltip="Skip the current question"),
        Binding("alt+down", "next_question", "Next Q", id="live.next_question",
                tooltip="Move to the next question"),
        Binding("alt+up", "previous_question", "Prev Q", id="live.previous_question",
                tooltip="Move to the previous question"),
        Binding("ctrl+l", "stamp", "Stamp time", id="live.stamp",
                tooltip="Insert the time, like [10:03], at the cursor"),
        Binding("alt+a", "add_question", "Add Q", id="live.add_question", priority=True,
                tooltip="Add a question the conversation raised"),
        # Shift and Live's F5 (f17 in some terminals): never typed by accident,
        # and ctrl+f is where most programs find.
        Binding("shift+f5,f17", "finish", "End meeting", id="live.finish",
                tooltip="Write the debrief, mark it done and queue the thank-yous"),
        Binding("ctrl+s", "keep_mine", "Keep mine", id="live.keep_mine",
                tooltip="After a clash: write your version (theirs goes to conflicts/)"),
        Binding("ctrl+r", "reload", "Load file", id="live.reload",
                tooltip="Load the file as another program changed it"),
        Binding("ctrl+end", "notes_edge(True)", "End of notes", id="live.notes_end",
                show=False, tooltip="Put the cursor after the last word of the notes"),
        Binding("ctrl+home", "notes_edge(False)", "Start of notes", id="live.notes_start",
                show=False, tooltip="Put the cursor before the first word of the notes"),
    ]
    # At 80 columns the footer has room for five keys: these, in this order.
    FOOTER_KEYS = ("live.start", "live.keep_mine", "live.reload", "live.finish",
                   "live.capture_name", "live.add_question", "live.tick", "live.stamp")

    def __init__(self) -> None:
        super().__init__()
        self._shown_status = ""
        self._shown_banner: str | None = None
        self._key_state: tuple[bool, bool] | None = None
        # The notes box holds the prep notes: the meeting has not begun.
        self._prep = False
        # A word for the status line, and until when (monotonic) it is shown.
        self._note: tuple[str, float] | None = None

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield InterviewPicker("No interview is open for notes. Pick one (enter; alt+r "
                              "shows its record), or open one from Home or Network.",
                              id="live-picker")
        with BlankVertical(id="live-main"):
            yield Static(id="live-status", markup=False)
            yield Static(id="live-banner", markup=False)
            yield Static(id="live-prep", markup=False)
            with BlankHorizontal(id="live-body"):
                with BlankVertical(id="live-side"):
                    yield QuestionList(id="live-questions")
                    yield QuestionProbes("Probes:", id="live-probes")
                yield TextArea(id="live-notes", soft_wrap=True)
        # Quiet: how a save went is said above the notes (the banner, the status
        # line), never in a toast over them in the middle of a meeting.
        yield Autosave(self._snapshot, delay=SAVE_DELAY, what="Live notes", in_thread=True,
                       quiet=True, id="live-autosave")
        yield KeyFooter()

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
            if self.record is not None and self.notes.text != before:
                self._say("reloaded: edited elsewhere")

    # -- which interview -----------------------------------------------------------

    def show_record(self, *, fresh: bool) -> None:
        record = self.record
        assert record is not None
        self.chat_app.resumed(self.slug)
        if fresh:
            self._prep = (record.held is None and record.status in OPEN_STATUSES
                          and not record.notes
                          and not when.typing_starts(record, clock.now()))
            text = record.prep_notes if self._prep else record.notes
            if self.notes.text != text:
                self.notes.load_text(text)
            # New words go after the old ones.
            self.notes.move_cursor(self.notes.document.end)
        self.notes.read_only = not self.writable()
        self.questions.show(record.questions, self._first_open_question())
        self.show_probes()
        self._show_prep()
        self._refresh_status()
        self.notes.focus()
        select_match(self.notes, self.words_asked())

    def _first_open_question(self) -> int:
        assert self.record is not None
        for index, question in enumerate(self.record.questions):
            if not question.asked and not question.skipped:
                return index
        return 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reload", "keep_mine"):
            return self.clashing()
        if action == "start" and not self._can_start():
            return False
        if action in EDITING_ACTIONS:
            return self.record is not None and self.writable() and not self.clashing()
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.check_action("start", ()):
            yield SystemCommand("live: start the meeting", "Start the meeting's clock (ctrl+g)",
                                self.action_start)
        if self.record is not None and self.check_action("finish", ()):
            yield SystemCommand("live: end the meeting",
                                "When it was held, for how long, and a debrief; queues the "
                                "thank-yous (shift+F5)", self.action_finish)

    def _can_start(self) -> bool:
        record = self.record
        return record is not None and record.held is None and record.status in OPEN_STATUSES

    # -- saving ------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "live-notes":
            return
        # Loading the notes posts this too; only words typed start the meeting, and
        # only close to its time (before, they are prep notes). The text is
        # compared only until then: it is a copy of the whole note.
        if self._can_start() and not self._prep and self.writable() \
                and self.record is not None and event.text_area.text != self.record.notes \
                and when.typing_starts(self.record, clock.now()):
            self._start()
        self._changed()

    def action_start(self) -> None:
        if self._can_start():
            self._start()
            self._changed()
            self.notes.focus()

    def _start(self) -> None:
        assert self.record is not None
        self._leave_prep()
        self.record = lifecycle.start_meeting(self.record)
        self._refresh_status()
        self.refresh_bindings()

    def _leave_prep(self) -> None:
        """The meeting's notes take the box; what was typed so far stays, as prep."""
        if not self._prep or self.record is None:
            return
        self.record.prep_notes = self.notes.text
        self._prep = False
        self.notes.load_text(self.record.notes)
        self.notes.move_cursor(self.notes.document.end)
        self._show_prep()
        self._changed()

    def _show_prep(self) -> None:
        """Prep notes above the meeting's notes; while they are what is typed, the
        box says so."""
        record = self.record
        prep = self.query_one("#live-prep", Static)
        shown = record is not None and bool(record.prep_notes.strip()) and not self._prep
        prep.display = shown
        if shown and record is not None:
            prep.update("Prep: " + " · ".join(line.strip() for line in
                                               record.prep_notes.splitlines() if line.strip()))
        self.notes.border_title = "Prep notes (before the meeting)" if self._prep else None

    def action_notes_edge(self, end: bool) -> None:
        notes = self.notes
        notes.move_cursor(notes.document.end if end else (0, 0))
        notes.focus()

    def _changed(self) -> None:
        """Something in the record changed: write it soon."""
        self.autosave.changed()

    def _snapshot(self) -> Interview | None:
        if self.record is None:
            return None
        snapshot = self.record.copy()
        if self._prep:
            snapshot.prep_notes = self.notes.text
        else:
            snapshot.notes = self.notes.text
        return snapshot

    def on_autosave_saved(self, message: Autosave.Saved) -> None:
        result = message.result
        if result.outcome is Outcome.MERGED and result.written is not None:
            self._adopt(message.snapshot, result.written)
            self._say("merged with another edit")
        self._refresh_status()
        # The footer rebuilds itself on every refresh_bindings(): only ask when
        # which keys apply may have changed, not after every save while typing.
        key_state = (self.writable(), self.clashing())
        if key_state != self._key_state:
            self._key_state = key_state
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

    def _say(self, note: str) -> None:
        """Tell something on the status line for a while, in place of the name
        (a clash or a refused write stays in the banner until it is resolved)."""
        self._note = (note, time.monotonic() + NOTE_SECONDS)
        self._refresh_status()

    def _refresh_status(self) -> None:
        record = self.record
        if record is None:
            return
        if self._prep and when.typing_starts(record, clock.now()):
            # The meeting's time has come: what is typed from now on is the meeting's.
            self._leave_prep()
        workspace = self.chat_app.workspace
        who = " · ".join(part for part in (workspace.person_name(record.person),
                                           record.company, record.status) if part)
        if self._note is not None:
            note, until = self._note
            if time.monotonic() < until:
                who = note
            else:
                self._note = None
        asked = sum(1 for question in record.questions if question.asked)
        state = self.autosave.state() if self.session is not None else ""
        tail = GAP.join(part for part in (
            meeting_clock(record, clock.now()), f"{asked}/{len(record.questions)} asked",
            f"[{state}]" if state else "") if part)
        line = self.query_one("#live-status", Static)
        status = fit_status(who, tail, (line.size.width or self.app.size.width) - 2)
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
                                             "raise?", draft_key=self.draft_key("question")),
                             added)

    # -- another name and the end ------------------------------------------------

    def action_capture_name(self) -> None:
        if self.record is None:
            return
        workspace = self.chat_app.workspace
        name = workspace.person_name(self.record.person)
        self.app.push_screen(CaptureNameModal(name, workspace.namesakes(),
                                              draft_key=self.draft_key("another-name"),
                                              save=self._captured))

    def _captured(self, capture: Capture) -> Refused | None:
        """Add the referral while the form is open: a refusal keeps it open."""
        if self.record is None:
            return None
        workspace = self.chat_app.workspace
        if capture.existing is not None:
            # Already in the network: link that person, never a second one.
            self.record = lifecycle.add_referral(self.record, capture.existing, capture.why,
                                                 may_mention=capture.may_mention)
            self._changed()
            self.notify(f"Linked {workspace.person_name(capture.existing)}, already in your "
                        "network; a reach-out is queued for tomorrow.", markup=False)
            return None
        person = lifecycle.referral_person(
            capture.name, self.record.person,
            interviewee_name=workspace.person_name(self.record.person),
            company=capture.company, title=capture.title, why=capture.why)
        try:
            slug = workspace.people.add(person)
        except (StoreError, OSError) as exc:
            return refused(exc)
        self.record = lifecycle.add_referral(self.record, slug, capture.why,
                                             may_mention=capture.may_mention)
        self._changed()
        self.notify(f"Added {capture.name}; a reach-out is queued for tomorrow.", markup=False)
        return None

    def action_finish(self) -> None:
        record = self.record
        if record is None:
            return
        name = self.chat_app.workspace.person_name(record.person)
        # The clock's figures when plausible, for the user to confirm or correct.
        guess = when.guess_ending(record, clock.now())
        self.app.push_screen(DebriefModal(record.debrief, name, guess.held, guess.minutes,
                                          note=guess.note, draft_key=self.draft_key("debrief"),
                                          save=self._end))

    def _end(self, ending: Ending) -> Refused | None:
        """End the meeting with the debrief, written before the dialog closes: a
        refusal keeps the dialog open with the text (and the meeting going)."""
        current = self._snapshot()
        if current is None:
            return None
        before = len(current.followups)
        person = self.chat_app.workspace.people.get(current.person)
        ended = lifecycle.end_interview(current, ending.debrief, person,
                                        held=ending.held, minutes=ending.minutes)
        result = self.autosave.write(ended)
        if result is not None and result.outcome is Outcome.FAILED:
            return Refused(result.reason, result.retryable)
        self.record = ended
        queued = len(ended.followups) - before
        self.notify(f"Interview done; {plural(queued, 'follow-up')} queued (F6 to see them).",
                    markup=False)
        self._refresh_status()
        self.refresh_bindings()
        return None
