"""A folder that cannot be read is never shown as empty: Network, Home and
Follow-ups say which folder could not be read and why, and point to F8."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

from tests.ui.pilot_steps import until, workers_done
from tests.ui.screen_checks import SMALL
from textual.widgets import OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Followup, Interview, Person
from coffeechat.storage import Workspace
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.targets import TargetsScreen

TODAY = dt.date(2026, 11, 25)
SAID = "✗ people/: cannot read this folder (Permission denied)"


def campaign(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        ws.new_interview(Interview(
            person=ana, status="done",
            followups=[Followup(kind="thank-you", to=ana, due=TODAY - dt.timedelta(days=2))],
        ), on=dt.date(2026, 11, 20))
        ws.sync()


def text(app: CoffeeChatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_network_says_the_folder_could_not_be_read(data_dir, inject, fixed_clock):
    campaign(data_dir)
    with inject(data_dir / "people", errno.EACCES, reads=True):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("f2")
            assert isinstance(app.screen, NetworkScreen)
            await workers_done(pilot)
            await pilot.pause()
            count = text(app, "#network-count")
            assert count.startswith(SAID) and "F8" in count
            assert "0 contacts" not in count
            detail = text(app, "#detail-head")
            assert "until people/ can be read again" in detail and "ctrl+n" not in detail


async def test_home_says_so_and_never_offers_the_empty_campaign_guide(data_dir, inject,
                                                                      fixed_clock):
    campaign(data_dir)
    with inject(data_dir / "people", errno.EACCES, reads=True), \
            inject(data_dir / "interviews", errno.EACCES, reads=True):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            notice = home.query_one("#home-unreadable", Static)
            await until(pilot, lambda: notice.display)
            said = str(notice.render())
            assert SAID in said and "✗ interviews/: cannot read this folder" in said
            assert "F8" in said
            assert not home.query_one("#home-guide").display  # not "your campaign is empty"
            numbers = text(app, "#home-numbers")
            assert "People in your network  ?" in numbers


async def test_followups_say_so(data_dir, inject, fixed_clock):
    campaign(data_dir)
    with inject(data_dir / "interviews", errno.EACCES, reads=True):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("f6")
            await pilot.pause()
            assert app.screen.query_one("#followups-list", OptionList).option_count == 0
            summary = text(app, "#followups-summary")
            assert summary == "No follow-up can be shown: your chats could not be read."
            notice = text(app, "#followups-unreadable")
            assert notice.startswith("✗ interviews/: cannot read this folder (Permission "
                                     "denied)") and "F8" in notice


def test_people_add_will_not_guess_while_the_folder_cannot_be_read(data_dir, inject, cli):
    campaign(data_dir)
    with inject(data_dir / "people", errno.EACCES, reads=True):
        result = cli(data_dir, "people", "add", "Ana Lima")
    assert result.code == 1 and result.out == ""
    assert "cannot read this folder (Permission denied)" in result.err
    assert "whether 'Ana Lima' is already there cannot be checked" in result.err
    chats = sorted((data_dir / "interviews").iterdir())
    with inject(data_dir / "people", errno.EACCES, reads=True):
        linked = cli(data_dir, "people", "add", "Zed Q", "--new", "--introduced-by", "ana-lima")
        chat = cli(data_dir, "interviews", "new", "ana-lima")
    assert linked.code == 1 and "who --introduced-by and --knows name cannot be checked" in \
        linked.err
    assert chat.code == 1 and "cannot read this folder (Permission denied)" in chat.err
    assert sorted(path.name for path in (data_dir / "people").iterdir()) == ["ana-lima.yaml"]
    assert sorted((data_dir / "interviews").iterdir()) == chats


async def test_targets_count_nobody_in_a_folder_that_cannot_be_read(data_dir, inject,
                                                                     fixed_clock):
    campaign(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Bo Chen", company="Acme"))
        ws.companies.add(Company(name="Acme", target=True))
    with inject(data_dir / "people", errno.EACCES, reads=True):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.press("f9")
            await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                        and "1 target" in text(app, "#targets-summary"))
            screen = app.screen
            assert isinstance(screen, TargetsScreen)
            [acme] = screen.items
            # As the files say: nobody is known, never the rows of an older reading.
            assert acme.advocacy.contacts == ()
