"""``coffeechat import linkedin/vcard`` and ``coffeechat export interview/calendar/archive``.

The import and archive machinery loads when a command uses it: every other
command (``people list`` among them) starts without it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coffeechat.cli.common import CommandError, command_group, people_sealed_ahead, workspace
from coffeechat.cli.status_line import StatusLine
from coffeechat.core.errors import PersonLookupError
from coffeechat.core.people import resolve_person
from coffeechat.core.text import nearest
from coffeechat.core.wording import plural
from coffeechat.interop import InteropError
from coffeechat.interop.gaps import describe_gaps, export_gaps
from coffeechat.interop.markdown import interview_markdown
from coffeechat.interop.source import check_output, write_output
from coffeechat.interop.spreadsheet import interviews_csv, people_csv
from coffeechat.storage import Workspace
from coffeechat.storage.paths import data_dir

if TYPE_CHECKING:
    from coffeechat.interop.merge import Action, Candidate, Skipped


def _vcard_items(args: argparse.Namespace) -> Iterator[Candidate | Skipped]:
    # The vCard library alone would cost every other command a good part of its start-up.
    from coffeechat.interop.vcard import vcard_items

    return vcard_items(args.files)


def _linkedin_items(args: argparse.Namespace) -> Iterator[Candidate | Skipped]:
    from coffeechat.interop.linkedin import connection_items

    return connection_items(args.file)


def _csv_items(args: argparse.Namespace) -> Iterator[Candidate | Skipped]:
    from coffeechat.interop.people_csv import csv_items

    return csv_items(args.file)


def register(commands: Any) -> None:
    sources = command_group(commands, "import", "bring contacts in (LinkedIn, vCard, CSV)",
                            dest="source", metavar="SOURCE")

    linkedin = sources.add_parser(
        "linkedin", help="people from LinkedIn's Connections.csv export")
    linkedin.add_argument("file", type=Path, help="the Connections.csv file")
    linkedin.set_defaults(handler=run_import, items=_linkedin_items)

    vcard = sources.add_parser("vcard", help="people from .vcf files (vCard 2.1, 3.0, 4.0)")
    vcard.add_argument("files", type=Path, nargs="+", metavar="FILE", help="one or more .vcf")
    vcard.set_defaults(handler=run_import, items=_vcard_items)
    table_in = sources.add_parser(
        "csv", help="people from coffeechat's own CSV export (export csv people)")
    table_in.add_argument("file", type=Path, help="the .csv file")
    table_in.set_defaults(handler=run_import, items=_csv_items)
    for parser in (linkedin, vcard, table_in):
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be created, updated and skipped; write nothing")
        parser.add_argument("--log", type=Path, metavar="FILE",
                            help="add each row's change to FILE (in a terminal, the screen "
                                 "shows a progress line instead)")
        parser.add_argument("--verbose", action="store_true",
                            help="print each row's change, even in a terminal")

    kinds = command_group(commands, "export", "take plans out (Markdown, .ics, archive, vCard)",
                          dest="kind", metavar="KIND")

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

    cards = kinds.add_parser(
        "vcard", help="people as a .vcf for an address book (vCard 4.0, or 3.0)")
    cards.add_argument("people", nargs="*", metavar="PERSON",
                       help="who to export (slug or exact name; default: everyone)")
    cards.add_argument("--v3", action="store_true",
                       help="write vCard 3.0, for older phones and address books")
    cards.set_defaults(handler=run_export_vcard)

    table = kinds.add_parser(
        "csv", help="people or interviews as CSV for a spreadsheet, one row each")
    table.add_argument("what", choices=("people", "interviews"))
    table.set_defaults(handler=run_export_csv)
    for parser, where in ((interview, "standard output"), (calendar, "standard output"),
                          (archive, "a timestamped file in the current folder"),
                          (table, "standard output"), (cards, "standard output")):
        parser.add_argument("--out", type=Path, metavar="FILE",
                            help=f"where to write (default: {where})")
        parser.add_argument("--force", action="store_true",
                            help="replace the --out file if it exists")
        parser.add_argument("--partial", action="store_true",
                            help="write what could be read even when some files or folders "
                                 "cannot be (each is named; without this, nothing is written "
                                 "and the exit status is 1)")


def _items(args: argparse.Namespace) -> Iterator[Candidate | Skipped]:
    """The entries of the files to import, read as a stream; a bad file is one line."""
    try:
        yield from args.items(args)
    except InteropError as exc:
        raise CommandError(str(exc)) from None


def run_import(args: argparse.Namespace) -> int:
    target = data_dir(args.data_dir)
    if args.dry_run:
        # Opening would create the folder; a dry run against nothing needs no folder.
        if not target.exists():
            return _dry_run(args, Workspace(target, readonly=True))
        with workspace(args) as ws:
            return _dry_run(args, ws)
    # In a terminal, a progress line on the error output replaces the row-by-row log.
    line = StatusLine() if sys.stderr.isatty() and not args.verbose else None
    # Read and check every file to the end before the workspace is even opened: a bad
    # file leaves the data directory exactly as it was. Counting the rows gives the
    # progress line its end.
    total = 0
    for _ in _items(args):
        total += 1
        if line is not None:
            line.show(f"reading: {plural(total, 'row')}")
    log = _open_log(args.log)
    try:
        with workspace(args, write=True) as ws:
            return _import(args, ws, _Report(args, total, line, log))
    finally:
        if line is not None:
            line.clear()
        if log is not None:
            log.close()


def _open_log(path: Path | None) -> TextIO | None:
    if path is None:
        return None
    try:
        return path.open("a", encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write the log {path}: {exc.strerror or exc}") from None


class _Report:
    """Where the lines of a writing import go: the screen (unless a progress line
    stands in for them), the ``--log`` file, and the progress line."""

    def __init__(self, args: argparse.Namespace, total: int, line: StatusLine | None,
                 log: TextIO | None) -> None:
        from coffeechat.interop.progress import ImportProgress

        self.progress = ImportProgress(total)
        self.line = line
        self.log = log
        self.rows_shown = args.verbose or line is None or not sys.stdout.isatty()

    def change(self, action: Action) -> None:
        from coffeechat.interop.merge import UNCHANGED

        self.progress.add(action)
        if action.kind != UNCHANGED:
            self.text(action.describe())
        if self.line is not None:
            self.line.show(self.progress.line())

    def text(self, text: str) -> None:
        # Handed to the system at once: the log of a killed import names every
        # file it made.
        if self.rows_shown:
            print(text, flush=True)
        if self.log is not None:
            self.log.write(text + "\n")
            self.log.flush()

    def end(self, text: str) -> None:
        """The last line: on the screen and in the log, with the progress line gone."""
        if self.line is not None:
            self.line.clear()
        print(text)
        if self.log is not None:
            self.log.write(text + "\n")


def _dry_run(args: argparse.Namespace, ws: Workspace) -> int:
    from coffeechat.interop.merge import Planner

    planner = Planner(ws, keep=False)
    for item in _items(args):
        action = planner.add(item)
        print(action.describe())
        planner.release(action)
    print(f"dry run, nothing written: {planner.plan.summary()}")
    return 0


def _import(args: argparse.Namespace, ws: Workspace, report: _Report) -> int:
    from coffeechat.interop.merge import Planner
    from coffeechat.interop.stream import StreamWriter

    planner = Planner(ws, keep=False)
    writer = StreamWriter(ws, planner, report=report.change)
    try:
        for item in _items(args):
            writer.add(planner.add(item))
        writer.flush()
        for name, slug, added in writer.link():
            report.text(f"link       {name} [{slug}]: {', '.join(added)}")
    except KeyboardInterrupt:
        report.end(f"interrupted, nothing more written: {writer.summary()}")
        return 130
    except OSError as exc:
        if report.line is not None:
            report.line.clear()
        print(f"coffeechat: error: cannot write in {ws.people.directory}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        report.end(f"stopped: {writer.summary()}")
        return 1
    if report.line is not None:
        report.line.clear()
    for action, reason in writer.failed:
        print(f"coffeechat: not written: {action.name} ({action.origin}): {reason}",
              file=sys.stderr)
    report.end(writer.summary())
    if not report.rows_shown and report.log is None:
        print("coffeechat: each row's change: --verbose, or --log FILE", file=sys.stderr)
    return 1 if writer.failed else 0


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


def _left_out(args: argparse.Namespace, lines: list[str]) -> None:
    """Name on stderr what the export could not read; unless ``--partial`` asks
    for what could be read, stop before anything is written."""
    for line in lines:
        print(f"coffeechat: could not read {line}", file=sys.stderr)
    if lines and not args.partial:
        raise CommandError(
            f"nothing written: {plural(len(lines), 'file or folder', 'files or folders')} "
            "could not be read (named above); fix that (see 'coffeechat check'), or add "
            "--partial to write the rest")


def run_export_interview(args: argparse.Namespace) -> int:
    _check_out(args)
    with people_sealed_ahead(args) as ahead, workspace(args, warn=False) as ws:
        interviews = ws.interviews
        # The chat alone, from its row or its file: the folder is read whole
        # only to say why there is no such chat.
        record = interviews.lookup(args.id)
        if record is None:
            entry = interviews.entries.get(args.id)
            if entry is None and interviews.folder_problems:
                raise CommandError(interviews.folder_problems[0].format())
            if entry is None:
                hint = nearest(args.id, list(interviews.entries))
                suffix = f" (did you mean {hint!r}?)" if hint else ""
                raise CommandError(f"no interview {args.id!r}{suffix}; see 'interviews list'")
            reason = entry.problems[0].message if entry.problems else "unreadable"
            raise CommandError(f"{entry.path.name} cannot be read: {reason}")
        # Whose names it shows could not be read, as their rows say once
        # compared with their files (a ``stat`` each, taken ahead).
        ws.people.refresh(ahead=ahead.seal(ws.people.directory))
        text = interview_markdown(ws, args.id, record)
        _left_out(args, describe_gaps(
            export_gaps(ws, "markdown", [(args.id, record)]), ws.data_dir))
    _emit(args, text.encode())
    return 0


def run_export_calendar(args: argparse.Namespace) -> int:
    # Imported when used, like the vCard library.
    from coffeechat.interop.calendar import build_calendar

    _check_out(args)
    with workspace(args, warn=False) as ws:
        interviews = list(ws.interviews.items())
        data, events, todos = build_calendar(ws, interviews)
        _left_out(args, describe_gaps(export_gaps(ws, "calendar", interviews), ws.data_dir))
    _emit(args, data)
    if args.out is not None:
        print(f"{events} events and {todos} to-dos", file=sys.stderr)
    return 0


def run_export_archive(args: argparse.Namespace) -> int:
    from coffeechat.interop.archive import archive_name, build_archive, is_archive_name

    source = data_dir(args.data_dir)
    if not source.is_dir():
        raise CommandError(f"there is no data directory at {source}")
    named: Path | None = None if args.out is None or args.out.is_dir() else args.out
    if named is not None:
        _check_out(args)
    folder = args.out or Path(".")
    # Two default-named archives within one second get -2, -3…; a name given is kept.
    name = None if named else archive_name(lambda name: (folder / name).exists())
    # Holding the workspace open (read-only) keeps the files still for a moment.
    with workspace(args):
        archive = build_archive(source, skip=named, name=name)
    # Named before anything is written: a backup short of files must not pass for one.
    _left_out(args, archive.unreadable)
    target = named or folder / archive.name
    try:
        write_output(target, archive.data, force=args.force, ours=is_archive_name)
    except InteropError as exc:
        raise CommandError(str(exc)) from None
    partial = f" (partial: {len(archive.unreadable)} left out)" if archive.unreadable else ""
    print(f"wrote {target}: {plural(archive.files, 'file')}, {len(archive.data):,} bytes{partial}")
    for link in archive.links:
        print(f"coffeechat: note: {link} is a link; the archive holds the link, not what it "
              "points to", file=sys.stderr)
    for earlier in archive.archives:
        print(f"coffeechat: note: {earlier} is an archive; left out", file=sys.stderr)
    return 0


def run_export_csv(args: argparse.Namespace) -> int:
    _check_out(args)
    with workspace(args, warn=False) as ws:
        interviews = list(ws.interviews.items())
        if args.what == "people":
            data, rows = people_csv(ws.people.items(), interviews, ws.person_name)
        else:
            data, rows = interviews_csv(interviews, ws.person_name)
        _left_out(args, describe_gaps(export_gaps(ws, f"{args.what}-csv", interviews),
                                      ws.data_dir))
    _emit(args, data)
    if args.out is not None:
        counted = plural(rows, "person", "people") if args.what == "people" \
            else plural(rows, "interview")
        print(counted, file=sys.stderr)
    return 0


def run_export_vcard(args: argparse.Namespace) -> int:
    from coffeechat.interop.vcard_writer import people_vcards

    _check_out(args)
    with workspace(args) as ws:
        if args.people:
            try:
                slugs = list(dict.fromkeys(resolve_person(ref, ws.people)
                                           for ref in args.people))
            except PersonLookupError as exc:
                raise CommandError(str(exc)) from None
            chosen = [(slug, ws.people.get(slug)) for slug in slugs]
            people = [(slug, person) for slug, person in chosen if person is not None]
            gaps = ws.people.unread(set(slugs))
        else:
            people = sorted(ws.people.items(), key=lambda item: item[0])
            gaps = ws.people.unread()
        _left_out(args, describe_gaps(gaps, ws.data_dir))
        data, count = people_vcards(people, "3.0" if args.v3 else "4.0")
    _emit(args, data)
    if args.out is not None:
        print(plural(count, "card"), file=sys.stderr)
    return 0
