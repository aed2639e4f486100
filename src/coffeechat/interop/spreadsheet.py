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
                  "how_we_met", "introduced_by", "knows", "learn", "links", "locality",
                  "region", "country", "connected_on", "chats", "notes")
# The contact keys with a column of their own; every other key a person has gets a
# ``contact.KEY`` column after ``linkedin``, so no value is left out.
CONTACT_COLUMNS = ("email", "phone", "linkedin")
# Tags, names and links in one cell: ``import csv`` splits them here again.
LIST_SEPARATOR = "; "
LINK_SEPARATOR = "\n"
INTERVIEW_COLUMNS = ("id", "person", "person_slug", "company", "status", "scheduled",
                     "duration", "held", "held_minutes", "format", "goals", "intent",
                     "created", "asks", "questions_asked", "referrals", "open_followups",
                     "learned", "surprises", "next_steps")
_FORMULA_STARTS = ("=", "+", "-", "@")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # A leading ' of the text itself is doubled, so reading the file back can always
    # take one away.
    return "'" + text if text.startswith((*_FORMULA_STARTS, "'")) else text


def uncell(text: str) -> str:
    """A cell's text as it was before ``_cell`` protected it."""
    return text[1:] if text.startswith("'") else text


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
    """Every person, by name, with every contact value; returns the bytes and the
    number of rows."""
    chats: dict[str, int] = {}
    for _, interview in interviews:
        chats[interview.person] = chats.get(interview.person, 0) + 1
    everyone = sorted(people, key=lambda item: (sort_key(item[1].name), item[0]))
    extra = list(dict.fromkeys(key for _, person in everyone for key in person.contact
                               if key not in CONTACT_COLUMNS))
    at = PEOPLE_COLUMNS.index("linkedin") + 1
    columns = (*PEOPLE_COLUMNS[:at], *(f"contact.{key}" for key in extra), *PEOPLE_COLUMNS[at:])
    rows = (
        [slug, person.name, person.company, person.title,
         *(person.contact.get(key) for key in (*CONTACT_COLUMNS, *extra)),
         LIST_SEPARATOR.join(person.tags),
         person.how_we_met, name_of(person.introduced_by) if person.introduced_by else "",
         LIST_SEPARATOR.join(name_of(other) for other in person.knows), person.learn,
         LINK_SEPARATOR.join(person.links), person.location.locality,
         person.location.region, person.location.country,
         person.connected_on, chats.get(slug, 0), person.notes]
        for slug, person in everyone
    )
    return _csv(columns, rows)


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
