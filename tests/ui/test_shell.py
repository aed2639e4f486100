"""The app shell: areas, palette jumps, help, theme, read-only, outside edits, quitting."""

from __future__ import annotations

from pathlib import Path

from tests.typed import mapping, present
from tests.ui.held_calls import HeldCalls
from tests.ui.pilot_steps import palette, until, workers_done
from textual.command import CommandInput, CommandList, CommandPalette

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Interview, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.index import Index
from coffeechat.storage.settings import SettingsFile
from coffeechat.ui.modals.help import HelpModal
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.research import ResearchScreen
from coffeechat.ui.widgets.contact_table import ContactTable
from coffeechat.ui.widgets.status_bar import StatusBar

SIZE = (120, 40)


def seed(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer"))
        bo = ws.people.add(Person(name="Bo Quist", company="Shopify", title="PM"))
        company = ws.companies.add(Company(name="Zephyr Works", industry="Energy"))
        chat = ws.new_interview(Interview(person=bo, status="asked"))
    return {"ana": ana, "bo": bo, "company": company, "chat": chat}


async def test_area_keys_switch_modes(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("f3")
        assert isinstance(app.screen, ResearchScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HomeScreen)
        for mode in ("plan", "live", "followups", "banks"):
            await app.switch_mode(mode)
            assert app.current_mode == mode


async def test_palette_jumps_to_person_company_and_interview(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, app, "person: bo quist")
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one(ContactTable).cursor_slug == slugs["bo"]

        await palette(pilot, app, "company: zephyr")
        assert isinstance(app.screen, ResearchScreen)
        assert (app.screen.kind, app.screen.slug) == ("company", slugs["company"])
        assert "Zephyr Works" in str(app.screen.query_one("#research-title").render())

        await palette(pilot, app, "interview: bo quist")
        assert app.current_mode == "plan"
        assert app.current_interview == slugs["chat"]


async def test_palette_area_commands(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, app, "network: open")
        assert isinstance(app.screen, NetworkScreen)


async def test_help_lists_the_keys_of_the_current_screen(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        described = {item.name for item in app.screen.keys}
        assert {"New person", "Edit", "Delete", "Who can get me in", "Network",
                "Problems"} <= described
        assert app.screen.title_text == "Network"
        await pilot.press("escape")
        assert isinstance(app.screen, NetworkScreen)


async def test_theme_choice_is_saved_and_restored(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert mapping(yaml_io.parse((data_dir / "settings.yaml").read_bytes()).data)["theme"] == "nord"
    again = CoffeeChatApp(data_dir)
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_a_hand_edit_of_settings_is_merged_with_a_theme_change(data_dir):
    seed(data_dir)
    settings = data_dir / "settings.yaml"
    settings.write_text("schema: 1\ntheme: textual-dark\nnudge_days: 5\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        settings.write_text("schema: 1\ntheme: textual-dark\nnudge_days: 9\n")
        app.theme = "nord"
        await pilot.pause()
    data = mapping(yaml_io.parse(settings.read_bytes()).data)
    assert data["theme"] == "nord" and data["nudge_days"] == "9"


async def test_broken_settings_are_reported_and_never_overwritten(data_dir):
    seed(data_dir)
    settings = data_dir / "settings.yaml"
    settings.write_text("theme: [unclosed\n")
    before = settings.read_bytes()
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        # Counted once every folder is read, which under load takes a while.
        await until(pilot, lambda: app.problem_counts is not None)
        app.update_problems()
        await pilot.pause()
        assert present(app.problem_counts)[0] >= 1
        assert any("settings.yaml" in problem.format(data_dir) for problem in app.all_problems())
    assert settings.read_bytes() == before
    assert SettingsFile(data_dir).problems


async def test_second_instance_is_read_only_and_says_so(data_dir):
    slugs = seed(data_dir)
    with Workspace.open(data_dir) as holder:
        assert not holder.readonly
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SIZE) as pilot:
            bar = str(app.screen.query_one(StatusBar).render())
            assert "READ-ONLY" in bar and "pid" in bar
            await pilot.press("f2")
            await workers_done(pilot)
            await pilot.pause()
            assert "READ-ONLY" in str(app.screen.query_one(StatusBar).render())
            # Writing keys are not offered, and pressing them changes nothing.
            await pilot.press("a")
            assert isinstance(app.screen, NetworkScreen)
            await pilot.press("d")
            assert isinstance(app.screen, NetworkScreen)
            await pilot.press("ctrl+q")
        assert (data_dir / "people" / f"{slugs['ana']}.yaml").exists()


async def test_outside_edit_is_picked_up(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await workers_done(pilot)
        path = data_dir / "people" / f"{slugs['ana']}.yaml"
        path.write_text(path.read_text().replace("Ana Lima", "Ana Lima-Souza"))
        (data_dir / "people" / "newcomer.yaml").write_text("name: Newcomer\n")
        await app.check_disk()
        await pilot.pause()
        table = app.screen.query_one(ContactTable)
        names = [row.cells[0] for row in table.shown_rows()]
        assert "Ana Lima-Souza" in names and "Newcomer" in names


async def test_problems_count_is_visible_everywhere(data_dir):
    seed(data_dir)
    (data_dir / "people" / "broken.yaml").write_text("name: [oops\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "1 error" in str(app.screen.query_one(StatusBar).render()),
                    seconds=30)
        await pilot.press("f3")
        assert "1 error" in str(app.screen.query_one(StatusBar).render())


async def test_help_lists_the_screens_keys_then_the_areas_in_order_then_generic_ones(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpModal)
        names = [item.name for item in app.screen.keys]
        assert names[0] == "New person"
        keys = [item.key for item in app.screen.keys]
        areas = [key for key in keys if key in ("f1", "f2", "f3", "f7", "f9", "f11")]
        assert areas == ["f1", "f2", "f3", "f7", "f9", "f11"]
        assert names.index("Banks") < names.index("Problems")
        assert names.index("Problems") < names.index("Focus Next")


async def test_the_palette_asks_the_index_for_the_query_typed_last(data_dir, monkeypatch):
    """Keys typed while a query runs queue none behind it: the queries of the
    keys between give up, the last one is asked and shown."""
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(pilot)
        held = HeldCalls(monkeypatch, Index, "names_matching")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        box = app.screen.query_one(CommandInput)
        box.value = "b"
        await until(pilot, lambda: held.calls == 1)  # held while it runs
        for typed in ("bo", "bo q", "bo qu"):
            box.value = typed
            await pilot.pause()
        held.release()
        shown = app.screen.query_one(CommandList)
        await until(pilot, lambda: shown.option_count > 0 and str(
            shown.get_option_at_index(0).prompt).startswith("person: Bo Quist"))
        assert held.calls == 2  # "b", then "bo qu": not "bo" nor "bo q"
