"""``coffeechat demo``: a realistic sample campaign to explore the app with."""

from __future__ import annotations

import argparse
from typing import Any

from coffeechat.cli.common import CommandError, workspace
from coffeechat.storage.paths import data_dir


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="fill a data directory with a sample campaign")
    demo.add_argument("--people", type=int, default=60, metavar="N")
    demo.add_argument("--interviews", type=int, default=20, metavar="M")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from coffeechat.demo import generate

    if args.people < 0 or args.interviews < 0:
        raise CommandError("--people and --interviews cannot be negative")
    target = data_dir(args.data_dir)
    # Holding the lock keeps a running app from writing while the demo is laid out.
    with workspace(args, write=True):
        try:
            summary = generate(target, people=args.people, interviews=args.interviews,
                               seed=args.seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    print(f"{summary.people} people, {summary.companies} companies and "
          f"{summary.interviews} interviews written to {target}")
    return 0
