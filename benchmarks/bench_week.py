"""A week's actions in one running app on a large workspace: the time of each,
as a ratio to F, and the memory the process holds after it.

Uses a demo workspace (10,000 people and 2,000 interviews by default, generated
once) with its index complete. Each round runs, alternating:

- F, the bare Textual app of ``bench_startup.py``, from launch to its first frame;
- the app in a process of its own, started on the workspace; once it has
  compared every folder with the index and no worker runs, the keys of each
  step below are pressed (through Textual's Pilot, at 120x40), and the step
  ends when no worker runs any more. After each step the process's resident
  memory (``VmRSS``) is read, and which record folders it holds in memory
  (none should be: every screen is a query of the index's rows).

The steps: Network (F2); its filter typed; a person opened to edit (enter)
and left (escape); Research, Plan (F3, F4); the first chat its picker offers
(enter), then Live, Follow-ups, Banks and Targets (F5 to F9) with that chat
current; a target's people (enter, escape); Search (F11), a word typed and
searched; the problems (F8); the command palette (ctrl+p); New person
(ctrl+n). Nothing is saved. The goal: the app's memory stays under 80 MB at
30,000 people, whatever is opened.

    python benchmarks/bench_week.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import byte_compile, demo_workspace
from bench_startup import BARE_APP, complete_index, run, script

WEEK_APP = """
import asyncio
import json
import sys
import time
from pathlib import Path

from coffeechat.app import CoffeeChatApp

STEPS = [
    ("Network (F2)", ["f2"]),
    ("filter typed", ["a", "d", "a"]),
    ("a person opened to edit", ["enter"]),
    ("and left", ["escape"]),
    ("Research (F3)", ["f3"]),
    ("Plan (F4)", ["f4"]),
    ("a chat picked", ["enter"]),
    ("Live (F5)", ["f5"]),
    ("Follow-ups (F6)", ["f6"]),
    ("Banks (F7)", ["f7"]),
    ("Targets (F9)", ["f9"]),
    ("a target's people", ["enter"]),
    ("and left", ["escape"]),
    ("Search (F11)", ["f11"]),
    ("a word searched", ["m", "e", "n", "t", "o", "r", "enter"]),
    ("problems (F8)", ["f8"]),
    ("and left", ["escape"]),
    ("command palette (ctrl+p)", ["ctrl+p"]),
    ("and left", ["escape"]),
    ("New person (ctrl+n)", ["f2", "ctrl+n"]),
    ("and left", ["escape"]),
]


def resident() -> tuple[float, float]:
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            found[key] = value
    return int(found["VmRSS"].split()[0]) / 1024, int(found["VmHWM"].split()[0]) / 1024


async def week() -> None:
    app = CoffeeChatApp(data_dir=Path(sys.argv[1]))
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.have_read_everything and not any(w.is_running for w in app.workers)):
            await pilot.pause(0.02)
        ws = app.workspace
        out.append(("settled", 0.0, resident()[0], []))
        for label, keys in STEPS:
            started = time.perf_counter()
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            while any(worker.is_running for worker in app.workers):
                await pilot.pause(0.01)
            held = [kind for kind in ("people", "companies", "interviews")
                    if getattr(ws, kind).loaded]
            out.append((label, time.perf_counter() - started, resident()[0], held))
    Path(sys.argv[2]).write_text(json.dumps({"steps": out, "peak": resident()[1]}))

asyncio.run(week())
"""


def main() -> None:
    args, root, data = demo_workspace(__doc__, rounds=3)
    bare_app = script("bare", BARE_APP, root)
    week_app = script("week", WEEK_APP, root)
    found = root / "week.json"
    byte_compile()
    bare: list[float] = []
    # Per round: each step as (label, seconds, megabytes, folders held), and the peak.
    rounds: list[tuple[list[tuple[str, float, float, list[str]]], float]] = []
    for _ in range(args.rounds):
        bare.append(run(sys.executable, str(bare_app), str(root / "bare-peak.txt")))
        complete_index(data)
        run(sys.executable, str(week_app), str(data), str(found))
        answer = json.loads(found.read_text())
        rounds.append(([(label, took, memory, held) for label, took, memory, held
                        in answer["steps"]], float(answer["peak"])))
    complete_index(data)
    base = statistics.median(bare)
    print(f"workspace: {args.people} people, {args.interviews} interviews; "
          f"median of {args.rounds} rounds, each step's resident memory after it")
    print(f"{'F: bare Textual app':<28} {base:.3f} s")
    for index, (label, _, _, held) in enumerate(rounds[0][0]):
        took = statistics.median(steps[index][1] for steps, _ in rounds)
        memory = statistics.median(steps[index][2] for steps, _ in rounds)
        holding = f"  holds {', '.join(held)} in memory" if held else ""
        print(f"{label:<28} {took:6.3f} s  ratio {took / base:5.2f}x  {memory:6.1f} MB{holding}")
    peak = statistics.median(peak for _, peak in rounds)
    print(f"{'peak memory':<28} {peak:6.1f} MB (goal 80 MB at 30,000 people)")


if __name__ == "__main__":
    main()
