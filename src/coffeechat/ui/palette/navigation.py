"""Command-palette providers: jump to any record by name, and "area: verb" commands."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.fuzzy import Matcher

from coffeechat.core.wording import plural
from coffeechat.ui.area import AREAS

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# A palette answer needs no more; a broad query over 10,000 names would
# otherwise build thousands of hits nobody scrolls to.
MAX_HITS = 40
# The names scored for a query at most: a query of a letter or two holds
# thousands, of which those where it starts a word come first.
CANDIDATES = 2_000

# A name as the palette ranks it: (score, text, what is said beside, its command).
Scored = tuple[float, str, str, Callable[[], Any]]


def _app(provider: Provider) -> CoffeeChatApp:
    return cast("CoffeeChatApp", provider.app)


class AreaCommands(Provider):
    """``area: verb`` commands: go to each area, and each area's main actions."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        # Imported when the palette opens: start-up does not need the Network area.
        from coffeechat.ui.screens.network import NetworkScreen

        app = _app(self)
        found: list[tuple[str, str, Callable[[], Any]]] = [
            (f"{title.lower()}: open", f"Go to {title} ({key.upper()})",
             partial(app.switch_mode, mode))
            for mode, title, key in AREAS
        ]

        def in_network(action: Callable[[NetworkScreen], object]) -> Callable[[], None]:
            """Open Network, then run one of its actions once it is on screen."""

            def act() -> None:
                screen = app.screen_stack[0]
                if isinstance(screen, NetworkScreen):
                    action(screen)

            def run() -> None:
                app.switch_mode("network")
                app.call_after_refresh(act)

            return run

        found += [
            ("network: add person", "A new contact in a form",
             in_network(NetworkScreen.action_add)),
            ("network: who can get me into…", "People at a company or title and warm paths",
             in_network(NetworkScreen.action_warm_paths)),
            ("network: referral tree", "Who led to whom, and what each branch yielded (alt+t)",
             in_network(NetworkScreen.action_referral_tree)),
            ("network: restore deleted person", "Bring back the last person deleted",
             in_network(NetworkScreen.action_restore)),
            ("targets: add a target employer…", "Make a company a target (F9 Targets)",
             partial(_ask_target, app)),
            *((f"targets: add {company}", "Make the company on screen a target employer",
               partial(app.add_target, company)) for company in _company_on_screen(app)),
            ("workspace: problems", "Every problem found in your files (F8)",
             app.action_problems),
            ("workspace: sync", "Commit, fetch, merge and push with git; conflicts on F8 "
             "(shift+F8)", app.action_sync),
            ("keys: help", "Every key of this screen (?)", app.action_help),
        ]
        return found

    async def discover(self) -> Hits:
        for text, help_text, command in self._commands():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)


def _ask_target(app: CoffeeChatApp) -> None:
    from coffeechat.ui.modals.interview_prompt import TextPromptModal

    def typed(name: str | None) -> None:
        if name is not None:
            app.add_target(name)

    app.push_screen(TextPromptModal(
        "Which employer do you want to work for?", "a company's name", draft_key="new-target",
        hint="enter: make it a target · escape: back (the text is kept)"), typed)


def _company_on_screen(app: CoffeeChatApp) -> list[str]:
    """The company Network's person works at, or Research's company (or its
    person's employer): the one "targets: add" offers to make a target."""
    from coffeechat.ui.screens.network import NetworkScreen
    from coffeechat.ui.screens.research import ResearchScreen

    screen = app.screen_stack[0] if app.screen_stack else None
    ws = app.workspace
    name = ""
    if isinstance(screen, NetworkScreen):
        current = screen.current
        name = current[1].company if current is not None else ""
    elif isinstance(screen, ResearchScreen) and screen.slug is not None:
        kind, slug = screen.kind, screen.slug
        if kind == "company":
            company = ws.companies.peek(slug)
            name = company.name if company is not None and not company.target else ""
        else:
            person = ws.people.peek(slug)
            name = person.company if person is not None else ""
    return [name.strip()] if name.strip() else []


class JumpCommands(Provider):
    """Jump to a person (Network), a company (Research), an employer with no
    company notes yet (Network, showing who works there) or an interview (Plan);
    or search every word.

    The names are asked of the index as the query is typed (on a thread, the
    keys going on meanwhile): opening the palette rebuilds no record and keeps
    no list of every name."""

    async def startup(self) -> None:
        # The rows stand for the files once every folder was compared with them.
        await asyncio.to_thread(_app(self).workspace.compare_once)

    # The query typed last: a search for an older one, waiting for its turn
    # behind another (one at a time, whichever palette asks), gives up: a key
    # typed every 30 ms would otherwise queue every query.
    _asked = ""
    _turn = threading.Lock()

    async def search(self, query: str) -> Hits:
        self._asked = query
        if not query.strip():
            return
        matcher = self.matcher(query)
        for score, text, help_text, command in await asyncio.to_thread(
                self._best, query, matcher):
            yield Hit(score, matcher.highlight(text), command, text=text, help=help_text or None)
        # Whatever the names, the words anywhere in notes, answers and debriefs:
        # last, unless the query asks for it ("search: …").
        words = query.strip()
        asked = words.casefold().startswith("search:")
        words = words[len("search:"):].strip() if asked else words
        if words:
            text = f"search: {words}"
            yield Hit(1.0 if asked else 0.01, text, partial(_app(self).open_search, words),
                      text=text,
                      help="Every note, debrief, answer and bank containing these words (F11)")

    def _best(self, query: str, matcher: Matcher) -> list[Scored]:
        """The best ``MAX_HITS`` names for ``query``, scored by ``matcher`` among
        those the index finds holding its letters in order (``CANDIDATES`` at
        most, the likeliest first)."""
        with self._turn:
            return self._scored(query, matcher) if query == self._asked else []

    def _scored(self, query: str, matcher: Matcher) -> list[Scored]:
        app = _app(self)
        index = app.workspace.index
        scored: list[Scored] = []

        def score(text: str, help_text: str, command: Callable[[], Any]) -> None:
            if (found := matcher.match(text)) > 0:
                scored.append((found, text, help_text, command))

        for name in index.names_matching(query, CANDIDATES):
            if name.kind == "people":
                command: Callable[[], Any] = partial(app.open_person, name.slug)
            elif name.kind == "companies":
                command = partial(app.open_research, "company", name.slug)
            else:
                command = partial(app.open_interview, name.slug, "plan")
            score(name.text, name.detail, command)
        # An employer with a company record is that record's name above.
        known = {" ".join(name.split()).casefold() for name in index.company_names()}
        employers: dict[str, tuple[str, int]] = {}
        for company, count in index.employers_matching(query):
            employer = " ".join(company.split())
            if employer.casefold() not in known:
                first, counted = employers.get(employer.casefold(), (employer, 0))
                employers[employer.casefold()] = (first, counted + count)
        for employer, count in employers.values():
            score(f"company: {employer}",
                  f"{plural(count, 'person', 'people')} in your network work here",
                  partial(app.show_people_at, employer))
        scored.sort(key=lambda item: -item[0])
        return scored[:MAX_HITS]
