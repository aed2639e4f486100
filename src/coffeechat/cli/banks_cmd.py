"""``coffeechat banks list/check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coffeechat.cli.common import command_group, print_json, print_table
from coffeechat.core.models.problems import Severity
from coffeechat.storage.banks import check_paths, load_library
from coffeechat.storage.paths import data_dir, shipped_banks_dir


def register(commands: Any) -> None:
    verbs = command_group(commands, "banks", "list and check question banks")

    listing = verbs.add_parser("list", help="list the banks in use")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)

    check = verbs.add_parser(
        "check",
        help="lint bank files: exit 0 when clean, else 'file:line:col: message' lines",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="bank files or folders (default: your banks and the shipped ones)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(handler=run_check)


def run_list(args: argparse.Namespace) -> int:
    library = load_library(shipped_banks_dir(), data_dir(args.data_dir) / "question_banks")
    banks = sorted(library.banks.values(), key=lambda bank: bank.id)
    if args.json:
        print_json([
            {**bank.as_json(), "source": "shipped" if bank.shipped else "own",
             "overrides_shipped": bank.id in library.overridden, "path": str(bank.path)}
            for bank in banks
        ])
    else:
        print_table(
            [[bank.id, "shipped" if bank.shipped else
              ("own, replaces shipped" if bank.id in library.overridden else "own"),
              str(len(bank.questions)), ", ".join(bank.goals)] for bank in banks],
            ["ID", "SOURCE", "QUESTIONS", "GOALS"],
        )
    for problem in library.problems:
        print(problem.format(), file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    if args.paths:
        problems = check_paths(args.paths)
    else:
        # The banks in use, as the app and ``coffeechat check`` read them: an empty
        # own folder and an own copy of a shipped bank are fine.
        problems = load_library(shipped_banks_dir(),
                                data_dir(args.data_dir) / "question_banks").problems
    failing = [p for p in problems if args.strict or p.severity is Severity.ERROR]
    for problem in problems:
        print(problem.format(), file=sys.stdout)
    return 1 if failing else 0
