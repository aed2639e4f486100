"""Research: Markdown notes, links and "what I want to learn" for a person or company.

Edits save themselves half a second after the first change (the editing engine
merges them onto the latest version of the record, so changes another program
made to other fields are kept).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import (
    ContentSwitcher,
    Header,
    Input,
    Label,
    Markdown,
    Static,
    TextArea,
)

from coffeechat.core.models import Company, Person
from coffeechat.core.people import role_line
from coffeechat.storage import Collection, StoreError
from coffeechat.storage.editing import EditSession
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.autosave import Autosave
from coffeechat.ui.navigation import OpenResearch
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.text_field import TextField
from coffeechat.ui.widgets.text_match import select_match

SAVE_DELAY = 0.5
COLLECTIONS = {"person": "people", "company": "companies"}

Values = tuple[str, str, str]  # learn, links text, notes


def _values_of(record: Person | Company) -> Values:
    return record.learn, "\n".join(record.links), record.notes


class ResearchScreen(AreaScreen):
    """Notes for a person or a company, the one last asked for (``OpenResearch``)."""

    AREA_TITLE = "Research"
    SUB_TITLE = "Research"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the notes would otherwise take an alt key for its letter.
        Binding("alt+m", "toggle_preview", "Preview", id="research.preview", priority=True,
                tooltip="Switch the notes between editing and a Markdown preview"),
        Binding("alt+c", "company", "Company", id="research.company", priority=True,
                tooltip="Open this person's company (creates it if it is new)"),
        Binding("ctrl+s", "save", "Save now", id="research.save",
                tooltip="Write now; after a clash, keep your version (theirs goes aside)"),
        Binding("ctrl+r", "load", "Load file", id="research.load",
                tooltip="Replace what is shown with the version on disk"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.slug: str | None = None
        self.session: EditSession[Any] | None = None

    @property
    def saved(self) -> Values:
        """What the editors held when last loaded or saved."""
        base = self.session.base if self.session is not None else None
        return _values_of(base) if base is not None else ("", "", "")

    @property
    def autosave(self) -> Autosave[Any]:
        return self.query_one("#research-autosave", Autosave)

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(
            "Nothing open yet. On Network, F3 opens a person's notes and alt+c their "
            "company's; or press ctrl+p and type a name.", id="research-empty",
        )
        with Vertical(id="research-body"):
            yield Static("", id="research-title")
            yield Label("What I want to learn from them", classes="form-label")
            yield TextField(id="research-learn", placeholder="one sentence")
            yield Label("Links (one per line)", classes="form-label")
            yield TextArea(id="research-links", soft_wrap=False)
            yield Label("Notes (Markdown) — alt+m to preview", classes="form-label")
            with ContentSwitcher(initial="research-notes", id="research-switcher"):
                yield TextArea(id="research-notes", soft_wrap=True)
                yield Markdown("", id="research-preview")
            yield Static("", id="research-state")
        yield Autosave(self._mine, delay=SAVE_DELAY, what="Research notes",
                       id="research-autosave")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_target()

    def on_screen_resume(self) -> None:
        self.show_target()

    # -- which record --------------------------------------------------------

    def show_target(self) -> None:
        """Open the record asked for (saving the one shown before)."""
        request = self.take_request(OpenResearch)
        target = (request.kind, request.slug) if request is not None else None
        if target is None or target == (self.kind, self.slug):
            self._show_empty(self.kind is None)
        elif not self.autosave.leave() and self.kind is not None and self.slug is not None:
            return
        else:
            self.kind, self.slug = target
            self.load()
        if self.kind in COLLECTIONS and request is not None:
            select_match(self.query_one("#research-notes", TextArea), request.words)

    def _show_empty(self, empty: bool) -> None:
        self.query_one("#research-empty").display = empty
        self.query_one("#research-body").display = not empty

    def _collection(self) -> Collection[Any]:
        workspace = self.chat_app.workspace
        return workspace.companies if self.kind == "company" else workspace.people

    def _record(self) -> Person | Company | None:
        if self.slug is None or self.kind not in COLLECTIONS:
            return None
        workspace = self.chat_app.workspace
        if self.kind == "company":
            return workspace.companies.get(self.slug)
        return workspace.people.get(self.slug)

    def load(self) -> None:
        """Show the stored version of the current record in the editors."""
        if self.slug is None:
            return
        workspace = self.chat_app.workspace
        self.session = EditSession(self._collection(), self.slug, readonly=workspace.readonly)
        self.autosave.edit(self.session)
        record = self.session.base
        self._show_empty(False)
        title = self.query_one("#research-title", Static)
        if record is None:
            gone = self.slug not in self._collection()
            reason = ("no longer exists (deleted or renamed)" if gone
                      else "could not be read — see the problems list (F8)")
            title.update(Content(f"{self.slug}: this file {reason}."))
            self._set_state("Nothing to save")
            self._set_editors(("", "", ""), editable=False)
            return
        if isinstance(record, Person):
            where = role_line(record)
            heading = f"Person: {record.name or self.slug}" + (f" — {where}" if where else "")
        else:
            heading = f"Company: {record.name or self.slug}" + (
                f" — {record.industry}" if record.industry else "")
        editable = self.session.writable
        if not editable and not workspace.readonly:
            heading += "  (file has errors: read-only until fixed, see F8)"
        title.update(Content(heading))
        self._set_editors(self.saved, editable=editable)
        self._set_state(self._state_text())
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

    def workspace_changed(self, changes: Changes) -> None:
        kind = COLLECTIONS.get(self.kind or "")
        if kind and changes.touches(kind, self.slug) and self.values() == self.saved:
            self.load()

    # -- saving --------------------------------------------------------------

    @on(Input.Changed, "#research-learn")
    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self.slug is None or self.values() == self.saved:
            return
        self.autosave.changed()
        self._set_state(self._state_text() if self.session and self.session.clash
                        else "Editing…")

    def on_autosave_saved(self, message: Autosave.Saved) -> None:
        self._set_state(self._state_text())
        self.refresh_bindings()

    def action_save(self) -> None:
        if self.session is not None and self.session.clash is not None:
            self.autosave.keep_mine()
        else:
            self.autosave.flush()

    def _mine(self) -> Person | Company | None:
        """The version being edited: the stored one with the editors' values."""
        base = self.session.base if self.session is not None else None
        if base is None:
            return None
        learn, links, notes = self.values()
        mine: Person | Company = base.copy()
        mine.learn = learn
        mine.links = [line.strip() for line in links.splitlines() if line.strip()]
        mine.notes = notes
        return mine

    def _state_text(self) -> str:
        """The autosave's state, with what to do about it (this line has room)."""
        state = self.autosave.state()
        session = self.session
        if session is not None and session.clash is not None:
            return (f"{state} (also changed on disk) — ctrl+s saves yours (theirs kept "
                    "aside), ctrl+r loads theirs")
        if session is not None and session.failure is not None:
            again = ("your text is kept in memory and saving is retried"
                     if session.failure.retryable else "change it and it is saved again")
            return f"{state} ({session.failure.reason}) — {again}"
        return state

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
        self._collection().reload(self.slug)
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
