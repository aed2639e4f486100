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
from textual.events import Resize
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import clock
from coffeechat.core.agenda import Agenda, AgendaItem, Listing
from coffeechat.core.campaign import CampaignNumbers
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen, folder_notice, unreadable_folders
from coffeechat.ui.taking_turns import TakingTurns, too_late
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

# Coming back to Home within this many seconds of its filling shows the
# lists as they are.
REFILL_AFTER = 1.0
# Home is a glance: of each list, the first items (each costs its line's
# layout) and a count of the rest. A list has at most half the terminal's
# height (two share a column): as many items as that, and a few more.
MORE_THAN_FITS = 5


def lines_to_show(height: int) -> int:
    """How many items of each list Home shows in a terminal ``height`` rows tall."""
    return max(height, 0) // 2 + MORE_THAN_FITS
# What the lists say until they are filled.
WAITING = "Reading your campaign…"
# On a first start (no index yet), Home fills again this often from the rows
# the reading has written so far, until every chat was read.
FILL_WHILE_READING = 0.5

GUIDE_TITLE = "Welcome. Your campaign is empty; ways to start:"
# (option id, text) of the first-run guide; enter on one does it.
GUIDE_STEPS = (
    ("add", "Add the people you know: who works where you would like to learn "
            "(F2 Network, ctrl+n)"),
    ("linkedin", "Import your LinkedIn connections (Connections.csv)"),
    ("vcard", "Import an address book (.vcf)"),
    ("plan", "Plan a chat: pick a person on Network and press ctrl+o"),
    ("demo", "Try the demo first: quit (ctrl+q) and run\n"
             "  coffeechat demo --data-dir /tmp/coffeechat-demo\n"
             "  coffeechat --data-dir /tmp/coffeechat-demo"),
)


def _waiting() -> Option:
    return Option(WAITING, disabled=True)


def _option_id(item: AgendaItem) -> str:
    """``i:<interview>`` opens its plan, ``f:<nudge key>`` its follow-ups."""
    if item.nudge is None:
        return f"i:{item.interview}"
    return f"f:{item.nudge}"


def numbers_text(people: str, numbers: CampaignNumbers) -> str:
    """The campaign's numbers as Home shows them, thousands grouped as the
    other screens' counts are ("10,000 contacts")."""
    return (f"People in your network  {people}\n"
            f"Asked for a chat        {numbers.asked:,}\n"
            f"Conversations held      {numbers.held:,}\n"
            f"Names gained            {numbers.names_gained:,}\n"
            f"Things learned          {numbers.learned:,}")


