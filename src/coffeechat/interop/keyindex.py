"""Compact lookups for the people an import creates, so a million rows fit in little memory.

A dict of strings costs about a hundred bytes a key; an import of a million rows
keeps two or three keys a row (name and company, profile URL, e-mail). Here a key is
kept as a 64-bit fingerprint in flat arrays (open addressing), about twenty bytes
a key. Fingerprints of different texts coincide with odds near one in 10^12 for a
million keys, far below any other source of error in matching people.

The texts an import keeps a row (where it was, its folded name, the file it made)
are needed again only for a duplicate, so past a few hundred kilobytes they wait in
an unnamed temporary file, and memory keeps only where each one ends.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from typing import BinaryIO

SEVERAL = -1
_EMPTY = 0
# Texts kept in memory before a log moves them to its file, and written at a time.
_IN_MEMORY = 256 * 1024


def _fingerprint(text: str) -> int:
    value = hash(text)
    return value if value != _EMPTY else 1


class KeyTable:
    """Text keys to non-negative numbers; a key given two numbers maps to ``SEVERAL``.

    The keys and their numbers sit in insertion order in two dense arrays; the
    open-addressing slots hold only a position in them (four bytes), so growing
    the table copies the slots alone."""

    def __init__(self) -> None:
        # Position + 1 of a key in ``_keys`` (0: an empty slot).
        self._slots = array("i", bytes(4 * 1024))
        self._keys = array("q")
        self._values = array("i")

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, text: str) -> int | None:
        key = _fingerprint(text)
        slots, keys = self._slots, self._keys
        mask = len(slots) - 1
        slot = key & mask
        while (position := slots[slot]) != _EMPTY:
            if keys[position - 1] == key:
                return self._values[position - 1]
            slot = (slot + 1) & mask
        return None

    def add(self, text: str, value: int) -> None:
        if (len(self._keys) + 1) * 3 > len(self._slots) * 2:
            self._grow()
        key = _fingerprint(text)
        slots, keys = self._slots, self._keys
        mask = len(slots) - 1
        slot = key & mask
        while (position := slots[slot]) != _EMPTY:
            if keys[position - 1] == key:
                if self._values[position - 1] != value:
                    self._values[position - 1] = SEVERAL
                return
            slot = (slot + 1) & mask
        keys.append(key)
        self._values.append(value)
        slots[slot] = len(keys)

    def _grow(self) -> None:
        self._slots = slots = array("i", bytes(8 * len(self._slots)))
        mask = len(slots) - 1
        for position, key in enumerate(self._keys, start=1):
            slot = key & mask
            while slots[slot] != _EMPTY:
                slot = (slot + 1) & mask
            slots[slot] = position


class TextLog:
    """Short texts appended in order and read back by position, without an object
    each: in memory while they are few, then in an unnamed temporary file (gone
    with the process, however it ends), with only their ends in memory."""

    def __init__(self) -> None:
        # Texts not yet in the file, from offset ``_flushed`` of the whole log.
        self._data = bytearray()
        self._flushed = 0
        self._file: BinaryIO | None = None
        # Whether the file could not take them (then they all stay in memory).
        self._full = False
        # Where each text ends in the whole log; four bytes each (a log stays
        # far below 4 GiB: an import reads at most a few dozen megabytes).
        self._ends = array("I")

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, text: str) -> int:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(self._flushed + len(self._data))
        if len(self._data) >= _IN_MEMORY:
            self._spill()
        return len(self._ends) - 1

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index > 0 else 0
        end = self._ends[index]
        if start >= self._flushed:
            raw = bytes(self._data[start - self._flushed:end - self._flushed])
        else:
            assert self._file is not None
            raw = os.pread(self._file.fileno(), end - start, start)
        return raw.decode("utf-8", "surrogatepass")

    def _spill(self) -> None:
        if self._full:
            return
        try:
            if self._file is None:
                # Kept open for the log's life; unnamed, so nothing is left behind.
                self._file = tempfile.TemporaryFile()  # noqa: SIM115
            view = memoryview(self._data)
            while view:
                view = view[os.pwrite(self._file.fileno(), view,
                                      self._flushed + len(self._data) - len(view)):]
        except OSError:
            # No room for the file: the texts stay in memory, as they fit before.
            self._full = True
            return
        self._flushed += len(self._data)
        self._data = bytearray()
