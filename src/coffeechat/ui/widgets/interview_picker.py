"""A list of interviews to choose from when a screen has none to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.lifecycle import in_progress
from coffeechat.core.models.interview import Interview
from coffeechat.core.when import shown_time
from coffeechat.storage import Workspace
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

# Enough to find any recent interview; older ones stay reachable from Home/Network.
MAX_SHOWN = 300


def interview_label(interview: Interview, name_of: Callable[[str], str]) -> str:
    """"Ana Lima · Aritzia · scheduled 2026-12-03 10:00" for one interview."""
    parts = [name_of(interview.person)]
    if interview.company:
        parts.append(interview.company)
    shown = shown_time(interview)
    when = f" {shown:%Y-%m-%d %H:%M}" if shown else ""
    parts.append(f"{interview.status}{when}")
    if in_progress(interview) and interview.held is not None:
        parts.append(f"in progress since {interview.held:%a %H:%M}")
    return " · ".join(parts)


class InterviewPicker(Vertical):
    """Meetings in progress first, then open interviews (soonest first), then the
    rest, newest first."""

    DEFAULT_CSS = """
    InterviewPicker { height: 1fr; padding: 0 1; }
    InterviewPicker > Static { padding: 1 0; color: $text-muted; }
    InterviewPicker > OptionList { height: 1fr; }
    """

    @dataclass
    class Picked(Message):
        slug: str

    def __init__(self, hint: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hint = hint

    def compose(self) -> ComposeResult:
        yield Static(self._hint)
        yield WrappedOptions()

    def fill(self, workspace: Workspace) -> None:
        chosen = workspace.picked_chats(MAX_SHOWN)
        name_of = workspace.person_namer()
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(Text(interview_label(interview, name_of)), id=slug)
                            for slug, interview in chosen)
        if chosen:
            options.highlighted = 0
        else:
            options.add_option(Option("No interviews yet: create one from a contact on the "
                                      "Network screen.", disabled=True))

    def highlighted_slug(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def stand_in_for(self, main: Widget, workspace: Workspace, *, needed: bool) -> None:
        """Show this picker (filled, focused) in place of ``main`` when ``needed``,
        else show ``main``: the one switch Plan and Live share."""
        self.display = needed
        main.display = not needed
        if needed:
            self.fill(workspace)
            self.focus_list()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Picked(event.option.id))
