"""``drafts/``: the text typed in a dialog, kept until the dialog saves it where
it belongs (a new person, a debrief, an export path…).

Each dialog that holds text not yet saved has one file, ``drafts/<key>.yaml``
(a :class:`~coffeechat.core.models.draft.Draft`), written through the editing
engine like any record: the dialog's autosave writes it as you type, so a
dialog closed with Escape, or an app that quits or crashes, loses nothing, and
the dialog offers the text back when it is opened again. The file goes once the
dialog has saved its text, or when the text is back to what the dialog opened
with. Drafts are never read as records; nobody else writes them, so they never
clash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from coffeechat.core.models.draft import Draft
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import DIR_MODE, fsync_dir, write_atomic
from coffeechat.storage.collection import CONFLICTS_DIR
from coffeechat.storage.errors import ReadOnlyError, StoreError
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.regular import read_regular
from coffeechat.storage.slugs import is_safe_slug

DRAFTS_DIR = "drafts"


class DraftStore:
    """``drafts/`` as a store of records keyed by dialog (see
    :class:`~coffeechat.storage.editing.RecordStore`). A key is opened with the
    draft of a dialog where nothing was typed yet; ``get`` gives the draft kept,
    else that one."""

    folder = DRAFTS_DIR

    def __init__(self, data_dir: Path, *, readonly: bool = False) -> None:
        self.data_dir = data_dir
        self.directory = data_dir / DRAFTS_DIR
        self.readonly = readonly
        # Per key: what is on disk (or the dialog's own start, with no file),
        # and what the dialog started from.
        self._stored: dict[str, Draft] = {}
        self._blank: dict[str, Draft] = {}

    def path(self, key: str) -> Path:
        if not is_safe_slug(key):
            raise StoreError(f"{key!r} cannot name a draft")
        return self.directory / f"{key}.yaml"

    def open(self, key: str, blank: Draft) -> Draft:
        """Start editing ``key`` from ``blank`` (nothing typed yet); returns the
        draft kept from before, else ``blank``."""
        self._blank[key] = blank.copy()
        self._stored[key] = self._read(key) or blank.copy()
        return self._stored[key].copy()

    def _read(self, key: str) -> Draft | None:
        try:
            raw, _ = read_regular(self.path(key), yaml_io.MAX_FILE_BYTES)
        except (OSError, StoreError):
            return None
        draft, _ = decode_record(Draft, raw, None)
        return draft

    def holds(self, key: str) -> bool:
        """Whether a draft of ``key`` is kept (its text differs from the start)."""
        stored = self._stored.get(key)
        return stored is not None and stored.values != self._blank[key].values

    # -- the engine's side (RecordStore) --------------------------------------------

    def editable(self, slug: str) -> bool:
        # Never a file with errors: an unreadable draft is left where it is and
        # the dialog starts from its own text.
        return slug in self._stored

    def get(self, slug: str) -> Draft | None:
        stored = self._stored.get(slug)
        return stored.copy() if stored is not None else None

    def reload(self, slug: str) -> None:
        if slug in self._blank:
            self._stored[slug] = self._read(slug) or self._blank[slug].copy()

    def save(self, slug: str, record: Draft, *, base: Draft | None = None) -> Draft:
        """Write the draft (private, atomically); a draft back to blank (nothing
        typed) removes the file instead."""
        if self.readonly:
            raise ReadOnlyError("read-only: another coffeechat has this data directory open")
        path = self.path(slug)
        blank = self._blank.get(slug)
        if blank is not None and record.values == blank.values:
            self._remove(path)
        else:
            self.directory.mkdir(mode=DIR_MODE, exist_ok=True)
            write_atomic(path, encode_record(record))
        self._stored[slug] = record.copy()
        return record.copy()

    def keep_copy(self, slug: str, record: Draft | None = None) -> Path:
        """A copy in ``conflicts/drafts/`` (drafts never clash, so only on request)."""
        draft = record if record is not None else self._stored.get(slug, Draft())
        folder = self.data_dir / CONFLICTS_DIR / DRAFTS_DIR
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        kept = folder / f"{slug}.{dt.datetime.now():%Y%m%d-%H%M%S-%f}.yaml"
        write_atomic(kept, encode_record(draft))
        return kept

    # -- done with a dialog -----------------------------------------------------------

    def discard(self, key: str) -> None:
        """The dialog saved its text where it belongs: its draft goes. A draft that
        cannot be removed (a read-only mount) is only offered again, never harmful."""
        self._stored.pop(key, None)
        self._blank.pop(key, None)
        if self.readonly:
            return
        with contextlib.suppress(OSError, StoreError):
            self._remove(self.path(key))

    def _remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        fsync_dir(self.directory)
