"""One interview as a Markdown document: to share, print, or keep beside the YAML.

What was typed into a field is shown as typed: its Markdown and HTML characters are
escaped (``*markdown*`` stays stars, ``<b>`` stays text). The live notes and the
debrief are the user's own Markdown and are written as they are.
"""

from __future__ import annotations

import datetime as dt
import re

from coffeechat.core.models import Interview
from coffeechat.core.models.goals import goal_title
from coffeechat.storage import Workspace

_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# What starts a heading, a list, a quote or a rule at the start of a line.
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Typed text as Markdown that shows exactly that text."""
    return "\n".join(_LINE_START.sub(_escape_start, _INLINE.sub(r"\\\1", line))
                     for line in text.split("\n"))


def _escape_start(match: re.Match[str]) -> str:
    indent, mark = match.groups()
    if mark[0].isdigit():
        return f"{indent}{mark}\\"  # the dot or parenthesis after the number
    return f"{indent}\\{mark}"


def _indent(text: str, prefix: str = "  ") -> str:
    """Continuation lines of a list item, so multi-line text stays inside the item."""
    return "\n".join(prefix + line if line else "" for line in text.splitlines())


def _at(when: dt.datetime | None, minutes: int | None) -> str:
    """``2026-12-03 10:00 (45 min)``: a time planned or held, and its length."""
    if when is None:
        return ""
    text = when.strftime("%Y-%m-%d %H:%M")
    return f"{text} ({minutes} min)" if minutes else text


def interview_markdown(workspace: Workspace, slug: str, interview: Interview) -> str:
    """Every part of the interview, in the order it happened."""
    def name(slug: str) -> str:
        return escape(workspace.person_name(slug))

    who = name(interview.person) if interview.person else "someone"
    out: list[str] = [f"# Coffee chat with {who}", ""]
    facts = (
        ("Person", f"{who} ({interview.person})" if interview.person else ""),
        ("Company", escape(interview.company)),
        ("Status", interview.status),
        ("Goals", escape(", ".join(goal_title(goal) for goal in interview.goals))),
        ("Intent", escape(interview.intent)),
        ("Format", interview.format),
        ("Scheduled", _at(interview.scheduled, interview.duration)),
        ("Held", _at(interview.held, interview.held_minutes)),
        ("Interview id", slug),
    )
    out += [f"- **{label}:** {value}" for label, value in facts if value]
    out.append("")
    if interview.outreach:
        out += ["## Outreach", ""]
        for item in interview.outreach:
            when = item.date.strftime("%Y-%m-%d %H:%M") if item.date else "undated"
            out.append(f"- {when}, {item.channel}:")
            out.append(_indent(escape(item.text)) if item.text else "")
        out.append("")
    if interview.questions:
        out += ["## Questions", ""]
        for question in interview.questions:
            mark = "x" if question.asked else " "
            suffix = " *(skipped)*" if question.skipped else ""
            lines = escape(question.text).splitlines() or [""]
            out.append(f"- [{mark}] {lines[0]}{suffix}")
            if len(lines) > 1:
                out.append(_indent("\n".join(lines[1:]), "      "))
            if question.answer:
                out.append(_indent(escape(question.answer), "  > "))
        out.append("")
    if interview.prep_notes:
        out += ["## Prep notes", "", interview.prep_notes.rstrip("\n"), ""]
    if interview.notes:
        out += ["## Notes", "", interview.notes.rstrip("\n"), ""]
    if interview.promises:
        out += ["## Promises", ""]
        for promise in interview.promises:
            mark = "x" if promise.done else " "
            by = f"{name(promise.who)}: " if promise.who else ""
            when = f" ({promise.date.isoformat()})" if promise.date else ""
            out.append(f"- [{mark}] {by}{escape(promise.what)}{when}")
        out.append("")
    if interview.referrals:
        out += ["## Referrals", ""]
        for referral in interview.referrals:
            line = f"- **{name(referral.person)}** ({referral.person})"
            out.append(f"{line}: {escape(referral.why)}" if referral.why else line)
        out.append("")
    if interview.followups:
        out += ["## Follow-ups", ""]
        for followup in interview.followups:
            mark = "x" if followup.done else " "
            target = name(followup.to) if followup.to else who
            parts = [f"- [{mark}] {followup.kind} to {target}"]
            if followup.due:
                parts.append(f", due {followup.due.isoformat()}")
            if followup.snoozed_until:
                parts.append(f", snoozed until {followup.snoozed_until.isoformat()}")
            out.append("".join(parts))
            if followup.note:
                out.append(_indent(escape(followup.note)))
        out.append("")
    debrief = interview.debrief
    sections = (("What I learned", debrief.learned), ("Surprises", debrief.surprises),
                ("Next steps", debrief.next_steps))
    if any(text for _, text in sections):
        out += ["## Debrief", ""]
        for title, text in sections:
            if text:
                out += [f"### {title}", "", text.rstrip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"
