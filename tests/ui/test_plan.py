"""The Plan screen: goals, intent, time, the question list and the checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping
from tests.ui.pilot_steps import everything_read, steady_cursors, until
from tests.ui.screen_checks import toasts
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Interview, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.bank_browser import BankBrowserModal
from coffeechat.ui.screens.research import ResearchScreen
from coffeechat.ui.widgets.status_bar import StatusBar

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])

def _on_disk(app: CoffeeChatApp, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse(app.workspace.interviews.entries[slug].path.read_bytes()).data)


async def _open_plan(app: CoffeeChatApp, pilot, slug: str) -> None:
    app.open_interview(slug, "plan")
    await pilot.pause()


def _text(app: CoffeeChatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_form_edits_are_saved(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        app.screen.query_one("#plan-intent", Input).value = "No"
        app.screen.query_one("#plan-when", Input).value = "2026-12-03 10:00"
        app.screen.query_one("#plan-duration", Input).value = "45"
        app.screen.query_one("#plan-format", Select).value = "in-person"
        app.screen.query_one("#plan-goals", SelectionList).select("understand-team")
        expected = {"intent": "No", "scheduled": "2026-12-03 10:00", "duration": "45",
                    "format": "in-person", "goals": ["explore-role", "understand-team"]}
        await until(pilot, lambda: {key: _on_disk(app, slug).get(key)
                                    for key in expected} == expected)


async def test_bad_date_shows_a_clear_error_and_keeps_the_old_time(make_workspace, data_dir: Path,
                                                                   fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        app.screen.query_one("#plan-when", Input).value = "next Tuesday"
        await pilot.pause()
        assert "like 2026-12-03 10:00" in _text(app, "#plan-error")
        app.flush_edits()
        assert _on_disk(app, slug)["scheduled"] == "2026-11-25 10:00"
        app.screen.query_one("#plan-when", Input).value = ""
        await pilot.pause()
        assert _text(app, "#plan-error") == ""


async def test_reorder_drop_add_and_probes(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        before = [q["text"] for q in _on_disk(app, slug)["questions"]]
        questions = app.screen.query_one("#plan-questions", OptionList)
        questions.focus()
        assert "Follow-up probes" in _text(app, "#plan-probes")
        await pilot.press("shift+down")
        assert questions.highlighted == 1
        await pilot.press("x")
        await pilot.press("a")
        app.screen.query_one(Input).value = "What would you do in my shoes? 🙂"
        await pilot.press("enter")
        app.flush_edits()
        after = [q["text"] for q in _on_disk(app, slug)["questions"]]
        assert after == [before[1], before[2], "What would you do in my shoes? 🙂", *before[3:]]


async def test_bank_browser_adds_a_question(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        app.screen.query_one("#plan-questions", OptionList).focus()
        await pilot.press("b")
        assert isinstance(app.screen, BankBrowserModal)
        await pilot.press("enter", "down", "enter")
        app.flush_edits()
        saved = _on_disk(app, slug)["questions"]
        assert len(saved) == 7
        assert saved[1]["bank"]


async def test_propose_fills_an_empty_list(data_dir: Path, fixed_clock):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))
        slug = ws.new_interview(Interview(person="ana-lima", goals=["understand-team"]),
                                on=dt.date(2026, 11, 20))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        assert "✗ Questions ready (0)" in _text(app, "#plan-checklist")
        await pilot.press("ctrl+b")
        app.flush_edits()
        saved = _on_disk(app, slug)["questions"]
        assert len(saved) > 5
        assert "✓ Questions ready" in _text(app, "#plan-checklist")
        await pilot.press("ctrl+b")
        assert len(_on_disk(app, slug)["questions"]) == len(saved)


async def test_outreach_and_promise_are_logged(data_dir: Path, fixed_clock):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))
        slug = ws.new_interview(Interview(person="ana-lima"), on=dt.date(2026, 11, 20))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        await pilot.press("alt+l")
        app.screen.query_one("#outreach-channel", Select).value = "call"
        app.screen.query_one("#outreach-text", Input).value = "Asked for 20 minutes"
        await pilot.press("enter")
        await pilot.press("alt+p")
        app.screen.query_one(Input).value = "Intro to Sam"
        await pilot.press("enter")
        app.flush_edits()
        saved = _on_disk(app, slug)
        assert saved["status"] == "asked"
        assert saved["outreach"] == [{"date": "2026-11-25 10:00", "channel": "call",
                                      "kind": "ask", "text": "Asked for 20 minutes"}]
        assert saved["promises"][0]["what"] == "Intro to Sam"
        assert app.screen.query_one("#plan-status", Select).value == "asked"


async def test_research_key_opens_the_notes(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        await pilot.press("shift+f3")
        await pilot.pause()
        assert isinstance(app.screen, ResearchScreen)
        assert (app.screen.kind, app.screen.slug) == ("company", "aritzia")


async def test_fields_at_rest_show_their_start_and_labels_fit_at_80_columns(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_plan(app, pilot, slug)
        intent = app.screen.query_one("#plan-intent", Input)
        intent.focus()
        await pilot.press("end", "space", "x", "tab")
        await until(pilot, lambda: not intent.has_focus)
        await pilot.pause()
        assert intent.render_line(0).text.startswith("Learn what a PM")
        # Every label is whole on one line, at the narrowest width.
        for label in app.screen.query("#plan-body Label").results(Label):
            if label.display:
                assert label.size.height == 1, str(label.render())


async def test_read_only_plan_is_not_saved(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            await _open_plan(app, pilot, slug)
            before = app.workspace.interviews.entries[slug].path.read_bytes()
            app.screen.query_one("#plan-intent", Input).value = "changed"
            await pilot.pause()
            app.flush_edits()
            assert app.workspace.interviews.entries[slug].path.read_bytes() == before


async def test_read_only_plan_says_once_why_a_key_is_refused(make_workspace, data_dir: Path,
                                                             fixed_clock):
    slug = make_workspace(data_dir)
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await _open_plan(app, pilot, slug)
            # The status bar says read-only; the plan does not say it again.
            assert "READ-ONLY" in str(app.screen.query_one(StatusBar).render())
            assert not app.screen.query_one("#plan-banner").display
            await pilot.press("ctrl+d")
            await until(pilot, lambda: toasts(app))
            assert toasts(app) == [f"Delete chat: refused. {app.readonly_note}"]
            app.clear_notifications()
            app.screen.query_one("#plan-questions").focus()
            await pilot.press("x")
            await until(pilot, lambda: toasts(app))
            assert toasts(app) == [f"Drop: refused. {app.readonly_note}"]
            assert len(app.screen.query_one("#plan-questions", OptionList).options) == 6


@SIZES
def test_plan_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await pilot.pause()
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_bank_browser_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await pilot.pause()
        app.screen.query_one("#plan-questions", OptionList).focus()
        await pilot.press("b")
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_outreach_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await pilot.pause()
        await pilot.press("alt+l")
        app.screen.query_one("#outreach-text", Input).value = "Asked for 20 minutes"
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_promise_prompt_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await pilot.pause()
        await pilot.press("alt+p")
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_a_dropped_question_comes_back_with_ctrl_z(make_workspace, data_dir: Path,
                                                          fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_plan(app, pilot, slug)
        before = [q["text"] for q in _on_disk(app, slug)["questions"]]
        app.screen.query_one("#plan-questions", OptionList).focus()
        await pilot.press("down", "x")
        app.flush_edits()
        assert [q["text"] for q in _on_disk(app, slug)["questions"]] == [before[0], *before[2:]]
        await pilot.press("ctrl+z")
        app.flush_edits()
        assert [q["text"] for q in _on_disk(app, slug)["questions"]] == before
        assert app.current_mode == "plan"


async def test_the_question_keys_line_follows_the_terminal_s_width(
        make_workspace, data_dir: Path, fixed_clock) -> None:
    """All of the question list's keys where they fit, the short line where they
    do not, and back again as the terminal is resized."""
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(200, 50)) as pilot:
        app.open_interview(slug, "plan")
        await pilot.pause()
        side = app.screen.query_one("#plan-side")

        def line() -> str:
            return str(side.query(Label).first().render())

        await until(pilot, lambda: "b from a bank" in line())
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: line() == "Questions: x drop · a add · b bank")
        await pilot.resize_terminal(200, 50)
        await until(pilot, lambda: line().startswith("Questions: shift+↑/↓ move"))


async def test_the_chat_shown_is_read_alone_and_an_unreadable_one_is_said(data_dir: Path):
    """Plan and Live with a chat current read that chat, its person and its
    employer alone: no folder is read whole for them."""
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Acme"))
        ws.companies.add(Company(name="ACME"))
        slug = ws.new_interview(Interview(person=ana, company="Acme",
                                          intent="Learn how buying works"))
        for day in range(1, 30):  # others, never read for the one shown
            ws.interviews.add(Interview(person=ana), slug=f"2026-10-{day:02d}-ana-lima")
    (data_dir / "interviews" / "2026-09-01-broken.yaml").write_text("person: [\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await everything_read(pilot)
        app.open_interview(slug, "plan")
        await until(pilot, lambda: "Learn how buying works" in (
            app.screen.query_one("#plan-intent", Input).value
            if app.screen.query("#plan-intent") else ""))
        await pilot.press("f5")
        await until(pilot, lambda: app.current_mode == "live")
        await pilot.press("f4")
        await until(pilot, lambda: app.current_mode == "plan")
        app.open_interview("2026-09-01-broken", "plan")
        await until(pilot, lambda: any("2026-09-01-broken.yaml cannot be read" in toast
                                       for toast in toasts(app)))
        ws = app.workspace
        assert not (ws.interviews.loaded or ws.people.loaded or ws.companies.loaded)
