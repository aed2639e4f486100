"""A long import in a terminal: one progress line, the summary, and the rows in --log."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.cli.status_line import StatusLine
from coffeechat.interop.merge import CREATE, SKIP, UNCHANGED, UPDATE, Action
from coffeechat.interop.progress import ImportProgress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def connections(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "Connections.csv"
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"Person,Number {index},,p{index}@x.example,Acme,Engineer,25 Nov 2026"
              for index in range(rows)]
    lines.append("Person,Number 0,,p0@x.example,Acme,Lead,25 Nov 2026")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_line_counts_each_kind_and_says_the_time_left() -> None:
    clock = Clock()
    progress = ImportProgress(1000, clock=clock)
    for kind in (CREATE, CREATE, UPDATE, UNCHANGED, SKIP):
        progress.add(Action(kind, "", ""))
    progress.add(Action(SKIP, "", "", merged_into_new=0))
    # No pace yet: no time left.
    assert progress.line() == ("6 of 1,000 rows · 2 created · 2 merged · 1 unchanged · "
                               "1 skipped")
    for _ in range(94):
        progress.add(Action(CREATE, "", ""))
    clock.now += 10  # 100 rows in 10 s: 900 more take 90 s
    assert progress.line().endswith("· 96 created · 2 merged · 1 unchanged · 1 skipped · "
                                    "1:30 left")


def test_the_status_line_is_redrawn_in_place_at_most_ten_times_a_second() -> None:
    stream, clock = io.StringIO(), Clock()
    line = StatusLine(stream, clock)
    line.show("one")
    line.show("two")  # too soon: not drawn
    clock.now += 0.2
    line.show("three")
    line.clear()
    assert stream.getvalue() == "\r\x1b[Kone\r\x1b[Kthree\r\x1b[K"


def test_piped_output_keeps_every_row_and_log_gets_them_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    log = tmp_path / "import.log"
    path = connections(tmp_path, 3)
    assert main(["--data-dir", str(tmp_path / "data"), "import", "linkedin", str(path),
                 "--log", str(log)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "create     Person Number 0 (line 2)"
    assert out[-1] == "3 created, 0 updated, 0 unchanged, 1 skipped"
    assert log.read_text(encoding="utf-8").splitlines() == out


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_in_a_terminal_a_progress_line_stands_in_for_the_rows(tmp_path: Path) -> None:
    path = connections(tmp_path, 300)
    log = tmp_path / "import.log"
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "coffeechat", "--data-dir", str(tmp_path / "data"),
               "import", "linkedin", str(path), "--log", str(log)]
    done = subprocess.run(command, stdin=follower, stdout=follower, stderr=follower,
                          timeout=120, check=False)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    text = screen.decode("utf-8")
    assert done.returncode == 0, text
    assert re.search(r"\r\x1b\[K\d+ of 301 rows · \d+ created · \d+ merged · \d+ skipped",
                     text)
    assert "create     Person" not in text
    assert text.endswith("\r\x1b[K300 created, 0 updated, 0 unchanged, 1 skipped\r\n")
    logged = log.read_text(encoding="utf-8").splitlines()
    assert len(logged) == 302 and logged[-1] == "300 created, 0 updated, 0 unchanged, 1 skipped"
