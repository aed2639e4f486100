"""Home: what is next, and the campaign in numbers."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from tests.ui.held_calls import HeldCalls
from tests.ui.pilot_steps import everything_read, palette, until, workers_done
from tests.ui.screen_checks import footer_keys, on_screen
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.worker import Worker, WorkerState

from coffeechat.app import CoffeeChatApp
from coffeechat.cli import main as cli_main
from coffeechat.core import clock
from coffeechat.core.campaign import CampaignNumbers
from coffeechat.core.models import Debrief, Followup, Interview, Person, Referral
from coffeechat.storage import Workspace
from coffeechat.storage.collection import from_index
from coffeechat.storage.index import CACHE_DIR, Index
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.screens.home import HomeScreen, numbers_text
from coffeechat.ui.widgets.status_bar import StatusBar

SIZE = (120, 40)


def seed(data_dir: Path) -> dict[str, str]:
    day = dt.date(2026, 11, 1)
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        bo = ws.people.add(Person(name="Bo Quist"))
        cy = ws.people.add(Person(name="Cy Twombly"))
        soon = ws.new_interview(Interview(person=ana, status="scheduled", format="video",
                                          scheduled=dt.datetime(2026, 11, 27, 14, 0)), on=day)
        held = ws.new_interview(Interview(
            person=bo, status="done", referrals=[Referral(person=cy)],
            debrief=Debrief(learned="Hiring is in spring."),
            followups=[Followup(kind="thank-you", to=bo, due=dt.date(2026, 11, 22)),
                       Followup(kind="introduce", to=cy, due=dt.date(2026, 11, 20),
                                snoozed_until=dt.date(2026, 12, 1))]), on=day)
        asked = ws.new_interview(Interview(person=cy, status="asked",
                                           created=dt.date(2026, 11, 15)), on=day)
    return {"soon": soon, "held": held, "asked": asked}


async def settle(app: CoffeeChatApp, pilot) -> None:
    """Home fills its lists in a worker after the first paint, and again once
    every folder is read: wait for both (a fill replaced by a newer one is
    cancelled, which is not a failure)."""
    await everything_read(pilot)
    await workers_done(pilot)
    await pilot.pause()


def home(app: CoffeeChatApp) -> HomeScreen:
    """Home, on show."""
    assert isinstance(app.screen, HomeScreen)
    return app.screen


def texts(screen: Screen[Any], selector: str) -> list[str]:
    option_list = screen.query_one(selector, OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_home_lists_what_is_next(data_dir, fixed_clock, both_caches):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        assert texts(screen, "#home-upcoming") == ["Fri 27 Nov 14:00 · Ana Lima · video"]
        assert texts(screen, "#home-followups") == ["3 days late · thank-you → Bo Quist"]
        assert texts(screen, "#home-asks") == ["10 days · Cy Twombly"]
        numbers = str(screen.query_one("#home-numbers", Static).render())
        for line in ("People in your network  3", "Asked for a chat        3",
                     "Conversations held      1", "Names gained            1",
                     "Things learned          1"):
            assert line in numbers
        screen.query_one("#home-upcoming", OptionList).focus()
        await pilot.press("enter")
        assert app.current_mode == "plan"
        assert app.current_interview == slugs["soon"]


async def test_home_is_the_first_screen_and_f1_comes_back_to_it(data_dir, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and app.current_mode == "home"
        for away, back in (("f2", "f1"), ("f6", "f1"), ("f2", "palette")):
            await pilot.press(away)
            await until(pilot, lambda: app.current_mode != "home")
            if back == "palette":
                await palette(pilot, app, "Home")
            else:
                await pilot.press(back)
            await until(pilot, lambda: app.current_mode == "home")
            assert app.screen is home  # the one Home, never made again
        assert texts(home, "#home-upcoming") == ["Fri 27 Nov 14:00 · Ana Lima · video"]


async def test_followup_opens_followups_area(data_dir, fixed_clock):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#home-followups", OptionList).focus()
        await pilot.press("enter")
        assert app.current_mode == "followups"
        assert app.current_interview == slugs["held"]


async def test_empty_workspace_home(data_dir, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert texts(screen, "#home-upcoming") == ["Nothing scheduled."]
        assert "People in your network  0" in str(screen.query_one("#home-numbers").render())


async def test_an_empty_home_shows_first_steps_that_work(data_dir, fixed_clock):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one("#home-guide").display
        assert not screen.query_one("#home-columns").display
        steps = texts(screen, "#home-steps")
        assert steps[0].startswith("Add the people you know")
        assert any("Import your LinkedIn" in step for step in steps)
        assert any("coffeechat demo --data-dir" in step for step in steps)
        assert on_screen(screen.query_one("#home-guide-hint"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PersonFormModal)


async def test_the_guide_gives_way_to_the_lists_once_there_is_someone(data_dir, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#home-guide").display
        assert app.screen.query_one("#home-columns").display


async def test_a_start_whose_reading_never_begins_leaves_no_thread_behind(
        data_dir, fixed_clock, monkeypatch):
    """Home never waits in a thread for the reading (it is told by a signal): if
    the app closes before the reading ever begins (a fast quit, a loaded
    machine), no worker is left that the interpreter would wait for at exit."""
    seed(data_dir)
    monkeypatch.setattr(CoffeeChatApp, "_start_reading", lambda self: None)
    app = CoffeeChatApp(data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        # The index's lists are shown; no file has been compared with its row.
        await until(pilot, lambda: texts(app.screen, "#home-upcoming")
                    == ["Fri 27 Nov 14:00 · Ana Lima · video"])
        await workers_done(pilot)
        assert not app.have_read_interviews
    assert not _threads_in(HomeScreen)


def _threads_in(screen: type[Screen[Any]]) -> list[int]:
    """The threads now running code of ``screen``'s module."""
    module = sys.modules[screen.__module__].__file__
    found = []
    for ident, top in sys._current_frames().items():
        frame: FrameType | None = top
        while frame is not None:
            if frame.f_code.co_filename == module:
                found.append(ident)
                break
            frame = frame.f_back
    return found


