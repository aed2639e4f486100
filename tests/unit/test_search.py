"""Full-text search: what a typed query means, what it finds, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core.models import (
    Company,
    Debrief,
    Interview,
    InterviewQuestion,
    Person,
    Referral,
)
from coffeechat.core.search import QueryError, fts_query, matched_words
from coffeechat.storage import Workspace
from coffeechat.storage.index import MARK_END, MARK_START, SearchError


def test_typed_words_become_prefix_terms_all_required() -> None:
    assert fts_query("P&L own") == '"P&L"* AND "own"*'
    assert fts_query('"budget season" hiring') == '"budget season" AND "hiring"*'
    assert fts_query("pricing OR budget team") == '("pricing"* OR "budget"*) AND "team"*'
    assert fts_query("budget -training") == '("budget"*) NOT ("training"*)'
    assert fts_query("p l") == '"p" AND "l"'


@pytest.mark.parametrize("text", ['"', 'say "hi', "AND OR NOT", "(", ")*", "NEAR(a b)", "^x",
                                  "col:umn", "a + b", "'", "\\", "---", "OR"])
def test_odd_queries_are_plain_text_never_syntax(text: str, tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "data") as ws:
        ws.add_person(Person(name="Ada", notes="AND OR NOT near column a b hi"))
        ws.search(text)  # never raises an SQLite error


def test_nothing_to_look_for() -> None:
    assert fts_query("") is None
    assert fts_query("  && ") is None
    with pytest.raises(QueryError, match="say what to look for"):
        fts_query("-excluded -only")


def test_matched_words_come_out_of_a_snippet() -> None:
    snippet = f"…about {MARK_START}P&L{MARK_END} {MARK_START}ownership{MARK_END} at…"
    assert matched_words(snippet, MARK_START, MARK_END) == ["P&L", "ownership"]


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    ana = workspace.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer",
                                      how_we_met="alumni night in Zürich",
                                      notes="Owns the P&L for outerwear."))
    workspace.people.add(Person(name="Bo Quist", company="Shopify", notes="Café owner."))
    workspace.companies.add(Company(name="Aritzia", notes="Budget season is in March."))
    workspace.new_interview(Interview(
        person=ana, company="Aritzia", intent="Learn how buying works",
        notes="[10:02] She said P&L ownership comes with the senior role.",
        questions=[InterviewQuestion(text="What surprised you?",
                                     answer="How much is negotiation")],
        referrals=[Referral(person="bo-quist", why="runs the pricing team")],
        debrief=Debrief(learned="Ask about open-to-buy.")))
    yield workspace
    workspace.close()


def kinds_and_where(hits) -> list[tuple[str, str, str]]:
    return [(hit.kind, hit.slug, hit.where) for hit in hits]


def test_any_word_is_found_where_it_was_written(ws: Workspace) -> None:
    found = kinds_and_where(ws.search("P&L ownership"))
    assert found == [("interviews", ws.interviews.entries.popitem()[0], "notes")]
    assert kinds_and_where(ws.search("negotiation"))[0][2] == "answers"
    assert kinds_and_where(ws.search("pricing"))[0][2] == "referrals"
    assert kinds_and_where(ws.search("open-to-buy"))[0][2] == "debrief"
    assert kinds_and_where(ws.search("budget")) == [("companies", "aritzia", "notes")]


def test_case_accents_and_word_starts_do_not_matter(ws: Workspace) -> None:
    assert kinds_and_where(ws.search("zurich")) == [("people", "ana-lima", "how we met")]
    assert kinds_and_where(ws.search("CAFE")) == [("people", "bo-quist", "notes")]
    assert {hit.slug for hit in ws.search("ari")} >= {"ana-lima", "aritzia"}


def test_results_are_grouped_by_kind_ranked_and_highlighted(ws: Workspace) -> None:
    hits = ws.search("Aritzia")
    assert [hit.kind for hit in hits] == ["people", "companies", "interviews"]
    assert hits[1].where == "name" and hits[1].title == "Aritzia"
    assert hits[2].title.startswith("Ana Lima · ")
    assert f"{MARK_START}Aritzia{MARK_END}" in hits[0].snippet
    assert [hit.kind for hit in ws.search("Aritzia", kinds=["companies"])] == ["companies"]


def test_banks_are_searchable(ws: Workspace) -> None:
    hits = ws.search("typical day", kinds=["banks"])
    assert hits and all(hit.kind == "banks" for hit in hits)
    assert "questions" in {hit.where for hit in hits}


def test_a_query_of_only_exclusions_gets_a_message(ws: Workspace) -> None:
    with pytest.raises(SearchError, match="say what to look for"):
        ws.search("-budget")


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_command_prints_one_line_per_hit(capsys, ws: Workspace, data_dir: Path) -> None:
    ws.close()
    code, out, err = run(capsys, data_dir, "search", "P&L")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("people      ana-lima  Ana Lima · notes: Owns the P&L")
    assert lines[1].startswith("interviews  ") and "· notes: " in lines[1]


def test_search_command_kinds_json_and_exit_status(capsys, ws: Workspace,
                                                   data_dir: Path) -> None:
    ws.close()
    code, out, _ = run(capsys, data_dir, "search", "p&l", "--kind", "people", "--json")
    assert code == 0
    assert json.loads(out) == [{
        "kind": "people", "id": "ana-lima", "title": "Ana Lima", "where": "notes",
        "snippet": "Owns the P&L for outerwear.", "matches": ["P&L"],
        "rank": json.loads(out)[0]["rank"]}]
    code, out, err = run(capsys, data_dir, "search", "nowhere-to-be-found")
    assert (code, out) == (1, "") and "nothing matches" in err
    code, out, err = run(capsys, data_dir, "search", "--", "-budget")
    assert code == 1 and err.startswith("coffeechat: error: say what to look for")
    assert "Traceback" not in err
