"""Merges that keep every value, people told apart by name, and repeats that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.cli import main
from coffeechat.core.people import match_company, match_name, same_person_names
from coffeechat.storage import Workspace


def vcf(tmp_path: Path, name: str, *cards: str) -> Path:
    path = tmp_path / name
    path.write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{card}END:VCARD\r\n"
                            for card in cards), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> list[str]:
    assert main(["--data-dir", str(data_dir), *args]) == 0
    return capsys.readouterr().out.splitlines()


def people(data_dir: Path) -> dict[str, dict[str, object]]:
    with Workspace.open(data_dir) as ws:
        return {slug: person.as_json() for slug, person in ws.people.items()}


ANN = "FN:Ann Lee\r\nORG:Figma\r\nTITLE:Designer\r\nEMAIL:ann@figma.example\r\nTEL:+1 555 0100\r\n"
ANN_AGAIN = ("FN:Ann Lee\r\nORG:Figma Inc\r\nTITLE:Design Lead\r\nTEL:+1 555 0199\r\n"
             "TEL:+1 (555) 0100\r\nNOTE:Prefers mornings\r\n")
BOB = "FN:Bob Other\r\nORG:Figma\r\nEMAIL:ann@figma.example\r\n"


def test_two_cards_of_one_person_keep_both_phones_the_title_and_the_note(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = vcf(tmp_path, "book.vcf", ANN, ANN_AGAIN)
    out = run(capsys, data_dir, "import", "vcard", str(path))
    assert out[1] == (
        f"skip       Ann Lee ({path} card 2, line 9): same person as {path} card 1, line 1 "
        "(by name and company); merged into it: fills contact.phone2, notes; "
        "keeps in notes title \u201cDesign Lead\u201d")
    [ann] = people(data_dir).values()
    assert ann["contact"] == {"email": "ann@figma.example", "phone": "+1 555 0100",
                              "phone2": "+1 555 0199"}
    assert ann["title"] == "Designer"
    assert ann["notes"] == "Prefers mornings\n\nFrom book.vcf card 2:\ntitle: Design Lead\n"
    assert run(capsys, data_dir, "import", "vcard", str(path))[-1] == (
        "0 created, 0 updated, 1 unchanged, 1 skipped")


def test_a_card_merged_into_someone_here_says_what_it_adds(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, data_dir, "import", "vcard", str(vcf(tmp_path, "a.vcf", ANN)))
    path = vcf(tmp_path, "b.vcf", ANN_AGAIN)
    out = run(capsys, data_dir, "import", "vcard", str(path))
    assert out[0] == (f"update     Ann Lee [ann-lee] ({path} card 1, line 1): fills "
                      "contact.phone2, notes; keeps in notes title \u201cDesign Lead\u201d")
    assert out[-1] == "0 created, 1 updated, 0 unchanged, 0 skipped"
    assert run(capsys, data_dir, "import", "vcard", str(path))[-1] == (
        "0 created, 0 updated, 1 unchanged, 0 skipped")


def test_a_different_name_sharing_an_email_is_another_person(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = vcf(tmp_path, "team.vcf", ANN, BOB)
    out = run(capsys, data_dir, "import", "vcard", str(path))
    assert out[1] == (f"create     Bob Other ({path} card 2, line 9); note: shares "
                      f"ann@figma.example with {path} card 1, line 1: a possible duplicate, "
                      "kept apart as the names differ")
    assert sorted(people(data_dir)) == ["ann-lee", "bob-other"]
    assert run(capsys, data_dir, "import", "vcard", str(path))[-1] == (
        "0 created, 0 updated, 2 unchanged, 0 skipped")


def test_a_hand_edit_of_the_email_and_company_still_matches_on_the_next_import(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = vcf(tmp_path, "a.vcf", ANN)
    run(capsys, data_dir, "import", "vcard", str(path))
    with Workspace.open(data_dir) as ws:
        ann = present(ws.people.get("ann-lee")).copy()
        ann.contact["email"], ann.company = "ann@new.example", ""
        ws.people.save("ann-lee", ann)
    out = run(capsys, data_dir, "import", "vcard", str(path))
    assert out[-1] == "0 created, 1 updated, 0 unchanged, 0 skipped"
    assert people(data_dir)["ann-lee"]["contact"] == {
        "email": "ann@new.example", "phone": "+1 555 0100", "email2": "ann@figma.example"}
    assert run(capsys, data_dir, "import", "vcard", str(path))[-1] == (
        "0 created, 0 updated, 1 unchanged, 0 skipped")


def test_near_names_across_a_vcard_and_a_linkedin_export_are_one_person(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    run(capsys, data_dir, "import", "vcard", str(vcf(
        tmp_path, "a.vcf", "FN:José Álvarez\r\nORG:Figma Inc\r\n")))
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Jose,Alvarez,,,Figma,Engineer,25 Nov 2026\n"
                   "jose,alvarez,,,FIGMA,Engineer,3 Dec 2026\n", encoding="utf-8")
    out = run(capsys, data_dir, "import", "linkedin", str(csv))
    assert out[-1] == "0 created, 1 updated, 0 unchanged, 1 skipped"
    [jose] = people(data_dir).values()
    assert jose["connected_on"] == "2026-11-25"
    assert jose["notes"] == "From Connections.csv line 3:\nconnected on: 2026-12-03\n"
    assert run(capsys, data_dir, "import", "linkedin", str(csv))[-1] == (
        "0 created, 0 updated, 1 unchanged, 1 skipped")


def test_matching_folds_accents_case_and_a_companys_legal_form() -> None:
    assert match_name("  José   ÁLVAREZ ") == match_name("jose alvarez")
    assert match_company("Figma, Inc.") == match_company("figma") == "figma"
    assert match_company("Siemens AG") == match_company("Siemens")
    assert match_company("Inc") == "inc"  # never the whole name
    assert same_person_names("g hopper", "grace hopper")
    assert same_person_names("grace", "grace hopper")
    assert not same_person_names("ann lee", "bob lee")
    assert not same_person_names("bob other", "ann lee")
