"""Home: what is next, and what the campaign has yielded so far."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import campaign, clock
from coffeechat.core.models import Interview
from coffeechat.storage import Workspace
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.widgets.status_bar import StatusBar

# Home is a glance: the first items of each list, and a count of the rest.
MAX_ITEMS = 100
REFILL_AFTER = 1.0


# The first MAX_ITEMS (label, option id) pairs of a list, and how many there are.
Shown = tuple[list[tuple[str, str]], int]


@dataclass(frozen=True)
class HomeLists:
    """Everything Home shows, computed away from the UI thread."""

    upcoming: Shown
    due: Shown
    asks: Shown
    numbers: campaign.CampaignNumbers


def home_lists(ws: Workspace, now: dt.datetime) -> HomeLists:
    """Home's lists as plain text; only the items shown get a label."""
    interviews = list(ws.interviews.items())
    today = now.date()

    def interview_label(record: Interview, when: str) -> str:
        return (f"{when} · {ws.person_name(record.person)}"
                + (f" ({record.company})" if record.company else "")
                + (f" · {record.format}" if record.format else ""))

    scheduled = [(slug, record, f"{record.scheduled:%a %d %b %H:%M}")
                 for slug, record in campaign.upcoming(interviews, now)]
    scheduled += [(slug, record, "date not set")
                  for slug, record in campaign.unscheduled(interviews)]
    upcoming = [(interview_label(record, when), f"i:{slug}")
                for slug, record, when in scheduled[:MAX_ITEMS]]

    due_items = campaign.due_followups(interviews, today)
    due = []
    for item in due_items[:MAX_ITEMS]:
        when = f"{item.days_late} day(s) late" if item.overdue else "today"
        record = ws.interviews.get(item.interview)
        about = ws.person_name(record.person) if record is not None else item.interview
        to = ws.person_name(item.followup.to) if item.followup.to else about
        due.append((f"{when} · {item.followup.kind} → {to}"
                    + (f" (after {about})" if to != about else ""),
                    f"f:{item.interview}:{item.index}"))

    waiting = campaign.waiting_asks(interviews)
    asks = []
    for ask in waiting[:MAX_ITEMS]:
        days = ask.days_waiting(today)
        waited = f"{days} day(s)" if days is not None else "?"
        asks.append((f"{waited} · {ws.person_name(ask.record.person)}", f"i:{ask.interview}"))

    numbers = campaign.numbers(len(ws.people), (record for _, record in interviews))
    return HomeLists((upcoming, len(scheduled)), (due, len(due_items)),
                     (asks, len(waiting)), numbers)


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
                yield OptionList(id="home-upcoming", classes="home-list")
                yield Static("Follow-ups due", classes="section-title")
                yield OptionList(id="home-followups", classes="home-list")
            with Vertical(classes="home-column"):
                yield Static("Waiting for an answer", classes="section-title")
                yield OptionList(id="home-asks", classes="home-list")
                yield Static("The campaign so far", classes="section-title")
                yield Static(id="home-numbers")
        yield Footer()

    def on_mount(self) -> None:
        for selector in ("#home-upcoming", "#home-followups", "#home-asks"):
            self.query_one(selector, OptionList).add_option(
                Option(Content("Reading your campaign…"), disabled=True))

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

    def fill(self) -> None:
        """Recompute every list from the interviews on file, off the UI thread."""
        self._filled_at = time.monotonic()
        self._compute(clock.now())

    @work(thread=True, exclusive=True, group="home-fill")
    def _compute(self, now: dt.datetime) -> None:
        lists = home_lists(self.chat_app.workspace, now)
        self.app.call_from_thread(self._apply, lists)

    def _apply(self, lists: HomeLists) -> None:
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

    def _fill_list(self, selector: str, items: Shown, empty: str) -> None:
        option_list = self.query_one(selector, OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        labels, total = items
        if not labels:
            option_list.add_option(Option(Content(empty), disabled=True))
            return
        shown = [Option(Content(text), id=option_id) for text, option_id in labels]
        if total > len(shown):
            shown.append(Option(Content(f"… and {total - len(shown)} more"), disabled=True))
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
