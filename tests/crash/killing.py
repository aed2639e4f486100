"""A script that saves every person again and again, and killing a script at a
random instant: the crash tests' one way to die mid-write."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

_SAVER = """
import sys
from pathlib import Path
from coffeechat.storage import Workspace

ws = Workspace.open(Path(sys.argv[1]))
slugs = sorted(ws.people.entries)
version = int(sys.argv[2])
print("ready", flush=True)
while True:
    version += 1
    for slug in slugs:
        person = ws.people.get(slug).copy()
{change}
        ws.people.save(slug, person)
"""


def saver(change: str) -> str:
    """The saving script; ``change`` (Python) sets ``person``'s fields for ``version``."""
    return _SAVER.format(change=textwrap.indent(textwrap.dedent(change).strip(), " " * 8))


def run_and_kill(code: str, *args: str, within: float, rng: random.Random) -> None:
    """Run ``code`` until it says it is ready, then SIGKILL it at most ``within``
    seconds later."""
    process = subprocess.Popen([sys.executable, "-c", code, *args],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, within))  # a random instant of its work to kill it at
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stdout.close()
