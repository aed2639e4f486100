"""A helper process that reads record files and works out their rows' values.

A first start (no index), or a folder whose files all came new, reads every
file: parsing the YAML and working out each row's values is most of that
work, and one process does it on one core. When a folder has many files with
no row, ``share`` hands them to a helper started with the same Python, a
chunk at a time from the front of the queue; it reads each file, decodes it
and sends back the values of its row (``rows.Prepared``) by ``marshal``,
while this process reads the chunks at the back of the queue itself and
writes every row. Neither waits for the other until they meet.

The helper only ever reads. What it cannot do for a file (one that cannot be
read, a value that does not cross the pipe) comes back as None and is read
here, as it would have been; a helper that cannot start, dies, answers
nonsense or stops answering is killed and its chunks are read here. Its
share changes how fast, never what is written. POSIX only; elsewhere, and
from a frozen build, everything is read here.
"""

from __future__ import annotations

import marshal
import os
import queue
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Files with no row from which a folder is read with a helper (fewer are read
# sooner than a helper starts: about a tenth of a second), and how many go in
# one chunk.
FROM = 1000
CHUNK = 64
# Chunks the helper holds at once: the next waits while it reads one.
_AHEAD = 2
_LENGTH = struct.Struct("<Q")
# No answer is this long (a chunk's files are at most a few megabytes each),
# nor takes this long: a helper that says otherwise is dropped.
_LONGEST = 1 << 30
_PATIENCE = 30.0
_GONE = object()
# What the helper runs: the package found where this process found it.
_SERVE = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from coffeechat.storage.reading_aside import serve; serve()")

# One file's answer: its stamp, when it was read, its digest, its problems
# (as its row holds them) and its row's values; None: read it here.
Answer = tuple[tuple[int, int, int, int], int, str | None, str, tuple[Any, ...]] | None
Files = Sequence[tuple[str, str]]


class Helper:
    """The parent's end of a helper process. It reads one folder's chunks at a
    time from the front of their queue (``take_on``), and can be started
    ahead of them and kept for several folders. A thread takes each answer
    as it comes and hands over the next chunk at once: the helper never
    waits for this process to finish a chunk of its own, or to write rows,
    before it can go on."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        # Held while a chunk is handed over (by either thread) or the folder
        # changes: chunks are answered in the order they were sent.
        self._lock = threading.Lock()
        self._request = ("", "", "")
        self._chunks: deque[Files] = deque()
        # The chunks handed over and not yet answered, oldest first.
        self.handed: deque[Files] = deque()
        self.gone = False
        self._answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        stdout = process.stdout
        assert stdout is not None
        self._taker = threading.Thread(target=self._take, args=(stdout.fileno(),),
                                       name="reading-aside", daemon=True)
        self._taker.start()

    @classmethod
    def start(cls) -> Helper | None:
        """A new helper, or None where none can start. It imports what it
        needs at once, while this process goes on."""
        # A frozen build's executable is the app itself, not a Python to run code.
        if os.name != "posix" or not sys.executable or getattr(sys, "frozen", False):
            return None
        root = str(Path(__file__).resolve().parents[2])
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _SERVE, root], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        except (OSError, ValueError):
            return None
        return cls(process)

    def take_on(self, kind: str, cls: type, directory: Path, chunks: deque[Files]) -> bool:
        """Read ``chunks`` of a folder of ``cls`` records (a class of
        ``core.models``, named to the helper) from the front (a helper holds
        no chunk of another folder by then); False if the helper is gone."""
        with self._lock:
            self._request, self._chunks = (kind, cls.__name__, str(directory)), chunks
        return all(self._hand() for _ in range(_AHEAD))

    def _hand(self) -> bool:
        """Hand over the next chunk, if any; False if the helper is gone."""
        with self._lock:
            if self.gone:
                return False
            try:
                chunk = self._chunks.popleft()
            except IndexError:
                return True
            self.handed.append(chunk)
            stdin = self._process.stdin
            try:
                assert stdin is not None
                _send(stdin.fileno(), (*self._request, list(chunk)))
            except (OSError, ValueError):
                return False
        return True

    def _take(self, fd: int) -> None:
        while True:
            try:
                answers = _receive(fd)
            except (OSError, EOFError, ValueError, TypeError):
                answers = _GONE
            self._answers.put(answers)
            if answers is _GONE or not self._hand():
                self._answers.put(_GONE)
                return

    def answered(self) -> bool:
        """Whether an answer (or word that the helper is gone) waits to be taken."""
        return not self._answers.empty()

    def answer(self) -> tuple[Files, list[Answer]] | None:
        """The oldest chunk handed over, with its answers, waiting for them;
        None when the helper is gone or answered nonsense (the chunk stays
        in ``handed``)."""
        try:
            answers = self._answers.get(timeout=_PATIENCE)
        except queue.Empty:
            answers = _GONE
        if type(answers) is not list or len(answers) != len(self.handed[0]):
            self._answers.put(_GONE)  # for any later call
            return None
        return self.handed.popleft(), answers

    def close(self, *, at_once: bool = False) -> None:
        """End the helper: it leaves when its input closes; one that does not,
        or one ended ``at_once`` (dropped), is killed. Once is enough."""
        with self._lock:
            self.gone = True
        process = self._process
        if process.stdin is not None:
            process.stdin.close()
        if at_once:
            process.kill()
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if self._taker.is_alive():
            self._taker.join()
        if process.stdout is not None:
            process.stdout.close()


def share(kind: str, cls: type, directory: Path, files: Files,
          here: Callable[[str, str], None], there: Callable[[str, str, Answer], None],
          done: Callable[[int], None], helper: Helper | None = None) -> None:
    """Read ``files`` (``(slug, file name)`` each) of a folder of ``cls``
    records: chunks from the front by a helper, whose answers go to
    ``there``, chunks from the back by ``here``;
    all by ``here`` when no helper could start. ``done`` hears how many files
    each chunk held, as it is taken. ``helper``: one kept by the caller (who
    ends it), instead of one started and ended here."""
    chunks: deque[Files] = deque(files[start:start + CHUNK]
                                 for start in range(0, len(files), CHUNK))
    own = helper is None
    if helper is None:
        helper = Helper.start()
    working = helper is not None and helper.take_on(kind, cls, directory, chunks)
    try:
        while chunks or (helper is not None and helper.handed):
            while helper is not None and helper.handed and working and (
                    not chunks or helper.answered()):
                taken = helper.answer()
                if taken is None:
                    working = False
                    break
                chunk, answers = taken
                for (slug, name), answer in zip(chunk, answers, strict=True):
                    there(slug, name, answer)
                done(len(chunk))
            if helper is not None and not working:  # what it held is read here
                helper.close(at_once=True)
                chunks.extendleft(reversed(helper.handed))
                helper.handed.clear()
                helper = None
            try:
                chunk = chunks.pop()
            except IndexError:  # the helper took the last
                continue
            for slug, name in chunk:
                here(slug, name)
            done(len(chunk))
    finally:
        if own and helper is not None:
            helper.close()


def _send(fd: int, value: Any) -> None:
    data = marshal.dumps(value)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> Any:
    """One value sent by ``_send``; EOFError at the end of the stream."""
    (length,) = _LENGTH.unpack(_read_exactly(fd, _LENGTH.size))
    if length > _LONGEST:
        raise ValueError("not an answer")
    return marshal.loads(_read_exactly(fd, length))


def _read_exactly(fd: int, count: int) -> bytes:
    parts = []
    while count:
        part = os.read(fd, min(count, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        count -= len(part)
    return b"".join(parts)


def serve() -> None:
    """The helper: answer each chunk asked for until the input ends."""
    import gc

    from coffeechat.core import models
    from coffeechat.storage.index.rows import _problem_json, prepare
    from coffeechat.storage.record_files import decoded_entry, row_of
    from coffeechat.storage.regular import check_regular, read_regular
    from coffeechat.storage.yaml_io import MAX_FILE_BYTES

    # Nothing made here outlives its chunk: the collector would only walk it.
    gc.disable()

    def answer(kind: str, cls: Any, directory: str, slug: str, name: str) -> Answer:
        where = os.path.join(directory, name)
        try:
            check_regular(os.stat(where))  # a pipe is never opened
            checked = time.time_ns()
            raw, status = read_regular(Path(where), MAX_FILE_BYTES)
        except OSError:
            return None
        entry = decoded_entry(cls, slug, Path(where), raw, status, checked)
        row = row_of(entry)
        size, mtime_ns, inode, ctime_ns = row.stamp
        return ((size, mtime_ns, inode, ctime_ns), row.checked_ns, row.digest,
                _problem_json(entry.problems), tuple(prepare(kind, row)))

    def answered(kind: str, cls: Any, directory: str, slug: str, name: str) -> Answer:
        try:
            return answer(kind, cls, directory, slug, name)
        except Exception:  # read there instead, where it is reported as it always was
            return None

    while True:
        try:
            kind, class_name, directory, files = _receive(0)
        except EOFError:
            return
        cls = getattr(models, class_name, None)
        answers = [answered(kind, cls, directory, slug, name) for slug, name in files]
        try:
            _send(1, answers)
        except ValueError:  # a value marshal does not take: that file is read there
            _send(1, [found if _crosses(found) else None for found in answers])
        gc.collect(0)  # the chunk's cycles, if any; the rest is alive or was freed


def _crosses(value: Any) -> bool:
    try:
        marshal.dumps(value)
    except ValueError:
        return False
    return True
