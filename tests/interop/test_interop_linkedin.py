"""LinkedIn Connections.csv: both layouts, the preamble, and every awkward cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.interop import InteropError
from coffeechat.interop.linkedin import parse_connected_on, parse_connections, read_connections
from coffeechat.interop.merge import Candidate, ParseResult


def people_by_name(result: ParseResult) -> dict[str, Candidate]:
    return {candidate.person.name: candidate for candidate in result.candidates}


def test_current_export_with_bom_crlf_and_preamble(sample) -> None:
    raw = sample("Connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    result = parse_connections(raw, "Connections.csv")
    people = people_by_name(result)
    assert list(people) == ["Ada Lovelace", "Grace Hopper", "Zoë 🌱 Ng", "מרים כהן",
                            "Linus No", "../../etc Passwd"]
    ada = people["Ada Lovelace"].person
    assert ada.title == "Head of Research, Poetry & Science"
    assert ada.company == "Analytical Engines"
    assert ada.contact == {"linkedin": "https://www.linkedin.com/in/ada-lovelace-1815",
                           "email": "ada@analytical.example"}
    assert ada.connected_on == dt.date(2026, 11, 25)
    assert ada.how_we_met == "LinkedIn"
    # Stray spaces trimmed, quoted commas and doubled quotes kept as typed.
    assert people["Grace Hopper"].person.company == "Navy, Inc."
    assert "email" not in people["Grace Hopper"].person.contact
    assert people["Zoë 🌱 Ng"].person.company == 'The "Green" Co'
    assert people["מרים כהן"].person.title == "מהנדסת נתונים"
    linus = people["Linus No"].person
    assert (linus.company, linus.title) == ("null", "1:20")


def test_rows_with_only_a_date_are_skipped_with_a_reason_and_blank_rows_ignored(sample) -> None:
    result = parse_connections(sample("Connections.csv").read_bytes(), "Connections.csv")
    assert [(item.origin, item.reason.split(":")[0]) for item in result.skipped] == [
        ("line 8", "no name")
    ]
    assert len(result.items) == 7


def test_a_date_that_cannot_be_read_leaves_the_field_empty_with_a_note(sample) -> None:
    result = parse_connections(sample("Connections.csv").read_bytes(), "Connections.csv")
    odd = people_by_name(result)["../../etc Passwd"]
    assert odd.person.connected_on is None
    assert "not a date" in odd.warnings[0]


def test_old_layout_without_url_and_with_other_dates(sample) -> None:
    result = read_connections(sample("Connections-old.csv"))
    people = people_by_name(result)
    assert people["Ada Lovelace"].person.connected_on == dt.date(2026, 11, 25)
    assert people["Alan Turing"].person.connected_on == dt.date(2019, 6, 23)
    assert people["Alan Turing"].person.title == "Codebreaker, Hut 8"
    assert people["Katherine Johnson"].person.connected_on == dt.date(2018, 8, 26)
    assert "linkedin" not in people["Ada Lovelace"].person.contact
    no = people["No"].person
    assert (no.name, no.company, no.title) == ("No", "null", "On")


@pytest.mark.parametrize(("text", "expected"), [
    ("25 Nov 2026", dt.date(2026, 11, 25)),
    ("3 Jan 2025", dt.date(2025, 1, 3)),
    ("11/25/26", dt.date(2026, 11, 25)),
    ("1/2/2019", dt.date(2019, 1, 2)),
    ("2026-11-25", dt.date(2026, 11, 25)),
    ("Nov 25, 2026", dt.date(2026, 11, 25)),
    ("25-Nov-26", dt.date(2026, 11, 25)),
    ("  25   november 2026 ", dt.date(2026, 11, 25)),
    ("31 Feb 2026", None),
    ("13/45/20", None),
    ("yesterday", None),
    ("", None),
])
def test_connection_dates(text: str, expected: dt.date | None) -> None:
    assert parse_connected_on(text) == expected


def test_header_is_found_by_content_whatever_the_column_order() -> None:
    raw = (b"Connected On;x\n\nPosition,Last Name,Company,First Name\n"
           b"Engineer,Okafor,Acme,Chidi\n")
    person = parse_connections(raw, "c.csv").candidates[0].person
    assert (person.name, person.company, person.title) == ("Chidi Okafor", "Acme", "Engineer")


def test_short_rows_and_windows_1252_text_are_read() -> None:
    raw = "First Name,Last Name,Company,Position\r\nJos\xe9,N\xfa\xf1ez\r\n".encode("cp1252")
    person = parse_connections(raw, "c.csv").candidates[0].person
    assert (person.name, person.company) == ("José Núñez", "")


def test_a_csv_that_is_not_a_linkedin_export_is_refused(sample) -> None:
    with pytest.raises(InteropError, match="not a LinkedIn connections export"):
        read_connections(sample("not-linkedin.csv"))


def test_an_unclosed_quote_swallowing_the_file_is_a_clear_error() -> None:
    raw = b'First Name,Last Name,Company\nAda,"Lovelace,Acme\n' + b"words " * 40_000
    with pytest.raises(InteropError, match=r"c\.csv: line \d+: not valid CSV"):
        parse_connections(raw, "c.csv")


SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "linkedin"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared fixtures absent")
def test_a_real_current_export_reads_every_row() -> None:
    result = read_connections(SHARED / "networkjobs_Connections.csv")
    assert result.skipped == []
    people = [candidate.person for candidate in result.candidates]
    assert len(people) == 10
    assert (people[0].name, people[0].company, people[0].title, people[0].connected_on,
            people[0].contact) == ("Ada Lovelace", "Analytical Engines Inc", "Engineer",
                                   dt.date(2024, 1, 1),
                                   {"linkedin": "https://www.linkedin.com/in/ada"})
    assert people[-1].connected_on == dt.date(2024, 10, 10)
    assert all(not candidate.warnings for candidate in result.candidates)


@pytest.mark.parametrize(("header", "row", "date"), [
    # 2013: no spaces in the header, a Tags column.
    ("FirstName,LastName,EmailAddress,Company,Position,ConnectedOn,Tags",
     "Ada,Lovelace,ada@example.com,Engines,Analyst,8/3/13,friends", dt.date(2013, 8, 3)),
    # 2016–2018: a time of day after the date.
    ("First Name,Last Name,Email Address,Company,Position,Connected On",
     'Ada,Lovelace,ada@example.com,Engines,Analyst,"1/8/18, 6:14 PM"', dt.date(2018, 1, 8)),
    ("First Name,Last Name,Email Address,Company,Position,Connected On",
     "Ada,Lovelace,ada@example.com,Engines,Analyst,08 Jan 2018", dt.date(2018, 1, 8)),
    # Outlook-style: "Title" is Mr or Dr, "Job Title" is the position.
    ("Title,First Name,Middle Name,Last Name,E-mail Address,Company,Job Title",
     "Dr,Ada,,Lovelace,ada@example.com,Engines,Analyst", None),
])
def test_every_layout_since_2013_keeps_emails_and_dates(header, row, date) -> None:
    result = parse_connections(f"{header}\r\n{row}\r\n".encode(), "c.csv")
    [candidate] = result.candidates
    person = candidate.person
    assert (person.name, person.company, person.title, person.contact["email"]) == (
        "Ada Lovelace", "Engines", "Analyst", "ada@example.com")
    assert person.connected_on == date
    assert candidate.warnings == []


@pytest.mark.parametrize(("text", "expected"), [
    ("1/8/18, 6:14 PM", dt.date(2018, 1, 8)),
    ("8/3/13", dt.date(2013, 8, 3)),
    ("2013-08-03 18:14:00", dt.date(2013, 8, 3)),
    ("2018-01-08T18:14:00Z", dt.date(2018, 1, 8)),
    ("25/11/2026", dt.date(2026, 11, 25)),
    ("Aug 3, 2013 6:14 pm", dt.date(2013, 8, 3)),
])
def test_dates_with_times_and_day_first_when_it_cannot_be_a_month(text, expected) -> None:
    assert parse_connected_on(text) == expected


def test_a_mac_roman_file_reads_with_its_accents() -> None:
    text = "First Name,Last Name,Company,Position\rJörg,Müller,Café Zoë,Señor Dev\r"
    result = parse_connections(text.encode("mac_roman"), "c.csv")
    [candidate] = result.candidates
    assert (candidate.person.name, candidate.person.company, candidate.person.title) == (
        "Jörg Müller", "Café Zoë", "Señor Dev")
    assert candidate.warnings == ["the line is not UTF-8: read as Mac Roman"]


def test_one_line_in_windows_1252_leaves_every_other_name_alone() -> None:
    raw = ("First Name,Last Name,Company\nJörg,Müller,Straße AG\n".encode()
           + "José,Núñez,Acme\n".encode("cp1252") + "Zoë,Ng,Acme\n".encode())
    result = parse_connections(raw, "c.csv")
    assert [(c.person.name, c.warnings) for c in result.candidates] == [
        ("Jörg Müller", []),
        ("José Núñez", ["the line is not UTF-8: read as Windows-1252"]),
        ("Zoë Ng", [])]


def test_an_unclosed_quote_is_refused_with_its_line() -> None:
    raw = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
           b'Ada,"Lovelace,,,,,\r\nBob,Ross,,,,,\r\nCarl,Sagan,,,,,\r\n')
    with pytest.raises(InteropError, match=r"^c\.csv: line 2: a quote opened on this line is "
                                           r"not closed, so lines 2–4 run together"):
        parse_connections(raw, "c.csv")


def test_a_nul_byte_late_in_the_file_never_reaches_a_name() -> None:
    rows = "".join(f"Person,Number{index},Acme\n" for index in range(400))
    raw = (f"First Name,Last Name,Company\n{rows}".encode()
           + b"Ada,Love\x00lace,Acme\nGrace,Hopper,Navy\n")
    assert len(raw) > 8192
    result = parse_connections(raw, "c.csv")
    assert all("\x00" not in c.person.name for c in result.candidates)
    assert result.candidates[-1].person.name == "Grace Hopper"
    assert [(s.origin, s.reason) for s in result.skipped] == [
        ("line 402", "the line holds a NUL byte (the file may be damaged); left out")]


def test_a_chinese_or_korean_name_is_family_name_first_without_a_space() -> None:
    raw = ("First Name,Last Name,Company,Position,Connected On\n"
           "明,王,Acme,Engineer,25 Nov 2026\n민준,김,Acme,PM,25 Nov 2026\n"
           "Ming,Wang,Acme,Engineer,25 Nov 2026\n").encode()
    assert list(people_by_name(parse_connections(raw, "Connections.csv"))) == [
        "王明", "김민준", "Ming Wang"]
