"""Typing in Live, then ``kill -9``: at most the last second of notes is lost.

The app runs in a real subprocess on a pseudo-terminal, keys are written to
it as a terminal would send them, and the interview file is read after the
process is killed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from tests.typed import mapping

from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace, yaml_io

F5 = "\x1b[15~"
# What the brief allows to be lost, plus a little for a loaded test machine.
ALLOWED_LOSS_SECONDS = 1.0


class Terminal:
    """A child process on a pty whose screen output is drained and kept."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave,
                                        env=env, start_new_session=True)
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"{text!r} never appeared on screen")
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


def _workspace(data_dir: Path) -> Path:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        # Due now: what is typed is the meeting's notes, not prep notes.
        slug = ws.new_interview(Interview(person=ana, status="scheduled",
                                          scheduled=dt.datetime.now().replace(microsecond=0),
                                          duration=30),
                                on=dt.date(2026, 11, 25))
        return ws.interviews.entries[slug].path


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_kill_9_while_typing_loses_at_most_a_second(data_dir: Path):
    path = _workspace(data_dir)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    terminal = Terminal([sys.executable, "-m", "coffeechat", "--data-dir", str(data_dir)], env)
    try:
        terminal.wait_for("Ana Lima")  # Home is up, its first chat highlighted
        terminal.type(F5)  # F5 opens the chat highlighted on Home
        terminal.wait_for("of")  # the status line of the open interview
        time.sleep(0.5)
        typed: list[tuple[float, str]] = []
        for number in range(40):
            word = f"w{number:02d} "
            terminal.type(word)
            typed.append((time.monotonic(), word))
            time.sleep(0.07)  # typing at a person's pace: the loss is measured in seconds
        killed_at = time.monotonic()
    finally:
        terminal.kill()
    notes = mapping(yaml_io.parse(path.read_bytes()).data).get("notes", "")
    must_have = "".join(word for at, word in typed if at < killed_at - ALLOWED_LOSS_SECONDS)
    everything = "".join(word for _, word in typed)
    assert must_have, "the test typed for too short a time"
    assert notes.startswith(must_have), (notes, must_have)
    assert everything.startswith(notes.rstrip()), notes
    print(f"typed {len(everything)} chars over {killed_at - typed[0][0]:.1f} s; "
          f"{len(notes)} reached the file; {len(must_have)} had to")
