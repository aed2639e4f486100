"""The ``coffeechat`` command: no arguments opens the app, subcommands script it.

Every mistake — an unknown option, a missing argument, a bad value — is one line
on stderr with a hint, and exit status 1; ``--help`` shows the full usage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from coffeechat import __version__
from coffeechat.cli.common import CommandError, describe_os_error
from coffeechat.core.errors import PersonLookupError
from coffeechat.core.text import nearest
from coffeechat.storage.errors import StoreError

DATA_DIR_HELP = ("data directory (default: $COFFEECHAT_HOME, else the platform's user data "
                 "folder); also accepted after the command")


class UsageError(Exception):
    """A command line argparse could not make sense of, in one line."""


class Parser(argparse.ArgumentParser):
    """Reports a usage mistake as one line with a hint instead of the usage text."""

    # Set on a command whose arguments are words that may start with "-"
    # (``coffeechat search -product``): one that is not an option of the
    # command is taken as a word, not refused as an unknown option.
    dash_words = False

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}; try '{self.prog} --help'")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # A mistyped command, verb or choice: the closest valid one, else them all.
        choices = action.choices
        if choices is not None and value not in choices:
            hint = nearest(str(value), map(str, choices))
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r} (did you mean {hint!r}?)" if hint else
                f"invalid choice: {value!r} (choose from {', '.join(map(str, choices))})")

    def _parse_optional(self, arg_string: str) -> Any:
        found = super()._parse_optional(arg_string)
        if self.dash_words and found is not None and found[0] is None \
                and not arg_string.startswith("--"):
            return None
        return found


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += [child, *_subparsers(child)]
    return found


# Each command, and the module that registers it (in the order ``--help`` lists them).
COMMANDS = {
    "people": "people_cmd", "interviews": "interviews_cmd", "targets": "targets_cmd",
    "followups": "followups_cmd", "search": "search_cmd", "banks": "banks_cmd",
    "check": "check_cmd", "import": "interop_cmd", "export": "interop_cmd",
    "sync": "sync_cmd", "merge-file": "sync_cmd", "demo": "demo_cmd",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: of every command, or of the one module that
    registers ``command`` (a line naming it parses the same with either, and
    builds and imports one command's parsers rather than thirty)."""
    parser = Parser(
        prog="coffeechat",
        description="A terminal workspace for informational interviews. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"coffeechat {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Imported here: a line that only opens the app needs no command.
    names = dict.fromkeys(COMMANDS.values()) if command is None else [COMMANDS[command]]
    for name in names:
        importlib.import_module(f"coffeechat.cli.{name}").register(commands)
    # "coffeechat demo --data-dir X" is how people type it: every command takes
    # the option too, without overriding one given before the command.
    for child in _subparsers(parser):
        child.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                           help=DATA_DIR_HELP)
    return parser


def command_of(line: Sequence[str]) -> str | None:
    """The command a line names (``coffeechat --data-dir D people list``: people),
    None when it names none that is known or has another option before it."""
    words = iter(line)
    for word in words:
        if word == "--data-dir":
            next(words, None)
        elif not word.startswith("--data-dir="):
            return word if word in COMMANDS else None
    return None


def opening_app(line: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a command line that only opens the app (nothing, or
    ``--data-dir DIR``), or None. Such a line needs no parser, whose building
    imports every command: opening the app is the start-up people wait for."""
    match list(line):
        case []:
            return argparse.Namespace(data_dir=None)
        case ["--data-dir", folder] if not folder.startswith("-"):
            return argparse.Namespace(data_dir=folder)
        case [option] if option.startswith("--data-dir="):
            return argparse.Namespace(data_dir=option.removeprefix("--data-dir="))
    return None


def main(argv: Sequence[str] | None = None) -> int:
    line = sys.argv[1:] if argv is None else argv
    if (args := opening_app(line)) is None:
        try:
            args = _parse(build_parser(command_of(line)), line)
        except UsageError as exc:
            print(f"coffeechat: error: {exc}", file=sys.stderr)
            return 1
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
                verbs = ", ".join(_verbs(group))
                raise CommandError(f"'{group.prog}' needs one of: {verbs}; "
                                   f"try '{group.prog} --help'")
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


def _parse(parser: argparse.ArgumentParser, line: Sequence[str]) -> argparse.Namespace:
    """``parse_args``, except that a command's closing free text (``interviews
    log ID --ask TEXT``) may come after its options: argparse gives the text
    up once an option separates it from the positional before it."""
    args, extra = parser.parse_known_args(line)
    if extra:
        if getattr(args, "trailing_text", False) and not args.text and not any(
                word.startswith("-") for word in extra):
            args.text = " ".join(extra)
        else:
            # Said by the command the words were given to, so that its help is named.
            chosen = _chosen(parser, line)
            options = [word.split("=")[0] for word in extra if word.startswith("-")]
            hint = nearest(options[0], chosen._option_string_actions) if options else None
            chosen.error(f"unrecognized arguments: {' '.join(extra)}"
                         + (f" (did you mean {hint!r}?)" if hint else ""))
    return args


def _chosen(parser: argparse.ArgumentParser, line: Sequence[str]) -> argparse.ArgumentParser:
    """The innermost command of ``line`` (``coffeechat people list``)."""
    for word in line:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction) and word in action.choices:
                parser = action.choices[word]
                break
    return parser


def _verbs(group: argparse.ArgumentParser) -> list[str]:
    return [name for action in group._actions
            if isinstance(action, argparse._SubParsersAction) for name in action.choices]


def _run_app(args: argparse.Namespace) -> int:
    from coffeechat.storage.paths import data_dir
    from coffeechat.storage.start_ahead import StartAhead

    folder = data_dir(args.data_dir)
    # The folders' seals (and on a first start, a reading helper) made ready on
    # the other core while Textual loads, for the app's first compare.
    with StartAhead(folder) as ahead:
        from coffeechat.app import CoffeeChatApp

        app = CoffeeChatApp(data_dir=folder, ahead=ahead)
        # Everything alive now (modules, the workspace) lives as long as the app:
        # leaving it out of full collections spares a pause of about 20 ms right
        # before the first frame, and later ones while typing.
        gc.freeze()
        app.run()
    return int(app.return_code or 0)
