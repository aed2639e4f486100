"""Network: every contact, filter as you type, add/edit/delete, warm paths, referrals."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from coffeechat.core.contacts import COLUMNS, filter_words
from coffeechat.core.lifecycle import latest_open_chat
from coffeechat.core.models import Person
from coffeechat.core.models.problems import Problem
from coffeechat.core.network import referral_forest
from coffeechat.core.people import display_name, role_line
from coffeechat.core.wording import plural
from coffeechat.storage import StoreError
from coffeechat.storage.collection import Unreadable
from coffeechat.storage.editing import EditSession
from coffeechat.storage.editing import reason as _reason
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen, folder_notice
from coffeechat.ui.navigation import OpenPerson, PeopleAt
from coffeechat.ui.widgets.contact_table import ContactTable
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.text_field import TextField

if TYPE_CHECKING:
    from coffeechat.ui.modals.drafts import Refused
    from coffeechat.ui.modals.person_form import Existing

# The dialogs, and Markdown for the notes in the detail pane, are imported when
# first used: none is needed for the list's first paint.

# The detail pane renders Markdown; waiting for the cursor to rest keeps
# holding down an arrow key smooth.
DETAIL_DELAY = 0.12
# While the filter is being typed, the pane waits for the typing to rest: its
# Markdown would otherwise be laid out between two keys, for a person the next
# key takes away.
TYPING_DELAY = 0.5
# Actions that write, hidden in a read-only workspace.
WRITES = frozenset({"add", "edit", "delete", "restore", "new_interview", "company"})
# Actions that need a person under the cursor.
NEEDS_PERSON = frozenset({"edit", "delete", "new_interview", "research", "company"})
# Of those, the ones that need the person's file read (edit says why not).
NEEDS_RECORD = NEEDS_PERSON - {"edit"}


def _which(person: Person, slug: str) -> str:
    """A person as a confirmation names them: two of the same name differ by
    where they work."""
    where = ", ".join(part for part in (person.company, person.title) if part)
    return f"{person.name or slug} ({where})" if where else person.name or slug


class NetworkScreen(AreaScreen):
    """The contact list with a detail pane; writes go through the workspace."""

    AREA_TITLE = "Network"
    SUB_TITLE = "Network"
    READ_ONLY_REFUSED = WRITES
    # Letters typed on the list filter it, so every command is on a key that
    # cannot be typed by accident; the alt keys are priority so that neither
    # the list nor the filter takes them for a letter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add", "New person", id="network.add", tooltip="Add a person"),
        Binding("ctrl+e", "edit", "Edit", id="network.edit",
                tooltip="Edit this person (enter does the same)"),
        Binding("ctrl+o", "new_interview", "Chat", id="network.new_interview",
                tooltip="Open your open chat with this person, or plan a new one"),
        Binding("ctrl+w", "warm_paths", "Who can get me in", id="network.warm_paths",
                tooltip="People at a company or title, and warm paths to them"),
        # F3, the area key, opens them too: it carries the highlighted person.
        Binding("alt+n", "research", "Research", id="network.research", show=False,
                priority=True, tooltip="Research notes on this person (F3 does the same)"),
        Binding("alt+c", "company", "Company", id="network.company", priority=True,
                tooltip="Research notes on this person's company (created if needed)"),
        Binding("alt+t", "referral_tree", "Referral tree", id="network.referral_tree",
                priority=True, tooltip="Who led to whom"),
        Binding("delete,ctrl+d", "delete", "Delete", id="network.delete",
                tooltip="Move this person to the trash (ctrl+z brings them back)"),
        Binding("ctrl+z", "restore", "Undo delete", id="network.restore",
                tooltip="Bring back the last person deleted"),
        Binding("alt+o", "sort", "Sort", id="network.sort", priority=True,
                tooltip="Sort by the next column"),
        Binding("alt+v", "reverse", "Reverse", show=False, id="network.reverse",
                priority=True, tooltip="Reverse the sort order"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="network.clear",
                tooltip="Show every contact again"),
    ]
    FOOTER_KEYS = ("network.add", "network.new_interview", "network.edit",
                   "network.warm_paths", "network.delete")

    def __init__(self) -> None:
        super().__init__()
        self.trash: list[Path] = []
        # Why the folder itself cannot be read, if it cannot (as of the rows shown).
        self.folder_problem: Problem | None = None
        self._rows_ready = False
        # The person under the cursor, decoded once while it stays there.
        self._decoded: tuple[str, Person | Unreadable | None] | None = None
        self._detail_timer: Timer | None = None
        self._typed_at = float("-inf")
        self._count_text = ""
        self._key_state: tuple[bool, bool, bool, bool] | None = None


    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Horizontal(id="network-columns"):
            with Vertical(id="network-list"):
                yield TextField(placeholder="Type to filter (name, company, title, tags, notes)",
                                id="network-filter", compact=True)
                yield Static("", id="network-count")
                yield ContactTable(id="contacts")
            with VerticalScroll(id="person-detail"):
                yield Static("", id="detail-head")
                yield Static("", id="detail-interviews")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ContactTable).focus()
        # Filled from the index at once; what the app's reading finds changed
        # in the files comes in when it says so.
        self.chat_app.everything_read.subscribe(self, self._everything_read)
        asked = self.asked_for(OpenPerson)
        self._fill(asked.slug if asked is not None else None)

    def on_screen_resume(self) -> None:
        if self._rows_ready:
            self.show_target()

    @property
    def table(self) -> ContactTable:
        return self.query_one(ContactTable)

    # -- data ----------------------------------------------------------------

    def _fill(self, keep: str | None) -> None:
        """Show the list as the index has it, unless the index has no one yet
        while the folder has files (its first reading): then say so, and wait."""
        ws = self.chat_app.workspace
        self.folder_problem = ws.people.folder_unreadable()
        table = self.table
        # A folder that cannot be read shows nobody, as it shows nothing.
        table.set_source(ws.index if self.folder_problem is None else None, keep=keep)
        if (self.folder_problem is None and not table.total
                and not self.chat_app.have_read_everything and ws.people.count()):
            self._count_text = "Reading your contacts…"
            self.query_one("#network-count", Static).update(self._count_text)
            return
        self._rows_ready = True
        self._decoded = None
        self._update_count()
        # The person under the cursor is read and shown once the list is painted.
        self.call_after_refresh(self._show_detail)
        self.show_target()

    def _everything_read(self, _: None) -> None:
        self._fill(None)

    def reload_rows(self, keep: str | None = None) -> None:
        """Show the rows as the index has them now (after a write or an outside edit)."""
        self._fill(keep)

    def workspace_changed(self, changes: Changes) -> None:
        if changes.records.get("people") or changes.records.get("interviews"):
            self.reload_rows()

    def show_target(self) -> None:
        """Filter to the employer asked for (``PeopleAt``); select the person
        asked for (``OpenPerson``) even if the filter hides them."""
        if (people_at := self.take_request(PeopleAt)) is not None:
            wanted = people_at.employer
            self.query_one("#network-filter", Input).value = wanted
            self.table.set_filter(wanted)
            self._update_count()
            self.table.focus()
        person = self.take_request(OpenPerson)
        if person is None:
            return
        self.table.reveal(person.slug)
        self.table.focus()

    @on(ContactTable.Hidden)
    def _hidden(self, event: ContactTable.Hidden) -> None:
        """A person asked for is filtered out: the filter goes, so they show."""
        table = self.table
        self.query_one("#network-filter", Input).value = ""
        table.set_filter("")
        self._update_count()
        if not table.select_slug(event.slug):
            self.notify(f"No person {event.slug!r} in your network.", severity="warning")

    @on(ContactTable.Shown)
    def _shown(self) -> None:
        if self._rows_ready:
            self._update_count()

    def _update_count(self) -> None:
        table = self.table
        total, unreadable, shown = table.total, table.unreadable, table.shown_count
        text = plural(total, "contact")
        if shown != total:
            text = f"{shown:,} of {text}"
        if unreadable:
            text += f" ({unreadable:,} cannot be read)"
        if self.folder_problem is not None:
            # Never "0 contacts": the folder was not seen, not found empty.
            text = folder_notice(self.folder_problem, self.chat_app.data_dir)
        column, reverse = table.shown_sort
        sort = COLUMNS[column].lower()
        order = "descending" if reverse else "ascending"
        count = self.query_one("#network-count", Static)
        count.set_class(self.folder_problem is not None, "-error")
        if self.folder_problem is None:
            text = f"{text} · sorted by {sort}, {order}"
        if text == self._count_text:
            return
        # Laid out again (the whole screen) only when the line may change height:
        # the count changes with every key of the filter.
        width = count.content_region.width
        one_line = width > 0 and cell_len(text) <= width and cell_len(self._count_text) <= width
        self._count_text = text
        count.update(Content(text), layout=not one_line)

    def _cursor_record(self) -> tuple[str, Person | Unreadable | None] | None:
        """The person under the cursor, decoded (or why their file cannot be
        read): only the one under the cursor is ever decoded."""
        row = self.table.cursor_row
        if row is None:
            return None
        if self._decoded is None or self._decoded[0] != row.slug:
            people = self.chat_app.workspace.people
            found: Person | Unreadable | None = (
                people.unreadable_one(row.slug) if row.unreadable else people.lookup(row.slug))
            self._decoded = (row.slug, found)
        return self._decoded

    @property
    def current_unreadable(self) -> Unreadable | None:
        """The person under the cursor when their file cannot be read."""
        found = self._cursor_record()
        return found[1] if found is not None and isinstance(found[1], Unreadable) else None

    @property
    def current(self) -> tuple[str, Person] | None:
        found = self._cursor_record()
        if found is None or not isinstance(found[1], Person):
            return None
        return found[0], found[1].copy()

    def _chats_of(self, slug: str) -> list[str]:
        """The person's chats, newest first (slugs begin with the day each was made)."""
        return sorted(self.chat_app.workspace.index.interviews_with(slug), reverse=True)

    def highlighted(self) -> tuple[str | None, str | None]:
        row = self.table.cursor_row
        if row is None or row.unreadable:
            return None, None
        chats = self._chats_of(row.slug)
        return row.slug, chats[0] if chats else None

    # -- filter --------------------------------------------------------------

    @on(Input.Changed, "#network-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._typed_at = time.monotonic()
        self.table.set_filter(event.value)
        if self._rows_ready:
            self._update_count()

    @on(Input.Submitted, "#network-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(ContactTable.Typed)
    def _typed(self, event: ContactTable.Typed) -> None:
        """Letters typed on the list go to the filter; the list keeps the focus."""
        filter_input = self.query_one("#network-filter", Input)
        value = filter_input.value
        filter_input.value = value + event.text if event.text else value[:-1]
        filter_input.cursor_position = len(filter_input.value)

    def action_clear_filter(self) -> None:
        self.query_one("#network-filter", Input).value = ""
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        filter_input = self.query_one("#network-filter", Input)
        if filter_input.has_focus and event.key in ("down", "escape"):
            if event.key == "escape" and filter_input.value:
                filter_input.value = ""
            self.table.focus()
            event.stop()

    def action_sort(self) -> None:
        table = self.table
        table.sort_by(table.sort_column + 1, reverse=False)
        self._update_count()

    def action_reverse(self) -> None:
        self.table.sort_by(self.table.sort_column)
        self._update_count()

    # -- detail pane ---------------------------------------------------------

    @on(ContactTable.Highlighted)
    def _highlighted(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        typing = time.monotonic() - self._typed_at < TYPING_DELAY
        self._detail_timer = self.set_timer(TYPING_DELAY if typing else DETAIL_DELAY,
                                            self._show_detail)
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        # The footer rebuilds itself on every refresh_bindings(); only ask when
        # which keys apply has actually changed, not on every cursor move.
        found = self._cursor_record()
        person = found[1] if found is not None else None
        state = (isinstance(person, Person),
                 isinstance(person, Person) and bool(person.company.strip()),
                 bool(self.trash), isinstance(person, Unreadable))
        if state != self._key_state:
            self._key_state = state
            self.refresh_bindings()

    @on(ContactTable.Selected)
    def _selected(self) -> None:
        unreadable = self.current_unreadable
        if unreadable is not None:
            # What is wrong with the file, where, as the problems list has it.
            from coffeechat.ui.modals.problems import ProblemsModal

            self.app.push_screen(ProblemsModal(unreadable.problems, self.chat_app.data_dir))
            return
        self.action_edit()

    def _show_detail(self) -> None:
        ws = self.chat_app.workspace
        head = self.query_one("#detail-head", Static)
        interviews = self.query_one("#detail-interviews", Static)
        current = self.current
        unreadable = self.current_unreadable
        if current is None:
            if unreadable is not None:
                text = self._unreadable_detail(unreadable)
            elif self.folder_problem is not None:
                folder = self.folder_problem.location(self.chat_app.data_dir)
                text = (f"Nobody can be shown until {folder}/ can be read again; your "
                        "contacts come back by themselves then.")
            else:
                text = "No contact here. ctrl+n adds one."
            head.update(Content(text))
            interviews.update("")
            self._notes("")
            return
        slug, person = current
        lines = [display_name(person, slug)]
        where = role_line(person)
        if where:
            lines.append(where)
        if person.location.line():
            lines.append(f"Lives in: {person.location.line()}")
        if person.how_we_met:
            lines.append(f"Met: {person.how_we_met}")
        if person.introduced_by:
            lines.append(f"Introduced by: {ws.person_name(person.introduced_by)}")
        if person.knows:
            lines.append("Knows: " + ", ".join(ws.person_name(other) for other in person.knows))
        if person.tags:
            lines.append("Tags: " + ", ".join(person.tags))
        for key, value in person.contact.items():
            lines.append(f"{key}: {value}")
        if person.learn:
            lines.append(f"Want to learn: {person.learn}")
        head.update(Content("\n".join(lines)))
        chats = []
        for interview_slug in self._chats_of(slug):
            record = ws.interviews.lookup(interview_slug)
            if record is not None:
                chats.append(f"• {interview_slug[:10]} {record.status}"
                             + (f" — {record.intent}" if record.intent else ""))
        listing = "\n".join(chats) or "• none yet (ctrl+o plans one)"
        interviews.update(Content("Interviews\n" + listing))
        self._notes(person.notes or "*No research notes yet — F3 to write some.*")

    def _notes(self, text: str) -> None:
        """The person's research notes as Markdown, in a widget mounted the
        first time there are notes to show."""
        from textual.widgets import Markdown

        shown = self.query("#detail-notes").results(Markdown)
        notes = next(shown, None)
        if notes is not None:
            notes.update(text)
        elif text:
            self.query_one("#person-detail").mount(Markdown(text, id="detail-notes"))

    def _unreadable_detail(self, item: Unreadable) -> str:
        where = "\n".join(problem.format(self.chat_app.data_dir) for problem in item.problems)
        return (f"{item.name or item.path.name}\n\n"
                f"✗ This file cannot be read, so nothing in it is shown and coffeechat "
                f"will not write over it:\n{where}\n\n"
                "Fix it in your editor: it loads again by itself. enter shows the "
                "problem; F8 lists them all.")

    # -- actions -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        ws = self.chat_app.workspace
        if action in WRITES and ws.readonly:
            return False
        if action in NEEDS_PERSON and self.table.cursor_slug is None:
            return False
        if action in NEEDS_RECORD and self.current_unreadable is not None:
            return False
        if action == "restore" and not self.trash:
            return False
        if action == "company":
            found = self._cursor_record()
            return found is not None and isinstance(found[1], Person) \
                and bool(found[1].company.strip())
        return True

    def action_add(self) -> None:
        from coffeechat.ui.modals.drafts import refused
        from coffeechat.ui.modals.person_form import Existing, PersonFormModal

        def save(person: Person | Existing) -> Refused | None:
            """Written while the form is open: a refusal keeps it open with the text."""
            if isinstance(person, Existing):
                name = self.chat_app.workspace.person_name(person.slug)
                broken = " Their file cannot be read: enter shows why." if \
                    self.chat_app.workspace.people.unreadable_one(person.slug) else ""
                self._after_write(person.slug,
                                  f"{name} is already in your network: here they are.{broken}")
                return None
            try:
                slug = self.chat_app.workspace.people.add(person)
            except (StoreError, OSError) as exc:
                return refused(exc)
            self._after_write(slug, f"Added {person.name}.")
            return None

        # Looking for someone who is not there, then ctrl+n: the filter's text is
        # the new contact's name. Asked of the people the filter shows, once its
        # answer is in (else of every row).
        looked_for = self.query_one("#network-filter", Input).value.strip()
        if looked_for and self.chat_app.workspace.index.contact_named(
                self.table.words, " ".join(filter_words(looked_for)),
                self.table.filtered_ids()):
            looked_for = ""
        self.app.push_screen(PersonFormModal(
            self.chat_app.workspace.namesakes(), Person(name=looked_for) if looked_for else None,
            save=save))

    def action_edit(self) -> None:
        unreadable = self.current_unreadable
        if unreadable is not None:
            problem = unreadable.problems[0].format(self.chat_app.data_dir) \
                if unreadable.problems else "it cannot be read"
            self.notify(f"{unreadable.name or unreadable.path.name} cannot be edited here: "
                        f"{problem}. Fix the file; it loads again by itself (F8 lists "
                        "every problem).", severity="warning", timeout=15, markup=False)
            return
        current = self.current
        if current is None or self.chat_app.workspace.readonly:
            return
        from coffeechat.ui.modals.drafts import refusal
        from coffeechat.ui.modals.person_form import PersonFormModal

        slug, person = current
        workspace = self.chat_app.workspace
        # Based on the version the form opened with: what another program
        # changed meanwhile in other fields is kept.
        session = EditSession(workspace.people, slug, readonly=workspace.readonly)

        def save(changed: Person | Existing) -> Refused | None:
            if not isinstance(changed, Person):
                return None
            result = session.save(changed)
            refused_now = refusal(self, result, changed.name or slug)
            if result.ok:
                self._after_write(slug, f"Saved {changed.name}.")
            return refused_now

        self.app.push_screen(PersonFormModal(workspace.namesakes(), person, slug, save=save,
                                             name_of=workspace.person_namer()))

    def _after_write(self, slug: str, message: str) -> None:
        self.reload_rows(keep=slug)
        self.table.reveal(slug)
        self._update_count()
        self.chat_app.update_problems()
        self._refresh_keys()
        self.notify(message)

    def action_delete(self) -> None:
        current = self.current
        if current is None:
            return
        slug, person = current

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                trashed = self.chat_app.workspace.people.delete(slug)
            except (StoreError, OSError) as exc:
                self.notify(f"Not deleted: {_reason(exc)}", severity="error", markup=False)
                return
            self.trash.append(trashed)
            self.reload_rows()
            self.chat_app.update_problems()
            self._refresh_keys()
            self.notify(f"Moved {person.name or slug} to the trash. ctrl+z brings them back.")

        from coffeechat.ui.modals.confirm import ConfirmModal

        self.app.push_screen(
            ConfirmModal(f"Delete {_which(person, slug)}? The file moves to the trash and "
                         "ctrl+z brings it back.", confirm_label="Delete"),
            confirmed,
        )

    def action_restore(self) -> None:
        if not self.trash:
            return
        trashed = self.trash.pop()
        try:
            slug = self.chat_app.workspace.people.restore(trashed)
        except (StoreError, OSError) as exc:
            self.trash.append(trashed)
            self.notify(f"Not restored: {_reason(exc)}", severity="error", markup=False)
            return
        self._after_write(slug, f"Restored {self.chat_app.workspace.person_name(slug)}.")

    def action_new_interview(self) -> None:
        """The person's open chat if there is one; otherwise a new plan, written
        only once something is entered in it."""
        current = self.current
        if current is None:
            return
        slug, person = current
        ws = self.chat_app.workspace
        chats = [(chat, record) for chat in self._chats_of(slug)
                 if (record := ws.interviews.lookup(chat)) is not None]
        open_chat = latest_open_chat(chats)
        if open_chat is None:
            self.chat_app.plan_new_chat(slug)
            return
        self.chat_app.open_interview(open_chat, "plan")
        self.notify(f"Your open chat with {display_name(person, slug)}. For another one, "
                    "ctrl+n on Plan.", markup=False)

    def action_research(self) -> None:
        current = self.current
        if current is not None:
            self.chat_app.open_research("person", current[0])

    def action_company(self) -> None:
        current = self.current
        if current is None:
            return
        try:
            company_slug = self.chat_app.workspace.ensure_company(current[1].company)
        except (StoreError, OSError) as exc:
            self.notify(f"The company was not created: {_reason(exc)}", severity="error",
                        timeout=15, markup=False)
            return
        self.chat_app.open_research("company", company_slug)

    def action_warm_paths(self) -> None:
        from coffeechat.ui.modals.warm_paths import WarmPathsModal

        graph = self.chat_app.workspace.network()

        def chosen(slug: str | None) -> None:
            if slug is not None:
                self.chat_app.open_person(slug)

        self.app.push_screen(WarmPathsModal(graph), chosen)

    def action_referral_tree(self) -> None:
        from coffeechat.ui.modals.referral_tree import ReferralTreeModal

        ws = self.chat_app.workspace
        people = dict(ws.linked_people())
        roots = referral_forest(people, ws.referral_chats())
        names = {slug: display_name(person, slug) for slug, person in people.items()}

        def chosen(slug: str | None) -> None:
            if slug is not None:
                self.chat_app.open_person(slug)

        self.app.push_screen(ReferralTreeModal(roots, names), chosen)
