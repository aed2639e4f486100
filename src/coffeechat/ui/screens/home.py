"""Home: what is next, and what the campaign has yielded so far."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import clock
from coffeechat.core.agenda import Agenda, AgendaItem, Basis, Listing
from coffeechat.core.agenda import basis as agenda_basis
from coffeechat.storage import home_view
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen, folder_notice, unreadable_folders
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# Coming back to Home within this many seconds of its filling shows the
# lists as they are.
REFILL_AFTER = 1.0
# Where the lists shown come from: the files, the index's rows before the
# files are read, or the lists kept from the last time.
View = Literal["files", "index", "saved"]
# What the lists say until they are filled.
WAITING = "Reading your campaign…"

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


def keep_current_lists(app: CoffeeChatApp) -> None:
    """On quitting: keep Home's lists as the files now hold them, unless those
    kept are current."""
    if app.have_read_interviews:
        home_view.keep_current(app.workspace, app.settings.nudge_days)


def _waiting() -> Option:
    return Option(WAITING, disabled=True)


def _option_id(item: AgendaItem) -> str:
    """``i:<interview>`` opens its plan, ``f:<nudge key>`` its follow-ups."""
    if item.nudge is None:
        return f"i:{item.interview}"
    return f"f:{item.nudge}"


class HomeScreen(AreaScreen):
    """Upcoming interviews, follow-ups due, asks waiting, and the numbers."""

    class Shown(Message):
        """On start, the lists show what the index holds (or there was nothing
        to show before the files are read): reading them may begin."""

    class Filled(Message):
        """The lists were filled from the interviews as the files hold them."""

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
            yield OptionList(*(Option(Content(text), id=f"guide:{key}")
                               for key, text in GUIDE_STEPS), id="home-steps")
            yield Static("↑/↓ and enter · the keys of every screen: ? (F12 while typing) · "
                         "ctrl+p finds any command", id="home-guide-hint")
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
        # changed there), unless the lists were just filled. At start at once,
        # so that the lists kept from the last time come with the first frames;
        # coming back, once the screen is painted, as the lists are then
        # computed by a worker that would slow the paint down.
        if time.monotonic() - self._filled_at > REFILL_AFTER:
            self._filled_at = time.monotonic()
            if self._view is None:
                self.call_later(self.fill)
            else:
                self.call_after_refresh(self.fill)

    def workspace_changed(self, changes: Changes) -> None:
        if (changes.records.get("interviews") or changes.records.get("people")
                or changes.records.get("companies")):
            self.fill()

    _filled_at = float("-inf")
    _filled = False
    # Whether the lists have shown the files' view (then never again an early
    # one), and which view they show now: "files", "index" or "saved".
    _confirmed = False
    _view: View | None = None
    # What the lists shown were computed from, to be kept.
    _shown: Basis | None = None
    # Whether the lists were computed knowing the targets (people and companies read).
    _with_rhythm = False

    def fill(self) -> None:
        """Recompute every list: from the interviews on file, or, until they
        are read, from the index."""
        self._filled_at = time.monotonic()
        now = clock.now()
        if self.chat_app.have_read_interviews:
            self._compute(now)
        elif (kept := self._kept_lists(now)) is not None:
            # One small read of the index, done here: a worker would wait for
            # the GIL while the first frames are laid out, and show them later.
            self._apply(kept, None, view="saved")
            self.post_message(self.Shown())
        else:
            self._show_index_view(now)

    def _kept_lists(self, now: dt.datetime) -> Agenda | None:
        """The lists as this app and every command last wrote them, as of ``now``:
        from the basis kept, if no chat was written since. They are filled
        again from the files once those are read."""
        ws = self.chat_app.workspace
        kept = home_view.kept(ws, self.chat_app.settings.nudge_days)
        return None if kept is None else home_view.lists(ws, kept, now, first=True)

    @work(thread=True, exclusive=True, group="home-fill")
    def _show_index_view(self, now: dt.datetime) -> None:
        """The campaign computed from the index's rows, when nothing current was
        kept. The files then confirm the rows' view, or fill the lists again if
        another program changed a chat (or, once everything is read, a person)
        meanwhile."""
        ws = self.chat_app.workspace
        if (early := ws.indexed_light_interviews()) is not None:
            basis = agenda_basis(early, self.chat_app.settings.nudge_days)
            self.app.call_from_thread(self._apply, home_view.lists(ws, basis, now, first=True),
                                      basis, view="index")
        self.post_message(self.Shown())

    def _interviews_read(self, _: None) -> None:
        if self._view == "index" and self.chat_app.workspace.interviews.index_was_current:
            self._confirm()
        else:
            self.fill()

    def _everything_read(self, _: None) -> None:
        # The index's view named and counted people as the index had them: if
        # another program changed their files meanwhile, fill from the files.
        # Lists filled before people and companies were read lack the next
        # contacts to reach at target employers: fill again if there are targets.
        ws = self.chat_app.workspace
        if (self._view == "index" and not ws.people.index_was_current) or (
                not self._with_rhythm
                and any(company.target for _, company in ws.companies.items())):
            self.fill()

    @work(thread=True, exclusive=True, group="home-keep")
    def _keep(self, basis: Basis) -> None:
        """Keep what the lists were computed from, to show them at the next start."""
        home_view.keep(self.chat_app.workspace, basis, self.chat_app.settings.nudge_days)

    @work(thread=True, exclusive=True, group="home-fill")
    def _compute(self, now: dt.datetime) -> None:
        # Light copies of the interviews from the index, the count from the
        # folder listing and the few names shown one by one: Home never waits
        # for every contact, nor rebuilds whole interviews.
        ws = self.chat_app.workspace
        # The rhythm at targets needs people and companies: used once they are
        # read (at start-up, Home fills again then), never waited for.
        everyone = ws.people.loaded and ws.companies.loaded
        rhythm = self.chat_app.rhythm() if everyone else None
        basis = agenda_basis(ws.light_interviews(), self.chat_app.settings.nudge_days, rhythm)
        self._with_rhythm = everyone
        self.app.call_from_thread(self._apply, home_view.lists(ws, basis, now), basis)

    def _confirm(self) -> None:
        """The lists shown are what the files hold: Home is filled."""
        self._confirmed = True
        self.post_message(self.Filled())
        if self._shown is not None:
            self._keep(self._shown)

    def _apply(self, lists: Agenda, basis: Basis | None, *, view: View = "files") -> None:
        """Show ``lists`` (computed from ``basis``): from the files, from the
        index's rows before they are read (``"index"``), or kept from the last
        time (``"saved"``)."""
        if not self.is_attached:  # the app closed while the lists were computed
            return
        if view != "files" and self._confirmed:
            return  # an early view computed late never replaces the files' view
        self._filled = True
        self._view = view
        self._shown = basis
        if view == "files":
            self._confirm()
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
        self.query_one("#home-numbers", Static).update(Content(
            f"People in your network  {'?' if people_unread else numbers.people}\n"
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
