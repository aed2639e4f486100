"""vCard 2.1/3.0/4.0: quoted-printable, folding, escapes, several values, broken cards."""

from __future__ import annotations

import pytest

from coffeechat.interop import InteropError
from coffeechat.interop.vcard import parse_vcards, read_vcards


def by_name(result):
    return {candidate.person.name: candidate.person for candidate in result.candidates}


def test_version_2_1_quoted_printable_and_folded_lines(sample) -> None:
    people = by_name(read_vcards([sample("contacts-2.1.vcf")]))
    jurgen = people["Jürgen Müller"]
    assert jurgen.company == "Stadtwerke Köln"
    assert jurgen.title.endswith("Renewable Integration")
    # The preferred address comes first, whatever its place in the card.
    assert jurgen.contact == {
        "email": "juergen@stadtwerke.example",
        "email2": "j.mueller@home.example",
        "phone": "+49 170 1234567",
        "phone2": "+49 221 555 0100",
    }
    assert jurgen.notes == "Met at the ☕ meetup; knows the grid team lead\nSecond line of the note"
    # No FN: the name is built from N.
    assert people["Chidi Okafor"].company == "Lagos Fintech Ltd"


def test_version_3_0_escapes_several_emails_and_a_broken_card_between_good_ones(sample) -> None:
    result = read_vcards([sample("contacts-3.0.vcf")])
    people = by_name(result)
    priya = people["Priya Raman"]
    assert priya.company == "Acme, Inc."
    assert priya.title == "Staff Engineer, Data"
    assert [priya.contact[key] for key in ("email", "email2", "email3")] == [
        "priya@acme.example", "priya.r@mail.example", "pr@alumni.example"]
    assert priya.contact["linkedin"] == "https://www.linkedin.com/in/priya-raman"
    assert priya.notes.endswith("on-call rota.\nLikes tea.")
    # Japanese names are written family name first.
    assert people["山田 太郎"].title == "プロダクトマネージャー"
    reasons = {item.origin: item.reason for item in result.skipped}
    broken = next(origin for origin in reasons if "card 2," in origin)
    assert "line 15" in broken
    assert reasons[broken].startswith("cannot be read: line 19:")
    nameless = next(origin for origin in reasons if "card 4," in origin)
    assert "no name" in reasons[nameless]


def test_version_4_0_right_to_left_names_pref_and_tel_uris(sample) -> None:
    people = by_name(read_vcards([sample("contacts-4.0.vcf")]))
    sara = people["سارا احمدی"]
    assert sara.contact == {"email": "sara@studio.example", "phone": "+98-21-555-0123"}
    assert sara.links == ["https://sara.example"]


def test_several_files_are_read_in_order(sample) -> None:
    result = read_vcards([sample("contacts-2.1.vcf"), sample("contacts-4.0.vcf")])
    assert [c.person.name for c in result.candidates] == [
        "Jürgen Müller", "Chidi Okafor", "سارا احمدی", "Ada Lovelace"]


def test_a_card_left_open_is_reported_and_the_next_still_reads() -> None:
    raw = (b"BEGIN:VCARD\nVERSION:3.0\nFN:Open Card\n"
           b"BEGIN:VCARD\nVERSION:3.0\nFN:Closed Card\nEND:VCARD\n")
    result = parse_vcards(raw, "x.vcf")
    assert [c.person.name for c in result.candidates] == ["Closed Card"]
    assert result.skipped[0].origin == "x.vcf card 1, line 1"


def test_text_without_cards_is_refused() -> None:
    with pytest.raises(InteropError, match="not a vCard file"):
        parse_vcards(b"First Name,Last Name\nAda,Lovelace\n", "c.csv")


def test_a_name_that_looks_like_a_path_is_just_a_name() -> None:
    raw = b"BEGIN:VCARD\nVERSION:3.0\nN:etc;../..;;;\nEND:VCARD\n"
    assert parse_vcards(raw, "x.vcf").candidates[0].person.name == "../.. etc"


def test_utf16_files_from_windows_address_books(tmp_path) -> None:
    path = tmp_path / "outlook.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ng\r\nEND:VCARD\r\n".encode("utf-16"))
    assert [c.person.name for c in read_vcards([path]).candidates] == ["Zoë Ng"]
