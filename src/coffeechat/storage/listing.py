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
from collections.abc import Callable, Container, Iterator
from typing import Any, Generic

from coffeechat.core.models.schema import (
    check_cached,
    encode_json,
    json_from_cache,
    keyed_json,
    stored_fields,
)
from coffeechat.storage import caching, yaml_io
from coffeechat.storage.collection import R, from_index
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
                  fields: Container[str]) -> tuple[str, KeptLine | None]:
        """The record as ``--json`` lists it, under its slug as ``key`` (a field
        of the record's own of that name wins, as it always did; ``splice`` is
        ``keyed_json(key)``, ``fields`` the names of the kind's fields), and the
        line worth keeping on its row for the next listing (None when there is
        none: kept already, or not from the row).
        The line a listing kept is used as it is; else the line is written from
        the row's data without rebuilding the record. ("", None) when the record
        cannot be read."""
        row = self.row
        keeping = caching.enabled()
        if keeping and row.kept is not None and key not in row.extra_keys:
            return splice(row.slug, row.kept), None
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
        if key in data:  # a field of the record's own: encoded whole, as ever
            return encode_json({key: row.slug, **data}), None
        text = encode_json(data)
        return splice(row.slug, text), (KeptLine(row.slug, row.stamp, row.name, row.status, tuple(
            name for name in data if name not in fields), text) if keep else None)


def json_lines(index: Index, fresh: Fresh[R], key: str, *, by_name: bool,
               status: str | None = None) -> Iterator[str]:
    """``listing``'s records as their ``--json`` lines, the slug under ``key``;
    each line written from a row's data is kept on the row (a window at a
    time), for the next listing to print as it is."""
    splice = keyed_json(key)
    fields = {spec.name for spec in stored_fields(fresh.cls)}
    kept: list[KeptLine] = []
    for item in listing(index, fresh, by_name=by_name, status=status):
        line, keep = item.json_line(key, splice, fields)
        if line:
            yield line
        if keep is not None:
            kept.append(keep)
            if len(kept) >= LISTING_WINDOW:
                index.keep_lines(fresh.kind, kept)
                kept = []
    if kept:
        index.keep_lines(fresh.kind, kept)


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
    behind = [Item(fresh, listed_of(slug, "", record), record)
              for slug, record in fresh.behind.items()]
    behind = [item for item in behind if status is None or item.row.status == status]

    def order(item: Item[R]) -> Any:
        row = item.row
        return (name_order(row.name), row.name, row.slug) if by_name else row.slug

    try:
        yield from heapq.merge(rows, sorted(behind, key=order), key=order) if behind else rows
    except Unavailable:
        raise StoreError("the index could not be read during the listing; run the "
                         "command again (the index is rebuilt from the files)") from None
