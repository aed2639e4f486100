"""The research checklist shown beside a plan."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from coffeechat.core.checklist import research_checklist
from coffeechat.core.models.interview import Interview
from coffeechat.storage import Workspace

# The Plan keys that open each kind of research notes (F3 is Research).
NOTES_KEYS = {"company": "alt+c", "person": "F3"}


class Checklist(Static):
    """Ticks and crosses, redrawn after every change to the plan."""

    def show(self, workspace: Workspace, interview: Interview) -> None:
        company_slug = workspace.company_slug_for(interview.company)
        checks = research_checklist(
            interview,
            workspace.people.get(interview.person),
            workspace.companies.get(company_slug) if company_slug else None,
            name=workspace.person_name(interview.person),
        )
        text = Text("Before the chat\n", style="bold")
        for done, label, notes_of in checks:
            if notes_of is not None:
                label += f" ({NOTES_KEYS[notes_of]} notes)"
            text.append("  ✓ " if done else "  ✗ ", style="green" if done else "red")
            text.append(label + "\n", style="" if done else "italic")
        self.update(text)
