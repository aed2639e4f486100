"""People rules shared by the form and the CLI: lookups, namesakes, display lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.core.models import Company, Person
from coffeechat.core.people import (
    UNREADABLE,
    AmbiguousPerson,
    Namesakes,
    NoSuchPerson,
    display_name,
    name_key,
    namesakes,
    resolve_person,
    role_line,
    shown_link,
    told_apart,
    which_namesake,
)
from coffeechat.storage import Workspace

PEOPLE = {
    "ada": Person(name="Ada Lovelace", company="Acme", title="Engineer"),
    "ada-2": Person(name="ada  lovelace", company="Telus"),
    "bob": Person(name="Bob"),
    # A slug that is also someone else's name: the slug wins.
    "cy": Person(name="Cy"),
    "cy-2": Person(name="cy"),
}


def test_a_slug_or_a_unique_name_resolves() -> None:
    assert resolve_person("bob", PEOPLE) == "bob"
    assert resolve_person("  BOB ", PEOPLE) == "bob"
    assert resolve_person("ada-2", PEOPLE) == "ada-2"
    assert resolve_person("cy", PEOPLE) == "cy"


def test_an_ambiguous_name_is_an_error_naming_every_candidate() -> None:
    with pytest.raises(AmbiguousPerson) as raised:
        resolve_person("Ada Lovelace", PEOPLE)
    assert raised.value.slugs == ["ada", "ada-2"]
    assert str(raised.value) == ("'Ada Lovelace' matches 2 people: ada (Engineer @ Acme), "
                                 "ada-2 (Telus); use the slug")


def test_nobody_is_an_error_with_the_nearest_slug() -> None:
    with pytest.raises(NoSuchPerson) as raised:
        resolve_person("bobb", PEOPLE)
    assert (raised.value.reference, raised.value.hint) == ("bobb", "bob")
    assert str(raised.value) == "no person 'bobb' (did you mean 'bob'?)"
    with pytest.raises(NoSuchPerson, match=r"^no person 'zzz'$"):
        resolve_person("zzz", PEOPLE)


def test_resolving_works_on_the_store_collection(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        slug = ws.people.add(Person(name="Ana Lima"))
        assert resolve_person("ana lima", ws.people) == slug


def test_namesakes_ignore_case_spacing_and_the_person_being_edited() -> None:
    assert [slug for slug, _ in namesakes(" ADA lovelace", PEOPLE.items())] == ["ada", "ada-2"]
    assert [slug for slug, _ in namesakes("Ada Lovelace", PEOPLE.items(), own_slug="ada")] == [
        "ada-2"]
    assert namesakes("Nobody", PEOPLE.items()) == []


def test_blank_names_are_nobody_s_namesakes() -> None:
    blanks = {"x": Person(name=""), "y": Person(name="  ")}
    assert namesakes("", blanks.items()) == []
    assert namesakes("   ", blanks.items()) == []


def test_name_key_folds_letters_and_keeps_scripts() -> None:
    assert name_key("  Zoë\tO'Brien ") == "zoe o'brien"
    assert name_key("نور صالح") == "نور صالح"


@pytest.mark.parametrize(("title", "company", "line"), [
    ("Buyer", "Aritzia", "Buyer @ Aritzia"),
    ("Buyer", "", "Buyer"),
    ("", "Aritzia", "Aritzia"),
    ("", "", ""),
])
def test_role_line(title: str, company: str, line: str) -> None:
    assert role_line(Person(title=title, company=company)) == line


def test_display_name_falls_back_to_the_slug() -> None:
    assert display_name(Person(name="No"), "no") == "No"
    assert display_name(Person(name=""), "untitled") == "untitled"
    assert display_name(None, "gone") == "gone"


def test_ensure_company_finds_or_creates_the_file(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        existing = ws.companies.add(Company(name="Aritzia"))
        assert ws.ensure_company("aritzia ") == existing
        created = ws.ensure_company("Shopify")
        assert (data_dir / "companies" / f"{created}.yaml").exists()
        assert ws.ensure_company("Shopify") == created
        assert sorted(company.name for _, company in ws.companies.items()) == [
            "Aritzia", "Shopify"]


def test_people_whose_files_cannot_be_read_are_namesakes_by_the_name_read() -> None:
    unreadable = {"aiko": "Aiko Inoue", "garbled": ""}
    found = namesakes("aiko  INOUE", PEOPLE.items(), unreadable=unreadable)
    assert [(slug, person.name) for slug, person in found] == [("aiko", "Aiko Inoue")]
    # One whose text names nobody stands by its file's name, as Network shows it.
    assert [slug for slug, _ in namesakes("Garbled", PEOPLE.items(),
                                          unreadable=unreadable)] == ["garbled"]
    assert namesakes("Aiko Inoue", PEOPLE.items(), own_slug="aiko",
                     unreadable=unreadable) == []
    # Readable and unreadable alike, in one list, told apart.
    both = namesakes("bob", PEOPLE.items(), unreadable={"bob-2": "Bob"})
    assert [slug for slug, _ in both] == ["bob", "bob-2"]
    assert told_apart(both, unreadable={"bob-2"}) == "bob, bob-2 (file cannot be read)"


def test_a_link_is_shown_by_name_only_where_the_name_resolves_back_to_it() -> None:
    odd = {"lee": "Lee, Ann", "sol": " Sol ", "tab": "Ann\tLee", "no": "No", "null": "null",
           "wang": "王小明 ☕", "rtl": "דניאל מזרחי"}
    known = Namesakes([*PEOPLE.items(), *((slug, Person(name=name)) for slug, name in odd.items())],
                      {"aiko": "Aiko Inoue"})
    # Each shown value, typed back, names the same person.
    shown = {slug: shown_link(slug, name, known) for slug, name in [
        ("bob", "Bob"), ("ada", "Ada Lovelace"), ("cy", "Cy"), ("cy-2", "cy"),
        ("aiko", "Aiko Inoue"), ("gone", ""), *odd.items()]}
    assert shown == {"bob": "Bob", "ada": "ada", "cy": "cy", "cy-2": "cy-2", "aiko": "aiko",
                     "gone": "gone", "lee": "lee", "sol": "sol", "tab": "tab", "no": "No",
                     "null": "null", "wang": "王小明 ☕", "rtl": "דניאל מזרחי"}
    for slug, text in shown.items():
        if known.has(slug):
            assert resolve_person(text, known) == slug


def test_a_link_by_slug_says_which_namesake_it_is() -> None:
    same = [("ada", PEOPLE["ada"]), ("ada-2", PEOPLE["ada-2"]), ("no", Person(name="No"))]
    assert which_namesake("ada-2", "Ada Lovelace", same[:2]) == (
        "ada-2: Telus; 2 are called Ada Lovelace")
    assert which_namesake("no", "No", same, unreadable={"no"}) == (
        f"no: {UNREADABLE}; 3 are called No")
    assert which_namesake("bob", "Bob", [("bob", PEOPLE["bob"])]) is None  # nobody else
    assert which_namesake("null", "null", [("null", Person(name="null")),
                                           ("null-2", Person(name="null"))]) == (
        "null: 2 are called null")  # no role to tell: the count still says it
    assert which_namesake("zed", "Ada Lovelace", same[:2]) is None  # not among them


def test_namesakes_asked_of_many_names_answer_as_the_rule_does() -> None:
    finder = Namesakes(PEOPLE.items(), {"aiko": "Aiko Inoue"})
    for name in ("Ada Lovelace", "aiko inoue", "cy", "", "nobody"):
        assert finder(name) == namesakes(name, PEOPLE.items(),
                                         unreadable={"aiko": "Aiko Inoue"})
    assert finder.unreadable == {"aiko"}
