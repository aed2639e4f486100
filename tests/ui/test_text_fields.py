"""One-line fields never lose what was typed: a focused field keeps its text, and
ctrl+z / ctrl+y undo and redo every edit, a slip of ctrl+u or ctrl+w included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.typed import mapping
from tests.ui.pilot_steps import until
from textual.actions import SkipAction
from textual.widgets import Input

from coffeechat.app import CoffeeChatApp
from coffeechat.storage import yaml_io
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.widgets.text_field import UNDO_STEPS, TextField

SIZE = (100, 30)


def _on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


async def _new_contact_name(app: CoffeeChatApp, pilot) -> TextField:
    """Open the new-contact form from Network; its name field, focused."""
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await until(pilot, lambda: isinstance(app.screen, PersonFormModal))
    name = app.screen.query_one("#field-name", TextField)
    await until(pilot, lambda: name.has_focus)
    return name


async def _typed_into_the_intent(app: CoffeeChatApp, pilot, slug: str, text: str) -> Input:
    """Open the chat's plan, and type ``text`` at the end of its intent."""
    app.open_interview(slug, "plan")
    await pilot.pause()
    intent = app.screen.query_one("#plan-intent", Input)
    intent.focus()
    await pilot.press(*text)
    return intent


async def test_keys_typed_into_a_field_reached_by_tab_add_to_its_value(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    saved = _on_disk(data_dir, slug)["intent"]
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_interview(slug, "plan")
        await pilot.pause()
        intent = app.screen.query_one("#plan-intent", Input)
        assert app.screen.query_one("#plan-goals").has_focus
        for _ in range(10):  # the intent is a few fields after the goals
            if intent.has_focus:
                break
            await pilot.press("tab")
        assert intent.has_focus
        await pilot.press(*" and why")
        await until(pilot, lambda: _on_disk(data_dir, slug).get("intent") == saved + " and why")


async def test_ctrl_z_undoes_each_edit_and_ctrl_y_redoes_it(data_dir: Path, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        name = await _new_contact_name(app, pilot)
        seen = []
        await pilot.press(*"Zoe Quinn")
        for key in ("ctrl+w", "ctrl+z", "ctrl+u", "ctrl+z", "ctrl+z", "ctrl+z", "ctrl+y",
                    "ctrl+y", "ctrl+y"):
            await pilot.press(key)
            seen.append(name.value)
        assert seen == [
            "Zoe ",  # ctrl+w cuts a word
            "Zoe Quinn",  # and ctrl+z brings it back
            "",  # ctrl+u cuts the line
            "Zoe Quinn",
            "Zoe ",  # then the word typed last
            "Zoe",  # then the space
            "Zoe ",
            "Zoe Quinn",
            "",
        ]
        assert name.cursor_position == 0
        await pilot.press("ctrl+z", *" Lee")
        assert name.value == "Zoe Quinn Lee"


async def test_an_edit_undone_in_plan_is_saved_and_then_ctrl_z_is_plan_s(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        saved = _on_disk(data_dir, slug)["intent"]
        intent = await _typed_into_the_intent(app, pilot, slug, " and why")
        await until(pilot, lambda: _on_disk(data_dir, slug)["intent"] == saved + " and why")
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z", "ctrl+z")
        assert intent.value == saved
        await until(pilot, lambda: _on_disk(data_dir, slug)["intent"] == saved)
        # Nothing typed is left to undo: the key is Plan's, which has nothing
        # dropped to bring back either, and says so.
        await pilot.press("ctrl+z")
        assert intent.value == saved


async def test_a_value_loaded_again_is_not_undone(make_workspace, data_dir: Path,
                                                  fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        intent = await _typed_into_the_intent(app, pilot, slug, " typed")
        app.flush_edits()
        path = data_dir / "interviews" / f"{slug}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(" typed", " written elsewhere"), encoding="utf-8")
        await app.check_disk()
        await until(pilot, lambda: intent.value.endswith(" written elsewhere"))
        assert intent.has_focus
        await pilot.press("ctrl+z")
        assert intent.value.endswith(" written elsewhere")


async def test_a_field_undoes_its_last_edits_and_keeps_no_more(data_dir: Path, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        name = await _new_contact_name(app, pilot)
        for _ in range(UNDO_STEPS + 5):  # each space typed is an edit of its own
            name.replace(" ", len(name.value), len(name.value))
        undone = 0
        while True:
            try:
                name.action_undo()
            except SkipAction:
                break
            undone += 1
        assert undone == UNDO_STEPS and name.value == " " * 5
