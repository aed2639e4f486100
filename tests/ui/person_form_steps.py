"""Steps through the person form (New contact, Edit contact), shared by its tests."""

from __future__ import annotations

from typing import Any

from tests.ui.pilot_steps import until
from textual.pilot import Pilot
from textual.widgets import Input, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.screens.network import NetworkScreen


async def open_form(app: CoffeeChatApp, pilot: Pilot[Any], key: str) -> PersonFormModal:
    """Network, once every folder is read, then ``key`` (ctrl+n, ctrl+e): the form."""
    await pilot.press("f2")
    assert isinstance(app.screen, NetworkScreen)
    await until(pilot, lambda: app.have_read_everything, 30)
    await pilot.pause()
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, PersonFormModal))
    assert isinstance(app.screen, PersonFormModal)
    return app.screen


async def typed(pilot: Pilot[Any], form: PersonFormModal, field: str, text: str) -> str:
    """Type ``text`` into ``field`` (emptied first); what the form then says."""
    form.query_one(f"#field-{field}", Input).value = text
    await pilot.pause()
    return str(form.query_one("#form-messages", Static).render())
