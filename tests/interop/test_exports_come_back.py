"""Exports that can come back: every contact value in the CSV, and Markdown that shows
what was typed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.cli import main
from coffeechat.core.models import Interview, Location, Person
from coffeechat.demo import generate
from coffeechat.interop.markdown import interview_markdown
from coffeechat.storage import Workspace


def people_of(data_dir: Path) -> list[str]:
    with Workspace.open(data_dir) as ws:
        return sorted(json.dumps(person.as_json(), sort_keys=True, ensure_ascii=False)
                      for _, person in ws.people.items())


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_the_csv_holds_every_contact_value_and_import_csv_reads_it_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    source, target, out = tmp_path / "source", tmp_path / "target", tmp_path / "people.csv"
    with Workspace.open(source) as ws:
        ana = ws.people.add(Person(
            name="Ana Lima", company="=Aritzia", tags=["retail", "warm"],
            contact={"email": "ana@x.example", "email2": "'quoted@x.example",
                     "phone": "+1 555 0100", "phone2": "-5", "signal": "@ana"},
            links=["https://ana.example", "https://blog.example"],
            location=Location("Lyon", "", "France"), connected_on=dt.date(2025, 1, 2),
            notes="multi\nline\n"))
        ws.people.add(Person(name="Bo", introduced_by=ana, knows=[ana]))
    assert cli(source, "export", "csv", "people", "--out", str(out)) == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "contact.email2" in header and "contact.signal" in header
    assert cli(target, "import", "csv", str(out)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2 created, 0 updated, 0 unchanged, 0 skipped")
    assert people_of(target) == people_of(source)
    assert cli(source, "import", "csv", str(out)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "0 created, 0 updated, 2 unchanged, 0 skipped")


def test_the_demo_campaign_comes_back_from_its_csv(tmp_path: Path) -> None:
    source, target, out = tmp_path / "source", tmp_path / "target", tmp_path / "people.csv"
    generate(source, today=dt.date(2026, 11, 25))
    assert cli(source, "export", "csv", "people", "--out", str(out)) == 0
    assert cli(target, "import", "csv", str(out)) == 0
    assert people_of(target) == people_of(source)


def test_a_file_that_is_not_a_people_csv_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,status\n1,done\n", encoding="utf-8")
    assert cli(tmp_path / "data", "import", "csv", str(path)) == 1
    assert "not a people CSV from coffeechat: no 'name' column" in capsys.readouterr().err


def test_markdown_shows_typed_text_as_typed(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "data") as ws:
        slug = ws.people.add(Person(name="Sam *Star* <i>"))
        chat = ws.new_interview(Interview(
            person=slug, intent="*markdown* [links](x) <b>html</b>", company="A_B & C",
            notes="## My own *Markdown*"), on=dt.date(2026, 11, 20))
        text = interview_markdown(ws, chat, present(ws.interviews.get(chat)))
    assert "# Coffee chat with Sam \\*Star\\* \\<i\\>" in text
    assert "- **Intent:** \\*markdown\\* \\[links\\](x) \\<b\\>html\\</b\\>" in text
    assert "- **Company:** A\\_B \\& C" in text
    assert "## My own *Markdown*" in text  # the notes are the user's Markdown
