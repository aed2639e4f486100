"""The campaign as CSV for spreadsheets: one row per person, one row per interview.

UTF-8 with a byte-order mark, so spreadsheet programs read names in any script
correctly. A cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-`` or ``@``) gets a leading ``'``, which spreadsheets hide and
which keeps a hostile name from running anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from coffeechat.core.models import Interview, Person
from coffeechat.core.text import sort_key

PEOPLE_COLUMNS = ("slug", "name", "company", "title", "email", "phone", "linkedin", "tags",
                  "how_we_met", "introduced_by", "knows", "learn", "connected_on", "chats",
                  "notes")
INTERVIEW_COLUMNS = ("id", "person", "person_slug", "company", "status", "scheduled",
                     "duration", "held", "held_minutes", "format", "goals", "intent",
                     "created", "asks", "questions_asked", "referrals", "open_followups",
                     "learned", "surprises", "next_steps")
_FORMULA_STARTS = ("=", "+", "-", "@")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(columns: tuple[str, ...], rows: Iterable[Sequence[object]]) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return out.getvalue().encode("utf-8-sig"), count


def _when(value: object) -> str:
    return "" if value is None else str(value)[:16]


def people_csv(
    people: Iterable[tuple[str, Person]], interviews: Iterable[tuple[str, Interview]],
    name_of: Callable[[str], str],
) -> tuple[bytes, int]:
    """Every person, by name; returns the bytes and the number of rows."""
    chats: dict[str, int] = {}
    for _, interview in interviews:
        chats[interview.person] = chats.get(interview.person, 0) + 1
    rows = (
        [slug, person.name, person.company, person.title, person.contact.get("email"),
         person.contact.get("phone"), person.contact.get("linkedin"), "; ".join(person.tags),
         person.how_we_met, name_of(person.introduced_by) if person.introduced_by else "",
         "; ".join(name_of(other) for other in person.knows), person.learn,
         person.connected_on, chats.get(slug, 0), person.notes]
        for slug, person in sorted(people, key=lambda item: (sort_key(item[1].name), item[0]))
    )
    return _csv(PEOPLE_COLUMNS, rows)


def interviews_csv(
    interviews: Iterable[tuple[str, Interview]], name_of: Callable[[str], str],
) -> tuple[bytes, int]:
    """Every interview, oldest first; returns the bytes and the number of rows."""
    rows = (
        [slug, name_of(interview.person), interview.person, interview.company,
         interview.status, _when(interview.scheduled), interview.duration,
         _when(interview.held), interview.held_minutes, interview.format,
         "; ".join(interview.goals), interview.intent, interview.created,
         len(interview.outreach),
         f"{sum(question.asked for question in interview.questions)}"
         f"/{len(interview.questions)}",
         "; ".join(name_of(referral.person) for referral in interview.referrals),
         sum(not followup.done for followup in interview.followups),
         interview.debrief.learned, interview.debrief.surprises, interview.debrief.next_steps]
        for slug, interview in sorted(interviews)
    )
    return _csv(INTERVIEW_COLUMNS, rows)
