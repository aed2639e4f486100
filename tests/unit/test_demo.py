"""The demo generator: a clean, private, reproducible sample campaign at any size."""

from __future__ import annotations

import datetime as dt
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from coffeechat.core import nudges
from coffeechat.core.models.interview import STATUSES
from coffeechat.demo import DemoSummary, generate
from coffeechat.storage.records import encode_record
from coffeechat.storage.workspace import Workspace

TODAY = dt.date(2026, 3, 11)
RECORD_FOLDERS = ("people", "companies", "interviews")


def record_files(data_dir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(data_dir)): path.read_bytes()
        for folder in RECORD_FOLDERS
        for path in sorted((data_dir / folder).iterdir())
    }


def open_clean(data_dir: Path) -> Workspace:
    """Open the workspace and insist it has nothing at all to report."""
    workspace = Workspace.open(data_dir)
    assert [problem.format() for problem in workspace.problems()] == []
    return workspace


def check_counts(workspace: Workspace, summary: DemoSummary) -> None:
    interviews = [interview for _slug, interview in workspace.interviews.items()]
    assert len(workspace.people) == summary.people
    assert len(workspace.companies) == summary.companies
    assert len(interviews) == summary.interviews
    assert sum(len(interview.referrals) for interview in interviews) == summary.referrals
    assert sum(len(interview.followups) for interview in interviews) == summary.followups


@pytest.fixture(scope="module")
def campaign(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, DemoSummary, Workspace]]:
    """One moderate campaign shared by the content checks."""
    data_dir = tmp_path_factory.mktemp("campaign") / "data"
    summary = generate(data_dir, people=300, interviews=120, seed=7, today=TODAY)
    workspace = open_clean(data_dir)
    yield data_dir, summary, workspace
    workspace.close()


def test_default_campaign_loads_clean_and_matches_summary(tmp_path):
    data_dir = tmp_path / "data"
    summary = generate(data_dir, today=TODAY)
    assert (summary.people, summary.interviews) == (60, 20)
    with open_clean(data_dir) as workspace:
        check_counts(workspace, summary)


def test_files_are_exactly_what_the_app_would_write(tmp_path):
    data_dir = tmp_path / "data"
    generate(data_dir, people=40, interviews=30, today=TODAY)
    with open_clean(data_dir) as workspace:
        for collection in (workspace.people, workspace.companies, workspace.interviews):
            for entry in collection.entries.values():
                assert entry.record is not None
                assert encode_record(entry.record) == entry.path.read_bytes(), entry.path


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path):
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate(tmp_path / name, people=80, interviews=40, seed=seed, today=TODAY)
    first = record_files(tmp_path / "a")
    assert first == record_files(tmp_path / "b")
    assert first != record_files(tmp_path / "c")


def test_folders_and_files_are_private(tmp_path):
    data_dir = tmp_path / "data"
    generate(data_dir, people=10, interviews=5, today=TODAY)
    folders = [data_dir, *(data_dir / name for name in RECORD_FOLDERS)]
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    files = [path for folder in folders[1:] for path in folder.iterdir()]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_refuses_a_directory_that_already_holds_records(tmp_path):
    data_dir = tmp_path / "data"
    generate(data_dir, people=5, interviews=2, today=TODAY)
    before = record_files(data_dir)
    with pytest.raises(ValueError, match="already holds records"):
        generate(data_dir, people=5, interviews=2, seed=9, today=TODAY)
    assert record_files(data_dir) == before


def test_refuses_even_a_single_hand_written_record(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "interviews").mkdir(parents=True)
    mine = data_dir / "interviews" / "2026-01-01-sam.yml"
    mine.write_text("person: sam\n")
    with pytest.raises(ValueError, match="already holds records"):
        generate(data_dir, today=TODAY)
    assert mine.read_text() == "person: sam\n"
    assert not (data_dir / "people").exists()


def test_fills_a_directory_whose_lock_the_caller_holds(tmp_path):
    data_dir = tmp_path / "data"
    with Workspace.open(data_dir):  # as `coffeechat demo` does
        summary = generate(data_dir, people=20, interviews=8, today=TODAY)
    with open_clean(data_dir) as workspace:
        check_counts(workspace, summary)


def test_negative_sizes_are_refused(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path / "data", people=-1)


@pytest.mark.parametrize(
    ("people", "interviews", "expected_interviews"),
    [(0, 0, 0), (0, 5, 0), (1, 0, 0), (1, 6, 6), (3, 25, 25)],
)
def test_small_and_lopsided_sizes(tmp_path, people, interviews, expected_interviews):
    data_dir = tmp_path / "data"
    summary = generate(data_dir, people=people, interviews=interviews, today=TODAY)
    assert (summary.people, summary.interviews) == (people, expected_interviews)
    assert summary.companies > 0
    with open_clean(data_dir) as workspace:
        check_counts(workspace, summary)
        slugs = [slug for slug, _interview in workspace.interviews.items()]
        assert len(set(slugs)) == len(slugs)
        for slug, interview in workspace.interviews.items():
            assert interview.created is not None
            assert slug.startswith(f"{interview.created.isoformat()}-{interview.person}")


