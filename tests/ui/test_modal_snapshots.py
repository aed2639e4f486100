"""Snapshots of the small modals at 80x24 and at a roomier size: the snooze
choice (and the notice that offers a meeting to resume), the name prompt, the
unsaved-edits question, import and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.ui.pilot_steps import everything_read, modal_shown
from textual.screen import Screen

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace
from coffeechat.ui.modals.choice import ChoiceModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.transfer_export import ExportDialog
from coffeechat.ui.modals.transfer_import import ImportDialog
from coffeechat.ui.modals.unsaved import UnsavedModal

SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
MODALS: dict[str, Callable[[], Screen[Any]]] = {
    "snooze": lambda: ChoiceModal("Snooze for how long?", [
        ("1", "1 day · until Thu 26 Nov"), ("3", "3 days · until Sat 28 Nov"),
        ("7", "7 days · until Wed 02 Dec"), ("14", "14 days · until Wed 09 Dec")]),
    "name": lambda: TextPromptModal("Your name, to sign your messages",
                                    "e.g. Ana Lima (kept in settings.yaml)", draft_key="your-name",
                                    hint="enter: save and show the message · escape: no name"),
    "unsaved": lambda: UnsavedModal(["The plan of 2026-11-20-ana-lima (No space left on "
                                     "device)", "Live notes"]),
    "import": lambda: ImportDialog("linkedin"),
    "export": lambda: ExportDialog("interviews-csv"),
}


@pytest.fixture(autouse=True)
def _fixed_unsaved_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("coffeechat.ui.modals.unsaved.default_folder",
                        lambda: Path("/home/you/coffeechat-unsaved-20261125-100000"))


@SIZES
@pytest.mark.parametrize("name", list(MODALS))
def test_modal_snapshot(snap_compare, data_dir: Path, fixed_clock, size, name):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))

    async def run_before(pilot) -> None:
        # Home's lists and the problem count settle first, so only the modal differs.
        await everything_read(pilot)
        await modal_shown(pilot, MODALS[name]())

    assert snap_compare(CoffeeChatApp(data_dir), run_before=run_before, terminal_size=size)


@SIZES
def test_resume_offer_snapshot(snap_compare, data_dir: Path, fixed_clock, size):
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        ws.new_interview(Interview(person=ana, status="scheduled",
                                   held=dt.datetime(2026, 11, 25, 9, 40)),
                         on=dt.date(2026, 11, 20))

    assert snap_compare(CoffeeChatApp(data_dir), run_before=everything_read, terminal_size=size)
