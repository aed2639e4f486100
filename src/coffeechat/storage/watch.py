"""The one watcher for files changed by other programs: records, banks, settings.

Looking costs one ``stat`` per file (and a read of the few files whose stamps
have not settled, see ``Stamp.settled``), so it runs on a worker thread. The
thread rule of the store holds here too: the worker gets an immutable snapshot
of what is known (taken on the owning thread) and only reads the disk; applying
the changes — reading the files again — happens back on the owning thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType

from coffeechat.storage import yaml_io
from coffeechat.storage.bank_edit import OWN_BANKS_DIR
from coffeechat.storage.banks import bank_files
from coffeechat.storage.collection import Seen, look, record_slug
from coffeechat.storage.index import Head
from coffeechat.storage.paths import shipped_banks_dir
from coffeechat.storage.records import SETTLE_NS, Stamp, digest
from coffeechat.storage.regular import read_regular
from coffeechat.storage.settings import SETTINGS_FILE
from coffeechat.storage.workspace import Workspace

KINDS = ("people", "companies", "interviews")

FileStamps = Mapping[Path, "Stamp | None"]


def _stamp(path: Path) -> Stamp | None:
    try:
        return Stamp.of(path.stat())
    except OSError:
        return None


def _bank_stamps(folders: tuple[Path, ...]) -> dict[Path, Stamp | None]:
    return {path: _stamp(path) for folder in folders for path in bank_files(folder)}


@dataclass(frozen=True)
class Known:
    """What the workspace last read, frozen for a worker thread."""

    folders: Mapping[str, Path]
    records: Mapping[str, Mapping[str, Seen]]
    # Of the folders not held in memory, the index's rows, asked on the
    # worker (``Index.heads``).
    indexed: Mapping[str, Callable[[], Mapping[str, Head]]]
    bank_folders: tuple[Path, ...]
    banks: FileStamps
    settings: Stamp | None
    # Filled by ``scan`` on the worker (one key per kind, so no two threads write
    # the same key): files found unchanged, for the next ``known`` to settle.
    confirmed: dict[str, Mapping[str, Seen]] = field(default_factory=dict)


@dataclass(frozen=True)
class Changes:
    """Files another program added, edited or removed since they were read."""

    records: Mapping[str, frozenset[str]] = field(default_factory=dict)
    banks: bool = False
    settings: bool = False

    def __bool__(self) -> bool:
        return self.banks or self.settings or any(self.records.values())

    def touches(self, kind: str, slug: str | None) -> bool:
        return slug is not None and slug in self.records.get(kind, frozenset())


def everything(workspace: Workspace) -> Changes:
    """A change naming every record (after the whole workspace was read again)."""
    return Changes({kind: frozenset(getattr(workspace, kind).entries) for kind in KINDS},
                   banks=True, settings=True)


def scan(known: Known) -> Changes:
    """Compare the disk with ``known``; safe on any thread (reads nothing shared)."""
    records: dict[str, frozenset[str]] = {}
    for kind, seen in known.records.items():
        changed, confirmed = look(known.folders[kind], seen)
        records[kind] = frozenset(changed)
        known.confirmed[kind] = confirmed
    for kind, rows in known.indexed.items():
        changed, confirmed = look_rows(known.folders[kind], rows())
        records[kind] = frozenset(changed)
        known.confirmed[kind] = confirmed
    banks = _bank_stamps(known.bank_folders) != dict(known.banks)
    settings_path = known.folders["settings"]
    return Changes(records, banks=banks, settings=_stamp(settings_path) != known.settings)


def look_rows(directory: Path, heads: Mapping[str, Head]) -> tuple[set[str], dict[str, Seen]]:
    """``look`` for a folder not held in memory, against its rows: a ``stat``
    per file from the folder's descriptor, compared with the row's stamp as
    the plain tuple it is (no object built per file, so a look at 10,000
    files every few seconds stays cheap). Safe on any thread."""
    checked = time.time_ns()
    try:
        names = os.listdir(directory)
        folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return set(), {}  # a folder that cannot be listed is not one emptied
    changed: set[str] = set()
    confirmed: dict[str, Seen] = {}
    present: set[str] = set()
    try:
        for name in names:
            slug = record_slug(name)
            if slug is None:
                continue
            present.add(slug)
            try:
                status = os.stat(name, dir_fd=folder)  # follows a link, as a read does
            except OSError:
                continue
            head = heads.get(slug)
            if head is None or head.stamp != (
                    status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns):
                changed.add(slug)
            elif head.digest is not None and not status.st_ctime_ns + SETTLE_NS < head.checked_ns:
                # A stamp not settled when its row was made: the text decides.
                try:
                    raw, again = read_regular(directory / name, yaml_io.MAX_FILE_BYTES)
                except OSError:
                    changed.add(slug)
                    continue
                stamp = Stamp.of(again)
                if stamp != Stamp.of(status) or digest(raw) != head.digest:
                    changed.add(slug)
                else:
                    confirmed[slug] = Seen(stamp, head.digest, checked)
    finally:
        os.close(folder)
    changed.update(slug for slug in heads if slug not in present)
    return changed, confirmed


class Watcher:
    """Keeps what was last read, and reads again what changed."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._bank_folders = (shipped_banks_dir(), workspace.data_dir / OWN_BANKS_DIR)
        self._banks = _bank_stamps(self._bank_folders)
        self._settings_path = workspace.data_dir / SETTINGS_FILE
        self._settings = _stamp(self._settings_path)
        self._last: Known | None = None

    def known(self) -> Known:
        """A frozen copy of what was last read (call on the owning thread)."""
        ws = self.workspace
        # A folder not read yet has nothing to compare: it is read fresh. One
        # whose rows were brought up to date is compared with them.
        loaded = [kind for kind in KINDS if getattr(ws, kind).loaded]
        indexed = {kind: partial(ws.index.heads, kind) for kind in KINDS
                   if kind not in loaded and getattr(ws, kind).scanned}
        if self._last is not None:
            # What the previous look confirmed unchanged no longer needs reading.
            for kind, confirmed in dict(self._last.confirmed).items():
                getattr(ws, kind).settle(confirmed)
        records = {kind: MappingProxyType(getattr(ws, kind).seen()) for kind in loaded}
        folders = {kind: getattr(ws, kind).directory for kind in KINDS}
        folders["settings"] = self._settings_path
        self._last = Known(MappingProxyType(folders), MappingProxyType(records),
                           MappingProxyType(indexed), self._bank_folders,
                           MappingProxyType(dict(self._banks)), self._settings)
        return self._last

    def apply(self, changes: Changes) -> None:
        """Read again what ``changes`` names (call on the owning thread)."""
        ws = self.workspace
        for kind, slugs in changes.records.items():
            getattr(ws, kind).reindex(slugs)
        if changes.banks:
            ws.reload_banks()
            self._banks = _bank_stamps(self._bank_folders)
        if changes.settings:
            self._settings = _stamp(self._settings_path)

    def settings_written(self) -> None:
        """The app itself wrote ``settings.yaml``: not a change to read back."""
        self._settings = _stamp(self._settings_path)

    def banks_rewritten(self) -> None:
        """The app itself changed a bank (after ``$EDITOR``): read banks again now."""
        self.workspace.reload_banks()
        self._banks = _bank_stamps(self._bank_folders)
