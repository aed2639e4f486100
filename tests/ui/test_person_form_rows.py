"""New contact and Edit contact check what is typed against the index's rows,
a name or a slug at a time: namesakes (the people whose files cannot be read
too), a name shared on edit, and the links' people, with no folder read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ui.person_form_steps import open_form, typed
from tests.ui.pilot_steps import until
from tests.ui.screen_checks import SMALL
from textual.widgets import Input, OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.widgets.contact_table import ContactTable

# Aiko's file, broken by a bracket never closed.
BROKEN = b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore College\n"


def campaign(data_dir: Path) -> None:
    """Two Ana Limas, Kim Park, Kim Pak and Aiko (whose file is then broken)."""
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer"))
        ws.people.add(Person(name="Ana Lima", company="Telus"))
        ws.people.add(Person(name="Kim Park", company="Shopify"))
        ws.people.add(Person(name="Kim Pak"))
        ws.people.add(Person(name="Aiko Inoue"))
        ws.sync()
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(BROKEN)


def forbid_folder_reads(app: CoffeeChatApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form asks the rows: reading every person (or every unreadable one)
    fails the test."""
    def every_person() -> Iterator[tuple[str, Person]]:
        raise AssertionError("the form read every person")

    monkeypatch.setattr(app.workspace.people, "items", every_person)
    monkeypatch.setattr(app.workspace.people, "unreadable", every_person)


def offered(form: PersonFormModal) -> list[str]:
    choice = form.query_one("#form-namesakes", OptionList)
    if not choice.display:
        return []
    return [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]


async def test_new_contact_offers_namesakes_readable_or_not(data_dir, fixed_clock, monkeypatch):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        forbid_folder_reads(app, monkeypatch)
        form = await open_form(app, pilot, "ctrl+n")
        said = await typed(pilot, form, "name", "  ANA   lima ")
        assert said == "Already in your network: enter opens the one chosen above."
        assert offered(form) == ["→ Ana Lima · Buyer @ Aritzia (ana-lima)",
                                 "→ Ana Lima · Telus (ana-lima-2)",
                                 "+ a new person named ANA   lima"]
        await typed(pilot, form, "name", "Aiko Inoue")
        assert offered(form) == ["→ Aiko Inoue · file cannot be read (aiko-inoue)",
                                 "+ a new person named Aiko Inoue"]
        assert await typed(pilot, form, "name", "Kim") == "Ready to save (ctrl+s)."
        assert offered(form) == []


async def test_edit_says_who_else_has_the_name(data_dir, fixed_clock, monkeypatch):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        forbid_folder_reads(app, monkeypatch)
        await pilot.press("f2")
        await until(pilot, lambda: app.screen.query_one(ContactTable).cursor_slug == "aiko-inoue")
        await pilot.press("down")  # Ana Lima (Aritzia)
        await until(pilot, lambda: app.screen.query_one(ContactTable).cursor_slug == "ana-lima")
        form = await open_form(app, pilot, "ctrl+e")
        said = str(form.query_one("#form-messages", Static).render())
        assert said == "! Name: 'Ana Lima' is also the name of ana-lima-2."
        assert offered(form) == []  # an edit is not offered someone else
        assert await typed(pilot, form, "name", "Aiko Inoue") == (
            "! Name: 'Aiko Inoue' is also the name of aiko-inoue.")
        assert await typed(pilot, form, "name", "Ana Lima-Souza") == "Ready to save (ctrl+s)."


