"""Home: what is next, and what the campaign has yielded so far."""

from __future__ import annotations

import datetime as dt
import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import clock
from coffeechat.core.agenda import Agenda, AgendaItem, Listing, agenda
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.widgets.status_bar import StatusBar

# Home is a glance: the first items of each list, and a count of the rest.
MAX_ITEMS = 100
REFILL_AFTER = 1.0
# What the lists say until they are filled.
WAITING = "Reading your campaign…"


def _waiting() -> Option:
    return Option(WAITING, disabled=True)


def _option_id(item: AgendaItem) -> str:
    """``i:<interview>`` opens its plan, ``f:<interview>:<n>`` its follow-ups."""
    if item.followup is None:
        return f"i:{item.interview}"
    return f"f:{item.interview}:{item.followup}"


class HomeScreen(AreaScreen):
    """Upcoming interviews, follow-ups due, asks waiting, and the numbers."""

    AREA_TITLE = "Home"
    SUB_TITLE = "Home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next list", show=False, id="home.next",
                tooltip="Move to the next list"),
    ]


    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Horizontal(id="home-columns"):
            with Vertical(classes="home-column"):
                yield Static("Coming up", classes="section-title")
                yield OptionList(_waiting(), id="home-upcoming", classes="home-list")
                yield Static("Follow-ups due", classes="section-title")
                yield OptionList(_waiting(), id="home-followups", classes="home-list")
            with Vertical(classes="home-column"):
                yield Static("Waiting for an answer", classes="section-title")
                yield OptionList(_waiting(), id="home-asks", classes="home-list")
                yield Static("The campaign so far", classes="section-title")
                yield Static(id="home-numbers")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "sync_progress", self._show_waiting, init=False)

    def _show_waiting(self, progress: str) -> None:
        """Until the lists are filled, say what is being read (on a first start
        with thousands of files, how far it has got)."""
        if self._filled:
            return
        for selector in ("#home-upcoming", "#home-followups", "#home-asks"):
            option_list = self.query_one(selector, OptionList)
            option_list.clear_options()
            option_list.add_option(Option(Content(progress or WAITING), disabled=True))

    def on_screen_resume(self) -> None:
        # On start and on coming back from another area (something may have
        # changed there), unless the lists were just filled. The screen is
        # painted first; reading thousands of interviews happens after.
        if time.monotonic() - self._filled_at > REFILL_AFTER:
            self._filled_at = time.monotonic()
            self.call_after_refresh(self.fill)

    def workspace_changed(self, changes: Changes) -> None:
        if changes.records.get("interviews") or changes.records.get("people"):
            self.fill()

    _filled_at = float("-inf")
    _filled = False

    def fill(self) -> None:
        """Recompute every list from the interviews on file, off the UI thread."""
        self._filled_at = time.monotonic()
        self._compute(clock.now())

    @work(thread=True, exclusive=True, group="home-fill")
    def _compute(self, now: dt.datetime) -> None:
        # Summaries come from the index, the count from the folder listing and
        # the few names shown one by one: Home never waits for every contact.
        ws = self.chat_app.workspace
        lists = agenda(ws.interview_summaries(), ws.people.count(), ws.person_namer(), now,
                       limit=MAX_ITEMS)
        self.app.call_from_thread(self._apply, lists)

    def _apply(self, lists: Agenda) -> None:
        self._filled = True
        self.chat_app.home_filled.set()
        self._fill_list("#home-upcoming", lists.upcoming, "Nothing scheduled.")
        self._fill_list("#home-followups", lists.due, "No follow-ups due. ")
        self._fill_list("#home-asks", lists.asks, "No asks waiting.")
        numbers = lists.numbers
        self.query_one("#home-numbers", Static).update(Content(
            f"People in your network  {numbers.people}\n"
            f"Asked for a chat        {numbers.asked}\n"
            f"Conversations held      {numbers.held}\n"
            f"Names gained            {numbers.names_gained}\n"
            f"Things learned          {numbers.learned}"
        ))

    def _fill_list(self, selector: str, listing: Listing, empty: str) -> None:
        option_list = self.query_one(selector, OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        if not listing.items:
            option_list.add_option(Option(Content(empty), disabled=True))
            return
        shown = [Option(Content(item.text), id=_option_id(item)) for item in listing.items]
        if listing.total > len(shown):
            more = listing.total - len(shown)
            shown.append(Option(Content(f"… and {more} more"), disabled=True))
        option_list.add_options(shown)
        keep = highlighted if highlighted is not None and highlighted < len(shown) else 0
        option_list.highlighted = keep

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, rest = option_id.partition(":")
        if kind == "i":
            self.chat_app.open_interview(rest, "plan")
        elif kind == "f":
            self.chat_app.open_interview(rest.rsplit(":", 1)[0], "followups")
