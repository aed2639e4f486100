"""Store benchmarks on a 10,000-people / 2,000-interview demo workspace.

Prints, as ratios against baselines measured in the same run, alternating:
- loading the whole workspace with no index (every file parsed, then every row
  written, as a first start does), with a complete index, and copied as
  ``cp -r`` copies it (the index too, every file with a new inode, ctime and
  mtime: compared by its bytes), against CSafeLoader parsing the same bytes;
- one durable save of an interview, keeping the index up to date, against the
  same save with index updates switched off (goal: <= 1.3x); for a typical
  interview and for one holding a 100 KB note (Live's autosave);
- one durable save against a bare fsync'd atomic write of the same bytes.

Usage: python benchmarks/bench_store.py [--people N] [--interviews M] [--rounds R]
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, demo_workspace, report
from bench_typing import note_of
from coffeechat.core.models import Interview
from coffeechat.storage import Workspace
from coffeechat.storage.index import CACHE_DIR
from coffeechat.storage.records import encode_record


def parse_all_bytes(data: Path) -> None:
    """The baseline: read and parse every record file with the C loader."""
    for folder in ("people", "companies", "interviews"):
        for entry in os.scandir(data / folder):
            with open(entry.path, "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def load_workspace(data: Path, *, cold: bool) -> None:
    if cold:
        shutil.rmtree(data / CACHE_DIR, ignore_errors=True)
    workspace = Workspace.open(data)
    workspace.sync()  # read every folder and write every row, as the app does
    # Touch every record, as a screen listing them all would.
    for collection in workspace.collections:
        for _ in collection.items():
            pass
    workspace.close()


def alternate_copies(data: Path, rounds: int) -> tuple[float, float]:
    """Median seconds of loading a fresh copy of ``data`` (copied untimed before
    each load) and of ``parse_all_bytes``, one after the other each round."""
    copy = data.with_name(f"{data.name}-copy")
    loads: list[float] = []
    parses: list[float] = []
    for _ in range(rounds):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(data, copy, copy_function=shutil.copy)  # new stamps, same bytes
        for func, times in ((lambda: load_workspace(copy, cold=False), loads),
                            (lambda: parse_all_bytes(data), parses)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    shutil.rmtree(copy)
    return statistics.median(loads), statistics.median(parses)


def bare_atomic_write(path: Path, raw: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    os.fsync(directory)
    os.close(directory)


def saver(workspace: Workspace, slug: str, *, indexed: bool) -> Callable[[], None]:
    """A save of ``slug`` that changes its notes, with or without index updates."""
    keep = workspace.index.store

    def save() -> None:
        interview = workspace.interviews.get(slug)
        assert interview is not None
        changed = interview.copy()
        changed.notes += "."
        workspace.index.store = keep if indexed else lambda *args, **kwargs: True
        try:
            workspace.interviews.save(slug, changed)
        finally:
            workspace.index.store = keep

    return save


def main() -> None:
    args, _, data = demo_workspace(__doc__, rounds=5)
    print(f"workspace: {args.people} people, {args.interviews} interviews")

    cold, base = alternate(lambda: load_workspace(data, cold=True),
                           lambda: parse_all_bytes(data), args.rounds)
    report("load, no index (vs CSafeLoader on the same bytes)", cold, base)
    load_workspace(data, cold=False)  # make sure the index is complete
    warm, base = alternate(lambda: load_workspace(data, cold=False),
                           lambda: parse_all_bytes(data), args.rounds)
    report("load, with the index (vs CSafeLoader on the same bytes)", warm, base)
    copied, base = alternate_copies(data, args.rounds)
    report("load, copied with its index (vs CSafeLoader on the same bytes)", copied, base)

    workspace = Workspace.open(data)
    slug, interview = next(iter(workspace.interviews.items()))
    size = len(encode_record(interview))
    indexed, plain = alternate(saver(workspace, slug, indexed=True),
                               saver(workspace, slug, indexed=False), args.rounds * 40)
    report(f"save of a {size:,}-byte interview (vs the same save, no index)",
           indexed, plain, unit="ms")
    long_note = workspace.new_interview(Interview(person=interview.person, notes=note_of(100)),
                                        on=dt.date(2026, 11, 25))
    indexed, plain = alternate(saver(workspace, long_note, indexed=True),
                               saver(workspace, long_note, indexed=False), args.rounds * 20)
    report("save of an interview with a 100 KB note (vs no index)", indexed, plain, unit="ms")
    raw = encode_record(workspace.interviews.get(slug) or interview)
    scratch = data / "bench-scratch.yaml"
    saves, writes = alternate(saver(workspace, slug, indexed=True),
                              lambda: bare_atomic_write(scratch, raw), args.rounds * 40)
    report(f"durable save of a {size:,}-byte interview (vs bare atomic write)",
           saves, writes, unit="ms")
    scratch.unlink()
    workspace.interviews.delete(long_note)
    shutil.rmtree(data / "trash", ignore_errors=True)
    workspace.close()


if __name__ == "__main__":
    main()
