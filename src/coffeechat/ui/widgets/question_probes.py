"""The follow-up probes of the question under the cursor (Plan and Live)."""

from __future__ import annotations

from textual.widgets import Static

from coffeechat.core.banks import BankLibrary
from coffeechat.core.models.interview import InterviewQuestion
from coffeechat.core.questions import follow_ups_for


class QuestionProbes(Static):
    """A heading and one bullet per probe; empty for a question without any."""

    def __init__(self, heading: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._heading = heading

    def show(self, question: InterviewQuestion | None, library: BankLibrary) -> None:
        probes = follow_ups_for(question, library) if question is not None else []
        self.update(f"{self._heading}\n" + "\n".join(f"• {probe}" for probe in probes)
                    if probes else "")