def test_every_status_appears_with_dates_that_fit_it(campaign):
    _data_dir, _summary, workspace = campaign
    interviews = [interview for _slug, interview in workspace.interviews.items()]
    assert set(Counter(interview.status for interview in interviews)) == set(STATUSES)
    now = dt.datetime.combine(TODAY, dt.time())
    soon = now + dt.timedelta(days=15)
    for interview in interviews:
        assert interview.goals and interview.intent
        dates = [item.date for item in interview.outreach]
        assert dates == sorted(dates)
        assert all(date is not None and date.date() <= TODAY for date in dates)
        if interview.status == "done":
            assert interview.scheduled is not None and interview.scheduled < now
            assert interview.notes.startswith(f"[{interview.scheduled:%H:%M}]")
            assert sum(question.asked for question in interview.questions) > 1
            assert 20 <= (interview.duration or 0) <= 45
        if interview.status in ("asked", "scheduled", "declined", "cancelled"):
            assert interview.outreach
    upcoming = [i for i in interviews if i.status == "scheduled" and i.scheduled < soon]
    assert upcoming
    assert all(i.scheduled > now for i in interviews if i.status == "scheduled")


def test_referrals_match_introductions_and_chains_run_deep(campaign):
    _data_dir, summary, workspace = campaign
    assert summary.referrals > 10
    for _slug, interview in workspace.interviews.items():
        for referral in interview.referrals:
            referred = workspace.people.get(referral.person)
            assert referred is not None and referred.introduced_by == interview.person
            assert referral.person in workspace.people.get(interview.person).knows
    deepest = 0
    for slug, _person in workspace.people.items():
        seen = [slug]
        while (parent := workspace.people.get(seen[-1]).introduced_by):
            assert parent not in seen, f"introduction loop through {seen}"
            seen.append(parent)
        deepest = max(deepest, len(seen) - 1)
    assert deepest >= 3


def test_followups_are_a_realistic_mix(campaign):
    _data_dir, _summary, workspace = campaign
    followups = [f for _slug, interview in workspace.interviews.items()
                 for f in interview.followups]
    kinds = Counter(followup.kind for followup in followups)
    assert {"thank-you", "introduce", "reach-out", "update"} <= set(kinds)
    assert any(f.done for f in followups)
    assert any(not f.done and f.due < TODAY and f.snoozed_until is None for f in followups)
    assert any(f.snoozed_until is not None and f.snoozed_until > TODAY for f in followups)
    assert all(f.to in workspace.people for f in followups)
    promises = [p for _slug, interview in workspace.interviews.items() for p in interview.promises]
    assert any(p.done for p in promises) and any(not p.done for p in promises)


def test_some_asks_have_waited_days_for_an_answer(campaign):
    _data_dir, _summary, workspace = campaign
    waits = [(TODAY - interview.outreach[-1].date.date()).days
             for _slug, interview in workspace.interviews.items()
             if interview.status == "asked"]
    assert any(3 <= wait <= 12 for wait in waits)


def test_five_targets_and_the_rhythm_has_something_to_suggest(campaign):
    _data_dir, _summary, workspace = campaign
    ranked = workspace.targets()
    assert [target.motivation for target in ranked] == [3, 3, 2, 2, 1]
    assert all(target.advocacy.contacts for target in ranked)
    found = nudges.collect(workspace.interviews.items(), 5, today=TODAY,
                           rhythm=workspace.rhythm(3, 7))
    assert any(nudge.source == "next" and nudge.to for nudge in found)


def test_people_are_varied(campaign):
    _data_dir, _summary, workspace = campaign
    people = [person for _slug, person in workspace.people.items()]
    assert any(not person.name.isascii() for person in people)
    assert any("'" in person.name or "-" in person.name for person in people)
    assert sum(bool(person.knows) for person in people) > len(people) // 5
    assert any(len(person.notes) > 2000 for person in people)
    assert any(person.learn for person in people)
    assert any(person.contact.get("email") for person in people)
    for _slug, company in workspace.companies.items():
        assert company.website.startswith("https://") and ".example" in company.website
        assert company.industry and company.notes


@pytest.mark.slow
def test_two_thousand_people_generate_and_load(tmp_path):
    data_dir = tmp_path / "data"
    summary = generate(data_dir, people=2000, interviews=400, today=TODAY)
    with open_clean(data_dir) as workspace:
        check_counts(workspace, summary)


def test_a_long_campaign_leaves_nothing_open_for_months(campaign):
    # 120 chats are spread over 240 days: the old ones are settled, as a
    # campaign kept up would have them, so the demo does not look abandoned.
    _data_dir, _summary, workspace = campaign
    chats = list(workspace.interviews.items())
    assert min(interview.created for _, interview in chats) < TODAY - dt.timedelta(days=200)
    found = nudges.collect(chats, 5, today=TODAY)
    late = sorted((TODAY - nudge.due).days for nudge in found if nudge.due is not None)
    assert late and 0 < late[-1] <= 45 + 5  # a promise is due 5 days after it is made
