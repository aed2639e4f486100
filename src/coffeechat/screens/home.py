"""Home: what is next, and what the campaign has yielded so far."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat import campaign, clock
from coffeechat.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from coffeechat.app import CoffeeChatApp

# Home is a glance: the first items of each list, and a count of the rest.
MAX_ITEMS = 100
REFILL_AFTER = 1.0


class HomeScreen(Screen):
    """Upcoming interviews, follow-ups due, asks waiting, and the numbers."""

    AREA_TITLE = "Home"
    SUB_TITLE = "Home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next list", show=False, id="home.next",
                tooltip="Move to the next list"),
    ]

    @property
    def chat_app(self) -> CoffeeChatApp:
        return self.app  # type: ignore[return-value]

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
        self.fill()

    def on_screen_resume(self) -> None:
        # Coming back from another area: something may have changed there.
        # Right after mounting the lists are fresh, and refilling costs a
        # noticeable moment with thousands of interviews.
        if time.monotonic() - self._filled_at > REFILL_AFTER:
            self.fill()

    def refresh_data(self, changed: dict[str, set[str]]) -> None:
        if changed.get("interviews") or changed.get("people"):
            self.fill()

    _filled_at = float("-inf")

    def fill(self) -> None:
        """Recompute every list from the interviews on file."""
        self._filled_at = time.monotonic()
        ws = self.chat_app.workspace
        interviews = list(ws.interviews.items())
        now = clock.now()
        today = now.date()

        upcoming = [
            Option(Content(f"{record.scheduled:%a %d %b %H:%M} · {ws.person_name(record.person)}"
                           + (f" ({record.company})" if record.company else "")
                           + (f" · {record.format}" if record.format else "")), id=f"i:{slug}")
            for slug, record in campaign.upcoming(interviews, now)
        ]
        upcoming += [
            Option(Content(f"date not set · {ws.person_name(record.person)}"), id=f"i:{slug}")
            for slug, record in campaign.unscheduled(interviews)
        ]
        self._fill_list("#home-upcoming", upcoming, "Nothing scheduled.")

        due = []
        for item in campaign.due_followups(interviews, today):
            when = f"{item.days_late} day(s) late" if item.overdue else "today"
            record = ws.interviews.get(item.interview)
            about = ws.person_name(record.person) if record is not None else item.interview
            to = ws.person_name(item.followup.to) if item.followup.to else about
            due.append(Option(Content(f"{when} · {item.followup.kind} → {to}"
                                      + (f" (after {about})" if to != about else "")),
                              id=f"f:{item.interview}:{item.index}"))
        self._fill_list("#home-followups", due, "No follow-ups due. ")

        asks = []
        for ask in campaign.waiting_asks(interviews):
            days = ask.days_waiting(today)
            waited = f"{days} day(s)" if days is not None else "?"
            asks.append(Option(Content(f"{waited} · {ws.person_name(ask.record.person)}"),
                               id=f"i:{ask.interview}"))
        self._fill_list("#home-asks", asks, "No asks waiting.")

        numbers = campaign.numbers(len(ws.people), (record for _, record in interviews))
        self.query_one("#home-numbers", Static).update(Content(
            f"People in your network  {numbers.people}\n"
            f"Asked for a chat        {numbers.asked}\n"
            f"Conversations held      {numbers.held}\n"
            f"Names gained            {numbers.names_gained}\n"
            f"Things learned          {numbers.learned}"
        ))

    def _fill_list(self, selector: str, options: list[Option], empty: str) -> None:
        option_list = self.query_one(selector, OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        if not options:
            option_list.add_option(Option(Content(empty), disabled=True))
            return
        shown = options[:MAX_ITEMS]
        if len(options) > MAX_ITEMS:
            shown.append(Option(Content(f"… and {len(options) - MAX_ITEMS} more"),
                                disabled=True))
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
