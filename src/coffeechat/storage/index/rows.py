"""An index row and its conversions: what a record file's row holds, the
values written for a record, and the row's columns read back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from coffeechat.core.agenda import encode_item, light, lines
from coffeechat.core.campaign import numbers as campaign_numbers
from coffeechat.core.contacts import contact, unreadable_contact
from coffeechat.core.lifecycle import in_progress
from coffeechat.core.models import Company, Interview, Person, QuestionBank
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.models.schema import Record
from coffeechat.core.network import reach
from coffeechat.core.nudges import has_open_items
from coffeechat.core.people import called, name_key
from coffeechat.core.search import (
    Texts,
    bank_texts,
    company_texts,
    interview_texts,
    person_texts,
)
from coffeechat.core.text import fold, fold_letters, sort_key
from coffeechat.storage.records import Stamp


class Head(NamedTuple):
    """What the store needs to trust a row instead of reading its file."""

    file: str
    stamp: Stamp
    # When the file was read for this row (see ``Stamp.settled``).
    checked_ns: int
    digest: str | None
    problems: str
    # Whether the row holds a decoded record (fetched only when needed).
    readable: bool


class Row(NamedTuple):
    """Everything written for one record file."""

    slug: str
    file: str
    stamp: Stamp
    checked_ns: int
    digest: str | None
    problems: list[Problem]
    record: Record | None
    # The name of a file that cannot be read as a record, as far as its text
    # says (its row's name, so lists name it before the file is read).
    label: str = ""
    # Its values, when worked out already (``prepare``: by the process that
    # read the file, which then sends no record).
    prepared: Prepared | None = None


# Encoders made once: ``json.dumps`` with options makes one per call, and a
# first start encodes two texts for every record.
_ENCODE_PROBLEMS = json.JSONEncoder(ensure_ascii=False).encode
_ENCODE_DATA = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _problem_json(problems: list[Problem]) -> str:
    if not problems:
        return "[]"
    return _ENCODE_PROBLEMS([[problem.message, problem.line, problem.column, problem.field,
                              problem.suggestion, problem.severity.value]
                             for problem in problems])


def _optional(value: object, kind: type) -> bool:
    return value is None or type(value) is kind


def problems_from(path: Path, text: str) -> list[Problem] | None:
    """The problems a row remembers for ``path``, or None if they do not decode."""
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    problems = []
    for item in items:
        if not isinstance(item, list) or len(item) != 6:
            return None
        message, line, column, field, suggestion, severity = item
        if not (type(message) is str and _optional(line, int) and _optional(column, int)
                and _optional(field, str) and _optional(suggestion, str)
                and severity in (Severity.ERROR.value, Severity.WARNING.value)):
            return None
        problems.append(Problem(path, message, line, column, field, suggestion,
                                Severity(severity)))
    return problems


def _name_key(name: str) -> bytes:
    """What a name is ordered by first (``core.text.sort_key``: the folded
    text, or PyICU's collation key) as the bytes SQLite compares: a text as
    UTF-8, whose bytes are in the order of its characters."""
    key = sort_key(name)[0]
    return key if isinstance(key, bytes) else str(key).encode("utf-8", "surrogatepass")


def _summary_values(record: Record | None) -> tuple[Any, ...]:
    """The summary columns of a record, in ``_SUMMARY_COLUMNS`` order."""
    name = company = title = person = status = ""
    scheduled = None
    if isinstance(record, Person):
        name, company, title = record.name, record.company, record.title
    elif isinstance(record, Company):
        name = record.name
    elif isinstance(record, QuestionBank):
        name = record.display_title
    elif isinstance(record, Interview):
        company, person, status = record.company, record.person, record.status
        scheduled = record.scheduled.isoformat() if record.scheduled else None
    return (name, company, title, person, status, scheduled)


def _home_values(interview: Interview) -> tuple[Any, ...]:
    """The ``home`` columns of an interview (but its id), in their order."""
    numbers = campaign_numbers(0, [interview])
    return (name_key(interview.company),
            interview.held.isoformat() if in_progress(interview) and interview.held else None,
            numbers.asked, numbers.held, numbers.names_gained, numbers.learned,
            int(has_open_items(interview)), _data_json(light(interview)))


def _texts(record: Record | None) -> Texts | None:
    if isinstance(record, Person):
        return person_texts(record)
    if isinstance(record, Company):
        return company_texts(record)
    if isinstance(record, Interview):
        return interview_texts(record)
    if isinstance(record, QuestionBank):
        return bank_texts(record)
    return None


def _data_json(record: Record) -> str:
    return _ENCODE_DATA(record.encode_for_cache())


_HEAD_COLUMNS = "file, size, mtime_ns, inode, ctime_ns, checked_ns, digest, problems, readable"
_HEAD_COLUMNS_OF_R = ", ".join(f"r.{column}" for column in _HEAD_COLUMNS.split(", "))


def _head(row: Sequence[Any]) -> Head | None:
    """A row's head, or None when its columns are not of the types written here."""
    file, size, mtime_ns, inode, ctime_ns, checked_ns, digest, problems, readable = row
    if not (type(file) is str and type(size) is int and type(mtime_ns) is int
            and type(inode) is int and type(ctime_ns) is int and type(checked_ns) is int
            and _optional(digest, str) and type(problems) is str):
        return None
    return Head(file, Stamp(size, mtime_ns, inode, ctime_ns), checked_ns, digest, problems,
                bool(readable))


class Prepared(NamedTuple):
    """Each table's values for one row but the row's id (None, or empty, where
    the record has none in that table), worked out from the row alone: a
    process that read the file can work them out while another writes. Plain
    ``str``, ``int``, ``bytes`` and ``None`` in tuples and lists, so that they
    cross a pipe with ``marshal``."""

    records: tuple[Any, ...]
    body: str | None
    home: tuple[Any, ...] | None
    home_lines: list[tuple[Any, ...]]
    link: tuple[str, str, str, str] | None
    reaches: list[tuple[str, str]]
    name: str | None
    contact: tuple[Any, ...] | None
    # The search texts as written, and folded for the full-text table.
    texts: tuple[str, ...] | None
    folded: tuple[str, ...] | None


def prepare(kind: str, row: Row) -> Prepared:
    """The values ``RecordRows.store`` writes for ``row``, a file of ``kind``."""
    record = row.record
    data = _data_json(record) if record is not None else None
    summary = _summary_values(record)
    if record is None:
        summary = (row.label, *summary[1:])
    home = None
    home_lines: list[tuple[Any, ...]] = []
    link = None
    reaches: list[tuple[str, str]] = []
    if isinstance(record, Interview):
        home = _home_values(record)
        home_lines = [(line.kind, line.at, line.made, line.tie, encode_item(line.item))
                      for line in lines(row.slug, record)]
    elif isinstance(record, Person):
        link = (record.introduced_by, "\n".join(record.knows), fold(record.company),
                fold(record.title))
        reaches = list(dict.fromkeys(reach(row.slug, record)))
    name = found_contact = None
    if kind == "people":
        name = (called(record.name, row.slug) if isinstance(record, Person)
                else called(row.label, row.slug, readable=False))
        person = (contact(row.slug, record) if isinstance(record, Person)
                  else unreadable_contact(row.slug, row.label or row.file))
        found_contact = (row.slug, int(person.unreadable), *person.cells, person.haystack,
                         person.folded_name, *person.keys)
    texts = _texts(record)
    return Prepared(
        (kind, row.slug, row.file, *row.stamp, row.checked_ns, row.digest, *summary,
         _problem_json(row.problems), int(data is not None), _name_key(summary[0])),
        data, home, home_lines, link, reaches, name, found_contact,
        tuple(texts) if texts is not None else None,
        tuple(map(fold_letters, texts)) if texts is not None else None)