def _gate_reading(monkeypatch) -> threading.Event:
    """Hold the workspace's reading until the returned event is set."""
    gate = threading.Event()
    real_refresh = Workspace.refresh

    def held_refresh(self, *args, **kwargs):
        gate.wait(10)
        return real_refresh(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "refresh", held_refresh)
    return gate


def _watch_home(app: CoffeeChatApp, fills: list[str],
                workers: list[str]) -> Callable[[Message], None]:
    """A message hook for ``run_test``: what Home's upcoming list shows first
    each time Home has filled it (into ``fills``: the first lists, once Home
    says it has shown them, then after each fill on its worker), and each fill
    begun on a worker (into ``workers``)."""
    said: list[Message] = []

    def first(screen: object) -> str:
        assert isinstance(screen, HomeScreen)
        return texts(screen, "#home-upcoming")[0]

    def hook(message: Message) -> None:
        if isinstance(message, HomeScreen.Shown):
            if not any(message is seen for seen in said):  # not as it bubbles up
                said.append(message)
                fills.append(first(app.screen_stack[0]))
        elif isinstance(message, Worker.StateChanged) and message.worker.group == "home-fill":
            if message.state == WorkerState.RUNNING:
                workers.append("fill")
            elif message.state == WorkerState.SUCCESS:
                fills.append(first(message.worker.node))

    return hook


@contextlib.asynccontextmanager
async def _start_with_reading_held(data_dir: Path, monkeypatch):
    """The app, started with its reading held back until Home has shown its
    first lists; yields (app, what Home's fills showed first, the fills begun
    on a worker, release), where ``release()`` lets the reading go on and waits
    until every folder was compared with the index and Home has filled again."""
    gate = _gate_reading(monkeypatch)
    fills: list[str] = []
    workers: list[str] = []
    app = CoffeeChatApp(data_dir)
    try:
        async with app.run_test(size=SIZE,
                                message_hook=_watch_home(app, fills, workers)) as pilot:
            await until(pilot, lambda: bool(fills))

            async def release() -> None:
                gate.set()
                await until(pilot, lambda: app.have_read_everything)
                await settle(app, pilot)

            yield app, fills, workers, release
    finally:
        gate.set()


