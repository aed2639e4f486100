"""``coffeechat people add/list``."""

from __future__ import annotations

import argparse
from typing import Any

from coffeechat.cli.common import (
    Again,
    CommandError,
    command_group,
    people_sealed_ahead,
    print_json_lines,
    print_table,
    report_unreadable,
    workspace,
)
from coffeechat.storage.seals_ahead import SealsAhead

# The store is imported by each verb (``list`` once the people's seal is on
# its way): parsing the command line loads none of it.


def register(commands: Any) -> None:
    verbs = command_group(commands, "people", "add and list contacts")

    add = verbs.add_parser("add", help="add a contact")
    add.add_argument("name", help="the person's name, exactly as it should appear")
    add.add_argument("--company", default="")
    add.add_argument("--title", default="")
    add.add_argument("--how-we-met", default="")
    add.add_argument("--introduced-by", default="", metavar="PERSON",
                     help="who introduced you (slug or exact name)")
    add.add_argument("--knows", action="append", default=[], metavar="PERSON",
                     help="someone this person could introduce you to (repeatable)")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--linkedin", default="")
    add.add_argument("--notes", default="", help="research notes (Markdown)")
    add.add_argument("--new", action="store_true",
                     help="add a second person even though someone has this name")
    add.set_defaults(handler=run_add)

    listing = verbs.add_parser("list", help="list contacts")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)


def run_add(args: argparse.Namespace) -> int:
    from coffeechat.core.models import Person
    from coffeechat.core.people import Unchecked, resolve_person, told_apart

    with workspace(args, write=True) as ws:
        if not args.name.strip():
            raise CommandError("a person needs a name")
        contact = {key: value for key, value in (
            ("email", args.email), ("phone", args.phone), ("linkedin", args.linkedin)
        ) if value}
        # Names and slugs are asked of the index's rows, brought up to date
        # by a stat of each file: nobody's file is read unless it changed.
        ws.people.refresh()
        known = ws.namesakes()
        try:
            person = Person(
                name=args.name,
                company=args.company,
                title=args.title,
                how_we_met=args.how_we_met,
                introduced_by=(resolve_person(args.introduced_by, known)
                               if args.introduced_by else ""),
                knows=[resolve_person(other, known) for other in args.knows],
                tags=list(args.tag),
                contact=contact,
                notes=args.notes,
            )
            same_name = known(person.name)
        except Unchecked as exc:
            if args.introduced_by or args.knows:
                raise CommandError(f"{exc}: who --introduced-by and --knows name cannot be "
                                   "checked") from None
            if not args.new:
                raise CommandError(
                    f"{exc}: whether {args.name.strip()!r} is already there cannot be "
                    "checked; add --new to add them anyway") from None
            same_name = []
        if same_name and not args.new:
            # A second person with the name would split the referral graph.
            raise CommandError(
                f"{args.name.strip()!r} is already in your network: "
                f"{told_apart(same_name, known.unreadable)}; "
                "use that slug, or add --new for a second person with this name")
        print(ws.add_person(person))
    return 0


def run_list(args: argparse.Namespace) -> int:
    with people_sealed_ahead(args) as ahead:
        return _listed(args, ahead)


def _listed(args: argparse.Namespace, ahead: SealsAhead) -> int:
    from coffeechat.storage.freshness import refresh
    from coffeechat.storage.listing import json_lines, listing

    with workspace(args, warn=False) as ws:
        people = refresh(ws.index, ws.people, ahead=ahead.seal(ws.people.directory))
        if args.json:
            print_json_lines(json_lines(ws.index, people, "slug", by_name=True))
        else:
            print_table(Again(lambda: (
                [item.row.slug, item.row.name, item.row.company, item.row.title]
                for item in listing(ws.index, people, by_name=True, data=False))),
                ["SLUG", "NAME", "COMPANY", "TITLE"])
        return report_unreadable([people])
