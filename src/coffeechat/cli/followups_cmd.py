"""``coffeechat followups list``: what is due, as the Follow-ups screen lists it,
for reminders wired to cron, a desktop notifier or e-mail."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from coffeechat.cli.common import (
    command_group,
    people_sealed_ahead,
    print_json_lines,
    report_unreadable,
    warn_broken,
    workspace,
)
from coffeechat.storage.seals_ahead import SealsAhead

# The store is imported once the people's seal is on its way (see ``run_list``).
if TYPE_CHECKING:
    from coffeechat.storage import Collection
    from coffeechat.storage.freshness import Fresh


def register(commands: Any) -> None:
    verbs = command_group(commands, "followups", "what to follow up on, as on Follow-ups (F6)")
    listing = verbs.add_parser("list", help="what is due today or overdue")
    listing.add_argument("--all", action="store_true",
                         help="also what is due later or has no date (all of F6)")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    with people_sealed_ahead(args) as ahead:
        return _listed(args, ahead)


def _listed(args: argparse.Namespace, ahead: SealsAhead) -> int:
    from coffeechat.core import clock, nudges
    from coffeechat.core.models.schema import encode_json
    from coffeechat.core.targets import rhythm_namer, rhythm_people
    from coffeechat.storage.freshness import refresh
    from coffeechat.storage.settings import SettingsFile

    with workspace(args, warn=False) as ws:
        settings = SettingsFile(ws.data_dir, readonly=True).settings
        today = clock.today()
        # A query of the rows, as on Follow-ups: brought up to date first (a
        # ``stat`` per file, only what changed read), saying what was not read.
        refreshed: dict[str, Fresh[Any]] = {}
        collections: tuple[Collection[Any], ...] = ws.collections
        # The people last: the others are compared while their seal is taken.
        for collection in sorted(collections, key=lambda found: found is ws.people):
            refreshed[collection.folder] = read = refresh(
                ws.index, collection, ahead=ahead.seal(collection.directory))
            if read.refused or read.stale:
                collection.load()  # rows the index lacks: their files answer instead
        fresh = [refreshed[collection.folder] for collection in collections]
        rhythm = ws.target_rhythm(settings.second_contact_days, settings.target_nudge_days)
        found = ws.followups(settings.nudge_days, rhythm, today=today)
        if not args.all:
            found = [nudge for nudge in found if nudge.due is not None and nudge.due <= today]
        name_of = rhythm_namer(rhythm, ws.person_namer(rhythm_people(rhythm)))
        if args.json:
            print_json_lines(encode_json({
                "kind": nudge.kind,
                "to": nudge.to,
                "to_name": ws.person_name(nudge.to) if nudge.to else "",
                "due": nudge.due.isoformat() if nudge.due else None,
                "overdue": nudge.overdue(today),
                "why": nudges.describe(nudge, name_of),
                "interview": nudge.interview,
                "key": nudge.key,
            }) for nudge in found)
        elif not found:
            print("Nothing to follow up today." if not args.all else "Nothing to follow up.")
        else:
            # One line each, not a table: what to do is the point, and a table
            # column would cut it short.
            for nudge in found:
                when = f"{nudge.due:%Y-%m-%d}" if nudge.due else "no date   "
                print(f"{when}  {nudges.describe(nudge, name_of)}  · {nudge.interview}")
        status = report_unreadable(fresh)
        warn_broken(sum(len(read.broken) for read in fresh))
        return status
