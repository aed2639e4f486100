"""Durable, all-or-nothing file writes.

A write goes to a temporary file in the same directory, is flushed and fsynced,
renamed over the target, and the directory is fsynced, so a process killed at
any instant leaves either the old file or the new one, never a torn mix.

What is recorded about a write is the status of the file written (``fstat`` of
its descriptor after the rename), never a fresh look at the name: another
program may have put its own file there a moment later, and taking that file
for ours would let the next save overwrite it. ``Staged.swap`` goes further
for saves: it checks the very file it replaces. New files never replace
anything (``Staged.create``, ``create_files`` for many at once).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from coffeechat.storage.regular import Refused, kind_of

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
# A temporary file older than this is debris from a crash, not a write in flight.
STALE_TEMP_SECONDS = 60

# ``.<target name>.<random characters>.tmp``, as ``tempfile.mkstemp`` makes them.
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.[a-z0-9_]+\.tmp$")
# Errors that mean "this file system cannot do that", not "that failed".
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP,
                          errno.EPERM, errno.EMLINK, errno.EXDEV})
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


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


def write_target(path: Path, *, follow: bool) -> Path:
    """The file a write to ``path`` replaces. With ``follow``, a link to a regular
    file is written through, so a record the user keeps elsewhere (a synced
    folder) stays a link; a link to anything else (nothing, a device, a pipe)
    is refused. Without it, a link is replaced like any file."""
    if not follow or not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        raise Refused(f"{path.name} is a link to {real}, which cannot be written: "
                      f"{exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise Refused(f"{path.name} is a link to {kind_of(mode)}; coffeechat only "
                      "writes regular files")
    return real


@contextlib.contextmanager
def _about(target: Path) -> Iterator[None]:
    """Name the file being written in an error, rather than a temporary name."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, Refused) or exc.filename == str(target):
            raise
        raise OSError(exc.errno, exc.strerror, str(target)) from None


