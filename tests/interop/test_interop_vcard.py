"""vCard 2.1/3.0/4.0: quoted-printable, folding, escapes, several values, broken cards."""

from __future__ import annotations

import pytest

from coffeechat.core.models import Person
from coffeechat.interop import InteropError
from coffeechat.interop.merge import ParseResult
from coffeechat.interop.vcard import parse_vcards, read_vcards


def by_name(result: ParseResult) -> dict[str, Person]:
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
    # A line that is not a property costs that line, not the person.
    broken = next(c for c in result.candidates if c.person.name == "Broken Card")
    assert broken.origin.endswith("card 2, line 15")
    assert broken.warnings == ["line 19 left out: not vCard properties"]
    assert [(item.origin, item.reason) for item in result.skipped] == [
        (f"{sample('contacts-3.0.vcf')} card 4, line 28",
         "the card has no name (no FN, N or NICKNAME)")]


def test_version_4_0_right_to_left_names_pref_and_tel_uris(sample) -> None:
    people = by_name(read_vcards([sample("contacts-4.0.vcf")]))
    sara = people["سارا احمدی"]
    assert sara.contact == {"email": "sara@studio.example", "phone": "+98-21-555-0123"}
    assert sara.links == ["https://sara.example"]


def test_several_files_are_read_in_order(sample) -> None:
    result = read_vcards([sample("contacts-2.1.vcf"), sample("contacts-4.0.vcf")])
    assert [c.person.name for c in result.candidates] == [
        "Jürgen Müller", "Chidi Okafor", "سارا احمدی", "Ada Lovelace"]


def test_a_card_left_open_is_read_to_the_end_and_a_card_inside_it_reads_on_its_own() -> None:
    raw = (b"BEGIN:VCARD\nVERSION:3.0\nFN:Open Card\n"
           b"BEGIN:VCARD\nVERSION:3.0\nFN:Closed Card\nEND:VCARD\nTEL:1\n")
    result = parse_vcards(raw, "x.vcf")
    closed, left_open = result.candidates
    assert (closed.person.name, closed.origin, closed.warnings) == (
        "Closed Card", "x.vcf card 2, line 4", [])
    assert (left_open.person.name, left_open.origin) == ("Open Card", "x.vcf card 1, line 1")
    assert left_open.person.contact == {"phone": "1"}
    assert left_open.warnings == ["the card has no END:VCARD; read up to the end of the file"]


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


