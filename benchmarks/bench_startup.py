"""Start-up time of coffeechat on a large workspace, as a ratio to a bare Textual app.

Uses a demo workspace of 10,000 people and 2,000 interviews (generated once),
then times whole processes, alternating them in every round:

- F, a bare Textual app (Header, DataTable with five columns and no rows,
  Footer), until its first frame;
- the ``coffeechat`` command as it opens the app (its command line read, its
  preparations made, then the app), until Home's first frame, and until its
  first frame with the lists filled, both *warm* (the index is complete, with
  what Home's lists are computed from kept, as the app and every command that
  writes a chat keep it) and *cold* (no ``.cache`` at all: the first start
  after a deleted index);
- Home filled when what was kept for its lists is out of date, so they are
  computed from the index's rows (after the app was killed having written a
  chat, or another program wrote one);
- ``coffeechat people list --json`` with the index complete, after a first
  listing (untimed) kept each record's line in it.

The package is byte-compiled first, as an installed copy is. Warm and cold
are measured apart on purpose: every timed process leaves with
``os._exit`` at the moment measured, so it never finishes writing the index.
Before each warm run the index is completed by this script (untimed), and
before each cold run ``.cache`` is deleted. Goals: first screen <= 1.3x F;
Home filled <= 1.5x F warm and <= 6x F cold; people list <= 2.5x F.
The day the workspace is shown on is today: what is kept for Home holds
every line that could show on any day.

    python benchmarks/bench_startup.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, ensure_demo
from coffeechat.core.nudges import DEFAULT_NUDGE_DAYS
from coffeechat.storage import Workspace, home_view
from coffeechat.storage.index import CACHE_DIR, INDEX_NAME

# Both apps leave with os._exit at the moment being timed, so neither pays for an
# orderly shutdown (which for coffeechat would wait for its reading thread). That
# moment is a frame: every frame goes through App._display, headless too (where
# nothing is written), so both are timed at the frame itself, not at the next
# idle moment (which, for coffeechat, comes only once Home has filled).
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

    def _display(self, screen, renderable):
        if renderable is not None:
            os._exit(0)
        super()._display(screen, renderable)

Bare().run(headless=True)
"""

COFFEECHAT_APP = """
import os
import sys
from pathlib import Path
import coffeechat.app
from coffeechat.cli import main
from coffeechat.ui.app import CoffeeChatApp
from coffeechat.ui.screens.home import HomeScreen

MODE = sys.argv[2]  # "first" (Home's first frame) or "filled" (its first with the lists)

class Timed(CoffeeChatApp):
    CSS_PATH = str(Path(sys.modules["coffeechat.ui.app"].__file__).with_name("app.tcss"))

    def run(self, **options):
        return super().run(headless=True)

    def _display(self, screen, renderable):
        if renderable is not None and isinstance(screen, HomeScreen) and (
                MODE == "first" or "People in your network"
                in str(screen.query_one("#home-numbers").render())):
            os._exit(0)
        super()._display(screen, renderable)

# Opened the way the command opens it: its command line read, its preparations, then the app.
coffeechat.app.CoffeeChatApp = Timed
main(["--data-dir", sys.argv[1]])
"""


def script(name: str, code: str, folder: Path) -> Path:
    # A real file: Textual finds an app's CSS relative to the file its class is in.
    path = folder / f"{name}.py"
    path.write_text(code)
    return path


def run(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def run_again(*command: str) -> float:
    """The second of two runs: the first keeps in the index what the next read
    (a listing, each record's line), as any earlier run of the command would."""
    run(*command)
    return run(*command)


def complete_index(data: Path, *, keep_home: bool = True) -> None:
    """Read every folder and write every row (what a running app does after
    start), and keep what Home's lists are computed from, as the app does
    when Home fills; or, without ``keep_home``, forget it."""
    with Workspace.open(data) as workspace:
        workspace.sync()
        if keep_home:
            home_view.keep_current(workspace, DEFAULT_NUDGE_DAYS)
    if not keep_home:
        connection = sqlite3.connect(data / CACHE_DIR / INDEX_NAME)
        with connection:
            connection.execute("DELETE FROM views")
        connection.close()


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
    command = str(Path(sys.executable).with_name("coffeechat"))
    cold = [
        ("cold first", lambda: run(sys.executable, str(our_app), str(data), "first")),
        ("cold filled", lambda: run(sys.executable, str(our_app), str(data), "filled")),
    ]
    warm = [
        ("bare", lambda: run(sys.executable, str(bare_app))),
        ("warm first", lambda: run(sys.executable, str(our_app), str(data), "first")),
        ("warm filled", lambda: run(sys.executable, str(our_app), str(data), "filled")),
        ("people list", lambda: run_again(command, "--data-dir", str(data), "people", "list",
                                          "--json")),
    ]
    byte_compile()
    complete_index(data)
    run(sys.executable, str(our_app), str(data), "filled")  # warm the OS file cache
    times: dict[str, list[float]] = {name: [] for name, _ in warm + cold}
    times["rows filled"] = []
    for _ in range(args.rounds):
        for name, measure in warm:
            complete_index(data)
            times[name].append(measure())
        complete_index(data, keep_home=False)
        times["rows filled"].append(run(sys.executable, str(our_app), str(data), "filled"))
        for name, measure in cold:
            shutil.rmtree(data / CACHE_DIR, ignore_errors=True)
            times[name].append(measure())
    complete_index(data)
    bare = statistics.median(times["bare"])
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} alternating rounds")
    print(f"{'F: bare Textual app':<48} {bare:.3f} s")
    labels = (
        ("warm first", "first screen painted, index complete", 1.3),
        ("warm filled", "Home filled, index complete", 1.5),
        ("rows filled", "Home filled, from the index's rows", 1.5),
        ("cold first", "first screen painted, no index", 1.3),
        ("cold filled", "Home filled, no index", 6.0),
        ("people list", "people list --json, index complete", 2.5),
    )
    for key, label, goal in labels:
        value = statistics.median(times[key])
        print(f"{label:<48} {value:.3f} s  ratio {value / bare:5.2f}x  (goal <= {goal}x)")
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
