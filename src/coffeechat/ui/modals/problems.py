"""Every problem in the workspace in one list: where it is and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from coffeechat.core.models.problems import Problem, Severity

# A workspace with thousands of broken links would make a table slow to open;
# the first screenfuls are what anyone reads, and the count says how many more.
MAX_ROWS = 500


class ProblemsModal(ModalScreen[None]):
    """Errors first, then warnings, each as ``path:line:col`` and the reason."""

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
                summary = (f"{errors} error(s) and {warnings} warning(s). Files with errors "
                           "are left untouched until you fix them; everything else works.")
            else:
                summary = "No problems: every file loaded cleanly."
            yield Static(summary, id="problems-summary")
            if self.problems:
                yield DataTable(id="problems-table", cursor_type="row", zebra_stripes=True)
            yield Static("Esc to close", classes="dialog-hint")

    def on_mount(self) -> None:
        if not self.problems:
            return
        table = self.query_one(DataTable)
        table.add_columns("", "Where", "What is wrong")
        for problem in self.problems[:MAX_ROWS]:
            mark = "error" if problem.severity is Severity.ERROR else "warning"
            table.add_row(mark, problem.location(self.data_dir), problem.describe())
        if len(self.problems) > MAX_ROWS:
            table.add_row("", f"… and {len(self.problems) - MAX_ROWS} more", "")
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
