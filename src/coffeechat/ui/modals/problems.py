"""Every problem in the workspace in one list: where it is and what is wrong.

Versions of a record kept aside (by a sync's merge, a clash in the app, or
Syncthing) come first, each with the fields that differ side by side under the
list, and a key to take the other version or to merge both."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.wording import plural
from coffeechat.storage.conflicts import Conflict, differences
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

if TYPE_CHECKING:
    from coffeechat.ui.app import CoffeeChatApp

# A workspace with thousands of broken links would make a table slow to open;
# the first screenfuls are what anyone reads, and the count says how many more.
MAX_ROWS = 500


class ProblemsModal(ModalScreen[None]):
    """Errors first, then warnings, each as ``path:line:col`` with the reason
    on the lines below it, wrapped rather than cut at any width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f8", "close", "Close", id="problems.close",
                tooltip="Back to where you were"),
        Binding("t", "resolve(True)", "Take theirs", id="problems.take",
                tooltip="Write the other version of the highlighted record into its file"),
        # Not m: that is a message on Follow-ups, under this list.
        Binding("c", "resolve(False)", "Combine both", id="problems.merge",
                tooltip="Merge the other version in, field by field (yours wins where "
                        "both differ)"),
    ]

    def __init__(self, problems: list[Problem], data_dir: Path,
                 conflicts: Sequence[Conflict] = ()) -> None:
        super().__init__()
        self.conflicts = list(conflicts)
        self.problems = sorted(
            problems,
            key=lambda problem: (problem.severity is not Severity.ERROR,
                                 str(problem.path), problem.line or 0),
        )
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="dialog"):
            yield Static(id="problems-summary")
            yield WrappedOptions(id="problems-table")
            with Horizontal(id="conflict-sides"):
                yield Static(id="conflict-here")
                yield Static(id="conflict-there")
            yield Static(id="problems-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        errors = sum(problem.severity is Severity.ERROR for problem in self.problems)
        warnings = len(self.problems) - errors
        if self.problems:
            summary = (f"{plural(errors, 'error')} and {plural(warnings, 'warning')}. "
                       "Files with errors are left untouched until you fix them; "
                       "everything else works.")
        else:
            summary = "No problems: every file loaded cleanly."
        if self.conflicts:
            summary = (f"{plural(len(self.conflicts), 'record')} with another version kept "
                       f"aside (t takes it, c combines both). {summary}")
        self.query_one("#problems-summary", Static).update(summary)
        hint = "↑/↓ to read · Esc to close · on the command line: coffeechat check"
        self.query_one("#problems-hint", Static).update(hint)
        table = self.query_one(OptionList)
        table.clear_options()
        table.display = bool(self.problems or self.conflicts)
        options = []
        for conflict in self.conflicts:
            line = Text("conflict ", style="bold yellow")
            line.append(conflict.name, style="bold")
            source = "Syncthing's copy" if conflict.syncthing else "kept aside"
            line.append(f"\n  another version, {source}: "
                        f"{conflict.copy.relative_to(self.data_dir)}")
            options.append(Option(line))
        for problem in self.problems[:MAX_ROWS]:
            error = problem.severity is Severity.ERROR
            line = Text("error " if error else "warning ",
                        style="bold red" if error else "bold yellow")
            line.append(problem.location(self.data_dir), style="bold")
            line.append("\n  " + problem.describe())
            options.append(Option(line))
        if len(self.problems) > MAX_ROWS:
            options.append(Option(f"… and {len(self.problems) - MAX_ROWS} more", disabled=True))
        table.add_options(options)
        if options:
            table.highlighted = 0
            table.focus()
        self._show_sides()

    def _highlighted_conflict(self) -> Conflict | None:
        at = self.query_one(OptionList).highlighted
        return self.conflicts[at] if at is not None and at < len(self.conflicts) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_sides()

    def _show_sides(self) -> None:
        """Both values of every field that differs, side by side."""
        conflict = self._highlighted_conflict()
        sides = self.query_one("#conflict-sides")
        sides.display = conflict is not None
        if conflict is None:
            return
        here, there = Text("In the file\n", style="bold"), Text("The other version\n",
                                                                  style="bold")
        for name, mine, theirs in differences(conflict) or [("", "(the same)", "(the same)")]:
            for side, value in ((here, mine), (there, theirs)):
                side.append(f"{name}: " if name else "", style="bold")
                side.append(f"{value or '(empty)'}\n")
        self.query_one("#conflict-here", Static).update(here)
        self.query_one("#conflict-there", Static).update(there)

    def action_resolve(self, take: bool) -> None:
        """Take the other version, or merge it in, for the highlighted record."""
        conflict = self._highlighted_conflict()
        if conflict is None:
            self.notify("Highlight a conflict first.")
            return
        app = cast("CoffeeChatApp", self.app)
        self.notify(app.resolve_conflict(conflict, take=take))
        self.conflicts = app.workspace.conflicts()
        self._fill()

    def action_close(self) -> None:
        self.dismiss(None)
