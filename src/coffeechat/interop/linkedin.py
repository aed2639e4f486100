"""LinkedIn's ``Connections.csv``: every layout it has had since 2013, read as a stream.

The export may start with a few lines of notes before the header, so the header is
found by its content. Columns are mapped by name, spaces and hyphens ignored, so the
2013 layout (``FirstName,LastName,EmailAddress,…,ConnectedOn,Tags``), the layouts
without ``URL`` and the current one all read the same way. Rows are read one at a
time and decoded line by line: a line that is not UTF-8 is read as Windows-1252 or
Mac Roman, with a note on that row only. A cell never spans lines in an export, so
one that does means a quote was left open, and the file is refused with its line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from coffeechat.core.models import Person
from coffeechat.core.text import is_cjk
from coffeechat.interop.lines import LEGACY_NAMES, LegacyDecoder, decode_line, physical_lines
from coffeechat.interop.merge import Candidate, ParseResult, Skipped
from coffeechat.interop.source import InteropError, open_input

HOW_WE_MET = "LinkedIn"
# The header sits below a short preamble; a file without one this early is not an export.
HEADER_SEARCH_ROWS = 40

# Each field and the header spellings it has been exported under, preferred first
# (compared casefolded, without spaces, hyphens or underscores). The order matters
# where a layout has two candidates: Outlook-style exports have both "Title" (Mr, Dr)
# and "Job Title".
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("firstname", "givenname"),
    "last": ("lastname", "surname", "familyname"),
    "url": ("url", "profileurl", "linkedinurl", "publicprofileurl"),
    "email": ("emailaddress", "email", "email1address", "primaryemail"),
    "company": ("company", "companyname", "organization", "organisation"),
    "title": ("position", "jobtitle", "title"),
    "connected": ("connectedon", "connected", "connectiondate", "dateconnected"),
}

_MONTHS = {name: index for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    start=1,
)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# A time of day after the date: ``1/8/18, 6:14 PM``, ``2013-08-03 18:14:00``,
# ``2018-01-08T18:14:00Z``.
_TIME = re.compile(r"(?:,?\s+|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
                   r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?$")
_HEADER_NOISE = re.compile(r"[\s_-]+")


def _clean_header(cell: str) -> str:
    return _HEADER_NOISE.sub("", cell.replace("\ufeff", "").casefold())


def _map_columns(row: list[str]) -> dict[str, int] | None:
    """Column positions by field, if ``row`` is a Connections header."""
    cells = [_clean_header(cell) for cell in row]
    found: dict[str, int] = {}
    for name, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling in cells:
                found[name] = cells.index(spelling)
                break
    if "first" in found and "last" in found and len(found) >= 3:
        return found
    return None


def _year(text: str) -> int:
    year = int(text)
    # Two-digit years in these exports are all from this century.
    return 2000 + year if len(text) == 2 else year


def full_name(given: str, family: str) -> str:
    """``"Ada Lovelace"``; ``"王明"`` when both parts are Chinese, Japanese or
    Korean: family name first, without a space, as such names are written."""
    if given and family and is_cjk(given) and is_cjk(family):
        return family + given
    return " ".join(part for part in (given, family) if part)


def parse_connected_on(text: str) -> dt.date | None:
    """``25 Nov 2026``, ``11/25/26`` (US order, as LinkedIn writes it; day first only
    when the first number cannot be a month), ``2026-11-25``, ``Nov 25, 2026``, any of
    them followed by a time of day; None when the text is none of those."""
    cleaned = _TIME.sub("", " ".join(text.strip().casefold().split())).strip()
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
            first, second = int(match.group(1)), int(match.group(2))
            month, day = (second, first) if first > 12 else (first, second)
            return dt.date(_year(match.group(3)), month, day)
    except ValueError:
        return None
    return None


class _Lines:
    """The decoded lines of the file for the CSV reader, remembering the legacy code
    page the latest line needed (rows never span lines, so that is the row's)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._raw = physical_lines(handle)
        self._legacy = LegacyDecoder()
        self.fallback: str | None = None

    def __iter__(self) -> Iterator[str]:
        for raw in self._raw:
            text, self.fallback = decode_line(raw, self._legacy)
            yield text + "\n"


# Separators a spreadsheet may use when it saves the export again, and their names.
_SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def iter_connections(handle: BinaryIO, shown: str) -> Iterator[Candidate | Skipped]:
    """Candidate people from an open Connections export named ``shown``, row by row.
    The header is found by its content, whichever separator the file uses."""
    lines = _Lines(handle)
    source = iter(lines)
    name = Path(shown).name
    columns: dict[str, int] | None = None
    separator, header_line = ",", 0
    for header_line, line in enumerate(source, start=1):
        for separator in _SEPARATORS:
            columns = _map_columns(next(csv.reader([line], delimiter=separator), []))
            if columns is not None:
                break
        if columns is not None or header_line >= HEADER_SEARCH_ROWS:
            break
    if columns is None:
        raise InteropError(
            f"{shown} is not a LinkedIn connections export: no header with "
            "'First Name' and 'Last Name' near the top"
        )
    note = (f"the file's columns are separated by {_SEPARATORS[separator]}, not commas "
            "(a spreadsheet saved it again); read that way") if separator != "," else ""
    reader = csv.reader(source, delimiter=separator)
    last = header_line
    try:
        for row in reader:
            first, last = last + 1, header_line + reader.line_num
            if last > first:
                raise InteropError(
                    f"{shown}: line {first}: a quote opened on this line is not closed, so "
                    f"lines {first}–{last} run together; close it (no cell of an export "
                    "spans lines)")
            item = _read_row(row, columns, f"line {last}")
            if isinstance(item, Candidate):
                item.source = f"{name} line {last}"
                if note:
                    item.warnings.insert(0, note)
                    note = ""
            if item is not None:
                if lines.fallback is not None and isinstance(item, Candidate):
                    item.warnings.append(
                        f"the line is not UTF-8: read as {LEGACY_NAMES[lines.fallback]}")
                yield item
    except csv.Error as exc:
        raise InteropError(
            f"{shown}: line {header_line + reader.line_num}: not valid CSV ({exc})") from None


def _read_row(row: list[str], columns: dict[str, int],
              origin: str) -> Candidate | Skipped | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        return None
    if any("\x00" in value for value in row):
        return Skipped(origin, "the line holds a NUL byte (the file may be damaged); "
                       "left out")
    name = full_name(cell("first"), cell("last"))
    if not name:
        reason = ("no name: LinkedIn leaves a connection's name out when they hide it"
                  if cell("connected") else "no name")
        return Skipped(origin, reason)
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
    return Candidate(person, origin, warnings)


def connection_items(path: Path) -> Iterator[Candidate | Skipped]:
    """Every row of a Connections export on disk; every failure is an ``InteropError``."""
    with open_input(path) as handle:
        yield from iter_connections(handle, str(path))


def parse_connections(raw: bytes, shown: str) -> ParseResult:
    """Everything in the bytes of a Connections export named ``shown``."""
    return ParseResult(list(iter_connections(io.BytesIO(raw), shown)))


def read_connections(path: Path) -> ParseResult:
    """Read and parse a Connections export at once (for a preview)."""
    return ParseResult(list(connection_items(path)))
