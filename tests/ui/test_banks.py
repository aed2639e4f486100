"""The Question banks screen: browse, problems, $EDITOR, reload without restart."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from tests.ui.pilot_steps import everything_read, until
from tests.ui.screen_checks import toasts
from textual.widgets import OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.storage.paths import shipped_banks_dir

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])

BROKEN = "id: mine\ntitle: Mine\ngoals: [explore-role]\nquestions:\n  - id: a\n    text: Hi\n" \
         "    stage: middle\n"
GOOD = "id: mine\ntitle: My own bank\ngoals: [explore-role]\nquestions:\n  - id: a\n" \
       "    text: What would you tell your younger self?\n"
FAKE_EDITOR = """\
import sys
with open(sys.argv[1], "a", encoding="utf-8") as handle:
    handle.write("  - id: added-by-editor\\n    text: What is one thing you wish you knew?\\n")
"""


def _rows(app: CoffeeChatApp) -> list[str]:
    listing = app.screen.query_one("#banks-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _text(app: CoffeeChatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _fake_editor(tmp_path: Path) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    return f"{sys.executable} {script}"


async def _open_banks(app: CoffeeChatApp, pilot) -> None:
    app.switch_mode("banks")
    await pilot.pause()


async def test_lists_shipped_and_own_banks_and_problems(data_dir: Path, fixed_clock):
    (data_dir / "question_banks").mkdir(parents=True)
    (data_dir / "question_banks" / "mine.yaml").write_text(BROKEN)
    (data_dir / "question_banks" / "closing.yaml").write_bytes(
        (shipped_banks_dir() / "closing.yaml").read_bytes())
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_banks(app, pilot)
        rows = _rows(app)
        assert rows[0].startswith("own ★")
        assert all(row.startswith("shipped") for row in rows[1:])
        assert "overrides the shipped bank" in _text(app, "#banks-questions")
        problems = _text(app, "#banks-problems")
        assert "question_banks/mine.yaml:7:5: questions.0.stage" in problems
        await pilot.press("down")
        assert "shipped with coffeechat" in _text(app, "#banks-questions")
        await pilot.press("g")
        assert "Learn about a role I might try" in _rows(app)[0]


async def test_bank_fixed_on_disk_is_reloaded_without_restart(data_dir: Path, fixed_clock):
    (data_dir / "question_banks").mkdir(parents=True)
    path = data_dir / "question_banks" / "mine.yaml"
    path.write_text(BROKEN)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_banks(app, pilot)
        assert "mine" not in app.workspace.banks.banks
        path.write_text(GOOD)
        os.utime(path, ns=(1, 1))
        await app.check_disk()  # what the app's disk timer runs every few seconds
        await pilot.pause()
        assert "mine" in app.workspace.banks.banks
        assert "My own bank" in _rows(app)[0]
        assert not app.screen.query_one("#banks-problems").display


async def test_edit_copies_a_shipped_bank_and_reloads(data_dir: Path, fixed_clock,
                                                     monkeypatch, tmp_path: Path):
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path))
    shipped = (shipped_banks_dir() / "break-into-industry.yaml").read_bytes()
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_banks(app, pilot)
        assert _rows(app)[1].startswith("shipped Break into an industry")
        await pilot.press("down", "e")
        await pilot.pause()
        own = data_dir / "question_banks" / "break-into-industry.yaml"
        assert own.read_bytes().startswith(shipped)
        assert stat.S_IMODE(own.stat().st_mode) == 0o600
        bank = app.workspace.banks.banks["break-into-industry"]
        assert bank.questions[-1].id == "added-by-editor"
        assert "break-into-industry" in app.workspace.banks.overridden
        # Still on the edited bank, now listed first as the user's own.
        assert _rows(app)[0].startswith("own ★")
        assert "What is one thing you wish you knew?" in _text(app, "#banks-questions")
    # The installed file is never touched.
    assert (shipped_banks_dir() / "break-into-industry.yaml").read_bytes() == shipped


async def test_no_editor_gives_a_clear_message(data_dir: Path, fixed_clock, monkeypatch):
    monkeypatch.setattr("coffeechat.storage.bank_edit.shutil.which", lambda name: None)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await _open_banks(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: any("set $EDITOR" in toast for toast in toasts(app)))
        assert not (data_dir / "question_banks" / "applying-for-role.yaml").exists()


@SIZES
def test_banks_snapshot(snap_compare, data_dir: Path, fixed_clock, size):
    (data_dir / "question_banks").mkdir(parents=True)
    (data_dir / "question_banks" / "mine.yaml").write_text(BROKEN)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.switch_mode("banks")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_a_goal_served_by_one_bank_says_one_bank(data_dir: Path, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_banks(app, pilot)
        await pilot.press("g")
        rows = _rows(app)
        assert any(row.endswith("(1 bank)") for row in rows)
        assert not any("(1 banks)" in row for row in rows)
