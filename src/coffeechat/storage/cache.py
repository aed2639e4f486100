"""A speed-only index of decoded records, rebuilt from the files.

One JSON file per folder (``.cache/people.json``…). Each entry is keyed by the
file name and remembered with its stamp (size, mtime, inode, ctime); any
difference means the file is read again. An entry whose stamp had not settled
when the file was read (see ``Stamp.settled``) is trusted only once the file's
digest matches. Deleting the cache changes nothing but start-up time, and a
corrupt cache is ignored.
"""

from __future__ import annotations

import contextlib
import gc
import json
from pathlib import Path
from typing import Any

from coffeechat.storage.atomic import write_atomic
from coffeechat.storage.records import Stamp
from coffeechat.storage.regular import read_regular

CACHE_DIR = ".cache"
# Bump whenever decoding changes what a file means, so old entries are dropped.
CACHE_FORMAT = 5
# Far above the index of 10,000 people and 2,000 interviews.
MAX_CACHE_BYTES = 1 << 30
# Where each part sits in an entry, after the four numbers of the stamp.
CHECKED, DIGEST, DATA, PROBLEMS = 4, 5, 6, 7


def cache_entry(stamp: Stamp, checked_ns: int, digest: str | None, data: Any,
                problems: list[Any]) -> list[Any]:
    return [stamp.size, stamp.mtime_ns, stamp.inode, stamp.ctime_ns, checked_ns, digest,
            data, problems]


class IndexCache:
    """``name -> [size, mtime_ns, inode, ctime_ns, checked_ns, digest, record data,
    problems]`` for one folder."""

    def __init__(self, data_dir: Path, folder: str) -> None:
        self.path = data_dir / CACHE_DIR / f"{folder}.json"
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False

    def load(self) -> None:
        # Parsing builds hundreds of thousands of small containers; pausing the
        # cyclic garbage collector meanwhile roughly halves the time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            # A link, a pipe or a device where the cache should be is ignored.
            raw, _ = read_regular(self.path, MAX_CACHE_BYTES, follow=False)
            payload = json.loads(raw)
        except (OSError, ValueError):
            return
        finally:
            if enabled:
                gc.enable()
        if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT:
            return
        entries = payload.get("entries")
        if isinstance(entries, dict):
            self.entries = entries

    def get(self, key: str, stamp: Stamp) -> list[Any] | None:
        entry = self.entries.get(key)
        if (
            not isinstance(entry, list)
            or len(entry) != 8
            or entry[0] != stamp.size
            or entry[1] != stamp.mtime_ns
            or entry[2] != stamp.inode
            or entry[3] != stamp.ctime_ns
            or not isinstance(entry[CHECKED], int)
        ):
            return None
        return entry

    def put(self, key: str, entry: list[Any]) -> None:
        self.entries[key] = entry
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        stale = self.entries.keys() - keep
        for key in stale:
            del self.entries[key]
        if stale:
            self.dirty = True

    def save(self) -> None:
        """Write the index if it changed; failure only costs speed next time."""
        if not self.dirty:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            payload = {"format": CACHE_FORMAT, "entries": self.entries}
            write_atomic(self.path, json.dumps(payload, separators=(",", ":")).encode())
            self.dirty = False
