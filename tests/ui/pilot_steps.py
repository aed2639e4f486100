"""Steps a test takes through the app as a user would, shared by the UI tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.command import CommandInput, CommandPalette
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
    assert isinstance(app.screen, CommandPalette)
    app.screen.query_one(CommandInput).value = text
    await pilot.pause(0.4)
    await pilot.press("enter")
    await pilot.pause()
