"""The Targets area, and the rhythm it sets going: from adding a target to the
second contact Follow-ups and Home suggest there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping
from tests.ui.held_calls import HeldCalls
from tests.ui.pilot_steps import everything_read, palette, until, workers_done
from tests.ui.screen_checks import footer_keys, on_screen, toasts
from textual.widgets import Checkbox, Input, OptionList, Select, Static

import coffeechat.ui.app
from coffeechat.app import CoffeeChatApp
from coffeechat.core import clock
from coffeechat.core.models import Company, Followup, Interview, Outreach, Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.interview_outreach import OutreachModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal
from coffeechat.ui.screens.followups import FollowupsScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.screens.targets import TargetsScreen


def seed(data_dir: Path) -> str:
    """Ana and Bo at Acme, Dee at Brightworks (Cy knows her); a chat planned with Ana."""
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Acme", title="Buyer"))
        ws.people.add(Person(name="Bo Chen", company="Acme", title="Analyst"))
        dee = ws.people.add(Person(name="Dee Ek", company="Brightworks", title="Designer"))
        ws.people.add(Person(name="Cy Diaz", company="Elsewhere", knows=[dee]))
        ws.companies.add(Company(name="Brightworks", target=True, motivation=2, posting="yes"))
        ws.companies.add(Company(name="Zephyr", target=True, motivation=1))
        return ws.new_interview(Interview(person=ana, company="Acme"),
                                on=dt.date(2026, 11, 20))


def _rows(app: CoffeeChatApp, selector: str) -> list[str]:
    listing = app.screen.query_one(selector, OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _highlighted(app: CoffeeChatApp) -> str:
    """The Targets line under the cursor, once the ranking is shown."""
    listing = app.screen.query_one("#targets-list", OptionList)
    index = listing.highlighted
    return str(listing.get_option_at_index(index).prompt) if index is not None else ""


async def _on_targets(app: CoffeeChatApp, pilot: Any) -> None:
    """Press F9 and wait until the ranking is shown, a company highlighted."""
    await pilot.press("f9")
    await until(pilot, lambda: isinstance(app.screen, TargetsScreen) and bool(_highlighted(app)))


def _company(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "companies" / f"{slug}.yaml").read_bytes()).data)


async def test_from_a_target_to_its_suggested_second_contact(data_dir: Path, fixed_clock,
                                                              monkeypatch):
    chat = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_targets(app, pilot)
        assert [row.split()[1] for row in _rows(app, "#targets-list")] == ["Brightworks",
                                                                           "Zephyr"]
        # A new target, named as the people who work there spell it.
        await pilot.press("a")
        assert isinstance(app.screen, TextPromptModal)
        app.screen.query_one(Input).value = "acme"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                    and "Acme" in _highlighted(app))
        await pilot.press("plus", "plus", "plus", "plus")
        assert _company(data_dir, "acme")["target"] == "true"
        assert _company(data_dir, "acme")["motivation"] == "3"
        rows = _rows(app, "#targets-list")
        assert rows[0].split()[:2] == ["1", "Acme"] and "●●●" in rows[0]
        detail = str(app.screen.query_one("#targets-detail", Static).render())
        assert "you know 2 there: Ana Lima, Bo Chen" in detail
        # The ask to Ana, logged in Plan on Wednesday 25 November.
        app.open_interview(chat, "plan")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.press("alt+l")
        await until(pilot, lambda: isinstance(app.screen, OutreachModal)
                    and app.screen.query("#outreach-kind"))
        assert app.screen.query_one("#outreach-kind", Select).value == "ask"
        await pilot.press(*"Twenty minutes?", "enter")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "kind: ask" in (data_dir / "interviews" /
                                                   f"{chat}.yaml").read_text())
        # Three business days on, Monday 30 November: reach Bo.
        later = dt.datetime(2026, 11, 30, 9, 0)
        monkeypatch.setattr(clock, "now", lambda: later)
        monkeypatch.setattr(clock, "today", lambda: later.date())
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowupsScreen))
        rows = _rows(app, "#followups-list")
        assert "Reach Bo Chen at Acme: no answer from the first contact yet" in rows[0]
        assert "today" in rows[0]
        assert len(rows) == 1  # the nudge to Ana waits for seven business days
        # A next contact is reached by asking them: no "done" to press.
        await until(pilot, lambda: "o Open chat" in footer_keys(app))
        assert "d Done" not in footer_keys(app)
        await pilot.press("f1")
        await until(pilot, lambda: any("next at Acme → Bo Chen (no answer from Ana Lima)"
                                       in row for row in _rows(app, "#home-followups")))
        # From the suggestion, the chat with Bo is one key away.
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowupsScreen))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.slug is None and app.screen.record is not None
        assert app.screen.record.person == "bo-chen"


async def test_a_near_miss_is_offered_not_created(data_dir: Path, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_targets(app, pilot)
        await pilot.press("a")
        app.screen.query_one(Input).value = "Brightwork"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "Did you mean 'Brightworks'?" in str(app.screen.query_one(Static).render())
        await pilot.press("enter")  # the company that exists
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen))
        assert not (data_dir / "companies" / "brightwork.yaml").exists()
        assert len(_rows(app, "#targets-list")) == 2


async def test_keys_change_posting_and_drop_and_enter_shows_people_and_paths(
        data_dir: Path, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_targets(app, pilot)
        await pilot.press("p")  # Brightworks: yes → no
        assert _company(data_dir, "brightworks")["posting"] == "no"
        assert [row.split()[1] for row in _rows(app, "#targets-list")] == ["Brightworks",
                                                                           "Zephyr"]
        await pilot.press("minus")  # motivation 2 → 1: Zephyr's posting (unknown) wins
        assert [row.split()[1] for row in _rows(app, "#targets-list")] == ["Zephyr",
                                                                           "Brightworks"]
        await pilot.press("enter")  # the highlight stayed on Brightworks
        await until(pilot, lambda: isinstance(app.screen, WarmPathsModal))
        results = _rows(app, "#warm-results")
        assert "Dee Ek" in results[0] and "Cy Diaz → Dee Ek" in results[-1]
        await pilot.press("escape")
        await pilot.press("up")
        detail = str(app.screen.query_one("#targets-detail", Static).render())
        assert "nobody you know works there, and nobody leads there yet" in detail
        await pilot.press("x")
        assert "target" not in _company(data_dir, "zephyr")
        assert [row.split()[1] for row in _rows(app, "#targets-list")] == ["Brightworks"]


async def test_a_target_shows_its_own_paths_whatever_search_was_kept_as_a_draft(
        data_dir: Path, fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await pilot.press("f2", "ctrl+w")
        await until(pilot, lambda: isinstance(app.screen, WarmPathsModal))
        await pilot.press(*"acme", "escape")  # kept as the finder's draft
        await until(pilot, lambda: not isinstance(app.screen, WarmPathsModal))
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                    and "Brightworks" in _highlighted(app))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WarmPathsModal)
                    and bool(_rows(app, "#warm-results")))
        assert app.screen.query_one("#warm-query", Input).value == "Brightworks"
        assert _rows(app, "#warm-results")[0] == "● Dee Ek — Designer @ Brightworks"
        # The company is offered: a name typed replaces it.
        query = app.screen.query_one("#warm-query", Input)
        query.focus()
        await pilot.press(*"Acme")
        assert query.value == "Acme"
        await pilot.press("escape", "f2", "ctrl+w")
        await until(pilot, lambda: isinstance(app.screen, WarmPathsModal)
                    and bool(_rows(app, "#warm-results")))
        # The search typed on Network is back there, untouched.
        assert app.screen.query_one("#warm-query", Input).value == "acme"
        assert _rows(app, "#warm-results")[:2] == ["● Ana Lima — Buyer @ Acme",
                                                   "● Bo Chen — Analyst @ Acme"]


async def test_a_company_on_network_becomes_a_target_from_the_palette(data_dir: Path,
                                                                      fixed_clock):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_person("bo-chen")
        await workers_done(pilot)
        await pilot.pause()
        await palette(pilot, app, "targets: add Acme")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                    and "Acme" in _highlighted(app))
        assert _company(data_dir, "acme") == {"schema": "1", "name": "Acme", "target": "true"}


async def test_research_offers_its_company_as_a_target(data_dir: Path, fixed_clock):
    seed(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.companies.add(Company(name="Acme", industry="Retail"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_research("company", "acme")
        await pilot.pause()
        await palette(pilot, app, "targets: add Acme")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                    and "Acme" in _highlighted(app))
        assert _company(data_dir, "acme") == {"schema": "1", "name": "Acme",
                                              "industry": "Retail", "target": "true"}


async def test_read_only_targets_offer_no_change(data_dir: Path, fixed_clock):
    seed(data_dir)
    before = (data_dir / "companies" / "brightworks.yaml").read_bytes()
    with Workspace.open(data_dir):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await _on_targets(app, pilot)
            assert not any(key.startswith(("+", "-", "p ", "a ")) for key in footer_keys(app))
            await pilot.press("plus", "p", "x")
            assert (data_dir / "companies" / "brightworks.yaml").read_bytes() == before
            assert len(_rows(app, "#targets-list")) == 2


async def test_an_ask_on_a_chat_with_no_company_says_the_rhythm_cannot_apply(
        data_dir: Path, fixed_clock):
    with Workspace.open(data_dir) as ws:
        nomad = ws.people.add(Person(name="Nomad"))
        chat = ws.new_interview(Interview(person=nomad))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.open_interview(chat, "plan")
        await until(pilot, lambda: isinstance(app.screen, PlanScreen))
        await pilot.press("alt+l")
        await until(pilot, lambda: isinstance(app.screen, OutreachModal)
                    and app.screen.query("#outreach-text"))
        await pilot.press(*"Coffee?", "enter")
        await until(pilot, lambda: any("names no company" in toast for toast in toasts(app)))


class SnapshotApp(CoffeeChatApp):
    """The app, its stylesheet found from this file (snapshots need the path)."""

    CSS_PATH = str(Path(coffeechat.ui.app.__file__).with_name("app.tcss"))


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=["80x24", "200x50"])
def test_targets_snapshot(snap_compare, data_dir, fixed_clock, size):
    seed(data_dir)

    async def open_targets(pilot) -> None:
        await until(pilot, lambda: pilot.app.problem_counts is not None)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(pilot.app.screen, TargetsScreen)
                    and bool(_highlighted(pilot.app)))
        await workers_done(pilot)
        await until(pilot, lambda: on_screen(pilot.app.screen.query_one("#targets-detail")))

    assert snap_compare(SnapshotApp(data_dir), run_before=open_targets, terminal_size=size)


@pytest.mark.parametrize("may_mention", [True, False], ids=["may-say", "may-not"])
async def test_referral_permission_decides_whether_the_first_draft_names_the_introducer(
        make_workspace, data_dir: Path, fixed_clock, monkeypatch, may_mention: bool):
    slug = make_workspace(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_interview(slug, "live")
        await pilot.pause()
        await pilot.press("ctrl+n")
        app.screen.query_one("#capture-name", Input).value = "Sam Ortiz"
        if may_mention:
            app.screen.query_one("#capture-mention", Checkbox).focus()
            await pilot.press("space")
        app.screen.query_one("#capture-why", Input).focus()
        await pilot.press("enter")
        app.flush_edits()
        saved = mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)
        assert saved["referrals"][0]["person"] == "sam-ortiz"
        assert saved["referrals"][0].get("may_mention", "false") == str(may_mention).lower()
        # Tomorrow, Follow-ups drafts the first note to Sam.
        later = dt.datetime(2026, 11, 26, 9, 0)
        monkeypatch.setattr(clock, "today", lambda: later.date())
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowupsScreen))
        listing = app.screen.query_one("#followups-list", OptionList)
        listing.highlighted = next(
            index for index in range(listing.option_count)
            if "Reach out to Sam Ortiz" in str(listing.get_option_at_index(index).prompt))
        await pilot.pause()
        draft = str(app.screen.query_one("#followups-detail", Static).render())
        assert "Hi Sam," in draft
        assert ("Ana Lima suggested I get in touch" in draft) is may_mention


async def test_rankings_asked_while_one_runs_wait_for_it_and_then_rank_once(
        data_dir: Path, fixed_clock, monkeypatch):
    """Changes in a burst (an outside program saving file after file) do not
    start rankings beside the one running: they make one, once it is done,
    of the network as it is then."""
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await _on_targets(app, pilot)
        await workers_done(pilot)
        screen = app.screen
        assert isinstance(screen, TargetsScreen)
        held = HeldCalls(monkeypatch, Workspace, "targets")
        try:
            for _ in range(5):
                screen.refresh_items()
                await pilot.pause()
            app.workspace.companies.add(Company(name="Yonder", target=True, motivation=3))
        finally:
            held.release()
        await until(pilot, lambda: any("Yonder" in row for row in _rows(app, "#targets-list")))
        await workers_done(pilot)
        assert held.most == 1
        assert held.calls <= 3


async def test_follow_ups_done_and_undone_keep_the_rhythm_worked_out_once(
        data_dir: Path, fixed_clock, monkeypatch, both_caches: bool):
    """Done, snooze and undo change a chat, never the rhythm at the targets nor
    who it names: F6 does not work those out again for them (with caching on);
    a person changed elsewhere does."""
    seed(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.companies.add(Company(name="Acme", target=True, motivation=3))
        ws.new_interview(Interview(person="ana-lima", company="Acme", status="asked",
                                   outreach=[Outreach(date=dt.datetime(2026, 11, 2, 9))]),
                         on=dt.date(2026, 11, 2))
        ws.new_interview(Interview(person="dee-ek", status="done", followups=[
            Followup(kind="thank-you", to="dee-ek", due=dt.date(2026, 11, 20))]),
            on=dt.date(2026, 11, 19))
    worked_out = []
    real = Workspace.target_rhythm

    def counted(self: Workspace, *args: Any) -> Any:
        worked_out.append(args)
        return real(self, *args)

    monkeypatch.setattr(Workspace, "target_rhythm", counted)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await everything_read(pilot)
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowupsScreen)
                    and any("Thank Dee Ek" in row for row in _rows(app, "#followups-list")))
        rows = _rows(app, "#followups-list")
        assert any("Reach Bo Chen at Acme" in row for row in rows)
        count = len(worked_out)
        listing = app.screen.query_one("#followups-list", OptionList)
        listing.highlighted = next(index for index, row in enumerate(rows)
                                   if "Thank Dee Ek" in row)
        await pilot.press("d")
        rows = _rows(app, "#followups-list")
        assert not any("Thank Dee Ek" in row for row in rows)
        assert any("Reach Bo Chen at Acme" in row for row in rows)
        await pilot.press("u")
        rows = _rows(app, "#followups-list")
        assert any("Thank Dee Ek" in row for row in rows)
        assert any("Reach Bo Chen at Acme" in row for row in rows)
        assert (len(worked_out) == count) == both_caches
        count = len(worked_out)
        # Bo renamed in another program: the rhythm names him anew.
        bo = data_dir / "people" / "bo-chen.yaml"
        bo.write_text(bo.read_text().replace("Bo Chen", "Bo Chen-Ortiz"))
        await until(pilot, lambda: any("Reach Bo Chen-Ortiz at Acme" in row
                                       for row in _rows(app, "#followups-list")))
        assert len(worked_out) > count
