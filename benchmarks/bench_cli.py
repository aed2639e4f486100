"""The command line's listings and search on a large workspace: time as a ratio
to a bare Textual app F, and peak memory.

Times whole processes, alternating them in every round, on a demo workspace
whose index is complete (as the app leaves it), each after one untimed run:

- F, the bare Textual app of ``bench_startup.py``, until its first frame;
- ``coffeechat people list --json`` and ``coffeechat interviews list --json``;
- ``coffeechat search WORD``;
- ``coffeechat followups list``;
- ``coffeechat interviews list`` (the table), ``coffeechat check`` and
  ``coffeechat export interview ID`` (to standard output);
- ``coffeechat people add NAME`` and ``coffeechat interviews new PERSON``, each
  file they write removed after the run, and the rows brought back to match
  (untimed), so that every round finds the workspace as the first did.

Each process runs under a fresh Python of its own that reports the child's peak
resident memory (``ru_maxrss`` of ``RUSAGE_CHILDREN``), so every figure is of one
process. Goals at 30,000 people and 6,000 chats: people list <= 2x F and
<= 60 MB; search <= 0.7x F.

    python benchmarks/bench_cli.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, demo_workspace
from bench_startup import BARE_APP, script
from coffeechat.storage import Workspace

# Runs the command given and prints its seconds and its peak memory (kilobytes).
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

WORD = "fintech"
NEW_PERSON = "Zora Benchmark"


def measured(*command: str) -> tuple[float, float]:
    """Seconds and peak megabytes of one run of ``command``."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> None:
    args, root, data = demo_workspace(__doc__)
    bare_app = script("bare", BARE_APP, root)
    cli = (sys.executable, "-m", "coffeechat", "--data-dir", str(data))
    runs = {
        # The bare app writes its peak memory to the file it is given, at its first frame.
        "bare": (sys.executable, str(bare_app), str(root / "bare-peak.txt")),
        "people list --json": (*cli, "people", "list", "--json"),
        "interviews list --json": (*cli, "interviews", "list", "--json"),
        f"search {WORD}": (*cli, "search", WORD),
        "followups list": (*cli, "followups", "list"),
    }
    byte_compile()
    with Workspace.open(data) as workspace:
        workspace.sync()  # the index complete, as a running app leaves it
        person = min(workspace.index.heads("people"))
        chat = min(workspace.index.heads("interviews"))
    runs["interviews list"] = (*cli, "interviews", "list")
    runs["check"] = (*cli, "check")
    runs["export interview"] = (*cli, "export", "interview", chat)
    runs["people add"] = (*cli, "people", "add", NEW_PERSON, "--company", "Quill")
    runs["interviews new"] = (*cli, "interviews", "new", person)
    before = {folder: set(os.listdir(data / folder)) for folder in ("people", "interviews")}

    def undo() -> None:
        """Remove what a writing command added; the rows made to match again."""
        for folder, names in before.items():
            for name in set(os.listdir(data / folder)) - names:
                os.remove(data / folder / name)
            subprocess.run([*cli, folder, "list"], check=True, stdout=subprocess.DEVNULL)

    for command in runs.values():
        measured(*command)  # warms the OS file cache, and whatever a first run keeps
        undo()
    times: dict[str, list[float]] = {name: [] for name in runs}
    peaks: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, command in runs.items():
            seconds, megabytes = measured(*command)
            times[name].append(seconds)
            peaks[name].append(megabytes)
            if name in ("people add", "interviews new"):
                undo()
    bare = statistics.median(times["bare"])
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} alternating rounds (range in brackets)")
    print(f"{'F: bare Textual app':<26} {bare:.3f} s  {statistics.median(peaks['bare']):5.1f} MB")
    for name in runs:
        if name == "bare":
            continue
        ratios = [value / bare for value in times[name]]
        print(f"{name:<26} {statistics.median(times[name]):.3f} s  "
              f"ratio {statistics.median(ratios):5.2f}x [{min(ratios):.2f}-{max(ratios):.2f}]  "
              f"peak {statistics.median(peaks[name]):5.1f} MB "
              f"[{min(peaks[name]):.0f}-{max(peaks[name]):.0f}]")


if __name__ == "__main__":
    main()
