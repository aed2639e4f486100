"""A person whose file cannot be read keeps their place: listed on Network
(named from the file's text, marked), offered as a namesake by New contact and
by Another name, and named on Home and Follow-ups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.ui.pilot_steps import rows_shown, until
from tests.ui.screen_checks import SMALL, on_screen, toasts
from textual.widgets import OptionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Followup, Interview, Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.live_capture import CaptureNameModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.modals.problems import ProblemsModal
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable

TODAY = dt.date(2026, 11, 25)
# Aiko's file, broken by a bracket never closed (found at line 4, column 6).
BROKEN = b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore College\ntitle: Admissions\n"


def campaign(data_dir: Path) -> str:
    """Ana, Aiko (whose file is then broken by hand) and a chat with Aiko that
    is owed a thank-you; returns the chat's slug."""
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima", company="Aritzia"))
        aiko = ws.people.add(Person(name="Aiko Inoue", company="Lakeshore College"))
        chat = ws.new_interview(Interview(
            person=aiko, status="done",
            followups=[Followup(kind="thank-you", to=aiko, due=TODAY - dt.timedelta(days=2))],
        ), on=dt.date(2026, 11, 20))
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(BROKEN)
    return chat


def people_files(data_dir: Path) -> list[str]:
    return sorted(path.name for path in (data_dir / "people").iterdir())


async def open_network(app: CoffeeChatApp, pilot) -> ContactTable:
    await pilot.press("f2")
    assert isinstance(app.screen, NetworkScreen)
    # The list is the index's; a file written behind its back shows once read.
    await until(pilot, lambda: app.have_read_everything, 30)
    await pilot.pause()
    return app.screen.query_one(ContactTable)


def shown_rows(table: ContactTable) -> list[tuple[str, ...]]:
    return [row.cells[:3] for row in table.shown_rows()]


async def test_network_lists_an_unreadable_person_by_name_marked(data_dir, fixed_clock):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_network(app, pilot)
        assert shown_rows(table) == [("Aiko Inoue", "unreadable", "enter: why"),
                                     ("Ana Lima", "Aritzia", "")]
        await pilot.press(*"aiko")
        await rows_shown(pilot)
        count = str(app.screen.query_one("#network-count", Static).render())
        assert count.startswith("1 of 2 contacts (1 cannot be read)")
        head = app.screen.query_one("#detail-head", Static)
        # The detail pane follows the cursor once it rests.
        await until(pilot, lambda: "Aiko Inoue" in str(head.render())
                    and "invalid YAML" in str(head.render()))
        detail = str(head.render())
        assert "Aiko Inoue" in detail and "cannot be read" in detail
        assert "people/aiko-inoue.yaml:4:6: invalid YAML" in detail
        assert "No contact here" not in detail
        # Nothing that needs the record read is offered on it.
        assert app.screen.check_action("delete", ()) is False
        assert app.screen.check_action("new_interview", ()) is False


async def test_enter_shows_the_problem_and_editing_is_refused_with_it(data_dir, fixed_clock):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        table = await open_network(app, pilot)
        assert table.cursor_slug == "aiko-inoue"
        await pilot.press("enter")
        assert isinstance(app.screen, ProblemsModal)
        listing = app.screen.query_one(OptionList)
        [line] = [str(listing.get_option_at_index(i).prompt)
                  for i in range(listing.option_count)]
        assert line.startswith("error people/aiko-inoue.yaml:4:6\n") and "YAML" in line
        await pilot.press("escape")
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)  # no form over a file it cannot read
        await until(pilot, lambda: toasts(app))
        [notice] = toasts(app)
        assert notice.startswith("Aiko Inoue cannot be edited here: people/aiko-inoue.yaml:4:6:")
    assert (data_dir / "people" / "aiko-inoue.yaml").read_bytes() == BROKEN


async def test_new_contact_offers_the_unreadable_namesake(data_dir, fixed_clock):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, PersonFormModal)
        await pilot.press(*"aiko inoue")
        choice = app.screen.query_one("#form-namesakes", OptionList)
        await until(pilot, lambda: choice.display and on_screen(choice))
        offered = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert offered == ["→ Aiko Inoue · file cannot be read (aiko-inoue)",
                           "+ a new person named aiko inoue"]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one(ContactTable).cursor_slug == "aiko-inoue"
    assert people_files(data_dir) == ["aiko-inoue.yaml", "ana-lima.yaml"]


async def test_another_name_offers_the_unreadable_namesake(data_dir, fixed_clock):
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        ws.people.add(Person(name="Aiko Inoue"))
        chat = ws.new_interview(Interview(person=ana, status="scheduled"),
                                on=dt.date(2026, 11, 20))
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(BROKEN)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        app.open_interview(chat, "live")
        await pilot.pause()
        assert app.screen.query_one("#live-notes", TextArea).has_focus
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, CaptureNameModal)
        await pilot.press(*"Aiko Inoue")
        choice = app.screen.query_one("#capture-namesakes", OptionList)
        await until(pilot, lambda: choice.display and on_screen(choice))
        assert str(choice.get_option_at_index(0).prompt) == (
            "→ Aiko Inoue · file cannot be read (aiko-inoue)")
        await pilot.press("enter")
        assert not isinstance(app.screen, CaptureNameModal)
        app.flush_edits()
    assert people_files(data_dir) == ["aiko-inoue.yaml", "ana-lima.yaml"]


async def test_followups_and_home_name_an_unreadable_person(data_dir, fixed_clock):
    chat = campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        due = home.query_one("#home-followups", OptionList)
        await until(pilot, lambda: "thank-you" in str(due.get_option_at_index(0).prompt))
        assert str(due.get_option_at_index(0).prompt) == "2 days late · thank-you → Aiko Inoue"
        await pilot.press("f6")
        await pilot.pause()
        listing = app.screen.query_one("#followups-list", OptionList)
        row = str(listing.get_option_at_index(0).prompt)
        assert "Thank Aiko Inoue" in row and chat in row
        assert "aiko-inoue " not in row.replace(chat, "")
