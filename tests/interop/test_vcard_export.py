"""vCard export: the cards as written, and people who go out and come back unchanged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Location, Person
from coffeechat.demo import generate
from coffeechat.interop import InteropError
from coffeechat.interop.merge import CREATE, UPDATE, apply_plan, person_uid, plan_import
from coffeechat.interop.vcard import parse_vcards, read_vcards
from coffeechat.interop.vcard_writer import fold, people_vcards, person_card
from coffeechat.storage import Workspace

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "vcard"
REAL = sorted(FIXTURES.glob("*.vcf")) if FIXTURES.is_dir() else []
needs_fixtures = pytest.mark.skipif(not REAL, reason="shared fixtures absent")


def people_of(data_dir: Path) -> list[str]:
    """Everyone in the folder as their ``--json`` text, slugs aside, in order."""
    with Workspace.open(data_dir) as ws:
        return sorted(json.dumps(person.as_json(), sort_keys=True, ensure_ascii=False)
                      for _, person in ws.people.items())


def export(data_dir: Path, version: str = "4.0") -> bytes:
    with Workspace.open(data_dir) as ws:
        data, _ = people_vcards(sorted(ws.people.items()), version)
    return data


def import_bytes(data: bytes, data_dir: Path) -> tuple[int, int]:
    """Import the cards; how many people it created and updated."""
    with Workspace.open(data_dir) as ws:
        outcome = apply_plan(plan_import(parse_vcards(data, "export.vcf"), ws), ws)
    assert not outcome.failed
    return len(outcome.created), len(outcome.updated)


def test_fold_cuts_at_75_octets_between_characters() -> None:
    line = "NOTE:" + "Zoë 🌱 Ng, Café “Bar” " * 20
    folded = fold(line)
    assert folded.endswith("\r\n")
    physical = folded.encode("utf-8").split(b"\r\n")[:-1]
    assert all(len(part) <= 75 for part in physical)
    assert all(part.startswith(b" ") for part in physical[1:])
    # Each piece is whole UTF-8, and unfolding gives the line back.
    assert "".join(part.decode("utf-8")[1 if index else 0:]
                   for index, part in enumerate(physical)) == line


def test_a_card_escapes_text_and_carries_every_field() -> None:
    person = Person(
        name="Zoë O'Brien", company="Acme, Inc.; EU", title="Head of R&D\\Ops",
        tags=["climbing", "a,b"], notes="Line one;\nline two, with \\ and more",
        contact={"email": "zoe@acme.example", "email2": "z@home.example",
                 "phone": "+1 555 0100", "mobile": "+1 555 0199",
                 "linkedin": "https://www.linkedin.com/in/zoe", "signal": "@zoe"},
        links=["https://zoe.example"], location=Location("Lyon", "", "France"),
        how_we_met="PyCon", learn="pricing", connected_on=dt.date(2025, 3, 1))
    card = person_card("zoe-obrien", person)
    lines = card.split("\r\n")
    assert lines[:3] == ["BEGIN:VCARD", "VERSION:4.0", "PRODID:-//coffeechat//vCard export//EN"]
    assert f"UID:{person_uid('zoe-obrien')}" in lines
    assert "N:O'Brien;Zoë;;;" in lines
    assert "ORG:Acme\\, Inc.\\; EU" in lines
    assert "TITLE:Head of R&D\\\\Ops" in lines
    assert "EMAIL;PREF=1:zoe@acme.example" in lines
    assert "EMAIL:z@home.example" in lines
    assert "TEL;PREF=1;TYPE=voice;VALUE=text:+1 555 0100" in lines
    assert "TEL;X-COFFEECHAT-KEY=mobile;TYPE=cell;VALUE=text:+1 555 0199" in lines
    assert "ADR;TYPE=home:;;;Lyon;;;France" in lines
    assert "CATEGORIES:climbing,a\\,b" in lines
    assert "NOTE:Line one\\;\\nline two\\, with \\\\ and more" in lines
    # And it reads back as it was.
    [back] = parse_vcards(card.encode(), "x.vcf").candidates
    assert back.person == person
    assert back.uid == person_uid("zoe-obrien")
    old = person_card("zoe-obrien", person, "3.0")
    assert "VERSION:3.0" in old
    assert "EMAIL;TYPE=pref;TYPE=internet:zoe@acme.example" in old
    [back] = parse_vcards(old.encode(), "x.vcf").candidates
    assert back.person == person


def test_the_demo_campaign_goes_out_and_comes_back_field_for_field(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    generate(source, today=dt.date(2026, 11, 25))
    data = export(source)
    assert import_bytes(data, target)[0] == 60
    assert people_of(target) == people_of(source)
    assert export(target) == data  # the same UIDs, the same cards
    # Imported again where it came from: matched by UID, nothing changes.
    assert import_bytes(data, source) == (0, 0)
    assert import_bytes(export(source, "3.0"), target) == (0, 0)


def test_export_vcard_command_selects_people_and_refuses_an_unknown_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = tmp_path / "data"
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada Lovelace", company="Analytical Engines"))
        ws.people.add(Person(name="Grace Hopper"))
    out = tmp_path / "ada.vcf"
    assert main(["--data-dir", str(data_dir), "export", "vcard", "Ada Lovelace",
                 "--out", str(out)]) == 0
    assert "1 card" in capsys.readouterr().err
    [ada] = read_vcards([out]).candidates
    assert (ada.person.name, ada.person.company) == ("Ada Lovelace", "Analytical Engines")
    assert main(["--data-dir", str(data_dir), "export", "vcard", "--v3"]) == 0
    text = capsys.readouterr().out
    assert text.count("BEGIN:VCARD") == 2 and "VERSION:3.0" in text
    assert main(["--data-dir", str(data_dir), "export", "vcard", "Nobody"]) == 1
    assert "no person 'Nobody'" in capsys.readouterr().err


@needs_fixtures
@pytest.mark.parametrize("path", REAL, ids=[path.name for path in REAL])
def test_every_real_card_comes_back_and_a_second_import_changes_nothing(
    path: Path, tmp_path: Path,
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    if not path.read_bytes().removeprefix(b"\xef\xbb\xbf").strip():
        with pytest.raises(InteropError, match="is empty"):
            read_vcards([path])
        return
    parsed = read_vcards([path])
    with Workspace.open(first) as ws:
        apply_plan(plan_import(parsed, ws), ws)
    with Workspace.open(first) as ws:
        again = plan_import(read_vcards([path]), ws)
    assert not [action.describe() for action in again.actions
                if action.kind in (CREATE, UPDATE)]
    data = export(first)
    if not data:
        return
    import_bytes(data, second)
    assert people_of(second) == people_of(first)
    assert import_bytes(data, first) == (0, 0)
