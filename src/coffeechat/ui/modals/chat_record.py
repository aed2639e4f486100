"""A chat's record: everything about one chat on one read-only page — what it
was for, when it was held and for how long, the notes (prep notes apart), the
answers, the debrief, the names gained, the promises and the follow-ups.

The page is a read-only text area: it scrolls at 80x24, text can be selected
and copied, and Search lands on it with the cursor on the words it found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from coffeechat.core.models import Interview
from coffeechat.core.models.goals import goal_title
from coffeechat.ui.widgets.text_match import select_match

_WHEN = "%a %d %b %Y %H:%M"


def _block(title: str, text: str) -> list[str]:
    body = text.rstrip("\n")
    return [title, *(f"  {line}" for line in body.splitlines()), ""] if body.strip() else []


def record_text(interview: Interview, name: Callable[[str], str]) -> str:
    """The record as plain text, in the order the chat happened."""
    who = name(interview.person) if interview.person else "someone"
    head = " · ".join(part for part in (who, interview.company, interview.status) if part)
    out = [head, ""]
    if interview.intent:
        out.append(f"Intent: {interview.intent}")
    if interview.goals:
        out.append("Goals: " + ", ".join(goal_title(goal) for goal in interview.goals))
    if interview.held is not None:
        length = f", {interview.held_minutes} min" if interview.held_minutes else ""
        out.append(f"Held: {interview.held:{_WHEN}}{length}")
    if interview.scheduled is not None:
        planned = f", {interview.duration} min" if interview.duration else ""
        out.append(f"Planned: {interview.scheduled:{_WHEN}}{planned}")
    elif interview.held is None:
        out.append("Planned: no date set")
    out.append("")
    out += _block("Prep notes (before the meeting)", interview.prep_notes)
    out += _block("Notes", interview.notes)
    answered = [question for question in interview.questions
                if question.asked or question.answer]
    if answered:
        out.append("Questions asked and answers")
        for question in answered:
            out.append(f"  {'✓' if question.asked else '·'} {question.text}")
            out += [f"      {line}" for line in question.answer.splitlines()]
        out.append("")
    debrief = interview.debrief
    for title, text in (("What I learned", debrief.learned),
                        ("What surprised me", debrief.surprises),
                        ("Next steps", debrief.next_steps)):
        out += _block(f"Debrief: {title}", text)
    if interview.referrals:
        out.append("Names gained")
        for referral in interview.referrals:
            mention = " (may say who suggested them)" if referral.may_mention else ""
            why = f": {referral.why}" if referral.why else ""
            out.append(f"  • {name(referral.person)}{mention}{why}")
        out.append("")
    if interview.promises:
        out.append("Promises")
        for promise in interview.promises:
            by = f"{name(promise.who)}: " if promise.who else ""
            day = f" ({promise.date.isoformat()})" if promise.date else ""
            out.append(f"  [{'x' if promise.done else ' '}] {by}{promise.what}{day}")
        out.append("")
    if interview.followups:
        out.append("Follow-ups")
        for followup in interview.followups:
            to = name(followup.to) if followup.to else who
            due = f", due {followup.due.isoformat()}" if followup.due else ""
            note = f" ({followup.note})" if followup.note else ""
            out.append(f"  [{'x' if followup.done else ' '}] {followup.kind} to {to}"
                       f"{due}{note}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


class ChatRecordModal(ModalScreen[None]):
    """One chat's record, read-only; Escape goes back to where it was opened."""

    CSS_PATH = "chat_record.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="record.close", tooltip="Back"),
    ]

    def __init__(self, title: str, text: str, words: Sequence[str] = ()) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._words = tuple(words)

    def compose(self) -> ComposeResult:
        with Vertical(id="record-box", classes="dialog"):
            yield Static(self._title, id="record-title", markup=False)
            yield TextArea(self._text, id="record-text", read_only=True, soft_wrap=True)
            yield Static("Read-only · ↑↓ PgUp PgDn to scroll · Esc to close",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one("#record-text", TextArea)
        area.focus()
        if not select_match(area, self._words):
            area.move_cursor((0, 0))

    def action_close(self) -> None:
        self.dismiss(None)
