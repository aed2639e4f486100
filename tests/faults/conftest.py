"""The fault-injection suite: the store's promises under races, full and failing
disks, links, pipes and devices where files belong, and absurd values.

It runs in seconds. ``COFFEECHAT_FAULTS_LONG=1`` runs the long version (many
more state-machine examples, longer runs, more kills), for before a release.

Disk errors come from a real file system where the test can mount one (a
small tmpfs, when running as root) and are injected into the store's system
calls otherwise; every such test names which in its id (``-tmpfs`` or
``-injected``).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import pytest

from coffeechat.cli import main

LONG = bool(os.environ.get("COFFEECHAT_FAULTS_LONG"))


@functools.cache
def tmpfs_usable() -> bool:
    """Whether this process may mount a tmpfs (root, or a user namespace that allows it)."""
    if not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp(prefix="coffeechat-tmpfs-probe-"))
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                                 capture_output=True, check=False).returncode == 0
        if mounted:
            subprocess.run(["umount", str(probe)], capture_output=True, check=False)
        return mounted
    finally:
        with contextlib.suppress(OSError):
            probe.rmdir()


def disk_method() -> str:
    """How a full or read-only disk is produced here: ``tmpfs`` or ``injected``."""
    return "tmpfs" if tmpfs_usable() else "injected"


class Tmpfs:
    """A small tmpfs mounted for one test: filled up, or remounted read-only."""

    def __init__(self, root: Path, size: str) -> None:
        self.root = root
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                        str(root)], check=True, capture_output=True)

    def fill(self) -> None:
        """Take every free block, so the next write fails with ENOSPC."""
        filler = self.root / ".filler"
        with open(filler, "ab", buffering=0) as handle:
            for chunk in (65536, 4096, 1):
                with contextlib.suppress(OSError):
                    while True:
                        handle.write(b"\0" * chunk)

    def free(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / ".filler").unlink()

    def read_only(self, on: bool = True) -> None:
        option = "remount,ro" if on else "remount,rw"
        subprocess.run(["mount", "-o", option, str(self.root)], check=True,
                       capture_output=True)

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.root)], check=False, capture_output=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str], Tmpfs]]:
    """``tmpfs("512k")`` mounts a tmpfs of that size; unmounted after the test."""
    mounted: list[Tmpfs] = []

    def mount(size: str) -> Tmpfs:
        root = tmp_path / f"disk{len(mounted)}"
        root.mkdir()
        disk = Tmpfs(root, size)
        mounted.append(disk)
        return disk

    yield mount
    for disk in mounted:
        disk.unmount()


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class Injector:
    """Makes the system calls the store uses fail with one ``errno`` for paths under
    ``root``, the way the real condition would:

    - ENOSPC (full disk) and EIO (failing disk): writing and syncing files;
    - EACCES (no permission) and EROFS (read-only mount): creating, opening for
      writing, renaming, linking and removing;
    - ``reads``: listing folders and opening files for reading (an unreadable folder).
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path, code: int,
                 *, reads: bool = False) -> None:
        self.root = os.path.realpath(root)
        self.code = code
        self.reads = reads
        self.fds: dict[int, str] = {}
        self.hits = 0
        real = {name: getattr(os, name) for name in (
            "open", "close", "write", "fsync", "mkdir", "link", "rename", "replace", "unlink",
            "scandir", "listdir", "fchmod", "ftruncate")}
        self.real = real
        content = code in (errno.ENOSPC, errno.EIO)
        names = code in (errno.EACCES, errno.EROFS)

        def under(path: Any) -> bool:
            try:
                text = os.path.realpath(os.fsdecode(path))
            except (TypeError, ValueError):
                return False
            return text == self.root or text.startswith(self.root + os.sep)

        def fail(path: Any) -> NoReturn:
            self.hits += 1
            raise OSError(code, os.strerror(code), os.fsdecode(path))

        def fake_open(path, flags, mode=0o777, *args, **kwargs):
            inside = under(path)
            if inside and ((names and flags & _WRITE_FLAGS)
                           or (reads and not flags & _WRITE_FLAGS)):
                fail(path)
            fd = real["open"](path, flags, mode, *args, **kwargs)
            if inside:
                self.fds[fd] = os.fsdecode(path)
            return fd

        def fake_close(fd):
            self.fds.pop(fd, None)
            return real["close"](fd)

        failing_fd_calls = {"write", "fsync"} if content else {"write", "fchmod", "ftruncate"}

        def on_fd(name: str) -> Callable[..., object]:
            def call(fd: int, *args: object, **kwargs: object) -> object:
                if fd in self.fds and name in failing_fd_calls:
                    fail(self.fds[fd])
                return real[name](fd, *args, **kwargs)
            return call

        def on_path(name: str, *, when: bool) -> Callable[..., object]:
            def call(path: object, *args: object, **kwargs: object) -> object:
                if when and under(path):
                    fail(path)
                return real[name](path, *args, **kwargs)
            return call

        def on_two(name: str) -> Callable[..., object]:
            def call(source: object, target: object, *args: object,
                     **kwargs: object) -> object:
                for path in (source, target):
                    if names and under(path):
                        fail(path)
                return real[name](source, target, *args, **kwargs)
            return call

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "close", fake_close)
        for name in ("write", "fsync", "fchmod", "ftruncate"):
            monkeypatch.setattr(os, name, on_fd(name))
        monkeypatch.setattr(os, "mkdir", on_path("mkdir", when=names or content))
        monkeypatch.setattr(os, "unlink", on_path("unlink", when=names))
        monkeypatch.setattr(os, "scandir", on_path("scandir", when=reads))
        monkeypatch.setattr(os, "listdir", on_path("listdir", when=reads))
        for name in ("link", "rename", "replace"):
            monkeypatch.setattr(os, name, on_two(name))
        # The atomic swap goes to libc directly; a refused disk refuses it too.
        monkeypatch.setattr("coffeechat.storage.atomic._libc", lambda name: None)


