"""Listings: a folder's readable rows in the order lists show them, a window
at a time, and the records as ``--json`` lists them, kept under a seal."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from coffeechat.core.models.schema import Record
from coffeechat.core.text import sort_key
from coffeechat.storage.index.connection import IndexConnection, Unavailable, _Skipped
from coffeechat.storage.index.rows import _summary_values
from coffeechat.storage.records import Stamp

# Rows a listing fetches at a time.
LISTING_WINDOW = 500

# What a kept line is sealed with besides its own bytes: the listing's key (the
# parameter) and everything a listing takes from the record's row ``r``, built
# by SQLite, so the line's maker and its reader seal the very same bytes.
_SEALED = ("CAST(? || char(0) || r.kind || char(0) || r.slug || char(0) || r.size || char(0) "
           "|| r.mtime_ns || char(0) || r.inode || char(0) || r.ctime_ns || char(0) || r.name "
           "|| char(0) || r.status AS BLOB)")


class KeptLine(NamedTuple):
    """A record's ``--json`` line as a listing keeps it on the record's row, with
    what it is sorted and filtered by."""

    slug: str
    # The stamp of the file the line was written for.
    stamp: Stamp
    # The summary columns of the same name.
    name: str
    status: str
    # ``encode_json({key: slug, **record.as_json()})`` in UTF-8.
    line: bytes


class Listed(NamedTuple):
    """One row as a listing reads it."""

    slug: str
    file: str
    # The summary columns.
    name: str
    company: str
    title: str
    person: str
    status: str
    # An interview's person's name as the person's row has it ("" for none).
    person_name: str
    # The decoded record (None when not asked for, or not a text).
    data: str | None
    # The stamp of the file the row is of.
    stamp: Stamp = Stamp(0, 0, 0, 0)


def _seal(line: bytes, sealed: bytes) -> int:
    """A checksum (CRC-32) of a kept line and of the row it belongs to (``_SEALED``):
    a line that SQLite hands back damaged, cut short, or moved to another row,
    key or file version does not match, so it is never printed. A checksum
    rather than a digest: it guards against damage, not against a forger, and
    listing 30,000 lines checks 30,000 seals."""
    return zlib.crc32(line, zlib.crc32(sealed))


class Listings(IndexConnection):
    """A folder's rows as listings read them."""

    def keep_lines(self, kind: str, key: str, lines: Iterable[KeptLine]) -> None:
        """Keep ``--json`` lines listed under ``key``, each on its row while that
        row is of the file version, and has the name and status, it was made
        from. A line is kept by the listing that made it, not by every save:
        rewriting a row drops it, and saves stay as cheap as they were."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for line in lines:
                found = connection.execute(
                    f"SELECT r.id, r.size, r.mtime_ns, r.inode, r.ctime_ns, r.name, r.status, "
                    f"{_SEALED} FROM records r WHERE r.kind = ? AND r.slug = ?",
                    (key, kind, line.slug)).fetchone()
                if found is None or found[1:7] != (*line.stamp, line.name, line.status):
                    continue
                connection.execute("INSERT OR REPLACE INTO listings VALUES (?, ?, ?)",
                                   (found[0], _seal(line.line, found[7]), line.line))

    def listing(self, kind: str, *, by_name: bool, status: str | None = None,
                data: bool = True) -> Iterator[Listed]:
        """The readable rows of one folder in the order lists show them: by name
        as ``core.text.sort_key`` orders names (then by slug), or by slug; with
        ``status``, of that status only; with ``data``, each with its decoded
        record. Fetched a window at a time, so a listing of any size is written
        as it is read, in constant memory; the index is held (for other
        threads) until the last row is read. Raises ``Unavailable`` when the
        index cannot be read."""
        sql = (f"SELECT {_LISTED}, {'b.data' if data else 'NULL'} FROM records r "
               + ("LEFT JOIN bodies b ON b.id = r.id " if data else "") + f"{_PERSON} "
               f"WHERE r.kind = ? AND r.readable{' AND r.status = ?' if status else ''} "
               f"ORDER BY {_order(by_name)}")
        try:
            with self._using() as connection:
                cursor = connection.execute(sql, (kind, status) if status else (kind,))
                while window := cursor.fetchmany(LISTING_WINDOW):
                    for row in window:
                        if (listed := _listed(row)) is not None:
                            yield listed
                    del window  # one window in memory at a time, not two
        except _Skipped:
            raise Unavailable from None

    def json_rows(self, kind: str, key: str, *, by_name: bool, status: str | None = None,
                  kept: bool = True) -> Iterator[tuple[str, str, bytes | Listed]]:
        """``listing``'s rows with their data, each as ``(slug, name, found)``:
        ``found`` is the ``--json`` line (with the slug under ``key``) a listing
        kept on the row, when its seal matches (and ``kept``: lines are used at
        all), else the row. Only rows without a line kept are read whole, each
        by its id: a listing kept before reads three columns of each row, and
        checks a checksum."""
        sealed = _SEALED if kept else "NULL"
        sql = (f"SELECT r.id, r.slug, r.name, l.seal, l.text, {sealed} FROM records r "
               "LEFT JOIN listings l ON l.id = r.id "
               f"WHERE r.kind = ? AND r.readable{' AND r.status = ?' if status else ''} "
               f"ORDER BY {_order(by_name)}")
        whole = (f"SELECT {_LISTED}, b.data FROM records r LEFT JOIN bodies b ON b.id = r.id "
                 f"{_PERSON} WHERE r.id = ?")
        crc32 = zlib.crc32
        try:
            with self._using() as connection:
                cursor = connection.execute(sql, (*((key,) if kept else ()), kind,
                                                  *((status,) if status else ())))
                while window := cursor.fetchmany(LISTING_WINDOW):
                    for row_id, slug, name, seal, line, row in window:
                        if type(line) is bytes and type(row) is bytes and type(slug) is str \
                                and type(name) is str and crc32(line, crc32(row)) == seal:
                            yield slug, name, line
                            continue
                        found = connection.execute(whole, (row_id,)).fetchone()
                        if found is not None and (listed := _listed(found)) is not None:
                            yield listed.slug, listed.name, listed
                    del window
        except _Skipped:
            raise Unavailable from None


# A row's columns as ``_listed`` reads them, and its person's name.
_LISTED = ("r.slug, r.file, r.name, r.company, r.title, r.person, r.status, p.name, "
           "r.size, r.mtime_ns, r.inode, r.ctime_ns")
_PERSON = ("LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
           "AND r.kind = 'interviews'")


def _order(by_name: bool) -> str:
    # Read in the order of an index of the rows (``records_by_name``, or the
    # slugs'), so no sort of the folder comes before the first row.
    return "r.name_key, r.name, r.slug" if by_name else "r.slug"


def name_order(name: object) -> str | bytes:
    """What names are ordered by first (``core.text.sort_key``): the folded
    text, or PyICU's collation key (compared byte by byte), as the rows'
    ``name_key`` orders them."""
    key: str | bytes = sort_key(name if type(name) is str else "")[0]
    return key


def _listed(row: Sequence[Any]) -> Listed | None:
    slug, file, name, company, title, person, status, person_name, *key, data = row
    if not (type(slug) is str and type(file) is str and type(name) is str
            and type(company) is str and type(title) is str and type(person) is str
            and type(status) is str and all(type(part) is int for part in key)):
        return None
    return Listed(slug, file, name, company, title, person, status,
                  person_name if type(person_name) is str else "",
                  data if type(data) is str else None, Stamp(key[0], key[1], key[2], key[3]))


def listed_of(slug: str, file: str, record: Record) -> Listed:
    """A record's row as a listing reads it, for a record the index does not
    hold yet (its person's name left for the caller to find)."""
    name, company, title, person, status, _ = _summary_values(record)
    return Listed(slug, file, name, company, title, person, status, "", None)
