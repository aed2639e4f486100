"""Full-text search: what a typed query means, what it finds, and the command line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest
from tests.held_query import HeldQuery
from tests.typed import present

from coffeechat.cli import main
from coffeechat.core.models import (
    Company,
    Debrief,
    Interview,
    InterviewQuestion,
    Person,
    Referral,
)
from coffeechat.core.search import (
    MARK_END,
    MARK_START,
    QueryError,
    fts_query,
    matched_words,
    parse_query,
)
from coffeechat.storage import Workspace
from coffeechat.storage.index import (
    Hit,
    Index,
    SearchError,
    SearchStopped,
    record_hit,
)


def test_typed_words_become_prefix_terms_all_required() -> None:
    assert fts_query("P&L own") == '"P&L"* AND "own"*'
    assert fts_query('"budget season" hiring') == '"budget season" AND "hiring"*'
    assert fts_query("pricing OR budget team") == '("pricing"* OR "budget"*) AND "team"*'
    assert fts_query("budget -training") == '("budget"*) NOT ("training"*)'
    assert fts_query("p l") == '"p" AND "l"'


@pytest.mark.parametrize(("text", "found"), [
    ('"', []), ('say "hi', ["ada"]), ("AND OR NOT", ["ada", "bo"]), ("(", []), (")*", []),
    ("NEAR(a b)", ["ada"]), ("^x", ["ada"]), ("col:umn", ["ada"]), ("a + b", ["ada"]),
    ("'", []), ("\\", []), ("---", []), ("OR", [])])
def test_odd_queries_are_plain_text_never_syntax(text: str, found: list[str],
                                                 tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "data") as ws:
        ws.add_person(Person(name="Ada", notes='AND OR NOT near a b hi; say "hi"; col:umn ^x'))
        ws.add_person(Person(name="Bo", notes="Nothing odd."))
        # Never an SQLite error: the words as written are looked for (words
        # starting so, OR between two words), and no word finds nothing.
        assert sorted(hit.slug for hit in ws.search(text, kinds=["people"])) == found


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


# -- bounded, stoppable, and never behind what is on disk -------------------------


def test_a_query_too_long_to_run_gets_a_message_that_says_so(ws: Workspace) -> None:
    with pytest.raises(SearchError, match=r"^the search is 33,000 characters long; the limit "
                                          r"is 256: search for a few of its words$"):
        ws.search("budget " * 4714 + "ab")
    many = " ".join(f"word{number}" for number in range(17))
    with pytest.raises(SearchError, match=r"^the search has 17 words; the limit is 16"):
        ws.search(many)
    assert fts_query(" ".join(many.split()[:16])) is not None


def test_a_nul_or_other_control_character_is_searched_as_a_space(ws: Workspace) -> None:
    assert [hit.slug for hit in ws.search("P&L\0")] == [hit.slug for hit in ws.search("P&L")]
    assert kinds_and_where(ws.search("budget\x07season")) == [("companies", "aritzia", "notes")]


QUERIES = ["P&L ownership", "negotiation", "pricing", "open-to-buy", "budget", "zurich",
           "CAFE", "ari", "Aritzia", '"budget season"', "pricing OR budget", "aritzia -buyer",
           "outer", "negot", "a", "how much", "owns the", "senior role -junior"]


def test_the_index_and_a_search_of_the_records_themselves_agree(ws: Workspace) -> None:
    """What answers for files the index could not take yet finds what the index finds."""
    records = [(kind, slug, record) for kind in ("people", "companies", "interviews")
               for slug, record in getattr(ws, kind).items()]
    for text in QUERIES:
        indexed = {(hit.kind, hit.slug, hit.where, tuple(matched_words(
            hit.snippet, MARK_START, MARK_END))) for hit in ws.search(text)
            if hit.kind != "banks"}
        query = parse_query(text)
        direct = set()
        for kind, slug, record in records:
            person = ws.person_name(record.person) if kind == "interviews" else ""
            hit = record_hit(kind, slug, record, present(query), person, 0.0)
            if hit is not None:
                direct.add((hit.kind, hit.slug, hit.where,
                            tuple(matched_words(hit.snippet, MARK_START, MARK_END))))
        assert direct == indexed, text
        assert indexed or text == "a", text


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's connections wait a moment, not half a second, for a lock before
    they give up: in these tests another program holds it throughout, so every
    write would wait in vain (put first, to reach the ``ws`` fixture's too)."""
    monkeypatch.setattr("coffeechat.storage.index.connection.BUSY_SECONDS", 0.01)


def hold_the_index(data_dir: Path) -> sqlite3.Connection:
    """Another program in the middle of writing the index (it holds its write lock)."""
    other = sqlite3.connect(data_dir / ".cache" / "index.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_person_added_while_the_index_is_held_is_found(short_busy_wait, capsys,
                                                         ws: Workspace, data_dir: Path) -> None:
    ws.close()
    other = hold_the_index(data_dir)
    try:
        assert run(capsys, data_dir, "people", "add", "Zed Quux", "--notes",
                   "Flies zeppelins.")[0] == 0
        code, out, err = run(capsys, data_dir, "search", "zeppelin")
        assert (code, err) == (0, "")
        assert out.startswith("people      zed-quux  Zed Quux · notes: Flies zeppelins.")
        # Changed since its row was written: found by what it says now, not by its row.
        path = data_dir / "people" / "ana-lima.yaml"
        path.write_text(path.read_text().replace("outerwear", "knitwear"))
        assert run(capsys, data_dir, "search", "outerwear")[0] == 1
        code, out, _ = run(capsys, data_dir, "search", "knitwear", "--json")
        assert code == 0 and [hit["id"] for hit in json.loads(out)] == ["ana-lima"]
    finally:
        other.close()


