"""The ``coffeechat`` command: no arguments opens the app, subcommands script it."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence

from coffeechat import __version__
from coffeechat.cli import banks_cmd, demo_cmd, interop_cmd, interviews_cmd, people_cmd
from coffeechat.cli.common import CommandError, describe_os_error
from coffeechat.core.people import PersonLookupError
from coffeechat.storage.collection import StoreError

COMMAND_MODULES = (people_cmd, interviews_cmd, banks_cmd, interop_cmd, demo_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coffeechat",
        description="A terminal workspace for informational interviews. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"coffeechat {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data directory (default: $COFFEECHAT_HOME, else the platform's user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    # A file name that is not UTF-8 can reach the output; show its bytes escaped
    # rather than fail halfway through a listing.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        if handler is None:
            group = getattr(args, "group", None)
            if group is not None:
                # A command group without its verb ("coffeechat people").
                group.print_help(sys.stderr)
                return 2
            return _run_app(args)
        code = int(handler(args) or 0)
        sys.stdout.flush()  # a full disk behind a redirection is an error like any other
        return code
    except (CommandError, PersonLookupError, StoreError) as exc:
        print(f"coffeechat: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # "coffeechat people list | head": the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # A full disk, a read-only mount, an unwritable folder: one line, no traceback.
        print(f"coffeechat: error: {describe_os_error(exc)}", file=sys.stderr)
        return 1


def _run_app(args: argparse.Namespace) -> int:
    from coffeechat.app import CoffeeChatApp
    from coffeechat.storage.paths import data_dir

    app = CoffeeChatApp(data_dir=data_dir(args.data_dir))
    app.run()
    return int(app.return_code or 0)
