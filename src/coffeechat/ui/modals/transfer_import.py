"""The import dialog: a path, a preview of the plan, a confirmation, a summary.

The file is read and parsed in a thread (a big export takes a moment); the plan
is made and applied on the app's own thread, where the workspace lives.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.worker import Worker, WorkerState

from coffeechat.interop.linkedin import read_connections
from coffeechat.interop.merge import (
    CREATE,
    UPDATE,
    Outcome,
    ParseResult,
    Plan,
    apply_steps,
    plan_import,
)
from coffeechat.interop.people_csv import read_people_csv
from coffeechat.interop.progress import ImportProgress
from coffeechat.interop.source import InteropError, expand
from coffeechat.interop.vcard import read_vcards
from coffeechat.storage.errors import StoreError
from coffeechat.ui.modals.transfer_common import ExistingFile, TransferDialog
from coffeechat.ui.widgets.text_field import TextField

# Writes between two breaths of the event loop (about 1 ms each).
APPLY_BATCH = 25


@dataclass(frozen=True)
class ImportKind:
    """What one import reads and how the dialog talks about it."""

    title: str
    hint: str
    placeholder: str


KINDS = {
    "linkedin": ImportKind(
        "Import LinkedIn connections",
        "LinkedIn: Settings › Data privacy › Get a copy of your data › Connections. "
        "People already here keep their values and gain the file's.",
        "~/Downloads/Connections.csv",
    ),
    "vcard": ImportKind(
        "Import a vCard file",
        "A .vcf file from your phone or address book (vCard 2.1, 3.0 or 4.0). "
        "People already here keep their values and gain the file's.",
        "~/contacts.vcf",
    ),
    "csv": ImportKind(
        "Import people from CSV",
        "A people CSV written by coffeechat (export: people as CSV), from here or "
        "another data directory. People already here keep their values and gain the "
        "file's.",
        "~/coffeechat-people.csv",
    ),
}


def _read(kind: str, text: str) -> ParseResult:
    path = expand(text)
    if kind == "csv":
        return read_people_csv(path)
    return read_connections(path) if kind == "linkedin" else read_vcards([path])


class ImportDialog(TransferDialog):
    """Import people from a LinkedIn export or a vCard file, after a preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "import_now", "Import", id="import.confirm",
                tooltip="Write what the preview shows (enter in the path previews)"),
    ]

    @dataclass
    class Imported(Message):
        """People were created or filled in; the app tells its screens."""

        slugs: frozenset[str]

    def __init__(self, kind: str) -> None:
        super().__init__(f"import.{kind}", KINDS[kind].title)
        self.kind = kind
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        spec = KINDS[self.kind]
        with Vertical(id="transfer-panel"):
            yield Label(spec.title, id="transfer-title")
            yield Static(spec.hint, classes="transfer-hint")
            yield TextField(placeholder=spec.placeholder, id="transfer-path",
                            validators=[ExistingFile()], validate_on=["changed", "submitted"])
            yield Static("", id="transfer-message")
            # Wrapped, so a long name or company is read whole at 80 columns.
            yield TextArea(id="transfer-preview", read_only=True, soft_wrap=True,
                           show_cursor=False)
            with Horizontal(id="transfer-buttons"):
                yield Button("Preview", id="transfer-preview-button", variant="primary")
                yield Button("Import (ctrl+s)", id="transfer-confirm", variant="success",
                             disabled=True)
                yield Button("Close", id="transfer-close")

    def on_mount(self) -> None:
        self.query_one("#transfer-preview", TextArea).display = False
        if self.workspace.readonly:
            self._say("This data directory is open read-only (another coffeechat has it); "
                      "you can preview but not import.", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#transfer-message", Static)
        message.update(text)
        message.set_class(error, "-error")

    @on(Input.Changed, "#transfer-path")
    def _path_changed(self, event: Input.Changed) -> None:
        # A new path makes the old preview stale.
        self.plan = None
        self.query_one("#transfer-confirm", Button).disabled = True
        if event.validation_result is not None and not event.validation_result.is_valid \
                and event.value.strip():
            self._say(event.validation_result.failure_descriptions[0], error=True)
        else:
            self._say("")

    def submit(self) -> None:
        self.preview()

    @on(Input.Submitted, "#transfer-path")
    @on(Button.Pressed, "#transfer-preview-button")
    def preview(self) -> None:
        path_input = self.query_one("#transfer-path", Input)
        result = path_input.validate(path_input.value)
        if result is not None and not result.is_valid:
            self._say(result.failure_descriptions[0], error=True)
            return
        self._say("Reading…")
        self.run_worker(lambda: _read(self.kind, path_input.value), thread=True,
                        exclusive=True, exit_on_error=False, group="transfer-read")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "transfer-read":
            return
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            text = str(error) if isinstance(error, InteropError) else f"cannot import: {error}"
            self._say(text, error=True)
        elif event.state == WorkerState.SUCCESS and event.worker.result is not None:
            self._show(plan_import(event.worker.result, self.workspace))

    def _show(self, plan: Plan) -> None:
        self.plan = plan
        preview = self.query_one("#transfer-preview", TextArea)
        preview.load_text("\n".join(action.describe() for action in plan.actions))
        preview.display = True
        preview.scroll_home(animate=False)
        writable = not self.workspace.readonly
        confirm = self.query_one("#transfer-confirm", Button)
        confirm.disabled = not (plan.changes and writable)
        if not confirm.disabled:
            confirm.focus()
        ending = (" — nothing to write" if not plan.changes else
                  " — ctrl+s imports them" if writable else "")
        self._say(f"Preview: {plan.summary()}{ending}")

    def action_import_now(self) -> None:
        if not self.query_one("#transfer-confirm", Button).disabled:
            self.confirm()
        elif self.plan is None:
            self._say("Preview first (enter), then ctrl+s imports.")

    @on(Button.Pressed, "#transfer-confirm")
    def confirm(self) -> None:
        if self.plan is None:
            return
        self.query_one("#transfer-confirm", Button).disabled = True
        self.run_worker(self._apply(self.plan), exclusive=True, group="transfer-apply")

    async def _apply(self, plan: Plan) -> None:
        # On the app's thread (the workspace is not thread-safe), yielding to the
        # event loop between small batches so a big import never freezes the screen.
        outcome = Outcome(plan)
        # The same line a terminal shows: the entries left alone count at once.
        progress = ImportProgress(len(plan.actions))
        for action in plan.actions:
            if action.kind not in (CREATE, UPDATE):
                progress.add(action)
        try:
            for done, action in enumerate(apply_steps(plan, self.workspace, outcome),
                                          start=1):
                progress.add(action)
                if done % APPLY_BATCH == 0:
                    self._say(f"Importing… {progress.line()}")
                    await asyncio.sleep(0)
        except StoreError as exc:
            self._say(str(exc), error=True)
            return
        self.plan = None
        self.drop_draft()
        self.result_text = f"Imported: {outcome.summary()}"
        failures = [f"{action.name}: {reason}" for action, reason in outcome.failed]
        self._say("\n".join([self.result_text, *failures]), error=bool(failures))
        self.query_one("#transfer-close", Button).label = "Done"
        self._tell_screens({*outcome.created, *outcome.updated})

    def _tell_screens(self, slugs: set[str]) -> None:
        """Let the app show the new people on every screen."""
        self.post_message(self.Imported(frozenset(slugs)))

    @on(Button.Pressed, "#transfer-close")
    def _close_pressed(self) -> None:
        self.action_close()
