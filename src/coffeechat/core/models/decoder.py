"""Collecting every problem in one file, each with the line and column it is at."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coffeechat.core.models.problems import Problem, Severity

# A place in a file's data: the keys and list indexes leading to it.
Where = tuple[str | int, ...]


class Decoder:
    """Collects every problem in one file while turning raw data into values."""

    def __init__(self, path: Path | None, marks: Mapping[Where, tuple[int, int]]) -> None:
        self.path = path
        self.marks = marks
        self.problems: list[Problem] = []

    def report(
        self,
        where: Where,
        message: str,
        *,
        suggestion: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        line, column = self._position(where)
        self.problems.append(
            Problem(
                path=self.path,
                message=message,
                line=line,
                column=column,
                field=".".join(str(part) for part in where) or None,
                suggestion=suggestion,
                severity=severity,
            )
        )

    def _position(self, where: Where) -> tuple[int | None, int | None]:
        # A missing field has no mark of its own: point at what should hold it.
        probe = where
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]


def describe(value: object) -> str:
    """A value's shape for a message: what was found where something else belongs."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
