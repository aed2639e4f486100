"""Shared pieces for the import/export tests: sample files, a campaign, a host app."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from coffeechat.core.models import Interview, Person
from coffeechat.core.models.interview import (
    Debrief,
    Followup,
    InterviewQuestion,
    Outreach,
    Promise,
    Referral,
)
from coffeechat.storage import Workspace
from coffeechat.storage.drafts import DraftStore
from coffeechat.ui.palette.transfer import InteropCommands

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"


@pytest.fixture
def sample() -> Callable[[str], Path]:
    """The path of a sample file in tests/fixtures/interop."""
    return lambda name: FIXTURES / name


def build_campaign(data_dir: Path) -> dict[str, str]:
    """Two people, one rich interview, one bare one; returns the slugs by role."""
    with Workspace.open(data_dir) as ws:
        ada = ws.people.add(Person(name="Ada Lovelace", company="Analytical Engines",
                                   title="Head of Research"))
        sam = ws.people.add(Person(name="Sam 🌱 Ortiz", company="null"))
        rtl = ws.people.add(Person(name="מרים כהן"))
        rich = Interview(
            person=ada,
            company="Analytical Engines",
            status="scheduled",
            goals=["explore-role"],
            intent="Learn how research teams decide what to build: 1:20 ratio?",
            format="video",
            scheduled=dt.datetime(2026, 12, 3, 10, 0),
            duration=45,
            outreach=[Outreach(date=dt.datetime(2026, 11, 20, 9, 0), channel="email",
                               text="Asked for 30 minutes.")],
            promises=[Promise(who=ada, what="Introduce me to Sam", done=False)],
            questions=[
                InterviewQuestion(text="How did you get into research?", asked=True,
                                  answer="Through maths.\nThen engines."),
                InterviewQuestion(text="What surprised you?", skipped=True),
                InterviewQuestion(text="Who else should I talk to?", asked=True,
                                  answer="Sam, and No one else"),
            ],
            notes="10:02 — talked about **engines**\n10:15 — No\n",
            referrals=[Referral(person=sam, why="runs the data guild"),
                       Referral(person=rtl, why="מחקר")],
            followups=[
                Followup(kind="thank-you", to=ada, due=dt.date(2026, 12, 4)),
                Followup(kind="introduce", to=sam, due=dt.date(2026, 12, 10),
                         note="Chase Ada's intro"),
                Followup(kind="thank-you", to=ada, due=dt.date(2026, 12, 5), done=True),
            ],
            debrief=Debrief(learned="Research is mostly reading.", surprises="null",
                            next_steps="Talk to Sam."),
        )
        rich_slug = ws.new_interview(rich, on=dt.date(2026, 11, 20))
        bare = Interview(person=sam, status="scheduled",
                         scheduled=dt.datetime(2026, 12, 8, 16, 30))
        bare_slug = ws.new_interview(bare, on=dt.date(2026, 11, 21))
        idea = Interview(person=rtl, status="idea")
        idea_slug = ws.new_interview(idea, on=dt.date(2026, 11, 22))
    return {"ada": ada, "sam": sam, "rtl": rtl, "rich": rich_slug, "bare": bare_slug,
            "idea": idea_slug}


@pytest.fixture
def campaign(data_dir: Path) -> dict[str, str]:
    return build_campaign(data_dir)


class HostApp(App[None]):
    """Stands in for CoffeeChatApp: the dialogs only rely on ``app.workspace``, and
    on ``app.drafts`` and ``app.autosaves`` for the path typed."""

    COMMANDS = App.COMMANDS | {InteropCommands}

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.workspace = Workspace.open(data_dir)
        self.drafts = DraftStore(data_dir, readonly=self.workspace.readonly)
        self.autosaves: weakref.WeakSet[object] = weakref.WeakSet()

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_unmount(self) -> None:
        self.workspace.close()


@pytest.fixture
def host() -> Callable[[Path], HostApp]:
    """Builds the stand-in app on a data directory."""
    return HostApp
