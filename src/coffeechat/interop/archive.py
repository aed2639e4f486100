"""A compressed snapshot of the whole data directory, for backups and moving machines.

The speed cache and the lock file are left out (they are rebuilt or meaningless
elsewhere), as are in-flight temporary files and earlier archives saved inside the
data directory (an archive of archives grows without end). A symbolic link is stored
as a link, never followed: what it points to may lie outside the data directory
(``/etc/passwd``, a key), and a backup must not carry it away; the links are listed
so the user knows. Members are stored private (0600 files, 0700 folders) with no
owner names, so the archive leaks nothing about the machine it was made on.
"""

from __future__ import annotations

import io
import os
import re
import stat
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core import clock
from coffeechat.storage.atomic import DIR_MODE, FILE_MODE, is_temp_file
from coffeechat.storage.index import CACHE_DIR
from coffeechat.storage.lock import LOCK_NAME
from coffeechat.storage.regular import read_regular

_LEFT_OUT = frozenset({CACHE_DIR, LOCK_NAME})
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
# The archive is built in memory; no file of a data directory comes near this.
_MAX_MEMBER_BYTES = 1 << 30
_ARCHIVE_NAME = re.compile(r"^coffeechat-\d{8}-\d{6}(-\d+)?\.tar\.gz$")


@dataclass
class Archive:
    """The archive's bytes, its file name, how many files it holds, the files and
    folders that could not be read, each as ``path: reason`` (reported, so a backup
    is never silently short), the links stored as links, and the earlier archives
    left out."""

    data: bytes
    name: str
    files: int
    unreadable: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)


def archive_name(taken: Callable[[str], bool] | None = None) -> str:
    """``coffeechat-YYYYMMDD-HHMMSS.tar.gz``; ``-2``, ``-3``… while ``taken`` says the
    name is in use (two archives made within one second)."""
    stem = f"coffeechat-{clock.now().strftime('%Y%m%d-%H%M%S')}"
    name = f"{stem}.tar.gz"
    number = 2
    while taken is not None and taken(name):
        name = f"{stem}-{number}.tar.gz"
        number += 1
    return name


def is_archive_name(name: str) -> bool:
    """Whether ``name`` is one ``archive_name`` gives."""
    return _ARCHIVE_NAME.match(name) is not None


def build_archive(data_dir: Path, *, skip: Path | None = None,
                  name: str | None = None) -> Archive:
    """Pack ``data_dir`` under a top folder named after the archive (``name``, by
    default a timestamped one); ``skip`` is a file to leave out (the archive itself,
    when it is written inside the data directory)."""
    name = name or archive_name()
    top = name.removesuffix(".tar.gz")
    mtime = int(clock.now().timestamp())
    buffer = io.BytesIO()
    skipped = skip.resolve() if skip is not None else None
    archive = Archive(b"", name, 0)

    def unlisted(exc: OSError) -> None:
        # os.walk skips a folder it cannot list: without this, in silence.
        where = Path(exc.filename or data_dir)
        shown = where.relative_to(data_dir).as_posix() if where != data_dir else "."
        archive.unreadable.append(f"{shown}: {exc.strerror or exc}")

    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.addfile(_member(top, tarfile.DIRTYPE, DIR_MODE, 0, mtime))
        for root, folders, files in os.walk(data_dir, onerror=unlisted):
            relative = Path(root).relative_to(data_dir)
            if relative == Path("."):
                folders[:] = [folder for folder in folders if folder not in _LEFT_OUT]
            folders.sort()
            for folder in folders:
                shown = (relative / folder).as_posix()
                path = Path(root) / folder
                if path.is_symlink():
                    _add_link(tar, path, f"{top}/{shown}", mtime, archive)
                else:
                    tar.addfile(_member(f"{top}/{shown}", tarfile.DIRTYPE, DIR_MODE, 0, mtime))
            # os.walk does not enter linked folders: they were stored as links above.
            folders[:] = [folder for folder in folders
                          if not (Path(root) / folder).is_symlink()]
            for file_name in sorted(files):
                if (relative == Path(".") and file_name in _LEFT_OUT) \
                        or is_temp_file(file_name):
                    continue
                path = Path(root) / file_name
                shown = (relative / file_name).as_posix()
                if path.is_symlink():
                    _add_link(tar, path, f"{top}/{shown}", mtime, archive)
                    continue
                if skipped is not None and path.resolve() == skipped:
                    continue
                if file_name.endswith(ARCHIVE_SUFFIXES):
                    archive.archives.append(shown)
                    continue
                try:
                    added = _add_file(tar, path, f"{top}/{shown}")
                except OSError as exc:
                    archive.unreadable.append(f"{shown}: {exc.strerror or exc}")
                    continue
                archive.files += added
    archive.data = buffer.getvalue()
    return archive


def _add_link(tar: tarfile.TarFile, path: Path, name: str, mtime: int,
              archive: Archive) -> None:
    """Store a symbolic link as itself, never what it points to."""
    try:
        target = os.readlink(path)
    except OSError as exc:
        archive.unreadable.append(f"{name.split('/', 1)[1]}: {exc.strerror or exc}")
        return
    info = _member(name, tarfile.SYMTYPE, 0o777, 0, mtime)
    info.linkname = target
    tar.addfile(info)
    archive.links.append(f"{name.split('/', 1)[1]} -> {target}")




def _member(name: str, kind: bytes, mode: int, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.size = size
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> bool:
    """Add a regular file; False for anything else (a socket, a pipe) or a file
    gone meanwhile. Raises ``OSError`` when it cannot be read."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(status.st_mode):
        return False
    try:
        # Never a plain read: the name may have become a pipe since the look above.
        data, status = read_regular(path, _MAX_MEMBER_BYTES, follow=False)
    except FileNotFoundError:
        return False
    info = _member(name, tarfile.REGTYPE, FILE_MODE, len(data), int(status.st_mtime))
    tar.addfile(info, io.BytesIO(data))
    return True
