"""What full-text search reads of each record, and how a typed query is understood.

Pure: the index (``coffeechat.storage.index``) stores these texts in an FTS5
table and runs the query built here. Every record kind fills the same columns,
each with a meaning of its own per kind, so one ranked query covers everything
and a hit can say where it matched ("debrief", "how we met"…).

Query syntax, as typed: every word must appear, as the start of a word (``own``
finds "ownership"; a single letter only as a whole word); ``"quoted words"``
must appear together, exactly; ``OR``
between two words accepts either; ``-word`` leaves out what contains it. Case
and accents never matter, nor letters that fold (``sorensen`` finds "Sørensen").
Anything else is just text to look for, so a typed query can never be an FTS5
syntax error. A query is bounded (``MAX_QUERY_CHARS``, ``MAX_QUERY_WORDS``): its
cost grows with every word, and a pasted page would run for many seconds.

``text_match`` answers the same query over a record's texts in Python, the
way the index would: for the few records whose rows the index could not take
yet (another program writing it, a full disk), so that they are still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from coffeechat.core.models.goals import goal_title
from coffeechat.core.text import fold, fold_letters

if TYPE_CHECKING:
    from coffeechat.core.models import Company, Interview, Person, QuestionBank

KINDS = ("people", "companies", "interviews", "banks")
COLUMNS = ("title", "about", "context", "notes", "debrief", "answers", "referrals")
# bm25 weights, column by column: a hit in a name counts most.
WEIGHTS = (6.0, 3.0, 1.5, 1.0, 1.0, 1.0, 1.0)
# How many words a snippet shows.
SNIPPET_WORDS = 14

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

# Long enough for any question a person types; a query of this size runs in
# about a second at 10,000 records, one ten times as long took 13 s.
MAX_QUERY_CHARS = 256
MAX_QUERY_WORDS = 16
# Markers around matched words in the index's snippets: private-use characters,
# which typed text does not contain.
MARK_START = "\ue000"
MARK_END = "\ue001"

# Double quotes start and end a phrase; a word is anything between spaces.
_TOKENS = re.compile(r'"([^"]*)"?|(\S+)')
# Control characters (a NUL pasted in) are nothing to look for: spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What the index's tokenizer (unicode61) takes for a word: letters and digits.
_WORD = re.compile(r"[^\W_]+")


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
            interview.intent, _lines(interview.prep_notes, interview.notes),
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
    for match in _TOKENS.finditer(_CONTROL.sub(" ", text)):
        quoted, word = match.groups()
        if quoted is not None:
            yield quoted, True
        else:
            yield word, False


class Term(NamedTuple):
    """One word or phrase to look for, as typed, and whether its last word may
    be the start of a longer one."""

    text: str
    prefix: bool


class Query(NamedTuple):
    """A typed query understood: every group must match (a group is an OR of
    terms), no excluded term may."""

    groups: list[list[Term]]
    excluded: list[Term]


def parse_query(text: str) -> Query | None:
    """What a person typed, or None when there is nothing to look for. Raises
    ``QueryError`` for a query that only excludes or is too long to run."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the search is {len(text):,} characters long; the limit is "
                         f"{MAX_QUERY_CHARS}: search for a few of its words")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    words = 0
    for term, quoted in _terms(text):
        if not quoted and term == "OR":
            join_next = bool(groups)
            continue
        negative = not quoted and term.startswith("-") and len(term) > 1
        body = term[1:] if negative else term
        if not _has_word(body):
            continue
        words += len(_WORD.findall(body))
        # A single letter is a whole word: as a prefix it would match nearly
        # every record (slowly) and mean nothing.
        found = Term(body, not quoted and sum(char.isalnum() for char in body) > 1)
        if negative:
            excluded.append(found)
        elif join_next:
            groups[-1].append(found)
        else:
            groups.append([found])
        join_next = False
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"the search has {words} words; the limit is {MAX_QUERY_WORDS}: "
                         "leave out the ones that say least")
    if not groups:
        if excluded:
            raise QueryError("say what to look for: a search of only -excluded words "
                             "has nothing to start from")
        return None
    return Query(groups, excluded)


