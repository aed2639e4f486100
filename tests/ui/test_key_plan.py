"""One meaning per key: every key of every screen, dialog and widget is in a row of
docs/keys.md's tables, and the bindings that share a key share one row, the one
meaning the docs give it. Then the keys that moved, pressed as a user would."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from tests.ui.pilot_steps import until, workers_done
from tests.ui.screen_checks import SMALL
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Input, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.app import binding_ids
from coffeechat.ui.modals.interview_debrief import DebriefModal
from coffeechat.ui.screens.research import ResearchScreen
from coffeechat.ui.widgets.contact_table import ContactTable

KEYS_DOC = Path(__file__).resolve().parents[2] / "docs" / "keys.md"
NAMED = {"question_mark": "`?`", "slash": "`/`", "plus": "`+`", "minus": "`-`",
         "equals_sign": "`=`", "up": "↑", "down": "↓", "pageup": "PageUp",
         "pagedown": "PageDown", "home": "Home", "end": "End", "enter": "Enter",
         "tab": "Tab", "delete": "Delete", "escape": "Escape"}


class Row(NamedTuple):
    keys: frozenset[str]
    ids: frozenset[str]


def doc_spelling(key: str) -> str:
    """How docs/keys.md writes a key: ctrl+s, F3, shift+F3, alt+↑, `x`, Escape."""
    *modifiers, name = key.split("+")
    if re.fullmatch(r"f\d+", name):
        name = name.upper()
    elif len(name) == 1 and not modifiers:
        name = f"`{name}`"
    else:
        name = NAMED.get(name, name)
        if modifiers and name.startswith("`"):
            name = name.strip("`")
    return "+".join([*modifiers, name])


def meaning_rows() -> list[Row]:
    """The rows of the tables that give keys their meaning (not the table of keys
    that moved, whose rows name the keys as they were)."""
    text = KEYS_DOC.read_text(encoding="utf-8").split("## Keys that moved")[0]
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        ids = frozenset(re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[-1]))
        if line.startswith("|") and ids:
            keys = re.split(r",\s*|\s+or\s+|\s*[()]\s*", cells[0])
            rows.append(Row(frozenset(key for key in keys if key), ids))
    return rows


def bindings_by_key() -> dict[str, set[str]]:
    """Every key of a coffeechat binding, with the ids bound to it."""
    binding_ids()  # imports every screen, dialog and widget
    by_key: dict[str, set[str]] = defaultdict(set)
    classes: list[type[DOMNode]] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if not cls.__module__.startswith("coffeechat."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                assert binding.id, f"{cls.__name__}: {binding.key} has no id"
                for key in binding.key.split(","):
                    by_key[key.strip()].add(binding.id)
    return by_key


def test_the_doc_spells_keys_as_the_tables_do() -> None:
    assert [doc_spelling(key) for key in ("ctrl+s", "f3", "shift+f3", "alt+up", "x",
                                          "question_mark", "escape", "ctrl+home")] == [
        "ctrl+s", "F3", "shift+F3", "alt+↑", "`x`", "`?`", "Escape", "ctrl+Home"]


def test_every_key_has_one_meaning_across_screens() -> None:
    """Two bindings on one key (say ctrl+t, a tick in Live and the referral tree on
    Network) must be one row of the docs: one meaning, which the row says."""
    rows = meaning_rows()
    assert len(rows) > 40
    shared = {key: sorted(ids) for key, ids in bindings_by_key().items()
              if not any(ids <= row.ids and doc_spelling(key) in row.keys for row in rows)}
    assert shared == {}


def test_no_key_is_in_two_rows() -> None:
    """A key has one row (one meaning), whichever of its bindings are present."""
    seen: dict[str, Row] = {}
    for row in meaning_rows():
        for key in row.keys:
            assert key not in seen, f"{key} means two things: {sorted(seen[key].ids)} " \
                                    f"and {sorted(row.ids)}"
            seen[key] = row


async def test_ctrl_f_finds_and_the_meeting_ends_on_shift_f5(make_workspace, data_dir,
                                                            fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        app.open_interview(slug, "live")
        await pilot.pause()
        notes = app.screen.query_one("#live-notes", TextArea)
        assert app.focused is notes
        await pilot.press("ctrl+f")
        await until(pilot, lambda: app.current_mode == "search")
        assert not isinstance(app.screen, DebriefModal)
        await pilot.press("f5")
        await until(pilot, lambda: app.current_mode == "live")
        await pilot.press("f17")  # shift+F5, as xterm and tmux send it
        await until(pilot, lambda: isinstance(app.screen, DebriefModal))


async def test_on_network_slash_is_search_and_alt_c_the_company_notes(data_dir,
                                                                        fixed_clock):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Emma Singh", company="Ledgerline"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f2")
        await workers_done(pilot)
        await until(pilot, lambda: app.screen.query_one(ContactTable).cursor_slug is not None)
        await pilot.press("alt+c")
        await until(pilot, lambda: isinstance(app.screen, ResearchScreen)
                    and (app.screen.kind, app.screen.slug) == ("company", "ledgerline"))
        await pilot.press("f2", "e", "slash")
        await until(pilot, lambda: app.current_mode == "search")
        await pilot.press("f2")
        await until(pilot, lambda: app.current_mode == "network")
        assert app.screen.query_one("#network-filter", Input).value == "e"
