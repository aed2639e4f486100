"""Research: notes autosave, preview, company from a person, conflicts, quitting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.typed import mapping
from tests.ui.pilot_steps import until
from textual.widgets import ContentSwitcher, Input, Markdown, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.screens.research import ResearchScreen

SIZE = (120, 40)


def seed(data_dir: Path) -> str:
    with Workspace.open(data_dir) as ws:
        return ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer",
                                    notes="# Ana\n"))


def on_disk(path: Path) -> dict[str, Any]:
    return mapping(yaml_io.parse(path.read_bytes()).data)


async def open_research(app: CoffeeChatApp, pilot, slug: str) -> ResearchScreen:
    app.open_research("person", slug)
    await pilot.pause()
    assert isinstance(app.screen, ResearchScreen)
    return app.screen


async def test_notes_links_and_learn_autosave(data_dir):
    slug = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        assert notes.text == "# Ana\n"
        notes.insert("Asked about 1:20 rota 🙂\n", notes.document.end)
        screen.query_one("#research-links", TextArea).load_text("https://example.com\n\n")
        screen.query_one("#research-learn", Input).value = "No"
        path = data_dir / "people" / f"{slug}.yaml"
        await until(pilot, lambda: (on_disk(path).get("learn"), on_disk(path).get("links"))
                    == ("No", ["https://example.com"]))
        data = on_disk(path)
        assert data["notes"] == "# Ana\nAsked about 1:20 rota 🙂\n"
        assert data["links"] == ["https://example.com"]
        assert data["learn"] == "No"
        assert data["title"] == "Buyer"
        assert "saved" in str(screen.query_one("#research-state").render())


async def test_quit_flushes_pending_edits(data_dir):
    slug = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        notes.insert("typed just before quitting", notes.document.end)
        await pilot.press("ctrl+q")
    assert on_disk(data_dir / "people" / f"{slug}.yaml")["notes"].endswith(
        "typed just before quitting")


async def test_preview_toggle_renders_markdown(data_dir):
    slug = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        await pilot.press("alt+m")
        assert screen.query_one(ContentSwitcher).current == "research-preview"
        assert screen.query_one("#research-preview", Markdown).source == "# Ana\n"
        await pilot.press("alt+m")
        assert screen.query_one(ContentSwitcher).current == "research-notes"


async def test_company_is_created_once_from_the_person(data_dir):
    slug = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_research(app, pilot, slug)
        await pilot.press("alt+c")
        assert isinstance(app.screen, ResearchScreen)
        assert (app.screen.kind, app.screen.slug) == ("company", "aritzia")
        assert "Company: Aritzia" in str(app.screen.query_one("#research-title").render())
        await open_research(app, pilot, slug)
        await pilot.press("alt+c")
        assert isinstance(app.screen, ResearchScreen)
        assert (app.screen.kind, app.screen.slug) == ("company", "aritzia")
    assert [path.name for path in (data_dir / "companies").iterdir()] == ["aritzia.yaml"]
    assert on_disk(data_dir / "companies" / "aritzia.yaml")["name"] == "Aritzia"


async def test_outside_edit_of_other_fields_is_merged(data_dir):
    slug = seed(data_dir)
    path = data_dir / "people" / f"{slug}.yaml"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        path.write_text(path.read_text().replace("Buyer", "Head Buyer"))
        notes.insert("mine\n", notes.document.end)
        await pilot.press("ctrl+s")
        assert "saved" in str(screen.query_one("#research-state").render())
        notes.insert("more\n", notes.document.end)
        await pilot.press("ctrl+s")
    data = on_disk(path)
    assert data["title"] == "Head Buyer"
    assert data["notes"] == "# Ana\nmine\nmore\n"


async def test_outside_edit_of_other_lines_of_the_notes_merges_line_by_line(data_dir):
    slug = seed(data_dir)
    path = data_dir / "people" / f"{slug}.yaml"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        path.write_text(path.read_text().replace("# Ana", "# Ana, edited elsewhere"))
        notes.insert("mine\n", notes.document.end)
        app.flush_edits()
        await pilot.pause()
        assert on_disk(path)["notes"] == "# Ana, edited elsewhere\nmine\n"
        assert "also changed on disk" not in str(
            screen.query_one("#research-state").render()).lower()
    assert not (data_dir / "conflicts").exists()


async def test_outside_edit_of_the_same_notes_is_never_clobbered(data_dir):
    slug = seed(data_dir)
    path = data_dir / "people" / f"{slug}.yaml"
    kept_dir = data_dir / "conflicts" / "people"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        path.write_text(path.read_text().replace("# Ana", "# Ana, edited elsewhere"))
        notes.insert("mine: ", (0, 0))  # the same line, changed on both sides
        app.flush_edits()
        notes.insert("more ", (0, 0))
        app.flush_edits()  # typing on (and quitting) writes nothing over their text
        await pilot.pause()
        assert on_disk(path)["notes"] == "# Ana, edited elsewhere\n"
        assert "also changed on disk" in str(screen.query_one("#research-state").render()).lower()
        assert any(on_disk(kept)["notes"] == "more mine: # Ana\n" for kept in kept_dir.iterdir())
        await pilot.press("ctrl+s")  # the user chooses their text
    assert on_disk(path)["notes"] == "more mine: # Ana\n"
    assert any(on_disk(kept)["notes"] == "# Ana, edited elsewhere\n"
               for kept in kept_dir.iterdir())


async def test_outside_edit_of_the_same_notes_can_be_loaded(data_dir):
    slug = seed(data_dir)
    path = data_dir / "people" / f"{slug}.yaml"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        notes = screen.query_one("#research-notes", TextArea)
        path.write_text(path.read_text().replace("# Ana", "# Theirs"))
        notes.insert("mine: ", (0, 0))
        app.flush_edits()
        await pilot.press("ctrl+r")
        assert notes.text == "# Theirs\n"
        notes.insert("after\n", notes.document.end)
        await pilot.press("ctrl+s")
    assert on_disk(path)["notes"] == "# Theirs\nafter\n"


async def test_read_only_workspace_cannot_be_edited(data_dir):
    slug = seed(data_dir)
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_research(app, pilot, slug)
            assert screen.query_one("#research-notes", TextArea).read_only
            assert screen.query_one("#research-learn", Input).disabled


async def test_empty_state_explains_how_to_open_something(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        assert app.screen.query_one("#research-empty").display
        assert not app.screen.query_one("#research-body").display


async def test_unreadable_or_missing_record_is_explained(data_dir):
    seed(data_dir)
    (data_dir / "people" / "broken.yaml").write_text("name: [oops\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, "broken")
        assert "could not be read" in str(screen.query_one("#research-title").render())
        assert screen.query_one("#research-notes", TextArea).read_only
        app.open_research("company", "no-such-company")
        await pilot.pause()
        assert "no longer exists" in str(screen.query_one("#research-title").render())


async def test_switching_records_saves_each_edit_to_its_own_file(data_dir):
    slug = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_research(app, pilot, slug)
        await pilot.press("alt+c")
        await pilot.pause()
        notes = screen.query_one("#research-notes", TextArea)
        notes.insert("Company notes\n", notes.document.end)
        await open_research(app, pilot, slug)
        notes.insert("Person notes\n", notes.document.end)
        await pilot.press("alt+c")
        await pilot.pause()
    company = on_disk(data_dir / "companies" / "aritzia.yaml")
    person = on_disk(data_dir / "people" / f"{slug}.yaml")
    assert company["name"] == "Aritzia" and company["notes"] == "Company notes\n"
    assert person["name"] == "Ana Lima" and person["notes"] == "# Ana\nPerson notes\n"
