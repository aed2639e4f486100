"""The record rows: written, settled and removed with their files, read back
by folder, and compared with a folder's files in SQL."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from coffeechat.core.models import QuestionBank
from coffeechat.core.search import COLUMNS, bank_texts
from coffeechat.core.text import fold_letters
from coffeechat.storage.index.connection import IndexConnection, _Skipped
from coffeechat.storage.index.rows import (
    _HEAD_COLUMNS,
    _HEAD_COLUMNS_OF_R,
    Head,
    Row,
    _head,
    prepare,
)
from coffeechat.storage.index.schema import _INSERT, _SEEN_SQL, _TEXT_MARKS, _TROUBLED
from coffeechat.storage.records import Stamp

_BANK_DIGESTS = "SELECT slug, digest FROM records WHERE kind = 'banks'"

# Rows written with one statement per table, their slugs looked up in one
# query (SQLite takes at least 999 values in one).
_ROWS_AT_ONCE = 500


class RecordRows(IndexConnection):
    """One row per record file, with what hangs off it."""

    def heads(self, kind: str) -> dict[str, Head]:
        """The rows of one folder by slug; rows whose columns do not have the
        types written here are left out (their files are read again)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {
                row[0]: head for row in connection.execute(
                    f"SELECT slug, {_HEAD_COLUMNS} FROM records WHERE +kind = ?", (kind,))
                if type(row[0]) is str and (head := _head(row[1:])) is not None
            }
        return {}

    def heads_and_data(self, kind: str) -> tuple[dict[str, Head], dict[str, str]]:
        """``heads``, with the decoded records of the rows that have one, in one
        query: for a folder whose every record is about to be needed."""
        heads: dict[str, Head] = {}
        data: dict[str, str] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            for row in connection.execute(
                    f"SELECT slug, data, {_HEAD_COLUMNS} FROM records "
                    "LEFT JOIN bodies USING (id) WHERE +kind = ?", (kind,)):
                slug, body = row[0], row[1]
                if type(slug) is str and (head := _head(row[2:])) is not None:
                    heads[slug] = head
                    if type(body) is str:
                        data[slug] = body
        return heads, data

    def problems(self, kind: str) -> list[tuple[str, str]]:
        """``(file name, problems)`` of the rows of one folder that have any."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(file, problems) for file, problems in connection.execute(
                "SELECT file, problems FROM records WHERE +kind = ? AND problems != '[]'",
                (kind,)) if type(file) is str and type(problems) is str]
        return []

    def counts(self) -> dict[str, int]:
        """How many rows each folder has: the files as of the last write, which
        is all a progress total needs before the folders are listed."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {kind: count for kind, count in connection.execute(
                "SELECT kind, COUNT(*) FROM records GROUP BY kind")
                if type(kind) is str and type(count) is int}
        return {}

    def head(self, kind: str, slug: str) -> Head | None:
        """One row (see ``heads``)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                f"SELECT {_HEAD_COLUMNS} FROM records WHERE kind = ? AND slug = ?",
                (kind, slug)).fetchone()
            return _head(row) if row is not None else None
        return None

    def data(self, kind: str, slug: str, stamp: Stamp) -> str | None:
        """The decoded record of one row, if the row is for the file as ``stamp`` says."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT data FROM records JOIN bodies USING (id) WHERE kind = ? AND slug = ? "
                "AND size = ? AND mtime_ns = ? AND inode = ? AND ctime_ns = ?",
                (kind, slug, *stamp)).fetchone()
            if row is not None and type(row[0]) is str:
                return row[0]
        return None

    def all_data(self, kind: str, table: str = "bodies") -> dict[str, tuple[Stamp, str]]:
        """The decoded records (or, from ``home``, the light copies) of one
        folder with the stamps of the files they are for."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {
                slug: (Stamp(size, mtime_ns, inode, ctime_ns), data)
                for slug, size, mtime_ns, inode, ctime_ns, data in connection.execute(
                    "SELECT slug, size, mtime_ns, inode, ctime_ns, data FROM records "
                    f"JOIN {table} USING (id) WHERE kind = ?", (kind,))
                if type(slug) is str and type(data) is str and type(size) is int
                and type(mtime_ns) is int and type(inode) is int and type(ctime_ns) is int
            }
        return {}
    def store(self, kind: str, rows: Iterable[Row],
              still: Callable[[Row], bool] | None = None) -> bool:
        """Write rows in one transaction; ``still`` (checked inside it) says whether
        a row's file is still as read. False when the index could not be written."""
        try:
            with self._writing() as connection:
                batch: dict[str, Row] = {}
                for row in rows:
                    if still is None or still(row):
                        batch[row.slug] = row
                        if len(batch) >= _ROWS_AT_ONCE:
                            self._put(connection, kind, list(batch.values()))
                            batch = {}
                if batch:
                    self._put(connection, kind, list(batch.values()))
        except _Skipped:
            return False
        return True

    def _put(self, connection: sqlite3.Connection, kind: str, rows: list[Row]) -> None:
        """Write the rows of files of one folder (a slug once): each table's rows
        with one statement, each record encoded once for all of them."""
        slugs = [row.slug for row in rows]
        found: dict[str, int] = dict(connection.execute(
            f"SELECT slug, id FROM records WHERE kind = ? AND slug IN "
            f"({', '.join('?' for _ in slugs)})", (kind, *slugs)).fetchall())
        for known in found.values():
            self._forget(connection, known)
        next_id = int(connection.execute("SELECT coalesce(max(id), 0) + 1 FROM records")
                      .fetchone()[0])
        values: list[tuple[Any, ...]] = []
        bodies: list[tuple[int, str]] = []
        homes: list[tuple[Any, ...]] = []
        home_lines: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        reaches: list[tuple[int, str, str]] = []
        names: list[tuple[int, str]] = []
        contacts: list[tuple[Any, ...]] = []
        texts: list[tuple[Any, ...]] = []
        folded: list[tuple[Any, ...]] = []
        for row in rows:
            record_id = found.get(row.slug)
            if record_id is None:
                record_id, next_id = next_id, next_id + 1
            ready = row.prepared if row.prepared is not None else prepare(kind, row)
            values.append((record_id, *ready.records))
            if ready.body is not None:
                bodies.append((record_id, ready.body))
            if ready.home is not None:
                homes.append((record_id, *ready.home))
            home_lines.extend((record_id, *line) for line in ready.home_lines)
            if ready.link is not None:
                links.append((record_id, *ready.link))
            reaches.extend((record_id, *link) for link in ready.reaches)
            if ready.name is not None:
                names.append((record_id, ready.name))
            if ready.contact is not None:
                contacts.append((record_id, *ready.contact))
            if ready.texts is not None and ready.folded is not None and self.searchable:
                texts.append((record_id, *ready.texts))
                folded.append((record_id, *ready.folded))
        connection.executemany(_INSERT, values)
        connection.executemany("INSERT INTO bodies VALUES (?, ?)", bodies)
        connection.executemany("INSERT INTO home VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", homes)
        connection.executemany("INSERT INTO home_lines VALUES (?, ?, ?, ?, ?, ?)", home_lines)
        connection.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", links)
        connection.executemany("INSERT INTO reaches VALUES (?, ?, ?)", reaches)
        connection.executemany("INSERT INTO names VALUES (?, ?)", names)
        connection.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?)", contacts)
        connection.executemany(f"INSERT INTO search_text VALUES (?, {_TEXT_MARKS})", texts)
        connection.executemany(
            f"INSERT INTO search (rowid, {', '.join(COLUMNS)}) VALUES (?, {_TEXT_MARKS})", folded)

    def settle(self, kind: str, confirmed: Iterable[tuple[str, Stamp, str, int]]) -> None:
        """Note that files were found unchanged later: ``(slug, stamp, digest,
        checked_ns)``, on their rows while they are of that version and digest."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for slug, stamp, digest, checked_ns in confirmed:
                connection.execute(
                    "UPDATE records SET checked_ns = max(checked_ns, ?) WHERE kind = ? AND "
                    "slug = ? AND size = ? AND mtime_ns = ? AND inode = ? AND ctime_ns = ? "
                    "AND digest = ?", (checked_ns, kind, slug, *stamp, digest))

    def restamp(self, kind: str, found: Iterable[tuple[str, str, str, Stamp, int]]) -> bool:
        """Give rows the new stamps of files whose bytes are still the ones the
        rows were made of: ``(slug, file, digest, stamp, checked_ns)``, each on
        its row while that row is of that file and digest. False when the index
        could not be written."""
        try:
            with self._writing() as connection:
                connection.executemany(
                    "UPDATE records SET size = ?, mtime_ns = ?, inode = ?, ctime_ns = ?, "
                    "checked_ns = ? WHERE kind = ? AND slug = ? AND file = ? AND digest = ?",
                    ((*stamp, checked_ns, kind, slug, file, digest)
                     for slug, file, digest, stamp, checked_ns in found))
        except _Skipped:
            return False
        return True

    def remove(self, kind: str, slugs: Iterable[str]) -> None:
        """Forget the rows of files that are gone."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for slug in slugs:
                found = connection.execute(
                    "SELECT id FROM records WHERE kind = ? AND slug = ?", (kind, slug)
                ).fetchone()
                if found is not None:
                    connection.execute("DELETE FROM records WHERE id = ?", found)
                    self._forget(connection, found[0])

    def _forget(self, connection: sqlite3.Connection, record_id: int) -> None:
        """Drop what hangs off a row (before it is rewritten or deleted)."""
        connection.execute("DELETE FROM bodies WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM home WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM home_lines WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM links WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM reaches WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM names WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM listings WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM contacts WHERE id = ?", (record_id,))
        if self.searchable:
            # An index over texts kept elsewhere forgets a row given what it read.
            texts = connection.execute(f"SELECT {', '.join(COLUMNS)} FROM search_text "
                                       "WHERE id = ?", (record_id,)).fetchone()
            if texts is not None:
                connection.execute(
                    f"INSERT INTO search (search, rowid, {', '.join(COLUMNS)}) "
                    f"VALUES ('delete', ?, {_TEXT_MARKS})",
                    (record_id, *map(fold_letters, texts)))
                connection.execute("DELETE FROM search_text WHERE id = ?", (record_id,))

    def store_banks(self, banks: Iterable[QuestionBank], stamps: str | None = None) -> None:
        """Index the banks in use, rewriting only what changed since last time.
        With ``stamps`` (``storage.banks.bank_stamps``, taken before the banks
        were read), keep those once the rows are these banks' (checked in the
        same transaction), for a search to trust the rows while the files keep
        them; any change to the rows drops them."""
        wanted = {}
        for bank in banks:
            texts = bank_texts(bank)
            fingerprint = hashlib.blake2b("\0".join(texts).encode(), digest_size=16)
            wanted[bank.id] = (bank, fingerprint.hexdigest())
        digests = {bank_id: digest for bank_id, (_, digest) in wanted.items()}
        known: dict[str, str] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            known = dict(connection.execute(_BANK_DIGESTS).fetchall())
        if known != digests:
            with contextlib.suppress(_Skipped), self._writing() as connection:
                connection.execute("DELETE FROM bank_stamps")
            self.remove("banks", set(known) - set(wanted))
            self.store("banks", (
                Row(bank_id, bank.path.name if bank.path else "", Stamp(0, 0, 0, 0), 0, digest,
                    [], bank)
                for bank_id, (bank, digest) in wanted.items() if known.get(bank_id) != digest))
        if stamps is not None:
            with contextlib.suppress(_Skipped), self._writing() as connection:
                if dict(connection.execute(_BANK_DIGESTS).fetchall()) == digests:
                    connection.execute("DELETE FROM bank_stamps")
                    connection.execute("INSERT INTO bank_stamps VALUES (?)", (stamps,))

    def unmatched(self, kind: str, files: Iterable[Sequence[object]], settle_ns: int,
                  seal: Callable[[], tuple[int, int] | None] | None = None,
                  ) -> tuple[list[tuple[str, str, bool, Head | None]], list[str]] | None:
        """Compare a folder's files with their rows, in SQL, without holding
        either: ``files`` gives each as ``(slug, file, size, mtime_ns, inode,
        ctime_ns, odd)`` (``odd``: its stamp could not be taken, a row is never
        to be used for it). Returns the files whose rows do not vouch for
        them, each ``(slug, file, twin, head)``: no row, a row of another
        file or stamp, a stamp that had not settled (see ``Stamp.settled``;
        ``settle_ns`` is its margin), a row of a file with problems (its
        head says which), or a slug that has two files (``twin``); and the
        slugs of rows whose files are gone. None when the index cannot be read.

        When every row stood for its file (no file new, changed, gone, twin or
        odd), ``seal`` (asked once ``files`` is spent) gives the folder's
        count and digest to keep for ``sealed``: written in the transaction
        that read the rows, so a row written since by anyone (SQLite refuses
        the write then) leaves no digest behind."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            if connection.execute("SELECT 1 FROM records WHERE kind = ? LIMIT 1",
                                  (kind,)).fetchone() is None:
                # No row of the folder yet (a first start): every file is
                # unmatched, found without a table of them (a tenth of a
                # second at 10,000 files). A row another process writes
                # meanwhile only makes its file read again.
                listed = list(files)
                if listed:
                    return _without_rows(listed), []
                files = listed
            # A table of this connection's own, in its temporary database: the
            # index's schema and other processes never see it.
            connection.execute(_SEEN_SQL)
            connection.execute("BEGIN")
            connection.execute("DELETE FROM temp.seen")
            connection.executemany(
                "INSERT INTO temp.seen VALUES (?, ?, ?, ?, ?, ?, ?)", files)
            unmatched: dict[str, tuple[str, str, bool, Head | None]] = {}
            moved = False
            for slug, file, twin, changed, *head in connection.execute(
                    "SELECT t.slug, t.file, t.slug IN (SELECT slug FROM temp.seen GROUP BY "
                    "slug HAVING count(*) > 1) AS twin, r.id IS NULL "
                    "OR r.file IS NOT t.file OR r.size IS NOT t.size "
                    "OR r.mtime_ns IS NOT t.mtime_ns OR r.inode IS NOT t.inode "
                    "OR r.ctime_ns IS NOT t.ctime_ns OR NOT t.ctime_ns + ? < r.checked_ns "
                    f"AS changed, {_HEAD_COLUMNS_OF_R} FROM temp.seen t "
                    "LEFT JOIN records r ON r.kind = ? AND r.slug = t.slug "
                    "WHERE NOT t.odd AND (twin OR changed OR r.problems IS NOT '[]' "
                    "OR NOT r.readable)", (settle_ns, kind)):
                moved = moved or bool(twin) or bool(changed)
                unmatched[slug] = (slug, file, bool(twin),
                                   _head(head) if head[0] is not None else None)
            gone = [slug for (slug,) in connection.execute(
                "SELECT slug FROM records WHERE kind = ? AND slug NOT IN "
                "(SELECT slug FROM temp.seen)", (kind,)) if type(slug) is str]
            tally = seal() if seal is not None and not moved and not gone else None
            try:
                if tally is not None:
                    connection.execute("INSERT OR REPLACE INTO folders VALUES (?, ?, ?)",
                                       (kind, *tally))
                connection.execute("DELETE FROM temp.seen")
                connection.execute("COMMIT")
            except sqlite3.OperationalError:
                # Refused when another connection wrote since this one read the
                # rows above: no digest kept, the next compare is made in full.
                connection.execute("ROLLBACK")
            return list(unmatched.values()), gone
        return None

    def sealed(self, kind: str) -> tuple[int, int] | None:
        """The count and digest of the files of a folder whose every row was
        last found standing for its file, kept by ``unmatched`` and dropped by
        any write of its rows since; None when there are none."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute("SELECT files, digest FROM folders WHERE kind = ?",
                                     (kind,)).fetchone()
            if row is not None and type(row[0]) is int and type(row[1]) is int:
                return row[0], row[1]
        return None

    def troubled(self, kind: str) -> list[tuple[str, str, bool, Head | None]] | None:
        """The rows of a folder that ``unmatched`` returns even when each
        stands for its file: those of files with problems (as it returns them).
        None when the index cannot be read."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, head.file, False, head) for slug, *columns in connection.execute(
                f"SELECT slug, {_HEAD_COLUMNS} FROM records WHERE kind = ? AND ({_TROUBLED})",
                (kind,)) if type(slug) is str and (head := _head(columns)) is not None]
        return None


def _without_rows(files: list[Sequence[object]]) -> list[tuple[str, str, bool, Head | None]]:
    """What ``unmatched`` returns of ``files`` when their folder has no row: each
    file that could be stamped, its slug once, with whether the slug has two."""
    slugs = Counter(file[0] for file in files)
    found: dict[str, tuple[str, str, bool, Head | None]] = {}
    for slug, file, *_, odd in files:
        if not odd and type(slug) is str and type(file) is str:
            found[slug] = (slug, file, slugs[slug] > 1, None)
    return list(found.values())
