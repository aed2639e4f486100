"""The answers Targets, Follow-ups and the warm paths read from the index's rows
are those of the rules in ``core`` over every record, on a varied workspace:
hostile names, namesakes, files that cannot be read, rows the index could not
take."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from tests.conftest import FIXED_NOW

from coffeechat.core import clock
from coffeechat.core.agenda import basis, light, on_day
from coffeechat.core.lifecycle import picking_order
from coffeechat.core.models import Company, Followup, Interview, Outreach, Person, Referral
from coffeechat.core.network import PeopleGraph, referral_forest
from coffeechat.core.nudges import collect
from coffeechat.core.people import Namesakes, role_line
from coffeechat.core.targets import chats_of, rank, rhythm
from coffeechat.demo import generate
from coffeechat.storage import Workspace
from coffeechat.storage.index import CACHE_DIR

HOSTILE = ("Zoë ‘Øster’ <b>bold</b>", "Robert'); DROP TABLE records;--", "[red]Ann[/red] %s",
           "李 小龍", "O'Brien\tJr")


def varied(data_dir: Path, today: dt.date) -> str:
    """A demo campaign with what a rule could trip on; the name of a target."""
    generate(data_dir, people=240, interviews=80, seed=5, today=today)
    with Workspace.open(data_dir) as ws:
        target = next(company for _, company in sorted(ws.companies.items()) if company.target)
        someone = next(slug for slug, person in sorted(ws.people.items())
                       if person.company == target.name)
        added = [ws.people.add(Person(name=name, company=company, knows=[someone]))
                 for name, company in zip(HOSTILE, ("", target.name.upper(), "Elsewhere",
                                                    f"  {target.name} ", "Nowhere"),
                                          strict=True)]
        # Namesakes: one of them at the target, the other not.
        ws.people.add(Person(name="Sam Lee", company=target.name, introduced_by=added[0]))
        ws.people.add(Person(name="Sam Lee", company="Elsewhere"))
        # A chat held at the target with someone who does not work there (a
        # closed chat's company is not in its light copy), and one asked.
        ws.new_interview(Interview(person=added[2], company=target.name, status="done",
                                   referrals=[Referral(person=added[3]),
                                              Referral(person=someone)]))
        ws.new_interview(Interview(person=added[1], company="Other", status="asked"))
    (data_dir / "people" / "broken.yaml").write_text("name: [unclosed\n")
    (data_dir / "interviews" / "2026-01-01-broken.yaml").write_text("person: [x\n")
    return target.name


@pytest.fixture(scope="module")
def varied_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The varied workspace's files (with no index) and its target's name: made
    once, at the fixed clock, and copied by each test, which may write in it."""
    template = tmp_path_factory.mktemp("varied") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: FIXED_NOW)
        patch.setattr(clock, "today", lambda: FIXED_NOW.date())
        target = varied(template, FIXED_NOW.date())
    shutil.rmtree(template / CACHE_DIR)
    return template, target


@pytest.fixture
def campaign(varied_files: tuple[Path, str], data_dir: Path, fixed_clock: dt.datetime) -> str:
    template, target = varied_files
    shutil.copytree(template, data_dir, symlinks=True)
    return target


