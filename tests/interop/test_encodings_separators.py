"""Files from older programs: legacy code pages, re-saved separators, 2.1 escapes."""

from __future__ import annotations

import pytest

from coffeechat.interop.linkedin import parse_connections
from coffeechat.interop.vcard import parse_vcards

HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
          "Connected On"]
ROW = ["François", "Dœuf", "", "fd@x.example", "Café “Bar”", "Chef", "25 Nov 2026"]


def test_a_windows_1252_line_is_read_as_windows_1252_not_mac_roman() -> None:
    raw = (",".join(HEADER) + "\n" + ",".join(ROW) + "\n").encode("cp1252")
    [candidate] = parse_connections(raw, "c.csv").candidates
    assert (candidate.person.name, candidate.person.company) == ("François Dœuf", "Café “Bar”")
    assert candidate.warnings == ["the line is not UTF-8: read as Windows-1252"]


@pytest.mark.parametrize(("separator", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_re_saved_export_with_another_separator_is_read_and_named(
    separator: str, name: str,
) -> None:
    raw = ("Notes:\nSome text, with a comma\n\n" + separator.join(HEADER) + "\n"
           + separator.join(ROW) + "\n" + separator.join(["Ada", "Lovelace", "", "", "A; B",
                                                          "", ""]) + "\n").encode()
    first, second = parse_connections(raw, "c.csv").candidates
    assert (first.person.name, first.person.company, first.origin) == (
        "François Dœuf", "Café “Bar”", "line 5")
    assert first.warnings == [f"the file's columns are separated by {name}, not commas "
                              "(a spreadsheet saved it again); read that way"]
    assert second.person.name == "Ada Lovelace" and second.warnings == []


def test_a_hebrew_21_card_without_a_charset_is_read_as_windows_1255() -> None:
    raw = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:" + "אפרים קישון".encode("cp1255") + \
        b"\r\nEND:VCARD\r\n"
    [card] = parse_vcards(raw, "h.vcf").candidates
    assert card.person.name == "אפרים קישון"
    assert card.warnings == ["text is not UTF-8: read as Windows-1255 (Hebrew)"]


def card(*lines: str) -> bytes:
    return ("BEGIN:VCARD\r\nVERSION:2.1\r\n" + "".join(line + "\r\n" for line in lines)
            + "END:VCARD\r\n").encode()


def test_syncevolution_21_escapes_are_undone_and_android_backslashes_kept() -> None:
    escaped = "FN:Mr. First \\; special \\; middle Last"
    [sync] = parse_vcards(card("PRODID:-//SyncEvolution//vCard//EN", escaped,
                               "NOTE:a \\\\ b"), "s.vcf").candidates
    assert sync.person.name == "Mr. First ; special ; middle Last"
    assert sync.person.notes == "a \\ b"
    [evolution] = parse_vcards(card(escaped, "X-EVOLUTION-FILE-AS:Last\\, First"),
                               "e.vcf").candidates
    assert evolution.person.name == "Mr. First ; special ; middle Last"
    [android] = parse_vcards(card("X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;x",
                                  escaped), "a.vcf").candidates
    assert android.person.name == "Mr. First \\; special \\; middle Last"
