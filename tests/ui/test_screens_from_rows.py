"""Targets, Follow-ups, the warm paths and the referral tree, opened on a
started app, are filled from the index's rows: no folder of records is read
into memory for them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.ui.pilot_steps import until
from textual.widgets import OptionList, Static

from coffeechat.app import CoffeeChatApp
from coffeechat.demo import generate
from coffeechat.ui.modals.referral_tree import ReferralTreeModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal
from coffeechat.ui.screens.followups import FollowupsScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.targets import TargetsScreen


def _summary(app: CoffeeChatApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_screens_that_count_everyone_read_no_folder(
        data_dir: Path, fixed_clock: dt.datetime) -> None:
    generate(data_dir, people=150, interviews=50, seed=2, today=fixed_clock.date())
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, TargetsScreen)
                    and "5 targets" in _summary(app, "#targets-summary"))
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, FollowupsScreen)
                    and "overdue" in _summary(app, "#followups-summary"))
        assert app.screen.query_one("#followups-list", OptionList).option_count > 10
        await pilot.press("f2")
        await until(pilot, lambda: isinstance(app.screen, NetworkScreen))
        await pilot.press("ctrl+w")
        await until(pilot, lambda: isinstance(app.screen, WarmPathsModal))
        await pilot.press("escape", "alt+t")
        await until(pilot, lambda: isinstance(app.screen, ReferralTreeModal))
        workspace = app.workspace
        assert not workspace.people.loaded
        assert not workspace.interviews.loaded
        assert not workspace.companies.loaded