def test_a_person_added_in_the_app_while_the_index_is_held_waits_for_its_row(
        short_busy_wait, ws: Workspace, data_dir: Path) -> None:
    other = hold_the_index(data_dir)
    try:
        slug = ws.people.add(Person(name="Zed Quux", notes="Flies zeppelins."))
        # Not lost while its row cannot be written: held for searches to see.
        behind, stale = ws.people.not_indexed()
        assert slug in dict(behind) and slug in stale
    finally:
        other.close()
    ws.store_pending()
    assert ws.people.not_indexed() == ([], set())
    assert ws.index.name_of("people", slug) is not None


def test_a_record_saved_in_the_app_while_the_index_is_held_is_found(
        short_busy_wait, ws: Workspace, data_dir: Path) -> None:
    other = hold_the_index(data_dir)
    try:
        bo = present(ws.people.get("bo-quist"))
        bo.notes = "Keeps a quokka."
        ws.people.save("bo-quist", bo)
        assert [(hit.kind, hit.slug, hit.where) for hit in ws.search("quokka")] == [
            ("people", "bo-quist", "notes")]
        assert ws.search("café") == []
    finally:
        other.close()


def test_a_search_runs_beside_a_save_and_stops_when_asked(ws: Workspace, monkeypatch) -> None:
    held = HeldQuery(monkeypatch, " MATCH ")  # the next search, as it starts
    # Searches look whether they were stopped at every step, even over so few records.
    monkeypatch.setattr("coffeechat.storage.index.search._STEPS_BETWEEN_LOOKS", 1)
    held.hold()
    found: list[list[Hit]] = []
    searching = threading.Thread(target=lambda: found.append(ws.search("aritzia")))
    searching.start()
    assert held.entered.wait(10)
    saving = threading.Thread(target=lambda: ws.people.save(
        "bo-quist", Person(name="Bo Quist", notes="Saved during a search.")))
    saving.start()
    saving.join(10)
    stuck = saving.is_alive()
    held.release.set()
    searching.join(10)
    assert not stuck, "the save waited for the search"
    assert [hit.slug for hit in found[0]][:1] == ["ana-lima"]

    stopped: list[BaseException] = []

    def search() -> None:
        try:
            ws.search("aritzia OR buyer OR quist")
        except SearchError as exc:
            stopped.append(exc)

    held.hold()
    searching = threading.Thread(target=search)
    searching.start()
    assert held.entered.wait(10)
    ws.stop_search()  # while it runs
    held.release.set()
    searching.join(10)
    assert [type(exc) for exc in stopped] == [SearchStopped]
    assert [hit.slug for hit in ws.search("aritzia")][:1] == ["ana-lima"]  # the next one runs


def test_a_leading_dash_word_on_the_command_line_is_a_word_to_leave_out(
        capsys, ws: Workspace, data_dir: Path) -> None:
    ws.close()
    code, out, err = run(capsys, data_dir, "search", "-product")
    assert (code, out) == (1, "")
    assert err.startswith("coffeechat: error: say what to look for")
    for line in (["-hiring", "aritzia", "--kind", "companies"],
                 ["aritzia", "-hiring", "--kind", "companies"],
                 ["--kind", "companies", "-hiring", "aritzia"]):
        code, out, err = run(capsys, data_dir, "search", *line)
        assert (code, err) == (0, ""), line
        assert out.startswith("companies   aritzia  Aritzia"), line
    code, out, _ = run(capsys, data_dir, "search", "aritzia", "-budget", "--kind", "companies")
    assert (code, out) == (1, "")


def test_ctrl_c_stops_a_search_with_one_line_and_status_130(capsys, ws: Workspace,
                                                             data_dir: Path,
                                                             monkeypatch) -> None:
    ws.close()
    real = Index.search

    def interrupted(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C does, while the query runs
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Index, "search", interrupted)
    code, out, err = run(capsys, data_dir, "search", "aritzia")
    assert (code, out, err) == (130, "", "coffeechat: search stopped\n")


def test_letters_that_do_not_decompose_fold_in_search(capsys, data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.people.add(Person(name="Aisha Sørensen", company="Ørsted"))
        workspace.people.add(Person(name="Mats K. Løvås"))
        workspace.companies.add(Company(name="Łódź Works", notes="Straße"))
        assert [hit.slug for hit in workspace.search("sorensen")] == ["aisha-sorensen"]
        assert [hit.slug for hit in workspace.search("SØRENSEN")] == ["aisha-sorensen"]
        assert [hit.slug for hit in workspace.search("lovas")] == ["mats-k-lovas"]
        assert [hit.slug for hit in workspace.search("lodz")] == ["lodz-works"]
        assert [hit.slug for hit in workspace.search("strasse")] == ["lodz-works"]
        hit = workspace.search("sorensen")[0]
        # The hit shows the name as written, the folded word marked.
        assert f"{MARK_START}Sørensen{MARK_END}" in hit.snippet
    assert main(["--data-dir", str(data_dir), "search", "lovas"]) == 0
    assert "Mats K. Løvås" in capsys.readouterr().out
