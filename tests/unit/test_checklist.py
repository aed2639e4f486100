"""The research checklist beside a plan, from the records alone."""

from __future__ import annotations

import datetime as dt

from coffeechat.core.checklist import Check, research_checklist
from coffeechat.core.models import Company, Interview, InterviewQuestion, Person


def test_a_fresh_interview_has_everything_still_to_do():
    checks = research_checklist(Interview(person="ana-lima"), None, None)
    assert checks == [
        Check(False, "Company researched: their company", "company"),
        Check(False, "Person researched: ana-lima", "person"),
        Check(False, "Goals chosen"),
        Check(False, "Intent written"),
        Check(False, "Questions ready (0)"),
        Check(False, "Format and time set"),
    ]


def test_each_item_ticks_when_its_record_has_it():
    interview = Interview(person="ana-lima", company="Aritzia", goals=["explore-role"],
                          intent="How buying works", format="video",
                          scheduled=dt.datetime(2026, 12, 1, 9, 0),
                          questions=[InterviewQuestion(text="What surprised you?")])
    checks = research_checklist(interview, Person(name="Ana Lima", notes="Ten years in"),
                                Company(name="Aritzia", notes="Vancouver"))
    assert all(check.done for check in checks)
    assert [check.label for check in checks[:2]] == ["Company researched: Aritzia",
                                                       "Person researched: Ana Lima"]
    assert checks[4].label == "Questions ready (1)"


def test_blank_notes_intent_and_a_time_without_format_do_not_count():
    interview = Interview(person="ana-lima", intent="  ",
                          scheduled=dt.datetime(2026, 12, 1, 9, 0))
    checks = research_checklist(interview, Person(name="Ana", notes="\n"),
                                Company(name="Aritzia", notes=" "))
    assert not any(check.done for check in checks)


def test_a_person_whose_file_cannot_be_read_is_named_as_far_as_known():
    checks = research_checklist(Interview(person="aiko-inoue"), None, None, name="Aiko Inoue")
    assert checks[1] == Check(False, "Person researched: Aiko Inoue", "person")
