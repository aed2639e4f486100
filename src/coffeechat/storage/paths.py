"""Where things live: the data directory, its record folders and index, and the
shipped question banks. Imports nothing of the store: a command asks here first."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coffeechat"
ENV_HOME = "COFFEECHAT_HOME"
# The record folders, in the order the app reads them at start-up: Home needs
# the interviews first.
SYNC_ORDER = ("interviews", "companies", "people")
# The derived index, in its folder in the data directory.
CACHE_DIR = ".cache"
INDEX_NAME = "index.sqlite"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` if given, else ``$COFFEECHAT_HOME``, else the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    import platformdirs  # here: a data directory given costs no import

    return Path(platformdirs.user_data_dir(APP_NAME))


def shipped_banks_dir() -> Path:
    """The banks installed with the package (inside it in a wheel; at the top of
    the source tree in an editable install)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "question_banks"
    if installed.is_dir():
        return installed
    return package.parent.parent / "question_banks"
