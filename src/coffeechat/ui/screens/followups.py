"""The Follow-ups screen: thank-yous, reach-outs, quiet promises and stale asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import clock, drafts, nudges
from coffeechat.core.models.interview import Interview
from coffeechat.core.targets import rhythm_namer, rhythm_people
from coffeechat.core.wording import plural
from coffeechat.storage import caching
from coffeechat.storage.editing import EditSession
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen, folder_notice, unreadable_folders
from coffeechat.ui.autosave import save_now
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.followup_message import MessageModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.navigation import OpenFollowup
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

ITEM_ACTIONS = frozenset({"done", "snooze", "message", "open"})
# Actions that write, refused (with why) in a read-only workspace.
WRITES = frozenset({"done", "snooze", "undo"})


class FollowupsScreen(AreaScreen):
    """Every open follow-up and derived nudge, overdue first."""

    AREA_TITLE = "Follow-ups"
    SUB_TITLE = "Follow-ups"

    CSS_PATH = "followups.tcss"
    READ_ONLY_REFUSED = WRITES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", id="followups.done",
                tooltip="Mark it done (for an unanswered ask: log that you sent a reminder)"),
        Binding("s", "snooze", "Snooze…", id="followups.snooze",
                tooltip="Hide it for a day, three days, a week or two weeks"),
        Binding("u,ctrl+z", "undo", "Undo", id="followups.undo",
                tooltip="Take back the last done or snooze"),
        Binding("m", "message", "Message", id="followups.message",
                tooltip="A short message to edit and copy"),
        Binding("o", "open", "Open chat", id="followups.open",
                tooltip="Open the interview this belongs to (for a next contact to "
                        "reach: plan a chat with them)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[nudges.Nudge] = []
        # What was done or snoozed, with the interview as it was before: u takes
        # back the latest.
        self.undo_stack: list[tuple[nudges.Nudge, Interview, str]] = []
        self._asked_name = False
        self._your_name = ""
        self._name_of: Callable[[str], str] = str
        self._rhythm: nudges.Rhythm | None = None
        self._worked_out = False
        self._templates: dict[str, str] = {}
        # Another screen was shown over or instead of this one since it was filled.
        self._away = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(id="followups-summary", markup=False)
        yield Static(id="followups-unreadable", classes="folder-notice", markup=False)
        yield WrappedOptions(id="followups-list")
        yield Static(id="followups-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_items()
        self.query_one("#followups-list", OptionList).focus()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        # What changed while another screen was shown; on its first showing,
        # on_mount has just filled it.
        if self._away:
            self._away = False
            self.refresh_items()

    def workspace_changed(self, changes: Changes) -> None:
        self.refresh_items()

    def show_target(self) -> None:
        self.refresh_items()

    def _nudge_days(self) -> int:
        return self.chat_app.settings.nudge_days

    def refresh_items(self, *, chats_only: bool = False) -> None:
        """Recompute the list, keeping the highlight on the same item if it is still there.
        ``chats_only``: after this screen changed a chat, which changes neither
        the rhythm at the targets nor who it names (people and companies): those
        stay as worked out (a tenth of a second or more at 30,000 people), unless
        caching is off (``storage.caching``)."""
        workspace = self.chat_app.workspace
        listing = self.query_one("#followups-list", OptionList)
        previous = listing.highlighted
        keep = self.items[previous].key if previous is not None and previous < len(
            self.items) else None
        # The item chosen on Home, once.
        if (asked := self.take_request(OpenFollowup)) is not None:
            keep = asked.key
        today = clock.today()
        if not (chats_only and self._worked_out and caching.enabled()):
            self._rhythm = self.chat_app.rhythm()
            # Two contacts of one name at a target are told apart wherever named.
            # Named from the index's rows: the rhythm may name thousands of contacts.
            self._name_of = rhythm_namer(self._rhythm,
                                         workspace.person_namer(rhythm_people(self._rhythm)))
            self._worked_out = True
        rhythm = self._rhythm
        # Chats that could not be read hold follow-ups too; people that could
        # not be read are named by their slugs. A folder of chats that cannot
        # be read shows none, as its files would (never the rows of an older one).
        unread = unreadable_folders(workspace.interviews, workspace.people)
        chats_unread = any(problem.path == workspace.interviews.directory for problem in unread)
        self.items = [] if chats_unread else workspace.followups(self._nudge_days(), rhythm,
                                                                 today=today)
        # Read again with the list, so a template edited meanwhile is used.
        self._templates = workspace.templates().texts
        listing.set_options(self._row(nudge, today) for nudge in self.items)
        keys = [nudge.key for nudge in self.items]
        if self.items:
            listing.highlighted = keys.index(keep) if keep in keys else min(previous or 0,
                                                                          len(keys) - 1)
        overdue = sum(nudge.overdue(today) for nudge in self.items)
        due_today = sum(nudge.due == today for nudge in self.items)
        notice = self.query_one("#followups-unreadable", Static)
        notice.display = bool(unread)
        notice.update("\n".join(folder_notice(problem, self.chat_app.data_dir)
                                for problem in unread))
        if self.items:
            summary = (f"{overdue} overdue · {due_today} due today · "
                       f"{len(self.items) - overdue - due_today} later")
        elif chats_unread:
            summary = "No follow-up can be shown: your chats could not be read."
        else:
            summary = "Nothing to follow up. Nice."
        self.query_one("#followups-summary", Static).update(summary)
        self._show_detail()
        self.refresh_bindings()

    def _row(self, nudge: nudges.Nudge, today: dt.date) -> Option:
        name_of = self._name_of
        when = f"{nudge.due:%Y-%m-%d}" if nudge.due else "no date  "
        text = Text()
        if nudge.overdue(today):
            text.append(f"{when} overdue ", style="bold red")
        elif nudge.due == today:
            text.append(f"{when} today   ", style="bold yellow")
        else:
            text.append(f"{when}         ", style="dim")
        text.append(nudges.describe(nudge, name_of))
        text.append(f"  · {nudge.interview}", style="dim")
        return Option(text, id=nudge.key)

    def _selected(self) -> tuple[nudges.Nudge, Interview] | None:
        index = self.query_one("#followups-list", OptionList).highlighted
        if index is None or index >= len(self.items):
            return None
        nudge = self.items[index]
        interview = self.chat_app.workspace.interviews.lookup(nudge.interview)
        return (nudge, interview) if interview is not None else None

    def highlighted(self) -> tuple[str | None, str | None]:
        selected = self._selected()
        if selected is None:
            return None, None
        nudge, interview = selected
        return interview.person or None, nudge.interview

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()  # d is not offered on a next contact to reach

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        selected = self._selected()
        detail = self.query_one("#followups-detail", Static)
        if selected is None:
            detail.update("")
            return
        nudge, interview = selected
        draft = drafts.draft(nudge, interview, self._name_of, self._templates, self._sender())
        detail.update(Text.assemble(("Suggested message (m to edit and copy)\n", "bold"),
                                    draft))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITES and self.chat_app.workspace.readonly:
            return False
        if action == "done":
            # A next contact is reached by asking them (o plans the chat).
            selected = self._selected()
            return selected is not None and selected[0].source != "next"
        if action in ITEM_ACTIONS:
            return self._selected() is not None
        if action == "undo":
            return bool(self.undo_stack)
        return True

    def _save(self, slug: str, updated: Interview) -> bool:
        workspace = self.chat_app.workspace
        session = EditSession(workspace.interviews, slug, readonly=workspace.readonly)
        return save_now(self, session, updated, "The follow-up").ok

    def _apply(self, nudge: nudges.Nudge, interview: Interview, updated: Interview,
               message: str) -> None:
        if not self._save(nudge.interview, updated):
            return
        self.undo_stack.append((nudge, interview, message))
        self.notify(f"{message} Press u to undo.", markup=False)
        self.refresh_items(chats_only=True)

    def action_done(self) -> None:
        selected = self._selected()
        if selected is not None:
            nudge, interview = selected
            self._apply(nudge, interview, nudges.mark_done(interview, nudge), "Marked done.")

    def action_snooze(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        nudge, interview = selected
        today = clock.today()
        choices = [(str(days), f"{plural(days, 'day')} · until "
                    f"{today + dt.timedelta(days=days):%a %d %b}")
                   for days in nudges.SNOOZE_CHOICES]

        def chosen(days: str | None) -> None:
            if days is not None:
                updated = nudges.snooze(interview, nudge, int(days))
                self._apply(nudge, interview, updated,
                            f"Snoozed for {plural(int(days), 'day')}.")

        self.app.push_screen(ChoiceModal("Snooze for how long?", choices), chosen)

    def action_undo(self) -> None:
        if not self.undo_stack:
            return
        nudge, before, message = self.undo_stack.pop()
        current = self.chat_app.workspace.interviews.lookup(nudge.interview)
        if current is None or not self._save(nudge.interview,
                                             nudges.undo(current, before, nudge)):
            self.undo_stack.append((nudge, before, message))
            return
        self.notify(f"Undone: {message.rstrip('.').lower()}.", markup=False)
        self.refresh_items(chats_only=True)

    def action_message(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        if not self._sender().strip() and not self._asked_name:
            self._asked_name = True
            self.app.push_screen(
                TextPromptModal("Your name, to sign your messages",
                                "e.g. Ana Lima (kept in settings.yaml)", draft_key="your-name",
                                hint="enter: save and show the message · escape: no name"),
                self._named)
            return
        self._show_message()

    def _named(self, name: str | None) -> None:
        if name is not None:
            # Kept for this session even where settings.yaml cannot be written.
            self._your_name = name.strip()
            self.chat_app.change_settings(
                lambda settings: setattr(settings, "your_name", self._your_name), "Your name")
        self._show_message()

    def _sender(self) -> str:
        return self.chat_app.settings.your_name or self._your_name

    def _show_message(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        nudge, interview = selected
        name_of = self._name_of
        draft = drafts.draft(nudge, interview, name_of, self._templates, self._sender())
        self.app.push_screen(MessageModal(nudges.describe(nudge, name_of), draft,
                                          draft_key=f"message.{nudge.key.replace(':', '.')}"))

    def action_open(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        nudge = selected[0]
        if nudge.source == "next" and nudge.to:
            self.chat_app.plan_new_chat(nudge.to)
        else:
            self.chat_app.open_interview(nudge.interview, "plan")
