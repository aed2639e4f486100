"""The person form saving over a file written by hand: the diff is the field typed."""

from __future__ import annotations

from tests.ui.pilot_steps import until
from tests.unit.test_hand_edits import EXAMPLE, diff, hand_written
from textual.widgets import Input

from coffeechat.app import CoffeeChatApp
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable


async def test_edit_form_changes_only_the_typed_field_of_a_hand_written_file(data_dir):
    path = hand_written(data_dir, EXAMPLE, slug="ana-perez")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, NetworkScreen)
        # The list is the index's; a file written behind its back shows once read.
        await until(pilot, lambda: app.have_read_everything, 30)
        await pilot.pause()
        table = app.screen.query_one(ContactTable)
        assert [row.cells[0] for row in table.shown_rows()] == ["Ana Pérez"]
        await pilot.press("ctrl+e")
        form = app.screen
        assert isinstance(form, PersonFormModal)
        assert form.query_one("#field-tags", Input).value == "warm, pricing"
        assert form.query_one("#field-email", Input).value == ""
        form.query_one("#field-email", Input).value = "ana@figma.com"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
    assert diff(EXAMPLE, path.read_text(encoding="utf-8")) == [
        "-  email:", "+  email: ana@figma.com"]
