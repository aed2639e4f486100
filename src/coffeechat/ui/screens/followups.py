"""The Follow-ups screen: thank-yous, reach-outs, quiet promises and stale asks."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import clock, nudges
from coffeechat.core.models.interview import Interview
from coffeechat.storage.editing import EditSession
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.autosave import save_now
from coffeechat.ui.modals.followup_message import MessageModal
from coffeechat.ui.widgets.status_bar import StatusBar

ITEM_ACTIONS = frozenset({"done", "snooze", "message", "open"})


class FollowupsScreen(AreaScreen):
    """Every open follow-up and derived nudge, overdue first."""

    AREA_TITLE = "Follow-ups"
    SUB_TITLE = "Follow-ups"

    CSS_PATH = "followups.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", id="followups.done",
                tooltip="Mark it done (for an unanswered ask: log that you sent a reminder)"),
        Binding("s", "snooze", "Snooze 3 days", id="followups.snooze",
                tooltip="Hide it until three days from today"),
        Binding("m", "message", "Draft message", id="followups.message",
                tooltip="A short message to edit and copy"),
        Binding("o", "open", "Open interview", id="followups.open",
                tooltip="Open the interview this belongs to"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[nudges.Nudge] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(id="followups-summary", markup=False)
        yield OptionList(id="followups-list")
        yield Static(id="followups-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_items()
        self.query_one("#followups-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_items()

    def workspace_changed(self, changes: Changes) -> None:
        self.refresh_items()

    def _nudge_days(self) -> int:
        return self.chat_app.settings.nudge_days

    def refresh_items(self) -> None:
        """Recompute the list, keeping the highlight on the same item if it is still there."""
        workspace = self.chat_app.workspace
        listing = self.query_one("#followups-list", OptionList)
        previous = listing.highlighted
        keep = self.items[previous].key if previous is not None and previous < len(
            self.items) else None
        today = clock.today()
        self.items = nudges.collect(workspace.interviews.items(), self._nudge_days(), today=today)
        listing.set_options(self._row(nudge, today) for nudge in self.items)
        keys = [nudge.key for nudge in self.items]
        if self.items:
            listing.highlighted = keys.index(keep) if keep in keys else min(previous or 0,
                                                                          len(keys) - 1)
        overdue = sum(nudge.overdue(today) for nudge in self.items)
        due_today = sum(nudge.due == today for nudge in self.items)
        summary = (f"{overdue} overdue · {due_today} due today · "
                   f"{len(self.items) - overdue - due_today} later"
                   if self.items else "Nothing to follow up. Nice.")
        self.query_one("#followups-summary", Static).update(summary)
        self._show_detail()
        self.refresh_bindings()

    def _row(self, nudge: nudges.Nudge, today: dt.date) -> Option:
        name_of = self.chat_app.workspace.person_name
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
        interview = self.chat_app.workspace.interviews.get(nudge.interview)
        return (nudge, interview) if interview is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        selected = self._selected()
        detail = self.query_one("#followups-detail", Static)
        if selected is None:
            detail.update("")
            return
        nudge, interview = selected
        draft = nudges.suggest_message(nudge, interview, self.chat_app.workspace.person_name)
        detail.update(Text.assemble(("Suggested message (m to edit and copy)\n", "bold"),
                                    draft))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ITEM_ACTIONS:
            return self._selected() is not None
        return True

    def _apply(self, change: str) -> None:
        selected = self._selected()
        if selected is None:
            return
        nudge, interview = selected
        if change == "done":
            updated = nudges.mark_done(interview, nudge)
            message = "Done."
        else:
            updated = nudges.snooze(interview, nudge)
            message = "Snoozed for three days."
        workspace = self.chat_app.workspace
        session = EditSession(workspace.interviews, nudge.interview, readonly=workspace.readonly)
        if not save_now(self, session, updated, "The follow-up").ok:
            return
        self.notify(message, markup=False)
        self.refresh_items()

    def action_done(self) -> None:
        self._apply("done")

    def action_snooze(self) -> None:
        self._apply("snooze")

    def action_message(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        nudge, interview = selected
        name_of = self.chat_app.workspace.person_name
        draft = nudges.suggest_message(nudge, interview, name_of)
        self.app.push_screen(MessageModal(nudges.describe(nudge, name_of), draft))

    def action_open(self) -> None:
        selected = self._selected()
        if selected is not None:
            self.chat_app.open_interview(selected[0].interview, "plan")
