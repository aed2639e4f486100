"""``targets``, ``interviews log`` and ``followups list``, with --json and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coffeechat.cli import main


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _network(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    for name, company, extra in (
        ("Ana Lima", "Acme", []),
        ("Sam Lee", "Acme", []),
        ("Sam Lee", "Acme", ["--new"]),
        ("Dee Ek", "Brightworks", []),
        ("Cy Diaz", "Elsewhere", ["--knows", "dee-ek"]),
    ):
        assert run(capsys, data_dir, "people", "add", name, "--company", company, *extra)[0] == 0


def test_targets_add_list_json_and_remove(capsys, data_dir: Path) -> None:
    _network(capsys, data_dir)
    code, out, err = run(capsys, data_dir, "targets", "add", "Acme", "--motivation", "2",
                         "--posting", "no")
    assert (code, err) == (0, "")
    assert out == ("Acme is a target: motivation 2, posting no; you know 3 there: "
                   "Ana Lima, Sam Lee (sam-lee), Sam Lee (sam-lee-2)\n")
    assert run(capsys, data_dir, "targets", "add", "brightworks", "--motivation", "2",
               "--posting", "yes")[0] == 0
    code, out, _ = run(capsys, data_dir, "targets", "add", "Zephyr", "--motivation", "3",
                       "--note", "robots")
    assert out.endswith("nobody you know works there, and nobody leads there yet\n")
    code, out, _ = run(capsys, data_dir, "targets", "list", "--json")
    ranked = json.loads(out)
    assert [(t["rank"], t["company"], t["slug"], t["motivation"], t["posting"])
            for t in ranked] == [(1, "Zephyr", "zephyr", 3, "unknown"),
                                 (2, "Brightworks", "brightworks", 2, "yes"),
                                 (3, "Acme", "acme", 2, "no")]
    bright = ranked[1]
    assert bright["contacts"] == {"count": 1, "people": ["dee-ek"]}
    assert bright["warm_paths"] == {"count": 1, "paths": [["cy-diaz", "dee-ek"]]}
    assert bright["asked"] == bright["held"] == {"count": 0, "interviews": []}
    assert bright["names_gained"] == {"count": 0, "people": []}
    assert ranked[0]["note"] == "robots"
    code, out, _ = run(capsys, data_dir, "targets", "remove", "ZEPHYR")
    assert (code, out) == (0, "Zephyr is no longer a target (its research stays)\n")
    assert [t["slug"] for t in json.loads(run(capsys, data_dir, "targets", "list",
                                              "--json")[1])] == ["brightworks", "acme"]
    text = (data_dir / "companies" / "zephyr.yaml").read_text()
    assert "target:" not in text and "motivation" not in text and "name: Zephyr" in text


def test_an_employer_is_spelled_as_the_people_files_say_it_now(capsys, data_dir: Path) -> None:
    _network(capsys, data_dir)
    run(capsys, data_dir, "people", "list")  # the rows written
    # Another program moves Cy to a new employer after the rows were written.
    cy = data_dir / "people" / "cy-diaz.yaml"
    cy.write_text(cy.read_text().replace("company: Elsewhere", "company: NorthWind Labs"))
    code, out, err = run(capsys, data_dir, "targets", "add", "northwind labs")
    assert (code, err) == (0, "")
    assert out.startswith("NorthWind Labs is a target: motivation 0, posting unknown; ")
    assert "name: NorthWind Labs\n" in (data_dir / "companies" / "northwind-labs.yaml").read_text()
    # The employer Cy's old row named is nobody's now: no hint offers it.
    code, _, err = run(capsys, data_dir, "targets", "add", "Elsewhere Co")
    assert (code, err) == (0, "")
    assert (data_dir / "companies" / "elsewhere-co.yaml").exists()


def test_targets_refuse_bad_input_in_one_line(capsys, data_dir: Path) -> None:
    _network(capsys, data_dir)
    run(capsys, data_dir, "targets", "add", "Brightworks")
    for args, message in (
        (["add", "Brightwork"], "no company 'Brightwork' (did you mean 'Brightworks'?); "
                                "use that name, or add --new to create 'Brightwork'"),
        (["add", "Acme", "--motivation", "4"],
         "motivation is 0 to 3 (how much you want to work there), not '4'"),
        (["add", "Acme", "--motivation", "lots"],
         "motivation is 0 to 3 (how much you want to work there), not 'lots'"),
        (["add", "Acme", "--posting", "maybe"], "posting is one of yes, no, unknown, not 'maybe'"),
        (["remove", "Brightwork"], "no company 'Brightwork' (did you mean 'Brightworks'?); "
                                   "use 'targets add' to create it"),
        (["remove", "Acme"], "no company 'Acme'; use 'targets add' to create it"),
    ):
        code, out, err = run(capsys, data_dir, "targets", *args)
        assert (code, out, err) == (1, "", f"coffeechat: error: {message}\n")
    assert not (data_dir / "companies" / "brightwork.yaml").exists()
    assert not (data_dir / "companies" / "acme.yaml").exists()
    assert run(capsys, data_dir, "targets", "add", "Brightwork", "--new")[0] == 0


def test_log_an_ask_then_the_rhythm_in_followups(capsys, data_dir: Path, fixed_clock) -> None:
    _network(capsys, data_dir)
    run(capsys, data_dir, "targets", "add", "Acme", "--motivation", "3")
    code, slug, _ = run(capsys, data_dir, "interviews", "new", "Ana Lima")
    slug = slug.strip()
    # Friday 20 November: three business days run to Wednesday the 25th (today).
    code, out, err = run(capsys, data_dir, "interviews", "log", slug, "--ask", "--date",
                         "2026-11-20", "--channel", "email", "Twenty minutes?")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Logged an ask to Ana Lima on Fri 20 Nov 2026.",
        "Asked at the end of the week: the business days start counting on Monday.",
        "  from Wed 25 Nov: Reach Sam Lee (sam-lee) at Acme: no answer from the first "
        "contact yet",
        "  from Tue 01 Dec: Chase Ana Lima: no answer to your ask yet",
    ]
    code, out, _ = run(capsys, data_dir, "followups", "list", "--json")
    assert json.loads(out) == [{
        "kind": "next", "to": "sam-lee", "to_name": "Sam Lee", "due": "2026-11-25",
        "overdue": False,
        "why": "Reach Sam Lee (sam-lee) at Acme: no answer from the first contact yet",
        "interview": slug, "key": f"{slug}:next:0",
    }]
    # --all adds what is due later, but an ask shows only once due, as on F6.
    code, out, _ = run(capsys, data_dir, "followups", "list", "--all", "--json")
    assert [(item["kind"], item["due"]) for item in json.loads(out)] == [
        ("next", "2026-11-25")]
    # Their reply stops both.
    code, out, _ = run(capsys, data_dir, "interviews", "log", slug, "--reply")
    assert out == "Logged a reply from Ana Lima on Wed 25 Nov 2026.\n"
    assert run(capsys, data_dir, "followups", "list", "--all", "--json")[1] == "[]\n"
    assert run(capsys, data_dir, "followups", "list")[1] == "Nothing to follow up today.\n"


def test_what_an_ask_sets_going_is_said_while_the_index_refuses_its_row(
        capsys, data_dir: Path, fixed_clock, monkeypatch: pytest.MonkeyPatch) -> None:
    _network(capsys, data_dir)
    run(capsys, data_dir, "targets", "add", "Acme", "--motivation", "3")
    slug = run(capsys, data_dir, "interviews", "new", "Ana Lima")[1].strip()
    # Another program holds a write on the index: the ask's row is not written.
    monkeypatch.setattr("coffeechat.storage.index.Index.store", lambda *args, **kw: False)
    code, out, err = run(capsys, data_dir, "interviews", "log", slug, "--ask", "--date",
                         "2026-11-23", "Twenty minutes?")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Logged an ask to Ana Lima on Mon 23 Nov 2026.",
        "  from Thu 26 Nov: Reach Sam Lee (sam-lee) at Acme: no answer from the first "
        "contact yet",
        "  from Wed 02 Dec: Chase Ana Lima: no answer to your ask yet",
    ]


def test_interviews_log_refuses_bad_input(capsys, data_dir: Path, fixed_clock) -> None:
    run(capsys, data_dir, "people", "add", "Nomad")
    slug = run(capsys, data_dir, "interviews", "new", "Nomad")[1].strip()
    for args, message in (
        ([slug, "--ask", "--date", "2026-11-26"],
         "2026-11-26 is in the future; log what has happened"),
        ([slug, "--ask", "--date", "26/11"], "--date: '26/11' is not a date like 2026-12-03"),
        ([slug[:-1], "--ask"], f"no interview {slug[:-1]!r} (did you mean {slug!r}?); "
                               "see 'interviews list'"),
        ([slug, "--ask", "--reply"], "argument --reply: not allowed with argument --ask; "
                                     "try 'coffeechat interviews log --help'"),
        ([slug], "one of the arguments --ask --reply is required; "
                 "try 'coffeechat interviews log --help'"),
    ):
        code, out, err = run(capsys, data_dir, "interviews", "log", *args)
        assert (code, out, err) == (1, "", f"coffeechat: error: {message}\n")
    # An interview with no employer is logged, and says what the rhythm needs.
    code, out, _ = run(capsys, data_dir, "interviews", "log", slug, "--ask")
    assert code == 0
    assert "names no employer" in out.splitlines()[1]


def test_targets_list_counts_people_written_by_hand_since(capsys, data_dir: Path) -> None:
    _network(capsys, data_dir)
    assert run(capsys, data_dir, "targets", "add", "Acme")[0] == 0
    (data_dir / "people" / "eve-ho.yaml").write_text("name: Eve Ho\ncompany: ACME\n")
    (data_dir / "people" / "ana-lima.yaml").write_text("name: Ana Lima\ncompany: Elsewhere\n")
    code, out, _ = run(capsys, data_dir, "targets", "list", "--json")
    assert code == 0
    [acme] = json.loads(out)
    assert acme["contacts"]["people"] == ["eve-ho", "sam-lee", "sam-lee-2"]
