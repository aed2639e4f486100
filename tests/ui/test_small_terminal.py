"""At 80x24 every modal shows its keys and buttons, and every screen its main keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ui.pilot_steps import everything_read, palette, until, workers_done
from tests.ui.screen_checks import SMALL, footer_keys, on_screen
from textual.widgets import Button

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.confirm import ConfirmModal
from coffeechat.ui.modals.help import HelpModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.modals.transfer_export import ExportDialog
from coffeechat.ui.modals.transfer_import import ImportDialog
from coffeechat.ui.modals.unsaved import UnsavedModal
from coffeechat.ui.widgets.status_bar import StatusBar, area_line

# The footer's key widgets, by CSS type name (Textual does not export the class).
FOOTER_KEY = "FooterKey"


def _people(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Emma Singh", company="Ledgerline", title="Data Analyst"))
        ws.people.add(Person(name="Hannah Palmer", company="Ledgerline"))


async def _network(app: CoffeeChatApp, pilot) -> None:
    await pilot.press("f2")
    await workers_done(pilot)
    await pilot.pause()


async def test_add_contact_shows_every_field_and_its_save_button(data_dir):
    _people(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        assert isinstance(form, PersonFormModal)
        for selector in ("#person-form-title", "#field-name", "#field-linkedin",
                         "#form-messages", "#form-save", "#form-cancel"):
            assert on_screen(form.query_one(selector)), selector
        await pilot.press(*"Emma Singh")
        # The offer of the Emma Singh already known is laid out, and still fits.
        await until(pilot, lambda: on_screen(form.query_one("#form-namesakes")))
        for selector in ("#form-save", "#field-linkedin"):
            assert on_screen(form.query_one(selector)), selector


async def test_the_delete_prompt_says_y(data_dir):
    _people(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press("delete")
        prompt = app.screen
        assert isinstance(prompt, ConfirmModal)
        hint = prompt.query_one(".dialog-hint")
        assert on_screen(hint) and str(hint.render()).startswith("y: delete")
        assert on_screen(prompt.query_one("#confirm-yes"))
        assert "(y)" in str(prompt.query_one("#confirm-yes", Button).label)


@pytest.mark.parametrize("screen", [
    lambda: ChoiceModal("Snooze for how long?", [(str(n), f"{n} days") for n in range(8)]),
    lambda: TextPromptModal("Your name", "e.g. Ana Lima", draft_key="your-name"),
    lambda: UnsavedModal(["The plan", "Live notes"]),
    lambda: ImportDialog("linkedin"),
    lambda: ExportDialog("people-csv"),
    lambda: ExportDialog("markdown"),
])
async def test_small_modals_fit(data_dir, screen):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        app.push_screen(screen())
        await pilot.pause()
        shown = [widget for widget in app.screen.query("Button, .form-hint, .form-title, "
                                                      "#transfer-title, Input, OptionList")
                 if widget.display]
        assert shown and all(on_screen(widget) for widget in shown)


async def test_help_lists_the_screen_and_closes_on_escape_from_the_palette(data_dir):
    _people(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await palette(pilot, app, "keys")
        assert isinstance(app.screen, HelpModal)
        assert app.screen.title_text == "Network"
        rows = {item.name: item.key for item in app.screen.keys}
        assert rows["Delete"] == "del, ^d" and rows["New person"] == "^n"
        assert on_screen(app.screen.query_one(".dialog-hint"))
        await pilot.press("escape")
        assert app.current_mode == "network" and not isinstance(app.screen, HelpModal)


async def test_f12_opens_the_keys_from_inside_a_text_field(data_dir):
    _people(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        app.screen.query_one("#network-filter").focus()
        await pilot.pause()
        assert footer_keys(app)[-1] == "f12 Keys"
        await pilot.press("f12")
        assert isinstance(app.screen, HelpModal)


async def test_the_footer_is_rebuilt_only_when_its_keys_change(data_dir):
    _people(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        shown = list(app.screen.query(FOOTER_KEY))
        app.screen.refresh_bindings()  # as a save or a focus change asks
        await pilot.pause()
        assert list(app.screen.query(FOOTER_KEY)) == shown  # the same widgets, untouched
        app.screen.query_one("#network-filter").focus()  # typing: F12 is the help key
        await until(pilot, lambda: list(app.screen.query(FOOTER_KEY)) != shown)
        assert footer_keys(app)[-1] == "f12 Keys"
        # Resizing rebuilds them only if it changes which keys fit.
        await pilot.resize_terminal(200, SMALL[1])
        await pilot.pause()
        shown = list(app.screen.query(FOOTER_KEY))
        await pilot.resize_terminal(220, SMALL[1])
        await pilot.pause()
        assert list(app.screen.query(FOOTER_KEY)) == shown
        await pilot.resize_terminal(40, SMALL[1])
        await until(pilot, lambda: len(app.screen.query(FOOTER_KEY)) < len(shown))


def test_the_area_line_names_every_area_and_f8_at_any_width():
    for width in (200, 120, 78):
        line = area_line("Network", (2, 1), width).plain
        assert len(line) <= width
        assert all(f"F{n}" in line for n in range(1, 9)), (width, line)
    assert area_line("Home", (0, 0), 200).plain == (
        "F1 Home  F2 Network  F3 Research  F4 Plan  F5 Live  F6 Follow-ups  F7 Banks  "
        "F9 Targets  F11 Search  F8 Problems")
    assert "F9 Tgt F11 Find" in area_line("Home", (2, 1), 78).plain
    assert area_line("Home", (2, 1), 78).plain.endswith("F8 3")
    assert area_line("Home", (0, 0), 40).plain.startswith("F1 F2 F3")


async def test_the_area_line_fits_at_80_and_shows_the_problems(data_dir):
    _people(data_dir)
    (data_dir / "people" / "broken.yaml").write_text("name: [oops\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await everything_read(pilot)
        bar = app.screen.query_one(StatusBar)
        text = str(bar.render())
        assert "F7 Banks" in text and "F11 Find" in text and text.rstrip().endswith("F8 2")
        assert on_screen(bar)


async def test_the_read_only_note_is_read_whole_at_80_columns(data_dir):
    _people(data_dir)
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            bar = app.screen.query_one(StatusBar)
            text = str(bar.render())
            assert "READ-ONLY" in text and "changes here cannot be saved" in text
            assert "F7 Banks" in text and "F8" in text
            assert on_screen(bar) and bar.region.height >= 2
