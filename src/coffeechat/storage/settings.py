"""User settings kept in ``<data>/settings.yaml`` (theme, nudge timing, your name).

The file is a store of one record, so the app edits it through the same
editing engine as every other record: a hand edit made meanwhile is merged,
never overwritten, and a clash keeps the app's version in ``conflicts/``.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from coffeechat.core.models import fields
from coffeechat.core.models.problems import Problem, has_errors
from coffeechat.core.models.schema import Record, three_way
from coffeechat.core.nudges import (
    DEFAULT_NUDGE_DAYS,
    DEFAULT_SECOND_CONTACT_DAYS,
    DEFAULT_TARGET_NUDGE_DAYS,
)
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import DIR_MODE, Staged, write_atomic, write_target
from coffeechat.storage.collection import CONFLICTS_DIR
from coffeechat.storage.errors import ConflictError, OutOfRangeError, ReadOnlyError, StoreError
from coffeechat.storage.records import Stamp, decode_record, digest, encode_record
from coffeechat.storage.regular import read_regular

SETTINGS_FILE = "settings.yaml"
DEFAULT_THEME = "textual-dark"
MAX_NUDGE_DAYS = 365


@dataclass
class Settings(Record):
    """Preferences; every field has a default so a missing file is fine."""

    theme: str = fields.text(DEFAULT_THEME, always=True)
    nudge_days: int = fields.number(DEFAULT_NUDGE_DAYS, low=1, high=MAX_NUDGE_DAYS, always=True)
    # Signs the suggested follow-up messages; asked for the first time one is drafted.
    your_name: str = fields.text()
    # The rhythm at target employers, in business days without an answer.
    second_contact_days: int = fields.number(DEFAULT_SECOND_CONTACT_DAYS, low=1,
                                             high=MAX_NUDGE_DAYS, always=True)
    target_nudge_days: int = fields.number(DEFAULT_TARGET_NUDGE_DAYS, low=1,
                                           high=MAX_NUDGE_DAYS, always=True)
    # Keys remapped by binding id ("network.add": "ctrl+a"), as listed in docs/keys.md.
    keys: dict[str, str] = fields.mapping()


def _decode(path: Path, raw: bytes | None) -> tuple[Settings, list[Problem]]:
    """The settings in ``raw`` (a missing file means the defaults), with problems;
    a file that cannot be used gives the defaults."""
    if raw is None:
        return Settings(), []
    # A value out of range is reported and left unset, so the default applies.
    settings, problems = decode_record(Settings, raw, path)
    return settings or Settings(), problems


class SettingsFile:
    """``settings.yaml`` as a store of the one record ``SLUG`` (see
    :class:`~coffeechat.storage.editing.RecordStore`)."""

    SLUG = "settings"
    folder = "settings"

    def __init__(self, data_dir: Path, *, readonly: bool = False) -> None:
        self.data_dir = data_dir
        self.path = data_dir / SETTINGS_FILE
        self.readonly = readonly
        self.settings = Settings()
        self.problems: list[Problem] = []
        self._stamp: Stamp | None = None
        self._digest: str | None = None
        self._checked_ns = 0
        self.reload(self.SLUG)

    @property
    def broken(self) -> bool:
        return has_errors(self.problems)

    def editable(self, slug: str) -> bool:
        return slug == self.SLUG and not self.broken

    def get(self, slug: str) -> Settings | None:
        return self.settings.copy() if slug == self.SLUG and not self.broken else None

    def reload(self, slug: str) -> None:
        """Read the file again (it may have changed, appeared or gone). Only a
        regular file is read: a pipe or a device named settings.yaml is a problem."""
        self._stamp, self._digest = None, None
        self._checked_ns = time.time_ns()
        try:
            raw: bytes | None
            raw, status = read_regular(self.path, yaml_io.MAX_FILE_BYTES)
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            self.settings = Settings()
            self.problems = [Problem(self.path, f"cannot read: {exc.strerror or exc}")]
            return
        if raw is not None:
            self._stamp, self._digest = Stamp.of(status), digest(raw)
        self.settings, self.problems = _decode(self.path, raw)

    def _changed_on_disk(self) -> bool:
        try:
            stamp = Stamp.of(os.stat(self.path))
        except FileNotFoundError:
            return self._stamp is not None
        except OSError:
            return True
        if stamp == self._stamp and stamp.settled(self._checked_ns):
            return False
        # An unsettled stamp may hide a same-tick edit: the content decides.
        return not _holds(self.path, self._digest)

    def save(self, slug: str, record: Settings, *, base: Settings | None = None) -> Settings:
        """Write ``record``, merged onto a version another program wrote meanwhile."""
        if self.readonly:
            raise ReadOnlyError("read-only: another coffeechat has this data directory open")
        found = record.out_of_bounds()
        if found:
            where, problem = found[0]
            raise OutOfRangeError(f"{'.'.join(map(str, where))}: {problem}; nothing was written")
        mine = record
        # As for records: a change landing just before the swap is merged, once.
        for _ in range(2 if base is not None else 1):
            if self._changed_on_disk():
                self.reload(slug)
                if self.broken or base is None:
                    raise ConflictError(self.path, self.keep_copy(slug, mine))
            record = mine
            if base is not None and self.settings != base:
                record, clashes = three_way(base, mine, self.settings)
                if clashes:
                    raise ConflictError(self.path, self.keep_copy(slug, record), clashes)
            raw = encode_record(record)
            status = self._write(raw)
            if status is not None:
                self._stamp, self._digest = Stamp.of(status), digest(raw)
                self._checked_ns = time.time_ns()
                self.settings = record.copy()
                return record.copy()
            self._stamp = None  # changed under the swap: read it again
        raise ConflictError(self.path, self.keep_copy(slug, record))

    def _write(self, raw: bytes) -> os.stat_result | None:
        """Put ``raw`` in place of the version last read; None when the file changed
        meanwhile (it is left as it is). A settings.yaml that links to a file kept
        elsewhere (a dotfiles folder) is written through and stays a link."""
        target = write_target(self.path, follow=True)
        with Staged(target, raw) as staged:
            if self._digest is None:
                try:
                    return staged.create()
                except FileExistsError:
                    return None
            status = staged.swap(partial(_holds, wanted=self._digest, follow=False),
                                 aside=self._aside)
        if staged.kept is not None:
            # Another program's newest version had to be put aside: the user chooses.
            kept = self._aside()
            write_atomic(kept, raw)
            raise ConflictError(self.path, kept, theirs=staged.kept)
        return status

    def keep_copy(self, slug: str, record: Settings | None = None) -> Path:
        """Put a version aside in ``conflicts/``: ``record``, else the file itself."""
        if record is not None:
            raw = encode_record(record)
        else:
            try:
                raw, _ = read_regular(self.path, yaml_io.MAX_FILE_BYTES)
            except OSError as exc:
                raise StoreError(f"cannot keep a copy of {SETTINGS_FILE}: "
                                 f"{exc.strerror or exc}") from None
        kept = self._aside()
        write_atomic(kept, raw)
        return kept

    def _aside(self) -> Path:
        """A fresh, time-stamped path in ``conflicts/``."""
        folder = self.data_dir / CONFLICTS_DIR
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        return folder / f"settings.{dt.datetime.now():%Y%m%d-%H%M%S-%f}.yaml"


def _holds(path: Path, wanted: str | None, *, follow: bool = True) -> bool:
    """Whether the regular file at ``path`` has the digest ``wanted``."""
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES, follow=follow)
    except OSError:
        return False
    return digest(raw) == wanted
