"""``coffeechat check``: every problem in the data directory, as a linter would say it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coffeechat.cli.common import people_sealed_ahead, workspace
from coffeechat.core.models.problems import Severity
from coffeechat.core.wording import plural
from coffeechat.storage.settings import SettingsFile


def register(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="list every problem in your files as 'file:line:col: message' "
             "(exit 1 when there are any)",
    )
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    with people_sealed_ahead(args) as ahead, workspace(args, warn=False) as ws:
        # Every file compared with its row (a ``stat`` each, the people's
        # taken ahead; only what changed is read), then the problems are the
        # rows': as F8 lists them, with no folder read whole.
        for folder in ws.collections:
            folder.refresh(ahead=ahead.seal(folder.directory))
        problems = [*ws.problems(), *SettingsFile(ws.data_dir, readonly=True).problems]
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0,
                                       problem.column or 0))
    for problem in problems:
        print(problem.format())
    if problems:
        errors = sum(problem.severity is Severity.ERROR for problem in problems)
        files = len({problem.path for problem in problems})
        print(f"{plural(errors, 'error')} and {plural(len(problems) - errors, 'warning')} "
              f"in {plural(files, 'file')}", file=sys.stderr)
    return 1 if problems else 0
