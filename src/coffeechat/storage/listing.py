"""A listing of one folder's records as one query over its index rows.

Once ``freshness.refresh`` has made the folder's rows stand for its files, a
listing is those rows in order, read a window at a time: each is written as it
is read and no record is kept, so memory stays flat in the number of records.
A record is rebuilt, or its ``--json`` object written from its row's data, only
when asked for; a row whose data does not decode is read from its file. The
records whose rows the index did not take (``Fresh.behind``) are merged in
their places.
"""

from __future__ import annotations

import contextlib
import heapq
import json
from collections.abc import Callable, Iterator
from typing import Any, Generic

from coffeechat.core.models.schema import (
    check_cached,
    encode_json,
    json_from_cache,
    keyed_json,
)
from coffeechat.storage import caching, yaml_io
from coffeechat.storage.errors import StoreError
from coffeechat.storage.freshness import Fresh
from coffeechat.storage.index import (
    LISTING_WINDOW,
    Index,
    KeptLine,
    Listed,
    Unavailable,
    listed_of,
    name_order,
)
from coffeechat.storage.record_files import R, from_index
from coffeechat.storage.records import decode_record
from coffeechat.storage.regular import read_regular

_DAMAGED = (TypeError, ValueError, KeyError, AttributeError)


class Item(Generic[R]):
    """One record of a listing: its row's summary, and its record or its
    ``--json`` object made on demand."""

    __slots__ = ("_record", "behind", "fresh", "row")

    def __init__(self, fresh: Fresh[R], row: Listed, record: R | None = None) -> None:
        self.fresh = fresh
        self.row = row
        self._record = record
        # A record whose row the index lacks, read from its file for this listing.
        self.behind = record is not None

    def record(self) -> R | None:
        """The record, from its row's data, else from its file (None when that
        cannot be read now either)."""
        if self._record is None:
            data = self.row.data
            self._record = from_index(self.fresh.cls, data) if data is not None else None
            if self._record is None:
                self._record = self._read()
        return self._record

    def _read(self) -> R | None:
        path = self.fresh.directory / self.row.file
        try:
            raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES)
        except OSError:
            return None
        return decode_record(self.fresh.cls, raw, path)[0]

    def json_line(self, key: str, splice: Callable[[str, str], str],
                  keeping: bool) -> tuple[str, KeptLine | None]:
        """The record as ``--json`` lists it, under its slug as ``key`` (a field
        of the record's own of that name wins, as it always did; ``splice`` is
        ``keyed_json(key)``), written from the row's data without rebuilding
        the record; and the line worth
        keeping on its row for the next listing (None when there is none: not
        from the row, or not UTF-8; ``keeping``: whether lines are kept at all,
        see ``caching``). ("", None) when the record cannot be read."""
        row = self.row
        data: dict[str, Any] | None = None
        if self._record is None and row.data is not None:
            with contextlib.suppress(*_DAMAGED):
                cls = self.fresh.cls
                data = json_from_cache(cls, check_cached(cls, json.loads(row.data)))
        keep = keeping and data is not None
        if data is None:  # a damaged row, or a record read from its file
            record = self.record()
            if record is None:
                return "", None
            data = record.as_json()
        # A field of the record's own named like the key is encoded whole, as ever.
        line = encode_json({key: row.slug, **data}) if key in data \
            else splice(row.slug, encode_json(data))
        if not keep:
            return line, None
        try:
            kept = line.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: printed as the output's errors say
            return line, None
        return line, KeptLine(row.slug, row.stamp, row.name, row.status, kept)


def json_lines(index: Index, fresh: Fresh[R], key: str, *, by_name: bool,
               status: str | None = None) -> Iterator[str | bytes]:
    """``listing``'s records as their ``--json`` lines, the slug under ``key``:
    the line a listing kept on the row, as UTF-8 bytes, else one written from
    the row's data (or the file), kept on the row (a window at a time) for the
    next listing to print as it is."""
    if not fresh.listed:
        return
    splice = keyed_json(key)
    stale = fresh.stale
    kept: list[KeptLine] = []
    keeping = caching.enabled()  # asked once: it reads the environment
    rows: Iterator[tuple[str, str, bytes | Listed | Item[R]]] = index.json_rows(
        fresh.kind, key, by_name=by_name, status=status, kept=keeping)
    behind = _behind(fresh, status)
    if behind:
        rows = heapq.merge(rows, sorted(((item.row.slug, item.row.name, item)
                                         for item in behind), key=_order(by_name)),
                           key=_order(by_name))
    try:
        for slug, _, found in rows:
            if isinstance(found, bytes):
                if slug not in stale:
                    yield found
                continue
            if isinstance(found, Listed):
                if slug in stale:
                    continue
                found = Item(fresh, found)
            line, keep = found.json_line(key, splice, keeping)
            if line:
                yield keep.line if keep is not None else line
            if keep is not None:
                kept.append(keep)
                if len(kept) >= LISTING_WINDOW:
                    index.keep_lines(fresh.kind, key, kept)
                    kept = []
    except Unavailable:
        raise StoreError(_UNAVAILABLE) from None
    if kept:
        index.keep_lines(fresh.kind, key, kept)


def listing(index: Index, fresh: Fresh[R], *, by_name: bool, status: str | None = None,
            data: bool = True) -> Iterator[Item[R]]:
    """The records of a folder refreshed as ``fresh`` says, in the order lists
    show them: by name (``core.text.sort_key``, then slug) or by slug; with
    ``status``, of that status only; with ``data``, each row's decoded record
    fetched with it. A folder that could not be listed lists nothing (its
    problem says so). Raises ``StoreError`` when the index cannot be read."""
    if not fresh.listed:
        return
    stale = fresh.stale
    rows = (Item(fresh, row) for row in index.listing(fresh.kind, by_name=by_name,
                                                       status=status, data=data)
            if row.slug not in stale)
    behind = _behind(fresh, status)
    order = _order(by_name)

    def item_order(item: Item[R]) -> Any:
        return order((item.row.slug, item.row.name))

    try:
        yield from heapq.merge(rows, sorted(behind, key=item_order),
                               key=item_order) if behind else rows
    except Unavailable:
        raise StoreError(_UNAVAILABLE) from None


_UNAVAILABLE = ("the index could not be read during the listing; run the command again "
                "(the index is rebuilt from the files)")


def _behind(fresh: Fresh[R], status: str | None) -> list[Item[R]]:
    """The records whose rows the index did not take, of ``status`` if given."""
    behind = [Item(fresh, listed_of(slug, "", record), record)
              for slug, record in fresh.behind.items()]
    return [item for item in behind if status is None or item.row.status == status]


def _order(by_name: bool) -> Callable[[tuple[Any, ...]], Any]:
    """The order of a listing, of a ``(slug, name, ...)`` tuple."""
    if by_name:
        return lambda row: (name_order(row[1]), row[1], row[0])
    return lambda row: row[0]