class Staged:
    """New contents in a fsynced temporary file beside ``target``, not yet in place.

    Used as a context manager: whatever is not put in place is removed on exit.
    Each way of putting it in place returns the status of the file written."""

    def __init__(self, target: Path, data: bytes, *, mode: int = FILE_MODE) -> None:
        self.target = target
        self.directory = target.parent
        self._placed = False
        self._data = data
        self._fd, self.temp = _write_temp(target, data, mode, sync=True)
        # False while the temporary name holds someone else's file (see ``swap``).
        self._temp_is_ours = True
        # Where ``swap`` kept another program's file it could not put back.
        self.kept: Path | None = None

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._fd < 0:
            return
        os.close(self._fd)
        self._fd = -1
        if not self._placed and self._temp_is_ours:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)

    def replace(self) -> os.stat_result:
        """Put the new file in place of whatever is at the target."""
        with _about(self.target):
            os.replace(self.temp, self.target)
        return self._done()

    def create(self, *, sync_dir: bool = True) -> os.stat_result:
        """Put the new file at the target only if nothing is there yet; raises
        ``FileExistsError`` otherwise, even when the name appeared a moment ago.
        ``sync_dir`` false leaves the folder's fsync to a caller writing many files."""
        with _about(self.target):
            _rename_new(self.temp, self.target)
        return self._done(sync_dir)

    def swap(self, expected: Callable[[Path], bool], *,
             aside: Callable[[], Path] | None = None) -> os.stat_result | None:
        """Put the new file in place of the target only if the file there is still
        what ``expected`` (given a path to it) accepts; else leave the target as it
        is and return None.

        The check is made on a hard link to the target taken under a name of our
        own, so the file checked is the very file, not whatever has its name a
        moment later. Where the system can exchange two names atomically (Linux),
        the file pulled out by the exchange must be that same file, unchanged;
        else it is put back. Nothing another program wrote is ever removed: a
        file of theirs that cannot be put back (it landed in the instant of
        putting back) is moved to ``aside()`` (else kept beside the target) and
        named in ``kept``. Elsewhere the target is checked to be the file linked
        just before the rename."""
        with _about(self.target):
            try:
                snapshot = self._snapshot()
            except FileNotFoundError:
                return None  # removed by someone else: not the file expected
            try:
                return self._swap(expected, snapshot, aside)
            finally:
                if snapshot is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(snapshot)

    def _snapshot(self) -> Path | None:
        """A second name of our own for the file at the target now (None where the
        file system has no hard links)."""
        while True:
            name = self.directory / f".{self.target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
            try:
                os.link(self.target, name, follow_symlinks=False)
            except FileExistsError:
                continue
            except NotImplementedError:
                return None  # no ``linkat`` here
            except OSError as exc:
                if exc.errno in _UNSUPPORTED:
                    return None
                raise
            return name

    def _swap(self, expected: Callable[[Path], bool], snapshot: Path | None,
              aside: Callable[[], Path] | None) -> os.stat_result | None:
        if snapshot is not None and not expected(snapshot):
            return None  # the target was never touched
        try:
            exchanged = _exchange(self.temp, self.target)
        except FileNotFoundError:
            return None
        if not exchanged:
            if snapshot is None:
                if not expected(self.target):
                    return None
            elif not _same_file(self.target, snapshot):
                return None
            os.replace(self.temp, self.target)
            return self._done()
        self._temp_is_ours = False  # it now holds the file that was in place
        # Without a snapshot the check comes only now, on the file pulled out.
        if (snapshot is None or _same_file(self.temp, snapshot)) and expected(self.temp):
            os.unlink(self.temp)
            return self._done()
        self._put_back(aside)
        return None

    def _put_back(self, aside: Callable[[], Path] | None) -> None:
        """Give the target back the file just pulled out of it, which is not the
        one checked (another program replaced or rewrote it meanwhile)."""
        try:
            _exchange(self.temp, self.target)
        except FileNotFoundError:
            # The target was removed meanwhile: theirs gets its name back if free.
            with contextlib.suppress(FileExistsError):
                _rename_new(self.temp, self.target)
                self._temp_is_ours = True  # nothing is left under it
                return
        else:
            # What came back must be our file as written: another program's file
            # renamed onto the target meanwhile, or its edit of ours, is kept.
            if _same_file(self.temp, self._fd) and _holds_bytes(self._fd, self._data):
                self._temp_is_ours = True
                return
        self.kept = self._keep(aside)

    def _keep(self, aside: Callable[[], Path] | None) -> Path:
        """Move another program's file from our temporary name to where it is kept:
        ``aside()``, else a name beside the target that nothing sweeps."""
        with contextlib.suppress(OSError):
            if aside is not None:
                kept = aside()
                move_new(self.temp, kept)
                self._temp_is_ours = True
                return kept
        with contextlib.suppress(OSError):
            kept = self.directory / f".{self.target.name}.{time.time_ns()}.kept"
            move_new(self.temp, kept)
            self._temp_is_ours = True
            return kept
        # Even a rename within the folder was refused (the disk went read-only):
        # not removed here (``_temp_is_ours`` stays false), and named to the user.
        return self.temp

    def _done(self, sync_dir: bool = True) -> os.stat_result:
        self._placed = True
        if sync_dir:
            fsync_dir(self.directory)
        return os.fstat(self._fd)


def _write_temp(target: Path, data: bytes, mode: int, *, sync: bool) -> tuple[int, Path]:
    """A new temporary file beside ``target`` holding ``data``: its open descriptor
    and its path. Removed again if anything fails."""
    with _about(target):
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=TEMP_SUFFIX)
    try:
        with _about(target):
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return fd, Path(name)


def _same_file(path: Path, other: Path | int) -> bool:
    """Whether ``path`` names the same file as ``other`` (a path or a descriptor)."""
    try:
        mine = os.lstat(path)
        theirs = os.fstat(other) if isinstance(other, int) else os.lstat(other)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino)


def _holds_bytes(fd: int, data: bytes) -> bool:
    """Whether the file open as ``fd`` holds exactly ``data``."""
    try:
        return os.fstat(fd).st_size == len(data) and os.pread(fd, len(data) + 1, 0) == data
    except OSError:
        return False


