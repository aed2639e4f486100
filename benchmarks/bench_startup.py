"""Start-up time of coffeechat on a large workspace, as a ratio to a bare Textual app.

Uses a demo workspace of 10,000 people and 2,000 interviews (generated once),
then times whole processes alternating A B C A B C: A is a bare Textual app
(Header, DataTable with five columns and no rows, Footer); B is coffeechat
exiting right after its first screen is painted; C is coffeechat exiting once
Home has read the campaign and filled its lists. Goal: B/A <= 1.3.

    python benchmarks/bench_startup.py [--people N] [--interviews M] [--rounds R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ensure_demo

# Both apps leave with os._exit at the moment being timed, so neither pays for an
# orderly shutdown (which for coffeechat would wait for Home's reading thread).
BARE_APP = """
import os
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        table = DataTable()
        table.add_columns("Name", "Company", "Title", "Tags", "How we met")
        yield table
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(os._exit, 0)

Bare().run(headless=True)
"""

COFFEECHAT_APP = """
import os
import sys
from pathlib import Path
from coffeechat.ui.app import CoffeeChatApp

FILLED = sys.argv[2] == "filled"

class Timed(CoffeeChatApp):
    CSS_PATH = str(Path(sys.modules["coffeechat.ui.app"].__file__).with_name("app.tcss"))

    def on_mount(self):
        super().on_mount()
        if FILLED:
            self.set_interval(0.005, self._exit_when_filled)
        else:
            self.call_after_refresh(os._exit, 0)

    def _exit_when_filled(self):
        text = str(self.screen.query_one("#home-numbers").render())
        if "People in your network" in text:
            os._exit(0)

Timed(Path(sys.argv[1])).run(headless=True)
"""


def script(name: str, code: str, folder: Path) -> Path:
    # A real file: Textual finds an app's CSS relative to the file its class is in.
    path = folder / f"{name}.py"
    path.write_text(code)
    return path


def run(path: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(path), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    data = ensure_demo(root, people=args.people, interviews=args.interviews)
    bare_app = script("bare", BARE_APP, root)
    our_app = script("timed", COFFEECHAT_APP, root)
    run(our_app, str(data), "filled")  # write the index cache, warm the OS file cache
    times: dict[str, list[float]] = {"bare": [], "first": [], "filled": []}
    for _ in range(args.rounds):
        times["bare"].append(run(bare_app))
        times["first"].append(run(our_app, str(data), "first"))
        times["filled"].append(run(our_app, str(data), "filled"))
    bare = statistics.median(times["bare"])
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} alternating runs")
    print(f"{'bare Textual app':<40} {bare:.3f} s")
    for key, label in (("first", "coffeechat, first screen painted"),
                       ("filled", "coffeechat, Home filled with the campaign")):
        value = statistics.median(times[key])
        print(f"{label:<40} {value:.3f} s  ratio {value / bare:.2f}x")
    print("goal: first screen <= 1.30x")


if __name__ == "__main__":
    main()