async def test_links_name_one_readable_person_or_say_who_was_meant(data_dir, fixed_clock,
                                                                   monkeypatch):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        forbid_folder_reads(app, monkeypatch)
        form = await open_form(app, pilot, "ctrl+n")
        await typed(pilot, form, "name", "Dee")
        assert await typed(pilot, form, "introduced_by", "kim-parc") == (
            "✗ Introduced by: nobody called 'kim-parc' — did you mean 'kim-park'?")
        assert await typed(pilot, form, "introduced_by", "Kim") == (
            "✗ Introduced by: nobody called 'Kim' — did you mean 'kim-pak'?")
        # A person whose file cannot be read is no one to link to, by name or slug.
        assert await typed(pilot, form, "introduced_by", "aiko-inoue") == (
            "✗ Introduced by: nobody called 'aiko-inoue'.")
        assert await typed(pilot, form, "introduced_by", "ana lima") == (
            "✗ Introduced by: 'ana lima' could be any of ana-lima (Buyer @ Aritzia), "
            "ana-lima-2 (Telus); type the slug of the one you mean.")
        await typed(pilot, form, "introduced_by", "ana-lima-2")
        assert await typed(pilot, form, "knows", "kim park, kim-pak, zed") == (
            "✗ Knows: nobody called 'zed'.")
        assert await typed(pilot, form, "knows", "kim park, KIM PAK") == "Ready to save (ctrl+s)."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen))
    with Workspace.open(data_dir) as ws:
        dee = ws.people.get("dee")
        assert dee is not None
        assert (dee.introduced_by, dee.knows) == ("ana-lima-2", ["kim-park", "kim-pak"])


async def test_edit_shows_linked_people_by_name_where_typing_it_back_names_them(
        data_dir, fixed_clock, monkeypatch):
    campaign(data_dir)
    with Workspace.open(data_dir) as ws:
        named_as_a_slug = ws.people.add(Person(name="kim-pak"))
        with_a_comma = ws.people.add(Person(name="Lee, Ann"))
        ws.people.add(Person(name="Dee", introduced_by="kim-park",
                             knows=["ana-lima", "kim-pak", named_as_a_slug, with_a_comma]))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        forbid_folder_reads(app, monkeypatch)
        await pilot.press("f2", *"dee")
        await until(pilot, lambda: app.screen.query_one(ContactTable).cursor_slug == "dee")
        form = await open_form(app, pilot, "ctrl+e")
        # A namesake, someone else's slug or a comma would name another person, or
        # two: those stay slugs.
        assert form.query_one("#field-introduced_by", Input).value == "Kim Park"
        assert form.query_one("#field-knows", Input).value == (
            f"ana-lima, Kim Pak, {named_as_a_slug}, {with_a_comma}")
        # A slug that stands for one of two Ana Limas says which one it is.
        assert str(form.query_one("#form-messages", Static).render()) == (
            "· Knows ana-lima: Buyer @ Aritzia; 2 are called Ana Lima\n"
            "Ready to save (ctrl+s).")
        await typed(pilot, form, "title", "Designer")
        assert await typed(pilot, form, "knows", f"ana-lima-2, Kim Pak, {with_a_comma}") == (
            "· Knows ana-lima-2: Telus; 2 are called Ana Lima\nReady to save (ctrl+s).")
        assert await typed(pilot, form, "knows", f"Kim Pak, {with_a_comma}") == (
            "Ready to save (ctrl+s).")
        await typed(pilot, form, "knows", f"ana-lima, Kim Pak, {with_a_comma}")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen))
    with Workspace.open(data_dir) as ws:
        dee = ws.people.get("dee")
        assert dee is not None
        assert (dee.title, dee.introduced_by, dee.knows) == (
            "Designer", "kim-park", ["ana-lima", "kim-pak", with_a_comma])


async def test_ctrl_n_names_the_new_contact_after_a_filter_that_found_nobody(data_dir,
                                                                             fixed_clock):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f2")
        await until(pilot, lambda: app.have_read_everything, 30)
        table = app.screen.query_one(ContactTable)
        for text, name in (("zed nobody", "zed nobody"), ("kim pa", ""), ("shopify", "shopify"),
                           ("  ANA ", "")):
            app.screen.query_one("#network-filter", Input).value = text
            await until(pilot, lambda: not table.pending and table.filtered_ids() is not None)
            await pilot.press("ctrl+n")
            await until(pilot, lambda: isinstance(app.screen, PersonFormModal))
            assert app.screen.query_one("#field-name", Input).value == name, text
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, NetworkScreen))
