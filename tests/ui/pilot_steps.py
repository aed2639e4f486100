"""Steps a test takes through the app as a user would, shared by the UI tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.ui.screen_checks import on_screen
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea


async def until(pilot: Pilot[Any], check: Callable[[], object], seconds: float = 15.0) -> None:
    """Wait for work that runs in the background (a search, a reading worker):
    as long as a busy machine may need, and not a moment longer. The app runs
    on this event loop meanwhile; a sleep between looks costs nothing, where
    ``pilot.pause`` would make every widget on the screen answer each time."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
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


async def modal_shown(pilot: Pilot[Any], modal: Screen[Any]) -> None:
    """Push ``modal`` and wait until it is the screen shown, with every part
    of it meant to show laid out and its cursors steady: a snapshot taken on
    a loaded machine must not catch the screen under it, or a cursor blinked
    off."""
    await pilot.app.push_screen(modal)

    def laid_out() -> bool:
        parts = [child for child in modal.children if child.display]
        return pilot.app.screen is modal and bool(parts) and all(map(on_screen, parts))

    await until(pilot, laid_out)
    steady_cursors(pilot.app)
    await pilot.pause()


async def everything_read(pilot: Pilot[Any]) -> None:
    """Wait until every folder is read and the problems counted, so a snapshot
    never catches the "checking" moment."""
    await until(pilot, lambda: getattr(pilot.app, "problem_counts", None) is not None)
    await workers_done(pilot)
    await pilot.pause()


async def workers_done(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished. A Home fill replaced by a newer
    one ends cancelled, which ``workers.wait_for_complete`` would raise for."""
    await until(pilot, lambda: all(worker.is_finished for worker in pilot.app.workers))


async def rows_shown(pilot: Pilot[Any]) -> None:
    """Wait until Network shows the rows its filter and sort ask for: a
    filter's query runs on a worker, the rows before it shown meanwhile."""
    from coffeechat.ui.widgets.contact_table import ContactTable

    table = pilot.app.screen.query_one(ContactTable)
    await pilot.pause()  # the text's change handled: its query asked
    await until(pilot, lambda: not table.pending)
    await pilot.pause()


async def detail_rested(pilot: Pilot[Any], network: Screen[Any]) -> None:
    """Wait until Network's detail pane shows the person under the cursor: it
    follows the cursor once it rests, on a timer that ``pilot.pause`` does not
    wait for."""
    from textual.widgets import Static

    from coffeechat.ui.widgets.contact_table import ContactTable

    table = network.query_one(ContactTable)
    head = network.query_one("#detail-head", Static)

    def shown() -> bool:
        row = table.cursor_row
        return row is None or str(head.render()).startswith(row.cells[0].strip())

    await until(pilot, shown)


def steady_cursors(app: App[object]) -> None:
    """Show the cursors on screen steadily: a snapshot taken on a loaded machine
    must not catch one blinked off."""
    for widget in app.screen.query(Input).results():
        widget.cursor_blink = False
    for area in app.screen.query(TextArea).results():
        area.cursor_blink = False
