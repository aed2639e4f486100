"""Network filled, from launch: a process opened straight onto Network, as a ratio to F.

Uses a demo workspace (10,000 people and 2,000 interviews by default, generated
once) with its index complete, and times whole processes, alternating them in
every round:

- F, the bare Textual app of ``bench_startup.py`` (Header, DataTable with five
  columns and no rows, Footer), until its first frame;
- the ``coffeechat`` command as it opens the app, which shows Network on its
  first frame (as F2 pressed then would), until the first frame of Network with
  its list filled (the count of contacts shown, not "Reading your contacts…").

The package is byte-compiled first, as an installed copy is. Every timed process
leaves with ``os._exit`` at the moment measured, so the index is completed by
this script (untimed) before each run. Goal: <= 2x F.

    python benchmarks/bench_network.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, demo_workspace
from bench_startup import BARE_APP, complete_index, run, script

NETWORK_APP = """
import os
import sys
from pathlib import Path
import coffeechat.app
from coffeechat.cli import main
from coffeechat.ui.app import CoffeeChatApp
from textual.widgets import Static

class Timed(CoffeeChatApp):
    CSS_PATH = str(Path(sys.modules["coffeechat.ui.app"].__file__).with_name("app.tcss"))
    asked = False

    def run(self, **options):
        return super().run(headless=True)

    def _display(self, screen, renderable):
        if renderable is not None:
            if not self.asked:
                # Network's key, pressed on the first frame.
                self.asked = True
                self.call_later(self.action_goto, "network")
            elif type(screen).__name__ == "NetworkScreen":
                count = str(screen.query_one("#network-count", Static).render())
                if " contact" in count and "Reading" not in count:
                    os._exit(0)
        super()._display(screen, renderable)

coffeechat.app.CoffeeChatApp = Timed
main(["--data-dir", sys.argv[1]])
"""


def main() -> None:
    args, root, data = demo_workspace(__doc__)
    bare_app = script("bare", BARE_APP, root)
    network_app = script("network", NETWORK_APP, root)
    byte_compile()
    complete_index(data)
    run(sys.executable, str(network_app), str(data))  # warm the OS file cache
    bare: list[float] = []
    filled: list[float] = []
    for _ in range(args.rounds):
        complete_index(data)
        # The bare app writes its peak memory to the file it is given, at its first frame.
        bare.append(run(sys.executable, str(bare_app), str(root / "bare-peak.txt")))
        complete_index(data)
        filled.append(run(sys.executable, str(network_app), str(data)))
    complete_index(data)
    base = statistics.median(bare)
    ratios = sorted(value / base for value in filled)
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} alternating rounds")
    print(f"{'F: bare Textual app':<40} {base:.3f} s")
    value = statistics.median(filled)
    print(f"{'Network filled, from launch':<40} {value:.3f} s  ratio {value / base:5.2f}x "
          f"(rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x; goal <= 2x)")


if __name__ == "__main__":
    main()
