"""The record merge behind git's merge driver and Syncthing's copies: field by
field, lists by identity, long text line by line, never a marker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.core.merging import merge_lines
from coffeechat.core.models import Interview, Person
from coffeechat.core.models.interview import Followup, InterviewQuestion, Promise, Referral
from coffeechat.core.models.schema import three_way, two_way
from coffeechat.storage.conflicts import merge_versions
from coffeechat.storage.records import decode_record, encode_record

# -- long text ----------------------------------------------------------------------------


def test_notes_typed_the_same_day_on_two_machines_keep_both() -> None:
    base = "## 2026-11-24\nAsked about the team.\n"
    laptop = base + "## 2026-11-25\nAt the café: she moved to the data team.\n"
    desktop = base + "## 2026-11-25\nPlan: send the article she mentioned.\n"
    merged, clean = merge_lines(base, laptop, desktop)
    assert clean
    assert merged == ("## 2026-11-24\nAsked about the team.\n## 2026-11-25\n"
                      "At the café: she moved to the data team.\n"
                      "Plan: send the article she mentioned.\n")


def test_a_line_fixed_on_one_machine_and_notes_added_on_the_other_merge() -> None:
    base = "## Tue\nAsked about the move into product.\n"
    laptop = base + "## Wed\nCafé: the data team is hiring.\n"
    desktop = "## Tue\nAsked about the move into product!\n## Wed\nHome: ask Sam for an intro.\n"
    merged, clean = merge_lines(base, desktop, laptop)
    assert clean
    assert merged == ("## Tue\nAsked about the move into product!\n## Wed\n"
                      "Home: ask Sam for an intro.\nCafé: the data team is hiring.\n")


def test_different_lines_merge_and_the_same_line_clashes() -> None:
    base = "one\ntwo\nthree\n"
    assert merge_lines(base, "ONE\ntwo\nthree\n", "one\ntwo\nTHREE\n") == (
        "ONE\ntwo\nTHREE\n", True)
    merged, clean = merge_lines(base, "one\n2\nthree\n", "one\nTWO\nthree\n")
    assert (merged, clean) == ("one\n2\nthree\n", False)


def test_empty_notes_filled_on_both_sides_keep_both() -> None:
    assert merge_lines("", "from the laptop", "from the desktop") == (
        "from the laptop\nfrom the desktop", True)


lines = st.lists(st.sampled_from(["a", "b", "c", "", "notes", "## day"]), max_size=8)
texts = lines.map("\n".join)


@settings(max_examples=300, deadline=None)
@given(base=texts, mine=texts)
def test_text_changed_on_one_side_only_is_that_side(base: str, mine: str) -> None:
    assert merge_lines(base, mine, base) == (mine, True)
    assert merge_lines(base, base, mine) == (mine, True)
    assert merge_lines(base, mine, mine) == (mine, True)


@settings(max_examples=300, deadline=None)
@given(base=lines, added_mine=lines, added_theirs=lines)
def test_appending_on_both_sides_loses_no_line(base: list[str], added_mine: list[str],
                                               added_theirs: list[str]) -> None:
    old = "\n".join(["start", *base])
    mine = "\n".join(["start", *base, "mine", *added_mine])
    theirs = "\n".join(["start", *base, "theirs", *added_theirs])
    merged, clean = merge_lines(old, mine, theirs)
    assert clean
    out = merged.split("\n")
    for line in ["mine", *added_mine, "theirs", *added_theirs]:
        assert line in out


# -- records ------------------------------------------------------------------------------


def test_scalar_fields_changed_on_each_side_merge() -> None:
    base = Person(name="Ada", title="Engineer")
    merged, clashes = three_way(base, Person(name="Ada", title="Manager"),
                                Person(name="Ada", title="Engineer", company="Acme"))
    assert (merged.title, merged.company, clashes) == ("Manager", "Acme", [])


def test_the_same_field_changed_differently_is_a_clash_holding_mine() -> None:
    base = Person(name="Ada", title="Engineer")
    merged, clashes = three_way(base, Person(name="Ada", title="Manager"),
                                Person(name="Ada", title="Director"))
    assert (merged.title, clashes) == ("Manager", ["title"])


def _question(qid: str, *, asked: bool = False, answer: str = "") -> InterviewQuestion:
    return InterviewQuestion(text=f"Question {qid}?", bank="core", id=qid, asked=asked,
                             answer=answer)


def test_questions_merge_by_id_and_keep_their_order() -> None:
    base = Interview(person="ada", questions=[_question("q1"), _question("q2")])
    mine = Interview(person="ada", questions=[
        _question("q1", asked=True, answer="Ten years"), _question("q2"), _question("q3")])
    theirs = Interview(person="ada", questions=[
        _question("q1"), _question("q2", answer="Data team"), _question("q4")])
    merged, clashes = three_way(base, mine, theirs)
    assert clashes == []
    assert [(q.id, q.asked, q.answer) for q in merged.questions] == [
        ("q1", True, "Ten years"), ("q2", False, "Data team"), ("q3", False, ""),
        ("q4", False, "")]


def test_list_items_merge_by_what_identifies_them() -> None:
    day = dt.date(2026, 11, 25)
    base = Interview(person="ada", promises=[Promise(who="ada", what="intro to Sam")],
                     followups=[Followup(kind="thank-you", to="ada", due=day)],
                     referrals=[Referral(person="sam")])
    mine = base.copy()
    mine.promises[0].done = True
    mine.referrals.append(Referral(person="kim"))
    theirs = base.copy()
    theirs.followups[0].note = "Mention the article"
    theirs.referrals[0].why = "Runs the data team"
    merged, clashes = three_way(base, mine, theirs)
    assert clashes == []
    assert merged.promises[0].done
    assert merged.followups[0].note == "Mention the article"
    assert [(r.person, r.why) for r in merged.referrals] == [
        ("sam", "Runs the data team"), ("kim", "")]


def test_an_item_edited_on_one_side_and_removed_on_the_other_survives() -> None:
    base = Interview(person="ada", questions=[_question("q1"), _question("q2")])
    mine = Interview(person="ada", questions=[_question("q1", answer="kept")])
    theirs = Interview(person="ada", questions=[_question("q2")])
    merged, clashes = three_way(base, theirs, mine)
    assert [(q.id, q.answer) for q in merged.questions] == [("q1", "kept")]
    assert clashes == []


# -- property: nothing lost, identical edits, symmetry --------------------------------------

names = st.sampled_from(["Engineer", "Manager", "", "Director"])
tags = st.lists(st.sampled_from(["alum", "data", "warm", "ml"]), unique=True, max_size=4)
# Lines of a note unique, so a line one side added cannot cancel one the other removed.
notes = st.lists(st.sampled_from(["met", "coffee", "call back", ""]), max_size=4,
                 unique=True).map("\n".join)
people = st.builds(lambda title, company, tag_list, text: Person(
    name="Ada", title=title, company=company, tags=tag_list, notes=text),
    names, st.sampled_from(["Acme", "Initech", ""]), tags, notes)


@settings(max_examples=300, deadline=None)
@given(base=people, mine=people, theirs=people)
def test_a_field_value_is_never_lost(base: Person, mine: Person, theirs: Person) -> None:
    merged, clashes = three_way(base, mine, theirs)
    kept, other_clashes = three_way(base, theirs, mine)
    assert sorted(clashes) == sorted(other_clashes)
    for field in ("title", "company", "tags", "notes"):
        if getattr(theirs, field) != getattr(base, field) and field not in clashes:
            # Their change is in the merge, or merged inside the field.
            value = getattr(merged, field)
            assert value == getattr(theirs, field) or value != getattr(base, field)
        if field in clashes:
            # The file holds mine, the copy kept aside holds theirs.
            assert getattr(merged, field) == getattr(mine, field)
            assert getattr(kept, field) == getattr(theirs, field)


@settings(max_examples=300, deadline=None)
@given(base=people, edit=people)
def test_identical_edits_merge_to_themselves(base: Person, edit: Person) -> None:
    assert three_way(base, edit, edit) == (edit, [])
    assert two_way(edit, edit) == (edit, [])


@settings(max_examples=300, deadline=None)
@given(base=people, mine=people, theirs=people)
def test_edits_of_different_fields_merge_the_same_either_way(
        base: Person, mine: Person, theirs: Person) -> None:
    # Mine edits the title and company, theirs the tags and notes.
    ours = Person(name="Ada", title=mine.title, company=mine.company, tags=base.tags,
                  notes=base.notes)
    other = Person(name="Ada", title=base.title, company=base.company, tags=theirs.tags,
                   notes=theirs.notes)
    start = Person(name="Ada", title=base.title, company=base.company, tags=base.tags,
                   notes=base.notes)
    one, clashes = three_way(start, ours, other)
    two, other_clashes = three_way(start, other, ours)
    assert (one, clashes) == (two, other_clashes) == (
        Person(name="Ada", title=mine.title, company=mine.company, tags=theirs.tags,
               notes=theirs.notes), [])


# -- files --------------------------------------------------------------------------------


def _raw(record: Person | Interview) -> bytes:
    return encode_record(record)


def test_a_file_merge_never_writes_a_marker() -> None:
    base = _raw(Person(name="Ada", title="Engineer"))
    ours = _raw(Person(name="Ada", title="Manager"))
    theirs = _raw(Person(name="Ada", title="Director"))
    outcome = merge_versions(base, ours, theirs, Person)
    assert outcome.clashes == ("title",) and not outcome.clean
    assert b"<<<<<<<" not in outcome.merged and b">>>>>>>" not in outcome.merged
    merged, problems = decode_record(Person, outcome.merged, None)
    assert problems == [] and merged is not None and merged.title == "Manager"
    assert outcome.aside is not None
    kept, _ = decode_record(Person, outcome.aside, None)
    assert kept is not None and kept.title == "Director"


def test_a_file_that_is_not_a_record_goes_aside_whole() -> None:
    ours = _raw(Person(name="Ada"))
    outcome = merge_versions(ours, ours + b"title: [unclosed\n", b"name: Ada\nnotes: x\n",
                             Person)
    assert outcome.merged == ours + b"title: [unclosed\n"
    assert outcome.aside == b"name: Ada\nnotes: x\n"


def test_a_record_added_on_both_sides_is_not_merged_into_one() -> None:
    outcome = merge_versions(b"", _raw(Person(name="Sam Lee", company="Acme")),
                             _raw(Person(name="Sam Lee", company="Initech")), Person)
    assert outcome.both_added and not outcome.clean


def test_two_way_keeps_what_either_side_added() -> None:
    mine = Person(name="Ada", tags=["alum"], notes="met\nlaptop line")
    theirs = Person(name="Ada", title="CTO", tags=["data"], notes="met\ndesktop line")
    merged, clashes = two_way(mine, theirs)
    assert clashes == []
    assert (merged.title, merged.tags, merged.notes) == (
        "CTO", ["alum", "data"], "met\nlaptop line\ndesktop line")


def test_the_copy_kept_aside_differs_from_the_file_in_the_clashing_field_alone() -> None:
    base = _raw(Person(name="Ada", title="Engineer"))
    ours = _raw(Person(name="Ada", title="Manager", notes="Laptop line\n"))
    theirs = _raw(Person(name="Ada", title="Director", notes="Desktop line\n"))
    outcome = merge_versions(base, ours, theirs, Person)
    assert outcome.aside is not None
    merged, _ = decode_record(Person, outcome.merged, None)
    kept, _ = decode_record(Person, outcome.aside, None)
    assert merged is not None and kept is not None
    assert (merged.title, kept.title) == ("Manager", "Director")
    assert merged.notes == kept.notes == "Laptop line\nDesktop line\n"


def test_a_syncthing_copy_is_listed_by_check_and_is_no_record_of_its_own(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from coffeechat.cli import main

    (data_dir / "people").mkdir(parents=True)
    (data_dir / "people" / "ada.yaml").write_bytes(_raw(Person(name="Ada", title="Engineer")))
    (data_dir / "people" / "ada.sync-conflict-20261125-101500-ABCDEFG.yaml").write_bytes(
        _raw(Person(name="Ada", title="Director")))
    assert main(["people", "list", "--json", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.count('"slug"') == 1
    assert main(["check", "--data-dir", str(data_dir)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (f"{data_dir / 'people' / 'ada.yaml'}: warning: another version is "
            "kept in people/ada.sync-conflict-20261125-101500-ABCDEFG.yaml: "
            "title: 'Engineer' here, 'Director' there") in lines
