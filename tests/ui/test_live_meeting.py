"""Live at 80x24: the meeting's clock, what is recorded when it ends, resuming
after a crash, the cursor, another name already known, and the keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from tests.conftest import FIXED_NOW
from tests.typed import mapping
from tests.ui.pilot_steps import palette, until, workers_done
from tests.ui.screen_checks import SMALL, footer_keys, on_screen
from textual.widgets import Input, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core import clock
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.help import HelpModal
from coffeechat.ui.modals.interview_debrief import DebriefModal
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.live import LiveScreen, fit_status
from coffeechat.ui.widgets.status_bar import StatusBar


class Clock:
    """A clock the test moves forward."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = FIXED_NOW
        monkeypatch.setattr(clock, "now", lambda: self.now)
        monkeypatch.setattr(clock, "today", lambda: self.now.date())

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def _on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


def _status(app: CoffeeChatApp) -> str:
    return str(app.screen.query_one("#live-status", Static).render())


async def _open(app: CoffeeChatApp, pilot, slug: str) -> TextArea:
    app.open_interview(slug, "live")
    await pilot.pause()
    return app.screen.query_one("#live-notes", TextArea)


async def test_the_clock_waits_for_the_meeting_and_ctrl_g_starts_it(make_workspace, data_dir,
                                                                    ticking):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        ticking.advance(minutes=3)
        await until(pilot, lambda: "not started of 30 min" in _status(app))
        assert footer_keys(app)[0] == "^g Start"
        await pilot.press("ctrl+g")
        ticking.advance(minutes=2, seconds=5)
        await until(pilot, lambda: "⏱ 02:05 of 30 min" in _status(app))
        assert "^g Start" not in footer_keys(app)
        app.flush_edits()
    assert _on_disk(data_dir, slug)["held"] == "2026-11-25 10:03"


