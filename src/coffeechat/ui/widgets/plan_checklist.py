"""The research checklist shown beside a plan."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coffeechat.core.models.interview import Interview
from coffeechat.storage import Workspace


def checklist(workspace: Workspace, interview: Interview) -> list[tuple[bool, str]]:
    """``(done, label)`` for each thing worth doing before the chat."""
    person = workspace.people.get(interview.person)
    company_slug = workspace.company_slug_for(interview.company)
    company = workspace.companies.get(company_slug) if company_slug else None
    name = workspace.person_name(interview.person)
    company_label = interview.company or "their company"
    return [
        (bool(company and company.notes.strip()),
         f"Company researched: {company_label} (F10 notes)"),
        (bool(person and person.notes.strip()), f"Person researched: {name} (F9 notes)"),
        (bool(interview.goals), "Goals chosen"),
        (bool(interview.intent.strip()), "Intent written"),
        (bool(interview.questions), f"Questions ready ({len(interview.questions)})"),
        (bool(interview.format and interview.scheduled), "Format and time set"),
    ]


class Checklist(Static):
    """Ticks and crosses, redrawn after every change to the plan."""

    def show(self, workspace: Workspace, interview: Interview) -> None:
        text = Text("Before the chat\n", style="bold")
        for done, label in checklist(workspace, interview):
            text.append("  ✓ " if done else "  ✗ ", style="green" if done else "red")
            text.append(label + "\n", style="" if done else "italic")
        self.update(text)