def test_targets_from_the_rows_are_the_ranking_of_every_record(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        from_rows = ws.targets()
        assert not ws.people.loaded and not ws.interviews.loaded
        everything = rank(ws.companies.items(), ws.people.items(),
                          chats_of(ws.interviews.items()))
    assert from_rows == everything
    found = next(target for target in from_rows if target.company.name == campaign)
    assert found.advocacy.held and found.advocacy.names and found.advocacy.contacts


def test_the_rhythm_from_the_rows_is_that_of_every_record(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir, readonly=True) as ws:
        ws.refresh()
        from_rows = ws.target_rhythm(3, 7)
        assert not ws.people.loaded
        everything = rhythm(rank(ws.companies.items(), ws.people.items()), 3, 7)
    assert from_rows == everything and any(everything.contacts.values())


def test_chats_the_index_could_not_take_count_as_their_files_say(
        data_dir: Path, campaign: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        before = next(t for t in ws.targets() if t.company.name == campaign)
        monkeypatch.setattr(type(ws.index), "store", lambda self, kind, rows, still=None: False)
        chat = next(slug for slug, interview in sorted(ws.interviews.items())
                    if interview.person in before.advocacy.contacts
                    and interview.status != "done")
        record = ws.interviews.get(chat)
        assert record is not None
        record.status = "done"
        ws.interviews.save(chat, record)
        after = next(t for t in ws.targets() if t.company.name == campaign)
    assert chat in after.advocacy.held and chat not in before.advocacy.held


def test_the_network_from_the_rows_finds_the_warm_paths_of_every_record(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        from_rows = PeopleGraph(ws.linked_people())
        assert not ws.people.loaded
        everything = PeopleGraph(ws.people.items())
    for query in (campaign, campaign.upper(), "engineer", "Øster", "李"):
        assert from_rows.warm_paths(query) == everything.warm_paths(query)


def test_the_network_walked_through_the_rows_finds_the_warm_paths_of_every_record(
        data_dir: Path, campaign: str) -> None:
    queries = (campaign, campaign.upper(), f" {campaign[1:4].lower()} ", "engineer", "Øster",
               "李", "Robert');", "a", "nobody works here")
    with Workspace.open(data_dir) as ws:
        # Links to nobody, and to a file that cannot be read, lead nowhere.
        ws.people.add(Person(name="Ghosted", company=campaign, introduced_by="no-such-person",
                             knows=["broken"]))
        ws.people.add(Person(name="Unknown", company=campaign, introduced_by="broken"))
        ws.people.add(Person(name="Myself", knows=["myself"], introduced_by="myself"))
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        network = ws.network()
        walked = {query: network.warm_paths(query) for query in queries}
        longer = network.warm_paths(campaign, max_hops=5, limit=7)
        people = [slug for slug, _ in ws.linked_people()]
        reaching = {slug: network.reached_by(slug) for slug in people}
        # The role lines the warm-path finder shows of the people found.
        roles = {slug: network.role(slug) for paths in walked.values() for slug in paths.direct}
        assert not ws.people.loaded
        everything = PeopleGraph(ws.people.items())
    assert reaching == {slug: everything.reached_by(slug) for slug in people}
    assert roles == {slug: everything.role(slug) for slug in roles}
    assert any(" @ " in role for role in roles.values())
    for query in queries:
        assert walked[query] == everything.warm_paths(query), query
    assert longer == everything.warm_paths(campaign, max_hops=5, limit=7)
    assert walked[campaign].direct and walked[campaign].paths and walked["a"].paths


def test_people_the_index_could_not_take_are_walked_as_their_files_say(
        data_dir: Path, campaign: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        before = ws.network().warm_paths(campaign)
        monkeypatch.setattr(type(ws.index), "store", lambda self, kind, rows, still=None: False)
        def knows_only(source: str, target: str) -> bool:
            one, other = ws.people.peek(source), ws.people.peek(target)
            return (one is not None and other is not None and target in one.knows
                    and one.introduced_by != target and other.introduced_by != source)

        # Someone who knew a person there no longer does; someone there
        # leaves; someone far off now knows a person there; a newcomer was
        # introduced by someone there.
        forgot, known = next(path for path in before.paths
                             if len(path) == 2 and knows_only(*path))
        others = [slug for slug in before.direct if slug != known]
        leaving, staying = others[0], others[-1]
        person = ws.people.get(forgot)
        assert person is not None
        person.knows = [slug for slug in person.knows if slug != known]
        ws.people.save(forgot, person)
        person = ws.people.get(leaving)
        assert person is not None
        person.company = "Elsewhere entirely"
        ws.people.save(leaving, person)
        far = next(slug for slug, _ in sorted(ws.people.items()) if slug not in before.direct
                   and all(slug not in path for path in before.paths))
        person = ws.people.get(far)
        assert person is not None
        person.knows = [*person.knows, staying]
        ws.people.save(far, person)
        newcomer = ws.people.add(Person(name="New Comer", introduced_by=staying))
        assert ws.people.not_indexed()[0]
        after = ws.network().warm_paths(campaign)
        everything = PeopleGraph(ws.people.items()).warm_paths(campaign)
    assert after == everything
    assert leaving not in after.direct and leaving in before.direct
    assert [forgot, known] in before.paths and [forgot, known] not in after.paths
    assert [far, staying] in after.paths and [newcomer, staying] in after.paths


def test_homes_next_contacts_at_the_targets_are_those_of_every_chat(
        data_dir: Path, campaign: str, fixed_clock: dt.datetime) -> None:
    today = fixed_clock.date()
    with Workspace.open(data_dir) as ws:
        # At a target of its own: an ask with no answer for weeks, and one
        # scheduled since, whose ask began later: no second contact is due.
        ws.companies.add(Company(name="Quietfield", target=True))
        people = [ws.people.add(Person(name=name, company="Quietfield"))
                  for name in ("Ines Quiet", "Jon Field", "Kai Still")]
        waiting = ws.new_interview(Interview(person=people[0], company="Quietfield",
                                             status="asked"), on=today - dt.timedelta(days=30))
        ws.new_interview(Interview(
            person=people[1], company="Quietfield", status="scheduled",
            outreach=[Outreach(date=fixed_clock - dt.timedelta(days=9), kind="ask")]))
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        found = ws.target_rhythm(3, 7)
        assert found is not None
        from_rows = ws.agenda(fixed_clock, 5, found, limit=500)
        assert from_rows is not None and not ws.interviews.loaded
        chats = [(slug, light(record)) for slug, record in ws.interviews.items()]
        names = {slug: person.name for slug, person in ws.people.items()}
    everything = on_day(basis(chats, 5, found), 0, lambda slug: names.get(slug) or slug,
                        fixed_clock, limit=500)
    assert from_rows.due == everything.due
    nexts = {item.interview for item in from_rows.due.items if item.nudge
             and item.nudge.split(":")[1] == "next"}
    assert nexts and waiting not in nexts


def test_the_referral_tree_from_the_rows_is_that_of_every_record(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        from_rows = referral_forest(dict(ws.linked_people()), ws.referral_chats())
        assert not ws.people.loaded and not ws.interviews.loaded
        everything = referral_forest(dict(ws.people.items()),
                                     (record for _, record in ws.interviews.items()))
    assert from_rows == everything and any(root.children for root in everything)


@pytest.mark.parametrize("with_rhythm", [True, False])
def test_followups_from_the_rows_are_those_of_every_record(
        data_dir: Path, campaign: str, fixed_clock: dt.datetime, with_rhythm: bool) -> None:
    today = fixed_clock.date()
    with Workspace.open(data_dir) as ws:
        slug = ws.new_interview(Interview(person="sam-lee", status="done"))
        chat = ws.interviews.get(slug)
        assert chat is not None
        # An open follow-up with no date still shows.
        chat.followups = [Followup(kind="thank-you")]
        ws.interviews.save(slug, chat)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        found = ws.target_rhythm(3, 7) if with_rhythm else None
        from_rows = ws.followups(5, found, today=today)
        assert not ws.people.loaded and not ws.interviews.loaded
        everything = collect(ws.interviews.items(), 5, today=today, rhythm=(
            rhythm(rank(ws.companies.items(), ws.people.items()), 3, 7)
            if with_rhythm else None))
    assert from_rows == everything
    assert {nudge.source for nudge in everything} >= (
        {"followup", "promise", "ask", "next"} if with_rhythm else {"followup", "promise", "ask"})
    assert (slug, "followup") in {(nudge.interview, nudge.source) for nudge in from_rows}


def test_namesakes_from_the_rows_are_those_of_every_record(
        data_dir: Path, campaign: str) -> None:
    def shown(finder: Namesakes, name: str) -> list[tuple[str, str, str, bool]]:
        found = finder(name, own_slug="sam-lee-2")
        return sorted((slug, person.name, role_line(person), slug in finder.unreadable)
                      for slug, person in found)

    with Workspace.open(data_dir) as ws:
        ws.refresh()
        unreadable = {item.slug: item.name for item in ws.people.unreadable()}
        everyone = Namesakes(ws.people.items(), unreadable)
        ws.store_pending()  # the rows of the files read again for ``unreadable``
        from_rows = ws.namesakes()
        names = [*HOSTILE, "sam  LEE", "broken", *unreadable.values(),
                 *(person.name for _, person in sorted(ws.people.items())[:20])]
        for name in names:
            assert shown(from_rows, name) == shown(everyone, name), name
        assert shown(from_rows, "Sam Lee") == [("sam-lee", "Sam Lee", campaign, False)]
        assert shown(from_rows, "broken") == [("broken", "broken", "", True)]


def test_the_chats_to_pick_from_are_those_of_every_record_in_order(
        data_dir: Path, campaign: str, fixed_clock: dt.datetime) -> None:
    with Workspace.open(data_dir) as ws:
        # A meeting in progress (begun before the day it was planned for), and
        # an open chat with no date.
        ws.new_interview(Interview(person="sam-lee", status="scheduled",
                                   scheduled=fixed_clock + dt.timedelta(days=60),
                                   held=fixed_clock))
        ws.new_interview(Interview(person="sam-lee-2", status="idea"))
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        # Each cut: the rows the index gives are the first ones, not any.
        from_rows = {limit: [slug for slug, _ in ws.picked_chats(limit)]
                     for limit in (1, 5, 20, 40, 200)}
        assert not ws.interviews.loaded
        everything = [slug for slug, _ in picking_order(ws.interviews.items())]
    assert from_rows == {limit: everything[:limit] for limit in from_rows}
    assert from_rows[1][0].endswith("sam-lee")
