"""User settings kept in ``<data>/settings.yaml`` (theme, nudge timing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.models import fields
from coffeechat.core.models.problems import Problem
from coffeechat.core.models.schema import Record
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import write_atomic
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.regular import read_regular

SETTINGS_FILE = "settings.yaml"
DEFAULT_THEME = "textual-dark"
DEFAULT_NUDGE_DAYS = 5
MAX_NUDGE_DAYS = 365


@dataclass
class Settings(Record):
    """Preferences; every field has a default so a missing file is fine."""

    theme: str = fields.text(DEFAULT_THEME, always=True)
    nudge_days: int = fields.number(DEFAULT_NUDGE_DAYS, low=1, high=MAX_NUDGE_DAYS, always=True)


def load_settings(data_dir: Path) -> tuple[Settings, list[Problem]]:
    """The settings, or the defaults plus problems when the file is unusable."""
    path = data_dir / SETTINGS_FILE
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES)
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [Problem(path, f"cannot read: {exc.strerror or exc}")]
    # A value out of range is reported and left unset, so the default applies.
    settings, problems = decode_record(Settings, raw, path)
    return settings or Settings(), problems


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings; a ``settings.yaml`` that links to a file kept elsewhere
    (a dotfiles folder) is written through and stays a link."""
    write_atomic(data_dir / SETTINGS_FILE, encode_record(settings), follow=True)
