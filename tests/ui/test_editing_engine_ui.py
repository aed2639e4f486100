"""The editing engine as the user meets it: refused writes, quitting with
unsaved text, one key to load the file, palette entries that do something."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping, present
from tests.ui.pilot_steps import until
from tests.ui.screen_checks import toasts
from textual.widgets import Input, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.storage import yaml_io
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.modals.referral_tree import ReferralTreeModal
from coffeechat.ui.modals.unsaved import UnsavedModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal
from coffeechat.ui.palette.navigation import AreaCommands
from coffeechat.ui.screens.live import LiveScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.screens.research import ResearchScreen

SIZE = (120, 40)


def full_disk(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every record write fails with ENOSPC until the returned flag is cleared."""
    from coffeechat.storage import folder_writes
    from coffeechat.storage.atomic import Staged

    real = Staged
    full = [True]

    def staged(path: Path, data: bytes, **kwargs: object) -> Staged:
        if full[0]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folder_writes, "Staged", staged)
    monkeypatch.setattr("coffeechat.ui.autosave.RETRY_DELAY", 0.2)
    return full


async def open_research(app: CoffeeChatApp, pilot, slug: str) -> TextArea:
    app.open_research("person", slug)
    await pilot.pause()
    assert isinstance(app.screen, ResearchScreen)
    return app.screen.query_one("#research-notes", TextArea)


def person_file(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "people" / f"{slug}.yaml").read_bytes()).data)


async def test_a_full_disk_keeps_the_text_says_so_and_retries(
    make_workspace, data_dir: Path, monkeypatch, fixed_clock,
):
    make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    full = full_disk(monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        notes = await open_research(app, pilot, "ana-lima")
        notes.insert("typed while the disk was full\n", notes.document.end)
        def state() -> str:
            return str(app.screen.query_one("#research-state", Static).render())

        await until(pilot, lambda: "retried" in state())
        assert "NOT SAVED" in state() and "(No space left on device)" in state()
        await until(pilot, lambda: any("No space left on device" in toast
                                       for toast in toasts(app)))
        assert "typed while" not in person_file(data_dir, "ana-lima")["notes"]
        full[0] = False
        await until(pilot, lambda: person_file(data_dir, "ana-lima")["notes"].endswith(
            "typed while the disk was full\n"))
        await until(pilot, lambda: "saved" in state())


async def test_quitting_with_unsaved_text_asks_and_can_write_copies(
    make_workspace, data_dir: Path, tmp_path: Path, monkeypatch, fixed_clock,
):
    make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    full_disk(monkeypatch)
    rescue = tmp_path / "rescued"
    async with app.run_test(size=SIZE) as pilot:
        notes = await open_research(app, pilot, "ana-lima")
        notes.insert("words that must survive\n", notes.document.end)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedModal)
        assert "Research notes" in str(app.screen.query_one("#unsaved-list", Static).render())
        await pilot.press("escape")  # keep editing: nothing is lost, the app stays
        await pilot.pause()
        assert isinstance(app.screen, ResearchScreen)
        assert notes.text.endswith("words that must survive\n")
        await pilot.press("ctrl+q")
        await pilot.pause()
        app.screen.query_one("#unsaved-folder", Input).value = str(rescue)
        await pilot.press("enter")
        await pilot.pause()
    copies = list(rescue.iterdir())
    assert len(copies) == 1 and copies[0].name.startswith("people-ana-lima-")
    copy = mapping(yaml_io.parse(copies[0].read_bytes()).data)
    assert copy["name"] == "Ana Lima" and copy["notes"].endswith("words that must survive\n")
    assert copies[0].stat().st_mode & 0o777 == 0o600


async def test_quitting_anyway_is_an_explicit_choice(
    make_workspace, data_dir: Path, monkeypatch, fixed_clock,
):
    make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    full_disk(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        notes = await open_research(app, pilot, "ana-lima")
        notes.insert("x", notes.document.end)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedModal)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


def test_one_key_loads_the_file_everywhere_and_it_never_stamps_the_time() -> None:
    for screen in (ResearchScreen, PlanScreen, LiveScreen):
        keys = {binding.key: binding for binding in screen.BINDINGS
                if not isinstance(binding, tuple | str)}
        assert keys["ctrl+r"].description == "Load file", screen
    live_keys = {binding.key: binding.action for binding in LiveScreen.BINDINGS
                 if not isinstance(binding, tuple | str)}
    assert live_keys["ctrl+l"] == "stamp"


@pytest.mark.slow
async def test_every_palette_command_does_what_it_says(data_dir: Path, fixed_clock):
    """A palette entry that names nothing would leave the screen as it was."""
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        provider = AreaCommands(app.screen)
        # What the palette lists before anything is typed.
        commands = {present(hit.text): hit.command async for hit in provider.discover()}
        expected = {
            "network: add person": PersonFormModal,
            "network: who can get me into…": WarmPathsModal,
            "network: referral tree": ReferralTreeModal,
            "targets: add a target employer…": TextPromptModal,
        }
        for text, modal in expected.items():
            commands[text]()
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, modal), text
            await pilot.press("escape")
            await pilot.pause()
        for text, command in commands.items():
            if text.endswith(": open"):
                command()
                await pilot.pause()
                assert isinstance(app.screen, AreaScreen)
                assert text.split(":")[0] in app.screen.AREA_TITLE.lower(), text


async def test_unwritten_notes_keep_their_record_open(
    make_workspace, data_dir: Path, monkeypatch, fixed_clock,
):
    make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    full = full_disk(monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        notes = await open_research(app, pilot, "ana-lima")
        notes.insert("only in memory\n", notes.document.end)
        app.open_research("person", "kai-mori")
        await pilot.pause()
        assert isinstance(app.screen, ResearchScreen)
        assert app.screen.slug == "ana-lima" and notes.text.endswith("only in memory\n")
        await until(pilot, lambda: any("stays open" in toast for toast in toasts(app)))
        full[0] = False
        app.open_research("person", "kai-mori")
        await pilot.pause()
        assert isinstance(app.screen, ResearchScreen)
        assert app.screen.slug == "kai-mori"
    assert person_file(data_dir, "ana-lima")["notes"].endswith("only in memory\n")
