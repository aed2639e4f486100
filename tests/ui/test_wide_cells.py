"""Names two cells wide a letter (Chinese, Japanese, Korean, emoji) stay whole in a
toast over a screen whose widgets have edges under it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.segment import Segment
from tests.ui.pilot_steps import until, workers_done
from tests.ui.screen_checks import SMALL, toasts
from textual.strip import Strip

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.wide_cells import whole_end


def screen_text(app: CoffeeChatApp) -> str:
    """The screen as exported, each text run's characters as drawn."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return "".join(html.unescape(run) for run in runs).replace("\xa0", " ")


@pytest.mark.parametrize("name", ["王小明王小明王小明王小明王小明", "Zoë 🌱🌱🌱🌱🌱🌱🌱🌱 Ng"])
async def test_a_wide_name_in_a_toast_over_network_is_drawn_whole(data_dir: Path, fixed_clock,
                                                                 name: str):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Emma Singh", company="Ledgerline", title="Data Analyst"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.press("f2")
        await workers_done(pilot)
        # The toast's text starts on an odd column, the table's edge under it on
        # an even one: each offset of the name lands across that edge on some line.
        for shift in ("", " "):
            app.notify(f"Added{shift} {name}.", markup=False)
        await until(pilot, lambda: len(toasts(app)) == 2)
        await pilot.pause()
        assert screen_text(app).count(name) == 2


def test_a_piece_is_cut_between_characters_never_inside_one() -> None:
    strip = Strip([Segment("ab"), Segment("王小"), Segment("c")])
    assert [whole_end(strip, end) for end in range(8)] == [0, 1, 2, 4, 4, 6, 6, 7]