@pytest.mark.parametrize(("changed_meanwhile", "shown"), [
    (None, "Ana Lima · video"),
    # Another program changed a chat, or a person, while the app was closed:
    # once the files are compared with their rows, Home shows the change.
    ("chat", "Ana Lima · in-person"),
    ("person", "Ana Lima-Souza · video"),
])
async def test_home_shows_the_index_at_once_then_what_the_files_hold(
        data_dir, fixed_clock, monkeypatch, changed_meanwhile, shown, both_caches):
    slugs = seed(data_dir)
    if changed_meanwhile == "chat":  # while the app was closed
        path = data_dir / "interviews" / f"{slugs['soon']}.yaml"
        path.write_text(path.read_text().replace("format: video", "format: in-person"))
    elif changed_meanwhile == "person":
        path = data_dir / "people" / "ana-lima.yaml"
        path.write_text(path.read_text().replace("Ana Lima", "Ana Lima-Souza"))
    async with _start_with_reading_held(data_dir, monkeypatch) as (app, fills, _, release):
        # Before a single file is read, the lists are there, as the index has them.
        assert texts(app.screen, "#home-upcoming") == ["Fri 27 Nov 14:00 · Ana Lima · video"]
        assert not app.have_read_interviews
        await release()
        assert texts(app.screen, "#home-upcoming") == [f"Fri 27 Nov 14:00 · {shown}"]
        assert fills[-1] == f"Fri 27 Nov 14:00 · {shown}"


async def _session(data_dir: Path) -> None:
    """A session that ends with ctrl+q, as a user's does."""
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await settle(app, pilot)
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("between", [
    None,  # nothing written since
    "person",  # a command added someone: counted
    "command",  # a command scheduled a chat: it is listed
    "tomorrow",  # the next day: that day's lists
    "notes",  # notes written in a chat: nothing Home shows changed
    "chat",  # a script added a chat through the store
])
async def test_the_next_start_shows_the_lists_at_once_from_the_index(
        data_dir, fixed_clock, monkeypatch, between):
    slugs = seed(data_dir)
    await _session(data_dir)
    if between == "person":
        with Workspace.open(data_dir) as ws:
            ws.people.add(Person(name="Dee Okafor"))
    elif between == "tomorrow":
        tomorrow = dt.datetime(2026, 11, 26, 10, 0)
        monkeypatch.setattr(clock, "now", lambda: tomorrow)
        monkeypatch.setattr(clock, "today", lambda: tomorrow.date())
    elif between == "command":
        assert cli_main(["--data-dir", str(data_dir), "interviews", "new", "Bo Quist",
                         "--scheduled", "2026-11-26 09:00"]) == 0
    elif between == "notes":
        with Workspace.open(data_dir) as ws:
            chat = ws.interviews.get(slugs["soon"])
            assert chat is not None
            chat.notes = "They ship weekly."
            ws.interviews.save(slugs["soon"], chat)
    elif between == "chat":
        with Workspace.open(data_dir) as ws:
            ws.new_interview(Interview(person="ana-lima", status="asked",
                                       created=dt.date(2026, 11, 24)))
    async with _start_with_reading_held(data_dir, monkeypatch) as (app, fills, workers,
                                                                   release):
        people = "4" if between == "person" else "3"
        numbers = app.screen.query_one("#home-numbers", Static)
        # Before a single file is read, with no worker to wait for.
        assert len(fills) == 1 and workers == []
        soonest = ("Thu 26 Nov 09:00 · Bo Quist" if between == "command"
                   else "Fri 27 Nov 14:00 · Ana Lima · video")
        late = [f"{4 if between == 'tomorrow' else 3} days late · thank-you → Bo Quist"]
        asks = (["1 day · Ana Lima", "10 days · Cy Twombly"] if between == "chat"
                else [f"{11 if between == 'tomorrow' else 10} days · Cy Twombly"])
        assert texts(app.screen, "#home-upcoming")[0] == soonest
        assert texts(app.screen, "#home-followups") == late
        assert sorted(texts(app.screen, "#home-asks")) == sorted(asks)
        assert f"People in your network  {people}" in str(numbers.render())
        await release()
        assert texts(app.screen, "#home-upcoming")[0] == soonest
        assert texts(app.screen, "#home-followups") == late
        assert f"People in your network  {people}" in str(numbers.render())


