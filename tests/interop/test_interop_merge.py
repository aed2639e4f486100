"""Matching and planning: idempotent re-imports that never overwrite the user's text."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from tests.typed import mapping, present

from coffeechat.core.models import Person
from coffeechat.interop.linkedin import connection_items, read_connections
from coffeechat.interop.merge import (
    CREATE,
    SKIP,
    UNCHANGED,
    UPDATE,
    Candidate,
    ParseResult,
    Planner,
    apply_plan,
    normalize_linkedin,
    plan_import,
)
from coffeechat.interop.vcard import read_vcards
from coffeechat.storage import Workspace
from coffeechat.storage.errors import ReadOnlyError
from coffeechat.storage.yaml_io import parse


def incoming(*people: Person) -> ParseResult:
    return ParseResult([Candidate(person, f"row {index}") for index, person in
                        enumerate(people, start=1)])


def kinds(plan) -> list[str]:
    return [action.kind for action in plan.actions]


def test_import_twice_changes_nothing_the_second_time(data_dir: Path, sample) -> None:
    parsed = read_connections(sample("Connections.csv"))
    with Workspace.open(data_dir) as ws:
        first = apply_plan(plan_import(parsed, ws), ws)
        assert first.summary() == "6 created, 0 updated, 0 unchanged, 1 skipped"
    before = {path.name: path.read_bytes() for path in (data_dir / "people").iterdir()}
    with Workspace.open(data_dir) as ws:
        plan = plan_import(read_connections(sample("Connections.csv")), ws)
        assert plan.summary() == "0 created, 0 updated, 6 unchanged, 1 skipped"
        apply_plan(plan, ws)
    after = {path.name: path.read_bytes() for path in (data_dir / "people").iterdir()}
    assert after == before


def test_user_edits_survive_and_the_files_values_are_added(data_dir: Path, sample) -> None:
    with Workspace.open(data_dir) as ws:
        apply_plan(plan_import(read_connections(sample("Connections.csv")), ws), ws)
        ada = present(ws.people.get("ada-lovelace")).copy()
        ada.title = "Countess"          # edited by the user
        ada.company = ""                # emptied by the user: an import may fill it again
        ada.contact["email"] = "ada@new.example"
        ada.notes = "Met at the salon"
        ws.people.save("ada-lovelace", ada)
    with Workspace.open(data_dir) as ws:
        plan = plan_import(read_connections(sample("Connections.csv")), ws)
        update = [a for a in plan.actions if a.kind == UPDATE]
        assert [(a.slug, a.changes.filled, a.changes.kept) for a in update] == [
            ("ada-lovelace", ["company", "contact.email2"],
             ["title \u201cHead of Research, Poetry & Science\u201d"])]
        apply_plan(plan, ws)
    data = mapping(parse((data_dir / "people" / "ada-lovelace.yaml").read_bytes()).data)
    assert data["title"] == "Countess"
    assert data["company"] == "Analytical Engines"
    assert data["contact"] == {"email": "ada@new.example", "email2": "ada@analytical.example",
                               "linkedin": data["contact"]["linkedin"]}
    assert data["notes"] == ("Met at the salon\n\n"
                             "From Connections.csv line 5:\n"
                             "title: Head of Research, Poetry & Science\n")


def test_matching_by_url_then_email_then_name_and_company(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="A. Lovelace",
                             contact={"linkedin": "https://linkedin.com/in/ada/"}))
        ws.people.add(Person(name="Grace", contact={"email2": "GRACE@navy.example"}))
        ws.people.add(Person(name="Alan Turing", company="Bletchley Park"))
        plan = plan_import(incoming(
            Person(name="Ada Lovelace", contact={"linkedin": "http://www.LinkedIn.com/in/ada?x=1"}),
            Person(name="Grace Hopper", contact={"email": "grace@NAVY.example"}),
            Person(name="alan  turing", company="BLETCHLEY PARK", title="Codebreaker"),
            Person(name="Alan Turing", company="Elsewhere"),
        ), ws)
    assert [(a.kind, a.slug) for a in plan.actions] == [
        (UNCHANGED, "a-lovelace"), (UNCHANGED, "grace"), (UPDATE, "alan-turing"), (CREATE, "")]


def test_two_linkedin_profiles_are_two_people_even_with_one_name(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Sam Lee", company="Acme",
                             contact={"linkedin": "https://www.linkedin.com/in/sam-lee-1"}))
        plan = plan_import(incoming(Person(
            name="Sam Lee", company="Acme",
            contact={"linkedin": "https://www.linkedin.com/in/sam-lee-2"})), ws)
    assert kinds(plan) == [CREATE]


def test_the_same_person_twice_in_one_import_is_merged_into_the_first(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        plan = plan_import(incoming(
            Person(name="Ada", contact={"email": "ada@x.example"}),
            Person(name="Ada L.", title="Countess", contact={"email": "ADA@x.example"}),
        ), ws)
        assert kinds(plan) == [CREATE, SKIP]
        assert "same person as row 1" in plan.actions[1].reason
        outcome = apply_plan(plan, ws)
        assert present(ws.people.get(outcome.created[0])).title == "Countess"


def test_an_ambiguous_match_is_skipped_not_guessed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Kim", contact={"email": "kim@x.example"}))
        ws.people.add(Person(name="Kim", company="Elsewhere", contact={"email": "kim@x.example"}))
        plan = plan_import(incoming(Person(name="Kim", contact={"email": "kim@x.example"})), ws)
    assert kinds(plan) == [SKIP]
    assert "several people" in plan.actions[0].reason


def test_a_match_in_a_file_with_errors_is_skipped(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    (data_dir / "people" / "kim.yaml").write_text("name: Kim\nconnected_on: someday\n")
    with Workspace.open(data_dir) as ws:
        assert ws.people.entries["kim"].broken
        plan = plan_import(incoming(Person(name="Kim", title="Engineer")), ws)
        assert kinds(plan) == [SKIP]
        assert "kim.yaml" in plan.actions[0].reason
        apply_plan(plan, ws)
    assert "Engineer" not in (data_dir / "people" / "kim.yaml").read_text()


def test_a_read_only_workspace_refuses_before_writing(data_dir: Path) -> None:
    with Workspace.open(data_dir), Workspace.open(data_dir) as ws:
        assert ws.readonly
        plan = plan_import(incoming(Person(name="Ada")), ws)
        with pytest.raises(ReadOnlyError):
            apply_plan(plan, ws)
    assert list((data_dir / "people").iterdir()) == []


def test_vcard_then_linkedin_fill_each_other_in(data_dir: Path, sample) -> None:
    with Workspace.open(data_dir) as ws:
        apply_plan(plan_import(read_vcards([sample("contacts-4.0.vcf")]), ws), ws)
        plan = plan_import(read_connections(sample("Connections.csv")), ws)
        ada = next(a for a in plan.actions if a.name == "Ada Lovelace")
        assert ada.kind == UPDATE
        assert ada.changes.filled == ["title", "how_we_met", "connected_on", "contact.linkedin"]
        apply_plan(plan, ws)
        person = present(ws.people.get("ada-lovelace"))
        assert person.connected_on == dt.date(2026, 11, 25)
        assert person.contact["phone"] == "+44 20 7946 0018"


def test_profile_urls_are_compared_without_their_decoration() -> None:
    assert normalize_linkedin("https://www.linkedin.com/in/Ada/?trk=x") == "linkedin.com/in/ada"
    assert normalize_linkedin("linkedin.com/in/ada") == "linkedin.com/in/ada"


def test_an_email_merged_in_from_a_duplicate_matches_the_rest_of_the_import(
    data_dir: Path,
) -> None:
    rows = incoming(
        Person(name="Ada Lovelace", company="Engines"),
        # Same name and company: merged into row 1, which gains the e-mail.
        Person(name="Ada Lovelace", company="Engines", contact={"email": "ada@x.example"}),
        # Known only by that e-mail: the same person again, not a second one.
        Person(name="A. Lovelace", title="Countess", contact={"email": "ADA@x.example"}),
    )
    with Workspace.open(data_dir) as ws:
        plan = plan_import(rows, ws)
        assert kinds(plan) == [CREATE, SKIP, SKIP]
        assert "same person as row 1 (by e-mail)" in plan.actions[2].reason
        outcome = apply_plan(plan, ws)
        [slug] = outcome.created
        assert present(ws.people.get(slug)).contact == {"email": "ada@x.example"}
        assert present(ws.people.get(slug)).title == "Countess"
    # Nobody shares the address, so importing the same rows again is clean.
    with Workspace.open(data_dir) as ws:
        again = plan_import(rows, ws)
    assert again.summary() == "0 created, 0 updated, 1 unchanged, 2 skipped"
    assert all("several" not in action.reason for action in again.actions)


def test_an_email_filled_into_someone_already_here_matches_the_rest_of_the_import(
    data_dir: Path,
) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Grace Hopper", company="Navy"))
        plan = plan_import(incoming(
            Person(name="Grace Hopper", company="Navy", contact={"email": "g@navy.example"}),
            Person(name="G. Hopper", contact={"email": "g@navy.example"}, title="Admiral"),
        ), ws)
    assert [(a.kind, a.slug) for a in plan.actions] == [(UPDATE, "grace-hopper"), (SKIP, "")]
    assert plan.actions[0].changes.filled == ["contact.email", "title"]


def test_people_with_one_name_and_different_profiles_are_all_created(data_dir: Path) -> None:
    smiths = [Person(name="John Smith", contact={"linkedin": f"linkedin.com/in/js{n}"})
              for n in range(3)]
    with Workspace.open(data_dir) as ws:
        plan = plan_import(incoming(*smiths, Person(name="John Smith")), ws)
    assert kinds(plan) == [CREATE, CREATE, CREATE, SKIP]
    assert "matches several people" in plan.actions[3].reason


def test_a_long_file_is_planned_in_memory_that_hardly_grows(data_dir: Path, tmp_path) -> None:
    def peak(rows: int) -> int:
        source = tmp_path / f"{rows}.csv"
        source.write_text("First Name,Last Name,URL,Email Address,Company\n" + "".join(
            f"F{n},L{n},https://www.linkedin.com/in/p{n},{f'e{n}@x.io' if n % 10 == 0 else ''},"
            f"C{n % 97}\n" for n in range(rows)))
        tracemalloc.start()
        planner = Planner(Workspace(data_dir, readonly=True), keep=False)
        for item in connection_items(source):
            planner.release(planner.add(item))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert planner.plan.count(CREATE) == rows
        return peak

    # Sizes nine times apart, as tables grow by doubling: each size sits at the
    # same point of its table's growth as at twice the rows.
    small, large = peak(1_000), peak(9_000)
    # A few dozen bytes a row for the lookups, nothing for the people themselves.
    assert (large - small) / 8_000 < 150
