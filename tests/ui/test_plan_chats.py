"""Plan at 80x24: a date schedules the chat, a new chat is written only once it
has something in it, a chat can be deleted and brought back, and the form's
keys work from the first press."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.typed import mapping
from tests.ui.pilot_steps import until, workers_done
from tests.ui.screen_checks import SMALL, footer_keys, on_screen
from textual.widgets import Input, OptionList, Select, SelectionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.confirm import ConfirmModal
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.widgets.contact_table import ContactTable


def _on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


def _chats(data_dir: Path) -> list[str]:
    return sorted(path.stem for path in (data_dir / "interviews").iterdir())


def _seed(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia"))
        jun = ws.people.add(Person(name="Jun Li", company="Riverton"))
        idea = ws.new_interview(Interview(person=ana, company="Aritzia"),
                                on=dt.date(2026, 11, 20))
    return {"ana": ana, "jun": jun, "idea": idea}


async def _plan(app: CoffeeChatApp, pilot, slug: str) -> PlanScreen:
    app.open_interview(slug, "plan")
    await pilot.pause()
    assert isinstance(app.screen, PlanScreen)
    return app.screen


async def test_typing_a_date_schedules_the_chat_and_the_status_can_still_be_set(
    data_dir, fixed_clock, monkeypatch,
):
    slugs = _seed(data_dir)
    # Home reads the campaign again on every return, not only a second after it last did.
    monkeypatch.setattr("coffeechat.ui.screens.home.REFILL_AFTER", 0.0)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _plan(app, pilot, slugs["idea"])
        screen.query_one("#plan-when", Input).value = "2026-12-05 14:00"
        await pilot.pause()
        assert screen.query_one("#plan-status", Select).value == "scheduled"
        app.flush_edits()
        saved = _on_disk(data_dir, slugs["idea"])
        assert (saved["status"], saved["scheduled"]) == ("scheduled", "2026-12-05 14:00")
        screen.query_one("#plan-status", Select).value = "asked"
        await pilot.pause()
        app.flush_edits()
        assert _on_disk(data_dir, slugs["idea"])["status"] == "asked"
        await pilot.press("f1")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        upcoming = app.screen.query_one("#home-upcoming", OptionList)
        assert "Sat 05 Dec 14:00 · Ana Lima" in str(upcoming.get_option_at_index(0).prompt)


async def test_a_new_chat_is_written_once_something_is_entered(data_dir, fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f2")
        await workers_done(pilot)
        await pilot.pause()
        app.screen.query_one(ContactTable).select_slug(slugs["jun"])
        await pilot.press("ctrl+o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanScreen) and app.current_interview is None
        assert "new: saved once you enter something" in str(
            screen.query_one("#plan-title", Static).render())
        await pilot.press("f2", "ctrl+o")  # twice, as happened: still nothing on disk
        await pilot.pause()
        assert _chats(data_dir) == [slugs["idea"]]
        app.screen.query_one("#plan-intent", Input).value = "How procurement works"
        await pilot.pause()
        created = f"2026-11-25-{slugs['jun']}"
        assert app.current_interview == created
        app.flush_edits()
        assert _on_disk(data_dir, created)["intent"] == "How procurement works"
        await pilot.press("f2", "ctrl+o")  # now the open chat is opened again
        await pilot.pause()
        assert app.current_interview == created
    assert _chats(data_dir) == [slugs["idea"], created]


async def test_another_chat_with_the_same_person_is_asked_for_with_ctrl_n(data_dir,
                                                                         fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _plan(app, pilot, slugs["idea"])
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.current_interview is None and screen.record is not None
        assert screen.record.person == slugs["ana"]
        await pilot.press("space")  # tick the first goal: that is something entered
        await pilot.pause()
    assert _chats(data_dir) == [slugs["idea"], f"2026-11-25-{slugs['ana']}"]


async def test_deleting_a_chat_goes_to_the_trash_and_ctrl_z_brings_it_back(data_dir,
                                                                          fixed_clock):
    slugs = _seed(data_dir)
    original = (data_dir / "interviews" / f"{slugs['idea']}.yaml").read_bytes()
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _plan(app, pilot, slugs["idea"])
        await pilot.press("ctrl+d")
        prompt = app.screen
        assert isinstance(prompt, ConfirmModal)
        await until(pilot, lambda: on_screen(prompt.query_one(".dialog-hint")))
        await pilot.press("y")
        await pilot.pause()
        assert _chats(data_dir) == []
        assert list((data_dir / "trash" / "interviews").iterdir())
        assert app.screen.query_one("#plan-picker").display
        assert "^z Undo" in footer_keys(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.current_interview == slugs["idea"]
    assert (data_dir / "interviews" / f"{slugs['idea']}.yaml").read_bytes() == original


async def test_the_form_at_80x24(data_dir, fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _plan(app, pilot, slugs["idea"])
        goals = screen.query_one("#plan-goals", SelectionList)
        assert app.focused is goals
        # The first space ticks the highlighted goal, and a ticked box differs from an
        # empty one in its text, not only its colour.
        await pilot.press("space")
        lines = [goals.render_line(y).text for y in range(2)]
        assert lines[0].startswith("▐X▌") and lines[1].startswith("▐ ▌")
        app.flush_edits()
        assert _on_disk(data_dir, slugs["idea"])["goals"] == ["explore-role"]
        # One key to the question list and back.
        await pilot.press("alt+q")
        assert app.focused is screen.query_one("#plan-questions")
        await pilot.press("alt+q")
        assert app.focused is goals
        fmt = screen.query_one("#plan-format", Select)
        assert fmt.value is Select.NULL
        assert str(fmt.query_one("SelectCurrent #label", Static).render()) == "not set"
        when = screen.query_one("#plan-when", Input)
        when.value = "2026-12-03 10:00"
        when.focus()
        # Scrolled into view once the focus has moved (a frame or two later).
        await until(pilot, lambda: on_screen(when))
        assert when.content_region.width >= len(when.value) + 1
        keys = footer_keys(app)
        assert keys[:3] == ["^b Propose questions", "alt+q ⇄ Questions", "alt+l Outreach"]
        assert keys[-1] == "f12 Keys"