async def test_a_chat_changed_in_the_app_is_on_home_at_the_next_start_at_once(
        data_dir, fixed_clock, monkeypatch, both_caches):
    """A chat written anywhere in the app writes its row at once: the next
    start shows it before any file is read, even after a crash."""
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await settle(app, pilot)
        chat = app.workspace.interviews.get(slugs["asked"])
        assert chat is not None
        chat.status, chat.scheduled = "scheduled", dt.datetime(2026, 11, 26, 9, 0)
        app.workspace.interviews.save(slugs["asked"], chat)
    async with _start_with_reading_held(data_dir, monkeypatch) as (app, fills, _, release):
        assert fills == ["Thu 26 Nov 09:00 · Cy Twombly"]
        assert texts(app.screen, "#home-asks") == ["No asks waiting."]
        await release()


async def test_the_first_enter_on_a_campaign_opens_its_first_item(data_dir, fixed_clock):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: texts(app.screen, "#home-upcoming")[0].startswith("Fri"))
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "plan")
        assert app.current_interview == slugs["soon"]


async def test_f1_then_enter_opens_homes_first_item(data_dir, fixed_clock):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await until(pilot, lambda: app.current_mode == "network")
        await pilot.press("f1")
        await until(pilot, lambda: app.current_mode == "home")
        await pilot.press("enter")
        await until(pilot, lambda: app.current_mode == "plan")
        assert app.current_interview == slugs["soon"]


async def test_homes_footer_offers_its_actions_and_ctrl_n_adds_a_person(data_dir, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        keys = footer_keys(app)
        assert keys[:2] == ["^n New person", "tab Next list"]
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, PersonFormModal))
        assert app.current_mode == "network"


async def test_a_started_app_holds_no_folder_and_still_shows_an_outside_change(
        data_dir, fixed_clock, both_caches):
    """Once started, the app has compared every file with its row and holds no
    folder in memory; a chat another program changes meanwhile is still read
    back, its row written, and shown on Home."""
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await settle(app, pilot)
        assert not any(collection.loaded for collection in app.workspace.collections)
        path = data_dir / "interviews" / f"{slugs['soon']}.yaml"
        path.write_text(path.read_text().replace("format: video", "format: phone"))
        await until(pilot, lambda: texts(app.screen, "#home-upcoming") == [
            "Fri 27 Nov 14:00 · Ana Lima · phone"], seconds=15)
        assert not app.workspace.interviews.loaded


