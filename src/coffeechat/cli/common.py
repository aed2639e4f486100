"""Helpers shared by the subcommands: opening the workspace and printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coffeechat.core.wording import plural
from coffeechat.storage import Workspace
from coffeechat.storage.paths import data_dir


class CommandError(Exception):
    """A user mistake: printed as one line, exit status 1."""


@contextmanager
def workspace(
    args: argparse.Namespace, *, write: bool = False, warn: bool = True
) -> Iterator[Workspace]:
    """Open the workspace; a writing command refuses when the app holds the lock.
    Afterwards, unless ``warn`` is off, files that could not be read (and so were
    left out) are counted on stderr: leaving them out in silence would mislead."""
    ws = Workspace.open(data_dir(args.data_dir), readonly=not write)
    try:
        if write and ws.readonly:
            raise CommandError(
                f"another coffeechat ({ws.lock_holder}) has this data directory open; "
                "make the change there or close it first"
            )
        yield ws
        if warn:
            warn_unreadable(ws)
    finally:
        ws.close()


def warn_unreadable(ws: Workspace) -> None:
    """"2 files could not be read: see 'coffeechat check'", for the folders read."""
    broken = sum(entry.broken for collection in ws.collections if collection.loaded
                 for entry in collection.entries.values())
    if broken:
        print(f"coffeechat: warning: {plural(broken, 'file')} could not be read: "
              "see 'coffeechat check'", file=sys.stderr)


def print_json(items: list[dict[str, Any]]) -> None:
    json.dump(items, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Plain aligned columns; tabs and newlines in values are flattened."""
    cleaned = [[" ".join(cell.split()) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cleaned:
        for index, cell in enumerate(row):
            widths[index] = min(max(widths[index], len(cell)), 40)
    def line(cells: list[str]) -> str:
        return "  ".join(
            cell[: widths[i]].ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()
    print(line(headers))
    for row in cleaned:
        print(line(row))

