"""One snapshot per screen and modal of the shell, Home, Network and Research, at the
size many terminals open at (80x24) and at a roomier one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.ui.pilot_steps import (
    detail_rested,
    everything_read,
    rows_shown,
    steady_cursors,
    workers_done,
)

import coffeechat.ui.app
from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Debrief, Followup, Interview, Person, Referral
from coffeechat.storage import Workspace

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


def seed(data_dir: Path) -> None:
    day = dt.date(2026, 11, 2)
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(
            name="Ana Lima", company="Aritzia", title="Buyer", how_we_met="alumni night",
            tags=["retail", "alumni"], learn="How buying calendars work",
            notes="## Background\n\nTen years in *merchandising*.\n\n- ask about seasons\n"))
        kim = ws.people.add(Person(name="Kim Park", company="Telus", title="Analyst",
                                   knows=[ana], how_we_met="LinkedIn"))
        lee = ws.people.add(Person(name="Lee Chan", company="Shopify",
                                   title="Product Manager", introduced_by=kim))
        ws.people.add(Person(name="نور صالح", company="null", title="1:20", tags=["No"]))
        ws.people.add(Person(name="🙂 Smiley", company="Aritzia", title="Designer",
                             knows=[lee]))
        ws.companies.add(Company(name="Aritzia", industry="Retail"))
        ws.new_interview(Interview(person=kim, status="done", referrals=[Referral(person=lee)],
                                   debrief=Debrief(learned="Budgets close in March."),
                                   followups=[Followup(kind="thank-you", to=kim,
                                                       due=dt.date(2026, 11, 20))]), on=day)
        ws.new_interview(Interview(person=ana, status="scheduled", format="in-person",
                                   scheduled=dt.datetime(2026, 11, 27, 9, 30)), on=day)
        ws.new_interview(Interview(person=lee, status="asked", created=dt.date(2026, 11, 18)),
                         on=day)


class SnapshotApp(CoffeeChatApp):
    """The app, its stylesheet found from this file (snapshots need the path)."""

    CSS_PATH = str(Path(coffeechat.ui.app.__file__).with_name("app.tcss"))


def on_network(*keys: str):
    """Open Network, wait for its rows (read in a worker), then press ``keys``."""

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        await pilot.press("f2")
        await rows_shown(pilot)
        await workers_done(pilot)
        network = pilot.app.screen
        await pilot.press(*keys)
        await detail_rested(pilot, network)
        steady_cursors(pilot.app)
        await pilot.pause()

    return run_before


def make_app(data_dir: Path) -> CoffeeChatApp:
    seed(data_dir)
    return SnapshotApp(data_dir)


@SIZES
def test_home_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=everything_read, terminal_size=size)


@SIZES
def test_network_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("down"),
                        terminal_size=size)


@SIZES
def test_research_snapshot(snap_compare, data_dir, fixed_clock, size):
    async def open_ana(pilot) -> None:
        await everything_read(pilot)
        pilot.app.open_research("person", "ana-lima")
        await pilot.pause()
        steady_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(make_app(data_dir), run_before=open_ana, terminal_size=size)


@SIZES
def test_problems_snapshot(snap_compare, data_dir, fixed_clock, size):
    app = make_app(data_dir)
    (data_dir / "people" / "broken.yaml").write_text("name: Bad\ntitle: [unclosed\n")
    assert snap_compare(app, press=["f8"], terminal_size=size)


@SIZES
def test_help_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("question_mark"),
                        terminal_size=size)


@SIZES
def test_person_form_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("ctrl+e", "end", "x"),
                        terminal_size=size)


@SIZES
def test_warm_paths_snapshot(snap_compare, data_dir, fixed_clock, size):
    async def search(pilot) -> None:
        await on_network("ctrl+w")(pilot)
        pilot.app.screen.search("aritzia")
        await pilot.pause()

    assert snap_compare(make_app(data_dir), run_before=search, terminal_size=size)


@SIZES
def test_referral_tree_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("alt+t", "space"),
                        terminal_size=size)


@SIZES
def test_confirm_delete_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("delete"),
                        terminal_size=size)


@SIZES
def test_person_form_offering_a_namesake_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(make_app(data_dir), run_before=on_network("ctrl+n", *"ana lima"),
                        terminal_size=size)


@SIZES
def test_first_run_guide_snapshot(snap_compare, data_dir, fixed_clock, size):
    assert snap_compare(SnapshotApp(data_dir), run_before=everything_read, terminal_size=size)


@SIZES
def test_network_with_an_unreadable_person_snapshot(snap_compare, data_dir, fixed_clock, size):
    app = make_app(data_dir)
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(
        b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore College\ntitle: Admissions\n")
    assert snap_compare(app, run_before=on_network(), terminal_size=size)
