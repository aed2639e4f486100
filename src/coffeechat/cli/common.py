"""Helpers shared by the subcommands: opening the workspace and printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from coffeechat.storage import Workspace
from coffeechat.storage.paths import data_dir


class CommandError(Exception):
    """A user mistake: printed as one line, exit status 1."""


@contextmanager
def workspace(args: argparse.Namespace, *, write: bool = False) -> Iterator[Workspace]:
    """Open the workspace; a writing command refuses when the app holds the lock."""
    ws = Workspace.open(data_dir(args.data_dir), readonly=not write)
    try:
        if write and ws.readonly:
            raise CommandError(
                f"another coffeechat ({ws.lock_holder}) has this data directory open; "
                "make the change there or close it first"
            )
        yield ws
    finally:
        ws.close()


def print_json(items: list[dict[str, Any]]) -> None:
    """A JSON array with one object per line: as easy to read and to grep, and
    written by the C encoder (indented output is encoded in pure Python, which
    at 10,000 records cost more than reading them)."""
    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
    write = sys.stdout.write
    write("[")
    for index, item in enumerate(items):
        write(("\n" if index == 0 else ",\n") + encode(item))
    write("\n]\n" if items else "]\n")


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

