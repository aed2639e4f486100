"""Helpers shared by the subcommands: opening the workspace and printing."""

from __future__ import annotations

import argparse
import codecs
import io
import os
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from coffeechat.core.wording import plural
from coffeechat.storage.paths import data_dir
from coffeechat.storage.seals_ahead import SealsAhead

if TYPE_CHECKING:
    from coffeechat.storage import Collection, Workspace
    from coffeechat.storage.freshness import Fresh

T = TypeVar("T")

# The widest a table column gets on a terminal.
MAX_CELLS = 40
# Lines of JSON written at a time.
_WINDOW = 500


class CommandError(Exception):
    """A user mistake: printed as one line, exit status 1."""


def command_group(commands: Any, name: str, help: str, *, dest: str = "verb",
                  metavar: str = "VERB") -> Any:
    """A command that takes a verb (``people add``); returns the parser to add
    the verbs to. Given without its verb, the command says which it needs."""
    group = commands.add_parser(name, help=help)
    group.set_defaults(group=group)
    return group.add_subparsers(dest=dest, metavar=metavar)


@contextmanager
def workspace(
    args: argparse.Namespace, *, write: bool = False, warn: bool = True
) -> Iterator[Workspace]:
    """Open the workspace; a writing command refuses when it cannot write (the
    app holds the lock, or the folder refuses writes), saying which. Afterwards,
    unless ``warn`` is off, files that could not be read are counted on stderr:
    leaving them out in silence would mislead. A reading command on a data
    directory that does not exist says so and creates nothing."""
    folder = data_dir(args.data_dir)
    if not write and not os.path.lexists(folder):
        raise CommandError(f"there is no data directory at {folder}")
    from coffeechat.storage.workspace import Workspace  # the store: loaded once parsed

    ws = Workspace.open(folder, readonly=not write)
    try:
        if write and ws.readonly:
            if ws.lock_holder is not None:
                raise CommandError(
                    f"another coffeechat ({ws.lock_holder}) has this data directory open; "
                    "make the change there or close it first"
                )
            raise CommandError(ws.readonly_reason or "the data directory is read-only")
        yield ws
        if write:
            for notice in ws.tightened:
                print(f"coffeechat: note: {notice.location()}: {notice.describe()}",
                      file=sys.stderr)
        if warn:
            warn_unreadable(ws)
    finally:
        ws.close()


def people_sealed_ahead(args: argparse.Namespace, wanted: bool = True) -> SealsAhead:
    """The seal of the people's folder, taken on another core while the command
    imports the store (``storage.seals_ahead``), for ``refresh(..., ahead=)``;
    made before the store is imported. That folder is the one that grows large
    (a network of 30,000 connections): the others, a fraction of its size, the
    command compares itself meanwhile."""
    return SealsAhead([data_dir(args.data_dir) / "people"] if wanted else [])


def warn_unreadable(ws: Workspace) -> None:
    """"2 files could not be read: see 'coffeechat check'", for the folders read."""
    broken = sum(entry.broken for collection in ws.collections if collection.loaded
                 for entry in collection.entries.values())
    # Folders only passed through (an import), one file at a time.
    broken += sum(collection.broken_passed for collection in ws.collections
                  if not collection.loaded)
    warn_broken(broken)


def warn_broken(count: int) -> None:
    """``warn_unreadable``'s line for ``count`` files (none: nothing)."""
    if count:
        print(f"coffeechat: warning: {plural(count, 'file')} could not be read: "
              "see 'coffeechat check'", file=sys.stderr)


def describe_os_error(exc: OSError) -> str:
    """``<file>: <reason>``, the way command-line tools report a failed read or write."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


def report_unreadable(collections: Iterable[Collection[Any] | Fresh[Any]]) -> int:
    """Name on stderr every folder and file a listing of these collections (as
    read, or as refreshed) could not read (a listing without them is incomplete,
    not empty); the exit status is 1 when a whole folder could not be read, else 0."""
    status = 0
    for collection in collections:
        for problem in collection.unread():
            print(f"coffeechat: could not read {problem.format(collection.data_dir)}",
                  file=sys.stderr)
        status |= bool(collection.folder_problems)
    return status


def print_json(items: list[dict[str, Any]]) -> None:
    """A JSON array with one object per line: as easy to read and to grep, and
    written by the C encoder (indented output is encoded in pure Python, which
    at 10,000 records cost more than reading them)."""
    from coffeechat.core.models.schema import encode_json

    print_json_lines([encode_json(item) for item in items])


def print_json_lines(lines: Iterable[str | bytes]) -> None:
    """``print_json`` of the objects these lines are the ``encode_json`` of,
    each written as it comes. A line may come as its UTF-8 bytes (a listing's
    line kept in the index): those go to a UTF-8 output as they are, with the
    text lines encoded as the output would encode them, so the bytes written
    are the same either way."""
    out = sys.stdout
    binary = getattr(out, "buffer", None) if isinstance(out, io.TextIOWrapper) \
        and codecs.lookup(out.encoding).name == "utf-8" else None
    if binary is None:
        write = out.write
        first = True
        for line in lines:
            write("[\n" if first else ",\n")
            write(line.decode("utf-8") if isinstance(line, bytes) else line)
            first = False
        write("[]\n" if first else "\n]\n")
        return
    out.flush()  # what was printed before comes first
    errors = out.errors or "strict"
    # Written a window of lines at a time: an unbuffered output (PYTHONUNBUFFERED)
    # makes a system call of every write.
    parts: list[bytes] = []
    before = b"[\n"
    for line in lines:
        parts += (before, line if isinstance(line, bytes) else line.encode("utf-8", errors))
        before = b",\n"
        if len(parts) >= 2 * _WINDOW:
            binary.write(b"".join(parts))
            parts = []
    parts.append(b"[]\n" if before == b"[\n" else b"\n]\n")
    binary.write(b"".join(parts))


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: East Asian wide and full-width
    characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(char)
               else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def print_table(rows: Iterable[list[str]], headers: list[str]) -> None:
    """Plain columns aligned by terminal cells; tabs and newlines in values are
    flattened. Long cells are cut only on a terminal: piped, nothing is lost.
    ``rows`` is gone through twice, to measure the columns and to print them
    (a list, or ``Again`` of a query), so a table is never held whole."""
    cleaned = ([" ".join(cell.split()) for cell in row] for row in rows)
    cap = MAX_CELLS if sys.stdout.isatty() else None
    widths = [cell_width(header) for header in headers]
    for row in cleaned:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_width(cell))
    if cap is not None:
        widths = [min(width, cap) for width in widths]

    def line(cells: list[str]) -> str:
        return "  ".join(_fit(cell, widths[i]) for i, cell in enumerate(cells)).rstrip()
    print(line(headers))
    for row in rows:
        print(line([" ".join(cell.split()) for cell in row]))


class Again(Generic[T]):
    """An iterable made anew each time it is gone through (a query run again)."""

    def __init__(self, make: Callable[[], Iterator[T]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[T]:
        return self._make()


def _fit(text: str, width: int) -> str:
    """``text`` padded to ``width`` cells; a longer one cut, ending in "…"."""
    used = cell_width(text)
    if used > width:
        kept, used = [], 1
        for char in text:
            if used + cell_width(char) > width:
                break
            kept.append(char)
            used += cell_width(char)
        text = "".join(kept) + "…"
    return text + " " * (width - used)
