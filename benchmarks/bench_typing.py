"""Typing cost in the Live notes editor with a 100 KB note.

Prints the CPU time per keystroke (``time.process_time``, so the autosave
thread's work counts too) in the Live screen, against a plain TextArea holding
the same text in the same run, rounds alternating A B C A B C. Goal: ratio ≤ 1.1.

A third run types into a TextArea framed like the Live screen (header, status
lines, a side column, footer) but with none of its logic, to separate the cost
of the screen's chrome from the cost of autosaving.

Usage: python benchmarks/bench_typing.py [--rounds R] [--keys K] [--kb N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static, TextArea

from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace
from coffeechat.ui.app import CoffeeChatApp

SIZE = (120, 40)


def note_of(kilobytes: int) -> str:
    """Markdown-ish lines of about 64 characters, like real timestamped notes."""
    lines = []
    number = 0
    while sum(len(line) + 1 for line in lines) < kilobytes * 1024:
        lines.append(f"[10:{number % 60:02d}] point {number}: they said the team ships weekly, "
                     "and it works")
        number += 1
    return "\n".join(lines) + "\n"


class PlainApp(App[None]):
    """The baseline: one TextArea, nothing else, as wide and tall as the Live one
    (soft-wrapping cost depends on the width)."""

    def __init__(self, text: str, size: tuple[int, int]) -> None:
        super().__init__()
        self.text = text
        self.area_size = size

    def compose(self) -> ComposeResult:
        area = TextArea(self.text, soft_wrap=True)
        area.styles.width = self.area_size[0]
        area.styles.height = self.area_size[1]
        yield area


class ChromeApp(App[None]):
    """A TextArea framed like the Live screen, without autosave or questions."""

    CSS = "#side { width: 40%; min-width: 28; max-width: 70; } TextArea { width: 1fr; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("status bar")
        yield Static("interview status line")
        with Horizontal():
            yield Static("question\n" * 20, id="side")
            yield TextArea(self.text, soft_wrap=True)
        yield Footer()


async def _until_idle() -> None:
    """Wait, in steps of 20 ms, until a step passes with under 1 ms of CPU: the
    key has been handled and the screen painted. (``pilot.press`` would also
    make every widget on the screen drain its queue after each key, a test
    harness cost that grows with the number of widgets and that no terminal
    imposes; measured that way, Live's many small widgets counted against it.)"""
    while True:
        before = time.process_time()
        await asyncio.sleep(0.02)
        if time.process_time() - before < 0.001:
            return


async def _type(app: App, pilot, keys: str) -> list[float]:
    """CPU per key, each key posted as the terminal driver posts it; with what
    was alive before typing left out of full collections, as the ``coffeechat``
    command runs the app (and for every app here alike)."""
    per_key = []
    gc.freeze()
    try:
        for key in keys:
            start = time.process_time()
            app.post_message(events.Key(key, key))
            await _until_idle()
            per_key.append(time.process_time() - start)
    finally:
        gc.unfreeze()
    return per_key


async def live_round(data_dir: Path, slug: str, keys: str) -> tuple[list[float], tuple[int, int]]:
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(slug, "live")
        await pilot.pause()
        notes = app.screen.query_one("#live-notes", TextArea)
        notes.move_cursor(notes.document.end)
        await pilot.pause()
        result = await _type(app, pilot, keys)
        # Notes are on disk within a second: let the last save land, so the
        # check below is fair and the next round starts clean.
        await asyncio.sleep(1.2)
        return result, (notes.outer_size.width, notes.outer_size.height)


async def plain_round(text: str, keys: str, size: tuple[int, int]) -> list[float]:
    app = PlainApp(text, size)
    async with app.run_test(size=SIZE) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        return await _type(app, pilot, keys)


async def chrome_round(text: str, keys: str) -> list[float]:
    app = ChromeApp(text)
    async with app.run_test(size=SIZE) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        return await _type(app, pilot, keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--kb", type=int, default=100)
    args = parser.parse_args()
    text = note_of(args.kb)
    keys = ("notes during the chat " * 10)[: args.keys]
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        with Workspace.open(data_dir) as ws:
            ana = ws.people.add(Person(name="Ana Lima"))
            # A meeting in progress since long ago: typing never starts one, and the
            # app does not offer to resume it, so every round measures typing alone.
            slug = ws.new_interview(Interview(person=ana, status="scheduled", notes=text,
                                              held=dt.datetime(2020, 1, 1, 9, 0)),
                                    on=dt.date(2026, 11, 25))
        live: list[float] = []
        plain: list[float] = []
        chrome: list[float] = []
        for _ in range(args.rounds):
            per_key, size = asyncio.run(live_round(data_dir, slug, keys))
            live += per_key
            plain += asyncio.run(plain_round(text, keys, size))
            chrome += asyncio.run(chrome_round(text, keys))
        saved = Workspace.open(data_dir, readonly=True)
        landed = saved.interviews.get(slug).notes.endswith(keys)
        saved.close()
    a, b, c = statistics.median(live), statistics.median(plain), statistics.median(chrome)
    print(f"note size {len(text.encode()) / 1024:.0f} KB, {len(text.splitlines())} lines; "
          f"{args.rounds} rounds x {args.keys} keys each, alternating; editor {size[0]}x{size[1]}")
    print(f"{'CPU per key, Live notes (autosave included)':<52} {a * 1000:8.2f} ms")
    print(f"{'CPU per key, plain TextArea':<52} {b * 1000:8.2f} ms")
    print(f"{'CPU per key, same chrome without Live logic':<52} {c * 1000:8.2f} ms")
    print(f"{'ratio Live / plain TextArea':<52} {a / b:8.2f}x   (goal <= 1.10)")
    print(f"{'mean ratio Live / plain TextArea':<52} "
          f"{statistics.mean(live) / statistics.mean(plain):8.2f}x")
    print(f"{'ratio Live / same chrome (autosave and handlers)':<52} {a / c:8.2f}x")
    print(f"{'mean ratio Live / same chrome':<52} "
          f"{statistics.mean(live) / statistics.mean(chrome):8.2f}x")
    print(f"last round's notes reached the file: {landed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
