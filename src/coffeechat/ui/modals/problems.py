"""Every problem in the workspace in one list: where it is and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.wording import plural

# A workspace with thousands of broken links would make a table slow to open;
# the first screenfuls are what anyone reads, and the count says how many more.
MAX_ROWS = 500


class ProblemsModal(ModalScreen[None]):
    """Errors first, then warnings, each as ``path:line:col`` with the reason
    on the lines below it, wrapped rather than cut at any width."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f8", "close", "Close", id="problems.close",
                tooltip="Back to where you were"),
    ]

    def __init__(self, problems: list[Problem], data_dir: Path) -> None:
        super().__init__()
        self.problems = sorted(
            problems,
            key=lambda problem: (problem.severity is not Severity.ERROR,
                                 str(problem.path), problem.line or 0),
        )
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        errors = sum(problem.severity is Severity.ERROR for problem in self.problems)
        warnings = len(self.problems) - errors
        with Vertical(id="problems-box", classes="dialog"):
            if self.problems:
                summary = (f"{plural(errors, 'error')} and {plural(warnings, 'warning')}. "
                           "Files with errors are left untouched until you fix them; "
                           "everything else works.")
            else:
                summary = "No problems: every file loaded cleanly."
            yield Static(summary, id="problems-summary")
            if self.problems:
                yield OptionList(id="problems-table")
            yield Static("↑/↓ to read · Esc to close · on the command line: coffeechat check",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        if not self.problems:
            return
        options = []
        for problem in self.problems[:MAX_ROWS]:
            error = problem.severity is Severity.ERROR
            line = Text("error " if error else "warning ",
                        style="bold red" if error else "bold yellow")
            line.append(problem.location(self.data_dir), style="bold")
            line.append("\n  " + problem.describe())
            options.append(Option(line))
        if len(self.problems) > MAX_ROWS:
            options.append(Option(f"… and {len(self.problems) - MAX_ROWS} more", disabled=True))
        table = self.query_one(OptionList)
        table.add_options(options)
        table.highlighted = 0
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
