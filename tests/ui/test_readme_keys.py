"""The README's keys table names every key each area's footer can show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from coffeechat.ui.app import CoffeeChatApp
from coffeechat.ui.area import AREAS
from coffeechat.ui.screens.banks import BanksScreen
from coffeechat.ui.screens.followups import FollowupsScreen
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.live import LiveScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.screens.research import ResearchScreen
from coffeechat.ui.screens.search import SearchScreen
from coffeechat.ui.screens.targets import TargetsScreen

README = Path(__file__).resolve().parents[2] / "README.md"
SCREENS = [HomeScreen, NetworkScreen, ResearchScreen, PlanScreen, LiveScreen,
           FollowupsScreen, BanksScreen, SearchScreen, TargetsScreen]


def readme_spelling(key: str) -> str:
    """How the README writes a key: `d`, ctrl+n, F9, Delete, alt+↑/↓."""
    if len(key) == 1:
        return f"`{key}`"
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    if key.startswith("shift+f"):
        return f"shift+{key[6:].upper()}"
    if key in ("alt+up", "alt+down"):
        return "alt+↑/↓"
    return {"delete": "Delete", "escape": "Escape", "slash": "`/`", "plus": "`+`",
            "minus": "`-`"}.get(key, key)


def readme_row(title: str) -> str:
    key = next(key for _, area, key in AREAS if area == title)
    spelled = key.upper() if key.startswith("f") else key  # F9, not f9
    prefix = f"| {spelled} | **{title}** |"
    return next(line for line in README.read_text().splitlines() if line.startswith(prefix))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda screen: screen.AREA_TITLE)
def test_every_footer_key_is_in_the_readme(screen) -> None:
    row = readme_row(screen.AREA_TITLE)
    bindings = [binding for binding in screen.BINDINGS if isinstance(binding, Binding)]
    missing = [binding.key for binding in bindings if binding.show
               and readme_spelling(binding.key.split(",")[0]) not in row]
    assert missing == []


def test_the_help_keys_are_in_the_readme() -> None:
    text = README.read_text()
    keys = {binding.key for binding in CoffeeChatApp.BINDINGS if isinstance(binding, Binding)}
    assert {"question_mark", "f12", "f8"} <= keys
    assert "`?` lists every key" in text and "F12 does the same" in text
