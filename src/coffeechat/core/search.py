"""What full-text search reads of each record, and how a typed query is understood.

Pure: the index (``coffeechat.storage.index``) stores these texts in an FTS5
table and runs the query built here. Every record kind fills the same columns,
each with a meaning of its own per kind, so one ranked query covers everything
and a hit can say where it matched ("debrief", "how we met"…).

Query syntax, as typed: every word must appear, as the start of a word (``own``
finds "ownership"; a single letter only as a whole word); ``"quoted words"``
must appear together, exactly; ``OR``
between two words accepts either; ``-word`` leaves out what contains it. Case
and accents never matter. Anything else is just text to look for, so a typed
query can never be an FTS5 syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from coffeechat.core.models import Company, Interview, Person, QuestionBank, goal_title

KINDS = ("people", "companies", "interviews", "banks")
COLUMNS = ("title", "about", "context", "notes", "debrief", "answers", "referrals")
# bm25 weights, column by column: a hit in a name counts most.
WEIGHTS = (6.0, 3.0, 1.5, 1.0, 1.0, 1.0, 1.0)

# Where a hit is, per kind and column, in the words the screens use.
WHERE: dict[str, tuple[str, ...]] = {
    "people": ("name", "company, title, tags and location", "how we met", "notes", "", "", ""),
    "companies": ("name", "industry, tags and website", "what I want to learn", "notes",
                  "", "", ""),
    "interviews": ("", "company and goals", "intent", "notes", "debrief", "answers",
                   "referrals"),
    "banks": ("title", "goals and description", "", "questions", "", "", ""),
}

Texts = tuple[str, str, str, str, str, str, str]

# Double quotes start and end a phrase; a word is anything between spaces.
_TOKENS = re.compile(r'"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A query that cannot mean anything, with a message for the user."""


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def person_texts(person: Person) -> Texts:
    return (person.name, _lines(person.company, person.title, ", ".join(person.tags),
                                person.location.line()),
            person.how_we_met, _lines(person.learn, person.notes), "", "", "")


def company_texts(company: Company) -> Texts:
    return (company.name,
            _lines(company.industry, ", ".join(company.tags), company.website),
            company.learn, company.notes, "", "", "")


def interview_texts(interview: Interview) -> Texts:
    debrief = interview.debrief
    return ("", _lines(interview.company, ", ".join(goal_title(g) for g in interview.goals)),
            interview.intent, interview.notes,
            _lines(debrief.learned, debrief.surprises, debrief.next_steps),
            _lines(*(question.answer for question in interview.questions)),
            _lines(*(referral.why for referral in interview.referrals)))


def bank_texts(bank: QuestionBank) -> Texts:
    questions = [_lines(question.text, *question.follow_ups) for question in bank.questions]
    return (bank.display_title,
            _lines(", ".join(goal_title(g) for g in bank.goals), bank.description),
            "", _lines(*questions), "", "", "")


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _terms(text: str) -> Iterator[tuple[str, bool]]:
    """``(text, quoted)`` for every phrase or word typed."""
    for match in _TOKENS.finditer(text):
        quoted, word = match.groups()
        if quoted is not None:
            yield quoted, True
        else:
            yield word, False


def fts_query(text: str) -> str | None:
    """The FTS5 expression for what a person typed, or None when there is
    nothing to look for. Raises ``QueryError`` for a query that only excludes."""
    groups: list[list[str]] = []  # AND of groups; each group is an OR of terms
    excluded: list[str] = []
    join_next = False
    for term, quoted in _terms(text):
        if not quoted and term == "OR":
            join_next = bool(groups)
            continue
        negative = not quoted and term.startswith("-") and len(term) > 1
        body = term[1:] if negative else term
        if not _has_word(body):
            continue
        # A single letter is a whole word: as a prefix it would match nearly
        # every record (slowly) and mean nothing.
        prefix = not quoted and sum(char.isalnum() for char in body) > 1
        expression = _phrase(body) + ("*" if prefix else "")
        if negative:
            excluded.append(expression)
        elif join_next:
            groups[-1].append(expression)
        else:
            groups.append([expression])
        join_next = False
    if not groups:
        if excluded:
            raise QueryError("say what to look for: a search of only -excluded words "
                             "has nothing to start from")
        return None
    query = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    if excluded:
        query = f"({query}) NOT ({' OR '.join(excluded)})"
    return query


def matched_words(snippet: str, start: str, end: str) -> list[str]:
    """The highlighted words of a snippet marked with ``start``/``end``."""
    return re.findall(re.escape(start) + "(.*?)" + re.escape(end), snippet)
