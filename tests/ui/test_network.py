"""Network: the contact list, the person form, delete/restore, paths and the tree."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.typed import mapping
from tests.ui.held_calls import HeldCalls
from tests.ui.pilot_steps import rows_shown, until, workers_done
from textual.widgets import Input, OptionList, Static, Tree

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, Person, Referral
from coffeechat.core.network import Network
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.collection import Collection
from coffeechat.ui.modals.confirm import ConfirmModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.modals.referral_tree import ReferralTreeModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.widgets.contact_table import ContactTable

SIZE = (120, 40)
ODD_NAMES = ["No", "null", "1:20", "../../etc", "🙂 Smiley", "نور صالح"]


def seed(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer",
                                   tags=["retail"], notes="Loves *merchandising*."))
        kim = ws.people.add(Person(name="Kim Park", company="Telus", title="Analyst",
                                   knows=[ana]))
        lee = ws.people.add(Person(name="Lee Chan", company="Shopify",
                                   title="Product Manager", introduced_by=kim))
        ws.new_interview(Interview(person=kim, status="done",
                                   referrals=[Referral(person=lee)]))
    return {"ana": ana, "kim": kim, "lee": lee}


def on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "people" / f"{slug}.yaml").read_bytes()).data)


async def open_network(app: CoffeeChatApp, pilot) -> ContactTable:
    await pilot.press("f2")
    assert isinstance(app.screen, NetworkScreen)
    # The list is the index's; a file written behind its back shows once read.
    await until(pilot, lambda: app.have_read_everything, 30)
    await pilot.pause()
    return app.screen.query_one(ContactTable)


async def test_filter_narrows_and_sort_reorders(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        assert [row.cells[0] for row in table.shown_rows()] == ["Ana Lima", "Kim Park",
                                                                  "Lee Chan"]
        app.screen.query_one("#network-filter", Input).value = "merchandis"
        await rows_shown(pilot)
        assert [row.slug for row in table.shown_rows()] == ["ana-lima"]
        assert "1 of 3 contacts" in str(app.screen.query_one("#network-count", Static).render())
        app.screen.query_one("#network-filter", Input).value = "product shopify"
        await rows_shown(pilot)
        assert [row.slug for row in table.shown_rows()] == ["lee-chan"]
        app.screen.query_one("#network-filter", Input).value = ""
        await rows_shown(pilot)
        table.focus()
        await pilot.press("alt+o")  # by company
        assert [row.cells[1] for row in table.shown_rows()] == ["Aritzia", "Shopify", "Telus"]
        await pilot.press("alt+v")
        assert [row.cells[1] for row in table.shown_rows()] == ["Telus", "Shopify", "Aritzia"]


async def test_detail_pane_shows_notes_and_interviews(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        await pilot.press("down")
        assert table.cursor_slug == "kim-park"
        head = app.screen.query_one("#detail-head", Static)
        # The detail pane follows the cursor once it rests.
        await until(pilot, lambda: "Kim Park" in str(head.render())
                    and "Knows: Ana Lima" in str(head.render()))
        chats = str(app.screen.query_one("#detail-interviews", Static).render())
        assert "done" in chats


async def test_add_person_validates_as_you_type_and_writes_yaml(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        assert isinstance(form, PersonFormModal)
        messages = form.query_one("#form-messages", Static)
        assert "name is required" in str(messages.render())
        form.query_one("#field-name", Input).value = "ana lima"
        await pilot.pause()
        assert "Already in your network" in str(messages.render())
        form.query_one("#field-introduced_by", Input).value = "kim-prak"
        await pilot.pause()
        assert "nobody called 'kim-prak'" in str(messages.render())
        assert "kim-park" in str(messages.render())
        form.query_one("#field-introduced_by", Input).value = "Kim Park"
        form.query_one("#field-name", Input).value = "No"
        form.query_one("#field-tags", Input).value = "null, 1:20"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one(ContactTable).cursor_slug == "no"
    data = on_disk(data_dir, "no")
    assert data["name"] == "No"
    assert data["introduced_by"] == slugs["kim"]
    assert data["tags"] == ["null", "1:20"]


async def test_an_ambiguous_name_in_the_form_is_an_error_naming_both(data_dir):
    slugs = seed(data_dir)
    with Workspace.open(data_dir) as ws:
        other_ana = ws.people.add(Person(name="ana lima", company="Telus"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+n")
        form = app.screen
        form.query_one("#field-name", Input).value = "Dee"
        form.query_one("#field-introduced_by", Input).value = "Ana Lima"
        form.query_one("#field-knows", Input).value = "Kim Park, ANA LIMA"
        await pilot.pause()
        messages = str(form.query_one("#form-messages", Static).render())
        assert "Introduced by: 'Ana Lima' could be any of" in messages
        assert (f"Knows: 'ANA LIMA' could be any of {slugs['ana']} (Buyer @ Aritzia), "
                f"{other_ana} (Telus); type the slug" in messages)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonFormModal)
        assert not (data_dir / "people" / "dee.yaml").exists()
        form.query_one("#field-introduced_by", Input).value = slugs["ana"]
        form.query_one("#field-knows", Input).value = f"Kim Park, {other_ana}"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NetworkScreen)
    dee = on_disk(data_dir, "dee")
    assert (dee["introduced_by"], dee["knows"]) == (slugs["ana"], [slugs["kim"], other_ana])


async def test_odd_names_are_just_names(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        for name in ODD_NAMES:
            await pilot.press("ctrl+n")
            app.screen.query_one("#field-name", Input).value = name
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, NetworkScreen)
    with Workspace.open(data_dir) as ws:
        names = {person.name for _, person in ws.people.items()}
        assert set(ODD_NAMES) <= names
        for entry in ws.people.entries.values():
            assert entry.path.parent == data_dir / "people"


async def test_edit_keeps_fields_not_shown(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+e")
        form = app.screen
        assert isinstance(form, PersonFormModal)
        assert form.query_one("#field-name", Input).value == "Ana Lima"
        form.query_one("#field-title", Input).value = "Head Buyer"
        await pilot.press("ctrl+s")
    data = on_disk(data_dir, slugs["ana"])
    assert data["title"] == "Head Buyer"
    assert data["notes"] == "Loves *merchandising*."
    assert data["tags"] == ["retail"]


async def _edit_during_outside_change(app, pilot, data_dir, slug, outside: str, title: str):
    await open_network(app, pilot)
    await pilot.press("ctrl+e")
    path = data_dir / "people" / f"{slug}.yaml"
    path.write_text(path.read_text().replace("Loves *merchandising*.", outside))
    await app.check_disk()  # the periodic check picks the outside edit up
    app.screen.query_one("#field-title", Input).value = title
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_edit_while_another_program_changes_other_fields_keeps_both(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_during_outside_change(app, pilot, data_dir, slugs["ana"],
                                          "Notes from my editor.", "Head Buyer")
    data = on_disk(data_dir, slugs["ana"])
    assert (data["title"], data["notes"]) == ("Head Buyer", "Notes from my editor.")


async def test_edit_clashing_with_another_program_saves_nothing(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        path = data_dir / "people" / f"{slugs['ana']}.yaml"
        await open_network(app, pilot)
        await pilot.press("ctrl+e")
        path.write_text(path.read_text().replace("Buyer", "Chief Buyer"))
        await app.check_disk()
        app.screen.query_one("#field-title", Input).value = "Head Buyer"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert on_disk(data_dir, slugs["ana"])["title"] == "Chief Buyer"
    [kept] = (data_dir / "conflicts" / "people").iterdir()
    assert mapping(yaml_io.parse(kept.read_bytes()).data)["title"] == "Head Buyer"


async def test_delete_moves_to_trash_and_restore_brings_back(data_dir):
    slugs = seed(data_dir)
    path = data_dir / "people" / f"{slugs['ana']}.yaml"
    original = path.read_bytes()
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        assert not path.exists()
        assert list((data_dir / "trash" / "people").iterdir())
        assert "ana-lima" not in [row.slug for row in table.shown_rows()]
        await pilot.press("ctrl+z")
        assert path.read_bytes() == original
        assert table.cursor_slug == "ana-lima"


async def test_new_interview_opens_plan(data_dir, fixed_clock):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen) and app.screen.slug is None
        assert app.screen.record is not None and app.screen.record.person == slugs["ana"]
        assert not (data_dir / "interviews" / f"2026-11-25-{slugs['ana']}.yaml").exists()
        app.screen.query_one("#plan-intent", Input).value = "How buying works"
        await pilot.pause()
        assert app.current_interview == f"2026-11-25-{slugs['ana']}"
    data = mapping(yaml_io.parse(
        (data_dir / "interviews" / f"2026-11-25-{slugs['ana']}.yaml").read_bytes()).data)
    assert data["person"] == slugs["ana"] and data["company"] == "Aritzia"


async def test_warm_paths_modal_finds_chains_and_jumps(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        await pilot.press("ctrl+w")
        modal = app.screen
        assert isinstance(modal, WarmPathsModal)
        modal.search("product manager")
        options = modal.query_one(OptionList)
        await until(pilot, lambda: options.option_count > 0)
        labels = [str(options.get_option_at_index(i).prompt)
                  for i in range(options.option_count)
                  if options.get_option_at_index(i).id]
        # Who is there, with their role, then the chains to them.
        assert labels[0] == "● Lee Chan — Product Manager @ Shopify"
        assert "Kim Park → Lee Chan  (Product Manager @ Shopify)" in labels
        modal.action_focus_results()
        options.highlighted = next(
            i for i in range(options.option_count)
            if str(options.get_option_at_index(i).prompt).startswith("Kim Park → Lee Chan"))
        await pilot.press("enter")
        assert isinstance(app.screen, NetworkScreen)
        assert table.cursor_slug == "kim-park"



async def test_queries_typed_while_a_walk_runs_make_one_walk_of_the_newest(data_dir,
                                                                         monkeypatch):
    """Keys typed while a query is walked (a broad one takes a good part of a
    second at 30,000 people) do not start walks beside it: the newest query
    is walked once it is done, and its results are the ones shown."""
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_network(app, pilot)
        await pilot.press("ctrl+w")
        modal = app.screen
        assert isinstance(modal, WarmPathsModal)
        await workers_done(pilot)
        held = HeldCalls(monkeypatch, Network, "warm_paths")
        try:
            for query in ("s", "sh", "sho", "shop", "shopify"):
                modal.search(query)
                await pilot.pause()
        finally:
            held.release()
        options = modal.query_one(OptionList)
        await until(pilot, lambda: "● Lee Chan — Product Manager @ Shopify" in [
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)])
        await workers_done(pilot)
        assert held.most == 1
        assert held.calls <= 2


async def test_referral_tree_shows_counts_and_selects(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        await pilot.press("alt+t")
        modal = app.screen
        assert isinstance(modal, ReferralTreeModal)
        tree = modal.query_one(Tree)
        [root] = tree.root.children
        assert str(root.label) == "Kim Park — 1 conversation, 1 name"
        await pilot.press("space")
        assert [str(child.label) for child in root.children] == [
            "Lee Chan — 0 conversations, 0 names"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, NetworkScreen)
        assert table.cursor_slug == "lee-chan"


async def test_broken_file_does_not_stop_the_list(data_dir):
    seed(data_dir)
    (data_dir / "people" / "broken.yaml").write_bytes(b"name: \xff\xfe[\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        # Kept in its place, marked, named by its file (its text names nobody).
        assert table.total == 4
        [broken] = [row for row in table.shown_rows() if row.unreadable]
        assert broken.slug == "broken" and broken.cells[:2] == ("broken.yaml", "unreadable")


async def test_the_filter_folds_letters_that_do_not_decompose(data_dir):
    with Workspace.open(data_dir) as ws:
        for name in ("Jun Li", "Aisha Sørensen", "Mats K. Løvås", "Jérôme Roy"):
            ws.people.add(Person(name=name))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        assert [row.cells[0] for row in table.shown_rows()] == [
            "Aisha Sørensen", "Jérôme Roy", "Jun Li", "Mats K. Løvås"]
        filter_box = app.screen.query_one("#network-filter", Input)
        for query, slug in (("sorensen", "aisha-sorensen"), ("lovas", "mats-k-lovas"),
                            ("jerome", "jerome-roy")):
            filter_box.value = query
            await rows_shown(pilot)
            assert [row.slug for row in table.shown_rows()] == [slug]


async def test_network_lists_from_the_index_before_the_folder_is_read(data_dir, monkeypatch):
    """The list shows as the index has it while the people folder is still being
    read (a slow disk); what the reading finds (a file written meanwhile by
    another program) comes in once it is done."""
    seed(data_dir)
    (data_dir / "people" / "newcomer.yaml").write_text("name: Nia Newcomer\n")
    held = threading.Event()
    refresh = Collection.refresh

    def slow_refresh(self: Collection[Any], *args: Any, **kwargs: Any) -> set[str]:
        if self.folder == "people":
            held.wait(10)
        return refresh(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "refresh", slow_refresh)
    app = CoffeeChatApp(data_dir)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f2")
            assert isinstance(app.screen, NetworkScreen)
            table = app.screen.query_one(ContactTable)
            count = app.screen.query_one("#network-count", Static)
            await until(pilot, lambda: "3 contacts" in str(count.render()))
            assert [row.cells[0] for row in table.shown_rows()] == ["Ana Lima", "Kim Park",
                                                                    "Lee Chan"]
            await pilot.press("down")
            await until(pilot, lambda: "Kim Park" in str(
                app.screen.query_one("#detail-head", Static).render()))
            held.set()
            await until(pilot, lambda: "4 contacts" in str(count.render()))
            assert table.cursor_slug == "kim-park"
            assert "Nia Newcomer" in [row.cells[0] for row in table.shown_rows()]
    finally:
        held.set()


async def test_the_filter_and_sort_are_the_index_s_at_any_scroll(data_dir):
    """Filter, sort and reverse over more people than a window holds: the rows
    shown far down the list are the right ones, in order."""
    with Workspace.open(data_dir) as ws:
        for number in range(450):
            ws.people.add(Person(name=f"Person {number:03}", company=f"Co {number % 7}",
                                 notes="pilot" if number % 3 == 0 else ""))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_network(app, pilot)
        await pilot.press("end")
        assert table.cursor_slug == "person-449"
        await pilot.press(*"pilot")
        await rows_shown(pilot)
        count = str(app.screen.query_one("#network-count", Static).render())
        assert "150 of 450 contacts" in count
        assert table.cursor_slug is not None
        await pilot.press("home", "alt+v")
        await rows_shown(pilot)
        await pilot.press("end")
        assert table.cursor_slug == "person-000"
        await pilot.press("alt+o")  # by company, then by name
        await rows_shown(pilot)
        names = [row.cells[0] for row in table.shown_rows()]
        expected = sorted((f"Co {n % 7}", f"Person {n:03}") for n in range(0, 450, 3))
        assert names == [name for _, name in expected]
        await pilot.press("end")
        assert table.cursor_slug == expected[-1][1].lower().replace(" ", "-")
        line = table.render_line(table.scrollable_content_region.height - 1).text
        assert expected[-1][1] in line
