"""The Targets area: the employers you want, ranked by motivation, posting and
who you know there (advocacy, computed from the network)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core import targets
from coffeechat.core.models import Company
from coffeechat.core.models.company import MOTIVATION_HIGH, MOTIVATION_LOW
from coffeechat.core.wording import plural
from coffeechat.storage.editing import EditSession
from coffeechat.storage.errors import StoreError
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.autosave import save_now
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal
from coffeechat.ui.navigation import OpenTarget
from coffeechat.ui.taking_turns import TakingTurns, too_late
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# What the p key steps through, from "not known".
POSTING_CYCLE = {"": "yes", "yes": "no", "no": ""}
# Advocacy at a glance: people there, warm paths there, chats asked and held
# there, names gained there (right-aligned under their headings).
COUNTS = (("People", 6), ("Paths", 6), ("Asked", 6), ("Held", 5), ("Names", 6))
# One cell further right than the rows' text, which the list's border pushes in.
COLUMNS = f" {'#':>2}  {'Company':<26} {'Want':<5}{'Posting':<8}" + "".join(
    f"{title:>{width}}" for title, width in COUNTS)
# Actions that need a target under the cursor, and those that write.
NEEDS_TARGET = frozenset({"more", "less", "posting", "drop", "open", "notes"})
WRITES = frozenset({"more", "less", "posting", "drop", "add"})


def _row(rank: int, target: targets.Target) -> Text:
    found = target.advocacy
    want = "●" * target.motivation + "○" * (MOTIVATION_HIGH - target.motivation)
    text = Text(f"{rank:>2}  {target.company.name[:26]:<26} ")
    text.append(f"{want:<5}", style="bold" if target.motivation else "dim")
    text.append(f"{target.posting:<8}", style="green" if target.posting == "yes" else "")
    counts = "".join(f"{count:>{width}}" for count, (_, width) in zip(
        (len(found.contacts), len(found.warm_paths), len(found.asked), len(found.held),
         len(found.names)), COUNTS, strict=True))
    text.append(counts, style="dim" if found.score == (0, 0, 0, 0, 0) else "")
    return text


def add_target(app: CoffeeChatApp, name: str) -> None:
    """Make the company called ``name`` a target, and show it on Targets: a
    near miss of a known company or employer is offered first, never made a
    second company in silence."""
    ws = app.workspace
    name = name.strip()
    if not name:
        return
    companies = ws.indexed_companies()
    try:
        slug = targets.find_company(name, companies)
    except targets.NoSuchCompany:
        people = ws.linked_people()
        spelled = targets.employer(name, people)
        hint = targets.nearest_employer(name, companies, people)
        if spelled is None and hint is not None:
            def chosen(choice: str | None) -> None:
                if choice is not None:
                    _create_target(app, hint if choice == "hint" else name)

            app.push_screen(ChoiceModal(f"No company {name!r}. Did you mean {hint!r}?", [
                ("hint", f"{hint}"), ("new", f"Create {name!r} as a new company")]), chosen)
            return
        _create_target(app, spelled or name)
        return
    _mark_target(app, slug)


def _create_target(app: CoffeeChatApp, name: str) -> None:
    ws = app.workspace
    try:
        slug = targets.find_company(name, ws.indexed_companies())
    except targets.NoSuchCompany:
        try:
            slug = ws.companies.add(Company(name=name))
        except (StoreError, OSError) as exc:
            app.notify(f"The company was not created: {exc}", severity="error", timeout=15,
                       markup=False)
            return
    _mark_target(app, slug)


def _mark_target(app: CoffeeChatApp, slug: str) -> None:
    ws = app.workspace
    session = EditSession(ws.companies, slug, readonly=ws.readonly)
    company = session.load()
    if company is None:
        app.notify(f"companies/{slug}.yaml cannot be read: see Problems (F8).",
                   severity="error", timeout=15, markup=False)
        return
    if not company.target and not save_now(app, session, targets.make_target(company),
                                           "The target").ok:
        return
    app.notify(f"{company.name} is a target.", markup=False)
    app.open_target(slug)


class TargetsScreen(AreaScreen):
    """The target employers, best first, with who you know at each."""

    AREA_TITLE = "Targets"
    SUB_TITLE = "Targets"
    CSS_PATH = "targets.tcss"
    # Nothing is typed here, so commands are on plain keys, as on Follow-ups.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "more", "Want more", id="targets.more",
                tooltip="Raise the motivation (0 to 3)"),
        Binding("minus", "less", "Want less", id="targets.less",
                tooltip="Lower the motivation (0 to 3)"),
        Binding("p", "posting", "Posting", id="targets.posting",
                tooltip="Whether it advertises a role you fit: yes, no, not known"),
        Binding("a", "add", "Add", id="targets.add",
                tooltip="Make a company a target (created if needed)"),
        # alt+c too: the company's notes on every screen that has them.
        Binding("o,alt+c", "notes", "Notes", id="targets.notes",
                tooltip="Open the company's research notes"),
        Binding("delete,x", "drop", "Drop", id="targets.drop",
                tooltip="No longer a target (its research stays)"),
    ]
    FOOTER_KEYS = ("targets.more", "targets.less", "targets.posting", "targets.add",
                   "targets.drop", "targets.notes")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[targets.Target] = []
        self._rankings = TakingTurns(self._start_ranking)
        # Another screen was shown over or instead of this one since it was filled.
        self._away = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static("Ranking your targets…", id="targets-summary", markup=False)
        yield Static(COLUMNS, id="targets-columns", markup=False)
        yield WrappedOptions(id="targets-list")
        yield Static(id="targets-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        # Ranked from the index's rows at once, and again once the app's
        # reading has compared every folder with them.
        self.chat_app.everything_read.subscribe(self, self._everything_read)
        self.refresh_items()
        self.query_one("#targets-list", OptionList).focus()

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

    def _everything_read(self, _: None) -> None:
        self.refresh_items()

    def show_target(self) -> None:
        self.refresh_items()

    def refresh_items(self) -> None:
        """Rank again (advocacy follows the network), keeping the highlight on
        the same company, or on the one the app asked to show; one ranking at
        a time (see ``TakingTurns``)."""
        self._rankings.ask()

    def _start_ranking(self) -> None:
        listing = self.query_one("#targets-list", OptionList)
        # The request is kept until a ranking shows the company.
        asked = self.asked_for(OpenTarget)
        wanted = asked.slug if asked is not None else None
        previous = listing.highlighted
        keep = wanted or (self.items[previous].slug
                          if previous is not None and previous < len(self.items) else None)
        self._rank(keep, previous)

    @work(thread=True, group="targets-rank")
    def _rank(self, keep: str | None, previous: int | None) -> None:
        # Off the UI thread: the network's links are read from every person's row.
        ranked = None
        try:
            ranked = self.chat_app.workspace.targets()
        finally:
            self.app.call_from_thread(self._show, ranked, keep, previous)

    def _show(self, ranked: list[targets.Target] | None, keep: str | None,
              previous: int | None) -> None:
        if too_late(self):  # the app closed meanwhile
            return
        try:
            if ranked is None:
                return
            if keep is not None and (asked := self.asked_for(OpenTarget)) is not None \
                    and asked.slug == keep:
                self.take_request(OpenTarget)
            self.items = ranked
            self._fill(keep, previous)
        finally:
            self._rankings.done()

    def _fill(self, keep: str | None, previous: int | None) -> None:
        listing = self.query_one("#targets-list", OptionList)
        listing.set_options(Option(_row(rank, target), id=target.slug)
                            for rank, target in enumerate(self.items, 1))
        slugs = [target.slug for target in self.items]
        if slugs:
            listing.highlighted = (slugs.index(keep) if keep in slugs
                                   else min(previous or 0, len(slugs) - 1))
        summary = (f"{plural(len(slugs), 'target')}, ranked by how much you want them, "
                   "a posting, then who you know"
                   if slugs else "No targets yet: press a to add the employers you want.")
        self.query_one("#targets-summary", Static).update(summary)
        self._show_detail()
        self.refresh_bindings()

    def _selected(self) -> targets.Target | None:
        index = self.query_one("#targets-list", OptionList).highlighted
        return self.items[index] if index is not None and index < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITES and self.chat_app.workspace.readonly:
            return False  # read-only: nothing here could be saved
        if action in NEEDS_TARGET:
            return self._selected() is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def _show_detail(self) -> None:
        detail = self.query_one("#targets-detail", Static)
        target = self._selected()
        if target is None:
            detail.update("")
            return
        ws = self.chat_app.workspace
        found = target.advocacy
        slugs = [*found.contacts, *(slug for path in found.warm_paths for slug in path)]
        named = targets.namer_telling_apart(slugs, ws.person_namer(slugs))
        text = Text()
        text.append(target.company.name, style="bold")
        text.append(f" · motivation {target.motivation} of {MOTIVATION_HIGH} · posting "
                    f"{target.posting}")
        if target.company.target_note:
            text.append(f" · {target.company.target_note}")
        text.append(f"\n{targets.leads(target, named)}")
        if found.warm_paths:
            chains = "; ".join(" → ".join(named(slug) for slug in path)
                               for path in found.warm_paths[:3])
            more = f" (+{len(found.warm_paths) - 3})" if len(found.warm_paths) > 3 else ""
            text.append(f"\nWarm paths: {chains}{more}")
        text.append(f"\n{plural(len(found.asked), 'chat')} asked there, {len(found.held)} "
                    f"held, {plural(len(found.names), 'name')} gained", style="dim")
        text.append("\nenter: its people and warm paths", style="dim")
        detail.update(text)

    # -- actions -------------------------------------------------------------

    def _change(self, change: str, update: targets.Target) -> None:
        """Write the target's company as changed, and order the list again (its
        advocacy is unchanged)."""
        ws = self.chat_app.workspace
        session = EditSession(ws.companies, update.slug, readonly=ws.readonly)
        base = session.load()
        if base is None:
            self.notify(f"companies/{update.slug}.yaml cannot be read: see Problems (F8).",
                        severity="error", timeout=15, markup=False)
            return
        mine = base.copy()
        mine.target = update.company.target
        mine.motivation = update.company.motivation
        mine.posting = update.company.posting
        if not save_now(self, session, mine, change).ok:
            return
        listing = self.query_one("#targets-list", OptionList)
        previous = listing.highlighted
        self.items = targets.ordered(item if item.slug != update.slug
                                     else targets.Target(item.slug, mine, item.advocacy)
                                     for item in self.items if item.slug != update.slug
                                     or mine.target)
        self._fill(update.slug, previous)

    def _step_motivation(self, step: int) -> None:
        target = self._selected()
        if target is None:
            return
        level = min(max(target.motivation + step, MOTIVATION_LOW), MOTIVATION_HIGH)
        if level != target.motivation:
            self._change("The motivation",
                         targets.Target(target.slug, targets.make_target(target.company, level),
                                        target.advocacy))

    def action_more(self) -> None:
        self._step_motivation(1)

    def action_less(self) -> None:
        self._step_motivation(-1)

    def action_posting(self) -> None:
        target = self._selected()
        if target is not None:
            following = POSTING_CYCLE[target.company.posting] or "unknown"
            self._change("The posting", targets.Target(
                target.slug, targets.make_target(target.company, None, following),
                target.advocacy))

    def action_drop(self) -> None:
        target = self._selected()
        if target is not None:
            self._change("The target", targets.Target(
                target.slug, targets.drop_target(target.company), target.advocacy))
            self.notify(f"{target.company.name} is no longer a target; its research stays. "
                        "a adds it again.", markup=False)

    def action_add(self) -> None:
        def typed(name: str | None) -> None:
            if name is not None:
                add_target(self.chat_app, name)

        self.app.push_screen(TextPromptModal(
            "Which employer do you want to work for?", "a company's name",
            draft_key="new-target",
        hint="enter: make it a target · escape: back (the text is kept)"), typed)

    def action_open(self) -> None:
        """The company's people and warm paths; choosing one shows them on Network."""
        target = self._selected()
        if target is None:
            return
        graph = self.chat_app.workspace.network()

        def chosen(slug: str | None) -> None:
            if slug is not None:
                self.chat_app.open_person(slug)

        self.app.push_screen(WarmPathsModal(graph, target.company.name, target=target.slug),
                             chosen)

    def action_notes(self) -> None:
        target = self._selected()
        if target is not None:
            self.chat_app.open_research("company", target.slug)

