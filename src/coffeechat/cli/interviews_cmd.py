"""``coffeechat interviews new/list``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coffeechat.cli.common import (
    CommandError,
    command_group,
    print_json_lines,
    print_table,
    report_unreadable,
    workspace,
)
from coffeechat.core.lifecycle import schedule
from coffeechat.core.models import Interview
from coffeechat.core.models.codecs import parse_datetime
from coffeechat.core.models.interview import FORMATS, STATUSES
from coffeechat.core.models.problems import Severity, nearest
from coffeechat.core.people import resolve_person
from coffeechat.core.questions import propose


def register(commands: Any) -> None:
    verbs = command_group(commands, "interviews", "create and list interviews")

    new = verbs.add_parser("new", help="start an interview with someone")
    new.add_argument("person", help="who you want to talk to (slug or exact name)")
    new.add_argument("--goal", action="append", default=[],
                     help="a goal id from the banks (repeatable; see 'banks list')")
    new.add_argument("--intent", default="", help="one sentence: what you want to learn")
    new.add_argument("--format", choices=FORMATS)
    new.add_argument("--scheduled", metavar="'YYYY-MM-DD HH:MM'",
                     help="when you meet (the status then becomes scheduled)")
    new.add_argument("--status", choices=STATUSES,
                     help="default: scheduled with a date, else idea")
    new.set_defaults(handler=run_new)

    listing = verbs.add_parser("list", help="list interviews")
    listing.add_argument("--status", choices=STATUSES, help="only this status")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)


def run_new(args: argparse.Namespace) -> int:
    with workspace(args, write=True) as ws:
        person_slug = resolve_person(args.person, ws.people)
        entry = ws.people.entries[person_slug]
        person = entry.record
        if person is None or entry.broken:
            reason = next((problem.describe() for problem in entry.problems
                           if problem.severity is Severity.ERROR), "it cannot be read")
            raise CommandError(f"{entry.path.name} cannot be read ({reason}); fix it first "
                               "(see 'coffeechat check')")
        known_goals = ws.banks.goals()
        for goal in args.goal:
            if goal not in known_goals:
                hint = nearest(goal, known_goals)
                suffix = f" (did you mean {hint!r}?)" if hint else ""
                raise CommandError(f"no bank serves the goal {goal!r}{suffix}")
        scheduled = None
        if args.scheduled:
            try:
                scheduled = parse_datetime(args.scheduled)
            except ValueError:
                raise CommandError(
                    f"{args.scheduled!r} is not a date and time like 2026-12-03 10:00"
                ) from None
        interview = schedule(Interview(
            person=person_slug,
            company=person.company,
            goals=list(args.goal),
            intent=args.intent,
            format=args.format or "",
            questions=propose(args.goal, ws.banks),
        ), scheduled)
        if args.status:
            interview.status = args.status
        print(ws.new_interview(interview))
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args, warn=False) as ws:
        if args.json:
            listed = sorted(ws.interviews.json_lines("id"), key=lambda item: item.slug)
            print_json_lines([item.line for item in listed
                              if not args.status or item.status == args.status])
        else:
            items = sorted(ws.interviews.items(), key=lambda item: item[0])
            if args.status:
                items = [(slug, i) for slug, i in items if i.status == args.status]
            names = {i.person: ws.person_name(i.person) for _, i in items}
            print_table(
                [[slug, names[i.person], i.status,
                  i.scheduled.isoformat(sep=" ", timespec="minutes") if i.scheduled else ""]
                 for slug, i in items],
                ["ID", "PERSON", "STATUS", "SCHEDULED"],
            )
            # A person shown by slug: gone, or a file (or folder) that could not be read.
            unnamed = {slug for slug, name in names.items() if slug and name == slug}
            if unnamed:
                for problem in ws.people.unread(unnamed):
                    print(f"coffeechat: could not read {problem.format(ws.data_dir)}",
                          file=sys.stderr)
        return report_unreadable([ws.interviews])
