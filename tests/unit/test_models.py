"""Records: validation reports every problem at once, with positions and hints."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from coffeechat.core.models import (
    BankQuestion,
    Company,
    Debrief,
    Followup,
    Interview,
    InterviewQuestion,
    Outreach,
    Person,
    Promise,
    QuestionBank,
    Referral,
    Severity,
    fields,
)
from coffeechat.core.models.bank import STAGES
from coffeechat.core.models.interview import (
    CHANNELS,
    FOLLOWUP_KINDS,
    FORMATS,
    OPEN_STATUSES,
    STATUSES,
)
from coffeechat.core.models.schema import Record, decode_trusted, stored_fields
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.settings import Settings

ALL_RECORDS = [Person, Company, Interview, Outreach, InterviewQuestion, Referral, Promise,
               Followup, Debrief, QuestionBank, BankQuestion, Settings]


@pytest.mark.parametrize("cls", ALL_RECORDS)
def test_every_compared_field_is_stored_in_declaration_order(cls: type) -> None:
    compared = [f.name for f in dataclasses.fields(cls) if f.compare and f.name != "extra"]
    assert [spec.name for spec in stored_fields(cls)] == compared


def test_a_compared_field_declared_without_a_helper_is_refused() -> None:
    @dataclasses.dataclass
    class Loose(Record):
        name: str = fields.text()
        rank: int = 0

    with pytest.raises(TypeError, match=r"Loose\.rank"):
        stored_fields(Loose)


def decode(cls: type, text: str):
    return decode_record(cls, text.encode(), Path("people/x.yaml"))


def test_person_with_every_field_round_trips() -> None:
    person = Person(
        name="No", company="null", title="1:20", how_we_met="~", introduced_by="sam",
        knows=["a", "b"], tags=["Yes", "01234"], contact={"email": "x@example.com"},
        learn="how\nthings work", links=["https://example.com"],
        connected_on=dt.date(2024, 3, 1), notes="# Notes\n\n- one\n",
        extra={"x-color": "blue"},
    )
    back, problems = decode_record(Person, encode_record(person), None)
    assert problems == []
    assert back == person


def test_file_starts_with_schema_and_keeps_field_order() -> None:
    raw = encode_record(Person(name="A", company="B", title="C")).decode()
    assert raw.splitlines()[:4] == ["schema: 1", "name: A", "company: B", "title: C"]


def test_every_problem_is_reported_at_once_with_positions() -> None:
    person, problems = decode(Person, "name: [a]\nknows: {x: 1}\ncompnay: Acme\n"
                                      "connected_on: yesterday\n")
    assert person is not None
    found = {(p.field, p.line, p.severity) for p in problems}
    assert ("name", 1, Severity.ERROR) in found
    assert ("knows", 2, Severity.ERROR) in found
    assert ("compnay", 3, Severity.WARNING) in found
    assert ("connected_on", 4, Severity.ERROR) in found
    typo = next(p for p in problems if p.field == "compnay")
    assert typo.suggestion == "company"
    assert "did you mean 'company'" in typo.format()


def test_unknown_fields_are_kept_and_written_back() -> None:
    person, problems = decode(Person, "name: A\nfavourite_tea: oolong\nx-rank: 3\n")
    assert person.extra == {"favourite_tea": "oolong", "x-rank": "3"}
    assert [p.field for p in problems] == ["favourite_tea"]  # x- fields are silent
    assert b"favourite_tea: oolong" in encode_record(person)


def test_missing_name_is_an_error() -> None:
    _, problems = decode(Person, "company: Acme\n")
    assert any("required" in p.message for p in problems)


def test_a_list_where_a_mapping_belongs_is_an_error() -> None:
    person, problems = decode(Person, "- a\n- b\n")
    assert person is None
    assert "expected a mapping" in problems[0].message


def test_newer_schema_is_refused() -> None:
    _, problems = decode(Person, "schema: 7\nname: A\n")
    assert any("newer coffeechat" in p.message for p in problems)


def test_single_tag_is_accepted_as_a_list() -> None:
    person, problems = decode(Person, "name: A\ntags: friend\n")
    assert (person.tags, problems) == (["friend"], [])


def test_interview_nested_problems_name_the_item() -> None:
    text = (
        "person: sam\nstatus: maybe\nformat: zoom\nscheduled: 2026-13-01 10:00\n"
        "questions:\n  - text: Why?\n    asked: perhaps\n  - asked: yes\n"
        "followups:\n  - kind: thank-you\n    due: 2026-12-01\n"
    )
    interview, problems = decode(Interview, text)
    fields = {p.field for p in problems}
    assert {"status", "format", "scheduled", "questions.0.asked", "questions.1"} <= fields
    status = next(p for p in problems if p.field == "status")
    assert "idea, asked, scheduled" in status.message
    assert interview.followups[0].due == dt.date(2026, 12, 1)


def test_the_choices_derived_from_literal_types_keep_their_order() -> None:
    assert STATUSES == ("idea", "asked", "scheduled", "done", "declined", "cancelled")
    assert set(OPEN_STATUSES) < set(STATUSES)
    assert FORMATS == ("in-person", "video", "phone")
    assert CHANNELS == ("message", "email", "call", "in-person", "other")
    assert FOLLOWUP_KINDS == ("thank-you", "introduce", "reach-out", "update", "nudge", "other")
    assert STAGES == ("opening", "core", "closing")


def test_dates_and_times_people_type_are_understood() -> None:
    for text, expected in [
        ("2026-12-03 10:00", dt.datetime(2026, 12, 3, 10, 0)),
        ("2026-12-03T10:00:00", dt.datetime(2026, 12, 3, 10, 0)),
        ("2026-12-03", dt.datetime(2026, 12, 3, 0, 0)),
    ]:
        interview, problems = decode(Interview, f"person: a\nscheduled: {text}\n")
        assert problems == [] and interview.scheduled == expected


def test_interview_round_trips_through_file_and_cache() -> None:
    interview = Interview(
        person="sam", status="done", goals=["explore-role"], intent="Learn",
        format="video", scheduled=dt.datetime(2026, 12, 3, 10, 0), duration=30,
        created=dt.date(2026, 11, 20),
        outreach=[Outreach(date=dt.datetime(2026, 11, 20, 9, 0), channel="email", text="Hi")],
        promises=[Promise(who="sam", what="introduce me to Kim")],
        questions=[InterviewQuestion(text="Why?", bank="b", id="q", asked=True, answer="No")],
        notes="[10:01] started\n", referrals=[Referral(person="kim", why="runs the team")],
        followups=[Followup(kind="thank-you", to="sam", due=dt.date(2026, 12, 4))],
        debrief=Debrief(learned="a lot"),
    )
    back, problems = decode_record(Interview, encode_record(interview), None)
    assert problems == [] and back == interview
    assert decode_trusted(Interview, interview.encode_for_cache()) == interview
    assert interview.copy() == interview and interview.copy() is not interview


def test_an_old_snooze_name_is_read_and_written_under_the_new_one() -> None:
    text = ("person: sam\nstatus: asked\nx-snoozed-until: 2026-12-01\nx-priority: high\n"
            "promises:\n- what: intro\n  x-snoozed-until: 2026-12-02\n  x-mood: good\n")
    interview, problems = decode(Interview, text)
    assert problems == []
    assert interview.snoozed_until == dt.date(2026, 12, 1)
    assert interview.promises[0].snoozed_until == dt.date(2026, 12, 2)
    assert interview.extra == {"x-priority": "high"}
    assert interview.promises[0].extra == {"x-mood": "good"}
    raw = encode_record(interview).decode()
    assert "x-snoozed-until" not in raw
    assert "\nsnoozed_until: 2026-12-01\n" in raw and "\n  snoozed_until: 2026-12-02\n" in raw
    assert "\nx-priority: high\n" in raw and "\n  x-mood: good\n" in raw
    assert decode_record(Interview, raw.encode(), None) == (interview, [])
    assert decode_trusted(Interview, interview.encode_for_cache()) == interview


def test_the_new_snooze_name_wins_over_the_old_one() -> None:
    interview, problems = decode(
        Interview, "person: sam\nx-snoozed-until: 2026-12-01\nsnoozed_until: 2026-12-05\n")
    assert problems == [] and interview.extra == {}
    assert interview.snoozed_until == dt.date(2026, 12, 5)


def test_question_asked_flag_is_always_written() -> None:
    raw = encode_record(Interview(person="a", questions=[InterviewQuestion(text="Q")]))
    assert b"asked: false" in raw


def test_as_json_uses_the_yaml_field_names() -> None:
    data = Interview(person="a", scheduled=dt.datetime(2026, 1, 2, 3, 4)).as_json()
    assert data["person"] == "a" and data["scheduled"] == "2026-01-02T03:04:00"
    assert "debrief" in data and "extra" not in data


def test_documented_examples_load_without_problems() -> None:
    import re

    from coffeechat.core.drafts import MessageTemplate

    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.S)
    assert len(blocks) == 5
    for cls, block in zip([Person, Company, Interview, QuestionBank, MessageTemplate], blocks,
                          strict=True):
        record, problems = decode_record(cls, block.encode(), None)
        assert record is not None and problems == [], (cls.__name__, problems)


def test_three_way_keeps_both_sides_changes_and_names_clashes() -> None:
    from coffeechat.core.models.schema import three_way

    base = Person(name="Ada", title="Engineer", notes="old", tags=["a"])
    mine = Person(name="Ada", title="Manager", notes="old", tags=["a", "b"])
    theirs = Person(name="Ada", title="Engineer", notes="new elsewhere", tags=["a"])
    merged, clashes = three_way(base, mine, theirs)
    assert (merged.title, merged.notes, merged.tags, clashes) == (
        "Manager", "new elsewhere", ["a", "b"], [])
    merged.tags.append("c")
    assert mine.tags == ["a", "b"]
    # Tags merge item by item: theirs dropped "a", mine added "b".
    merged, clashes = three_way(base, mine, Person(name="Ada", title="Director", notes="old"))
    assert (merged.title, merged.tags, clashes) == ("Manager", ["b"], ["title"])