class HomeScreen(AreaScreen):
    """Upcoming interviews, follow-ups due, asks waiting, and the numbers."""

    class Shown(Message):
        """On start, the lists show what the index holds (or it holds nothing
        yet): comparing the files with it may begin."""

    AREA_TITLE = "Home"
    SUB_TITLE = "Home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_person", "New person", id="home.new_person",
                tooltip="Add someone to your network (on Network)"),
        Binding("tab", "app.focus_next", "Next list", id="home.next",
                tooltip="Move to the next list"),
        Binding("alt+r", "chat_record", "Record", id="record.open", show=False,
                tooltip="The highlighted chat's record: when it was held, notes, answers, "
                        "debrief, names gained, promises and follow-ups"),
    ]
    FOOTER_KEYS = ("home.new_person", "home.next")

    def __init__(self) -> None:
        super().__init__()
        self._fills = TakingTurns(self._compute)

    def action_new_person(self) -> None:
        self._guide("add")

    def action_chat_record(self) -> None:
        slug = self.highlighted()[1]
        if slug is not None:
            self.chat_app.open_record(slug)


    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static(id="home-unreadable", classes="folder-notice")
        with Vertical(id="home-guide"):
            yield Static(GUIDE_TITLE, classes="section-title")
            yield WrappedOptions(*(Option(Content(text), id=f"guide:{key}")
                                   for key, text in GUIDE_STEPS), id="home-steps")
            yield Static("↑/↓ and enter · the keys of every screen: ? (F12 while typing) · "
                         "ctrl+p finds any command", id="home-guide-hint")
        with Horizontal(id="home-columns"):
            with Vertical(classes="home-column"):
                yield Static("Coming up", classes="section-title")
                yield WrappedOptions(_waiting(), id="home-upcoming", classes="home-list")
                yield Static("Follow-ups due", classes="section-title")
                yield WrappedOptions(_waiting(), id="home-followups", classes="home-list")
            with Vertical(classes="home-column"):
                yield Static("Waiting for an answer", classes="section-title")
                yield WrappedOptions(_waiting(), id="home-asks", classes="home-list")
                yield Static("The campaign so far", classes="section-title")
                yield Static(id="home-numbers")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#home-guide").display = False
        self.query_one("#home-unreadable").display = False
        self.watch(self.app, "sync_progress", self._show_waiting, init=False)
        self.chat_app.interviews_read.subscribe(self, self._interviews_read)
        self.chat_app.everything_read.subscribe(self, self._everything_read)

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
        # changed there), unless the lists were just filled and no row was
        # written since (a save on another screen). At start before the first
        # frame, on this thread (a query of a few dozen lines), so that the
        # first frame has the lists, laid out once; coming back, on a worker
        # once the screen is painted.
        if time.monotonic() - self._filled_at > REFILL_AFTER \
                or self.chat_app.workspace.index.writes != self._filled_writes:
            if self._started:
                self.call_after_refresh(self.fill)
            else:
                self._started = True
                self._first_fill()

    def on_resize(self, event: Resize) -> None:
        # A taller terminal has room for more of each list.
        if self._filled and lines_to_show(event.size.height) > self._limit:
            self.fill()

    def workspace_changed(self, changes: Changes) -> None:
        if (changes.records.get("interviews") or changes.records.get("people")
                or changes.records.get("companies")):
            self.fill()

    _filled_at = float("-inf")
    _filled_writes = -1
    _filled = False
    _started = False
    _while_reading: Timer | None = None
    # How many items of each list the last fill asked for.
    _limit = 0

    def _first_fill(self) -> None:
        """The lists as the index has them, before any file is compared with
        its row: one query, on this thread."""
        self._filling()
        lists = self._lists(clock.now())
        if lists is not None:
            self._apply(lists)
        else:
            # No row yet (a first start, a deleted index): show what the reading
            # writes as it goes, rather than wait for every chat.
            self._while_reading = self.set_interval(FILL_WHILE_READING, self._fill_while_reading)
        # Once the first frame is painted: the reading's thread would share the
        # interpreter with its layout.
        self.call_after_refresh(self.post_message, self.Shown())

    def _fill_while_reading(self) -> None:
        if self.chat_app.have_read_interviews:
            if self._while_reading is not None:
                self._while_reading.stop()
        else:
            self.fill()

    def fill(self) -> None:
        """Fill every list again, from the index, on a worker (one at a time:
        see ``TakingTurns``)."""
        self._filling()
        self._fills.ask()

    def _filling(self) -> None:
        """Note when the lists were asked for, and the index's writes then."""
        self._filled_at = time.monotonic()
        self._filled_writes = self.chat_app.workspace.index.writes

    @work(thread=True, group="home-fill")
    def _compute(self) -> None:
        lists = None
        try:
            lists = self._lists(clock.now())
        finally:
            self.app.call_from_thread(self._computed, lists)

    def _computed(self, lists: Agenda | None) -> None:
        if too_late(self):  # the app closed while the lists were computed
            return
        try:
            if lists is not None:
                self._apply(lists)
        finally:
            self._fills.done()

    def _lists(self, now: dt.datetime) -> Agenda | None:
        """Home's lists from the index's rows (None before it has any); with
        the rhythm at the target employers once every folder was compared with
        its rows (it reads people and companies)."""
        app = self.chat_app
        ws, settings = app.workspace, app.settings
        rhythm = (ws.target_rhythm(settings.second_contact_days, settings.target_nudge_days)
                  if app.have_read_everything else None)
        self._limit = lines_to_show(self.app.size.height)
        return ws.agenda(now, settings.nudge_days, rhythm, limit=self._limit)

    def _interviews_read(self, _: None) -> None:
        # The interviews were compared with their rows: fill again if one changed.
        if not self.chat_app.workspace.interviews.index_was_current or not self._filled:
            self.fill()

    def _everything_read(self, _: None) -> None:
        # People are named and counted as their rows now say, and the rhythm at
        # the targets is known only now.
        self.fill()

    def _apply(self, lists: Agenda) -> None:
        """Show ``lists``."""
        if too_late(self):  # the app closed while the lists were computed
            return
        self._filled = True
        # The folders the lists come from, opened (two calls, nothing listed):
        # one that cannot be read is said, never shown as an empty campaign.
        unread = unreadable_folders(self.chat_app.workspace.interviews,
                                    self.chat_app.workspace.people)
        notice = self.query_one("#home-unreadable", Static)
        notice.display = bool(unread)
        notice.update(Content("\n".join(folder_notice(problem, self.chat_app.data_dir)
                                        for problem in unread)))
        self._show_guide(lists.numbers.people == 0 and lists.numbers.asked == 0
                         and lists.upcoming.total == 0 and not unread)
        self._fill_list("#home-upcoming", lists.upcoming, "Nothing scheduled.")
        self._fill_list("#home-followups", lists.due, "No follow-ups due. ")
        self._fill_list("#home-asks", lists.asks, "No asks waiting.")
        self._focus_first_item()
        numbers = lists.numbers
        people_unread = any(problem.path == self.chat_app.workspace.people.directory
                            for problem in unread)
        # On a first start the people are read after the chats: counted then.
        counting = self._while_reading is not None and not self.chat_app.have_read_everything
        people = "?" if people_unread else "…" if counting else f"{numbers.people:,}"
        self.query_one("#home-numbers", Static).update(Content(numbers_text(people, numbers)))

    def _fill_list(self, selector: str, listing: Listing, empty: str) -> None:
        option_list = self.query_one(selector, OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        if not listing.items:
            # On a first start, an empty list may only be one not read yet.
            reading = self._while_reading is not None and not self.chat_app.have_read_interviews
            option_list.add_option(Option(Content(WAITING if reading else empty), disabled=True))
            return
        shown = [Option(Content(item.text), id=_option_id(item)) for item in listing.items]
        if listing.total > len(shown):
            more = listing.total - len(shown)
            shown.append(Option(Content(f"… and {more} more"), disabled=True))
        option_list.add_options(shown)
        keep = highlighted if highlighted is not None and highlighted < len(shown) else 0
        option_list.highlighted = keep

    def _focus_first_item(self) -> None:
        """Enter opens Home's first item: focus the first list that has one,
        unless the user already moved to a shown list."""
        focused = self.focused
        if focused is not None and focused.id in ("home-upcoming", "home-followups",
                                                  "home-asks"):
            return
        if self.query_one("#home-guide").display:
            return
        for selector in ("#home-upcoming", "#home-followups", "#home-asks"):
            option_list = self.query_one(selector, OptionList)
            if any(not option.disabled for option in option_list.options):
                option_list.focus()
                return
        self.query_one("#home-upcoming", OptionList).focus()

    def highlighted(self) -> tuple[str | None, str | None]:
        focused = self.focused
        if not isinstance(focused, OptionList) or focused.highlighted is None:
            return None, None
        kind, _, rest = (focused.get_option_at_index(focused.highlighted).id or "").partition(":")
        if kind not in ("i", "f"):
            return None, None
        slug = rest.split(":", 1)[0]
        interview = self.chat_app.workspace.interviews.get(slug)
        return (interview.person or None) if interview is not None else None, slug

    def _show_guide(self, empty: bool) -> None:
        """A workspace with nobody in it gets first steps instead of empty lists."""
        guide = self.query_one("#home-guide")
        if guide.display == empty:
            return
        guide.display = empty
        self.query_one("#home-columns").display = not empty
        if empty:
            self.query_one("#home-steps", OptionList).focus()

    def _guide(self, step: str) -> None:
        app = self.chat_app
        if step in ("linkedin", "vcard"):
            from coffeechat.ui.modals.transfer_import import ImportDialog

            app.push_screen(ImportDialog(step))
        elif step == "add":
            app.switch_mode("network")
            app.call_after_refresh(app.run_action, "screen.add")
        elif step == "plan":
            app.switch_mode("network")
        elif step == "demo":
            self.notify("The demo goes in a folder of its own, so your workspace stays "
                        "yours: quit, run the two commands shown, and look around.",
                        timeout=10)

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        kind, _, rest = option_id.partition(":")
        if kind == "guide":
            self._guide(rest)
        elif kind == "i":
            self.chat_app.open_interview(rest, "plan")
        elif kind == "f":
            self.chat_app.open_followup(rest)
