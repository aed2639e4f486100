"""The export dialog: calendar (.ics), one interview as Markdown, an archive,
people or interviews as CSV, or people as vCard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from coffeechat.core.wording import plural
from coffeechat.interop.archive import archive_name, build_archive
from coffeechat.interop.calendar import build_calendar
from coffeechat.interop.gaps import describe_gaps, export_gaps
from coffeechat.interop.markdown import interview_markdown
from coffeechat.interop.source import InteropError, check_output, expand, write_output
from coffeechat.interop.spreadsheet import interviews_csv, people_csv
from coffeechat.interop.vcard_writer import people_vcards
from coffeechat.ui.modals.transfer_common import TransferDialog
from coffeechat.ui.widgets.text_field import TextField
from coffeechat.ui.widgets.tick_box import TickBox

REPLACE_HINT = "tick “Replace the file” to write over it"
# What a producer returns: the bytes, a summary, and what could not be read.
Produced = tuple[bytes, str, list[str]]


@dataclass(frozen=True)
class ExportKind:
    """What one export writes and how the dialog talks about it."""

    title: str
    hint: str


KINDS = {
    "calendar": ExportKind(
        "Export a calendar (.ics)",
        "Scheduled interviews become events with a reminder; follow-ups become to-dos. "
        "Import the file again after changes: entries are updated, not duplicated.",
    ),
    "markdown": ExportKind(
        "Export an interview as Markdown",
        "Everything about one interview: questions and answers, notes, referrals, "
        "follow-ups and the debrief.",
    ),
    "archive": ExportKind(
        "Export an archive (.tar.gz)",
        "A private, timestamped backup of the whole data directory "
        "(without the speed cache and the lock file).",
    ),
    "people-csv": ExportKind(
        "Export people as CSV",
        "One row per person, for a spreadsheet: contact details, tags, who introduced "
        "them, how many chats.",
    ),
    "vcard": ExportKind(
        "Export people as vCard (.vcf)",
        "Everyone, for a phone or address book: names, companies, e-mails, phones, "
        "links, notes, tags and places. Imported again, each person is updated, "
        "not duplicated.",
    ),
    "interviews-csv": ExportKind(
        "Export interviews as CSV",
        "One row per interview, for a spreadsheet: status, dates, what was asked and "
        "learned, names gained.",
    ),
}


class ExportDialog(TransferDialog):
    """Write an export to a path the user chooses; never replaces a file unasked."""

    def __init__(self, kind: str, interview: str | None = None) -> None:
        super().__init__(f"export.{kind}", KINDS[kind].title)
        self.kind = kind
        self.interview = interview
        # Set once the dialog has named what could not be read: Export again then
        # writes the rest, as ``--partial`` does on the command line.
        self.partial = False

    def compose(self) -> ComposeResult:
        spec = KINDS[self.kind]
        with Vertical(id="transfer-panel"):
            yield Label(spec.title, id="transfer-title")
            yield Static(spec.hint, classes="transfer-hint")
            if self.kind == "markdown":
                yield Select(self._interview_options(), id="transfer-interview",
                             prompt="Choose an interview", value=self._initial_interview())
            yield TextField(value=self._default_path(), id="transfer-path", offered=True,
                            placeholder="where to write the file")
            yield TickBox("Replace the file if it already exists", id="transfer-force")
            if self.kind == "vcard":
                yield TickBox("vCard 3.0, for older phones", id="transfer-v3")
            yield Static("", id="transfer-message")
            with Horizontal(id="transfer-buttons"):
                yield Button("Export", id="transfer-confirm", variant="primary")
                yield Button("Close", id="transfer-close")

    def _interview_options(self) -> list[tuple[str, str]]:
        chats = self.workspace.chat_summaries()
        name = self.workspace.person_namer(person for _, person, _ in chats if person)
        return [(f"{slug}  {name(person) if person else '?'}  [{status}]", slug)
                for slug, person, status in chats]

    def _initial_interview(self) -> str | object:
        current = self.interview or getattr(self.app, "current_interview", None)
        if current and self.workspace.interviews.get(current) is not None:
            return current
        return Select.NULL

    def _default_path(self) -> str:
        if self.kind == "calendar":
            return "coffeechat.ics"
        if self.kind == "archive":
            return archive_name()
        if self.kind.endswith("-csv"):
            return f"coffeechat-{self.kind.removesuffix('-csv')}.csv"
        if self.kind == "vcard":
            return "coffeechat-people.vcf"
        initial = self._initial_interview()
        return f"{initial}.md" if isinstance(initial, str) else ""

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#transfer-message", Static)
        message.update(text)
        message.set_class(error, "-error")

    @on(Select.Changed, "#transfer-interview")
    def _interview_chosen(self, event: Select.Changed) -> None:
        path_input = self.query_one("#transfer-path", Input)
        if isinstance(event.value, str) and (not path_input.value
                                             or path_input.value.endswith(".md")):
            path_input.value = f"{event.value}.md"

    def submit(self) -> None:
        self.export()

    @on(Input.Submitted, "#transfer-path")
    @on(Button.Pressed, "#transfer-confirm")
    def export(self) -> None:
        text = self.query_one("#transfer-path", Input).value
        if not text.strip():
            self._say("type where to write the file", error=True)
            return
        target = expand(text)
        force = self.query_one("#transfer-force", TickBox).value
        try:
            check_output(target, force=force, hint=REPLACE_HINT)
            produce = self._producer(target)
        except InteropError as exc:
            self._say(str(exc), error=True)
            return
        self._say("Writing…")
        partial = self.partial

        def work() -> str:
            data, summary, missing = produce()
            if missing and not partial:
                raise Incomplete(missing)
            write_output(target, data, force=force, hint=REPLACE_HINT)
            left_out = f"; left out, could not be read: {_named(missing)}" if missing else ""
            return f"Wrote {target}: {summary}{left_out}"

        # A large calendar or archive takes seconds: build and write it off-screen.
        self.run_worker(work, thread=True, exclusive=True, exit_on_error=False,
                        group="transfer-export")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "transfer-export":
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, Incomplete):
                self.partial = True
                self._say(f"Nothing written: could not read {_named(error.missing)}. "
                          "Press Export again to write the rest without it.", error=True)
                return
            text = str(error) if isinstance(error, InteropError) else f"cannot export: {error}"
            self._say(text, error=True)
        elif event.state == WorkerState.SUCCESS and isinstance(event.worker.result, str):
            self.result_text = event.worker.result
            self.drop_draft()
            self._say(self.result_text)
            self.query_one("#transfer-close", Button).label = "Done"

    def _producer(self, target: Path) -> Callable[[], Produced]:
        """What the worker will run: everything read from the workspace is taken here,
        on the app's thread; the worker only formats and writes."""
        workspace = self.workspace
        if self.kind == "archive":
            def archive() -> Produced:
                built = build_archive(workspace.data_dir, skip=target)
                return built.data, plural(built.files, "file"), built.unreadable
            return archive
        # Every record as a copy kept nowhere: the folders stay unread after it.
        interviews = workspace.interviews.snapshot()
        if self.kind == "calendar":
            gaps = describe_gaps(export_gaps(workspace, "calendar", interviews),
                                 workspace.data_dir)

            def calendar() -> Produced:
                data, events, todos = build_calendar(workspace, interviews)
                return data, f"{events} events and {todos} to-dos", gaps
            return calendar
        if self.kind.endswith("-csv"):
            people = workspace.people.snapshot() if self.kind == "people-csv" else []
            gaps = describe_gaps(export_gaps(workspace, self.kind, interviews),
                                 workspace.data_dir)
            named = ({slug for slug, _ in people} | {i.person for _, i in interviews}
                     | {r.person for _, i in interviews for r in i.referrals})
            # Looked up together: thousands of people, one query.
            namer = workspace.person_namer(named)
            names = {slug: namer(slug) for slug in named}

            def name_of(slug: str) -> str:
                return names.get(slug, slug)

            def table() -> Produced:
                if self.kind == "people-csv":
                    data, rows = people_csv(people, interviews, name_of)
                    return data, plural(rows, "person", "people"), gaps
                data, rows = interviews_csv(interviews, name_of)
                return data, plural(rows, "interview"), gaps
            return table
        if self.kind == "vcard":
            everyone = workspace.people.snapshot()
            version = "3.0" if self.query_one("#transfer-v3", TickBox).value else "4.0"
            gaps = describe_gaps(workspace.people.unread(), workspace.data_dir)

            def cards() -> Produced:
                data, count = people_vcards(everyone, version)
                return data, f"{plural(count, 'card')} (vCard {version})", gaps
            return cards
        chosen = self.query_one("#transfer-interview", Select).value
        interview = workspace.interviews.get(chosen) if isinstance(chosen, str) else None
        if not isinstance(chosen, str) or interview is None:
            raise InteropError("choose an interview first")
        text = interview_markdown(workspace, chosen, interview)
        gaps = describe_gaps(export_gaps(workspace, "markdown", [(chosen, interview)]),
                             workspace.data_dir)
        return lambda: (text.encode(), f"{len(text.splitlines())} lines", gaps)

    @on(Button.Pressed, "#transfer-close")
    def _close_pressed(self) -> None:
        self.action_close()


class Incomplete(Exception):
    """An export that could not read everything, not written unasked."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(_named(missing))
        self.missing = missing


def _named(missing: list[str]) -> str:
    """The first thing that could not be read, and how many more."""
    more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    return missing[0] + more
