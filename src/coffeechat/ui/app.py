"""CoffeeChatApp: the full-screen workspace and its top-level areas.

Each area is a Textual mode (Home, Network, Research, Plan, Live, Follow-ups,
Banks, Search, Targets) reached with F1–F7, F9 and F11 or the command
palette (ctrl+p).
Every screen reads the data through ``app.workspace`` and never touches files
itself.

How the app and its screens talk (see :mod:`coffeechat.ui.area`):

- One watcher looks for files changed by other programs (records, banks,
  settings) every few seconds, writes pending edits, reads the changed files
  again and publishes one ``workspace_changed`` signal.
- Edits are written by :class:`~coffeechat.ui.autosave.Autosave` widgets, which
  register with the app: quitting writes them all first, and asks before
  leaving anything unsaved behind.
- ``open_interview``/``open_person``/``open_research``/``open_search`` set what
  an area shows and call :meth:`AreaScreen.show_target` when that area is
  already on screen.
- A worker compares every folder with the index after the first paint and
  brings the index up to date (reading only the files that changed), its
  progress in the status bar; the problems are counted once it is done.
"""

from __future__ import annotations

import asyncio
import importlib
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme

from coffeechat.core import clock
from coffeechat.core.models.interview import Interview
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.nudges import Rhythm
from coffeechat.storage import Workspace
from coffeechat.storage import settings as config
from coffeechat.storage.conflicts import KINDS, Conflict
from coffeechat.storage.drafts import DraftStore
from coffeechat.storage.editing import EditSession
from coffeechat.storage.errors import StoreError
from coffeechat.storage.paths import SYNC_ORDER
from coffeechat.storage.rescue import write_copies
from coffeechat.storage.watch import Changes, Watcher, everything, scan
from coffeechat.ui.area import AREAS, CARRY_CONTEXT, AreaScreen
from coffeechat.ui.autosave import Autosave, save_now
from coffeechat.ui.modals.help import HelpModal, KeyHelp
from coffeechat.ui.modals.problems import ProblemsModal
from coffeechat.ui.modals.unsaved import UnsavedModal
from coffeechat.ui.navigation import (
    NewChatFor,
    OpenBank,
    OpenChat,
    OpenFollowup,
    OpenPerson,
    OpenResearch,
    OpenSearch,
    OpenTarget,
    PeopleAt,
    Request,
)
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.wide_cells import install as keep_wide_characters_whole

if TYPE_CHECKING:
    from coffeechat.storage.start_ahead import StartAhead

    # The import dialog (and the vCard library) load only when used.
    from coffeechat.ui.modals.transfer_import import ImportDialog

# How often a long read or index rebuild may repaint its progress, the first
# time this long after it began: a line more or less on the status line lays
# the whole screen out again, and a start whose index is current is done
# reading in less.
PROGRESS_SECONDS = 0.5
# How long reading waits for Home to show the index's lists before it starts.
HOME_FIRST_SECONDS = 1.0
# How often files are checked for edits made by other programs (a stat per file).
DISK_CHECK_SECONDS = 3.0
# The status line while a sync runs.
SYNCING = "syncing…"


def _provider(module: str, name: str) -> Callable[[], type[Provider]]:
    """A palette provider, imported when the palette first opens."""

    def load() -> type[Provider]:
        provider: type[Provider] = getattr(importlib.import_module(module), name)
        return provider

    return load


