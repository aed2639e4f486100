"""What is worth doing before a chat, ticked off from the records (pure, no I/O)."""

from __future__ import annotations

from typing import NamedTuple

from coffeechat.core.models.company import Company
from coffeechat.core.models.interview import Interview
from coffeechat.core.models.person import Person
from coffeechat.core.people import display_name


class Check(NamedTuple):
    """One item; ``notes_of`` says whose research notes would tick it, if anyone's."""

    done: bool
    label: str
    notes_of: str | None = None  # "company" or "person"


def research_checklist(
    interview: Interview, person: Person | None, company: Company | None,
    *, name: str | None = None,
) -> list[Check]:
    """The checklist for ``interview`` with the person and company it is about
    (None when there is no such file yet, or it cannot be read: ``name`` is then
    the person's name as far as it is known)."""
    name = display_name(person, name or interview.person)
    return [
        Check(bool(company and company.notes.strip()),
              f"Company researched: {interview.company or 'their company'}", "company"),
        Check(bool(person and person.notes.strip()), f"Person researched: {name}", "person"),
        Check(bool(interview.goals), "Goals chosen"),
        Check(bool(interview.intent.strip()), "Intent written"),
        Check(bool(interview.questions), f"Questions ready ({len(interview.questions)})"),
        Check(bool(interview.format and interview.scheduled), "Format and time set"),
    ]
