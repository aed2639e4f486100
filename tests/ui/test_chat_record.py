"""A chat's record: everything about a chat on one read-only page, reached from
Plan, Live, the Live picker and the palette; and the held time shown for a done
chat."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.ui.pilot_steps import everything_read, palette, until, workers_done
from tests.ui.screen_checks import SMALL
from textual.widgets import OptionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Debrief, Interview, Person
from coffeechat.core.models.interview import Followup, InterviewQuestion, Promise, Referral
from coffeechat.storage import Workspace
from coffeechat.ui.modals.chat_record import ChatRecordModal
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.live import LiveScreen
from coffeechat.ui.screens.plan import PlanScreen

SIZES = pytest.mark.parametrize("size", [SMALL, (200, 50)], ids=["80x24", "200x50"])


def done_chat(data_dir: Path) -> str:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia"))
        lee = ws.people.add(Person(name="Lee Chen"))
        return ws.new_interview(Interview(
            person=ana, company="Aritzia", status="done", goals=["explore-role"],
            intent="Learn what a buyer does week to week.",
            scheduled=dt.datetime(2026, 12, 10, 15, 30), duration=45,
            held=dt.datetime(2026, 11, 24, 9, 0), held_minutes=25,
            prep_notes="Ask about the spring launch.",
            notes="[09:02] Buyers plan a year ahead.\n[09:15] Markdown season is brutal.\n",
            questions=[InterviewQuestion(text="What does a typical week look like?",
                                         asked=True, answer="Mondays are for numbers."),
                       InterviewQuestion(text="What is hard?")],
            debrief=Debrief(learned="Buying is forecasting.", surprises="No travel.",
                            next_steps="Read the annual report."),
            referrals=[Referral(person=lee, why="Runs planning", may_mention=True)],
            promises=[Promise(who=ana, what="Share the reading list",
                              date=dt.date(2026, 11, 24))],
            followups=[Followup(kind="thank-you", to=ana, due=dt.date(2026, 11, 25))]),
            on=dt.date(2026, 11, 20))


def page(app: CoffeeChatApp) -> str:
    assert isinstance(app.screen, ChatRecordModal)
    return app.screen.query_one("#record-text", TextArea).text


async def test_a_done_chats_record_shows_everything(data_dir, fixed_clock):
    slug = done_chat(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        app.open_interview(slug, "plan")
        await pilot.pause()
        title = str(app.screen.query_one("#plan-title", Static).render())
        assert "done Tue 24 Nov 09:00 · alt+r: its record" in title
        await pilot.press("alt+r")
        text = page(app)
        for expected in (
            "Ana Lima · Aritzia · done",
            "Intent: Learn what a buyer does week to week.",
            "Held: Tue 24 Nov 2026 09:00, 25 min",
            "Planned: Thu 10 Dec 2026 15:30, 45 min",
            "Prep notes (before the meeting)\n  Ask about the spring launch.",
            "Notes\n  [09:02] Buyers plan a year ahead.\n  [09:15] Markdown season is brutal.",
            "Questions asked and answers\n  ✓ What does a typical week look like?\n"
            "      Mondays are for numbers.",
            "Debrief: What I learned\n  Buying is forecasting.",
            "Debrief: What surprised me\n  No travel.",
            "Debrief: Next steps\n  Read the annual report.",
            "Names gained\n  • Lee Chen (may say who suggested them): Runs planning",
            "Promises\n  [ ] Ana Lima: Share the reading list (2026-11-24)",
            "Follow-ups\n  [ ] thank-you to Ana Lima, due 2026-11-25",
        ):
            assert expected in text
        assert "What is hard?" not in text  # a question never asked is the plan's
        area = app.screen.query_one("#record-text", TextArea)
        assert area.read_only and area.has_focus
        await pilot.press(*"typed")
        assert page(app) == text
        await pilot.press("escape")
        assert isinstance(app.screen, PlanScreen)


async def test_the_record_is_reached_from_live_its_picker_and_the_palette(data_dir, fixed_clock):
    slug = done_chat(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        # From Banks, where no chat is highlighted (from Home, F5 would open the
        # chat Home highlights), Live offers its picker.
        await pilot.press("f7")
        await until(pilot, lambda: app.current_mode == "banks")
        await pilot.press("f5")
        assert isinstance(app.screen, LiveScreen)
        picker = app.screen.query_one("#live-picker OptionList", OptionList)
        await until(pilot, lambda: picker.option_count > 0)
        label = str(picker.get_option_at_index(0).prompt)
        assert label == "Ana Lima · Aritzia · done 2026-11-24 09:00"
        await pilot.press("alt+r")
        assert "Held: Tue 24 Nov 2026 09:00, 25 min" in page(app)
        await pilot.press("escape", "enter")
        assert "held 25 min · alt+r: its record" in str(
            app.screen.query_one("#live-status", Static).render())
        await pilot.press("alt+r")
        assert "Names gained" in page(app)
        await pilot.press("escape")
        await palette(pilot, app, "interview: Ana Lima")
        assert isinstance(app.screen, PlanScreen) and app.current_interview == slug
        await pilot.press("alt+r")
        assert "Debrief: What I learned" in page(app)


async def test_the_record_is_reached_from_homes_highlighted_chat(data_dir, fixed_clock):
    slug = done_chat(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await workers_done(pilot)
        followups = app.screen.query_one("#home-followups", OptionList)
        await until(pilot, lambda: followups.option_count
                    and not followups.get_option_at_index(0).disabled)
        followups.focus()
        followups.highlighted = 0
        await pilot.press("alt+r")
        await until(pilot, lambda: isinstance(app.screen, ChatRecordModal))
        assert "Ana Lima · Aritzia · done" in page(app)
        assert f"A chat's record: Ana Lima · {slug}" in " ".join(
            str(static.render()) for static in app.screen.query(Static))
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@SIZES
def test_record_snapshot(snap_compare, data_dir: Path, fixed_clock, size):
    slug = done_chat(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await pilot.pause()
        await pilot.press("alt+r")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
