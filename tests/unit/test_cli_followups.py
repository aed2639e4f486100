"""``coffeechat followups list`` answers from the index's rows, as Follow-ups
(F6) does: what the rule over every chat gives, with files changed since the
last reading read again, and the files it could not read named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.unit.test_cli import run
from tests.unit.test_screen_rows import varied

from coffeechat.core import nudges
from coffeechat.core.models import Followup, Interview
from coffeechat.core.targets import rank, rhythm, rhythm_namer
from coffeechat.storage import Collection, Workspace

BROKEN = ["coffeechat: could not read people/broken.yaml:2:1: invalid YAML: did not find "
          "expected ',' or ']'",
          "coffeechat: could not read interviews/2026-01-01-broken.yaml:2:1: invalid YAML: "
          "did not find expected ',' or ']'",
          "coffeechat: warning: 2 files could not be read: see 'coffeechat check'"]


def every_chat(data_dir: Path, today: dt.date, *, everything: bool) -> list[str]:
    """The lines the rule over every record gives (as F6 lists them)."""
    with Workspace.open(data_dir, readonly=True) as ws:
        found_rhythm = rhythm(rank(ws.companies.items(), ws.people.items()), 3, 7)
        found = nudges.collect(ws.interviews.items(), 5, today=today, rhythm=found_rhythm)
        name_of = rhythm_namer(found_rhythm, ws.person_namer())
        return [f"{nudge.due:%Y-%m-%d}  {nudges.describe(nudge, name_of)}  · {nudge.interview}"
                for nudge in found if nudge.due is not None and (everything or nudge.due <= today)]


def test_followups_list_is_the_rule_over_every_chat(capsys, data_dir: Path,
                                                    fixed_clock: dt.datetime) -> None:
    today = fixed_clock.date()
    varied(data_dir, today)
    expected = every_chat(data_dir, today, everything=False)
    assert len(expected) > 10
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Collection, "items", lambda self: pytest.fail(f"{self.folder} read"))
        code, out, err = run(capsys, data_dir, "followups", "list")
        assert (code, out.splitlines(), err.splitlines()) == (0, expected, BROKEN)
        code, out, _ = run(capsys, data_dir, "followups", "list", "--all", "--json")
    assert code == 0
    listed = json.loads(out)
    dated = [item for item in listed if item["due"] is not None]
    assert [f"{item['due']}  {item['why']}  · {item['interview']}" for item in dated] == \
        every_chat(data_dir, today, everything=True)


def test_followups_list_reads_a_chat_changed_since(capsys, data_dir: Path,
                                                   fixed_clock: dt.datetime) -> None:
    today = fixed_clock.date()
    with Workspace.open(data_dir) as ws:
        slug = ws.new_interview(Interview(person="ana-lima", status="done", followups=[
            Followup(kind="thank-you", to="ana-lima", due=today)]),
            on=today - dt.timedelta(days=10))
    code, out, err = run(capsys, data_dir, "followups", "list")
    assert (code, out, err) == (0, f"{today:%Y-%m-%d}  Thank ana-lima  · {slug}\n", "")
    # Put off by hand, behind the index's back.
    path = data_dir / "interviews" / f"{slug}.yaml"
    later = today + dt.timedelta(days=3)
    path.write_text(path.read_text().replace(today.isoformat(), later.isoformat()))
    assert run(capsys, data_dir, "followups", "list") == (0, "Nothing to follow up today.\n", "")
    code, out, _ = run(capsys, data_dir, "followups", "list", "--all")
    assert out == f"{later:%Y-%m-%d}  Thank ana-lima  · {slug}\n"
