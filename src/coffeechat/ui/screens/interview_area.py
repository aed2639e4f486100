"""What Plan and Live share: one interview being edited, chosen from a picker
when none is open, its question list with probes, and the editing engine's
clash keys (ctrl+s keeps your version, ctrl+r loads the file)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from coffeechat.core.models.interview import Interview
from coffeechat.storage.editing import EditSession
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.autosave import Autosave
from coffeechat.ui.navigation import OpenChat
from coffeechat.ui.widgets.interview_picker import InterviewPicker
from coffeechat.ui.widgets.question_probes import QuestionProbes


class InterviewArea(AreaScreen):
    """An area showing the chat in hand (``app.current_interview``) as an
    editable working copy.

    Subclasses compose an ``InterviewPicker`` (``#<PREFIX>-picker``), the main
    part it stands in for (``#<PREFIX>-main``), an ``OptionList`` of questions
    (``#<PREFIX>-questions``), ``QuestionProbes`` (``#<PREFIX>-probes``) and an
    ``Autosave``, and fill themselves in :meth:`show_record`.
    """

    PREFIX: ClassVar[str] = ""
    # Priority: a text area would otherwise take alt+r for an "r".
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("alt+r", "chat_record", "Record", id="record.open", show=False, priority=True,
                tooltip="The chat's record: when it was held, notes, answers, debrief, "
                        "names gained, promises and follow-ups"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.slug: str | None = None
        # The working copy; the session saves it on top of whatever the other
        # area (or another program) wrote meanwhile instead of undoing it.
        self.record: Interview | None = None
        self.session: EditSession[Interview] | None = None

    @property
    def autosave(self) -> Autosave[Interview]:
        return self.query_one(Autosave)

    def show_record(self, *, fresh: bool) -> None:
        """Show ``self.record``; ``fresh`` when it was just read from the store."""

    def draft_key(self, dialog: str) -> str:
        """Where a dialog about this interview keeps its draft (a chat not yet
        written: by its person)."""
        person = self.record.person if self.record is not None else ""
        return f"{dialog}.{self.slug or f'new-chat-{person}'}"

    def on_screen_suspend(self) -> None:
        self.autosave.flush()

    def show_target(self) -> None:
        self.open_current()

    def action_chat_record(self) -> None:
        """The record of this chat, or of the one highlighted in the picker."""
        picker = self.query_one(f"#{self.PREFIX}-picker", InterviewPicker)
        slug = picker.highlighted_slug() if picker.display else self.slug
        if slug is not None:
            self.chat_app.open_record(slug)

    def on_interview_picker_picked(self, event: InterviewPicker.Picked) -> None:
        self.chat_app.hold_chat(event.slug)
        self.open_current()

    def words_asked(self) -> tuple[str, ...]:
        """The words to put the cursor on, when this chat was asked for with
        them (``OpenChat`` from Search); once."""
        request = self.take_request(OpenChat)
        return request.words if request is not None and request.slug == self.slug else ()

    def open_current(self, *, force: bool = False) -> None:
        """Show ``app.current_interview``, or the picker when there is none (or it
        cannot be read). ``force`` reads the stored version again unless the
        working copy holds something not yet written."""
        workspace = self.chat_app.workspace
        slug = self.chat_app.current_interview
        if slug != self.slug and self.slug is not None and not self.autosave.leave():
            slug = self.slug
            self.chat_app.hold_chat(slug)
        if slug != self.slug:
            self.slug = slug
            self.record = None
            self.session = None
            self.autosave.edit(None)
        # The chat alone, from its row or its file: never the folder read whole.
        record = workspace.interviews.lookup(slug) if slug else None
        self.query_one(f"#{self.PREFIX}-picker", InterviewPicker).stand_in_for(
            self.query_one(f"#{self.PREFIX}-main"), workspace, needed=record is None)
        if record is None or slug is None:
            broken = workspace.interviews.unreadable_one(slug) if slug else None
            if broken is not None:
                problems = "; ".join(problem.format(workspace.data_dir)
                                     for problem in broken.problems)
                self.notify(f"{broken.path.name} cannot be read: {problems}",
                            severity="error", timeout=10, markup=False)
            self.refresh_bindings()
            return
        fresh = self.record is None or (force and self.autosave.pending() is None)
        if fresh:
            self.session = EditSession(workspace.interviews, slug, readonly=workspace.readonly)
            self.autosave.edit(self.session)
            self.record = self.session.load()
        self.show_record(fresh=fresh)
        self.refresh_bindings()

    def writable(self) -> bool:
        return self.session is not None and self.session.writable

    def clashing(self) -> bool:
        return self.session is not None and self.session.clash is not None

    def save_problem(self) -> str:
        """Why edits here are not being written, for the screen's banner; empty
        when all is well."""
        if self.chat_app.readonly_note:
            return ""  # the status bar says it, on every screen
        session = self.session
        if session is None:
            return ""
        if not session.writable:
            return "This interview file has errors (see the problems list); it is not saved."
        if session.clash is not None:
            # Two lines at 80 columns, above the notes: where the versions are
            # kept is on F8.
            fields = f" ({', '.join(session.clash.fields)})" if session.clash.fields else ""
            return (f"Not saved: changed elsewhere too{fields}; yours is kept aside (F8). "
                    "ctrl+s keeps your version, ctrl+r loads theirs.")
        if session.failure is not None:
            again = ("Your text is kept in memory and saving is retried."
                     if session.failure.retryable else "Change it and it is saved again.")
            return f"Not saved: {session.failure.reason}. {again}"
        return ""

    # -- the clash keys ------------------------------------------------------------

    def action_keep_mine(self) -> None:
        self.autosave.keep_mine()

    def action_reload(self) -> None:
        """After a clash: show the file as it is now; our version stays in conflicts/."""
        session = self.session
        if session is None or session.clash is None:
            return
        kept = session.clash.kept
        record = session.reload()
        if record is None:
            self.notify(f"The interview file is gone; your version is kept in {kept}",
                        severity="error", timeout=10, markup=False)
            return
        self.record = record
        self.show_record(fresh=True)
        self.refresh_bindings()
        self.notify(f"Reloaded from disk; your version is kept in {kept}", timeout=10,
                    markup=False)

    # -- questions -----------------------------------------------------------------

    def current_question(self) -> int | None:
        if self.record is None or not self.record.questions:
            return None
        return self.query_one(f"#{self.PREFIX}-questions", OptionList).highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == f"{self.PREFIX}-questions":
            self.show_probes()

    def show_probes(self) -> None:
        index = self.current_question()
        record = self.record
        question = record.questions[index] if index is not None and record else None
        self.query_one(f"#{self.PREFIX}-probes", QuestionProbes).show(
            question, self.chat_app.workspace.banks)
