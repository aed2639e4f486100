"""People read back from coffeechat's own CSV export (``export csv people``).

Every column the export writes is read: the contact keys (``email``, ``phone``,
``linkedin`` and a ``contact.KEY`` column for any other key), tags, links, the
place, the dates and the notes, with the ``'`` that protects a formula-like cell
taken away again. ``introduced_by`` and ``knows`` hold names; each is matched to
the row of that name in the same file and linked by that row's slug, as a vCard
export links by UID. The slug column gives the same UID as a vCard export, so a
person exported from here comes back to the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

from coffeechat.core.models import Location, Person
from coffeechat.interop.lines import LegacyDecoder, decode_line, physical_lines
from coffeechat.interop.merge import Candidate, ParseResult, Skipped, person_uid
from coffeechat.interop.source import InteropError, open_input
from coffeechat.interop.spreadsheet import (
    CONTACT_COLUMNS,
    LINK_SEPARATOR,
    LIST_SEPARATOR,
    uncell,
)


def csv_items(path: Path) -> Iterator[Candidate | Skipped]:
    """Every row of a people CSV on disk; every failure is an ``InteropError``."""
    with open_input(path) as handle:
        legacy = LegacyDecoder()
        text = "\n".join(decode_line(raw, legacy)[0] for raw in physical_lines(handle))
    yield from _rows(text, path.name, str(path))


def read_people_csv(path: Path) -> ParseResult:
    return ParseResult(list(csv_items(path)))


def _rows(text: str, name: str, shown: str) -> Iterator[Candidate | Skipped]:
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InteropError(f"{shown}: line {reader.line_num}: not valid CSV ({exc})") from None
    if not reader.fieldnames or "name" not in reader.fieldnames:
        raise InteropError(f"{shown} is not a people CSV from coffeechat: no 'name' column")
    slugs: dict[str, list[str]] = {}
    for _, row in rows:
        slug, person = _cell(row, "slug"), _cell(row, "name")
        if slug and person:
            slugs.setdefault(person.strip().casefold(), []).append(slug)
    for line, row in rows:
        yield _item(row, f"line {line}", f"{name} line {line}", slugs)


def _cell(row: dict[str, str | None], column: str) -> str:
    value = row.get(column)
    return uncell(value) if isinstance(value, str) else ""


def _item(row: dict[str, str | None], origin: str, source: str,
          slugs: dict[str, list[str]]) -> Candidate | Skipped:
    if not any(isinstance(value, str) and value.strip() for value in row.values()):
        return Skipped(origin, "an empty row")
    name = _cell(row, "name").strip()
    if not name:
        return Skipped(origin, "no name")
    warnings: list[str] = []
    contact = {key: value for key in CONTACT_COLUMNS if (value := _cell(row, key).strip())}
    for column in row:
        if column and column.startswith("contact.") and (value := _cell(row, column).strip()):
            contact[column.removeprefix("contact.")] = value
    connected = _cell(row, "connected_on").strip()
    try:
        connected_on = dt.date.fromisoformat(connected) if connected else None
    except ValueError:
        connected_on = None
        warnings.append(f"connected_on {connected!r} is not a date; left empty")
    person = Person(
        name=name, company=_cell(row, "company").strip(), title=_cell(row, "title").strip(),
        how_we_met=_cell(row, "how_we_met").strip(), learn=_cell(row, "learn").strip(),
        contact=contact, tags=_split(_cell(row, "tags"), LIST_SEPARATOR),
        links=_split(_cell(row, "links"), LINK_SEPARATOR),
        location=Location(_cell(row, "locality").strip(), _cell(row, "region").strip(),
                          _cell(row, "country").strip()),
        connected_on=connected_on, notes=_cell(row, "notes"))

    def uid_of(other: str) -> str:
        found = slugs.get(other.strip().casefold(), [])
        if len(found) != 1:
            warnings.append(f"{other!r} is {'not' if not found else 'not only'} one row's "
                            "name in the file; not linked")
            return ""
        return person_uid(found[0])

    introducer = _cell(row, "introduced_by").strip()
    slug = _cell(row, "slug").strip()
    return Candidate(person, origin, warnings, uid=person_uid(slug) if slug else "",
                     source=source, introduced_by=uid_of(introducer) if introducer else "",
                     knows=[uid for other in _split(_cell(row, "knows"), LIST_SEPARATOR)
                            if (uid := uid_of(other))])


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator.strip() or separator)
            if part.strip()]