def _lazy(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A mode's screen, imported on first use: the other areas pull in Markdown,
    TextArea languages and friends, which start-up on Home does not need."""

    def make() -> Screen[Any]:
        screen_class: type[Screen[Any]] = getattr(importlib.import_module(module), name)
        return screen_class()

    return make


# The area keys, in the order of their keys (F1, F2… F9, F11).
AREA_ORDER = {f"goto.{mode}": position for position, (mode, _, _) in enumerate(AREAS)}


def binding_ids() -> set[str]:
    """The id of every key binding of every screen, dialog and widget."""
    import pkgutil

    from textual.dom import DOMNode

    import coffeechat.ui.modals
    import coffeechat.ui.screens
    import coffeechat.ui.widgets

    for package in (coffeechat.ui.screens, coffeechat.ui.modals, coffeechat.ui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    ids: set[str] = set()
    classes: list[type[DOMNode]] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("coffeechat."):
            ids.update(binding.id for binding in cls.__dict__.get("BINDINGS", ())
                       if isinstance(binding, Binding) and binding.id)
    return ids


class CoffeeChatApp(App[int]):
    """The app on one data directory; every screen reads ``app.workspace``."""

    TITLE = "coffeechat"
    CSS_PATH = "app.tcss"
    # Home is the first mode's screen, given as the default screen: Textual
    # parses the whole stylesheet once more before the first frame for a first
    # screen taken from MODES. Its mode is added once the app is up.
    DEFAULT_MODE: ClassVar[str] = "home"
    MODES: ClassVar = {
        "network": _lazy("coffeechat.ui.screens.network", "NetworkScreen"),
        "research": _lazy("coffeechat.ui.screens.research", "ResearchScreen"),
        "plan": _lazy("coffeechat.ui.screens.plan", "PlanScreen"),
        "live": _lazy("coffeechat.ui.screens.live", "LiveScreen"),
        "followups": _lazy("coffeechat.ui.screens.followups", "FollowupsScreen"),
        "banks": _lazy("coffeechat.ui.screens.banks", "BanksScreen"),
        "search": _lazy("coffeechat.ui.screens.search", "SearchScreen"),
        "targets": _lazy("coffeechat.ui.screens.targets", "TargetsScreen"),
    }
    COMMANDS = App.COMMANDS | {
        _provider("coffeechat.ui.palette.navigation", "AreaCommands"),
        _provider("coffeechat.ui.palette.navigation", "JumpCommands"),
        _provider("coffeechat.ui.palette.transfer", "InteropCommands"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        # Area keys are listed by ? and the palette rather than in the footer:
        # seven more footer keys crowd out the screen's own and make the footer
        # slow to rebuild each time the keys that apply change.
        *(
            # Priority: a focused TextArea would otherwise take F6/F7 (select line/all).
            Binding(key, f"goto('{mode}')", title, id=f"goto.{mode}",
                    tooltip=f"Go to {title}", show=False, priority=True)
            for mode, title, key in AREAS
        ),
        Binding("f8", "problems", "Problems", id="app.problems", priority=True,
                tooltip="Every problem found in your files, with file:line:col"),
        # Beside F8, where its conflicts are listed (some terminals send F20).
        Binding("shift+f8,f20", "sync", "Sync", id="app.sync", show=False, priority=True,
                tooltip="Commit, fetch, merge and push with git (coffeechat sync)"),
        Binding("question_mark", "help", "Keys", id="app.help",
                tooltip="Every key of this screen"),
        # In a text field ? is typed; F12 opens the keys from anywhere.
        Binding("f12", "help", "Keys", id="app.help_anywhere", show=False, priority=True,
                tooltip="Every key of this screen, also while typing"),
        # Not a priority: where typing goes to a box, / stays theirs (ctrl+f,
        # where most programs find, is no text field's key).
        Binding("slash,ctrl+f", "switch_mode('search')", "Search", id="app.search",
                show=False, tooltip="Search every note, debrief, answer and bank (F11)"),
    ]

    readonly_note: reactive[str] = reactive("")
    # (errors, warnings); None until counted, once every folder is read.
    problem_counts: reactive[tuple[int, int] | None] = reactive(None)
    # What a long read or index rebuild is doing ("" when nothing is).
    sync_progress: reactive[str] = reactive("")
    # Meetings begun and never ended, as (slug, "the chat with … (begun …)"):
    # a notice on the status line, resumed from the palette (or F5).
    resumable: reactive[tuple[tuple[str, str], ...]] = reactive(())
    # The last git sync's time and result ("" when the folder never synced).
    last_sync: reactive[str] = reactive("")

    def __init__(self, data_dir: Path, ahead: StartAhead | None = None) -> None:
        """The app on ``data_dir``; ``ahead``, what the command prepared as it
        started (the folders' seals, a reading helper), for the first compare
        of the folders only."""
        super().__init__()
        # Names in Chinese, Japanese or Korean stay whole under toasts and dialogs.
        keep_wide_characters_whole()
        self.data_dir = data_dir
        self.workspace = Workspace.open(data_dir)
        self._ahead = ahead
        # The chat in hand, which Plan and Live both show: set by a request
        # to open one (None for a new chat, not written yet), and by Plan and
        # Live when they take up another themselves (``hold_chat``).
        self.current_interview: str | None = None
        self.settings_file = config.SettingsFile(data_dir, readonly=self.workspace.readonly)
        self.settings_session = EditSession(self.settings_file, config.SettingsFile.SLUG,
                                            readonly=self.workspace.readonly)
        self._theme_problems: list[Problem] = []
        # What is typed in dialogs, kept until it is saved where it belongs.
        self.drafts = DraftStore(data_dir, readonly=self.workspace.readonly)
        self.watcher = Watcher(self.workspace)
        self.workspace_changed: Signal[Changes] = Signal(self, "workspace-changed")
        # Every mounted Autosave registers here, so quitting can write them all.
        self.autosaves: weakref.WeakSet[Autosave[Any]] = weakref.WeakSet()
        self._synced = False
        self._progress_at = 0.0
        # Start-up, one step after another, each started by the message that
        # the one before is done: Home shows its lists as the index has them,
        # alone (reading would only compete with it for the interpreter); then
        # the reading worker compares the interviews with their rows, writing
        # the rows of files changed (Home fills again if one did), then the
        # rest. Should Home not answer, reading begins after HOME_FIRST_SECONDS.
        self.interviews_read: Signal[None] = Signal(self, "interviews-read")
        self.everything_read: Signal[None] = Signal(self, "everything-read")
        self.have_read_interviews = False
        self.have_read_everything = False
        self._reading_started = False

    # -- start and stop ----------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return HomeScreen()

    def on_mount(self) -> None:
        self.add_mode("home", HomeScreen)  # its screen is up already: never made again
        ws = self.workspace
        if ws.readonly:
            if ws.lock_holder or not ws.readonly_reason:
                holder = f" by {ws.lock_holder}" if ws.lock_holder else ""
                why = f"this data directory is open{holder}"
            else:
                why = ws.readonly_reason
            self.readonly_note = f"READ-ONLY: {why}; changes here cannot be saved"
            self.sub_title = "READ-ONLY"
        self._apply_theme()
        self._apply_keys()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.settings_problems:
            self.notify(
                "settings.yaml has problems, so theme changes will not be saved there: "
                + "; ".join(problem.format(self.data_dir) for problem in self.settings_problems),
                severity="error", timeout=10,
            )
        # After the first paint (reading thousands of files must not delay it),
        # once Home has shown its first lists, or a moment later anyway.
        self.set_timer(HOME_FIRST_SECONDS, self._start_reading)
        self.set_interval(DISK_CHECK_SECONDS, self.check_disk)

    @dataclass
    class Progress(Message):
        """How far reading the workspace has got.

        A message, not ``call_from_thread``: the worker holds a folder's lock
        while it reports, and must never wait for a UI thread that may itself
        be waiting for that folder."""

        text: str

    @dataclass
    class Read(Message):
        """The reading worker has compared the folders of ``kinds`` with the
        index and written the rows of the files changed (all of them: and
        counted the problems found)."""

        kinds: tuple[str, ...]
        counts: tuple[int, int] | None = None

    @dataclass
    class Synced(Message):
        """A git sync ended (or, at start-up, the last one was looked up):
        its time and line, and whether to tell the user (``news``)."""

        line: str
        ok: bool = True
        news: bool = False

    def on_home_screen_shown(self, message: HomeScreen.Shown) -> None:
        self._start_reading()

    def _start_reading(self) -> None:
        """Compare the folders with the index in the background, once."""
        if not self._reading_started:
            self._reading_started = True
            self._progress_at = time.monotonic()
            self._read()

    @work(thread=True, group="read")
    def _read(self) -> None:
        """Compare every folder with the index off the UI thread, the interviews
        first (Home's lists are a query of their rows), reading and indexing
        only the files that changed; then count the problems."""
        ws = self.workspace
        # Seals taken as the command started stand for the folders as they were
        # then: good for this first compare, never for a later one.
        ahead, self._ahead = self._ahead, None
        ws.refresh(self._show_progress, SYNC_ORDER[:1], ahead=ahead)
        self.post_message(self.Read(SYNC_ORDER[:1]))
        ws.refresh(self._show_progress, SYNC_ORDER[1:], ahead=ahead)
        if ahead is not None:
            ahead.close()  # its helper, no longer needed
        self.post_message(self.Read(SYNC_ORDER, self._problem_counts()))
        # Imported here, on the reading thread: start-up needs no git.
        from coffeechat.storage.git_sync import last_sync

        if (line := last_sync(self.data_dir)) is not None:
            self.post_message(self.Synced(line))

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._progress_at >= PROGRESS_SECONDS and done < total:
            self._progress_at = now
            self.post_message(self.Progress(f"{stage}… {done:,} / {total:,}"))

    def on_coffee_chat_app_progress(self, message: Progress) -> None:
        self.sync_progress = message.text

    def on_coffee_chat_app_read(self, message: Read) -> None:
        if "interviews" in message.kinds and not self.have_read_interviews:
            self.have_read_interviews = True
            self.interviews_read.publish(None)
            self._find_meetings_left_running()
        if message.counts is not None:
            self._synced = self.have_read_everything = True
            self.sync_progress = ""
            self.problem_counts = message.counts
            self.everything_read.publish(None)

    @property
    def settings(self) -> config.Settings:
        """The settings as stored (the defaults while the file cannot be used)."""
        return self.settings_file.settings

    @property
    def settings_problems(self) -> list[Problem]:
        return [*self.settings_file.problems, *self._theme_problems]

    def _apply_theme(self) -> None:
        wanted = self.settings.theme
        self._theme_problems = []
        if wanted in self.available_themes:
            self.theme = wanted
        elif not self.settings_file.problems:
            self._theme_problems.append(Problem(
                self.data_dir / config.SETTINGS_FILE, f"no theme called {wanted!r}",
                field="theme", severity=Severity.WARNING,
            ))

    def _theme_changed(self, theme: Theme) -> None:
        session = self.settings_session
        if theme.name == self.settings.theme or session.base is None or not session.writable:
            return
        self.change_settings(lambda settings: setattr(settings, "theme", theme.name),
                             "The theme")

    def _apply_keys(self) -> None:
        """The keys remapped in ``settings.yaml``, by binding id; an id no screen
        has is named (the screens are imported only when something is remapped)."""
        wanted = self.settings.keys
        if not wanted:
            return
        known = binding_ids()
        unknown = sorted(set(wanted) - known)
        self.set_keymap({key_id: keys for key_id, keys in wanted.items() if key_id in known})
        if unknown:
            self.notify(f"settings.yaml: no key has the id {', '.join(unknown)}; the ids are "
                        "listed in docs/keys.md", severity="warning", timeout=10, markup=False)

    def change_settings(self, change: Callable[[config.Settings], None], what: str) -> bool:
        """Apply ``change`` to the stored settings and write them through the editing
        engine; False when they cannot be written (read-only, a file with errors)."""
        session = self.settings_session
        if session.base is None or not session.writable:
            return False
        mine = session.base.copy()
        change(mine)
        if not save_now(self, session, mine, what).ok:
            return False
        self.watcher.settings_written()
        return True

    async def action_quit(self) -> None:
        """Write every pending edit, then leave; ask first if any could not be written
        or a dialog holds text not yet saved (ctrl+q once more while asked leaves
        without copies)."""
        if isinstance(self.screen, UnsavedModal):
            self.exit()
            return
        failed, drafts = self._unsaved()
        if not failed and not drafts:
            self.exit()
            return
        lines = [autosave.describe_unsaved() for autosave in failed]
        lines += [f"{autosave.what}: kept in {autosave.session.store.folder}/"
                  f"{autosave.session.slug}.yaml and offered again when the dialog opens"
                  for autosave in drafts if autosave.session is not None]
        self.push_screen(UnsavedModal(lines, all_kept=not failed), self._after_unsaved)

    def _unsaved(self) -> tuple[list[Autosave[Any]], list[Autosave[Any]]]:
        """Write every pending edit now; returns the autosaves whose text still
        could not be written, and those of open dialogs whose text is only a draft."""
        failed = self.flush_edits()
        drafts = [autosave for autosave in self.autosaves
                  if autosave not in failed and autosave.session is not None
                  and autosave.session.store is self.drafts
                  and self.drafts.holds(autosave.session.slug)]
        return failed, drafts

    def _after_unsaved(self, folder: Path | None) -> None:
        """``UnsavedModal`` answered: a folder for copies, or None to go back."""
        if folder is None:
            return
        failed, drafts = self._unsaved()
        records = [(autosave.session.store.folder, autosave.session.slug, mine)
                   for autosave in (*failed, *drafts)
                   if autosave.session is not None and (mine := autosave.current()) is not None]
        if not records:  # written meanwhile: the disk has room again
            self.exit()
            return
        try:
            write_copies(folder, records)
        except OSError as exc:
            self.notify(f"Could not write the copies in {folder}: {exc.strerror or exc}",
                        severity="error", timeout=15, markup=False)
            return
        self.exit()

    def flush_edits(self) -> list[Autosave[Any]]:
        """Write every pending edit now; returns the autosaves whose text still
        could not be written (it stays in memory)."""
        failed = []
        for autosave in list(self.autosaves):
            result = autosave.flush()
            if result is not None and not result.ok and result.error is not None \
                    and autosave.session is not None and autosave.session.clash is None:
                failed.append(autosave)
        return failed

    def on_unmount(self) -> None:
        self.workspace.close()

    # -- outside changes ---------------------------------------------------------

    async def check_disk(self) -> None:
        """Look for files other programs changed and take them in (run every
        ``DISK_CHECK_SECONDS``)."""
        if not self._synced:
            # The reading at start compares every file with its row itself; a
            # look now would take the rows it has not written yet for changes,
            # and wait on this thread for the folder it is reading.
            return
        changes = await asyncio.to_thread(scan, self.watcher.known())
        if changes:
            self._take_in(changes)
        # Rows still owed to the index (after a reload, or an index that had
        # to start again) are written here, in the background.
        await asyncio.to_thread(self.workspace.store_pending)

    def _take_in(self, changes: Changes) -> None:
        """Read again what other programs changed, and tell every screen."""
        # Edits are saved against the version they started from, so they merge
        # with (or refuse) what is read here.
        self.flush_edits()
        self.watcher.apply(changes)
        if changes.settings:
            self.settings_file.reload(config.SettingsFile.SLUG)
            self.settings_session.load()
            self._apply_theme()
        self.update_problems()
        self.workspace_changed.publish(changes)

    # -- problems ----------------------------------------------------------------

    def all_problems(self) -> list[Problem]:
        """Everything wrong, including links to people who do not exist (the
        versions kept aside are listed by F8 on their own)."""
        return [*self.workspace.problems(conflicts=False), *self.settings_problems]

    # -- sync --------------------------------------------------------------------

    def action_sync(self) -> None:
        """Commit, fetch, merge and push with git, on a worker: the app goes on,
        and reads back what the merge changed as it reads any outside change."""
        if self.last_sync.startswith(SYNCING):
            self.notify("A sync is already running.")
            return
        self.flush_edits()
        self.last_sync = f"{SYNCING} (git runs in the background)"
        self._sync()

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        from coffeechat.storage import git_sync

        try:
            result = git_sync.sync(self.data_dir)
        except git_sync.SyncError as exc:
            line, ok = f"sync failed: {exc}", False
        else:
            line, ok = result.line, not result.conflicts
        self.post_message(self.Synced(f"{clock.now():%Y-%m-%d %H:%M} {line}", ok, news=True))

    def on_coffee_chat_app_synced(self, message: Synced) -> None:
        self.last_sync = message.line
        if message.news:
            self.notify(message.line, title="Sync", timeout=8,
                        severity="information" if message.ok else "warning")
            self.update_problems()

    def resolve_conflict(self, conflict: Conflict, *, take: bool) -> str:
        """Resolve a version kept aside (F8): take it, or merge it in; returns
        what was done, in words, and tells every screen."""
        self.flush_edits()
        try:
            done = self.workspace.resolve_conflict(conflict, take=take)
        except StoreError as exc:
            return f"Not resolved: {exc}"
        folder = conflict.name.partition("/")[0]
        if folder in KINDS:
            self._take_in(Changes({folder: frozenset({conflict.record.stem})}))
        else:
            self._take_in(Changes(settings=True))
        return done

    def _problem_counts(self) -> tuple[int, int]:
        # Broken links are left to the problems list itself: finding them means
        # rebuilding every record, a second's work at 10,000 people.
        problems = [*self.workspace.problems(links=False), *self.settings_problems]
        errors = sum(problem.severity is Severity.ERROR for problem in problems)
        return errors, len(problems) - errors

    def update_problems(self) -> None:
        """Recount the problems shown in the status bar (once every folder is
        read: until then, the reading worker counts them when done)."""
        if self._synced:
            self.problem_counts = self._problem_counts()

    # -- a meeting left running ----------------------------------------------------

    @work(thread=True, exclusive=True, group="resume")
    def _find_meetings_left_running(self) -> None:
        """A meeting begun and never ended (the app was closed or crashed during
        it) is offered for resuming in Live: once the interviews' rows are current."""
        found = self.workspace.begun(clock.now())
        if found:
            self.call_from_thread(self._offer_resume, found)

    def _offer_resume(self, found: list[tuple[str, Interview]]) -> None:
        """A notice on the status line and entries in the palette, never a dialog:
        it is found a moment after start, when the user may already be typing.
        F5 opens the first one too, unless another chat was opened meanwhile."""
        self.resumable = tuple(
            (slug, f"the chat with {self.workspace.person_name(record.person)} "
                   f"(begun {record.held:%a %H:%M})")
            for slug, record in found[:5] if record.held is not None)
        if self.resumable and self.current_interview is None:
            self.current_interview = self.resumable[0][0]

    def resumed(self, slug: str | None) -> None:
        """Live shows ``slug``: its meeting is no longer waiting to be resumed."""
        if any(waiting == slug for waiting, _ in self.resumable):
            self.resumable = tuple(item for item in self.resumable if item[0] != slug)

    def action_problems(self) -> None:
        if isinstance(self.screen, ProblemsModal):
            return
        self.update_problems()
        self.push_screen(ProblemsModal(self.all_problems(), self.data_dir,
                                       self.workspace.conflicts()))

    def action_reload(self) -> None:
        """Re-read every file (after a batch of outside edits)."""
        self.flush_edits()
        self.workspace.load()
        self._take_in(everything(self.workspace))
        self.notify("Reloaded every file.")

    def on_import_dialog_imported(self, message: ImportDialog.Imported) -> None:
        """An import created or filled in people: tell every screen."""
        self.update_problems()
        self.workspace_changed.publish(Changes({"people": message.slugs}))

    # -- help --------------------------------------------------------------------

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpModal):
            return
        # One row per action, with every key that runs it ("del, ^d", "?, f12").
        rows: dict[tuple[int, str], tuple[tuple[int, bool, int], list[str], KeyHelp]] = {}
        for order, active in enumerate(screen.active_bindings.values()):
            binding = active.binding
            if not binding.description:
                continue
            display = self.get_key_display(binding)
            group = (id(active.node), binding.action)
            if group in rows:
                rows[group][1].append(display)
                continue
            # The screen's own keys first, then the focused widget's, the areas
            # (F1, F2… in the order of their keys), the app's, and last the
            # generic keys of Textual's widgets (which carry no id); each group
            # in the order its keys are declared, those that work now first.
            if binding.id is None:
                scope = 4
            elif binding.id.startswith("goto."):
                scope, order = 2, AREA_ORDER.get(binding.id, order)
            else:
                scope = 0 if active.node is screen else 3 if active.node is self else 1
            rows[group] = ((scope, scope != 2 and not active.enabled, order), [display],
                           KeyHelp("", binding.description, active.tooltip or binding.tooltip,
                                   active.enabled))
        keys = [KeyHelp(", ".join(displays), item.name, item.description, item.enabled)
                for _, displays, item in sorted(rows.values(), key=lambda row: row[0])]
        title = screen.AREA_TITLE if isinstance(screen, AreaScreen) else (
            screen.__class__.__name__)
        self.push_screen(HelpModal(title, keys))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # Textual's keys panel lists the focused widget's keys and stays
            # open; this app's list is of the whole screen and closes on Escape.
            if command.title != "Keys":
                yield command
        yield SystemCommand("Keys", "Every key of this screen, and what it does (? or F12)",
                            self.action_help)
        yield SystemCommand("Workspace: problems", "Every problem found in your files",
                            self.action_problems)
        yield SystemCommand("Workspace: reload", "Re-read every file from disk",
                            self.action_reload)
        for slug, what in self.resumable:
            yield SystemCommand(f"Resume {what}", "The meeting was not ended: go on in Live",
                                partial(self.open_interview, slug, "live"))
        if isinstance(screen, AreaScreen):
            yield from screen.palette_commands()

    # -- navigation --------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """A shifted F-key as ⇧f5: an area's second thing (the end of the meeting)
        keeps its place in the footer at 80 columns."""
        display = super().get_key_display(binding)
        return "⇧" + display[6:] if display.startswith("shift+f") else display

    def action_goto(self, mode: str) -> None:
        """Switch to an area; Research, Plan and Live open the person or the chat
        highlighted where you came from."""
        base = self.screen_stack[0] if self.screen_stack else None
        if mode in CARRY_CONTEXT and isinstance(base, AreaScreen) \
                and self.current_mode != mode:
            person, interview = base.highlighted()
            if mode == "research" and person is not None:
                self.open_research("person", person)
                return
            if mode != "research" and interview is not None:
                self.open_interview(interview, mode)
                return
            if mode == "plan" and person is not None:
                self.plan_new_chat(person)
                return
        self.switch_mode(mode)

    @on(OpenPerson)
    @on(PeopleAt)
    @on(OpenResearch)
    @on(OpenChat)
    @on(NewChatFor)
    @on(OpenSearch)
    @on(OpenBank)
    @on(OpenTarget)
    @on(OpenFollowup)
    def navigate(self, request: Request) -> None:
        """Switch to the area ``request`` names and hand it over: the area shows
        it at once if it was on screen, else when it mounts or resumes."""
        if isinstance(request, OpenChat):
            self.current_interview = request.slug
        elif isinstance(request, NewChatFor):
            self.current_interview = None
        elif isinstance(request, OpenFollowup):
            self.current_interview = request.key.split(":", 1)[0]
        shown = self.current_mode == request.mode
        if not shown:
            self.switch_mode(request.mode)
        area = self.screen_stack[0]
        if isinstance(area, AreaScreen):
            area.ask(request)
            if shown:
                area.show_target()

    def hold_chat(self, slug: str | None) -> None:
        """Plan or Live took up ``slug`` (None: a new chat, or none) themselves:
        the other area shows it too when it is next opened."""
        self.current_interview = slug

    def open_interview(self, slug: str, mode: str = "plan", words: tuple[str, ...] = ()) -> None:
        """Show one interview in the Plan or Live area."""
        self.navigate(OpenChat(slug, mode, words))

    def open_followup(self, key: str) -> None:
        """Show Follow-ups with the item of this key (``Nudge.key``) highlighted."""
        self.navigate(OpenFollowup(key))

    def plan_new_chat(self, person: str) -> None:
        """Show Plan with a new chat for ``person`` (no file until it has content)."""
        self.navigate(NewChatFor(person))

    def open_record(self, slug: str, words: tuple[str, ...] = ()) -> None:
        """Show one chat's record over the current screen, with the cursor on
        ``words`` when Search found them there."""
        from coffeechat.ui.modals.chat_record import ChatRecordModal, record_text

        interview = self.workspace.interviews.get(slug)
        if interview is None:
            self.notify(f"interviews/{slug}.yaml cannot be read: see F8 Problems",
                        severity="error", markup=False)
            return
        title = f"A chat's record: {self.workspace.person_name(interview.person)} · {slug}"
        self.push_screen(ChatRecordModal(title, record_text(interview, self.workspace.person_name),
                                         words))

    def open_person(self, slug: str) -> None:
        """Show Network with this person selected."""
        self.navigate(OpenPerson(slug))

    def show_people_at(self, employer: str) -> None:
        """Show Network filtered to the people who work at ``employer``."""
        self.navigate(PeopleAt(employer))

    def open_search(self, query: str) -> None:
        """Show Search with the results for ``query``."""
        self.navigate(OpenSearch(query))

    def open_bank(self, bank_id: str, words: tuple[str, ...] = ()) -> None:
        """Show the Banks area with this bank selected."""
        self.navigate(OpenBank(bank_id, words))

    def open_target(self, slug: str) -> None:
        """Show the Targets area with this company's line highlighted."""
        self.navigate(OpenTarget(slug))

    def add_target(self, name: str) -> None:
        """Make the company called ``name`` a target (a near miss is offered first)."""
        from coffeechat.ui.screens.targets import add_target

        add_target(self, name)

    def rhythm(self) -> Rhythm | None:
        """The follow-up rhythm at the target employers, from the index's rows."""
        settings = self.settings
        return self.workspace.target_rhythm(settings.second_contact_days,
                                            settings.target_nudge_days)

    def open_research(self, kind: str, slug: str, words: tuple[str, ...] = ()) -> None:
        """Show the research notes of a ``"person"`` or a ``"company"``."""
        self.navigate(OpenResearch(kind, slug, words))
