"""Problem records: everything wrong with a file, reported at once and precisely."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    """An error stops a file being saved over; a warning is for information."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, with where it is and how to fix it."""

    path: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.ERROR

    def location(self, relative_to: Path | None = None) -> str:
        """``file:line:col`` with whatever parts are known."""
        path = self.path
        if path is not None and relative_to is not None:
            with contextlib.suppress(ValueError):
                path = path.relative_to(relative_to)
        parts = [str(path) if path is not None else "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self) -> str:
        """The message with the field and suggestion folded in."""
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.suggestion:
            text += f" (did you mean {self.suggestion!r}?)"
        return text

    def format(self, relative_to: Path | None = None) -> str:
        """``file:line:col: field: message`` — the linter's output format."""
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.location(relative_to)}: {prefix}{self.describe()}"


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)