async def test_a_first_start_shows_the_chats_whose_rows_are_written_while_the_rest_are_read(
        data_dir, fixed_clock, monkeypatch):
    """With no index (a first start, a deleted ``.cache``), Home does not wait
    for every chat to be read: it shows those whose rows are written, the
    status line says reading goes on, and the rest follow."""
    seed(data_dir)
    shutil.rmtree(data_dir / CACHE_DIR)
    monkeypatch.setattr("coffeechat.storage.freshness.INDEX_BATCH", 1)  # a row at a time
    monkeypatch.setattr("coffeechat.ui.app.PROGRESS_SECONDS", 0)
    monkeypatch.setattr("coffeechat.storage.freshness.PROGRESS_EVERY", 1)
    gate = threading.Event()
    written: list[str] = []
    real_store = Index.store

    def store(self: Index, kind: str, rows, still=None) -> bool:
        rows = list(rows)
        if kind == "interviews" and threading.current_thread() is not threading.main_thread():
            if written:  # the first chat's row is written, the others wait
                gate.wait(10)
            written.extend(row.slug for row in rows)
        return real_store(self, kind, rows, still)

    monkeypatch.setattr(Index, "store", store)
    app = CoffeeChatApp(data_dir)
    lists = ("#home-upcoming", "#home-followups", "#home-asks")
    every_line = ["Fri 27 Nov 14:00 · Ana Lima · video", "3 days late · thank-you → Bo Quist",
                  "10 days · Cy Twombly"]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: any(line in texts(app.screen, selector)
                                           for selector in lists for line in every_line))
            shown = [line for selector in lists for line in texts(app.screen, selector)
                     if line in every_line]
            assert len(shown) == 1 and not app.have_read_interviews
            # The other lists are not said to be empty, nor the network.
            assert sorted(text for selector in lists for text in texts(app.screen, selector)
                          if text not in every_line) == ["Reading your campaign…"] * 2
            numbers = str(app.screen.query_one("#home-numbers", Static).render())
            assert "People in your network  …" in numbers
            assert "Reading your workspace…" in str(app.screen.query_one(StatusBar).render())
            gate.set()
            await until(pilot, lambda: app.have_read_everything)
            await settle(app, pilot)
            assert [line for selector in lists for line in texts(app.screen, selector)] == \
                every_line
    finally:
        gate.set()


async def test_a_long_list_shows_what_fits_and_how_many_more_with_no_chat_rebuilt(
        data_dir, fixed_clock, monkeypatch):
    """Home is a glance: of a long list, the lines that fit (and a few more)
    and "… and N more"; a taller terminal shows more. The lines come as the
    index keeps them: no chat is rebuilt to fill Home."""
    with Workspace.open(data_dir) as ws:
        for day in range(1, 20):
            person = ws.people.add(Person(name=f"Asked {day}"))
            ws.new_interview(Interview(person=person, status="asked",
                                       created=dt.date(2026, 11, day)),
                             on=dt.date(2026, 11, day))
    rebuilt: list[str] = []

    def counted(cls, data):
        if cls is Interview:
            rebuilt.append(data)
        return from_index(cls, data)

    monkeypatch.setattr("coffeechat.storage.workspace.from_index", counted)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await settle(app, pilot)
        every_ask = [f"{25 - day} days · Asked {day}" for day in range(1, 20)]
        assert texts(app.screen, "#home-asks") == [*every_ask[:17], "… and 2 more"]
        await pilot.resize_terminal(80, 50)
        await until(pilot, lambda: texts(app.screen, "#home-asks") == every_ask)
    assert not rebuilt


def test_the_campaigns_numbers_group_their_thousands() -> None:
    text = numbers_text("10,000", CampaignNumbers(10_000, 1_800, 900, 874, 1_200))
    assert text.splitlines() == ["People in your network  10,000",
                                 "Asked for a chat        1,800",
                                 "Conversations held      900",
                                 "Names gained            874",
                                 "Things learned          1,200"]


async def test_fills_asked_while_one_runs_wait_for_it_and_then_fill_once(
        data_dir, fixed_clock, monkeypatch):
    """A fill asked for while another is still querying (the index held by a
    first start's writes, say) is not a second query beside it: the fills
    asked meanwhile make one, once it is done, with what is current then."""
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        held = HeldCalls(monkeypatch, Workspace, "agenda")
        try:
            for _ in range(5):
                home(app).fill()
                await pilot.pause()
            # Meanwhile the chat with Ana is moved to another day.
            path = data_dir / "interviews" / f"{slugs['soon']}.yaml"
            chat = app.workspace.interviews.get(slugs["soon"])
            assert chat is not None
            app.workspace.interviews.save(slugs["soon"], dataclasses.replace(
                chat, scheduled=dt.datetime(2026, 11, 28, 9)))
            assert "2026-11-28" in path.read_text()
        finally:
            held.release()
        await until(pilot, lambda: texts(app.screen, "#home-upcoming")
                    == ["Sat 28 Nov 09:00 · Ana Lima · video"])
        await workers_done(pilot)
        assert held.most == 1
        assert held.calls <= 3