async def test_the_first_note_starts_the_meeting_and_opening_does_not(make_workspace, data_dir,
                                                                     ticking):
    slug = make_workspace(data_dir, notes="Prepared: ask about seasons\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        app.flush_edits()  # whatever opening changed is written now
        assert "held" not in _on_disk(data_dir, slug)
        ticking.advance(minutes=1)
        await pilot.press(*"She")
        app.flush_edits()
    assert _on_disk(data_dir, slug)["held"] == "2026-11-25 10:01"


async def _ended_after(app: CoffeeChatApp, pilot, slug: str, ticking, minutes: int
                       ) -> DebriefModal:
    """Start the chat's meeting in Live, let ``minutes`` pass and end it: the
    debrief it opens."""
    await _open(app, pilot, slug)
    await pilot.press("ctrl+g")
    ticking.advance(minutes=minutes)
    await pilot.press("shift+f5")
    modal = app.screen
    assert isinstance(modal, DebriefModal)
    return modal


async def test_ending_stops_the_clock_and_records_when_and_how_long(make_workspace, data_dir,
                                                                   ticking):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        modal = await _ended_after(app, pilot, slug, ticking, 41)
        assert modal.query_one("#debrief-held", Input).value == "2026-11-25 10:00"
        assert modal.query_one("#debrief-minutes", Input).value == "41"
        await pilot.press(*"Budgets close in March", "ctrl+s")
        await pilot.pause()
        ticking.advance(minutes=10)
        await until(pilot, lambda: "held 41 min" in _status(app))
        assert "⏱" not in _status(app)
        assert "^g Start" not in footer_keys(app)
    saved = _on_disk(data_dir, slug)
    assert (saved["status"], saved["held"], saved["held_minutes"]) == (
        "done", "2026-11-25 10:00", "41")
    assert saved["scheduled"] == "2026-11-25 10:00"
    assert saved["debrief"]["learned"] == "Budgets close in March"


async def test_minutes_typed_over_the_clock_s_replace_them(make_workspace, data_dir, ticking):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        modal = await _ended_after(app, pilot, slug, ticking, 41)
        minutes = modal.query_one("#debrief-minutes", Input)
        assert minutes.value == "41" and not minutes.has_focus
        await pilot.press("shift+tab")
        assert minutes.has_focus
        await pilot.press(*"45", "ctrl+s")
        await until(pilot, lambda: app.screen is not modal)
    assert _on_disk(data_dir, slug)["held_minutes"] == "45"


async def test_a_meeting_held_earlier_is_recorded_as_the_user_says(make_workspace, data_dir,
                                                                   ticking):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        await pilot.press("shift+f5")
        modal = app.screen
        modal.query_one("#debrief-held", Input).value = "2026-11-23 09:30"
        modal.query_one("#debrief-minutes", Input).value = "soon"
        await pilot.press("ctrl+s")
        assert "Minutes: a whole number" in str(modal.query_one("#debrief-error").render())
        modal.query_one("#debrief-minutes", Input).value = "35"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = _on_disk(data_dir, slug)
    assert (saved["status"], saved["held"], saved["held_minutes"]) == (
        "done", "2026-11-23 09:30", "35")


async def test_the_debrief_fits_at_80x24(make_workspace, data_dir, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        await pilot.press("shift+f5")
        modal = app.screen
        for selector in (".form-title", "#debrief-held", "#debrief-minutes", "#debrief-learned",
                         "#debrief-surprises", "#debrief-next", "#debrief-hint"):
            assert on_screen(modal.query_one(selector)), selector
        labels = [str(label.render()) for label in modal.query("Label") if on_screen(label)]
        assert "What I learned" in labels and "Next steps" in labels
        assert "ctrl+s: end the meeting" in str(modal.query_one("#debrief-hint").render())


def _left_running(make_workspace: Callable[..., str], data_dir: Path) -> str:
    """Ana's chat, begun at 09:48 and never ended (the app crashed during it)."""
    slug = make_workspace(data_dir, notes="[10:00] started\n")
    path = data_dir / "interviews" / f"{slug}.yaml"
    path.write_text(path.read_text().replace("duration: 30\n",
                                             "duration: 30\nheld: 2026-11-25 09:48\n"))
    return slug


async def test_after_a_crash_the_clock_goes_on_and_the_meeting_is_offered(make_workspace,
                                                                         data_dir, ticking):
    slug = _left_running(make_workspace, data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "Not ended" in str(app.screen.query_one(StatusBar).render()))
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # a notice, not a dialog
        notice = str(app.screen.query_one(StatusBar).render())
        assert "Not ended: the chat with Ana Lima (begun Wed 09:48)" in notice
        assert "ctrl+p" in notice and on_screen(app.screen.query_one(StatusBar))
        await palette(pilot, app, "resume")
        assert isinstance(app.screen, LiveScreen) and app.current_interview == slug
        assert "⏱ 12:00 of 30 min" in _status(app)
        assert "Not ended" not in str(app.screen.query_one(StatusBar).render())


async def test_a_meeting_found_after_start_never_takes_the_keys(make_workspace, data_dir,
                                                               ticking):
    slug = _left_running(make_workspace, data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        # Straight to the chat in Live, typing before the meeting left running is found.
        app.open_interview(slug, "live")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        notes = app.screen.query_one("#live-notes", TextArea)
        await pilot.press(*"typed at once ")
        await workers_done(pilot)
        await pilot.pause()
        await pilot.press(*"and after")
        assert app.screen is notes.screen and app.focused is notes
        assert notes.text.endswith("typed at once and after")
        app.flush_edits()
    assert _on_disk(data_dir, slug)["notes"].endswith("typed at once and after")


async def test_reopening_puts_the_cursor_after_the_last_word(make_workspace, data_dir,
                                                             fixed_clock):
    slug = make_workspace(data_dir, notes="first line\nlast words")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        notes = await _open(app, pilot, slug)
        assert notes.cursor_location == (1, 10)
        await pilot.press(*" more")
        assert notes.text == "first line\nlast words more"
        await pilot.press("ctrl+home")
        assert notes.cursor_location == (0, 0)
        await pilot.press("ctrl+end")
        assert notes.cursor_location == (1, 15)


async def test_another_name_already_known_is_linked_not_copied(make_workspace, data_dir,
                                                              fixed_clock):
    slug = make_workspace(data_dir)
    with Workspace.open(data_dir) as ws:
        emma = ws.people.add(Person(name="Emma Singh", company="Ledgerline"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        notes = await _open(app, pilot, slug)
        await pilot.press("ctrl+n", *"emma singh")
        choice = app.screen.query_one("#capture-namesakes")
        await until(pilot, lambda: choice.display and on_screen(choice))
        await pilot.press("enter")
        assert app.focused is notes
        app.flush_edits()
    saved = _on_disk(data_dir, slug)
    assert saved["referrals"] == [{"person": emma}]
    assert [f["to"] for f in saved["followups"] if f["kind"] == "reach-out"] == [emma]
    assert sorted(path.name for path in (data_dir / "people").iterdir()) == [
        "ana-lima.yaml", "emma-singh.yaml", "kai-mori.yaml"]


async def test_the_footer_keeps_end_meeting_and_add_q_and_help_works_in_the_notes(
    make_workspace, data_dir, fixed_clock,
):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        notes = await _open(app, pilot, slug)
        keys = footer_keys(app)
        assert {"⇧f5 End meeting", "alt+a Add Q", "^n Another name"} <= set(keys)
        assert keys[-1] == "f12 Keys"
        await pilot.press("question_mark")
        assert notes.text.endswith("?") and isinstance(app.screen, LiveScreen)
        keys = footer_keys(app)
        assert keys[:3] == ["⇧f5 End meeting", "^n Another name", "alt+a Add Q"]
        await pilot.press("f12")
        assert isinstance(app.screen, HelpModal) and app.screen.title_text == "Live"
        assert {"End meeting", "Add Q", "End of notes", "Start of notes"} <= {
            item.name for item in app.screen.keys}
        await pilot.press("escape")
        assert app.focused is notes


async def test_the_status_line_fits_and_keeps_the_save_state(make_workspace, data_dir,
                                                             fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        line = _status(app)
        assert line.endswith("[saved]") and len(line) <= 78
        assert "not started" in line and "0/6 asked" in line


def test_fit_status_shortens_the_name_first():
    assert fit_status("Ana Lima · Aritzia", "⏱ 01:00  1/6 asked  [saved]", 80) == (
        "Ana Lima · Aritzia  ⏱ 01:00  1/6 asked  [saved]")
    short = fit_status("Emilio C. Quispe · Cedar Health Network · scheduled",
                       "⏱ 12:00 of 45 min  0/13 asked  [saved]", 60)
    assert short.startswith("Emilio C. Quispe ·") and short.endswith("[saved]")
    assert len(short) == 60 and "…" in short


def test_fit_status_counts_terminal_cells_for_wide_names():
    # Two cells a letter: the line keeps its width and the name ends in "…".
    tail = "⏱ 12:00 of 45 min  0/13 asked  [saved]"
    short = fit_status("王小明王小明 · 阿里巴巴集团控股有限公司 · scheduled", tail, 60)
    assert cell_len(short) <= 60 and short.endswith(tail)
    assert short.startswith("王小明王小明 ·") and "…" in short


async def test_an_idea_is_not_scheduled_by_opening_live(data_dir, fixed_clock):
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        slug = ws.new_interview(Interview(person=ana), on=dt.date(2026, 11, 20))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        await until(pilot, lambda: "⏱ no date: ^g starts" in _status(app))
        await pilot.press(*"Ask about")
        await until(pilot, lambda: _on_disk(data_dir, slug).get("prep_notes") == "Ask about")
        assert "⏱ no date: ^g starts" in _status(app)
    saved = _on_disk(data_dir, slug)
    assert "held" not in saved and saved["prep_notes"] == "Ask about"


async def test_a_note_typed_days_before_is_a_prep_note_and_ctrl_g_starts(
        make_workspace, data_dir, ticking):
    slug = make_workspace(data_dir)
    ticking.advance(days=-4)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        notes = await _open(app, pilot, slug)
        await pilot.press(*"Ask about the spring launch")
        await until(pilot, lambda: _on_disk(data_dir, slug).get("prep_notes")
                    == "Ask about the spring launch")
        assert "⏱ prep notes: ^g starts" in _status(app)
        assert notes.border_title == "Prep notes (before the meeting)"
        saved = _on_disk(data_dir, slug)
        assert "held" not in saved and "notes" not in saved
        assert saved["prep_notes"] == "Ask about the spring launch"
        ticking.advance(days=4)
        await pilot.press("ctrl+g")
        await pilot.press(*"She")
        prep = app.screen.query_one("#live-prep", Static)
        assert prep.display and "Prep: Ask about the spring launch" in str(prep.render())
        assert notes.text == "She" and notes.border_title is None
        app.flush_edits()
    saved = _on_disk(data_dir, slug)
    assert (saved["held"], saved["notes"], saved["prep_notes"]) == (
        "2026-11-25 10:00", "She", "Ask about the spring launch")


async def test_the_meeting_time_coming_turns_the_box_to_the_meetings_notes(
        make_workspace, data_dir, ticking):
    slug = make_workspace(data_dir)
    ticking.advance(hours=-1)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        notes = await _open(app, pilot, slug)
        await pilot.press(*"Bring the CV")
        ticking.advance(minutes=35)
        # The status line, refreshed every second, finds the meeting's time come.
        await until(pilot, lambda: "⏱ not started of 30 min" in _status(app))
        assert notes.text == ""
        await pilot.press(*"Hi")
        app.flush_edits()
    saved = _on_disk(data_dir, slug)
    assert (saved["held"], saved["notes"], saved["prep_notes"]) == (
        "2026-11-25 09:35", "Hi", "Bring the CV")


async def test_a_clock_left_running_for_days_gives_the_debrief_the_plan(data_dir, ticking):
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        slug = ws.new_interview(Interview(
            person=ana, status="scheduled", scheduled=FIXED_NOW, duration=45,
            held=FIXED_NOW - dt.timedelta(days=2, hours=11)))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        ticking.advance(minutes=40)
        await pilot.press("shift+f5")
        modal = app.screen
        assert isinstance(modal, DebriefModal)
        assert modal.query_one("#debrief-held", Input).value == "2026-11-25 10:00"
        assert modal.query_one("#debrief-minutes", Input).value == "45"
        assert "The clock ran 59 hours, too long for a meeting" in str(
            modal.query_one("#debrief-note", Static).render())
        modal.query_one("#debrief-minutes", Input).value = "700"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = _on_disk(data_dir, slug)
    assert (saved["status"], saved["held"], saved["held_minutes"]) == (
        "done", "2026-11-25 10:00", "700")


async def test_the_palette_starts_and_ends_the_meeting(make_workspace, data_dir, ticking):
    """Where shift+F5 (or ctrl+g) does not reach the app, ctrl+p does: each
    command offered only while it can be done."""
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        await _open(app, pilot, slug)
        await palette(pilot, app, "live: start the meeting")
        ticking.advance(minutes=25)
        await until(pilot, lambda: "⏱ 25:00 of 30 min" in _status(app))
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        offered = [command.title for command in app.get_system_commands(screen)]
        assert "live: start the meeting" not in offered and "live: end the meeting" in offered
        await palette(pilot, app, "live: end the meeting")
        modal = app.screen
        assert isinstance(modal, DebriefModal)
        assert modal.query_one("#debrief-minutes", Input).value == "25"
        await pilot.press(*"Budgets close in March", "ctrl+s")
        await until(pilot, lambda: "held 25 min" in _status(app))
    assert _on_disk(data_dir, slug)["status"] == "done"
