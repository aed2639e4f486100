"""A speed-only index of decoded records, rebuilt from the files.

One JSON file per folder (``.cache/people.json``…). Each entry is keyed by the
file name and remembered with its size, mtime and inode; any difference means
the file is read again. Deleting the cache changes nothing but start-up time,
and a corrupt cache is ignored.
"""

from __future__ import annotations

import contextlib
import gc
import json
from pathlib import Path
from typing import Any

from coffeechat.storage.atomic import write_atomic

CACHE_DIR = ".cache"
# Bump whenever decoding changes what a file means, so old entries are dropped.
CACHE_FORMAT = 4


class IndexCache:
    """``name -> [size, mtime_ns, inode, digest, record data, problems]`` for one folder."""

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
            payload = json.loads(self.path.read_bytes())
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

    def get(self, key: str, size: int, mtime_ns: int, inode: int) -> list[Any] | None:
        entry = self.entries.get(key)
        if (
            not isinstance(entry, list)
            or len(entry) != 6
            or entry[0] != size
            or entry[1] != mtime_ns
            or entry[2] != inode
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
