"""User settings kept in ``<data>/settings.yaml`` (theme, nudge timing, your name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.models import fields
from coffeechat.core.models.problems import Problem
from coffeechat.core.models.schema import Record
from coffeechat.core.nudges import DEFAULT_NUDGE_DAYS
from coffeechat.storage.atomic import write_atomic
from coffeechat.storage.records import decode_record, encode_record

SETTINGS_FILE = "settings.yaml"
DEFAULT_THEME = "textual-dark"


@dataclass
class Settings(Record):
    """Preferences; every field has a default so a missing file is fine."""

    theme: str = fields.text(DEFAULT_THEME, always=True)
    nudge_days: int = fields.number(DEFAULT_NUDGE_DAYS, always=True)
    # Signs the suggested follow-up messages; asked for the first time one is drafted.
    your_name: str = fields.text()


def load_settings(data_dir: Path) -> tuple[Settings, list[Problem]]:
    """The settings, or the defaults plus problems when the file is unusable."""
    path = data_dir / SETTINGS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [Problem(path, f"cannot read: {exc.strerror}")]
    settings, problems = decode_record(Settings, raw, path)
    if settings is None:
        return Settings(), problems
    if settings.nudge_days < 1:
        problems.append(Problem(path, "must be 1 or more; using the default",
                                field="nudge_days"))
        settings.nudge_days = DEFAULT_NUDGE_DAYS
    return settings, problems


def save_settings(data_dir: Path, settings: Settings) -> None:
    write_atomic(data_dir / SETTINGS_FILE, encode_record(settings))
