"""One interview start to finish: plan → live → another name → end → follow-ups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping
from tests.ui.pilot_steps import workers_done
from textual.widgets import Input, OptionList, SelectionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace, yaml_io


def _on_disk(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


def _rows(app: CoffeeChatApp, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


@pytest.mark.slow
async def test_whole_journey(data_dir: Path, fixed_clock):
    with Workspace.open(data_dir) as ws:
        kai = ws.people.add(Person(name="Kai Mori"))
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", introduced_by=kai))
        slug = ws.new_interview(Interview(person=ana, company="Aritzia"),
                                on=dt.date(2026, 11, 25))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        # Plan: a goal, an intent, a time, then the proposed questions.
        app.open_interview(slug, "plan")
        await pilot.pause()
        app.screen.query_one("#plan-goals", SelectionList).select("explore-role")
        app.screen.query_one("#plan-intent", Input).value = "Learn what a PM does all day"
        app.screen.query_one("#plan-when", Input).value = "2026-11-25 10:00"
        await pilot.pause()
        await pilot.press("ctrl+b")
        assert "✓ Questions ready" in str(app.screen.query_one("#plan-checklist",
                                                              Static).render())

        # Live: notes, a tick, another name, the end. Leaving the plan saved it.
        app.open_interview(slug, "live")
        await pilot.pause()
        plan = _on_disk(data_dir, slug)
        assert plan["goals"] == ["explore-role"]
        assert plan["intent"] == "Learn what a PM does all day"
        assert plan["scheduled"] == "2026-11-25 10:00"
        assert len(plan["questions"]) > 5
        notes = app.screen.query_one("#live-notes", TextArea)
        assert app.focused is notes
        notes.insert("Ana leads 4 PMs. ")
        await pilot.press("ctrl+t", "ctrl+n")
        app.screen.query_one("#capture-name", Input).value = "Sam Ortiz"
        app.screen.query_one("#capture-why", Input).value = "runs analytics"
        await pilot.press("enter")
        assert app.focused is notes
        await pilot.press("shift+f5")
        app.screen.query_one("#debrief-learned", TextArea).insert("PMs at retailers live in "
                                                                 "spreadsheets")
        await pilot.press("ctrl+s")
        await pilot.pause()
        held = _on_disk(data_dir, slug)
        assert held["status"] == "done"
        assert held["notes"] == "Ana leads 4 PMs. "
        assert held["questions"][0]["asked"] == "true"
        assert held["referrals"] == [{"person": "sam-ortiz", "why": "runs analytics"}]
        sam = mapping(yaml_io.parse((data_dir / "people" / "sam-ortiz.yaml").read_bytes()).data)
        assert sam["introduced_by"] == "ana-lima"

        # Follow-ups: both thank-yous, the reach-out and the update are queued.
        app.switch_mode("followups")
        await pilot.pause()
        rows = _rows(app, "#followups-list")
        assert any("Thank Ana Lima" in row for row in rows)
        assert any("Thank Kai Mori (for the introduction)" in row for row in rows)
        assert any("Reach out to Sam Ortiz" in row for row in rows)
        assert any("Send an update to Kai Mori" in row for row in rows)
        thank_ana = next(i for i, row in enumerate(rows) if "Thank Ana Lima" in row)
        app.screen.query_one("#followups-list", OptionList).highlighted = thank_ana
        await pilot.pause()
        detail = str(app.screen.query_one("#followups-detail", Static).render())
        assert "PMs at retailers live in spreadsheets" in detail
        assert "Sam Ortiz" in detail
        await pilot.press("d")
        assert len(_rows(app, "#followups-list")) == len(rows) - 1
        done = [f for f in _on_disk(data_dir, slug)["followups"] if f["done"] == "true"]
        assert [(f["kind"], f["to"]) for f in done] == [("thank-you", "ana-lima")]


async def test_plan_and_live_on_one_interview_never_undo_each_other(
    make_workspace, data_dir: Path, fixed_clock
):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_interview(slug, "plan")
        await pilot.pause()
        app.open_interview(slug, "live")
        await pilot.pause()
        notes = app.screen.query_one("#live-notes", TextArea)
        notes.insert("[10:01] typed in Live\n")
        await pilot.pause()
        app.flush_edits()
        app.open_interview(slug, "plan")
        await pilot.pause()
        app.screen.query_one("#plan-intent", Input).value = "Changed in Plan"
        await pilot.pause()
        app.flush_edits()
        app.open_interview(slug, "live")
        await pilot.pause()
        notes = app.screen.query_one("#live-notes", TextArea)
        notes.insert("[10:02] more in Live\n", notes.document.end)
        await pilot.pause()
        app.flush_edits()
    saved = mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)
    assert saved["intent"] == "Changed in Plan"
    assert saved["notes"] == "[10:01] typed in Live\n[10:02] more in Live\n"


@pytest.mark.slow
async def test_a_week_new_contact_to_thank_you_counting_keys(data_dir: Path, fixed_clock):
    """The keys a user presses (typed text aside) from a new contact to a planned
    chat, through the meeting, to the thank-you."""
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Kai Mori"))
    (data_dir / "settings.yaml").write_text("your_name: Lee\n", encoding="utf-8")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await workers_done(pilot)
        await pilot.pause()
        # New contact to a planned chat with proposed questions: 5 keys.
        planning = ["ctrl+n", "ctrl+s", "ctrl+o", "space", "ctrl+b"]
        await pilot.press(planning[0])
        await pilot.press(*"Gwen Stacy")
        await pilot.press(*planning[1:3])
        await pilot.pause()
        assert app.current_mode == "plan"
        await pilot.press(*planning[3:])
        await pilot.pause()
        app.flush_edits()
        [slug] = [path.stem for path in (data_dir / "interviews").glob("*.yaml")]
        assert len(_on_disk(data_dir, slug)["questions"]) > 3
        assert len(planning) == 5
        # Live, from the plan on F5: notes, another name (2 keys), the end (2 keys).
        await pilot.press("f5")
        await pilot.pause()
        assert app.current_mode == "live" and app.current_interview == slug
        await pilot.press(*"Gwen runs research. ")
        another = ["ctrl+n", "enter"]
        await pilot.press(another[0])
        await pilot.press(*"Sam Ortiz")
        await pilot.press(another[1])
        await pilot.pause()
        ending = ["shift+f5", "ctrl+s"]
        await pilot.press(ending[0])
        await pilot.pause()
        await pilot.press(ending[1])
        await pilot.pause()
        app.flush_edits()
        assert _on_disk(data_dir, slug)["status"] == "done"
        assert len(ending) == 2 and len(another) == 2
        # The thank-you, on Follow-ups: F6, then m drafts it.
        await pilot.press("f6")
        await pilot.pause()
        rows = _rows(app, "#followups-list")
        thanks = next(i for i, row in enumerate(rows) if "Thank Gwen Stacy" in row)
        await pilot.press(*["down"] * thanks, "m")
        await pilot.pause()
        shown = " ".join(str(text.text) for text in app.screen.query(TextArea))
        assert shown.startswith("Hi Gwen,") and "Lee" in shown