def _rename_new(source: Path, target: Path) -> None:
    """Give ``source`` the name ``target`` only if that name is free (``FileExistsError``
    otherwise, even for a name taken a moment ago)."""
    if _renameat2(source, target, _RENAME_NOREPLACE):
        return
    # Without that, a hard link refuses a taken name as well (and a process killed
    # before the unlink leaves one file under two names, never a clobbered one).
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED:
            raise
        # No hard links here, or another file system: look, then move.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        shutil.move(source, target)
    else:
        os.unlink(source)


@cache
def _libc(name: str) -> Any:
    """A libc function taking C ints and paths, or None where there is none
    (loaded on first use: most runs never need it)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None
    function.restype = ctypes.c_int
    return function


def _renameat2(first: Path, second: Path, flags: int) -> bool:
    """``rename`` with Linux's ``flags``; False (and nothing changed) where the
    system or the file system cannot do that."""
    function = _libc("renameat2")
    if function is None:
        return False
    import ctypes

    if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                ctypes.c_uint(flags)) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names in one step; False where the system cannot."""
    return _renameat2(first, second, _RENAME_EXCHANGE)


def _sync_new_files(paths: list[Path]) -> None:
    """Make the contents of freshly written files durable: one ``syncfs`` per
    folder's file system where there is one (Linux; far cheaper than thousands
    of fsyncs), else an fsync per file."""
    syncfs = _libc("syncfs")
    if syncfs is None:
        for path in paths:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return
    import ctypes

    done: set[int] = set()
    for folder in dict.fromkeys(path.parent for path in paths):
        fd = os.open(folder, os.O_RDONLY)
        try:
            device = os.fstat(fd).st_dev
            if device not in done and syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(folder))
            done.add(device)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = FILE_MODE,
                 follow: bool = False) -> os.stat_result:
    """Replace ``path`` with ``data`` durably; on any error the old file is untouched.
    ``follow`` writes through a link to a regular file (see ``write_target``).
    Returns the status of the file written."""
    with Staged(write_target(path, follow=follow), data, mode=mode) as staged:
        return staged.replace()


def create_files(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Create many new files, none replacing anything: all are written to
    temporary files, made durable together, and only then given their names;
    each folder is synced once at the end.

    On an error every file created so far is removed again, so a retry starts
    from where this began; a process killed meanwhile leaves only whole files
    (and temporary ones, swept later)."""
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for path, data in files:
            fd, temp = _write_temp(path, data, FILE_MODE, sync=False)
            os.close(fd)
            staged.append((temp, path))
        _sync_new_files([temp for temp, _ in staged])
        for temp, path in staged:
            with _about(path):
                _rename_new(temp, path)
            created.append(path)
    except BaseException:
        for path in created:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)  # already renamed, mostly
        for folder in dict.fromkeys(path.parent for _, path in staged):
            fsync_dir(folder)
    return created


def move_new(source: Path, target: Path) -> None:
    """Move ``source`` to ``target`` durably, only if nothing is at ``target`` yet
    (``FileExistsError`` otherwise). A link is moved as the link."""
    _rename_new(source, target)
    fsync_dir(target.parent)
    fsync_dir(source.parent)


def make_private(path: Path, mode: int = FILE_MODE) -> bool:
    """Set the mode of the regular file at ``path``, never through a link (the file
    a link leads to is not ours to change); False when it is anything else."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return False
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    try:
        # Swapped for something else since the look above: leave it alone.
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        os.fchmod(fd, mode)
        return True
    finally:
        os.close(fd)


def is_temp_file(name: str) -> bool:
    """Whether ``name`` is one of our in-flight temporary files."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def sweep_temp_files(
    directory: Path, *, targets: Callable[[str], bool] | None = None
) -> None:
    """Remove temporary files a killed process left in ``directory``. In a folder
    of the user's own (an export's), ``targets`` says which file names are ours,
    so only temporary files of those are touched."""
    now = time.time()
    try:
        items = list(os.scandir(directory))
    except OSError:
        return
    for item in items:
        match = _TEMP_NAME.match(item.name)
        if match is None or (targets is not None and not targets(match["target"])):
            continue
        with contextlib.suppress(OSError):
            status = item.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_TEMP_SECONDS:
                os.unlink(item.path)
