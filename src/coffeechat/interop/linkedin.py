"""LinkedIn's ``Connections.csv``: every layout it has had, read by column name.

The export starts with a few lines of notes before the header, so the header
is found by its content. Columns are mapped by name, so the older layout
without ``URL`` (and with other date styles) reads the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from coffeechat.core.models import Person
from coffeechat.interop.merge import Candidate, ParseResult, Skipped
from coffeechat.interop.source import InteropError, decode_input, read_input

HOW_WE_MET = "LinkedIn"
# The header sits below a short preamble; a file without one this early is not an export.
HEADER_SEARCH_ROWS = 40

# Each field and the header spellings it has been exported under (compared casefolded).
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("first name", "firstname", "given name"),
    "last": ("last name", "lastname", "surname", "family name"),
    "url": ("url", "profile url", "linkedin url", "public profile url"),
    "email": ("email address", "e-mail address", "email", "e-mail"),
    "company": ("company", "organization", "organisation"),
    "title": ("position", "title", "job title"),
    "connected": ("connected on", "connected", "connection date"),
}

_MONTHS = {name: index for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1,
)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def _clean_header(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").casefold().split())


def _map_columns(row: list[str]) -> dict[str, int] | None:
    """Column positions by field, if ``row`` is a Connections header."""
    cells = [_clean_header(cell) for cell in row]
    found: dict[str, int] = {}
    for name, spellings in COLUMNS.items():
        for index, cell in enumerate(cells):
            if cell in spellings:
                found[name] = index
                break
    if "first" in found and "last" in found and len(found) >= 3:
        return found
    return None


def _year(text: str) -> int:
    year = int(text)
    # Two-digit years in these exports are all from this century.
    return 2000 + year if len(text) == 2 else year


def parse_connected_on(text: str) -> dt.date | None:
    """``25 Nov 2026``, ``11/25/26`` (US order, as LinkedIn writes it), ``2026-11-25``,
    ``Nov 25, 2026``; None when the text is none of those."""
    cleaned = " ".join(text.strip().casefold().split())
    if not cleaned:
        return None
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        pass
    try:
        match = _DAY_MONTH_YEAR.match(cleaned)
        if match and match.group(2)[:3] in _MONTHS:
            return dt.date(_year(match.group(3)), _MONTHS[match.group(2)[:3]],
                           int(match.group(1)))
        match = _MONTH_DAY_YEAR.match(cleaned)
        if match and match.group(1)[:3] in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(1)[:3]],
                           int(match.group(2)))
        match = _SLASHED.match(cleaned)
        if match:
            return dt.date(_year(match.group(3)), int(match.group(1)), int(match.group(2)))
    except ValueError:
        return None
    return None


def parse_connections(raw: bytes, shown: str) -> ParseResult:
    """Candidate people from the bytes of a Connections export named ``shown``."""
    text = decode_input(raw, shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict[str, int] | None = None
    result = ParseResult()
    try:
        for row in reader:
            if columns is None:
                columns = _map_columns(row)
                if columns is None and reader.line_num > HEADER_SEARCH_ROWS:
                    break
                continue
            _read_row(row, columns, f"line {reader.line_num}", result)
    except csv.Error as exc:
        raise InteropError(f"{shown}: line {reader.line_num}: not valid CSV ({exc})") from None
    if columns is None:
        raise InteropError(
            f"{shown} is not a LinkedIn connections export: no header with "
            "'First Name' and 'Last Name' near the top"
        )
    return result


def _read_row(row: list[str], columns: dict[str, int], origin: str,
              result: ParseResult) -> None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        return
    name = " ".join(part for part in (cell("first"), cell("last")) if part)
    if not name:
        reason = ("no name: LinkedIn leaves a connection's name out when they hide it"
                  if cell("connected") else "no name")
        result.items.append(Skipped(origin, reason))
        return
    warnings: list[str] = []
    connected_text = cell("connected")
    connected = parse_connected_on(connected_text)
    if connected_text and connected is None:
        warnings.append(f"connection date {connected_text!r} not understood; left empty")
    contact: dict[str, str] = {}
    if cell("url"):
        contact["linkedin"] = cell("url")
    if cell("email"):
        contact["email"] = cell("email")
    person = Person(
        name=name,
        company=cell("company"),
        title=cell("title"),
        how_we_met=HOW_WE_MET,
        contact=contact,
        connected_on=connected,
    )
    result.items.append(Candidate(person, origin, warnings))


def read_connections(path: Path) -> ParseResult:
    """Read and parse a Connections export; every failure is an ``InteropError``."""
    return parse_connections(read_input(path), str(path))
