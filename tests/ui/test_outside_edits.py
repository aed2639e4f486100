"""A file another program edits while the app runs shows as it is now, however
little its stamp moved: the app's look every few seconds trusts a folder as
unchanged only while every file's stamp is as when its rows last stood for
them all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.ui.pilot_steps import until

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again (a change
    # may hide inside the clock tick): here, they are taken as settled at once,
    # so the folder is known unchanged from its digest as a campaign left
    # alone for a while is.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


async def test_a_file_edited_in_place_by_another_program_shows_its_new_text(
        data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        for name in ("Ana Lima", "Kim Park", "Lee Chan"):
            ws.people.add(Person(name=name, company="Telus"))
    path = data_dir / "people" / "kim-park.yaml"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, NetworkScreen)
        table = app.screen.query_one(ContactTable)
        await until(pilot, lambda: app.have_read_everything, 30)
        await app.check_disk()  # a look that finds nothing changed
        await until(pilot, lambda: [row.cells[0] for row in table.shown_rows()] == [
            "Ana Lima", "Kim Park", "Lee Chan"])
        # An editor that writes in place: the same size, the mtime put back.
        before = path.stat()
        with open(path, "r+") as file:
            text = file.read()
            file.seek(0)
            file.write(text.replace("Kim Park", "Kim Pork"))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size,
                                                                  before.st_mtime_ns)
        await app.check_disk()  # the watcher's periodic look
        await until(pilot, lambda: [row.cells[0] for row in table.shown_rows()] == [
            "Ana Lima", "Kim Pork", "Lee Chan"])