def card(*lines: str, version: str = "3.0", end: bytes = b"\r\n") -> bytes:
    body = ["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]
    return end.join(line.encode() for line in body) + end


def only(raw: bytes):
    [candidate] = parse_vcards(raw, "x.vcf").candidates
    return candidate


def test_unescaped_commas_are_text_in_fn_title_note_and_the_company() -> None:
    person = only(card("FN:Mr. John Richter, James Doe Sr.", "ORG:Company, The;Sales",
                       "TITLE:Director, Product", "NOTE:Likes tea, coffee, and chess")).person
    assert (person.name, person.company, person.title, person.notes) == (
        "Mr. John Richter, James Doe Sr.", "Company, The", "Director, Product",
        "Likes tea, coffee, and chess")
    old = only(card("FN:Ann Lee", "ORG:Company, The;Dept", "NOTE:a, b; c", version="2.1"))
    assert (old.person.company, old.person.notes) == ("Company, The", "a, b; c")


def test_cr_cr_lf_line_endings_keep_folded_lines_and_the_contact() -> None:
    raw = card("FN:Bob Smith", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
               " AQEAAAxITGlubwIQAABtbnRyUkdCIFhZWiAHzgACAAkABgAxAABhY3NwTVNGVAAAAABJ",
               "EMAIL:bob@smithauto.com", "NOTE:folded", "  here", end=b"\r\r\n")
    person = only(raw).person
    assert (person.name, person.contact, person.notes) == (
        "Bob Smith", {"email": "bob@smithauto.com"}, "folded here")


@pytest.mark.parametrize("broken", [
    ["PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQEAYABgAAD", "CAgIDAwMDBAYEBAQEBAgGBgUG",
     "AOXn/rk/8qKK7omqGxdak/ioorZFjl+6aZRRVAf/2Q==", ""],
    ["PHOTO;ENCODING=BASE64;TYPE=JPEG:qgEPAAIAAAAHAAAAugEQAAIAAAAG:ASDF==", ""],
    ["ADR;HOME;PREF;:;;Lämmerweg 12;Kleindorf;;98765;Deutschland"],
    ["PROFILE:VCard"],
    ["# This line must be ignored."],
    ["ADR;HOME:;;Hermann v. Brevern\\", "9999999\\", "Packstation 999;Hamburg;;99999;DE"],
    ["LABEL;CHARSET=Murks;QUOTED-PRINTABLE:M=F6=DFlitz"],
])
def test_a_broken_property_that_is_not_used_costs_nothing(broken: list[str]) -> None:
    person = only(card("FN:Ralf Rastral", *broken, "EMAIL:ralf@example.com",
                       version="2.1")).person
    assert (person.name, person.contact) == ("Ralf Rastral", {"email": "ralf@example.com"})


def test_a_used_property_that_cannot_be_read_is_left_out_with_a_note() -> None:
    candidate = only(card("FN:Henry", "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Acme=80",
                          "ORG:Fallback Ltd", "EMAIL;ENCODING=BASE64:!!!",
                          "EMAIL:henry@example.com", version="2.1"))
    assert (candidate.person.company, candidate.person.contact) == (
        "Fallback Ltd", {"email": "henry@example.com"})
    assert candidate.warnings == [
        "ORG on line 4 left out: not valid UTF-8, though its CHARSET says so",
        "EMAIL on line 6 left out: its base64 data is damaged"]


@pytest.mark.parametrize("version", ["2.1", "3.0"])
def test_a_declared_charset_on_raw_8_bit_text_is_honoured(version: str) -> None:
    # 能 and 予 end in the byte of a backslash in Shift_JIS: decoding comes first.
    raw = (f"BEGIN:VCARD\r\nVERSION:{version}\r\n".encode()
           + "FN;CHARSET=SHIFT_JIS:伊能 圭一 伊予\r\n".encode("shift_jis")
           + "N;CHARSET=SHIFT_JIS:伊能;圭一;伊予;;\r\n".encode("shift_jis")
           + "NOTE;CHARSET=EUC-JP:メモ\r\n".encode("euc-jp")
           + "TITLE;CHARSET=Windows-1251:Інженер\r\n".encode("cp1251")
           + b"END:VCARD\r\n")
    candidate = only(raw)
    assert (candidate.person.name, candidate.person.notes, candidate.person.title) == (
        "伊能 圭一 伊予", "メモ", "Інженер")
    assert candidate.warnings == []


def test_one_card_in_windows_1252_leaves_the_others_alone_and_is_named() -> None:
    raw = (card("FN:Jörg Müller", "ORG:Straße AG")
           + card("FN:Jörg Weiß").replace("ö".encode(), b"\xf6").replace("ß".encode(), b"\xdf")
           + card("FN:Zoë Ng"))
    result = parse_vcards(raw, "x.vcf")
    assert [(c.person.name, c.warnings) for c in result.candidates] == [
        ("Jörg Müller", []),
        ("Jörg Weiß", ["text is not UTF-8: read as Windows-1252"]),
        ("Zoë Ng", [])]


def test_escaped_colons_in_urls_are_undone_so_linkedin_profiles_match() -> None:
    person = only(card("FN:Greg", "URL:http\\://www.linkedin.com/in/greg",
                       "item1.URL:http\\://greg.example")).person
    assert person.contact == {"linkedin": "http://www.linkedin.com/in/greg"}
    assert person.links == ["http://greg.example"]
