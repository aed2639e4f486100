""""Who can get me into…": people at a company or title, and warm paths to them.
The query typed is kept like any dialog's text (see ``ui.modals.drafts``) until a
result is chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.network import Network, WarmPaths
from coffeechat.core.wording import plural
from coffeechat.ui.modals.drafts import DraftDialog
from coffeechat.ui.taking_turns import TakingTurns, too_late
from coffeechat.ui.widgets.text_field import TextField
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

# Enough to act on; a broad title like "engineer" can match thousands.
MAX_DIRECT = 200
SEARCH_DELAY = 0.15


class WarmPathsModal(DraftDialog[str]):
    """Dismisses with the slug of the person to ask (None when closed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="warm_paths.close", tooltip="Back to Network"),
        Binding("down", "focus_results", "Results", show=False, id="warm_paths.results",
                tooltip="Move into the results"),
    ]

    def __init__(self, graph: Network, query: str = "", *, target: str | None = None) -> None:
        # Opened for a target employer (its company's slug), it keeps the text
        # typed there as that target's own draft: the draft of another search
        # never replaces the employer asked for.
        super().__init__(f"warm-paths.{target}" if target else "warm-paths",
                         "Who can get me into…")
        self.graph = graph
        self.initial_query = query
        self._timer: Timer | None = None
        # The newest query asked for: the one whose results are shown.
        self._query = query
        self._searches = TakingTurns(self._start_search)
        # Enter was pressed: the results get the focus once they are shown.
        self._focus_when_shown = False

    def compose(self) -> ComposeResult:
        with Vertical(id="warm-box", classes="dialog"):
            yield Static("Who can get me into…", id="warm-title")
            # A target's company is offered: another name typed replaces it.
            yield TextField(self.initial_query, placeholder="a company or a job title",
                            id="warm-query", offered=True)
            yield Static("", id="warm-summary")
            yield WrappedOptions(id="warm-results")
            yield Static("Enter on a result shows that person in Network · Esc to close",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.search(self.initial_query)

    @on(Input.Changed, "#warm-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, lambda: self.search(event.value))

    @on(Input.Submitted, "#warm-query")
    def _submitted(self, event: Input.Submitted) -> None:
        self._focus_when_shown = True
        self.search(event.value)

    def _describe(self, slug: str) -> str:
        where = self.graph.role(slug)
        return f"{self.graph.name(slug)} — {where}" if where else self.graph.name(slug)

    def search(self, query: str) -> None:
        """Fill the results for ``query``: direct contacts first, then chains.
        The walk runs in a worker (a query that matches everyone takes a good
        part of a second at 30,000 people), one at a time: keys typed while
        one runs make one more walk, of the newest query (see ``TakingTurns``)."""
        self._query = query
        self._searches.ask()

    def _start_search(self) -> None:
        self._find(self._query)

    @work(thread=True, group="warm-paths")
    def _find(self, query: str) -> None:
        results: WarmPaths | None = None
        options: list[Option | None] = []
        try:
            results = self.graph.warm_paths(query)
            options = self._options(results)
        finally:
            self.app.call_from_thread(self._found, query, results, options)

    def _options(self, results: WarmPaths) -> list[Option | None]:
        options: list[Option | None] = []
        for slug in results.direct[:MAX_DIRECT]:
            options.append(Option(Content("● " + self._describe(slug)), id=f"d:{slug}"))
        if results.paths:
            options.append(None)
        for number, path in enumerate(results.paths):
            names = " → ".join(self.graph.name(slug) for slug in path)
            where = self.graph.role(path[-1])
            label = f"{names}  ({where})" if where else names
            options.append(Option(Content(label), id=f"p{number}:{path[0]}"))
        return options

    def _found(self, query: str, results: WarmPaths | None,
               options: list[Option | None]) -> None:
        if too_late(self):  # closed while the walk ran
            return
        try:
            # An older query's walk: the newest one's comes next.
            if results is not None and query == self._query:
                self._show(query, results, options)
        finally:
            self._searches.done()

    def _show(self, query: str, results: WarmPaths, options: list[Option | None]) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        summary = self.query_one("#warm-summary", Static)
        if not query.strip():
            summary.update("Type a company (Aritzia) or a job title (product manager).")
        else:
            more = (f" (first {MAX_DIRECT} shown)" if len(results.direct) > MAX_DIRECT else "")
            summary.update(Content(
                f"{plural(len(results.direct), 'contact')} there{more}, "
                f"{plural(len(results.paths), 'warm path')} to them"
            ))
        if self._focus_when_shown:
            self._focus_when_shown = False
            self.action_focus_results()

    def action_focus_results(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.option_count:
            option_list.focus()
            if option_list.highlighted is None:
                option_list.highlighted = 0

    def draft_values(self) -> dict[str, str]:
        return {"query": self.query_one("#warm-query", Input).value}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        self.query_one("#warm-query", Input).value = values["query"]

    def submit(self) -> None:
        self.action_focus_results()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if ":" in option_id:
            self.finish(option_id.split(":", 1)[1])

    def action_close(self) -> None:
        self.keep_and_close()
