"""``coffeechat import linkedin/vcard`` and ``coffeechat export interview/calendar/archive``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coffeechat.cli.common import CommandError, report_unreadable, workspace
from coffeechat.core.models.problems import nearest
from coffeechat.interop import InteropError
from coffeechat.interop.archive import build_archive, is_archive_name
from coffeechat.interop.calendar import build_calendar
from coffeechat.interop.linkedin import read_connections
from coffeechat.interop.markdown import interview_markdown
from coffeechat.interop.merge import UNCHANGED, ParseResult, Plan, apply_plan, plan_import
from coffeechat.interop.source import check_output, write_output
from coffeechat.interop.vcard import read_vcards
from coffeechat.storage import Workspace
from coffeechat.storage.paths import data_dir


def register(commands: Any) -> None:
    importing = commands.add_parser("import", help="bring contacts in (LinkedIn, vCard)")
    sources = importing.add_subparsers(dest="source", metavar="SOURCE")
    importing.set_defaults(group=importing)

    linkedin = sources.add_parser(
        "linkedin", help="people from LinkedIn's Connections.csv export")
    linkedin.add_argument("file", type=Path, help="the Connections.csv file")
    linkedin.set_defaults(handler=run_import, reader=lambda args: read_connections(args.file))

    vcard = sources.add_parser("vcard", help="people from .vcf files (vCard 2.1, 3.0, 4.0)")
    vcard.add_argument("files", type=Path, nargs="+", metavar="FILE", help="one or more .vcf")
    vcard.set_defaults(handler=run_import, reader=lambda args: read_vcards(args.files))
    for parser in (linkedin, vcard):
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be created, updated and skipped; write nothing")

    exporting = commands.add_parser("export", help="take plans out (Markdown, .ics, archive)")
    kinds = exporting.add_subparsers(dest="kind", metavar="KIND")
    exporting.set_defaults(group=exporting)

    interview = kinds.add_parser("interview", help="one interview as a document")
    interview.add_argument("id", help="the interview id (its file name without .yaml)")
    interview.add_argument("--format", choices=("markdown",), default="markdown")
    interview.set_defaults(handler=run_export_interview)

    calendar = kinds.add_parser(
        "calendar", help="an .ics of scheduled interviews (events) and follow-ups (to-dos)")
    calendar.set_defaults(handler=run_export_calendar)

    archive = kinds.add_parser(
        "archive", help="a timestamped .tar.gz of the whole data directory")
    archive.set_defaults(handler=run_export_archive)
    for parser, where in ((interview, "standard output"), (calendar, "standard output"),
                          (archive, "a timestamped file in the current folder")):
        parser.add_argument("--out", type=Path, metavar="FILE",
                            help=f"where to write (default: {where})")
        parser.add_argument("--force", action="store_true",
                            help="replace the --out file if it exists")


def _parse(args: argparse.Namespace) -> ParseResult:
    reader: Callable[[argparse.Namespace], ParseResult] = args.reader
    try:
        return reader(args)
    except InteropError as exc:
        raise CommandError(str(exc)) from None


def _print_dry_run(plan: Plan) -> None:
    for action in plan.actions:
        print(action.describe())
    print(f"dry run, nothing written: {plan.summary()}")


def run_import(args: argparse.Namespace) -> int:
    # Read and parse everything before the workspace is even opened: a bad file
    # leaves the data directory exactly as it was.
    parsed = _parse(args)
    target = data_dir(args.data_dir)
    if args.dry_run and not target.exists():
        # Opening would create the folder; a dry run against nothing needs no folder.
        plan = plan_import(parsed, Workspace(target, readonly=True))
        _print_dry_run(plan)
        return 0
    with workspace(args, write=not args.dry_run) as ws:
        plan = plan_import(parsed, ws)
        if args.dry_run:
            _print_dry_run(plan)
            return 0
        for action in plan.actions:
            if action.kind != UNCHANGED:
                print(action.describe())
        outcome = apply_plan(plan, ws)
    for action, reason in outcome.failed:
        print(f"coffeechat: not written: {action.name} ({action.origin}): {reason}",
              file=sys.stderr)
    print(outcome.summary())
    return 1 if outcome.failed else 0


def _emit(args: argparse.Namespace, data: bytes) -> None:
    if args.out is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        write_output(args.out, data, force=args.force)
    except InteropError as exc:
        raise CommandError(str(exc)) from None
    print(f"wrote {args.out}", file=sys.stderr)


def _check_out(args: argparse.Namespace) -> None:
    if args.out is not None:
        try:
            check_output(args.out, force=args.force)
        except InteropError as exc:
            raise CommandError(str(exc)) from None


def run_export_interview(args: argparse.Namespace) -> int:
    _check_out(args)
    with workspace(args) as ws:
        entry = ws.interviews.entries.get(args.id)
        if entry is None and ws.interviews.folder_problems:
            raise CommandError(ws.interviews.folder_problems[0].format())
        if entry is None:
            hint = nearest(args.id, list(ws.interviews.entries))
            suffix = f" (did you mean {hint!r}?)" if hint else ""
            raise CommandError(f"no interview {args.id!r}{suffix}; see 'interviews list'")
        if entry.record is None:
            reason = entry.problems[0].message if entry.problems else "unreadable"
            raise CommandError(f"{entry.path.name} cannot be read: {reason}")
        text = interview_markdown(ws, args.id, entry.record)
    _emit(args, text.encode())
    return 0


def run_export_calendar(args: argparse.Namespace) -> int:
    _check_out(args)
    with workspace(args) as ws:
        data, events, todos = build_calendar(ws)
        unreadable = report_unreadable([ws.interviews])
    _emit(args, data)
    if args.out is not None:
        print(f"{events} events and {todos} to-dos", file=sys.stderr)
    return unreadable


def run_export_archive(args: argparse.Namespace) -> int:
    source = data_dir(args.data_dir)
    if not source.is_dir():
        raise CommandError(f"there is no data directory at {source}")
    named: Path | None = None if args.out is None or args.out.is_dir() else args.out
    if named is not None:
        _check_out(args)
    # Holding the workspace open (read-only) keeps the files still for a moment.
    with workspace(args):
        archive = build_archive(source, skip=named)
    target = named or (args.out or Path(".")) / archive.name
    try:
        write_output(target, archive.data, force=args.force, ours=is_archive_name)
    except InteropError as exc:
        raise CommandError(str(exc)) from None
    print(f"wrote {target}: {archive.files} files, {len(archive.data):,} bytes")
    for name in archive.unreadable:
        print(f"coffeechat: could not read {name}; it is not in the archive", file=sys.stderr)
    return 1 if archive.unreadable else 0
