"""What the store refuses to do, with a message meant for the user.

Every write of a record raises one of these (or nothing): the editing engine
turns them into its results, the CLI and the screens show the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class StoreError(Exception):
    """A write the store refused, with a message meant for the user."""


class ReadOnlyError(StoreError):
    pass


class BrokenFileError(StoreError):
    pass


class OutOfRangeError(StoreError):
    """A record holding a value its file could not hold (a date in the year 9999):
    written, it would make a file that fails to load, so it is refused."""


class ConflictError(StoreError):
    """The file changed on disk since it was read; ``kept`` holds our version.
    ``theirs`` holds another program's version that replaced the file in the
    instant a save put back the one before it (the file then holds that one)."""

    def __init__(self, path: Path, kept: Path, fields: Sequence[str] = (),
                 theirs: Path | None = None) -> None:
        where = f" ({', '.join(fields)})" if fields else ""
        if theirs is None:
            told = f"your version was kept in {kept} and the file was left alone"
        else:
            told = (f"the other program's newest version was kept in {theirs} and yours "
                    f"in {kept}; the file holds its version before that")
        super().__init__(f"{path.name} was changed elsewhere{where} since you opened it; "
                         + told)
        self.path = path
        self.kept = kept
        self.fields = tuple(fields)
        self.theirs = theirs