@pytest.fixture
def inject(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., contextlib.AbstractContextManager[Injector]]:
    """``with inject(root, errno.EIO): ...`` fails the store's calls under ``root``."""

    @contextlib.contextmanager
    def injecting(root: Path, code: int, *, reads: bool = False) -> Iterator[Injector]:
        with monkeypatch.context() as patch:
            yield Injector(patch, root, code, reads=reads)

    return injecting


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    def assert_one_line_error(self) -> str:
        """Exit status 1 and exactly one ``coffeechat: error:`` line, no traceback."""
        assert self.code == 1, (self.code, self.out, self.err)
        assert "Traceback" not in self.err, self.err
        assert len(self.err_lines) == 1 and self.err_lines[0].startswith(
            "coffeechat: error: "), self.err
        return self.err_lines[0]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the ``coffeechat`` command in this process: ``cli(data_dir, "people", "list")``.
    An uncaught exception fails the test, so a traceback cannot pass unnoticed."""

    def run(data_dir: Path, *args: str) -> CliResult:
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


class Hung(Exception):
    """An operation that should return at once did not."""


@pytest.fixture
def deadline() -> Callable[[float], contextlib.AbstractContextManager[None]]:
    """``with deadline(5): ...`` fails, instead of hanging the suite, when the block
    blocks (on a named pipe, say) for longer than that."""

    @contextlib.contextmanager
    def within(seconds: float) -> Iterator[None]:
        def expire(signum: int, frame: FrameType | None) -> None:
            raise Hung(f"still blocked after {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return within


def snapshot(root: Path, *, skip: tuple[str, ...] = (".lock", ".cache")) -> dict[str, bytes]:
    """Every file under ``root`` (links as where they lead), by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if set(relative.parts) & set(skip) or path.is_dir() or not path.exists():
            continue
        found[relative.as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def files() -> Callable[..., dict[str, bytes]]:
    """``files(root)``: every file's bytes by relative path (the lock and cache aside)."""
    return snapshot


CODES = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EACCES": errno.EACCES,
         "EROFS": errno.EROFS}


class Disk:
    """Where one test keeps its data, and the fault it switches on there: on a
    tmpfs (``method == "tmpfs"``) a real full or read-only file system, else
    errors injected into the store's system calls."""

    def __init__(self, name: str, method: str, root: Path, mount: Callable[[str], Tmpfs] | None,
                 monkeypatch: pytest.MonkeyPatch) -> None:
        self.name = name
        self.code = CODES[name]
        self.method = method
        self._tmpfs = mount("4m") if method == "tmpfs" and mount is not None else None
        self.root = self._tmpfs.root if self._tmpfs is not None else root
        self.data_dir = self.root / "data"
        self._monkeypatch = monkeypatch

    @contextlib.contextmanager
    def failing(self) -> Iterator[None]:
        """The disk refuses writes inside this block, and recovers after it."""
        if self._tmpfs is not None and self.code == errno.ENOSPC:
            self._tmpfs.fill()
            try:
                yield
            finally:
                self._tmpfs.free()
        elif self._tmpfs is not None and self.code == errno.EROFS:
            self._tmpfs.read_only()
            try:
                yield
            finally:
                self._tmpfs.read_only(False)
        else:
            with self._monkeypatch.context() as patch:
                Injector(patch, self.root, self.code)
                yield


def _faults(real: set[str]) -> list[tuple[str, str]]:
    method = disk_method()
    return [(name, method if name in real else "injected") for name in CODES]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``api_disk``: a fault under a workspace that is already open (a tmpfs cannot
    be remounted read-only while the lock file is open for writing, so EROFS is
    injected there); ``cli_disk``: a fault in place before a command starts."""
    for name, real in (("api_disk_fault", {"ENOSPC"}), ("cli_disk_fault", {"ENOSPC", "EROFS"})):
        if name in metafunc.fixturenames:
            faults = _faults(real)
            metafunc.parametrize(name, faults, ids=[f"{code}-{how}" for code, how in faults])


@pytest.fixture
def api_disk(api_disk_fault: tuple[str, str], tmp_path: Path, tmpfs: Callable[[str], Tmpfs],
             monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(*api_disk_fault, tmp_path, tmpfs, monkeypatch)


@pytest.fixture
def cli_disk(cli_disk_fault: tuple[str, str], tmp_path: Path, tmpfs: Callable[[str], Tmpfs],
             monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(*cli_disk_fault, tmp_path, tmpfs, monkeypatch)
