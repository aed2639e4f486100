"""The palette's names, asked of the index as the query is typed: every name
the fuzzy matcher would take is among those the index gives, whatever the
letters, and a query of a letter or two gives the likeliest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.fuzzy import Matcher

from coffeechat.core.models import Company, Interview, Person
from coffeechat.storage import Workspace
from coffeechat.storage.index.jumps import letters_in_order

NAMES = ["İlker Yılmaz", "Kate Kelvin", "Émile Zola", "ÉMILE ZOLA", "100% Pure_Joy",
         "back\\slash", "No", "null", "1:20", "Ann  Lee", "Zoë ‘Øster’", "ß Straße",
         "Dan Brown", "Ana Lima", "Xanadu", "[red]Ann[/red]"]
QUERIES = ["i", "ilker", "İlker", "k", "kelvin", "émile", "EMILE", "100%", "%", "_", "pure_",
           "\\", "no", "null", "1:2", "ann lee", "ann  lee", "zoë", "oster", "ss", "ß",
           "person: an", "company", "interview: no", "pan", "an", "a", " ", "zz", "[red]"]


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("jump") / "data"
    with Workspace.open(data_dir) as ws:
        for number, name in enumerate(NAMES):
            ws.people.add(Person(name=name, company="Acme" if number % 2 else "ACME  inc"),
                          slug=f"p{number}")
        ws.companies.add(Company(name="Straße & Co"), slug="strasse")
        ws.interviews.add(Interview(person="p6"), slug="2026-11-01-p6")
        ws.sync()
    return data_dir


@pytest.mark.parametrize("query", QUERIES)
def test_every_name_the_matcher_takes_is_given(named: Path, query: str) -> None:
    with Workspace.open(named, readonly=True) as ws:
        given = {name.text for name in ws.index.names_matching(query, 1000)}
        every = {name.text for name in ws.index.names_matching("", 1000)}
    assert len(every) == len(NAMES) + 2
    matcher = Matcher(query)
    taken = {text for text in every if matcher.match(text) > 0}
    assert taken <= given
    # And the index narrows where it can: a letter it compares rules out texts.
    if query == "zz":
        assert given == set()


def test_a_short_query_gives_the_names_it_starts_first(named: Path) -> None:
    with Workspace.open(named, readonly=True) as ws:
        first = [name.text for name in ws.index.names_matching("an", 3)]
    # "Ana Lima" and "Ann  Lee" start a word with it; "Dan Brown" and "Xanadu" hold it.
    assert sorted(first[:2]) == ["person: Ana Lima", "person: Ann  Lee"]


def test_employers_are_counted_as_named_on_people(named: Path) -> None:
    with Workspace.open(named, readonly=True) as ws:
        assert ws.index.employers_matching("acme") == [("ACME  inc", 8), ("Acme", 8)]
        assert ws.index.employers_matching("globex") == []
        assert ws.index.company_names() == ["Straße & Co"]


def test_the_pattern_escapes_what_like_reads_as_wildcards() -> None:
    assert letters_in_order("a%_\\b") == "%a%\\%%\\_%\\\\%b%"
    assert letters_in_order("İlk") == "%l%"
    assert letters_in_order("ä") == "%"
