"""Filter-as-you-type on the Network screen at 10,000 people (or --people N).

Opens the real app headless on a demo workspace with its index complete, shows
Network, waits for its list and for start-up's work to end, then types queries
one letter at a time, each key once the one before is on screen. Per keystroke
it times:

- what the user waits for: from the key (the filter's text set) to the frame
  with the rows of that text drawn, everything the app had to do by then done;
- the UI thread's work that holds up a frame, as that thread's CPU time (its
  wall time also counts waits for the CPU and the GIL on a busy machine): the
  key's handling (the query is asked of a worker) plus taking the answer in,
  each one stretch, and the table's visible lines drawn. The query itself runs
  on the worker; the UI thread is free meanwhile;
- all the UI thread's CPU time for the key, the whole frame included.

Against a baseline measured in the same run: a plain substring scan over every
name in memory. Goal: the UI thread's work per key well within one 16 ms frame.
Also prints how long the Network screen took to fill, and the person form's
times: ctrl+n after a filter that shows nobody, to the form on screen (the
filter's text is its name), and each key typed in its name and its links
(the namesakes and the people linked checked), to the frame after it.

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
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _common import ensure_demo
from bench_startup import complete_index

QUERIES = ["product manager", "aritzia", "alumni data", "zzz", "a"]
# The person form: the filter before ctrl+n, then what is typed in which field
# (a namesake's name, a link mistyped on the way to a name, two people known).
FORM_FILTER = "sofia zedd"
FORM_KEYS = [("name", "Ana Lima"), ("introduced_by", "Kim Park"),
             ("knows", "Ana Lima, Sofia Martinez")]


async def measure(data: Path) -> None:
    from textual.widgets import Input, Static

    from coffeechat.ui.app import CoffeeChatApp
    from coffeechat.ui.widgets.contact_table import ContactTable

    # The UI thread's time taking a query's answer in, measured where it happens.
    taking: list[float] = []
    take = ContactTable.on_contact_table_found
    # Set when the newest answer is taken in: the loop waits on it, idle, as
    # the app does between keys (polling would take the GIL from the worker).
    shown = asyncio.Event()

    def timed_take(self: ContactTable, message: Any) -> None:
        started = time.thread_time()
        take(self, message)
        taking.append(time.thread_time() - started)
        if not self.pending:
            shown.set()

    ContactTable.on_contact_table_found = timed_take  # type: ignore[method-assign]
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
        # Typed once start-up's work is done: its reading would share the CPU.
        while not app.have_read_everything or not all(
                worker.is_finished for worker in app.workers):
            await pilot.pause(0.05)
        names = [row.cells[0].casefold() for row in table.shown_rows()]
        height = table.size.height
        waited: list[float] = []
        ui: list[float] = []
        whole: list[float] = []
        base: list[float] = []
        parts: list[tuple[float, float, float]] = []

        def draw() -> float:
            started = time.thread_time()
            for y in range(height):
                table.render_line(y)
            return time.thread_time() - started

        for query in QUERIES:
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                taking.clear()
                shown.clear()
                started, cpu = time.perf_counter(), time.thread_time()
                table.set_filter(prefix)
                asked = time.thread_time() - cpu
                if table.pending:
                    await shown.wait()
                await pilot.pause()  # the frame drawn, its messages handled
                waited.append(time.perf_counter() - started)
                whole.append(time.thread_time() - cpu)
                drawn = draw()
                ui.append(asked + sum(taking) + drawn)
                parts.append((asked, sum(taking), drawn))
                started = time.perf_counter()
                needle = prefix.casefold()
                _ = [name for name in names if needle in name]
                base.append(time.perf_counter() - started)
            table.set_filter("")
        print(f"{len(names):,} contacts; Network screen filled in {opened * 1000:.0f} ms")
        print(f"keystrokes measured: {len(waited)}")
        for label, values in (("key to its rows on screen (waited)", waited),
                              ("UI thread per key, all of it", whole),
                              ("UI thread per key, holding a frame", ui),
                              ("baseline: substring scan of names", base)):
            print(f"{label:<36} median {statistics.median(values) * 1000:6.2f} ms"
                  f"   max {max(values) * 1000:6.2f} ms")
        for label, values in zip(("  asking", "  taking the answer in", "  drawing"),
                                 zip(*parts, strict=True), strict=True):
            print(f"{label:<36} median {statistics.median(values) * 1000:6.2f} ms"
                  f"   max {max(values) * 1000:6.2f} ms")
        print(f"ratios to the baseline (medians): waited "
              f"{statistics.median(waited) / statistics.median(base):.2f}x, UI thread "
              f"{statistics.median(ui) / statistics.median(base):.2f}x; worst UI thread "
              f"{max(ui) * 1000:.1f} ms (goal < 16 ms)")

        table.set_filter(FORM_FILTER)
        if table.pending:
            await shown.wait()
        await pilot.pause()
        started, cpu = time.perf_counter(), time.thread_time()
        await pilot.press("ctrl+n")
        while type(app.screen).__name__ != "PersonFormModal":
            await pilot.pause(0.001)
        await pilot.pause()
        print(f"person form, ctrl+n to the form shown: {(time.perf_counter() - started) * 1000:.1f}"
              f" ms (UI thread {(time.thread_time() - cpu) * 1000:.1f} ms)")
        keyed: list[float] = []
        keyed_cpu: list[float] = []
        for field, text in FORM_KEYS:
            box = app.screen.query_one(f"#field-{field}", Input)
            for end in range(1, len(text) + 1):
                started, cpu = time.perf_counter(), time.thread_time()
                box.value = text[:end]
                await pilot.pause()  # checked, and the frame after it drawn
                keyed.append(time.perf_counter() - started)
                keyed_cpu.append(time.thread_time() - cpu)
        for label, values in (("person form per key (waited)", keyed),
                              ("person form per key, UI thread", keyed_cpu)):
            print(f"{label:<36} median {statistics.median(values) * 1000:6.2f} ms"
                  f"   max {max(values) * 1000:6.2f} ms   ratio to the baseline "
                  f"{statistics.median(values) / statistics.median(base):.2f}x")
        await pilot.press("escape")


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
