"""Compact lookups for the people an import creates, so a million rows fit in little memory.

A dict of strings costs about a hundred bytes a key; an import of a million rows
keeps two or three keys a row (name and company, profile URL, e-mail). Here a key is
kept as a 64-bit fingerprint in flat arrays (open addressing), about a dozen bytes
a key. Fingerprints of different texts coincide with odds near one in 10^12 for a
million keys, far below any other source of error in matching people.
"""

from __future__ import annotations

from array import array

SEVERAL = -1
_EMPTY = 0


def _fingerprint(text: str) -> int:
    value = hash(text)
    return value if value != _EMPTY else 1


class KeyTable:
    """Text keys to non-negative numbers; a key given two numbers maps to ``SEVERAL``."""

    def __init__(self) -> None:
        self._keys = array("q", bytes(8 * 1024))
        self._values = array("i", bytes(4 * 1024))
        self._used = 0

    def __len__(self) -> int:
        return self._used

    def get(self, text: str) -> int | None:
        key = _fingerprint(text)
        keys = self._keys
        mask = len(keys) - 1
        slot = key & mask
        while keys[slot] != _EMPTY:
            if keys[slot] == key:
                return self._values[slot]
            slot = (slot + 1) & mask
        return None

    def add(self, text: str, value: int) -> None:
        if (self._used + 1) * 3 > len(self._keys) * 2:
            self._grow()
        self._put(_fingerprint(text), value)

    def _put(self, key: int, value: int) -> None:
        keys = self._keys
        mask = len(keys) - 1
        slot = key & mask
        while keys[slot] != _EMPTY:
            if keys[slot] == key:
                if self._values[slot] != value:
                    self._values[slot] = SEVERAL
                return
            slot = (slot + 1) & mask
        keys[slot] = key
        self._values[slot] = value
        self._used += 1

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        size = len(old_keys) * 2
        self._keys = array("q", bytes(8 * size))
        self._values = array("i", bytes(4 * size))
        self._used = 0
        for key, value in zip(old_keys, old_values, strict=True):
            if key != _EMPTY:
                self._put(key, value)


class TextLog:
    """Short texts appended in order and read back by position, without an object each."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, text: str) -> int:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))
        return len(self._ends) - 1

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index > 0 else 0
        return self._data[start:self._ends[index]].decode("utf-8", "surrogatepass")
