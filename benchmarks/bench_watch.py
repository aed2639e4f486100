"""The running app's look for files changed by other programs (every 3 s), on a
large workspace: CPU time per look, as a ratio to the floor no look can go
under, a ``stat`` of every record file, measured in the same run.

Opens the demo workspace as the app's start leaves it (every folder compared
with its rows, none held in memory, the index complete) and alternates, in
every round:

- the floor: each record folder listed and every file in it stat'ed;
- a look that finds nothing changed (the folders' digests kept, see
  ``storage/freshness.py``);
- a look after another program edited one person's file in place (its size
  and mtime kept), which that look must find;
- a look after the app saved another person: the save wrote that folder's
  row (which drops its digest), so the folder is compared in full, file by
  file, with its rows, and the file saved is read again until its stamp has
  settled (see ``Stamp.settled``).

The look runs on a worker thread, but its CPU is taken from the whole process
(Python runs one thread at a time): what it costs is what the app's screens
lose every 3 seconds.

    python benchmarks/bench_watch.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import demo_workspace
from coffeechat.storage import Workspace
from coffeechat.storage.records import SETTLE_NS
from coffeechat.storage.watch import KINDS, Changes, Watcher, scan


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(job: Callable[[], object]) -> float:
    started = cpu()
    job()
    return cpu() - started


def floor(data: Path) -> None:
    for kind in KINDS:
        with os.scandir(data / kind) as scan_:
            for item in scan_:
                item.stat()


def edit_in_place(path: Path) -> None:
    """Another program's edit (the case of the name's first letter turned), the
    size and mtime put back."""
    before = path.stat()
    text = bytearray(path.read_bytes())
    at = text.index(b"name: ") + 6
    text[at:at + 1] = text[at:at + 1].swapcase()
    with open(path, "r+b") as file:
        file.write(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def main() -> None:
    args, _, data = demo_workspace(__doc__, rounds=9)
    edited, saved = sorted((data / "people").iterdir())[:2]
    with Workspace.open(data) as workspace:
        workspace.refresh()  # as the app's start leaves it
        watcher = Watcher(workspace)

        def look() -> Changes:
            return scan(watcher.known())

        def settled() -> None:
            # What the round before changed is read again until its stamp
            # has settled, then the folder is known unchanged anew.
            time.sleep(SETTLE_NS / 1e9 + 0.1)
            look()
            look()

        def finds_the_edit() -> None:
            assert look().touches("people", edited.stem), "the edit was not found"

        def save() -> None:
            person = workspace.people.lookup(saved.stem)
            assert person is not None
            workspace.people.save(saved.stem, replace(
                person, title="Engineer" if person.title != "Engineer" else "Analyst"))

        times: dict[str, list[float]] = {"floor": [], "quiet": [], "edit": [], "save": []}
        for _ in range(args.rounds):
            settled()
            times["floor"].append(timed(lambda: floor(data)))
            times["quiet"].append(timed(look))
            edit_in_place(edited)
            times["edit"].append(timed(finds_the_edit))
            settled()
            save()
            times["save"].append(timed(look))
    base = statistics.median(times["floor"])
    files = sum(1 for kind in KINDS for _ in (data / kind).iterdir())
    print(f"workspace: {args.people} people, {args.interviews} interviews ({files} files); "
          f"CPU, median [range] of {args.rounds} rounds")
    print(f"{'floor: a stat of every file':<44} {base * 1000:7.1f} ms")
    for key, label in (("quiet", "look, nothing changed"),
                       ("edit", "look finding one file edited in place"),
                       ("save", "look after the app's own save (in full)")):
        ratios = [value / floor_ for value, floor_ in zip(times[key], times["floor"], strict=True)]
        print(f"{label:<44} {statistics.median(times[key]) * 1000:7.1f} ms  ratio "
              f"{statistics.median(ratios):5.2f}x [{min(ratios):.2f}-{max(ratios):.2f}]")


if __name__ == "__main__":
    main()
