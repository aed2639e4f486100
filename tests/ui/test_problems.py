"""The problems list: every bad file with path:line:col, reachable from anywhere."""

from __future__ import annotations

from textual.widgets import OptionList

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.problems import ProblemsModal

SIZE = (120, 40)


async def test_problems_modal_lists_corrupt_file_with_position(data_dir):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Fine", knows=["ghost"]))
    (data_dir / "people" / "broken.yaml").write_text("name: Bad\ntitle: [unclosed\n")
    (data_dir / "interviews" / "wrong.yaml").write_text("person: 12\nstatus: maybe\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("f8")
        modal = app.screen
        assert isinstance(modal, ProblemsModal)
        table = modal.query_one(OptionList)
        rows = [str(table.get_option_at_index(i).prompt).split("\n")
                for i in range(table.option_count)]
        kinds = [row[0].split()[0] for row in rows]
        assert kinds.index("warning") > kinds.index("error")
        where = [row[0].split()[1] for row in rows]
        assert any(place.startswith("people/broken.yaml:") and place.count(":") == 2
                   for place in where)
        assert any(place.startswith("interviews/wrong.yaml:") for place in where)
        assert any("ghost" in row[1] for row in rows)
        await pilot.press("escape")
        assert app.current_mode == "network" and not isinstance(app.screen, ProblemsModal)


async def test_problems_from_the_palette_and_when_clean(data_dir):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.action_problems()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsModal)
        assert "No problems" in str(app.screen.query_one("#problems-summary").render())


async def test_people_sharing_an_address_show_as_possible_duplicates(data_dir):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ann Lee", contact={"email": "team@figma.example"}))
        ws.people.add(Person(name="Bob Other", contact={"email2": "TEAM@figma.example"}))
        ws.people.add(Person(name="Cy", contact={"email": "cy@x.example",
                                                 "email2": "cy@x.example"}))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        table = app.screen.query_one(OptionList)
        rows = [str(table.get_option_at_index(i).prompt) for i in range(table.option_count)]
    assert len(rows) == 1
    assert rows[0].startswith("warning people/bob-other.yaml")
    assert ("contact: shares TEAM@figma.example with Ann Lee [ann-lee]: a possible "
            "duplicate; merge them by hand if they are one person") in " ".join(rows[0].split())
