"""Network's filter as a user types it: the query runs off the UI thread, the
rows shown stay until the newest result comes, and the list always ends as the
last text asks, with a count line that says what is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.held_query import HeldQuery
from tests.ui.pilot_steps import until, workers_done
from tests.ui.screen_checks import SMALL
from textual.widgets import Input, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.problems import ProblemsModal
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable

# A file broken by a bracket never closed: the person keeps their place by name.
BROKEN = b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore College\ntitle: Admissions\n"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldQuery:
    """Holds each filter query inside SQLite, as it starts, once ``hold`` is called."""
    return HeldQuery(monkeypatch, "instr(haystack")


def seed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Emma Singh", company="Ledgerline", title="Data Analyst"))
        ws.people.add(Person(name="Dev Patel", company="Ledgerline", title="Engineer"))
        ws.people.add(Person(name="Ada Lovelace", company="Engines", title="Analyst"))
        ws.people.add(Person(name="Aiko Inoue", company="Lakeshore College"))
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(BROKEN)


async def network(app: CoffeeChatApp, pilot: Any) -> ContactTable:
    await pilot.press("f2")
    assert isinstance(app.screen, NetworkScreen)
    await until(pilot, lambda: app.have_read_everything, 30)
    await pilot.pause()
    return app.screen.query_one(ContactTable)


def names(table: ContactTable) -> list[str]:
    return [row.cells[0] for row in table.shown_rows()]


def count_line(app: CoffeeChatApp) -> str:
    return str(app.screen.query_one("#network-count", Static).render())


def filter_text(app: CoffeeChatApp) -> str:
    return app.screen.query_one("#network-filter", Input).value


async def settled(pilot: Any, table: ContactTable) -> None:
    """Wait until the rows of the newest text are shown and no query is left."""
    await until(pilot, lambda: not table.pending)
    await workers_done(pilot)
    await pilot.pause()


async def test_keys_typed_while_a_query_runs_end_on_the_last_text(data_dir, held):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await network(app, pilot)
        everyone = names(table)
        held.hold()
        await pilot.press("l")
        await until(pilot, held.entered.is_set)
        # The query runs off the UI thread: keys still go in, and the rows
        # shown stay as they were (never an empty list) until the answer comes.
        await pilot.press(*"edg")
        assert filter_text(app) == "ledg"
        assert names(table) == everyone
        assert count_line(app).startswith("4 contacts (1 cannot be read)")
        held.release.set()
        await pilot.press(*"er", "backspace")  # several keys at once, then one more
        await pilot.press("r")
        await settled(pilot, table)
        assert filter_text(app) == "ledger"
        assert names(table) == ["Dev Patel", "Emma Singh"]
        assert count_line(app).startswith("2 of 4 contacts (1 cannot be read) · sorted by name")
        assert table.cursor_slug == "dev-patel"


async def test_escape_clears_the_filter_at_once_even_while_a_query_runs(data_dir, held):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await network(app, pilot)
        await pilot.press(*"engine")
        await settled(pilot, table)
        assert names(table) == ["Ada Lovelace", "Dev Patel"]  # Dev is an engineer
        held.hold()
        await pilot.press("s")
        await until(pilot, held.entered.is_set)
        await pilot.press("escape")
        # No query is needed for every contact: they show with the key.
        assert filter_text(app) == ""
        assert not table.pending
        assert names(table) == ["Ada Lovelace", "Aiko Inoue", "Dev Patel", "Emma Singh"]
        held.release.set()
        await settled(pilot, table)
        # The stopped query's answer never comes back over the list.
        assert len(names(table)) == 4
        assert count_line(app).startswith("4 contacts (1 cannot be read) · sorted by name")


async def test_sort_and_reverse_during_a_filter_show_the_order_they_say(data_dir, held):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await network(app, pilot)
        await pilot.press(*"analyst")
        await settled(pilot, table)
        assert names(table) == ["Ada Lovelace", "Emma Singh"]
        held.hold()
        await pilot.press("alt+o")  # by company: a query of its own
        await until(pilot, held.entered.is_set)
        # Until it answers, the count line says the order shown, not the one asked.
        assert count_line(app).endswith("sorted by name, ascending")
        held.release.set()
        await settled(pilot, table)
        assert [row.cells[1] for row in table.shown_rows()] == ["Engines", "Ledgerline"]
        assert count_line(app) == ("2 of 4 contacts (1 cannot be read) · sorted by company, "
                                   "ascending")
        await pilot.press("alt+v")  # the same rows the other way round
        await settled(pilot, table)
        assert [row.cells[1] for row in table.shown_rows()] == ["Ledgerline", "Engines"]
        assert count_line(app).endswith("sorted by company, descending")
        await pilot.press("backspace")  # "analys": the same people, still reversed
        await settled(pilot, table)
        assert names(table) == ["Emma Singh", "Ada Lovelace"]


async def test_an_unreadable_person_found_by_the_filter_says_why(data_dir, held):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await network(app, pilot)
        held.hold()
        await pilot.press(*"aik")
        await until(pilot, held.entered.is_set)
        held.release.set()
        await pilot.press("o")
        await settled(pilot, table)
        assert [row.cells[:2] for row in table.shown_rows()] == [("Aiko Inoue", "unreadable")]
        assert count_line(app).startswith("1 of 4 contacts (1 cannot be read)")
        head = app.screen.query_one("#detail-head", Static)
        await until(pilot, lambda: "cannot be read" in str(head.render()))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ProblemsModal))


async def test_a_read_only_workspace_filters_as_it_types(data_dir, held):
    seed(data_dir)
    with Workspace.open(data_dir):  # another instance holds the workspace
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            table = await network(app, pilot)
            assert app.workspace.readonly
            held.hold()
            await pilot.press(*"ledger")
            await until(pilot, held.entered.is_set)
            held.release.set()
            await pilot.press("l")
            await settled(pilot, table)
            assert names(table) == ["Dev Patel", "Emma Singh"]
            assert count_line(app).startswith("2 of 4 contacts")


async def test_a_person_changed_elsewhere_to_match_joins_the_filtered_list(data_dir,
                                                                         monkeypatch):
    # A filter typed on looks among the rows shown, however many they are.
    monkeypatch.setattr("coffeechat.storage.index.contacts._NARROW_SHARE", 0)
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await network(app, pilot)
        await pilot.press(*"ledger")
        await settled(pilot, table)
        assert names(table) == ["Dev Patel", "Emma Singh"]
        path = data_dir / "people" / "ada-lovelace.yaml"
        path.write_text(path.read_text().replace("Engines", "Ledgerline"))
        await app.check_disk()
        await settled(pilot, table)
        # The filter asks the rows as they are now, not only those it showed.
        assert names(table) == ["Ada Lovelace", "Dev Patel", "Emma Singh"]
        await pilot.press("l")  # "ledgerl", typed on from the new rows
        await settled(pilot, table)
        assert names(table) == ["Ada Lovelace", "Dev Patel", "Emma Singh"]
        assert count_line(app).startswith("3 of 4 contacts")
