"""Sync in the app: a key and a palette entry run it in the background, the
status line says how it went, and F8 lists what a merge or Syncthing kept
aside, both values side by side, with keys to take the other or merge both."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.ui.pilot_steps import palette, until
from textual.widgets import OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.cli import main
from coffeechat.core.models import Person
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.ui.modals.problems import ProblemsModal
from coffeechat.ui.widgets.status_bar import StatusBar

SIZE = (120, 40)
needs_git = pytest.mark.skipif(shutil.which("git") is None,
                               reason="git is not installed; sync runs git, so its tests need it")


@pytest.fixture(autouse=True)
def _own_git_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))


def write(folder: Path, person: Person, name: str = "ada") -> None:
    (folder / "people").mkdir(parents=True, exist_ok=True)
    (folder / "people" / f"{name}.yaml").write_bytes(encode_record(person))


def read(path: Path) -> Person:
    person, problems = decode_record(Person, path.read_bytes(), None)
    assert person is not None and problems == []
    return person


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    write(laptop, Person(name="Ada Lovelace", title="Engineer"))
    assert main(["sync", "init", "--remote", str(remote), "--data-dir", str(laptop)]) == 0
    assert main(["sync", "--data-dir", str(laptop)]) == 0
    assert main(["sync", "init", "--remote", str(remote), "--data-dir", str(desktop)]) == 0
    return laptop, desktop


def status(app: CoffeeChatApp) -> str:
    return str(app.screen.query_one(StatusBar).render())


@needs_git
async def test_the_sync_key_runs_in_the_background_and_the_status_line_says_how_it_went(
        machines: tuple[Path, Path]) -> None:
    laptop, desktop = machines
    write(laptop, Person(name="Ada Lovelace", title="Countess"))
    assert main(["sync", "--data-dir", str(laptop)]) == 0
    app = CoffeeChatApp(desktop)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+f8")
        await until(pilot, lambda: "synced:" in status(app), seconds=20)
        assert "Sync (shift+F8): " in status(app)
        assert "received 1 commit, merged 1 file, 0 conflicts" in status(app)
        await until(pilot, lambda: (person := app.workspace.people.get("ada")) is not None
                    and person.title == "Countess")
    assert read(desktop / "people" / "ada.yaml").title == "Countess"


@needs_git
async def test_a_conflict_is_on_f8_side_by_side_and_t_takes_theirs(
        machines: tuple[Path, Path]) -> None:
    laptop, desktop = machines
    write(laptop, Person(name="Ada Lovelace", title="Countess"))
    write(desktop, Person(name="Ada Lovelace", title="Mathematician"))
    assert main(["sync", "--data-dir", str(laptop)]) == 0
    app = CoffeeChatApp(desktop)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, app, "workspace: sync")
        await until(pilot, lambda: "1 conflict" in status(app), seconds=20)
        await pilot.press("f8")
        modal = app.screen
        assert isinstance(modal, ProblemsModal)
        table = modal.query_one(OptionList)
        assert str(table.get_option_at_index(0).prompt).startswith("conflict people/ada.yaml")
        here = str(modal.query_one("#conflict-here", Static).render())
        there = str(modal.query_one("#conflict-there", Static).render())
        assert "title: Mathematician" in here and "title: Countess" in there
        await pilot.press("t")
        await until(pilot, lambda: not modal.conflicts)
        assert "No problems" in str(modal.query_one("#problems-summary", Static).render())
        assert table.option_count == 0
    assert read(desktop / "people" / "ada.yaml").title == "Countess"
    assert list((desktop / "conflicts" / "people").iterdir()) == []


async def test_a_syncthing_copy_is_a_conflict_of_its_record_and_c_combines_both(
        data_dir: Path) -> None:
    write(data_dir, Person(name="Ada Lovelace", tags=["alum"], notes="Met at the café.\n"))
    copy = data_dir / "people" / "ada.sync-conflict-20261125-101500-ABCDEFG.yaml"
    copy.write_bytes(encode_record(Person(name="Ada Lovelace", title="Countess",
                                          notes="Met at the café.\nDesktop: follow up.\n")))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.problem_counts is not None)
        assert set(app.workspace.people.entries) == {"ada"}
        await pilot.press("f8")
        modal = app.screen
        assert isinstance(modal, ProblemsModal)
        prompt = str(modal.query_one(OptionList).get_option_at_index(0).prompt)
        assert prompt.startswith("conflict people/ada.yaml") and "Syncthing's copy" in prompt
        assert "title: Countess" in str(modal.query_one("#conflict-there", Static).render())
        await pilot.press("c")
        await until(pilot, lambda: not modal.conflicts)
    merged = read(data_dir / "people" / "ada.yaml")
    assert (merged.title, merged.tags, merged.notes) == (
        "Countess", ["alum"], "Met at the café.\nDesktop: follow up.\n")
    assert not copy.exists()


async def test_sync_in_a_folder_not_set_up_says_how_to_set_it_up(data_dir: Path) -> None:
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+f8")
        await until(pilot, lambda: "sync failed" in status(app), seconds=20)
        assert "run 'coffeechat sync init'" in app.last_sync
