"""``coffeechat demo``: a realistic sample campaign to explore the app with."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

from coffeechat.cli.common import CommandError, describe_os_error, workspace
from coffeechat.core.wording import plural
from coffeechat.storage.errors import StoreError
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
    top, before = _what_exists(target)
    try:
        # Holding the lock keeps a running app from writing while the demo is laid out.
        with workspace(args, write=True):
            try:
                summary = generate(target, people=args.people, interviews=args.interviews,
                                   seed=args.seed)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
    except (OSError, StoreError) as exc:
        # A full disk halfway: no empty folders, lock or index left to puzzle over.
        made, left = _remove_new(top, before)
        if not made:
            raise
        why = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        after = (f"nothing was left in {target}" if not left
                 else f"could not remove {', '.join(map(str, left))}")
        raise CommandError(f"the demo was not written ({why}); {after}") from None
    print(f"{plural(summary.people, 'person', 'people')}, "
          f"{plural(summary.companies, 'company', 'companies')} and "
          f"{plural(summary.interviews, 'interview')} written to {target}")
    # The folder given is the one to open; the default one opens by itself.
    where = "" if args.data_dir is None else f" --data-dir {shlex.quote(str(target))}"
    print(f"Open it with: coffeechat{where}")
    return 0


def _what_exists(target: Path) -> tuple[Path, set[str] | None]:
    """The highest folder the demo would create on the way to ``target`` (else
    ``target``), and the names already in it (None: nothing has that name yet)."""
    top = target
    while not os.path.lexists(top.parent) and top.parent != top:
        top = top.parent
    if not os.path.lexists(top):
        return top, None
    return top, set(_listing(top))


def _remove_new(top: Path, before: set[str] | None) -> tuple[list[Path], list[Path]]:
    """Remove what appeared under ``top`` since ``before`` (all of it, if it did
    not exist): the folders, lock and index this run made. Returns what was
    new, and what of it could not be removed."""
    if before is None:
        new = [top] if os.path.lexists(top) else []
    else:
        new = [top / name for name in sorted(set(_listing(top)) - before)]
    left: list[Path] = []
    for path in new:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            left.append(path)
    return new, left


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
