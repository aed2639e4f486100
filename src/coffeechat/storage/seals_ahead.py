"""Folders' seals taken by a child process while this one loads the store.

A command that answers from the index (``coffeechat search``) must first know
that the index's rows stand for the files: a ``stat`` of every file, the floor
of a check that sees a file edited in place (see ``freshness``). At 30,000
people that pass costs about as much as starting Python and importing the
store; a process forked before the store is imported takes it on another core
meanwhile, and hands over each folder's seal (``folder_seal.seal_of``). A seal
is only ever compared with the one the index keeps: a wrong or missing one
costs the pass it would have spared, never an answer.

Only where ``os.fork`` exists and the process runs no other thread (a fork
copies the calling thread alone), and with caching on (with it off no seal is
trusted); otherwise every seal is None and ``refresh`` takes its own pass.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from coffeechat.storage import caching
from coffeechat.storage.folder_seal import Seal, seal_of


class SealsAhead:
    """The seals of ``directories``, taken by a child process started at once;
    ``seal`` waits for them. Use it as a context manager: leaving it ends the
    child if it is still at work."""

    def __init__(self, directories: Sequence[Path]) -> None:
        self._directories = list(directories)
        self._seals: dict[Path, Seal | None] | None = None
        self._pid = 0
        self._reader = -1
        if not (hasattr(os, "fork") and caching.enabled() and threading.active_count() == 1):
            self._seals = {}
            return
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            self._seals = {}
            return
        if pid == 0:  # the child: nothing of the parent's runs here, not even at exit
            # Nor a finalizer of the parent's garbage (a temporary folder's, say).
            gc.disable()
            try:
                os.close(reader)
                data = marshal.dumps([seal_of(directory) for directory in self._directories])
                while data:
                    data = data[os.write(writer, data):]
            finally:
                os._exit(0)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def seal(self, directory: Path) -> Seal | None:
        """The seal of ``directory`` as the child took it (None: it could not, or
        was not asked to: that answer does not wait for the child)."""
        if directory not in self._directories:
            return None
        if self._seals is None:
            self._seals = dict(zip(self._directories, self._received(), strict=False))
            self.close()
        return self._seals.get(directory)

    def _received(self) -> list[Seal | None]:
        chunks = []
        try:
            while chunk := os.read(self._reader, 65536):
                chunks.append(chunk)
            seals = marshal.loads(b"".join(chunks))
        except (OSError, EOFError, ValueError, TypeError):
            return []  # the child was stopped, or failed: no seals
        return [(seal[0], seal[1]) if isinstance(seal, tuple) else None for seal in seals]

    def close(self) -> None:
        """End the child if it is still at work (its seals are then None)."""
        if self._reader >= 0:
            os.close(self._reader)
            self._reader = -1
        if self._pid:
            if self._seals is None:
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0

    def __enter__(self) -> SealsAhead:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
