"""The Follow-ups screen: overdue first, done, snooze, drafts, open the interview."""

from __future__ import annotations

import datetime as dt
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping, present
from tests.ui.pilot_steps import everything_read, until, workers_done
from tests.ui.screen_checks import toasts
from textual.widgets import Input, OptionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Debrief, Followup, Interview, Outreach, Person, Promise
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.settings import SettingsFile
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.followup_message import MessageModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.screens.followups import FollowupsScreen
from coffeechat.ui.widgets.footer import KeyFooter

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
TODAY = dt.date(2026, 11, 25)


def _campaign(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        kai = ws.people.add(Person(name="Kai Mori"))
        ana = ws.people.add(Person(name="Ana Lima", introduced_by=kai))
        sam = ws.people.add(Person(name="Sam Ortiz"))
        held = ws.new_interview(Interview(
            person=ana, status="done", debrief=Debrief(learned="Ship small"),
            followups=[Followup(kind="thank-you", to=ana, due=TODAY - dt.timedelta(days=2)),
                       Followup(kind="update", to=kai, due=TODAY + dt.timedelta(days=5))],
            promises=[Promise(who=ana, what="Intro to Sam", date=TODAY - dt.timedelta(days=1))],
        ), on=dt.date(2026, 11, 20))
        asked = ws.new_interview(Interview(
            person=sam, status="asked",
            outreach=[Outreach(date=dt.datetime(2026, 11, 18, 9), channel="email",
                               text="ask")],
        ), on=dt.date(2026, 11, 18))
        # A broken file must not stop the list.
        (data_dir / "interviews" / "2026-11-01-broken.yaml").write_text("person: [\n")
    return {"held": held, "asked": asked}


def _rows(app: CoffeeChatApp) -> list[str]:
    listing = app.screen.query_one("#followups-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _footer(app: CoffeeChatApp) -> str:
    footer = app.screen.query_one(KeyFooter)
    return "  ".join(f"{app.get_key_display(binding)} {binding.description}"
                     for binding, _, _ in footer.shown_keys())


def _on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


async def test_overdue_first_and_summary(data_dir: Path, fixed_clock):
    _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        rows = _rows(app)
        assert "overdue" in rows[0] and "Chase Sam Ortiz" in rows[0]
        assert "overdue" in rows[1] and "Thank Ana Lima" in rows[1]
        assert "Promise from Ana Lima: Intro to Sam" in rows[2]
        assert "Send an update to Kai Mori" in rows[3]
        summary = str(app.screen.query_one("#followups-summary", Static).render())
        assert summary == "2 overdue · 0 due today · 2 later"
        assert "Just following up" in str(app.screen.query_one("#followups-detail",
                                                               Static).render())


def _another_message(detail: Static, shown: str) -> bool:
    return str(detail.render()) != shown


async def test_the_list_stays_in_place_whatever_the_message_below_it(data_dir: Path,
                                                                     fixed_clock):
    _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        await until(pilot, lambda: len(_rows(app)) == 4)
        listing = app.screen.query_one("#followups-list", OptionList)
        detail = app.screen.query_one("#followups-detail", Static)
        listing.focus()
        seen = {(str(detail.render()).count("\n"), listing.region)}
        for _ in range(3):
            changed = partial(_another_message, detail, str(detail.render()))
            await pilot.press("down")
            await until(pilot, changed)
            await pilot.pause()
            seen.add((str(detail.render()).count("\n"), listing.region))
        messages = {lines for lines, _ in seen}
        assert len(messages) > 1  # messages of different lengths were shown
        assert len({region for _, region in seen}) == 1


async def test_done_and_snooze_are_saved(data_dir: Path, fixed_clock):
    slugs = _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        await pilot.press("d")  # the stale ask: a reminder is logged
        outreach = _on_disk(data_dir, slugs["asked"])["outreach"]
        assert outreach[-1]["text"] == "Sent a friendly reminder"
        assert outreach[-1]["channel"] == "email"
        assert "Thank Ana Lima" in _rows(app)[0]
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("down", "enter")  # the second choice: three days
        thank = _on_disk(data_dir, slugs["held"])["followups"][0]
        assert thank["snoozed_until"] == "2026-11-28"
        assert len(_rows(app)) == 3
        assert all("overdue" not in row for row in _rows(app))


async def test_snooze_offers_a_choice_and_done_and_snooze_can_be_undone(data_dir: Path,
                                                                        fixed_clock):
    slugs = _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        assert "u Undo" not in _footer(app)
        await pilot.press("down", "s")
        choices = app.screen.query_one(OptionList)
        assert [str(choices.get_option_at_index(i).prompt) for i in range(4)] == [
            "1 day · until Thu 26 Nov", "3 days · until Sat 28 Nov",
            "7 days · until Wed 02 Dec", "14 days · until Wed 09 Dec"]
        await pilot.press("down", "down", "enter")
        assert _on_disk(data_dir, slugs["held"])["followups"][0]["snoozed_until"] == "2026-12-02"
        await pilot.press("home", "d")  # the stale ask, first
        assert len(_on_disk(data_dir, slugs["asked"])["outreach"]) == 2
        assert "u Undo" in _footer(app)
        await pilot.press("u")
        assert len(_on_disk(data_dir, slugs["asked"])["outreach"]) == 1
        assert "Undone: marked done." in toasts(app)
        await pilot.press("ctrl+z")  # undo, as on every screen
        assert "snoozed_until" not in _on_disk(data_dir, slugs["held"])["followups"][0]
        assert "overdue" in _rows(app)[1] and "Thank Ana Lima" in _rows(app)[1]
        assert "u Undo" not in _footer(app)


async def test_message_draft_is_editable_and_copied(data_dir: Path, fixed_clock):
    _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        await pilot.press("down", "m")
        assert isinstance(app.screen, TextPromptModal)  # first use: your name, to sign
        app.screen.query_one(Input).value = "Jo Park"
        await pilot.press("enter")
        assert isinstance(app.screen, MessageModal)
        editor = app.screen.query_one(TextArea)
        assert editor.text.endswith("Best,\nJo Park\n")
        assert editor.text.startswith("Hi Ana,")
        assert "Ship small" in editor.text
        editor.insert("PS ")
        await pilot.press("alt+y")
        assert copied and copied[0].startswith("PS Hi Ana,")
        await pilot.press("escape")
        assert not isinstance(app.screen, MessageModal)
        await pilot.press("m")  # asked once only
        assert isinstance(app.screen, MessageModal)
    assert SettingsFile(data_dir).settings.your_name == "Jo Park"


async def test_open_goes_to_the_plan(data_dir: Path, fixed_clock):
    slugs = _campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.current_interview == slugs["held"]
        assert app.current_mode == "plan"


async def test_a_promise_chosen_on_home_opens_its_nudge_which_quotes_it(data_dir: Path,
                                                                        fixed_clock):
    with Workspace.open(data_dir) as ws:
        sofia = ws.people.add(Person(name="Sofía Khoury"))
        held = ws.new_interview(Interview(
            person=sofia, status="done", debrief=Debrief(learned="Ship small"),
            followups=[Followup(kind="thank-you", to=sofia, due=TODAY - dt.timedelta(days=40))],
            promises=[Promise(who=sofia, what="Share the reading list",
                              date=TODAY - dt.timedelta(days=30))],
        ), on=dt.date(2026, 10, 13))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_done(pilot)
        home = app.screen.query_one("#home-followups", OptionList)
        await until(pilot, lambda: any("promise" in str(home.get_option_at_index(i).prompt)
                                       for i in range(home.option_count)))
        home.focus()
        home.highlighted = next(i for i in range(home.option_count)
                                if "promise" in str(home.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "followups")
        await pilot.pause()
        listing = app.screen.query_one("#followups-list", OptionList)
        assert listing.highlighted is not None
        assert "Promise from Sofía Khoury: Share the reading list" in _rows(app)[
            listing.highlighted]
        detail = str(app.screen.query_one("#followups-detail", Static).render())
        assert 'You kindly offered this: "Share the reading list"' in detail
        await pilot.press("m", "escape")  # no name to sign with: the draft all the same
        await until(pilot, lambda: isinstance(app.screen, MessageModal))
        assert '"Share the reading list"' in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        # Back on Home, the thank-you of the same chat opens on its own nudge.
        await pilot.press("f1")
        await pilot.pause()
        app.screen.query_one("#home-followups", OptionList).focus()
        home = app.screen.query_one("#home-followups", OptionList)
        home.highlighted = next(i for i in range(home.option_count)
                                if "thank-you" in str(home.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "followups")
        await pilot.pause()
        listing = app.screen.query_one("#followups-list", OptionList)
        shown = _rows(app)[present(listing.highlighted)]
        assert "Thank Sofía Khoury" in shown
        assert held in shown


async def test_read_only_refuses_with_a_message(data_dir: Path, fixed_clock):
    slugs = _campaign(data_dir)
    before = (data_dir / "interviews" / f"{slugs['held']}.yaml").read_bytes()
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            app.switch_mode("followups")
            await pilot.pause()
            await pilot.press("down", "d")
            await until(pilot, lambda: toasts(app))
            assert toasts(app) == [f"Done: refused. {app.readonly_note}"]
            await pilot.press("s")
            await pilot.pause()
            assert not isinstance(app.screen, ChoiceModal)
            assert len(_rows(app)) == 4
    assert (data_dir / "interviews" / f"{slugs['held']}.yaml").read_bytes() == before


async def test_empty_list(data_dir: Path, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("followups")
        await pilot.pause()
        summary = str(app.screen.query_one("#followups-summary", Static).render())
        assert summary == "Nothing to follow up. Nice."
        await pilot.press("d", "s", "m")


@SIZES
def test_followups_snapshot(snap_compare, data_dir: Path, fixed_clock, size):
    _campaign(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.switch_mode("followups")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_message_snapshot(snap_compare, data_dir: Path, fixed_clock, size):
    _campaign(data_dir)
    (data_dir / "settings.yaml").write_text("your_name: Jo Park\n")
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.switch_mode("followups")
        await pilot.pause()
        await pilot.press("down", "m")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def _promises(ws: Workspace, numbers: range) -> None:
    """A chat with each of Pat Lee 00, 01…, each with a promise due yesterday
    (lines of every length around 80 columns)."""
    for index in numbers:
        person = ws.people.add(Person(name=f"Pat Lee {index:02d}"))
        ws.new_interview(Interview(person=person, status="done", promises=[Promise(
            who=person, what="Call" + "s" * (index % 15), date=TODAY - dt.timedelta(days=1))]),
            on=dt.date(2026, 11, 20))


async def _each_shown_whole(app: CoffeeChatApp, pilot) -> None:
    """Highlight each follow-up in turn and wait until it is in view whole,
    down to its last word (the chat it belongs to)."""
    screen = app.screen
    assert isinstance(screen, FollowupsScreen)
    listing = screen.query_one("#followups-list", OptionList)

    def in_view(chat: str) -> bool:
        return chat in " ".join(listing.render_line(y).text
                                for y in range(listing.size.height))

    for index, item in enumerate(screen.items):
        listing.highlighted = index
        await until(pilot, partial(in_view, item.interview), seconds=5)


async def test_a_list_that_grows_a_scrollbar_keeps_every_last_word(data_dir: Path,
                                                                   tmp_path: Path,
                                                                   fixed_clock):
    """A few follow-ups, then many more written by another program while the
    list is shown: a line that filled the list's width before the scrollbar
    came keeps its last word on a line of its own."""
    with Workspace.open(data_dir) as ws:
        _promises(ws, range(1, 4))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("followups")
        await everything_read(pilot)
        listing = app.screen.query_one("#followups-list", OptionList)
        assert listing.option_count == 3 and not listing.show_vertical_scrollbar
        with Workspace.open(tmp_path / "elsewhere") as ws:
            _promises(ws, range(4, 30))
        for folder in ("people", "interviews"):
            for path in sorted((tmp_path / "elsewhere" / folder).glob("*.yaml")):
                shutil.copy(path, data_dir / folder / path.name)
        await until(pilot, lambda: listing.option_count == 29)
        await _each_shown_whole(app, pilot)
