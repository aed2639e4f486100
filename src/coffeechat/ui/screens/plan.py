"""The Plan screen: goals, intent, format and time, and the question list.

Every change is applied to a working copy of the interview and saved shortly
after (a plan is small, so the save runs on the UI thread); leaving the screen
or quitting writes anything still pending. A new chat starts as a plan with no
file, written only once something is entered in it, so opening one by mistake
leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from coffeechat.core import clock, lifecycle
from coffeechat.core.models.codecs import one_of
from coffeechat.core.models.goals import goal_title
from coffeechat.core.models.interview import (
    FORMATS,
    OUTREACH_KINDS,
    STATUSES,
    Interview,
    InterviewQuestion,
)
from coffeechat.core.questions import merge_proposed, propose
from coffeechat.core.when import read_datetime, read_minutes
from coffeechat.core.wording import plural
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.editing import reason as store_reason
from coffeechat.storage.errors import StoreError
from coffeechat.storage.watch import Changes
from coffeechat.ui.autosave import Autosave
from coffeechat.ui.modals.bank_browser import BankBrowserModal
from coffeechat.ui.modals.confirm import ConfirmModal
from coffeechat.ui.modals.interview_outreach import OutreachModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.navigation import NewChatFor
from coffeechat.ui.screens.interview_area import InterviewArea
from coffeechat.ui.widgets.fitting_label import FittingLabel
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.goal_list import GoalList
from coffeechat.ui.widgets.interview_picker import InterviewPicker
from coffeechat.ui.widgets.plan_checklist import Checklist
from coffeechat.ui.widgets.plan_questions import PlanQuestionList
from coffeechat.ui.widgets.question_probes import QuestionProbes
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.text_field import TextField
from coffeechat.ui.widgets.text_match import first_containing

SAVE_DELAY = 0.5
EDITING_ACTIONS = frozenset({
    "propose", "move_question", "drop_question", "add_question", "browse_banks",
    "log_outreach", "add_promise", "save", "new_chat", "delete",
})


class PlanScreen(InterviewArea):
    """Prepare one interview."""

    AREA_TITLE = "Plan"
    SUB_TITLE = "Plan"

    CSS_PATH = "plan.tcss"
    PREFIX = "plan"
    READ_ONLY_REFUSED = EDITING_ACTIONS | {"restore"}
    BINDINGS: ClassVar[list[BindingType]] = [
        # b for the banks, as in the question list's b (pick from a bank).
        Binding("ctrl+b", "propose", "Propose questions", id="plan.propose",
                tooltip="Add the questions the banks propose for the chosen goals"),
        # Priority: a text field would otherwise take an alt key for its letter.
        Binding("alt+q", "switch_side", "⇄ Questions", id="plan.switch_side", priority=True,
                tooltip="Jump between the form and the question list"),
        Binding("alt+l", "log_outreach", "Outreach", id="plan.outreach", priority=True,
                tooltip="Record an ask, a reply or a reminder"),
        Binding("alt+p", "add_promise", "Promise", id="plan.promise", priority=True,
                tooltip="Record something they offered to do, to nudge later"),
        # F3 (Research) opens the person's notes; alt+c their company's, as on
        # Network and Research. shift+F3 too where the terminal sends it as a
        # key (xterm's reads as a cursor report; some send f15).
        Binding("alt+c,shift+f3,f15", "research('company')", "Company notes",
                id="plan.company_notes", priority=True,
                tooltip="The research notes on their company"),
        Binding("ctrl+s", "save", "Save", id="plan.save", show=False,
                tooltip="Save now (changes are also saved as you go)"),
        Binding("ctrl+r", "reload", "Load file", id="plan.reload",
                tooltip="Load the file as another program changed it"),
        Binding("ctrl+n", "new_chat", "Another chat", id="plan.new_chat",
                tooltip="Plan another chat with the same person (written once you enter "
                        "something)"),
        Binding("ctrl+d", "delete", "Delete chat", id="plan.delete",
                tooltip="Move this chat to the trash (ctrl+z brings it back)"),
        Binding("ctrl+z", "restore", "Undo", id="plan.restore",
                tooltip="Bring back the last question dropped or chat deleted"),
    ]
    FOOTER_KEYS = ("plan.propose", "plan.switch_side", "plan.outreach", "plan.restore",
                   "plan.promise", "plan.delete", "plan.new_chat")

    def __init__(self) -> None:
        super().__init__()
        # Deleted chats, the latest last: ctrl+z brings one back.
        self.trash: list[Path] = []
        # Questions dropped with x, newest last, as (chat, where it was, question).
        self.dropped: list[tuple[str | None, int, InterviewQuestion]] = []
        # The chat whose form was last shown: the focus starts at the goals of
        # another chat, and stays where it was when the same one is read again
        # (written by another program while a field is being typed in).
        self._form_of: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield InterviewPicker("No interview is open. Pick one to plan (enter), or create "
                              "one from a contact on the Network screen.", id="plan-picker")
        with Vertical(id="plan-main"):
            yield Static(id="plan-title", markup=False)
            yield Static(id="plan-banner", markup=False)
            with Horizontal(id="plan-body"):
                with VerticalScroll(id="plan-form"):
                    yield Label("Goals (space ticks one)")
                    yield GoalList(id="plan-goals")
                    # Labels fit the narrowest form (36 cells at 80 columns) whole.
                    yield Label("Intent: what do you want to learn?")
                    yield TextField(id="plan-intent", placeholder="e.g. How does a PM at a "
                                    "retailer decide what to build?")
                    with Horizontal(classes="plan-row"):
                        with Vertical():
                            yield Label("Format")
                            yield Select([(fmt, fmt) for fmt in FORMATS], id="plan-format",
                                         prompt="not set", tooltip="In-person is best")
                        with Vertical():
                            yield Label("Status")
                            yield Select([(status, status) for status in STATUSES],
                                         id="plan-status", allow_blank=False)
                    with Horizontal(classes="plan-row"):
                        with Vertical():
                            yield Label("When (date schedules it)")
                            yield TextField(id="plan-when", placeholder="YYYY-MM-DD HH:MM")
                        with Vertical(classes="plan-minutes"):
                            yield Label("Minutes")
                            yield TextField(id="plan-duration")
                    yield Static(id="plan-error", classes="plan-error", markup=False)
                    yield Checklist(id="plan-checklist")
                with Vertical(id="plan-side"):
                    # The question list's keys in full where they fit on one line.
                    yield FittingLabel("Questions: shift+↑/↓ move · x drop · a add · b from a bank",
                                       "Questions: x drop · a add · b bank")
                    yield PlanQuestionList(id="plan-questions")
                    yield QuestionProbes("Follow-up probes:", id="plan-probes")
        yield Autosave(self._snapshot, delay=SAVE_DELAY, what="The plan", id="plan-autosave")
        yield KeyFooter()

    # -- which interview -----------------------------------------------------------

    def _snapshot(self) -> Interview | None:
        return self.record.copy() if self.record is not None else None

    def on_mount(self) -> None:
        self.open_current()

    def on_screen_resume(self) -> None:
        self.open_current(force=self._stale())

    def _stale(self) -> bool:
        """Whether the stored interview moved on (Live wrote it) since the form
        was filled."""
        if self.slug is None or self.session is None or self.session.base is None:
            return False
        return self.chat_app.workspace.interviews.get(self.slug) != self.session.base

    def workspace_changed(self, changes: Changes) -> None:
        if changes.touches("interviews", self.slug) and not self._written_here():
            self.open_current(force=True)
        elif self.record is not None:
            self._show_checklist()

    def show_record(self, *, fresh: bool) -> None:
        if fresh:
            self._fill_form()
            if self.slug is None or self.slug != self._form_of or self.focused is None:
                self.query_one("#plan-goals", SelectionList).focus()
            self._form_of = self.slug
        self._show_header()
        if words := self.words_asked():
            self._reveal(words)

    def _reveal(self, words: tuple[str, ...]) -> None:
        """Put the cursor where Search found ``words``: on the question whose
        answer holds them (shown beside the list), or in the intent."""
        assert self.record is not None
        answers = [question.answer for question in self.record.questions]
        index = first_containing(answers, words)
        if index is not None:
            questions = self.query_one("#plan-questions", PlanQuestionList)
            questions.highlighted = index
            questions.focus()
        elif first_containing([self.record.intent], words) is not None:
            self.query_one("#plan-intent", Input).focus()

    def open_current(self, *, force: bool = False) -> None:
        new_chat = self.take_request(NewChatFor)
        if self.chat_app.current_interview is not None:
            super().open_current(force=force)
        elif new_chat is not None:
            self._open_draft(new_chat.person)
        elif self.slug is not None or self.record is None:
            # Not a new chat shown, waiting for its first words: the picker.
            super().open_current(force=force)

    def _open_draft(self, person: str) -> None:
        """A new chat with ``person``: the form, with no file behind it yet."""
        if self.slug is None and self.record is not None and self.record.person == person:
            return
        if self.slug is not None and not self.autosave.leave():
            self.chat_app.hold_chat(self.slug)
            return
        self.slug = None
        self.session = None
        self.autosave.edit(None)
        workspace = self.chat_app.workspace
        found = workspace.people.get(person)
        self.record = Interview(person=person, company=found.company if found else "",
                                created=clock.today())
        self.query_one("#plan-picker", InterviewPicker).stand_in_for(
            self.query_one("#plan-main"), workspace, needed=False)
        self.show_record(fresh=True)
        self.refresh_bindings()

    def _written_here(self) -> bool:
        """Whether the stored interview is the version this screen last wrote (a
        change this screen announced itself)."""
        session = self.session
        return (session is not None and session.base is not None and self.slug is not None
                and self.chat_app.workspace.interviews.get(self.slug) == session.base)

    def _draft(self) -> bool:
        return self.slug is None and self.record is not None

    def writable(self) -> bool:
        # A draft is written as soon as it has something in it.
        return (self._draft() and not self.chat_app.workspace.readonly) or super().writable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reload":
            return self.clashing()
        if action == "restore":
            return (bool(self.trash) or self._last_dropped() is not None) \
                and not self.chat_app.workspace.readonly
        if action in ("new_chat", "delete") and self._draft():
            return False
        if action in EDITING_ACTIONS:
            return self.record is not None and self.writable()
        if action in ("research", "switch_side"):
            return self.record is not None
        return True

    # -- the form ----------------------------------------------------------------

    def _fill_form(self) -> None:
        record = self.record
        assert record is not None
        goals = self.query_one("#plan-goals", SelectionList)
        goals.clear_options()
        known = self.chat_app.workspace.banks.goals()
        known += [goal for goal in record.goals if goal not in known]
        goals.add_options([(Text(goal_title(goal)), goal, goal in record.goals)
                           for goal in known])
        # Highlighted from the start, so the first space ticks a goal.
        goals.highlighted = 0 if known else None
        self.query_one("#plan-intent", Input).value = record.intent
        self.query_one("#plan-format", Select).value = (
            record.format if record.format in FORMATS else Select.NULL)
        self.query_one("#plan-status", Select).value = record.status
        self.query_one("#plan-when", Input).value = (
            f"{record.scheduled:%Y-%m-%d %H:%M}" if record.scheduled else "")
        self.query_one("#plan-duration", Input).value = (
            str(record.duration) if record.duration else "")
        self.query_one("#plan-error", Static).update("")
        for field in self.query("#plan-form Input").results(Input):
            if not field.has_focus:
                field.cursor_position = 0  # at rest: the start of the text
        self._show_questions(0)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        # A field at rest shows the start of its text, not where typing ended.
        event.input.cursor_position = 0

    def _show_header(self) -> None:
        record = self.record
        assert record is not None
        workspace = self.chat_app.workspace
        who = workspace.person_name(record.person)
        at = f" at {record.company}" if record.company else ""
        where = self.slug or "new: saved once you enter something"
        status: str = record.status
        if record.status == "done":
            # What happened is in the chat's record, not on this form.
            held = f" {record.held:%a %d %b %H:%M}" if record.held else ""
            status = f"done{held} · alt+r: its record"
        self.query_one("#plan-title", Static).update(
            f"Plan: {who}{at} · {status} · {where}")
        banner = self.query_one("#plan-banner", Static)
        message = self.save_problem()
        banner.display = bool(message)
        banner.update(message)
        self._show_checklist()

    def _show_checklist(self) -> None:
        if self.record is not None:
            self.query_one("#plan-checklist", Checklist).show(self.chat_app.workspace, self.record)

    def _show_questions(self, current: int | None) -> None:
        assert self.record is not None
        self.query_one("#plan-questions", PlanQuestionList).show(self.record.questions,
                                                                 current)
        self.show_probes()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._sync_form()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._sync_form()

    def on_selection_list_selected_changed(
        self, event: SelectionList.SelectedChanged[str]
    ) -> None:
        self._sync_form()

    def _sync_form(self) -> None:
        """Copy the form into the working record; save only if something changed."""
        record = self.record
        if record is None:
            return
        before = record.copy()
        chosen = set(self.query_one("#plan-goals", SelectionList).selected)
        kept = [goal for goal in record.goals if goal in chosen]
        record.goals = kept + sorted(chosen.difference(kept))
        record.intent = self.query_one("#plan-intent", Input).value
        fmt = self.query_one("#plan-format", Select).value
        record.format = one_of(FORMATS, fmt if isinstance(fmt, str) else "") or ""
        status = self.query_one("#plan-status", Select).value
        chosen_status = one_of(STATUSES, status if isinstance(status, str) else "")
        if chosen_status is not None:
            record.status = chosen_status
        errors = []
        try:
            when = read_datetime(self.query_one("#plan-when", Input).value, "When")
        except ValueError as exc:
            errors.append(str(exc))
        else:
            if when != record.scheduled:
                # The status follows the date; the Status field can still override it.
                scheduled = lifecycle.schedule(record, when)
                record.scheduled, record.status = scheduled.scheduled, scheduled.status
                self.query_one("#plan-status", Select).value = record.status
        try:
            record.duration = read_minutes(self.query_one("#plan-duration", Input).value)
        except ValueError as exc:
            errors.append(str(exc))
        self.query_one("#plan-error", Static).update("\n".join(errors))
        if record != before:
            self._changed()

    # -- saving ------------------------------------------------------------------

    def _changed(self) -> None:
        if self._draft() and not self._write_draft():
            return
        self.autosave.changed()
        self._show_header()

    def _write_draft(self) -> bool:
        """The new chat has something in it: write its file and edit that from now on."""
        assert self.record is not None
        workspace = self.chat_app.workspace
        try:
            slug = workspace.new_interview(self.record.copy())
        except (StoreError, OSError) as exc:
            self.notify(f"The chat was not saved: {store_reason(exc)}", severity="error",
                        timeout=15, markup=False)
            return False
        self.slug = slug
        self.chat_app.hold_chat(slug)
        self.session = EditSession(workspace.interviews, slug, readonly=workspace.readonly)
        self.autosave.edit(self.session)
        self.chat_app.workspace_changed.publish(Changes({"interviews": frozenset({slug})}))
        return True

    def on_autosave_saved(self, message: Autosave.Saved) -> None:
        result = message.result
        if result.outcome is Outcome.MERGED and result.written is not None:
            # The save took in what another screen wrote meanwhile: show it.
            self.record = result.written.copy()
            self._fill_form()
        self._show_header()
        self.refresh_bindings()

    def action_save(self) -> None:
        session = self.session
        if session is not None and session.clash is not None:
            self.autosave.keep_mine()
            return
        result = self.autosave.flush()
        if result is None or result.ok:
            self.notify("Plan saved.", markup=False)

    # -- questions ---------------------------------------------------------------

    def action_propose(self) -> None:
        if self.record is None:
            return
        if not self.record.goals:
            self.notify("Choose at least one goal first.", severity="warning", markup=False)
            return
        banks = self.chat_app.workspace.banks
        before = len(self.record.questions)
        self.record.questions = merge_proposed(
            self.record.questions, propose(self.record.goals, banks), banks)
        added = len(self.record.questions) - before
        self._show_questions(0)
        self._changed()
        self.notify(f"{plural(added, 'question')} added." if added else
                    "Every proposed question is already on the list.", markup=False)

    def action_move_question(self, delta: int) -> None:
        index = self.current_question()
        if index is None or self.record is None:
            return
        target = index + delta
        questions = self.record.questions
        if not 0 <= target < len(questions):
            return
        questions[index], questions[target] = questions[target], questions[index]
        self._show_questions(target)
        self._changed()

    def action_drop_question(self) -> None:
        index = self.current_question()
        if index is None or self.record is None:
            return
        self.dropped.append((self.slug, index, self.record.questions.pop(index)))
        self._show_questions(min(index, len(self.record.questions) - 1))
        self._changed()
        self.refresh_bindings()
        self.notify("Question dropped; ctrl+z brings it back.", markup=False)

    def _last_dropped(self) -> tuple[int, InterviewQuestion] | None:
        """The question last dropped from the chat shown, if it is the last one dropped."""
        if not self.dropped or self.record is None or self.dropped[-1][0] != self.slug:
            return None
        return self.dropped[-1][1:]

    def _insert(self, question: InterviewQuestion) -> None:
        assert self.record is not None
        index = self.current_question()
        at = len(self.record.questions) if index is None else index + 1
        self.record.questions.insert(at, question)
        self._show_questions(at)
        self._changed()

    def action_add_question(self) -> None:
        def added(text: str | None) -> None:
            if text is not None and self.record is not None:
                self._insert(InterviewQuestion(text=text))

        self.app.push_screen(TextPromptModal("Add your own question",
                                             draft_key=self.draft_key("question")),
                             added)

    def action_browse_banks(self) -> None:
        if self.record is None:
            return

        def picked(question: InterviewQuestion | None) -> None:
            if question is not None and self.record is not None:
                self._insert(question)

        self.app.push_screen(BankBrowserModal(self.chat_app.workspace.banks, self.record.goals),
                             picked)

    # -- outreach, promises, research ----------------------------------------------

    def action_log_outreach(self) -> None:
        if self.record is None:
            return

        def logged(result: tuple[str, str, str] | None) -> None:
            if result is None or self.record is None:
                return
            channel, text, kind = result
            self.record = lifecycle.log_outreach(self.record, channel, text,
                                                 kind=one_of(OUTREACH_KINDS, kind) or "")
            self.query_one("#plan-status", Select).value = self.record.status
            self._changed()
            what = {"ask": "Ask", "reply": "Reply"}.get(kind, "Outreach")
            # Without an employer the ask cannot follow a target's rhythm.
            unplaced = (" This chat names no company, so no target employer's follow-up "
                        "rhythm applies to it." if kind == "ask"
                        and not self.record.company.strip() else "")
            self.notify(f"{what} logged ({channel}).{unplaced}", markup=False)

        name = self.chat_app.workspace.person_name(self.record.person)
        # A first outreach is usually the ask; after it, more often their reply.
        self.app.push_screen(OutreachModal(name, "reply" if self.record.outreach else "ask",
                                           draft_key=self.draft_key("outreach")),
                             logged)

    def action_add_promise(self) -> None:
        if self.record is None:
            return

        def promised(text: str | None) -> None:
            if text is None or self.record is None:
                return
            self.record = lifecycle.add_promise(self.record, self.record.person, text)
            self._changed()
            self.notify("Promise recorded; Follow-ups will nudge if it goes quiet.", markup=False)

        name = self.chat_app.workspace.person_name(self.record.person)
        self.app.push_screen(TextPromptModal(f"What did {name} promise?",
                                             "Introduce me to Sam on the data team",
                                             draft_key=self.draft_key("promise")),
                             promised)

    def highlighted(self) -> tuple[str | None, str | None]:
        if self.record is None:
            return None, self.slug
        person = self.record.person
        return person if person in self.chat_app.workspace.people else None, self.slug

    def action_research(self, kind: str) -> None:
        if self.record is None:
            return
        workspace = self.chat_app.workspace
        if kind == "person":
            slug: str | None = self.record.person if self.record.person in workspace.people \
                else None
            title = workspace.person_name(self.record.person)
        else:
            slug = workspace.company_slug_for(self.record.company)
            title = self.record.company or "their company"
        if slug is None:
            self.notify(f"No {kind} file for {title} yet.", severity="warning", markup=False)
            return
        self.chat_app.open_research(kind, slug)

    # -- another chat, deleting --------------------------------------------------------

    def action_switch_side(self) -> None:
        questions = self.query_one("#plan-questions", PlanQuestionList)
        if questions.has_focus:
            self.query_one("#plan-goals", SelectionList).focus()
        else:
            questions.focus()

    def action_new_chat(self) -> None:
        if self.record is not None:
            self.chat_app.plan_new_chat(self.record.person)

    def action_delete(self) -> None:
        slug, record = self.slug, self.record
        if slug is None or record is None:
            return
        who = self.chat_app.workspace.person_name(record.person)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(slug)

        self.app.push_screen(ConfirmModal(
            f"Delete the chat with {who} ({slug})? The file moves to the trash and ctrl+z "
            "brings it back.", confirm_label="Delete"), confirmed)

    def _delete(self, slug: str) -> None:
        self.autosave.flush()
        workspace = self.chat_app.workspace
        try:
            trashed = workspace.interviews.delete(slug)
        except (StoreError, OSError) as exc:
            self.notify(f"Not deleted: {store_reason(exc)}", severity="error", markup=False)
            return
        self.trash.append(trashed)
        self.slug = self.record = self.session = None
        self.autosave.edit(None)
        self.chat_app.hold_chat(None)
        self.chat_app.update_problems()
        self.chat_app.workspace_changed.publish(Changes({"interviews": frozenset({slug})}))
        self.open_current()
        self.notify("Moved the chat to the trash. ctrl+z brings it back.", markup=False)

    def action_restore(self) -> None:
        if (last := self._last_dropped()) is not None and self.record is not None:
            self.dropped.pop()
            index, question = last
            at = min(index, len(self.record.questions))
            self.record.questions.insert(at, question)
            self._show_questions(at)
            self._changed()
            self.refresh_bindings()
            self.notify("The question is back.", markup=False)
            return
        if not self.trash:
            return
        trashed = self.trash.pop()
        try:
            slug = self.chat_app.workspace.interviews.restore(trashed)
        except (StoreError, OSError) as exc:
            self.trash.append(trashed)
            self.notify(f"Not restored: {store_reason(exc)}", severity="error", markup=False)
            return
        self.chat_app.update_problems()
        self.chat_app.workspace_changed.publish(Changes({"interviews": frozenset({slug})}))
        self.chat_app.open_interview(slug, "plan")
        self.notify("The chat is back.", markup=False)
