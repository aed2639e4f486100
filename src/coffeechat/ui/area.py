"""The base of every area screen (Home, Network, Research, Plan, Live, Follow-ups,
Banks, Search, Targets): a typed handle on the app, and the one way screens hear about files that
other programs changed.

Screens subscribe to the app's ``workspace_changed`` signal when mounted and
override :meth:`AreaScreen.workspace_changed`; the app calls
:meth:`AreaScreen.show_target` when it asks an area that is already shown to
display another record. Edits are written by :class:`~coffeechat.ui.autosave.Autosave`
widgets, which the app finds by itself before quitting or reloading.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from coffeechat.core.models.problems import Problem
from coffeechat.storage.collection import Collection
from coffeechat.storage.watch import Changes
from coffeechat.ui.navigation import Request

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# (mode, title, key) of every area, in the order of their keys.
AREAS = (
    ("home", "Home", "f1"),
    ("network", "Network", "f2"),
    ("research", "Research", "f3"),
    ("plan", "Plan", "f4"),
    ("live", "Live", "f5"),
    ("followups", "Follow-ups", "f6"),
    ("banks", "Banks", "f7"),
    # F8 is Problems, F12 help from anywhere. Never ctrl+j: it is what a
    # pasted newline sends in a terminal without bracketed paste.
    ("targets", "Targets", "f9"),
    ("search", "Search", "f11"),
)
# The areas that open what was highlighted where you came from.
CARRY_CONTEXT = ("research", "plan", "live")

R = TypeVar("R", bound=Request)


def folder_notice(problem: Problem, data_dir: Path) -> str:
    """What an area says in place of an empty list when a folder it lists could
    not be read: which folder, why, and where to see it."""
    return f"✗ {problem.location(data_dir)}/: {problem.message} (F8 lists it)"


def unreadable_folders(*collections: Collection[Any]) -> list[Problem]:
    """The problems of those folders that cannot be read now (one call each)."""
    return [problem for collection in collections
            if (problem := collection.folder_unreadable()) is not None]


class AreaScreen(Screen[None]):
    """One top-level area of the app."""

    AREA_TITLE: ClassVar[str] = ""
    # The actions that write: in a read-only workspace their keys are refused
    # with a word saying why, rather than doing nothing.
    READ_ONLY_REFUSED: ClassVar[frozenset[str]] = frozenset()
    # What the app last asked this area to show, until the area has shown it.
    asked: Request | None = None

    @property
    def chat_app(self) -> CoffeeChatApp:
        """The app, typed: every area runs inside a :class:`CoffeeChatApp`."""
        return cast("CoffeeChatApp", self.app)

    def on_mount(self) -> None:
        self.chat_app.workspace_changed.subscribe(self, self.workspace_changed)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands the palette offers on this area (for keys some terminals
        do not send, shift+F5 among them): none unless the area says."""
        return ()

    def on_key(self, event: events.Key) -> None:
        if self.READ_ONLY_REFUSED and self.chat_app.workspace.readonly:
            self.refuse_read_only(event)

    def refuse_read_only(self, event: events.Key) -> None:
        """Say why a key that writes does nothing here (once per press): its
        binding, on this screen or on the widget in focus, is disabled while the
        workspace is read-only, so Textual would pass it by in silence."""
        remapped = self.chat_app.settings.keys
        nodes = self.focused.ancestors_with_self if self.focused is not None else [self]
        for node in nodes:
            for binding in getattr(node, "BINDINGS", ()):
                if not isinstance(binding, Binding):
                    continue
                action = binding.action.removeprefix("screen.").split("(")[0]
                keys = remapped.get(binding.id or "", binding.key).replace(" ", "").split(",")
                if action in self.READ_ONLY_REFUSED and event.key in keys:
                    event.stop()
                    self.notify(f"{binding.description}: refused. "
                                f"{self.chat_app.readonly_note}", severity="warning",
                                markup=False)
                    return

    def workspace_changed(self, changes: Changes) -> None:
        """Files changed on disk were read again; show what is new. By default,
        nothing to do."""

    def highlighted(self) -> tuple[str | None, str | None]:
        """The person and the chat highlighted here, which F3, F4 and F5 open.
        By default, none."""
        return None, None

    def ask(self, request: Request) -> None:
        """Take what the app asks this area to show (it replaces an earlier
        request not shown yet); :meth:`show_target` shows it."""
        self.asked = request

    def asked_for(self, kind: type[R]) -> R | None:
        """The request waiting to be shown, if it is a ``kind`` (it stays)."""
        return self.asked if isinstance(self.asked, kind) else None

    def take_request(self, kind: type[R]) -> R | None:
        """The request waiting to be shown, if it is a ``kind``; taken, so the
        next showing of the area is an ordinary one."""
        request = self.asked_for(kind)
        if request is not None:
            self.asked = None
        return request

    def show_target(self) -> None:
        """Show what the app asked for (:attr:`asked`), or for Plan and Live the
        chat in hand (``app.current_interview``). By default, nothing to do."""
