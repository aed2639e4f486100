"""User settings kept in ``<data>/settings.yaml`` (theme, nudge timing, your name).

The file is a store of one record, so the app edits it through the same
editing engine as every other record: a hand edit made meanwhile is merged,
never overwritten, and a clash keeps the app's version in ``conflicts/``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.models import fields
from coffeechat.core.models.problems import Problem, has_errors
from coffeechat.core.models.schema import Record, three_way
from coffeechat.core.nudges import DEFAULT_NUDGE_DAYS
from coffeechat.storage.atomic import write_atomic
from coffeechat.storage.collection import CONFLICTS_DIR, ConflictError, ReadOnlyError
from coffeechat.storage.records import Stamp, decode_record, digest, encode_record

SETTINGS_FILE = "settings.yaml"
DEFAULT_THEME = "textual-dark"


@dataclass
class Settings(Record):
    """Preferences; every field has a default so a missing file is fine."""

    theme: str = fields.text(DEFAULT_THEME, always=True)
    nudge_days: int = fields.number(DEFAULT_NUDGE_DAYS, always=True)
    # Signs the suggested follow-up messages; asked for the first time one is drafted.
    your_name: str = fields.text()


def _decode(path: Path, raw: bytes | None) -> tuple[Settings, list[Problem]]:
    """The settings in ``raw`` (a missing file means the defaults), with problems;
    a file that cannot be used gives the defaults."""
    if raw is None:
        return Settings(), []
    settings, problems = decode_record(Settings, raw, path)
    if settings is None:
        return Settings(), problems
    if settings.nudge_days < 1:
        problems.append(Problem(path, "must be 1 or more; using the default",
                                field="nudge_days"))
        settings.nudge_days = DEFAULT_NUDGE_DAYS
    return settings, problems


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
        self.reload(self.SLUG)

    @property
    def broken(self) -> bool:
        return has_errors(self.problems)

    @property
    def entries(self) -> dict[str, SettingsFile]:
        return {self.SLUG: self}

    def get(self, slug: str) -> Settings | None:
        return self.settings.copy() if slug == self.SLUG and not self.broken else None

    def reload(self, slug: str) -> None:
        """Read the file again (it may have changed, appeared or gone)."""
        self._stamp, self._digest = None, None
        try:
            raw: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            self.settings = Settings()
            self.problems = [Problem(self.path, f"cannot read: {exc.strerror or exc}")]
            return
        if raw is not None:
            self._stamp, self._digest = Stamp.of(os.stat(self.path)), digest(raw)
        self.settings, self.problems = _decode(self.path, raw)

    def _changed_on_disk(self) -> bool:
        try:
            stamp = Stamp.of(os.stat(self.path))
        except OSError:
            return self._stamp is not None
        if stamp == self._stamp:
            return False
        try:
            return digest(self.path.read_bytes()) != self._digest
        except OSError:
            return True

    def save(self, slug: str, record: Settings, *, base: Settings | None = None) -> Settings:
        """Write ``record``, merged onto a version another program wrote meanwhile."""
        if self.readonly:
            raise ReadOnlyError("read-only: another coffeechat has this data directory open")
        if self._changed_on_disk():
            self.reload(slug)
            if self.broken:
                raise ConflictError(self.path, self.keep_copy(slug, record))
            if base is None:
                raise ConflictError(self.path, self.keep_copy(slug, record))
        if base is not None and self.settings != base:
            record, clashes = three_way(base, record, self.settings)
            if clashes:
                raise ConflictError(self.path, self.keep_copy(slug, record), clashes)
        raw = encode_record(record)
        write_atomic(self.path, raw)
        self._stamp, self._digest = Stamp.of(os.stat(self.path)), digest(raw)
        self.settings = record.copy()
        return record.copy()

    def keep_copy(self, slug: str, record: Settings | None = None) -> Path:
        """Put a version aside in ``conflicts/``: ``record``, else the file itself."""
        raw = encode_record(record) if record is not None else self.path.read_bytes()
        folder = self.data_dir / CONFLICTS_DIR
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        kept = folder / f"settings.{dt.datetime.now():%Y%m%d-%H%M%S-%f}.yaml"
        write_atomic(kept, raw)
        return kept
