"""Steps a test takes through the app as a user would, shared by the UI tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot


async def until(pilot: Pilot[Any], check: Callable[[], object], seconds: float = 5.0) -> None:
    """Wait for work that runs in the background (a search, a reading worker)."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    assert check()


async def palette(pilot: Pilot[Any], app: App[Any], text: str) -> None:
    """Open the command palette, type ``text`` and take the first command."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    found = app.screen
    assert isinstance(found, CommandPalette)
    found.query_one(CommandInput).value = text
    await pilot.pause()  # the search for the text starts
    await until(pilot, lambda: all(worker.is_finished for worker in app.workers
                                   if worker.node is found)
                and found.query_one(CommandList).highlighted is not None)
    await pilot.press("enter")
    await pilot.pause()


async def everything_read(pilot: Pilot[object]) -> None:
    """Wait until every folder is read and the problems counted, so a snapshot
    never catches the "checking" moment."""
    await until(pilot, lambda: getattr(pilot.app, "problem_counts", None) is not None)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
