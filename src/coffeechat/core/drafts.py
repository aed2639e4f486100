"""Message drafts (outreach, nudges, thank-yous) from editable templates (pure).

Templates ship with the app, one YAML file each; a file in the data
directory's ``message_templates/`` with the same ``id`` replaces the shipped
one, as banks do. A template's ``text`` holds ``{placeholders}``; a line whose
every placeholder is empty is left out, so one template serves a chat with a
takeaway and one without. The rules (``check_template``) keep drafts short
and never asking for a job: informational interviews are for learning.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core.models import fields
from coffeechat.core.models.decoder import Decoder
from coffeechat.core.models.interview import Interview
from coffeechat.core.models.problems import Severity
from coffeechat.core.models.schema import Record
from coffeechat.core.nudges import Nudge
from coffeechat.core.text import nearest

MAX_WORDS = 100
# What each template is for: the drafts are made from these ids.
PURPOSES = {
    "thank-you": "thanks the person you met",
    "thank-introducer": "thanks whoever introduced you",
    "update": "tells an introducer how the chat went",
    "reach-out": "a first note to a name you were given, without naming who gave it",
    "reach-out-named": "a first note to a name you were given, saying who suggested it "
                       "(only when they said you may)",
    "next-contact": "a first note to the next contact at a target employer",
    "chase-ask": "a nudge about an ask with no answer",
    "chase-promise": "a reminder of something offered, quoting it",
    "other": "any other follow-up",
}
PLACEHOLDERS = {
    "first_name": "their first name (\"there\" when unknown)",
    "name": "their full name",
    "met": "the person you met in the chat",
    "company": "the employer (the chat's, or the target's)",
    "introducer": "who suggested you get in touch, when you may say so",
    "takeaway": "the first line of what you learned",
    "referrals": "the names you were given",
    "promise": "what was promised, as written",
    "sender": "your name",
}
# Words that ask for a job, which an informational interview never does.
JOB_ASKS = re.compile(r"\b(jobs?|positions?|openings?|vacanc(?:y|ies)|hiring|hire me|"
                      r"resumes?|résumés?|cv|refer me|referral for)\b", re.IGNORECASE)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class MessageTemplate(Record):
    """One file in ``message_templates/``; ``path`` and ``shipped`` are not stored."""

    id: str = fields.text(required=True)
    description: str = fields.text()
    text: str = fields.text(required=True, long=True)
    path: Path | None = field(default=None, compare=False)
    shipped: bool = field(default=False, compare=False)


def placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text``; ValueError for a brace that opens nothing."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def words(text: str) -> int:
    """How many words ``text`` holds, a placeholder counting as one."""
    return len(re.sub(r"\{[^}]*\}", "x", text).split())


def check_template(template: MessageTemplate, file_stem: str, decoder: Decoder) -> None:
    """Rules beyond field types: a known id, known placeholders, short, no job ask."""
    if template.id and not _ID.match(template.id):
        decoder.report(("id",), f"{template.id!r} should be lower-case letters, digits and "
                       "dashes")
    elif template.id and template.id not in PURPOSES:
        decoder.report(("id",), f"no draft uses the id {template.id!r}; one of: "
                       f"{', '.join(PURPOSES)}", suggestion=nearest(template.id, PURPOSES),
                       severity=Severity.WARNING)
    if template.id and template.id != file_stem:
        decoder.report(("id",), f"the id {template.id!r} differs from the file name "
                       f"{file_stem!r}", severity=Severity.WARNING)
    try:
        names = placeholders(template.text)
    except ValueError as exc:
        decoder.report(("text",), f"{exc}; write a brace as {{{{ or }}}}")
        return
    for name in names:
        if name not in PLACEHOLDERS:
            decoder.report(("text",), f"unknown placeholder {{{name}}}; known: "
                           f"{', '.join(PLACEHOLDERS)}", suggestion=nearest(name, PLACEHOLDERS))
    if words(template.text) >= MAX_WORDS:
        decoder.report(("text",), f"{words(template.text)} words: a draft stays under "
                       f"{MAX_WORDS}, short enough to be read on a phone",
                       severity=Severity.WARNING)
    asked = JOB_ASKS.search(template.text)
    if asked:
        decoder.report(("text",), f"{asked.group(0)!r}: a draft never asks for a job; it asks "
                       "to learn", severity=Severity.WARNING)


def render(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its placeholders filled in; a line whose every placeholder
    is empty is left out, and the spacing is tidied."""
    kept = []
    for line in text.splitlines():
        names = placeholders(line)
        if names and not any(values.get(name, "").strip() for name in names):
            continue
        kept.append(line.format_map({name: values.get(name, "") for name in names}).rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return body + "\n"


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _takeaway(interview: Interview) -> str:
    """The first line of what was learned, as typed."""
    for line in interview.debrief.learned.splitlines():
        if line.strip():
            return line.strip().lstrip("-* ").strip()
    return ""


def template_for(nudge: Nudge, interview: Interview) -> str:
    """Which template drafts the message for ``nudge``."""
    if nudge.source == "promise":
        return "chase-promise"
    if nudge.source == "ask":
        return "chase-ask"
    if nudge.source == "next":
        return "next-contact"
    if nudge.kind == "thank-you":
        return "thank-you" if nudge.to == interview.person else "thank-introducer"
    if nudge.kind == "update":
        return "update"
    if nudge.kind == "reach-out":
        named = any(referral.person == nudge.to and referral.may_mention
                    for referral in interview.referrals)
        return "reach-out-named" if named else "reach-out"
    if nudge.kind == "introduce":
        return "chase-promise"
    return "other"


def draft(nudge: Nudge, interview: Interview, name_of: Callable[[str], str],
          templates: Mapping[str, str], sender: str = "") -> str:
    """A short, editable message for the follow-up ``nudge`` stands for, from
    ``templates`` (id to text), signed with ``sender`` when known."""
    to = name_of(nudge.to) if nudge.to else ""
    chosen = template_for(nudge, interview)
    met = name_of(interview.person)
    promised = ""
    if nudge.source == "promise" or nudge.kind == "introduce":
        promised = nudge.note
    elif chosen == "thank-you":
        promised = next((promise.what for promise in interview.promises
                         if not promise.done and promise.who in ("", interview.person)), "")
    values = {
        "first_name": _first_name(to) if to else "there",
        "name": to,
        "met": met,
        "company": nudge.note if nudge.source == "next" else interview.company,
        "introducer": met if chosen == "reach-out-named" else "",
        "takeaway": _takeaway(interview),
        "referrals": ", ".join(name_of(referral.person) for referral in interview.referrals),
        "promise": promised,
        "sender": sender.strip(),
    }
    text = templates.get(chosen) or templates.get("other") or "Hi {first_name},\n"
    try:
        return render(text, values)
    except (ValueError, KeyError, AttributeError, IndexError):
        # A template the lint rejects (a brace left open, {name.attr}): as written.
        return text