def _expression(term: Term) -> str:
    # The index holds texts with ``fold_letters`` applied; its tokenizer does the rest.
    return _phrase(fold_letters(term.text)) + ("*" if term.prefix else "")


def fts_query(text: str) -> str | None:
    """The FTS5 expression for what a person typed, or None when there is
    nothing to look for. Raises ``QueryError`` as ``parse_query`` does."""
    parsed = parse_query(text)
    if parsed is None:
        return None
    query = " AND ".join(
        _expression(group[0]) if len(group) == 1
        else "(" + " OR ".join(map(_expression, group)) + ")" for group in parsed.groups
    )
    if parsed.excluded:
        query = f"({query}) NOT ({' OR '.join(map(_expression, parsed.excluded))})"
    return query


class _Words(NamedTuple):
    """A text's words, folded, with where each is in the text."""

    folded: list[str]
    spans: list[tuple[int, int]]


def _words(text: str) -> _Words:
    matches = list(_WORD.finditer(text))
    return _Words([fold(match.group()) for match in matches],
                  [match.span() for match in matches])


def _found(term: Term, words: list[str]) -> set[tuple[int, int]]:
    """Every place ``term`` appears in ``words``: its first and last word."""
    wanted = [fold(word) for word in _WORD.findall(term.text)]
    last = len(wanted) - 1
    found: set[tuple[int, int]] = set()
    if not wanted:
        return found
    for start in range(len(words) - last):
        if all(words[start + i] == wanted[i] for i in range(last)) and (
                words[start + last].startswith(wanted[last]) if term.prefix
                else words[start + last] == wanted[last]):
            found.add((start, start + last))
    return found


def _snippet(text: str, words: _Words, marked: set[tuple[int, int]], start: str,
             end: str) -> str:
    """About ``SNIPPET_WORDS`` words of ``text`` from a little before its first
    match, each place a term matched between ``start`` and ``end`` (places that
    overlap as one)."""
    spans: list[list[int]] = []
    for first_word, last_word in sorted(marked):
        if spans and first_word <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], last_word)
        else:
            spans.append([first_word, last_word])
    opening = {span[0] for span in spans}
    closing = {span[1] for span in spans}
    first = max(0, spans[0][0] - 2)
    last = min(len(words.spans), first + SNIPPET_WORDS) - 1
    out = ["…" if first else ""]
    position = words.spans[first][0]
    inside = False
    for index in range(first, last + 1):
        left, right = words.spans[index]
        out.append(text[position:left])
        if index in opening:
            out.append(start)
            inside = True
        out.append(text[left:right])
        if index in closing or (inside and index == last):
            out.append(end)
            inside = False
        position = right
    out.append("…" if last < len(words.spans) - 1 else text[position:])
    return "".join(out)


def text_match(query: Query, texts: Sequence[str], start: str,
               end: str) -> tuple[int, str] | None:
    """Whether a record with these texts (one per column) matches ``query``, as
    the index would decide: the column the most matched words are in, and a
    snippet of it with those words between ``start`` and ``end``."""
    columns = [_words(text) for text in texts]
    marked: list[set[tuple[int, int]]] = [set() for _ in columns]

    def look(term: Term) -> bool:
        hit = False
        for column, words in enumerate(columns):
            found = _found(term, words.folded)
            marked[column].update(found)
            hit = hit or bool(found)
        return hit

    if any(look(term) for term in query.excluded):
        return None
    # Every term is looked for (no short cut), so every matched word is marked.
    if not all([any([look(term) for term in group]) for group in query.groups]):
        return None
    column = max(range(len(columns)), key=lambda i: (len(marked[i]), -i))
    return column, _snippet(texts[column], columns[column], marked[column], start, end)


def matched_words(snippet: str, start: str, end: str) -> list[str]:
    """The highlighted words of a snippet marked with ``start``/``end``."""
    return re.findall(re.escape(start) + "(.*?)" + re.escape(end), snippet)
