"""What an export could not read: named, so that a file short of records is never
taken for a whole one (a backup found incomplete only when it is needed is the
worst loss of all). Used by the command line and the export dialog alike."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coffeechat.core.models import Interview
from coffeechat.core.models.problems import Problem
from coffeechat.storage import Workspace


def named_people(interviews: Iterable[tuple[str, Interview]]) -> set[str]:
    """Every person an interview names (whose names the exports print)."""
    found: set[str] = set()
    for _, interview in interviews:
        found.add(interview.person)
        found.update(referral.person for referral in interview.referrals)
        found.update(followup.to for followup in interview.followups)
        found.update(promise.who for promise in interview.promises)
    found.discard("")
    return found


def export_gaps(workspace: Workspace, kind: str,
                interviews: list[tuple[str, Interview]]) -> list[Problem]:
    """Why the export ``kind`` (``calendar``, ``markdown``, ``people-csv``,
    ``interviews-csv``) of ``interviews`` would lack something: records it lists
    that could not be read, and people it names whose names could not be."""
    gaps = []
    if kind in ("calendar", "interviews-csv", "people-csv"):
        gaps += workspace.interviews.unread()
    if kind == "people-csv":
        gaps += workspace.people.unread()
    elif named := named_people(interviews):
        gaps += workspace.people.unread(named)
    return gaps


def describe_gaps(gaps: list[Problem], data_dir: Path) -> list[str]:
    """One line per gap, paths relative to the data directory."""
    return [problem.format(data_dir) for problem in gaps]
