"""Start-up time and memory of coffeechat on a large workspace, as ratios to a bare Textual app.

Uses a demo workspace (10,000 people and 2,000 interviews by default, generated
once), then times whole processes, alternating them in every round:

- F, a bare Textual app (Header, DataTable with five columns and no rows,
  Footer), until its first frame;
- the ``coffeechat`` command as it opens the app (its command line read, its
  preparations made, then the app), until Home's first frame, until its first
  frame with the lists filled, and until it has *settled* (every folder
  compared with the index and every row owed written, and no worker left
  running: the process goes idle), both *warm* (the last start had settled
  and quit, so the index is complete) and *cold* (no ``.cache`` at all: the
  first start after a deleted index);
- the app's peak memory (its maximum resident set) when settled, warm and
  cold, beside the bare app's;
- ``coffeechat people list --json`` with the index complete, the second of
  two runs.

The package is byte-compiled first, as an installed copy is. Every timed
process leaves with ``os._exit`` at the moment measured, so warm and cold are
measured apart on purpose: before the warm runs of each round the app runs
once to its end (untimed, quitting as a user does), and before each cold run
``.cache`` is deleted. Goals: Home filled <= 1.5x F warm; settled <= 2.5x F
warm and <= 10x F cold; peak memory <= 80 MB at 30,000 people.

    python benchmarks/bench_startup.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, demo_workspace
from coffeechat.storage import Workspace
from coffeechat.storage.index import CACHE_DIR

# Both apps leave with os._exit at the moment being timed, so neither pays for an
# orderly shutdown. That moment is a frame (every frame goes through
# App._display, headless too, where nothing is written) or, for "settled", the
# first look after the last folder was read that finds no worker running.
# A process's own peak resident memory in KB. Linux carries ``ru_maxrss`` over
# an exec from the process that started it (this benchmark, tens of MB), so
# the new process's own high-water mark (VmHWM) is read where there is one.
PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

BARE_APP = """
import os
import resource
import sys
""" + PEAK + """
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
            with open(sys.argv[1], "w") as out:
                out.write(str(peak_kb()))
            os._exit(0)
        super()._display(screen, renderable)

Bare().run(headless=True)
"""

COFFEECHAT_APP = """
import os
import resource
import sys
import types
""" + PEAK + """
from coffeechat.cli import main

# "first" (Home's first frame), "filled" (its first with the lists: each shows
# a chat's line or says it is empty, none that it is still reading), "settled"
# (the process idle, its peak memory written to the file named third), or
# "prepare" (settled, then quit as a user does: untimed).
MODE = sys.argv[2]


def timed_app(**options):
    \"\"\"The app, timed: made where the command makes it, so Textual is imported
    as the command imports it, after its preparations have started.\"\"\"
    from pathlib import Path

    from textual.worker import WorkerState

    from coffeechat.ui.app import CoffeeChatApp
    from coffeechat.ui.screens.home import HomeScreen

    busy = (WorkerState.PENDING, WorkerState.RUNNING)

    def filled(screen):
        lists = [screen.query_one(selector) for selector in ("#home-upcoming",
                                                             "#home-followups", "#home-asks")]
        return all(found.option_count and not str(found.get_option_at_index(0).prompt)
                   .startswith("Reading your") for found in lists)

    class Timed(CoffeeChatApp):
        CSS_PATH = str(Path(sys.modules["coffeechat.ui.app"].__file__).with_name("app.tcss"))
        read_all = False

        def run(self, **options):
            return super().run(headless=True)

        def on_mount(self):
            if MODE in ("settled", "prepare"):
                self.everything_read.subscribe(self, self._all_read)
                self.set_interval(0.01, self._look)

        def _all_read(self, _):
            self.read_all = True

        def _look(self):
            if not self.read_all or any(worker.state in busy for worker in self.workers):
                return
            if MODE == "prepare":
                self.read_all = False
                self.call_later(self.run_action, "quit")
                return
            with open(sys.argv[3], "w") as out:
                out.write(str(peak_kb()))
            os._exit(0)

        def _display(self, screen, renderable):
            if renderable is not None and isinstance(screen, HomeScreen) and (
                    MODE == "first" or MODE == "filled" and filled(screen)):
                os._exit(0)
            super()._display(screen, renderable)

    return Timed(**options)


