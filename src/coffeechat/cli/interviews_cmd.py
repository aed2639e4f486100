"""``coffeechat interviews new/list/log``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from coffeechat.cli.common import (
    CommandError,
    command_group,
    print_json_lines,
    print_table,
    report_unreadable,
    workspace,
)
from coffeechat.core import clock
from coffeechat.core.lifecycle import LifecycleError, log_outreach, schedule
from coffeechat.core.models import Interview
from coffeechat.core.models.interview import CHANNELS, FORMATS, STATUSES
from coffeechat.core.models.problems import Severity
from coffeechat.core.nudges import Nudge, describe
from coffeechat.core.people import Unchecked, resolve_person
from coffeechat.core.questions import propose
from coffeechat.core.targets import rhythm_namer, rhythm_people
from coffeechat.core.text import nearest
from coffeechat.core.when import read_date, read_datetime, shown_time
from coffeechat.storage import Workspace
from coffeechat.storage.freshness import refresh
from coffeechat.storage.listing import Item, json_lines, listing
from coffeechat.storage.settings import SettingsFile

T = TypeVar("T")


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

    log = verbs.add_parser("log", help="record an ask you sent, or their reply")
    log.add_argument("interview", metavar="ID", help="the interview (see 'interviews list')")
    kind = log.add_mutually_exclusive_group(required=True)
    kind.add_argument("--ask", action="store_true", help="you asked for a chat")
    kind.add_argument("--reply", action="store_true", help="they answered")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: now)")
    log.add_argument("--channel", choices=CHANNELS, default="message")
    log.add_argument("text", nargs="?", default="", help="what was said, in a line")
    log.set_defaults(handler=run_log, trailing_text=True)

    listing = verbs.add_parser("list", help="list interviews")
    listing.add_argument("--status", choices=STATUSES, help="only this status")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)


def run_new(args: argparse.Namespace) -> int:
    with workspace(args, write=True) as ws:
        # Asked of the index's rows, brought up to date by a stat of each
        # file: only the person meant is read, not everyone.
        ws.people.refresh()
        broken = ws.people.unreadable_one(args.person.strip())
        if broken is not None:
            reason = next((problem.describe() for problem in broken.problems
                           if problem.severity is Severity.ERROR), "it cannot be read")
            raise CommandError(f"{broken.path.name} cannot be read ({reason}); fix it first "
                               "(see 'coffeechat check')")
        try:
            person_slug = resolve_person(args.person, ws.namesakes())
        except Unchecked as exc:
            raise CommandError(f"{exc}: who {args.person.strip()!r} is cannot be "
                               "checked") from None
        person = ws.people.lookup(person_slug)
        if person is None:  # gone since it was found
            raise CommandError(f"no person {person_slug!r}")
        known_goals = ws.banks.goals()
        for goal in args.goal:
            if goal not in known_goals:
                hint = nearest(goal, known_goals)
                suffix = (f" (did you mean {hint!r}?)" if hint
                          else f"; the goals are: {', '.join(known_goals)}")
                raise CommandError(f"no bank serves the goal {goal!r}{suffix}")
        scheduled = _typed(read_datetime, args.scheduled, "--scheduled") \
            if args.scheduled else None
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
        chats = refresh(ws.index, ws.interviews)
        if args.json:
            print_json_lines(json_lines(ws.index, chats, "id", by_name=False,
                                        status=args.status))
            return report_unreadable([chats])
        people = refresh(ws.index, ws.people)
        unnamed: set[str] = set()

        def name_of(item: Item[Interview]) -> str:
            """The person's name as far as their file can be read, else the slug."""
            slug = item.row.person
            if item.behind:
                return ws.person_name(slug)
            if people.listed and slug not in people.stale:
                return item.row.person_name or slug
            record = people.behind.get(slug)
            return record.name if record is not None else slug

        def rows() -> Iterator[list[str]]:
            for item in listing(ws.index, chats, by_name=False, status=args.status):
                chat = item.record()
                if chat is None:
                    continue
                name = name_of(item)
                if name and name == chat.person:
                    unnamed.add(name)
                yield [item.row.slug, name, chat.status, _when(chat)]

        # WHEN: when a done chat was held, else when it is planned. The cells
        # are kept (four short texts a chat) rather than every chat rebuilt
        # again for the second pass.
        print_table(list(rows()), ["ID", "PERSON", "STATUS", "WHEN"])
        # A person shown by slug: gone, or a file (or folder) that could not be read.
        for problem in people.unread(unnamed) if unnamed else ():
            print(f"coffeechat: could not read {problem.format(ws.data_dir)}", file=sys.stderr)
        return report_unreadable([chats])


def _when(interview: Interview) -> str:
    when = shown_time(interview)
    return when.isoformat(sep=" ", timespec="minutes") if when else ""


def run_log(args: argparse.Namespace) -> int:
    with workspace(args, write=True) as ws:
        slug = args.interview.strip()
        before = ws.interviews.get(slug)
        if before is None:
            if slug in ws.interviews:
                raise CommandError(f"interviews/{slug}.yaml cannot be read; fix it first "
                                   "(see 'coffeechat check')")
            hint = nearest(slug, ws.interviews.entries)
            suffix = f" (did you mean {hint!r}?)" if hint else ""
            raise CommandError(f"no interview {slug!r}{suffix}; see 'interviews list'")
        when = None
        if args.date:
            day = _typed(read_date, args.date, "--date")
            if day is not None:
                when = dt.datetime.combine(day, clock.now().time())
        try:
            changed = log_outreach(before, args.channel, args.text, when=when,
                                   kind="ask" if args.ask else "reply")
        except LifecycleError as exc:
            raise CommandError(str(exc)) from None
        ws.interviews.save(slug, changed, base=before)
        logged = changed.outreach[-1].date or clock.now()
        who = ws.person_name(changed.person)
        print(f"Logged {'an ask to' if args.ask else 'a reply from'} {who} "
              f"on {logged:%a %d %b %Y}.")
        if args.ask:
            _say_what_follows(ws, slug, changed, logged.date())
    return 0


def _say_what_follows(ws: Workspace, slug: str, interview: Interview, day: dt.date) -> None:
    """What the ask sets going: the rhythm at a target employer, else the nudge."""
    if not interview.company.strip():
        print("This chat names no employer ('company' in the interview): the 3-then-7 "
              "rhythm of a target needs one.")
    settings = SettingsFile(ws.data_dir, readonly=True).settings
    rhythm = ws.rhythm(settings.second_contact_days, settings.target_nudge_days)
    # Everything this chat will ask for, whatever the day, as Follow-ups lists
    # it: from the index's rows of the chats that have any (this one's was
    # written with the ask), no chat rebuilt whole.
    ahead: list[Nudge] = [
        nudge for nudge in ws.followups(settings.nudge_days, rhythm, today=dt.date.max)
        if nudge.interview == slug and nudge.source in ("ask", "next")]
    if day.weekday() >= 4 and any(nudge.source == "next" for nudge in ahead):
        print("Asked at the end of the week: the business days start counting on Monday.")
    name_of = rhythm_namer(rhythm, ws.person_namer(rhythm_people(rhythm)))
    for nudge in ahead:
        print(f"  from {nudge.due:%a %d %b}: {describe(nudge, name_of)}"
              if nudge.due else f"  {describe(nudge, name_of)}")


def _typed(read: Callable[[str, str], T], text: str, option: str) -> T:
    """``text`` given to ``option``, read by the core's rule; one line when it is wrong."""
    try:
        return read(text, option)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
