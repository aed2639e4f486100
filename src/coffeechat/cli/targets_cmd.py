"""``coffeechat targets add/remove/list``: the employers you want, ranked."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from coffeechat.cli.common import (
    CommandError,
    command_group,
    print_json,
    print_table,
    report_unreadable,
    workspace,
)
from coffeechat.core import targets
from coffeechat.core.models import Company
from coffeechat.core.models.company import POSTINGS
from coffeechat.storage import Workspace


def register(commands: Any) -> None:
    verbs = command_group(commands, "targets",
                          "target employers, ranked by motivation, posting and who you know")

    add = verbs.add_parser("add", help="make a company a target (created if needed)")
    add.add_argument("company", help="the company's name or slug")
    add.add_argument("--motivation", metavar="N",
                     help="how much you want to work there, 0 to 3 (default 0)")
    add.add_argument("--posting", metavar="|".join(POSTINGS),
                     help="whether it advertises a role you would fit")
    add.add_argument("--note", help="a line on why it is a target")
    add.add_argument("--new", action="store_true",
                     help="create the company even though one has a similar name")
    add.set_defaults(handler=run_add)

    remove = verbs.add_parser("remove", help="no longer a target (its research stays)")
    remove.add_argument("company", help="the company's name or slug")
    remove.set_defaults(handler=run_remove)

    listing = verbs.add_parser("list", help="the targets, best first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=run_list)


def _find(ws: Workspace, reference: str) -> str:
    try:
        return targets.find_company(reference, ws.companies.items())
    except targets.NoSuchCompany as exc:
        raise CommandError(f"{exc}; use 'targets add' to create it") from None


def run_add(args: argparse.Namespace) -> int:
    with workspace(args, write=True) as ws:
        name = args.company.strip()
        if not name:
            raise CommandError("a target needs a company name")
        try:
            level = targets.motivation(args.motivation) if args.motivation is not None else None
            advertised = targets.posting(args.posting) if args.posting is not None else None
            slug = targets.find_company(name, ws.companies.items())
        except targets.NoSuchCompany:
            # Someone works there: the company is named as their records spell it,
            # read from their rows (compared with their files first), no person rebuilt.
            ws.refresh(kinds=("people",))
            people = ws.linked_people()
            spelled = targets.employer(name, people)
            hint = targets.nearest_employer(name, ws.companies.items(), people)
            if spelled is None and hint is not None and not args.new:
                raise CommandError(f"no company {name!r} (did you mean {hint!r}?); use that "
                                   f"name, or add --new to create {name!r}") from None
            slug = ws.companies.add(Company(name=spelled or name))
        except targets.TargetError as exc:
            raise CommandError(str(exc)) from None
        before = ws.companies.get(slug)
        if before is None:
            raise CommandError(f"companies/{slug}.yaml cannot be read; fix it first "
                               "(see 'coffeechat check')")
        changed = targets.make_target(before, level, advertised)
        if args.note is not None:
            changed.target_note = args.note
        ws.companies.save(slug, changed, base=before)
        ws.refresh()
        found = next(target for target in ws.targets() if target.slug == slug)
        print(f"{changed.name} is a target: motivation {found.motivation}, posting "
              f"{found.posting}; {targets.leads(found, _namer(ws, found))}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with workspace(args, write=True) as ws:
        slug = _find(ws, args.company)
        before = ws.companies.get(slug)
        if before is None:
            raise CommandError(f"companies/{slug}.yaml cannot be read; fix it first "
                               "(see 'coffeechat check')")
        if not before.target:
            raise CommandError(f"{before.name} is not a target")
        ws.companies.save(slug, targets.drop_target(before), base=before)
        print(f"{before.name} is no longer a target (its research stays)")
    return 0


def _namer(ws: Workspace, target: targets.Target) -> Callable[[str], str]:
    """Names for a target's people, two of one name told apart."""
    found = target.advocacy
    slugs = [*found.contacts, *(slug for path in found.warm_paths for slug in path),
             *found.names]
    return targets.namer_telling_apart(slugs, ws.person_namer(slugs))


def _json(rank: int, target: targets.Target, named: Callable[[str], str]) -> dict[str, Any]:
    found = target.advocacy
    return {
        "rank": rank,
        "company": target.company.name,
        "slug": target.slug,
        "motivation": target.motivation,
        "posting": target.posting,
        "note": target.company.target_note,
        "contacts": {"count": len(found.contacts), "people": list(found.contacts)},
        "warm_paths": {"count": len(found.warm_paths),
                       "paths": [list(path) for path in found.warm_paths]},
        "asked": {"count": len(found.asked), "interviews": list(found.asked)},
        "held": {"count": len(found.held), "interviews": list(found.held)},
        "names_gained": {"count": len(found.names), "people": list(found.names)},
        "leads": targets.leads(target, named),
    }


def run_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        ws.refresh()  # the ranking is a query of the rows: bring them up to date
        ranked = ws.targets()
        if args.json:
            print_json([_json(rank, target, _namer(ws, target))
                        for rank, target in enumerate(ranked, 1)])
        elif not ranked:
            print("No targets yet: add one with 'coffeechat targets add COMPANY'.")
        else:
            rows = []
            for rank, target in enumerate(ranked, 1):
                found = target.advocacy
                rows.append([str(rank), target.company.name, str(target.motivation),
                             target.posting, str(len(found.contacts)),
                             str(len(found.warm_paths)), str(len(found.asked)),
                             str(len(found.held)), str(len(found.names))])
            print_table(rows, ["#", "COMPANY", "MOTIVATION", "POSTING", "CONTACTS",
                               "WARM PATHS", "ASKED", "HELD", "NAMES"])
            for rank, target in enumerate(ranked, 1):
                print(f"{rank}. {target.company.name}: {targets.leads(target, _namer(ws, target))}")
        return report_unreadable(ws.collections)
