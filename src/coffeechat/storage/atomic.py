"""Durable, all-or-nothing file writes.

A write goes to a temporary file in the same directory, is flushed and fsynced,
renamed over the target, and the directory is fsynced, so a process killed at
any instant leaves either the old file or the new one, never a torn mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: symlinks are written through,
    so a record the user keeps elsewhere (a synced folder) stays a symlink."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories can't be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = FILE_MODE, sync_dir: bool = True) -> None:
    """Replace ``path`` with ``data`` durably; on any error the old file is untouched.
    ``sync_dir`` false leaves the folder's fsync to the caller, who writes many files
    and fsyncs their folder once."""
    target = resolve_target(path)
    directory = target.parent
    fd, temp_name = tempfile.mkstemp(
        dir=directory, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if sync_dir:
        fsync_dir(directory)


def is_temp_file(name: str) -> bool:
    """Whether ``name`` is one of our in-flight temporary files."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)
