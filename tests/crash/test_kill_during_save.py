"""A process killed at any instant leaves every file old or new, never torn."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tests.crash.killing import run_and_kill, saver
from tests.typed import mapping

from coffeechat.core.models import Person
from coffeechat.storage import Workspace, yaml_io

SAVER = saver("""
    # Sizes vary so a torn write would show as a short or mixed file.
    person.notes = f"version {version}\\n" + "x" * (version % 7 * 3000) + "\\nend\\n"
    person.title = f"v{version}"
""")

KILLS = 25


@pytest.mark.slow
def test_sigkill_during_saves_never_tears_a_file(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        for name in ("Ada", "Bob", "Cy"):
            workspace.add_person(Person(name=name, notes="version 0\n\nend\n", title="v0"))
    rng = random.Random(7)
    highest = 0
    for _ in range(KILLS):
        run_and_kill(SAVER, str(data_dir), str(highest), within=0.05, rng=rng)
        versions = []
        for path in sorted((data_dir / "people").glob("*.yaml")):
            data = mapping(yaml_io.parse(path.read_bytes()).data)
            first, *_, last = data["notes"].splitlines()
            number = int(first.removeprefix("version "))
            assert last == "end" and data["title"] == f"v{number}", path
            assert len(data["notes"]) == len(f"version {number}\n") + number % 7 * 3000 + 5
            versions.append(number)
        highest = max(versions)
        with Workspace.open(data_dir) as reopened:
            assert not [p for p in reopened.problems() if p.severity.value == "error"]
    assert highest > 0
