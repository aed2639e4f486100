"""The Live screen: notes autosaved, questions ticked, another name captured."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping, present
from tests.ui.pilot_steps import everything_read, steady_cursors, until
from tests.ui.screen_checks import footer_keys, toasts
from textual.widgets import Input, OptionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, InterviewQuestion, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.help import HelpModal
from coffeechat.ui.screens.live import LiveScreen
from coffeechat.ui.widgets.blank import BlankHorizontal, BlankVertical

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])

def _on_disk(app: CoffeeChatApp, slug: str) -> dict[str, Any]:
    path = app.workspace.interviews.entries[slug].path
    return mapping(yaml_io.parse(path.read_bytes()).data)


async def _wait_for(pilot, condition, limit: float = 2.0) -> float:
    waited = 0.0
    while not condition() and waited < limit:
        await asyncio.sleep(0.05)
        waited += 0.05
    await pilot.pause()
    return waited


async def _open_live(app: CoffeeChatApp, pilot, slug: str) -> TextArea:
    app.open_interview(slug, "live")
    await pilot.pause()
    return app.screen.query_one("#live-notes", TextArea)


def _status(app: CoffeeChatApp) -> str:
    return str(app.screen.query_one("#live-status", Static).render())


async def test_notes_reach_disk_within_a_second(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        assert app.focused is notes
        notes.insert("She said No to 1:20 meetings 🙂 שלום\n")
        waited = await _wait_for(pilot, lambda: "1:20" in _on_disk(app, slug).get("notes", ""))
        assert waited < 1.0
        await pilot.press("x", "question_mark")
        # Nothing is written on the keystroke itself; "?" is text here, not help.
        assert "x" not in _on_disk(app, slug)["notes"]
        await _wait_for(pilot, lambda: _on_disk(app, slug)["notes"].endswith("x?"))
    with Workspace.open(data_dir, readonly=True) as ws:
        assert present(ws.interviews.get(slug)).notes == "She said No to 1:20 meetings 🙂 שלום\nx?"


async def test_flush_writes_pending_notes_at_once(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="start")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        notes.insert("typed just before quitting ")
        await pilot.pause()
        app.flush_edits()
        assert "typed just before quitting" in _on_disk(app, slug)["notes"]


async def test_stamp_tick_and_move(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        notes.insert("hello")
        await pilot.press("ctrl+l")
        assert notes.text == "hello\n[10:00] "
        assert notes.cursor_location == (1, 8)
        await pilot.press("ctrl+t")
        questions = app.screen.query_one("#live-questions", OptionList)
        assert questions.highlighted == 1
        assert "1/6 asked" in _status(app)
        await pilot.press("alt+down", "alt+s")
        assert questions.highlighted == 3
        app.flush_edits()
        saved = _on_disk(app, slug)
        assert saved["questions"][0]["asked"] == "true"
        assert saved["questions"][2]["skipped"] == "true"
        assert saved["notes"] == "hello\n[10:00] "
        assert app.focused is notes


async def test_capture_another_name_in_two_keys(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        notes.insert("before ")
        await pilot.press("ctrl+n")
        app.screen.query_one("#capture-name", Input).value = "../../etc"
        app.screen.query_one("#capture-company", Input).value = "null"
        app.screen.query_one("#capture-why", Input).value = "runs the data team"
        await pilot.press("enter")
        assert app.focused is notes
        await pilot.press("a")
        assert notes.text == "before a"
        app.flush_edits()
        saved = _on_disk(app, slug)
        new_slug = saved["referrals"][0]["person"]
        assert saved["referrals"][0]["why"] == "runs the data team"
        assert {"kind": "reach-out", "to": new_slug, "due": "2026-11-26",
                "done": "false"} in saved["followups"]
        person_file = data_dir / "people" / f"{new_slug}.yaml"
        person = mapping(yaml_io.parse(person_file.read_bytes()).data)
        assert person["name"] == "../../etc"
        assert person["company"] == "null"
        assert person["introduced_by"] == "ana-lima"
        assert person["how_we_met"] == "Suggested by Ana Lima in our chat on 2026-11-25"
        assert person_file.parent == data_dir / "people"


async def test_capture_needs_a_name_and_escape_cancels(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_live(app, pilot, slug)
        await pilot.press("ctrl+n", "enter")
        assert "A name is needed" in str(app.screen.query_one("#capture-error",
                                                              Static).render())
        await pilot.press("escape")
        assert not app.screen.query("#capture-name")
        assert sorted(p.name for p in (data_dir / "people").iterdir()) == [
            "ana-lima.yaml", "kai-mori.yaml"]


async def test_add_question_on_the_fly(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_live(app, pilot, slug)
        await pilot.press("alt+a")
        app.screen.query_one(Input).value = "What surprised you about retail?"
        await pilot.press("enter")
        app.flush_edits()
        texts = [q["text"] for q in _on_disk(app, slug)["questions"]]
        assert texts[1] == "What surprised you about retail?"
        assert len(texts) == 7


async def test_end_meeting_queues_thank_yous(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_live(app, pilot, slug)
        await pilot.press("shift+f5")
        # Typed, not inserted: the first words must land in "what I learned".
        await pilot.press(*"Ship")
        app.screen.query_one("#debrief-learned", TextArea).insert(" small")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = _on_disk(app, slug)
        assert saved["status"] == "done"
        assert saved["debrief"]["learned"] == "Ship small"
        assert [(f["kind"], f["to"]) for f in saved["followups"]] == [
            ("thank-you", "ana-lima"), ("thank-you", "kai-mori"), ("update", "kai-mori")]
        assert "done" in _status(app)


async def test_outside_edit_is_never_clobbered(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="original")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        path = app.workspace.interviews.entries[slug].path
        path.write_text(path.read_text(encoding="utf-8").replace("original", "theirs"),
                        encoding="utf-8")
        notes.insert("mine ")
        live = app.screen
        assert isinstance(live, LiveScreen)
        await _wait_for(pilot, lambda: present(live.session).clash is not None)
        banner = str(app.screen.query_one("#live-banner", Static).render())
        assert "Not saved" in banner and "ctrl+s keeps your version" in banner
        assert "ctrl+r" in banner
        assert notes.text == "originalmine "
        assert "theirs" in path.read_text(encoding="utf-8")
        kept = list((data_dir / "conflicts" / "interviews").iterdir())
        assert len(kept) == 1
        assert "originalmine " in kept[0].read_text(encoding="utf-8")
        # More typing is not written over their version.
        notes.insert("more ")
        app.flush_edits()  # what the autosave would write by now
        assert "theirs" in path.read_text(encoding="utf-8")
        await pilot.press("ctrl+r")
        assert notes.text == "theirs"
        assert present(live.session).clash is None


async def test_read_only_workspace_does_not_pretend(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="kept")
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            notes = await _open_live(app, pilot, slug)
            assert notes.read_only
            assert "read-only" in _status(app)
            await pilot.press("ctrl+n")
            assert not app.screen.query("#capture-name")


async def test_read_only_live_says_it_once_and_why_a_key_is_refused(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="kept")
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await _open_live(app, pilot, slug)
            shown = "\n".join(str(static.render()) for static in app.screen.query(Static)
                              if static.display)
            assert shown.count("READ-ONLY") == 1
            await pilot.press("ctrl+n")
            await until(pilot, lambda: toasts(app))
            assert toasts(app) == [f"Another name: refused. {app.readonly_note}"]
            assert not app.screen.query("#capture-name")
            # The notes cannot be typed in, so ? is free and is the one help key shown.
            assert [key for key in footer_keys(app) if key.endswith(" Keys")] == ["? Keys"]
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpModal))


async def test_a_clash_mid_meeting_is_said_above_the_notes_never_over_them(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="original")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        notes = await _open_live(app, pilot, slug)
        path = app.workspace.interviews.entries[slug].path
        path.write_text(path.read_text(encoding="utf-8").replace("original", "theirs"),
                        encoding="utf-8")
        notes.insert("mine ")
        live = app.screen
        assert isinstance(live, LiveScreen)
        await _wait_for(pilot, lambda: live.session is not None and live.session.clash is not None)
        await pilot.pause()
        assert toasts(app) == []
        banner = app.screen.query_one("#live-banner", Static)
        assert banner.display and "ctrl+s keeps your version" in str(banner.render())
        assert banner.region.bottom <= notes.region.y and banner.region.height <= 2
        assert "NOT SAVED" in _status(app)
        # The version kept aside is listed where problems are.
        await pilot.press("f8")
        await pilot.pause()
        assert "with another version kept" in " ".join(
            str(static.render()) for static in app.screen.query(Static))


async def test_a_merge_mid_meeting_is_said_on_the_status_line(
        make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir, notes="original")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        notes = await _open_live(app, pilot, slug)
        path = app.workspace.interviews.entries[slug].path
        path.write_text(path.read_text(encoding="utf-8").replace(
            "Learn what a PM", "Learn what a product manager"), encoding="utf-8")
        notes.insert(" mine")
        await _wait_for(pilot, lambda: "product manager" in _on_disk(app, slug)["intent"]
                        and _on_disk(app, slug)["notes"] == "original mine")
        await _wait_for(pilot, lambda: "merged with another edit" in _status(app))
        assert "merged with another edit" in _status(app)
        assert toasts(app) == []


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 12)])
@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
async def test_the_blank_containers_are_covered_by_what_they_hold(
        make_workspace, data_dir: Path, fixed_clock, size, read_only) -> None:
    # A blank container shows its background as it is, never dimmed under a
    # dialog: it must never show at all, at any size, banner or not.
    slug = make_workspace(data_dir, notes="kept")
    with Workspace.open(data_dir) if read_only else contextlib.nullcontext():
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=size) as pilot:
            await _open_live(app, pilot, slug)
            # Read-only is said by the status bar, not again by a banner.
            assert not app.screen.query_one("#live-banner").display
            containers = list(app.screen.query(BlankVertical)) + list(
                app.screen.query(BlankHorizontal))
            assert len(containers) == 3
            for container in containers:
                cells = {(x, y) for x in range(container.region.x, container.region.right)
                         for y in range(container.region.y, container.region.bottom)}
                covered = {(x, y) for child in container.children if child.display
                           for x in range(child.region.x, child.region.right)
                           for y in range(child.region.y, child.region.bottom)}
                assert cells and cells <= covered, container.id


async def test_broken_file_shows_a_message_and_the_picker(
    make_workspace, data_dir: Path, fixed_clock,
):
    slug = make_workspace(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.interviews.entries[slug].path.write_text("person: [unclosed\n", encoding="utf-8")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_live(app, pilot, slug)
        assert app.screen.query_one("#live-picker").display
        assert not app.screen.query_one("#live-main").display


async def test_picker_when_no_interview_is_open(make_workspace, data_dir: Path, fixed_clock):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("live")
        await pilot.pause()
        picker = app.screen.query_one("#live-picker")
        assert picker.display
        assert "Ana Lima" in str(picker.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert app.current_interview == slug
        assert app.screen.query_one("#live-main").display


@SIZES
def test_live_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir, notes="[10:00] Started on time\nShe leads 4 PMs.\n")
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "live")
        await pilot.pause()
        await pilot.press("ctrl+t")
        # Settle the save so the status line does not depend on thread timing.
        app.flush_edits()
        await pilot.pause()
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_capture_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "live")
        await pilot.pause()
        await pilot.press("ctrl+n")
        app.screen.query_one("#capture-name", Input).value = "Sam Ortiz"
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_markup_like_names_are_shown_as_typed(data_dir: Path, fixed_clock):
    with Workspace.open(data_dir) as ws:
        odd = ws.people.add(Person(name="[/]Zoë [b]Null", company="[red]"))
        slug = ws.new_interview(Interview(person=odd, company="[red]",
                                          questions=[InterviewQuestion(text="[core] why?")]),
                                on=dt.date(2026, 11, 20))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_live(app, pilot, slug)
        assert "[/]Zoë [b]Null · [red]" in _status(app)
        assert "[saved]" in _status(app)
        await pilot.press("ctrl+n")
        app.screen.query_one("#capture-name", Input).value = "[i]Sam"
        await pilot.press("enter")
        app.flush_edits()
        app.switch_mode("followups")
        await pilot.pause()
        listing = app.screen.query_one("#followups-list", OptionList)
        assert "Reach out to [i]Sam" in str(listing.get_option_at_index(0).prompt)


async def test_disk_full_is_shown_and_retried(
    make_workspace, data_dir: Path, fixed_clock, monkeypatch,
):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        real_save = app.workspace.interviews.save
        disk_full = [True]

        def save(slug: str, record, *, base=None):
            if disk_full[0]:
                raise OSError(28, "No space left on device")
            return real_save(slug, record, base=base)

        monkeypatch.setattr(app.workspace.interviews, "save", save)
        monkeypatch.setattr("coffeechat.ui.autosave.RETRY_DELAY", 0.2)
        notes.insert("precious words")
        live = app.screen
        assert isinstance(live, LiveScreen)
        await _wait_for(pilot, lambda: present(live.session).failure is not None)
        banner = str(app.screen.query_one("#live-banner", Static).render())
        assert "No space left on device" in banner
        # Leaving the screen must not crash even though the save fails again.
        app.switch_mode("plan")
        await pilot.pause()
        disk_full[0] = False
        app.switch_mode("live")
        await _wait_for(pilot, lambda: "precious words" in _on_disk(app, slug).get("notes", ""))
        assert _on_disk(app, slug)["notes"] == "precious words"
        assert present(live.session).failure is None
        assert app.screen is live


async def test_outside_edit_without_unsaved_text_is_picked_up(
    make_workspace, data_dir: Path, fixed_clock,
):
    slug = make_workspace(data_dir, notes="original")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        path = app.workspace.interviews.entries[slug].path
        path.write_text(path.read_text(encoding="utf-8").replace("original", "edited in vim"),
                        encoding="utf-8")
        await app.check_disk()  # what the app's disk timer runs every few seconds
        await until(pilot, lambda: notes.text == "edited in vim")
        notes.insert("and mine ")
        app.flush_edits()
        assert _on_disk(app, slug)["notes"] == "edited in vimand mine "
        assert not (data_dir / "conflicts").exists()


@SIZES
def test_debrief_snapshot(make_workspace, snap_compare, data_dir: Path, fixed_clock, size):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)

    async def run_before(pilot) -> None:
        await everything_read(pilot)
        app.open_interview(slug, "live")
        await pilot.pause()
        await pilot.press("shift+f5")
        app.screen.query_one("#debrief-learned", TextArea).insert("PMs live in spreadsheets")
        steady_cursors(pilot.app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_notes_merge_with_a_plan_change_saved_meanwhile(
    make_workspace, data_dir: Path, fixed_clock
):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = await _open_live(app, pilot, slug)
        notes.insert("[10:01] typed here\n")
        interviews = app.workspace.interviews
        base = present(interviews.get(slug)).copy()
        elsewhere = base.copy()
        elsewhere.intent = "Sharpened in Plan"
        interviews.save(slug, elsewhere, base=base)  # what the Plan screen does
        app.flush_edits()
        await pilot.pause()
        notes.insert("[10:02] and more\n", notes.document.end)
        app.flush_edits()
        saved = _on_disk(app, slug)
    assert saved["intent"] == "Sharpened in Plan"
    assert saved["notes"] == "[10:01] typed here\n[10:02] and more\n"
