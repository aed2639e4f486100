"""Network at 80x24: typing filters, commands sit on keys that cannot be typed by
accident, a name already there is offered first, and ctrl+o opens an open chat."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.ui.pilot_steps import palette, rows_shown, until, workers_done
from tests.ui.screen_checks import SMALL, footer_keys, toasts
from textual.widgets import Input, OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.confirm import ConfirmModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable, column_widths
from coffeechat.ui.widgets.status_bar import StatusBar


def _seed(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        emma = ws.people.add(Person(name="Emma Singh", company="Ledgerline",
                                    title="Data Analyst"))
        ws.people.add(Person(name="Dev Patel", company="Ledgerline", title="Engineer"))
        ws.people.add(Person(name="Ada Lovelace", company="Engines"))
        chat = ws.new_interview(Interview(person=emma, status="asked"),
                                on=dt.date(2026, 11, 20))
    return {"emma": emma, "chat": chat}


async def _network(app: CoffeeChatApp, pilot) -> ContactTable:
    await pilot.press("f2")
    # The list is the index's; a file written behind its back shows once read.
    await until(pilot, lambda: app.have_read_everything, 30)
    await pilot.pause()
    return app.screen.query_one(ContactTable)


async def test_typing_a_word_filters_and_runs_nothing(data_dir):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        await pilot.press(*"ledger")  # once, "e" edited and "d" deleted
        await rows_shown(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one("#network-filter", Input).value == "ledger"
        assert [row.cells[0] for row in table.shown_rows()] == ["Dev Patel", "Emma Singh"]
        assert app.focused is table
        assert "2 of 3 contacts" in str(app.screen.query_one("#network-count", Static).render())
        await pilot.press("backspace", *"xx")
        assert app.screen.query_one("#network-filter", Input).value == "ledgexx"
        await pilot.press("escape")
        assert table.shown_count == 3
        assert len(list((data_dir / "people").iterdir())) == 3


async def test_the_footer_keeps_the_main_keys_at_80_columns(data_dir):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        keys = footer_keys(app)
        assert keys[:3] == ["^n New person", "^o Chat", "^e Edit"]
        assert keys[-1] == "? Keys"
        assert sum(len(key) + 2 for key in keys) <= 80 - 13


async def test_enter_on_a_name_already_there_opens_that_person(data_dir):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        await pilot.press("ctrl+n", *"emma  SINGH")
        choice = app.screen.query_one("#form-namesakes", OptionList)
        assert choice.display
        labels = [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]
        assert labels == ["→ Emma Singh · Data Analyst @ Ledgerline (emma-singh)",
                          "+ a new person named emma  SINGH"]
        await pilot.press("enter")
        assert isinstance(app.screen, NetworkScreen)
        assert table.cursor_slug == slugs["emma"]
    assert sorted(path.name for path in (data_dir / "people").iterdir()) == [
        "ada-lovelace.yaml", "dev-patel.yaml", "emma-singh.yaml"]


async def test_a_second_person_with_the_name_is_an_explicit_choice(data_dir):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press("ctrl+n", *"Emma Singh", "tab", "down", "enter")
        assert isinstance(app.screen, NetworkScreen)
    assert (data_dir / "people" / "emma-singh-2.yaml").exists()


async def test_editing_keeps_a_plain_warning_for_a_shared_name(data_dir):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press("ctrl+e")
        form = app.screen
        assert isinstance(form, PersonFormModal)
        form.query_one("#field-name", Input).value = "Emma Singh"
        await pilot.pause()
        assert not form.query_one("#form-namesakes").display
        assert "also the name of emma-singh" in str(form.query_one("#form-messages").render())


async def test_ctrl_o_opens_the_open_chat_instead_of_making_another(data_dir, fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        table.select_slug(slugs["emma"])
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert (app.current_mode, app.current_interview) == ("plan", slugs["chat"])
        await pilot.press("f2")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.current_interview == slugs["chat"]
    assert [path.name for path in (data_dir / "interviews").iterdir()] == [
        f"{slugs['chat']}.yaml"]


async def test_the_palette_finds_an_employer_without_a_company_record(data_dir):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await palette(pilot, app, "ledgerline")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one("#network-filter", Input).value == "Ledgerline"
        await rows_shown(pilot)
        table = app.screen.query_one(ContactTable)
        assert [row.cells[0] for row in table.shown_rows()] == ["Dev Patel", "Emma Singh"]


def test_columns_use_the_width_and_drop_from_the_right_when_narrow():
    natural = [22, 32, 30, 45, 70]
    wide = column_widths(190, natural)
    assert wide[:3] == [22, 32, 30] and wide[4] >= 50 and sum(wide) + 5 <= 190
    narrow = column_widths(46, natural)
    assert narrow[3:] == [0, 0] and all(narrow[:3]) and sum(narrow) + 3 <= 46


async def test_f3_f4_f5_open_the_person_highlighted_on_network(data_dir, fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        assert table.select_slug(slugs["emma"])
        await pilot.press("f3")
        await until(pilot, lambda: app.current_mode == "research")
        title = str(app.screen.query_one("#research-title", Static).render())
        assert "Emma Singh" in title
        assert not app.screen.query_one("#research-empty").display
        await pilot.press("f2")
        await until(pilot, lambda: app.current_mode == "network")
        await pilot.press("f4")
        await until(pilot, lambda: app.current_mode == "plan")
        assert app.current_interview == slugs["chat"]
        await pilot.press("f2")
        await until(pilot, lambda: app.current_mode == "network")
        await pilot.press("f5")
        await until(pilot, lambda: app.current_mode == "live")
        assert app.current_interview == slugs["chat"]


async def test_targets_open_on_f9_and_a_pasted_newline_opens_nothing(data_dir, fixed_clock):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press("ctrl+j")
        await pilot.pause()
        assert app.current_mode == "network"
        await pilot.press("f9")
        await until(pilot, lambda: app.current_mode == "targets")
        assert "F9 Tgt" in str(app.screen.query_one(StatusBar).render())
        assert "F11 Find" in str(app.screen.query_one(StatusBar).render())


async def test_keys_are_remapped_by_id_in_settings(data_dir, fixed_clock):
    _seed(data_dir)
    (data_dir / "settings.yaml").write_text(
        "keys:\n  goto.targets: f10\n  network.nothing: ctrl+x\n", encoding="utf-8")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await until(pilot, lambda: any("network.nothing" in toast for toast in toasts(app)))
        await _network(app, pilot)
        await pilot.press("f10")
        await until(pilot, lambda: app.current_mode == "targets")


async def test_ctrl_n_after_a_filter_that_finds_nobody_takes_it_as_the_name(data_dir, fixed_clock):
    _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _network(app, pilot)
        await pilot.press(*"Gwen Stacy")
        await rows_shown(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, PersonFormModal))
        assert app.screen.query_one("#field-name", Input).value == "Gwen Stacy"


async def test_a_delete_says_which_person_by_company_and_title(data_dir, fixed_clock):
    slugs = _seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        assert table.select_slug(slugs["emma"])
        await pilot.press("delete")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        shown = " ".join(str(static.render()) for static in app.screen.query(Static))
        assert "Delete Emma Singh (Ledgerline, Data Analyst)?" in shown


async def test_read_only_says_why_ctrl_n_is_refused_and_shows_one_help_key(data_dir,
                                                                           fixed_clock):
    _seed(data_dir)
    with Workspace.open(data_dir):  # another coffeechat holds the data directory
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(200, 50), notifications=True) as pilot:
            await _network(app, pilot)
            await pilot.press("ctrl+n")
            await until(pilot, lambda: any("New person: refused. READ-ONLY" in toast
                                           for toast in toasts(app)))
            assert not isinstance(app.screen, PersonFormModal)
            app.screen.query_one("#network-filter").focus()
            await pilot.pause()
            keys = footer_keys(app)
            assert keys[-1] == "f12 Keys" and "? Keys" not in keys


async def test_a_name_cut_at_80_columns_ends_in_an_ellipsis(data_dir, fixed_clock):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Aisha Sørensen-Lindqvist", company="Ledgerline"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        table = await _network(app, pilot)
        line = table.render_line(1).text
        assert line.startswith(" Aisha Sørens") and "…" in line.split("Ledger")[0]
