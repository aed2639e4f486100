"""How long a save waits while a long search runs, at 10,000 people and 2,000 interviews.

One thread runs a long query over and over (by default the slowest the length
and word caps let through: 16 two-letter word starts joined by OR); meanwhile
the main thread saves a person every 50 ms, as an autosave does, and times
each save. The baseline, measured in the same run just before, is the same
saves with no search running. Reported: the median and the longest save of
each, and their ratios; then how soon a running search stops when asked.
Goal: the longest save during searches within 3x the longest without.

    python benchmarks/bench_search_save.py [--seconds S] [--query TEXT] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ensure_demo, report
from coffeechat.storage import Workspace

LONG_QUERY = " OR ".join(["pr", "co", "ma", "st", "re", "de", "in", "te", "an", "se", "ca",
                          "pa", "le", "wo", "th", "to"])
SAVE_EVERY = 0.05


def saves(workspace: Workspace, slug: str, seconds: float) -> list[float]:
    """Save ``slug`` every ``SAVE_EVERY`` seconds for ``seconds``; each save's time."""
    person = workspace.people.get(slug)
    assert person is not None
    took = []
    ends = time.perf_counter() + seconds
    number = 0
    while time.perf_counter() < ends:
        number += 1
        person.notes = f"Typed line {number}.\n"
        started = time.perf_counter()
        person = workspace.people.save(slug, person).copy()
        took.append(time.perf_counter() - started)
        time.sleep(SAVE_EVERY)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--query", default=LONG_QUERY, help="the long query")
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    data = ensure_demo(root, people=args.people, interviews=args.interviews)
    with Workspace.open(data) as workspace:
        workspace.sync()
        slug = next(iter(workspace.people.entries))
        started = time.perf_counter()
        workspace.search(args.query)
        print(f"workspace: {args.people} people, {args.interviews} interviews; the query "
              f"({len(args.query):,} characters) takes {time.perf_counter() - started:.2f} s "
              "alone")
        alone = saves(workspace, slug, args.seconds)

        done = threading.Event()
        searched: list[float] = []

        def search() -> None:
            while not done.is_set():
                began = time.perf_counter()
                with contextlib.suppress(ValueError):  # stopped
                    workspace.search(args.query)
                searched.append(time.perf_counter() - began)

        searching = threading.Thread(target=search)
        searching.start()
        beside = saves(workspace, slug, args.seconds)
        done.set()
        searching.join()
        print(f"{len(alone)} saves alone, {len(beside)} saves during {len(searched)} searches")
        report("median save during searches", statistics.median(beside),
               statistics.median(alone), "ms")
        report("longest save during searches (goal 3x)", max(beside), max(alone), "ms")

        stop = getattr(workspace, "stop_search", None)
        if stop is not None:
            stopped: list[float] = []

            def run() -> None:
                with contextlib.suppress(ValueError):
                    workspace.search(args.query)

            for _ in range(5):
                thread = threading.Thread(target=run)
                thread.start()
                time.sleep(0.1)
                asked = time.perf_counter()
                stop()
                thread.join()
                stopped.append(time.perf_counter() - asked)
            print(f"a running search stops {statistics.median(stopped) * 1000:.1f} ms "
                  f"(median of 5, longest {max(stopped) * 1000:.1f} ms) after it is asked to")
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
