"""The plan's question list, with keys to reorder, drop and add questions."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from coffeechat.ui.widgets.live_questions import QuestionList


class PlanQuestionList(QuestionList):
    """Keys here act on the highlighted question; the screen does the work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up", "screen.move_question(-1)", "Move up", id="plan.move_up",
                tooltip="Move the highlighted question up"),
        Binding("shift+down", "screen.move_question(1)", "Move down", id="plan.move_down",
                tooltip="Move the highlighted question down"),
        Binding("delete,x", "screen.drop_question", "Drop", id="plan.drop",
                tooltip="Remove the highlighted question from this plan"),
        Binding("a", "screen.add_question", "Add own", id="plan.add",
                tooltip="Add a question of your own below the highlighted one"),
        Binding("b", "screen.browse_banks", "From bank", id="plan.browse",
                tooltip="Pick a question from any bank"),
    ]
