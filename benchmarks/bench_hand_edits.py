"""Saving a person file written by hand against saving one coffeechat wrote.

A hand-written file (comments, the user's key order) is re-emitted with its
comments and layout kept, which loads ruamel.yaml (once) and parses and dumps
the file in pure Python; a file coffeechat wrote goes the fast path, the C
dumper. Prints, as a ratio against the canonical save measured in the same run,
alternating: one durable save of each that changes one field; and the same for
an interview holding a 100 KB note, typed into (Live's autosave), with a
comment added on top of its file.

Usage: python benchmarks/bench_hand_edits.py [--rounds R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, report
from bench_typing import note_of
from coffeechat.core.models import Interview
from coffeechat.storage import Workspace

HAND_WRITTEN = """\
# Met at the PyCon sprint, 2025. Ask about the pricing team.
# Follow up after the conference.
name: Ana Pérez
title: Senior Product Manager  # since March
company: Figma
contact:
  email:
  linkedin: https://www.linkedin.com/in/ana-perez
tags:
  - warm   # she offered to help
  - pricing
how_we_met: PyCon sprint, 2025
# Last checked in November.
"""


def saver(workspace: Workspace, slug: str) -> Callable[[], None]:
    """A save of ``slug`` that changes its title (one line in either file)."""
    turn = [0]

    def save() -> None:
        person = workspace.people.get(slug)
        assert person is not None
        turn[0] += 1
        person.title = f"Senior Product Manager {turn[0]}"
        workspace.people.save(slug, person)

    return save


def note_saver(workspace: Workspace, slug: str) -> Callable[[], None]:
    """A save of ``slug`` with one more character typed into its notes."""

    def save() -> None:
        interview = workspace.interviews.get(slug)
        assert interview is not None
        interview.notes += "."
        workspace.interviews.save(slug, interview)

    return save


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="coffeechat-bench-")) / "data"
    (data / "people").mkdir(parents=True)
    (data / "people" / "ana.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    workspace = Workspace.open(data)
    canonical = workspace.add_person(workspace.people.get("ana").copy())  # type: ignore[union-attr]
    hand, fast = alternate(saver(workspace, "ana"), saver(workspace, canonical), args.rounds)
    assert "# since March" in (data / "people" / "ana.yaml").read_text(encoding="utf-8")
    report("save of a hand-written file (vs one coffeechat wrote)", hand, fast, unit="ms")
    slugs = [workspace.new_interview(Interview(person="ana", notes=note_of(100)))
             for _ in range(2)]
    path = workspace.interviews.path_for(slugs[0])
    path.write_text("# typed by hand\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    workspace.interviews.reload(slugs[0])
    hand, fast = alternate(note_saver(workspace, slugs[0]), note_saver(workspace, slugs[1]),
                           args.rounds // 4)
    assert path.read_text(encoding="utf-8").startswith("# typed by hand\n")
    report("save of a 100 KB note, hand-written file (vs canonical)", hand, fast, unit="ms")
    workspace.close()


if __name__ == "__main__":
    main()
