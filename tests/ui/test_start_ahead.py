"""What the command prepares as it starts serves the app's first compare only:
a folder whose seal matches the index's is not compared file by file, a
change made after the seal is found by the next look, a wrong seal costs the
compare it would have spared, never an answer; a first start's reading
helper reads the folders and is ended once they are read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.ui.pilot_steps import until

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace, caching, reading_aside
from coffeechat.storage.folder_seal import Seal, seal_of
from coffeechat.storage.index import CACHE_DIR, Index
from coffeechat.storage.start_ahead import StartAhead
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again: here
    # they are taken as settled at once, as a campaign left alone a while is.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


class Taken(StartAhead):
    """Seals as the command's child would have handed them over (a test runs
    threads, so a real one takes none), and no reading helper."""

    def __init__(self, seals: dict[Path, Seal | None]) -> None:
        self._taken = seals
        self.helper = None

    def seal(self, directory: Path) -> Seal | None:
        return self._taken.get(directory)

    def close(self) -> None:
        pass


def sealed_people(data_dir: Path) -> Path:
    """Three people, their rows written and the folder's seal kept."""
    with Workspace.open(data_dir) as ws:
        for name in ("Ana Lima", "Kim Park", "Lee Chan"):
            ws.people.add(Person(name=name, company="Telus"))
        ws.refresh()
        ws.refresh()
        assert (ws.index.sealed("people") is not None) == caching.enabled()
    return data_dir / "people"


def compares(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders compared file by file with their rows, from now on."""
    compared: list[str] = []
    unmatched = Index.unmatched

    def noted(index: Index, kind: str, *args: Any, **options: Any) -> Any:
        compared.append(kind)
        return unmatched(index, kind, *args, **options)

    monkeypatch.setattr(Index, "unmatched", noted)
    return compared


def names(app: CoffeeChatApp) -> list[str]:
    table = app.screen.query_one(ContactTable)
    return [row.cells[0] for row in table.shown_rows()]


def renamed_kim(people: Path) -> None:
    """Kim renamed by another program (a file of another size)."""
    path = people / "kim-park.yaml"
    path.write_text(path.read_text().replace("Kim Park", "Kim Pork"))
    os.chmod(path, 0o600)


@pytest.mark.usefixtures("caching_on")
async def test_a_seal_taken_at_start_serves_the_first_compare_only(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = sealed_people(data_dir)
    seals = Taken({people: seal_of(people)})
    # Changed after the seal was taken, before the app compares the folder.
    renamed_kim(people)
    compared = compares(monkeypatch)
    app = CoffeeChatApp(data_dir, ahead=seals)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await pilot.press("f2")
        # The first compare took the folder as the seal found it: no file compared.
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen)
                    and names(app) == ["Ana Lima", "Kim Park", "Lee Chan"])
        assert "people" not in compared
        # The next look takes a pass of its own, and finds the change.
        await app.check_disk()
        await until(pilot, lambda: names(app) == ["Ana Lima", "Kim Pork", "Lee Chan"])
        assert "people" in compared


async def test_a_wrong_seal_costs_the_compare_never_an_answer(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    people = sealed_people(data_dir)
    renamed_kim(people)
    count, _ = seal_of(people) or (0, 0)
    compared = compares(monkeypatch)
    app = CoffeeChatApp(data_dir, ahead=Taken({people: (count, 12345)}))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        assert "people" in compared  # (with caching off, every file always is)
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen)
                    and names(app) == ["Ana Lima", "Kim Pork", "Lee Chan"])


async def test_a_first_start_reads_beside_the_helper_made_ready_and_ends_it(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_aside, "FROM", 1)
    sealed_people(data_dir)
    shutil.rmtree(data_dir / CACHE_DIR)
    ahead = StartAhead(data_dir)
    helper = ahead.helper
    assert helper is not None
    answered: list[str] = []
    share = reading_aside.share

    def noted(kind: str, *args: Any) -> None:
        assert args[-1] is helper  # the one made ready, for every folder
        answered.append(kind)
        share(kind, *args)

    monkeypatch.setattr(reading_aside, "share", noted)
    app = CoffeeChatApp(data_dir, ahead=ahead)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        assert answered == ["people"] and helper.gone
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen)
                    and names(app) == ["Ana Lima", "Kim Park", "Lee Chan"])