# Opened the way the command opens it: its command line read, its preparations
# started, then the app imported and made (the command imports ``coffeechat.app``
# there, which this stands in for).
stand_in = types.ModuleType("coffeechat.app")
stand_in.CoffeeChatApp = timed_app
sys.modules["coffeechat.app"] = stand_in
main(["--data-dir", sys.argv[1]])
"""


def complete_index(data: Path) -> None:
    """Compare every folder with its rows and write every row owed, as a
    settled app leaves the index (used by the other start-up benchmarks)."""
    with Workspace.open(data) as workspace:
        workspace.refresh()


def script(name: str, code: str, folder: Path) -> Path:
    # A real file: Textual finds an app's CSS relative to the file its class is in.
    path = folder / f"{name}.py"
    path.write_text(code)
    return path


def run(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   timeout=600)
    return time.perf_counter() - started


def run_again(*command: str) -> float:
    """The second of two runs: the first keeps in the index what the next reads,
    as any earlier run of the command would."""
    run(*command)
    return run(*command)


def main() -> None:
    args, root, data = demo_workspace(__doc__)
    bare_app = script("bare", BARE_APP, root)
    our_app = script("timed", COFFEECHAT_APP, root)
    peak = root / "peak.txt"
    memory: dict[str, list[float]] = {"bare": [], "warm settled": [], "cold settled": []}

    def app(mode: str, kept: str = "") -> float:
        seconds = run(sys.executable, str(our_app), str(data), mode, str(peak))
        if kept:
            memory[kept].append(int(peak.read_text()) / 1024)
        return seconds

    def bare() -> float:
        seconds = run(sys.executable, str(bare_app), str(peak))
        memory["bare"].append(int(peak.read_text()) / 1024)
        return seconds

    command = str(Path(sys.executable).with_name("coffeechat"))
    warm = [
        ("bare", bare),
        ("warm first", lambda: app("first")),
        ("warm filled", lambda: app("filled")),
        ("warm settled", lambda: app("settled", "warm settled")),
        ("people list", lambda: run_again(command, "--data-dir", str(data), "people", "list",
                                          "--json")),
    ]
    cold = [
        ("cold first", lambda: app("first")),
        ("cold filled", lambda: app("filled")),
        ("cold settled", lambda: app("settled", "cold settled")),
    ]
    byte_compile()
    times: dict[str, list[float]] = {name: [] for name, _ in warm + cold}
    for _ in range(args.rounds):
        app("prepare")  # the last start settled and quit: the index is complete
        for name, measure in warm:
            times[name].append(measure())
        for name, measure in cold:
            shutil.rmtree(data / CACHE_DIR, ignore_errors=True)
            times[name].append(measure())
    app("prepare")
    base = statistics.median(times["bare"])
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median [range] of {args.rounds} alternating rounds")
    print(f"{'F: bare Textual app':<44} {base:.3f} s [{min(times['bare']):.3f}–"
          f"{max(times['bare']):.3f}]")
    labels = (
        ("warm first", "first screen painted, index complete", 1.3),
        ("warm filled", "Home filled, index complete", 1.5),
        ("warm settled", "settled, index complete", 2.5),
        ("cold first", "first screen painted, no index", 1.3),
        ("cold filled", "Home filled, no index", 6.0),
        ("cold settled", "settled, no index", 10.0),
        ("people list", "people list --json, index complete", 2.5),
    )
    for key, label, goal in labels:
        values = times[key]
        print(f"{label:<44} {statistics.median(values):.3f} s  ratio "
              f"{statistics.median(values) / base:5.2f}x [{min(values) / base:.2f}–"
              f"{max(values) / base:.2f}]  (goal <= {goal}x)")
    for key, values in memory.items():
        print(f"{'peak memory, ' + key:<44} {statistics.median(values):6.1f} MB "
              f"[{min(values):.1f}–{max(values):.1f}]")


if __name__ == "__main__":
    main()
