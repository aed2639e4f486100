"""CoffeeChatApp: the full-screen workspace and its top-level areas.

Each area is a Textual mode (Home, Network, Research, Plan, Live, Follow-ups,
Banks) reached with F1–F7 or the command palette (ctrl+p). Every screen reads
the data through ``app.workspace`` and never touches files itself.

Contract for screens (all optional; the app looks them up by name):

- ``flush()`` — plain or ``async``. Write anything still pending (a debounced
  autosave) *now*. The app calls it on every open screen before quitting and
  before it reloads records changed by another program. Raise nothing for a
  conflict (notify instead); let other ``StoreError``s propagate, and quitting
  is then refused once with the message shown, so nothing typed is lost.
- ``refresh_data(changed)`` — after files changed on disk were reloaded;
  ``changed`` maps ``"people"``/``"companies"``/``"interviews"`` to the slugs.
- ``show_target()`` — called when the app asks an already visible screen to
  show what ``app.current_interview``, ``app.selected_person`` or
  ``app.research_target`` now name (``open_interview``/``open_person``/
  ``open_research``); a screen shown fresh reads those attributes on resume.

``StatusBar`` (widgets/status_bar.py) shows the read-only state and the count of
problems on any screen that composes it; the header's sub-title carries the same
read-only notice on every screen.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.storage import ConflictError, StoreError, Workspace
from coffeechat.storage import settings as config
from coffeechat.ui.modals.help import HelpModal, KeyHelp
from coffeechat.ui.modals.problems import ProblemsModal
from coffeechat.ui.palette.navigation import AreaCommands, JumpCommands
from coffeechat.ui.palette.transfer import InteropCommands
from coffeechat.ui.screens.home import HomeScreen

KINDS = ("people", "companies", "interviews")
# Counting problems reads every folder; it waits until the first screen is up.
PROBLEM_COUNT_DELAY = 0.3
# How often files are checked for edits made by other programs (a stat per file).
DISK_CHECK_SECONDS = 3.0

AREAS = (
    ("home", "Home", "f1"),
    ("network", "Network", "f2"),
    ("research", "Research", "f3"),
    ("plan", "Plan", "f4"),
    ("live", "Live", "f5"),
    ("followups", "Follow-ups", "f6"),
    ("banks", "Banks", "f7"),
)


def _lazy(module: str, name: str) -> Callable[[], Screen]:
    """A mode's screen, imported on first use: the other areas pull in Markdown,
    TextArea languages and friends, which start-up on Home does not need."""

    def make() -> Screen:
        screen_class: type[Screen] = getattr(importlib.import_module(module), name)
        return screen_class()

    return make


class CoffeeChatApp(App[int]):
    """The app on one data directory; every screen reads ``app.workspace``."""

    TITLE = "coffeechat"
    CSS_PATH = "app.tcss"
    MODES: ClassVar = {
        "home": HomeScreen,
        "network": _lazy("coffeechat.ui.screens.network", "NetworkScreen"),
        "research": _lazy("coffeechat.ui.screens.research", "ResearchScreen"),
        "plan": _lazy("coffeechat.ui.screens.plan", "PlanScreen"),
        "live": _lazy("coffeechat.ui.screens.live", "LiveScreen"),
        "followups": _lazy("coffeechat.ui.screens.followups", "FollowupsScreen"),
        "banks": _lazy("coffeechat.ui.screens.banks", "BanksScreen"),
    }
    COMMANDS = App.COMMANDS | {AreaCommands, JumpCommands, InteropCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Area keys are listed by ? and the palette rather than in the footer:
        # seven more footer keys crowd out the screen's own and make the footer
        # slow to rebuild each time the keys that apply change.
        *(
            # Priority: a focused TextArea would otherwise take F6/F7 (select line/all).
            Binding(key, f"switch_mode('{mode}')", title, id=f"goto.{mode}",
                    tooltip=f"Go to {title}", show=False, priority=True)
            for mode, title, key in AREAS
        ),
        Binding("f8", "problems", "Problems", id="app.problems", priority=True,
                tooltip="Every problem found in your files, with file:line:col"),
        Binding("question_mark", "help", "Keys", id="app.help",
                tooltip="Every key of this screen"),
    ]

    readonly_note: reactive[str] = reactive("")
    # (errors, warnings); None until counted, shortly after start-up.
    problem_counts: reactive[tuple[int, int] | None] = reactive(None)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.workspace = Workspace.open(data_dir)
        self.current_interview: str | None = None
        self.selected_person: str | None = None
        self.research_target: tuple[str, str] | None = None
        self.settings, self.settings_problems = config.load_settings(data_dir)
        self._quit_refused = False

    # -- start and stop ----------------------------------------------------------

    def on_mount(self) -> None:
        ws = self.workspace
        if ws.readonly:
            holder = f" by {ws.lock_holder}" if ws.lock_holder else ""
            self.readonly_note = (f"READ-ONLY: this data directory is open{holder}; "
                                  "changes here cannot be saved")
            self.sub_title = "READ-ONLY"
        self._apply_theme()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.set_timer(PROBLEM_COUNT_DELAY, self._count_problems)
        if self.settings_problems:
            self.notify(
                "settings.yaml has problems, so theme changes will not be saved there: "
                + "; ".join(problem.format(self.data_dir) for problem in self.settings_problems),
                severity="error", timeout=10,
            )
        self.switch_mode("home")
        self.set_interval(DISK_CHECK_SECONDS, self._check_disk)

    def _apply_theme(self) -> None:
        wanted = self.settings.theme
        if wanted in self.available_themes:
            self.theme = wanted
        elif not self.settings_problems:
            self.settings_problems.append(Problem(
                self.data_dir / config.SETTINGS_FILE, f"no theme called {wanted!r}",
                field="theme", severity=Severity.WARNING,
            ))

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.settings.theme:
            return
        if has_errors(self.settings_problems) or self.workspace.readonly:
            return
        self.settings.theme = theme.name
        try:
            config.save_settings(self.data_dir, self.settings)
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc.strerror}", severity="error")

    async def action_quit(self) -> None:
        """Flush every screen's pending work, then leave."""
        if await self.flush_screens() or self._quit_refused:
            self.exit()
            return
        self._quit_refused = True
        self.notify("Something could not be saved (see above). Press ctrl+q again to "
                    "quit anyway.", severity="error", timeout=10)

    async def flush_screens(self) -> bool:
        """Call ``flush()`` on every open screen; False if any could not save."""
        saved = True
        for screen in self.open_screens():
            flush = getattr(screen, "flush", None)
            if flush is None:
                continue
            try:
                result = flush()
                if inspect.isawaitable(result):
                    await result
            except ConflictError as exc:
                self.notify(str(exc), severity="warning", timeout=10)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10)
                saved = False
        return saved

    def open_screens(self) -> Iterable[Screen]:
        """Every screen of every area opened so far (including modals)."""
        # Textual keeps one stack per mode and offers no public way to list them.
        stacks: dict[str, list[Screen]] = getattr(self, "_screen_stacks", {})
        for stack in stacks.values():
            yield from stack

    def on_unmount(self) -> None:
        self.workspace.close()

    # -- outside changes ---------------------------------------------------------

    def _scan(self) -> dict[str, list[str]]:
        changed: dict[str, list[str]] = {}
        for kind in KINDS:
            try:
                changed[kind] = getattr(self.workspace, kind).changed_on_disk()
            except RuntimeError:
                # A save on the main thread resized the dict; look again next time.
                changed[kind] = []
        return changed

    async def _check_disk(self) -> None:
        changed = await asyncio.to_thread(self._scan)
        if not any(changed.values()):
            return
        await self.flush_screens()
        for kind, slugs in changed.items():
            collection = getattr(self.workspace, kind)
            # Safe under open editors: their saves are based on the version
            # they started from, so they merge with (or refuse) what is read here.
            for slug in slugs:
                collection.reload(slug)
        self.update_problems()
        fresh = {kind: set(slugs) for kind, slugs in changed.items()}
        for screen in self.open_screens():
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh(fresh)

    # -- problems ----------------------------------------------------------------

    def all_problems(self) -> list[Problem]:
        """Everything wrong, including links to people who do not exist."""
        return [*self.workspace.problems(), *self.settings_problems]

    def _problem_counts(self) -> tuple[int, int]:
        # Broken links are left to the problems list itself: finding them means
        # rebuilding every record, a second's work at 10,000 people.
        problems = [*self.workspace.problems(links=False), *self.settings_problems]
        errors = sum(problem.severity is Severity.ERROR for problem in problems)
        return errors, len(problems) - errors

    def update_problems(self) -> None:
        """Recount the problems shown in the status bar."""
        self.problem_counts = self._problem_counts()

    @work(thread=True, exclusive=True, group="problems")
    def _count_problems(self) -> None:
        """The first count reads every folder: off the UI thread."""
        counts = self._problem_counts()
        self.call_from_thread(setattr, self, "problem_counts", counts)

    def action_problems(self) -> None:
        if isinstance(self.screen, ProblemsModal):
            return
        self.update_problems()
        self.push_screen(ProblemsModal(self.all_problems(), self.data_dir))

    @work(group="reload")
    async def action_reload(self) -> None:
        """Re-read every file (after a batch of outside edits)."""
        await self.flush_screens()
        self.workspace.load()
        self.update_problems()
        everything = {kind: set(getattr(self.workspace, kind).entries) for kind in KINDS}
        for screen in self.open_screens():
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh(everything)
        self.notify("Reloaded every file.")

    # -- help --------------------------------------------------------------------

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpModal):
            return
        rows: list[tuple[tuple[bool, int, str], KeyHelp]] = []
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description:
                continue
            # The screen's own keys first, then the focused widget's, then the app's.
            scope = 0 if active.node is screen else 2 if active.node is self else 1
            display = self.get_key_display(binding)
            rows.append(((not active.enabled, scope, display), KeyHelp(
                display, binding.description, active.tooltip or binding.tooltip,
                active.enabled)))
        keys = [item for _, item in sorted(rows, key=lambda row: row[0])]
        title = getattr(screen, "AREA_TITLE", None) or screen.__class__.__name__
        self.push_screen(HelpModal(title, keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Workspace: problems", "Every problem found in your files",
                            self.action_problems)
        yield SystemCommand("Workspace: reload", "Re-read every file from disk",
                            self.action_reload)

    # -- navigation --------------------------------------------------------------

    def _show(self, mode: str) -> None:
        if self.current_mode == mode:
            base = self.screen_stack[0]
            show = getattr(base, "show_target", None)
            if show is not None:
                show()
        else:
            self.switch_mode(mode)

    def open_interview(self, slug: str, mode: str = "plan") -> None:
        """Show one interview in the Plan or Live area."""
        self.current_interview = slug
        self._show(mode)

    def open_person(self, slug: str) -> None:
        """Show Network with this person selected."""
        self.selected_person = slug
        self._show("network")

    def open_research(self, kind: str, slug: str) -> None:
        """Show the research notes of a ``"person"`` or a ``"company"``."""
        self.research_target = (kind, slug)
        self._show("research")
