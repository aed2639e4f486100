"""``coffeechat sync``, ``coffeechat sync init`` and ``coffeechat merge-file``
(the merge driver git runs for every record file)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from coffeechat.cli.common import CommandError
from coffeechat.storage.paths import data_dir


def register(commands: Any) -> None:
    sync = commands.add_parser(
        "sync", help="commit your changes, fetch, merge and push (exit 1 on conflicts); "
                     "'sync init' sets it up")
    sync.set_defaults(handler=run_sync)
    verbs = sync.add_subparsers(dest="verb", metavar="init")
    init = verbs.add_parser(
        "init", help="make the data directory a git repository with the record merge "
                     "driver (run it once on each machine)")
    init.add_argument("--remote", metavar="URL",
                      help="the shared repository; with an empty data directory, joins it")
    init.add_argument("--yes", action="store_true",
                      help="set up a repository coffeechat did not make")
    init.set_defaults(handler=run_init)

    merge = commands.add_parser(
        "merge-file", help="git's merge driver for records: merge BASE, OURS and THEIRS "
                           "field by field into OURS (exit 1 on a conflict)")
    merge.add_argument("base", type=Path, metavar="BASE")
    merge.add_argument("ours", type=Path, metavar="OURS")
    merge.add_argument("theirs", type=Path, metavar="THEIRS")
    merge.add_argument("path", nargs="?", metavar="PATH",
                       help="the file's path in the repository (git's %%P)")
    merge.add_argument("--report", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    merge.set_defaults(handler=run_merge_file)


def run_init(args: argparse.Namespace) -> int:
    from coffeechat.storage.git_sync import SyncError, set_up

    try:
        print(set_up(data_dir(args.data_dir), args.remote, yes=args.yes))
    except SyncError as exc:
        raise CommandError(str(exc)) from None
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from coffeechat.storage.git_sync import SyncError, sync

    try:
        result = sync(data_dir(args.data_dir))
    except SyncError as exc:
        raise CommandError(str(exc)) from None
    print(result.line)
    return 1 if result.conflicts else 0


def run_merge_file(args: argparse.Namespace) -> int:
    """git's contract: the result in OURS, exit 0 when clean, 1 on a conflict.
    The other version of a conflict goes to ``conflicts/`` of the repository
    (git runs drivers at its top), so nothing is lost and no marker is written."""
    from coffeechat.storage.atomic import write_atomic
    from coffeechat.storage.conflicts import FileMerge, keep_aside, kind_of, merge_versions

    try:
        base, ours, theirs = (path.read_bytes() for path in (args.base, args.ours, args.theirs))
    except OSError as exc:
        raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from None
    name = args.path or args.ours.name
    try:
        outcome = merge_versions(base, ours, theirs, kind_of(name))
    except Exception:  # whatever went wrong, theirs must not be lost
        outcome = FileMerge(ours, ("the whole file",), theirs)
    write_atomic(args.ours, outcome.merged, mode=args.ours.stat().st_mode & 0o777)
    kept = None
    # Under a sync, a record added on both sides is kept whole under a second
    # slug by the sync itself.
    if outcome.aside is not None and not (outcome.both_added and args.report):
        kept = keep_aside(Path.cwd(), name, outcome.aside).relative_to(Path.cwd())
        print(f"coffeechat: {name}: both sides changed {', '.join(outcome.clashes)}; "
              f"ours kept, theirs in {kept}", file=sys.stderr)
    if args.report is not None and not outcome.clean:
        entry = {"path": name, "clashes": list(outcome.clashes),
                 "kept": str(kept) if kept else None, "both_added": outcome.both_added}
        with args.report.open("a", encoding="utf-8") as report:
            report.write(json.dumps(entry) + "\n")
    return 0 if outcome.clean else 1
