"""What goes with the question under the cursor (Plan and Live): the answer
noted for it, if any, and its follow-up probes."""

from __future__ import annotations

from textual.widgets import Static

from coffeechat.core.banks import BankLibrary
from coffeechat.core.models.interview import InterviewQuestion
from coffeechat.core.questions import follow_ups_for

# The panel is a few lines high: a long answer must leave room for the probes
# (the whole answer is in the file, and Search shows the words it matched).
ANSWER_CHARS = 160


def _shortened(answer: str) -> str:
    """The answer as one paragraph, cut with "…" past ``ANSWER_CHARS``."""
    text = " ".join(answer.split())
    return text if len(text) <= ANSWER_CHARS else text[:ANSWER_CHARS - 1].rstrip() + "…"


class QuestionProbes(Static):
    """The answer noted, then a heading and one bullet per probe; empty for a
    question with neither."""

    def __init__(self, heading: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._heading = heading

    def show(self, question: InterviewQuestion | None, library: BankLibrary) -> None:
        if question is None:
            self.update("")
            return
        parts = []
        if answer := question.answer.strip():
            parts.append(f"Answer noted:\n{_shortened(answer)}")
        if probes := follow_ups_for(question, library):
            parts.append(f"{self._heading}\n" + "\n".join(f"• {probe}" for probe in probes))
        self.update("\n\n".join(parts))
