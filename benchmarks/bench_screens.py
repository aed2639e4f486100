"""Targets, Follow-ups and the warm paths (ctrl+w on Network), each opened for
the first time on a warm start, as a ratio to F.

Uses a demo workspace (10,000 people and 2,000 interviews by default, generated
once) with its index complete. Each screen is opened in a process of its own,
alternating with F in every round:

- F, the bare Textual app of ``bench_startup.py`` (Header, DataTable with five
  columns and no rows, Footer), from launch to its first frame;
- the app, started on the workspace; once it has compared every folder with
  the index (``everything_read``), the screen's key is pressed (for ctrl+w,
  once Network is filled), and the time is taken from there to the first
  frame of the screen with its list filled (Targets: ranked; Follow-ups: its
  summary; the warm paths: the dialog shown).

The package is byte-compiled first, as an installed copy is. Every timed process
leaves with ``os._exit`` at the moment measured.

    python benchmarks/bench_screens.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, ensure_demo
from bench_startup import BARE_APP, complete_index, run, script

SCREEN_APP = """
import os
import sys
import time
from pathlib import Path
import coffeechat.app
from coffeechat.cli import main
from coffeechat.ui.app import CoffeeChatApp
from textual.widgets import Static

WANTED = sys.argv[2]
SCREEN = {"targets": "TargetsScreen", "followups": "FollowupsScreen",
          "warm": "WarmPathsModal"}[WANTED]


def filled(screen):
    name = type(screen).__name__
    if name != SCREEN:
        return False
    if name == "TargetsScreen":
        return "Ranking" not in str(screen.query_one("#targets-summary", Static).render())
    if name == "FollowupsScreen":
        return bool(str(screen.query_one("#followups-summary", Static).render()))
    return True


class Timed(CoffeeChatApp):
    CSS_PATH = str(Path(sys.modules["coffeechat.ui.app"].__file__).with_name("app.tcss"))
    started = None
    on_network = False

    def run(self, **options):
        return super().run(headless=True)

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None or not self.have_read_everything:
            return
        if self.started is None:
            if WANTED != "warm":
                self.started = time.perf_counter()
                self.call_later(self.action_goto, WANTED)
            elif not self.on_network:
                self.on_network = True
                self.call_later(self.action_goto, "network")
            elif type(screen).__name__ == "NetworkScreen":
                count = str(screen.query_one("#network-count", Static).render())
                if " contact" in count and "Reading" not in count:
                    self.started = time.perf_counter()
                    self.call_later(screen.action_warm_paths)
        elif filled(screen):
            Path(sys.argv[3]).write_text(str(time.perf_counter() - self.started))
            os._exit(0)

coffeechat.app.CoffeeChatApp = Timed
main(["--data-dir", sys.argv[1]])
"""

SCREENS = (("targets", "Targets opened"), ("followups", "Follow-ups opened"),
           ("warm", "warm paths (ctrl+w) opened"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    data = ensure_demo(root, people=args.people, interviews=args.interviews)
    bare_app = script("bare", BARE_APP, root)
    screen_app = script("screens", SCREEN_APP, root)
    took = root / "screen-time.txt"
    byte_compile()
    complete_index(data)
    run(sys.executable, str(screen_app), str(data), "targets", str(took))  # warm the file cache
    bare: list[float] = []
    opened: dict[str, list[float]] = {name: [] for name, _ in SCREENS}
    for _ in range(args.rounds):
        bare.append(run(sys.executable, str(bare_app), str(root / "bare-peak.txt")))
        for name, _ in SCREENS:
            complete_index(data)
            run(sys.executable, str(screen_app), str(data), name, str(took))
            opened[name].append(float(took.read_text()))
    complete_index(data)
    base = statistics.median(bare)
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} alternating rounds")
    print(f"{'F: bare Textual app':<40} {base:.3f} s")
    for name, label in SCREENS:
        value = statistics.median(opened[name])
        ratios = sorted(time / base for time in opened[name])
        print(f"{label:<40} {value:.3f} s  ratio {value / base:5.2f}x "
              f"(rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x)")
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
