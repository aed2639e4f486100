"""Filter-as-you-type on the Network screen at 10,000 people (or --people N).

Opens the real app headless on a demo workspace with its index complete, shows
Network, waits for its list, then types queries one letter at a time. For each
keystroke it times the table's work (the query of the rows the filter shows, in
order, and rendering every visible line) against a baseline measured in the
same run: a plain substring scan over every name. Goal: each keystroke well
within one 16 ms frame. Also prints how long the Network screen took to fill.

    python benchmarks/bench_filter.py [--people N] [--interviews M] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import ensure_demo
from bench_startup import complete_index

QUERIES = ["product manager", "aritzia", "alumni data", "zzz", "a"]


async def measure(data: Path) -> None:
    from textual.widgets import Static

    from coffeechat.ui.app import CoffeeChatApp
    from coffeechat.ui.widgets.contact_table import ContactTable

    complete_index(data)
    app = CoffeeChatApp(data)
    async with app.run_test(size=(160, 50)) as pilot:
        started = time.perf_counter()
        await app.switch_mode("network")
        count = app.screen.query_one("#network-count", Static)
        while "Reading" in str(count.render()) or " contact" not in str(count.render()):
            await pilot.pause(0.01)
        opened = time.perf_counter() - started
        table = app.screen.query_one(ContactTable)
        names = [row.cells[0].casefold() for row in table.shown_rows()]
        height = table.size.height
        ours: list[float] = []
        base: list[float] = []
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                started = time.perf_counter()
                table.set_filter(prefix)
                for y in range(height):
                    table.render_line(y)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                needle = prefix.casefold()
                _ = [name for name in names if needle in name]
                base.append(time.perf_counter() - started)
            table.set_filter("")
        print(f"{len(names):,} contacts; Network screen filled in {opened * 1000:.0f} ms")
        print(f"keystrokes measured: {len(ours)}")
        for label, values in (("filter + render visible rows", ours),
                              ("baseline: substring scan of names", base)):
            print(f"{label:<36} median {statistics.median(values) * 1000:6.2f} ms"
                  f"   max {max(values) * 1000:6.2f} ms")
        ratio = statistics.median(ours) / statistics.median(base)
        print(f"ratio {ratio:.2f}x the baseline; worst keystroke "
              f"{max(ours) * 1000:.1f} ms (goal < 16 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    asyncio.run(measure(ensure_demo(root, people=args.people, interviews=args.interviews)))
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
