"""The question list of an interview, with what has been asked ticked off."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets.option_list import Option

from coffeechat.core.models.interview import InterviewQuestion
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

ASKED = "✓"
SKIPPED = "–"
OPEN = "·"


def question_prompt(number: int, question: InterviewQuestion) -> Text:
    """One row: a mark, the number and the text (dim once dealt with)."""
    mark = ASKED if question.asked else SKIPPED if question.skipped else OPEN
    style = "dim" if question.asked or question.skipped else ""
    text = Text(f"{mark} {number:>2}. ", style=style or "bold")
    text.append(question.text, style=style)
    return text


class QuestionList(WrappedOptions):
    """An OptionList that redraws from a list of questions, keeping its place."""

    def show(self, questions: Sequence[InterviewQuestion], current: int | None) -> None:
        self.set_options(
            Option(question_prompt(number, question))
            for number, question in enumerate(questions, start=1)
        )
        if questions:
            self.highlighted = min(max(current or 0, 0), len(questions) - 1)

    def update_row(self, index: int, question: InterviewQuestion) -> None:
        """Redraw one row without rebuilding the list."""
        self.replace_option_prompt_at_index(index, question_prompt(index + 1, question))
