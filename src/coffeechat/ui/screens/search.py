"""Search: any word in people, companies, interviews and banks, ranked, with the
matching snippet; enter opens the record at the match.

Queries run on a worker thread against the index (``Workspace.search``), a
short pause after the last key, so typing never waits for them; a search that
is still running when another key arrives is stopped, as escape stops it.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.models.interview import OPEN_STATUSES
from coffeechat.core.search import KINDS, MARK_END, MARK_START, matched_words
from coffeechat.core.wording import plural
from coffeechat.storage.index import Hit, SearchError, SearchStopped
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.navigation import OpenBank, OpenChat, OpenPerson, OpenResearch, OpenSearch
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.text_field import TextField
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

SEARCH_DELAY = 0.15
# Per kind: enough to find what you meant; a one-letter prefix matches thousands.
MAX_PER_KIND = 30
GROUP_TITLES = {"people": "People", "companies": "Companies", "interviews": "Interviews",
                "banks": "Question banks"}
# How the summary counts each kind of hit: one and many.
COUNTED = {"people": ("person", "people"), "companies": ("company", "companies"),
           "interviews": ("interview", "interviews"), "banks": ("question bank", "question banks")}
MATCH_STYLE = "bold reverse"


def snippet_content(snippet: str) -> Content:
    """A snippet on one line, its matched words highlighted."""
    text = " ".join(snippet.split())
    parts: list[str | tuple[str, str]] = []
    for index, piece in enumerate(text.replace(MARK_END, MARK_START).split(MARK_START)):
        if piece:
            parts.append((piece, MATCH_STYLE) if index % 2 else piece)
    return Content.assemble(*parts)


def hit_prompt(hit: Hit, twin: bool = False) -> Content:
    """Two lines: the record and where it matched, then the snippet. A ``twin``
    (its title is another hit's: two people of one name) is told apart by its
    slug, the name its file has, and a person's employer."""
    apart = f"  {hit.slug}" + (f" ({hit.company})" if hit.company else "")
    return Content.assemble((hit.title, "bold"), (apart, "dim") if twin else "",
                            f"  · {hit.where}\n  ", snippet_content(hit.snippet))


class SearchScreen(AreaScreen):
    """A query box over grouped, ranked results."""

    AREA_TITLE = "Search"
    SUB_TITLE = "Search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "Search box", id="search.query",
                tooltip="Type a new search"),
        Binding("escape", "stop_search", "Stop", id="search.stop", show=False,
                tooltip="Stop the search running now"),
    ]
    DEFAULT_CSS = """
    SearchScreen #search-query { margin: 0 1; }
    SearchScreen #search-summary { height: auto; padding: 0 2; color: $text-muted; }
    SearchScreen #search-results { height: 1fr; border: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self._timer: Timer | None = None
        self._shown_query: str | None = None
        # Whether the user went to another area since the last visit (not a
        # dialog over this one): coming back then starts a new search.
        self._left = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield TextField(placeholder="Any word in notes, debriefs, answers, research, banks…",
                        id="search-query")
        yield Static("Type to search. Words match as you type (own finds ownership); "
                     '"quoted words" go together, OR accepts either, -word leaves out.',
                     id="search-summary", markup=False)
        yield WrappedOptions(id="search-results")
        yield KeyFooter()

    @property
    def query_input(self) -> TextField:
        return self.query_one("#search-query", TextField)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    def on_mount(self) -> None:
        self.show_target()

    def on_screen_resume(self) -> None:
        self.show_target()

    def on_screen_suspend(self) -> None:
        # A dialog pushed over this screen keeps it on the stack; another area does not.
        self._left = self not in self.app.screen_stack

    def show_target(self) -> None:
        """Search for the query another area asked for (``OpenSearch``)."""
        if (request := self.take_request(OpenSearch)) is not None:
            query = request.query
            self.query_input.value = query
            self.search(query)
            self._left = True
        # Back from a dialog, the focus is where it was (Textual restores it).
        if self._left:
            self._left = False
            self.action_focus_query()

    def workspace_changed(self, changes: Changes) -> None:
        # Another program changed files: what matches may have changed too.
        if self._shown_query:
            self.search(self._shown_query)

    # -- searching -------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        # A search still running is for words no longer typed.
        self.chat_app.workspace.stop_search()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.search(value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        if self.hits:
            self.results.focus()
        elif self._shown_query != self.query_input.value:
            self.search(self.query_input.value)  # stopped, or not run yet

    def search(self, text: str) -> None:
        """Run ``text`` in the background and show what it finds."""
        if not text.strip():
            self._show(text, [], None)
            return
        self._run(text)

    @work(thread=True, exclusive=True, group="search")
    def _run(self, text: str) -> None:
        workspace = self.chat_app.workspace
        try:
            hits = workspace.search(text, limit=MAX_PER_KIND)
        except SearchStopped:
            self.app.call_from_thread(self._stopped, text)
            return
        except SearchError as exc:
            self.app.call_from_thread(self._show, text, [], str(exc))
            return
        self.app.call_from_thread(self._show, text, hits, None, len(workspace.unsearched()))

    def _show(self, text: str, hits: list[Hit], error: str | None, unsearched: int = 0) -> None:
        if text != self.query_input.value:
            return  # the query changed meanwhile; its own search follows
        self._shown_query = text
        self.hits = hits
        results = self.results
        results.clear_options()
        summary = self.query_one("#search-summary", Static)
        if error is not None:
            summary.update(f"Cannot search for that: {error}.")
            return
        if not text.strip():
            summary.update("Type to search.")
            return
        # What could not be read was not searched: said, never a silent "nothing".
        missing = (f"; {plural(unsearched, 'file or folder', 'files or folders')} could not "
                   "be read, so not searched: see F8 Problems") if unsearched else ""
        if not hits:
            summary.update(f"Nothing matches {text!r}{missing}.")
            return
        counts = []
        options: list[Option] = []
        for kind in KINDS:
            group = [(index, hit) for index, hit in enumerate(hits) if hit.kind == kind]
            if not group:
                continue
            title = GROUP_TITLES[kind]
            more = "+" if len(group) == MAX_PER_KIND else ""
            counts.append(plural(len(group), *COUNTED[kind]).replace(" ", f"{more} ", 1))
            options.append(Option(Content.assemble((f"{title} ({len(group)}{more})",
                                                    "bold underline")), disabled=True))
            titles = Counter(hit.title for _, hit in group)
            options += [Option(hit_prompt(hit, titles[hit.title] > 1), id=str(index))
                        for index, hit in group]
        summary.update(f"{', '.join(counts)} — enter opens one at the match, / to search "
                       f"again{missing}")
        results.add_options(options)
        results.highlighted = 1

    def _stopped(self, text: str) -> None:
        if text == self.query_input.value:  # else the words changed: their search follows
            self._shown_query = None
            self.hits = []
            self.results.clear_options()
            self.query_one("#search-summary", Static).update(
                f"Search for {text!r} stopped; enter searches again.")

    # -- keys ------------------------------------------------------------------

    def action_focus_query(self) -> None:
        # Coming back means searching again: the last query is selected, so a
        # key starts a new one (ctrl+z brings it back, an arrow keeps it);
        # down (or enter) goes to its results.
        self.query_input.offer()
        self.query_input.focus()

    def action_stop_search(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.chat_app.workspace.stop_search()

    def on_key(self, event: events.Key) -> None:
        if self.query_input.has_focus and event.key == "down" and self.hits:
            self.results.focus()
            event.stop()

    # -- opening ---------------------------------------------------------------

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_hit(self.hits[int(event.option.id)])

    def _in_record(self, hit: Hit) -> bool:
        """A debrief, or the notes and answers of a chat that is over, are read in
        the chat's record; an open chat's notes and answers are edited in Live
        and Plan."""
        if hit.where == "debrief":
            return True
        chat = self.chat_app.workspace.interviews.get(hit.slug)
        return hit.where in ("notes", "answers") and chat is not None \
            and chat.status not in OPEN_STATUSES

    def open_hit(self, hit: Hit) -> None:
        """Show the record of ``hit``, with the cursor on the match where the
        area shows that text, and say where the match is otherwise."""
        app = self.chat_app
        words = tuple(matched_words(hit.snippet, MARK_START, MARK_END))
        if hit.kind == "people" and hit.where in ("notes", "how we met"):
            app.post_message(OpenResearch("person", hit.slug,
                                          words if hit.where == "notes" else ()))
        elif hit.kind == "people":
            app.post_message(OpenPerson(hit.slug))
        elif hit.kind == "companies":
            app.post_message(OpenResearch("company", hit.slug, words))
        elif hit.kind == "interviews" and self._in_record(hit):
            # What was said and learned is read in the chat's record, at the match.
            app.open_record(hit.slug, words)
        elif hit.kind == "interviews" and hit.where == "notes":
            app.post_message(OpenChat(hit.slug, "live", words))
        elif hit.kind == "interviews":
            app.post_message(OpenChat(hit.slug, "plan", words))
        else:
            app.post_message(OpenBank(hit.slug, words))
        # Where the area shows the match itself (notes, a bank's questions,
        # marked), no message covers it.
        if hit.kind != "banks" and hit.where not in ("name", "notes") \
                and not (hit.kind == "interviews" and self._in_record(hit)):
            plain = snippet_content(hit.snippet).plain
            app.notify(f"{hit.title} — found in {hit.where}: {plain}", timeout=8,
                       markup=False)
