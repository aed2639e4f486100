"""Research: Markdown notes, links and "what I want to learn" for a person or company.

Edits save themselves half a second after typing pauses (and at least every two
seconds while typing goes on), on a timer so no keystroke waits for the disk.
Only the fields edited here are written over the latest version of the record,
so changes another program made to other fields are kept.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    Static,
    TextArea,
)

from coffeechat.core.models import Company, Person
from coffeechat.core.models.schema import three_way
from coffeechat.core.people import role_line
from coffeechat.storage import ConflictError, StoreError
from coffeechat.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

SAVE_DELAY = 0.5
# Continuous typing still reaches the disk this often.
MAX_UNSAVED_SECONDS = 2.0
COLLECTIONS = {"person": "people", "company": "companies"}

Values = tuple[str, str, str]  # learn, links text, notes


def _values_of(record: Person | Company) -> Values:
    return record.learn, "\n".join(record.links), record.notes


class ResearchScreen(Screen):
    """Notes for the person or company in ``app.research_target``."""

    AREA_TITLE = "Research"
    SUB_TITLE = "Research"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_preview", "Preview", id="research.preview",
                tooltip="Switch the notes between editing and a Markdown preview"),
        Binding("ctrl+g", "company", "Company", id="research.company",
                tooltip="Open this person's company (creates it if it is new)"),
        Binding("ctrl+s", "save", "Save now", id="research.save",
                tooltip="Write now instead of waiting for the autosave"),
        Binding("ctrl+l", "load", "Load file", id="research.load",
                tooltip="Replace what is shown with the version on disk"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.slug: str | None = None
        # The stored version the editors were filled from; saves are based on it
        # so that what another program changed in other fields is kept.
        self._base: Person | Company | None = None
        self._timer: Timer | None = None
        self._dirty_since: float | None = None
        # Set when another program changed the same fields: nothing is written
        # until the user picks a version (ctrl+s keeps theirs aside first).
        self._clash = False

    @property
    def saved(self) -> Values:
        """What the editors held when last loaded or saved."""
        return _values_of(self._base) if self._base is not None else ("", "", "")

    @property
    def chat_app(self) -> CoffeeChatApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(
            "Nothing open yet. On Network, press r on a person or c for their company; "
            "or press ctrl+p and type a company's name.", id="research-empty",
        )
        with Vertical(id="research-body"):
            yield Static("", id="research-title")
            yield Label("What I want to learn from them", classes="form-label")
            yield Input(id="research-learn", placeholder="one sentence")
            yield Label("Links (one per line)", classes="form-label")
            yield TextArea(id="research-links", soft_wrap=False)
            yield Label("Notes (Markdown) — ctrl+t to preview", classes="form-label")
            with ContentSwitcher(initial="research-notes", id="research-switcher"):
                yield TextArea(id="research-notes", soft_wrap=True)
                yield Markdown("", id="research-preview")
            yield Static("", id="research-state")
        yield Footer()

    def on_mount(self) -> None:
        self.show_target()

    def on_screen_resume(self) -> None:
        self.show_target()

    # -- which record --------------------------------------------------------

    def show_target(self) -> None:
        """Open ``app.research_target`` (saving the one shown before)."""
        target = self.chat_app.research_target
        if target is None or target == (self.kind, self.slug):
            self._show_empty(self.kind is None)
            return
        self._save(report=True)
        self.kind, self.slug = target
        self.load()

    def _show_empty(self, empty: bool) -> None:
        self.query_one("#research-empty").display = empty
        self.query_one("#research-body").display = not empty

    def _collection(self) -> object:
        return getattr(self.chat_app.workspace, COLLECTIONS.get(self.kind or "", "people"))

    def _record(self) -> Person | Company | None:
        if self.slug is None or self.kind not in COLLECTIONS:
            return None
        return self._collection().get(self.slug)  # type: ignore[attr-defined]

    def load(self) -> None:
        """Show the stored version of the current record in the editors."""
        record = self._record()
        self._show_empty(False)
        title = self.query_one("#research-title", Static)
        if record is None:
            self._base = None
            gone = self.slug not in self._collection()  # type: ignore[operator]
            reason = ("no longer exists (deleted or renamed)" if gone
                      else "could not be read — see the problems list (F8)")
            title.update(Content(f"{self.slug}: this file {reason}."))
            self._set_state("Nothing to save")
            self._set_editors(("", "", ""), editable=False)
            return
        entry = self._collection().entries[self.slug]  # type: ignore[attr-defined]
        if isinstance(record, Person):
            where = role_line(record)
            heading = f"Person: {record.name or self.slug}" + (f" — {where}" if where else "")
        else:
            heading = f"Company: {record.name or self.slug}" + (
                f" — {record.industry}" if record.industry else "")
        editable = not self.chat_app.workspace.readonly and not entry.broken
        if entry.broken:
            heading += "  (file has errors: read-only until fixed, see F8)"
        title.update(Content(heading))
        self._base = record.copy()
        self._set_editors(self.saved, editable=editable)
        self._dirty_since = None
        self._clash = False
        self._set_state("Saved" if editable else "Read-only")
        if editable:
            self.query_one("#research-notes", TextArea).focus()
        self.refresh_bindings()

    def _set_editors(self, values: Values, *, editable: bool) -> None:
        learn, links, notes = values
        learn_input = self.query_one("#research-learn", Input)
        learn_input.value = learn
        learn_input.disabled = not editable
        for selector, text in (("#research-links", links), ("#research-notes", notes)):
            area = self.query_one(selector, TextArea)
            area.load_text(text)
            area.read_only = not editable
        if self.query_one(ContentSwitcher).current == "research-preview":
            self.query_one("#research-preview", Markdown).update(notes)

    def values(self) -> Values:
        return (
            self.query_one("#research-learn", Input).value,
            self.query_one("#research-links", TextArea).text,
            self.query_one("#research-notes", TextArea).text,
        )

    def refresh_data(self, changed: dict[str, set[str]]) -> None:
        kind = COLLECTIONS.get(self.kind or "")
        if kind and self.slug in changed.get(kind, set()) and self.values() == self.saved:
            self.load()

    # -- saving --------------------------------------------------------------

    @on(Input.Changed, "#research-learn")
    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self.slug is None or self.values() == self.saved:
            return
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        if self._clash:
            self._set_state("Not saved: also changed on disk — ctrl+s saves yours "
                            "(theirs kept aside), ctrl+l loads theirs")
            return
        self._set_state("Editing…")
        if self._timer is not None:
            self._timer.stop()
        overdue = now - self._dirty_since >= MAX_UNSAVED_SECONDS
        self._timer = self.set_timer(0 if overdue else SAVE_DELAY, self._autosave)

    def _autosave(self) -> None:
        if not self._clash:
            self._save(report=True)

    def flush(self) -> None:
        """Write pending edits now; a refused write propagates (quit is held back).
        While the file clashes, the store keeps the edits aside in ``conflicts/``."""
        self._save(report=False)

    def action_save(self) -> None:
        if self._clash and self.slug is not None and self._base is not None:
            # The user chose their text: the other program's version goes aside,
            # and the edits go on top of it (winning where both changed).
            collection = self._collection()
            try:
                theirs = collection.keep_copy(self.slug)  # type: ignore[attr-defined]
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                return
            fresh = collection.reload(self.slug)  # type: ignore[attr-defined]
            if fresh is None or fresh.record is None:
                self.notify("The file can no longer be read; see the problems list (F8).",
                            severity="error", timeout=10)
                return
            mine, _ = three_way(self._base, self._mine(), fresh.record)
            self._base = fresh.record.copy()
            self._clash = False
            self.notify(f"The other version was kept in {theirs}.", timeout=10)
            self._write(mine, report=True)
            return
        self._save(report=True)

    def _mine(self) -> Person | Company:
        """The version being edited: the base with the editors' values."""
        assert self._base is not None
        learn, links, notes = self.values()
        mine = self._base.copy()
        mine.learn = learn
        mine.links = [line.strip() for line in links.splitlines() if line.strip()]
        mine.notes = notes
        return mine

    def _save(self, *, report: bool) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.slug is None or self._base is None or self.values() == self.saved:
            return
        self._write(self._mine(), report=report)

    def _write(self, mine: Person | Company, *, report: bool) -> None:
        assert self.slug is not None
        values = self.values()
        try:
            written = self._collection().save(  # type: ignore[attr-defined]
                self.slug, mine, base=self._base)
        except ConflictError as exc:
            self._clash = True
            self._set_state("Also changed on disk — ctrl+s saves yours (theirs kept "
                            "aside), ctrl+l loads theirs")
            self.notify(f"{exc}. Nothing more is written until you choose: ctrl+s saves "
                        "your text, ctrl+l loads theirs.", severity="warning", timeout=20)
            return
        except StoreError as exc:
            self._set_state(f"Not saved: {exc}")
            if not report:
                raise
            self.notify(str(exc), severity="error", timeout=10)
            return
        if written != mine:
            self.notify("The file was changed elsewhere; your edits were saved on top of "
                        "those changes.", timeout=8)
        self._base = written.copy()
        self._dirty_since = None
        self._set_state("Saved" if self.values() == values else "Editing…")

    def _set_state(self, text: str) -> None:
        self.query_one("#research-state", Static).update(Content(text))

    # -- other actions -------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "load", "toggle_preview"):
            return self.slug is not None
        if action == "company":
            record = self._record()
            return (isinstance(record, Person) and bool(record.company.strip())
                    and not self.chat_app.workspace.readonly)
        return True

    def action_load(self) -> None:
        if self.slug is None:
            return
        self._collection().reload(self.slug)  # type: ignore[attr-defined]
        self.load()

    def action_toggle_preview(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current == "research-notes":
            self.query_one("#research-preview", Markdown).update(
                self.query_one("#research-notes", TextArea).text or "*No notes yet.*")
            switcher.current = "research-preview"
        else:
            switcher.current = "research-notes"
            self.query_one("#research-notes", TextArea).focus()

    def action_company(self) -> None:
        record = self._record()
        if not isinstance(record, Person) or not record.company.strip():
            return
        try:
            slug = self.chat_app.workspace.ensure_company(record.company)
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.chat_app.open_research("company", slug)
