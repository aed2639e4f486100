"""An import killed at any instant leaves a log that names every person it made, but
for the one file being written at that instant."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.typed import mapping

from coffeechat.storage import yaml_io

ROWS = 3000
KILLS = 3


def connections(path: Path) -> None:
    """A LinkedIn export of ``ROWS`` people with names of their own."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"Person,Number{row:05d},,,Acme,Engineer,25 Nov 2026" for row in range(ROWS)]
    path.write_text("\n".join(lines) + "\n")


def created_in(log: str) -> list[str]:
    return re.findall(r"(?m)^create\s+(Person Number\d{5})", log)


def test_an_import_killed_with_sigkill_logs_every_file_it_made(tmp_path: Path) -> None:
    source = tmp_path / "Connections.csv"
    connections(source)
    rng = random.Random(3)
    for attempt in range(KILLS):
        data_dir = tmp_path / f"data{attempt}"
        people = data_dir / "people"
        log = tmp_path / f"import{attempt}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "coffeechat", "--data-dir", str(data_dir), "import",
                 "linkedin", str(source)], stdout=out, stderr=subprocess.DEVNULL)
            # Killed once it is writing, at some point within its first batches.
            wanted = rng.randrange(20, 300)
            while process.poll() is None and (
                    not people.is_dir() or len(os.listdir(people)) < wanted):
                time.sleep(0.002)  # a poll of the condition, not a wait for timing
            process.send_signal(signal.SIGKILL)
            process.wait()
        on_disk = sorted(mapping(yaml_io.parse(path.read_bytes()).data)["name"]
                         for path in people.glob("*.yaml"))
        logged = sorted(created_in(log.read_text()))
        assert 0 < len(on_disk) < ROWS  # killed while writing
        # Each line is written the moment its file is in place: a kill in that
        # instant can leave out the one file being written, never a batch.
        assert set(logged) <= set(on_disk)
        assert len(on_disk) - len(logged) <= 1, (len(logged), len(on_disk))
