"""Listings: a folder's readable rows in the order lists show them, a window
at a time, and the records as ``--json`` lists them, kept under a seal."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from coffeechat.core.models.schema import Record, encode_json
from coffeechat.core.text import sort_key
from coffeechat.storage.index.connection import IndexConnection, Unavailable, _Skipped
from coffeechat.storage.index.rows import _summary_values
from coffeechat.storage.records import Stamp

# Rows a listing fetches at a time.
LISTING_WINDOW = 500


class KeptLine(NamedTuple):
    """A record's ``--json`` line as a listing keeps it on the record's row, with
    what it is sorted and filtered by."""

    slug: str
    # The stamp of the file the text was written for.
    stamp: Stamp
    # The summary columns of the same name.
    name: str
    status: str
    # The keys of the record's extra fields.
    extra_keys: tuple[object, ...]
    # ``encode_json(record.as_json())``.
    text: str


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
    # The record as ``--json`` lists it, as a listing kept it (see ``KeptLine``),
    # when asked for with the data and its seal matches; with its extra keys.
    kept: str | None = None
    extra_keys: tuple[object, ...] = ()


def _seal(kind: str, slug: str, stamp: Stamp, name: str, status: str, extra_keys: str,
          text: str) -> str:
    """A digest of a kept line and the row it belongs to: text that SQLite hands back
    damaged, cut short, or moved to another row or file version never matches, so
    it is never printed. (Surrogates pass: a record may hold them.)"""
    size, mtime_ns, inode, ctime_ns = stamp
    sealed = (f"{kind}\0{slug}\0{size}\0{mtime_ns}\0{inode}\0{ctime_ns}\0{name}\0{status}\0"
              f"{extra_keys}\0{text}")
    return hashlib.blake2b(sealed.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Listings(IndexConnection):
    """A folder's rows as listings read them."""

    def keep_lines(self, kind: str, lines: Iterable[KeptLine]) -> None:
        """Keep ``--json`` lines (with their slugs), each on its row while that
        row is of the file version, and has the name and status, it was made
        from. A line is kept by the listing that made it, not by every save:
        rewriting a row drops it, and saves stay as cheap as they were."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for line in lines:
                found = connection.execute(
                    "SELECT id, size, mtime_ns, inode, ctime_ns, name, status FROM records "
                    "WHERE kind = ? AND slug = ?", (kind, line.slug)).fetchone()
                if found is None or found[1:] != (*line.stamp, line.name, line.status):
                    continue
                keys = encode_json(list(line.extra_keys))
                seal = _seal(kind, line.slug, line.stamp, line.name, line.status,
                             keys, line.text)
                connection.execute("INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?)",
                                   (found[0], seal, keys, line.text))

    def listing(self, kind: str, *, by_name: bool, status: str | None = None,
                data: bool = True) -> Iterator[Listed]:
        """The readable rows of one folder in the order lists show them: by name
        as ``core.text.sort_key`` orders names (then by slug), or by slug; with
        ``status``, of that status only; with ``data``, each with its decoded
        record. Fetched a window at a time, so a listing of any size is written
        as it is read, in constant memory; the index is held (for other
        threads) until the last row is read. Raises ``Unavailable`` when the
        index cannot be read."""
        order = "name_order(name), name, slug" if by_name else "slug"
        # The order is found over the rows alone (a sort of small values), and
        # each window's rows then fetched whole, with their data.
        ids = ("SELECT id FROM records WHERE kind = ? AND readable"
               + (" AND status = ?" if status else "") + f" ORDER BY {order}")
        # A row's decoded record is read only when it has no listing kept (one
        # that does not match its seal gets it afterwards).
        columns = ("(SELECT data FROM bodies WHERE id = r.id AND l.id IS NULL), l.seal, "
                   "l.extra_keys, l.text" if data else "NULL, NULL, NULL, NULL")
        fetch = ("SELECT r.id, r.slug, r.file, r.name, r.company, r.title, r.person, r.status, "
                 f"p.name, r.size, r.mtime_ns, r.inode, r.ctime_ns, {columns} FROM records r "
                 + ("LEFT JOIN listings l ON l.id = r.id " if data else "")
                 + "LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
                 "AND r.kind = 'interviews' WHERE r.id IN ({})")
        try:
            with self._using() as connection:
                connection.create_function("name_order", 1, name_order, deterministic=True)
                cursor = connection.execute(ids, (kind, status) if status else (kind,))
                while window := [record_id for (record_id,) in
                                 cursor.fetchmany(LISTING_WINDOW)]:
                    rows = {row[0]: row[1:] for row in connection.execute(
                        fetch.format(", ".join("?" for _ in window)), window)}
                    for record_id in window:
                        row = rows.get(record_id)
                        if row is None or (listed := _listed(kind, row)) is None:
                            continue
                        if data and listed.kept is None and listed.data is None:
                            body = connection.execute("SELECT data FROM bodies WHERE id = ?",
                                                      (record_id,)).fetchone()
                            if body is not None and type(body[0]) is str:
                                listed = listed._replace(data=body[0])
                        yield listed
                    del rows, row  # one window in memory at a time, not two
        except _Skipped:
            raise Unavailable from None


def name_order(name: object) -> str | bytes:
    """What names are ordered by first (``core.text.sort_key``), in SQL as in
    Python: the folded text, or PyICU's collation key (compared byte by byte)."""
    key: str | bytes = sort_key(name if type(name) is str else "")[0]
    return key


def _listed(kind: str, row: Sequence[Any]) -> Listed | None:
    (slug, file, name, company, title, person, status, person_name, *key, data, seal, keys,
     text) = row
    if not (type(slug) is str and type(file) is str and type(name) is str
            and type(company) is str and type(title) is str and type(person) is str
            and type(status) is str and all(type(part) is int for part in key)):
        return None
    stamp = Stamp(key[0], key[1], key[2], key[3])
    kept, extra_keys = None, ()
    if type(text) is str and type(keys) is str \
            and seal == _seal(kind, slug, stamp, name, status, keys, text):
        # Sealed, so written here: a JSON list.
        kept, extra_keys = text, (() if keys == "[]" else tuple(json.loads(keys)))
    return Listed(slug, file, name, company, title, person, status,
                  person_name if type(person_name) is str else "",
                  data if type(data) is str else None, stamp, kept, extra_keys)


def listed_of(slug: str, file: str, record: Record) -> Listed:
    """A record's row as a listing reads it, for a record the index does not
    hold yet (its person's name left for the caller to find)."""
    name, company, title, person, status, _ = _summary_values(record)
    return Listed(slug, file, name, company, title, person, status, "", None)
