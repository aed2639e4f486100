"""A compressed snapshot of the whole data directory, for backups and moving machines.

The speed cache and the lock file are left out (they are rebuilt or meaningless
elsewhere), as are in-flight temporary files. A folder of the data directory
that is a link (``companies/`` kept in a synced folder) is archived with its
contents, as the app reads it; links deeper down are not followed, since they
could lead anywhere. Members are stored private (0600 files, 0700 folders)
with no owner names, so the archive leaks nothing about the machine it was
made on.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core import clock
from coffeechat.storage.atomic import DIR_MODE, FILE_MODE, is_temp_file
from coffeechat.storage.cache import CACHE_DIR
from coffeechat.storage.lock import LOCK_NAME
from coffeechat.storage.regular import read_regular

_LEFT_OUT = frozenset({CACHE_DIR, LOCK_NAME})
# The archive is built in memory; no file of a data directory comes near this.
_MAX_MEMBER_BYTES = 1 << 30
_ARCHIVE_NAME = re.compile(r"^coffeechat-\d{8}-\d{6}\.tar\.gz$")


@dataclass
class Archive:
    """The archive's bytes, its suggested file name, how many files it holds, and
    the files that could not be read (reported, so a backup is never silently short)."""

    data: bytes
    name: str
    files: int
    unreadable: list[str] = field(default_factory=list)


def archive_name() -> str:
    return f"coffeechat-{clock.now().strftime('%Y%m%d-%H%M%S')}.tar.gz"


def is_archive_name(name: str) -> bool:
    """Whether ``name`` is one ``archive_name`` gives."""
    return _ARCHIVE_NAME.match(name) is not None


def build_archive(data_dir: Path, *, skip: Path | None = None) -> Archive:
    """Pack ``data_dir`` under a timestamped top folder; ``skip`` is a file to leave
    out (the archive itself, when it is written inside the data directory)."""
    name = archive_name()
    top = name.removesuffix(".tar.gz")
    mtime = int(clock.now().timestamp())
    buffer = io.BytesIO()
    skipped = skip.resolve() if skip is not None else None
    count = 0
    unreadable: list[str] = []
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.addfile(_member(top, tarfile.DIRTYPE, DIR_MODE, 0, mtime))
        for root, folders, files in os.walk(data_dir, followlinks=True):
            relative = Path(root).relative_to(data_dir)
            if relative == Path("."):
                folders[:] = [folder for folder in folders if folder not in _LEFT_OUT]
            else:
                folders[:] = [folder for folder in folders
                              if not (Path(root) / folder).is_symlink()]
            folders.sort()
            for folder in folders:
                info = _member(f"{top}/{(relative / folder).as_posix()}",
                               tarfile.DIRTYPE, DIR_MODE, 0, mtime)
                tar.addfile(info)
            for file_name in sorted(files):
                if (relative == Path(".") and file_name in _LEFT_OUT) \
                        or is_temp_file(file_name):
                    continue
                path = Path(root) / file_name
                if skipped is not None and path.resolve() == skipped:
                    continue
                added = _add_file(tar, path, f"{top}/{(relative / file_name).as_posix()}")
                if added is None:
                    unreadable.append((relative / file_name).as_posix())
                elif added:
                    count += 1
    return Archive(buffer.getvalue(), name, count, unreadable)


def _member(name: str, kind: bytes, mode: int, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.size = size
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> bool | None:
    """Add a regular file (a symlinked record is stored as its content); False for
    anything else (a pipe, a device, a dangling link), None when it cannot be read."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return False
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return False
    try:
        # Never a plain read: the name may have become a pipe since the look above.
        data, status = read_regular(path, _MAX_MEMBER_BYTES)
    except FileNotFoundError:
        return False
    except OSError:
        return None
    info = _member(name, tarfile.REGTYPE, FILE_MODE, len(data), int(status.st_mtime))
    tar.addfile(info, io.BytesIO(data))
    return True
