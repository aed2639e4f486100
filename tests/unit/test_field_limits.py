"""A field holding more text than anyone types is a problem, not a slow screen."""

from __future__ import annotations

from coffeechat.core.models import Interview, Person
from coffeechat.core.models.codecs import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from coffeechat.core.wording import plural
from coffeechat.storage.records import decode_record


def test_a_huge_name_is_an_error_with_its_position():
    raw = b"schema: 1\ntitle: ok\nname: " + b"x" * (SHORT_TEXT_LIMIT + 1) + b"\n"
    person, problems = decode_record(Person, raw, None)
    messages = [(problem.line, problem.field, problem.message) for problem in problems]
    assert (3, "name", "10,001 characters; the limit for this field is 10,000, so the file "
            "was not loaded") in messages
    assert person is not None and person.name == ""


def test_notes_may_be_long_but_not_endless():
    fine = b"name: Ada\nnotes: " + b"n" * 500_000 + b"\n"
    assert decode_record(Person, fine, None)[1] == []
    huge = b"person: ana\nnotes: " + b"n" * (LONG_TEXT_LIMIT + 1) + b"\n"
    assert [problem.field for problem in decode_record(Interview, huge, None)[1]] == ["notes"]


def test_every_item_of_a_list_and_of_a_mapping_is_capped():
    raw = (b"name: Ada\ntags:\n- ok\n- " + b"t" * (SHORT_TEXT_LIMIT + 1)
           + b"\ncontact:\n  email: " + b"e" * (SHORT_TEXT_LIMIT + 1) + b"\n")
    fields = [problem.field for problem in decode_record(Person, raw, None)[1]]
    assert fields == ["tags.1", "contact.email"]


def test_counts_are_words():
    assert plural(1, "contact") == "1 contact"
    assert plural(0, "day") == "0 days"
    assert plural(2, "person", "people") == "2 people"
    assert plural(12_000, "question") == "12,000 questions"
