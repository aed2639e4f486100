"""``kill -9`` at any instant while the index is written: the next start repairs it.

Whatever was committed when the process died, the next workspace opened on the
folder finds every file's current words and none of its old ones.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.crash.killing import run_and_kill, saver
from tests.typed import mapping

from coffeechat.core.models import Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.index import CACHE_DIR

SAVER = saver("""
    person.notes = f"marker{version} and some words around it\\n" * (version % 5 + 1)
""")

REBUILDER = """
import sys
from pathlib import Path
from coffeechat.storage import Workspace

print("ready", flush=True)
Workspace.open(Path(sys.argv[1])).sync()
"""


def check_index_matches_files(data_dir: Path) -> int:
    """Every person is found by the marker in their file, and by no other."""
    highest = 0
    with Workspace.open(data_dir) as workspace:
        for path in sorted((data_dir / "people").glob("*.yaml")):
            notes = mapping(yaml_io.parse(path.read_bytes()).data).get("notes") or ""
            marker = notes.split(" ", 1)[0] if notes else "version0"
            highest = max(highest, int(marker.removeprefix("marker").removeprefix("version")))
            hits = {hit.slug for hit in workspace.search(f'"{marker}"', kinds=["people"])}
            assert path.stem in hits, (path.stem, marker)
            for hit in workspace.search("marker*", kinds=["people"], limit=1000):
                if hit.slug == path.stem:
                    assert marker in hit.snippet.replace("\ue000", "").replace("\ue001", "")
    return highest


def test_kill_during_saves_leaves_an_index_that_repairs(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        for name in ("Ada", "Bob", "Cy", "Dee"):
            workspace.add_person(Person(name=name, notes="version0"))
    rng = random.Random(11)
    highest = 0
    for _ in range(12):
        run_and_kill(SAVER, str(data_dir), str(highest), within=0.08, rng=rng)
        highest = check_index_matches_files(data_dir)
    assert highest > 0


def test_kill_during_a_first_full_read_leaves_an_index_that_repairs(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        for number in range(300):
            workspace.add_person(Person(name=f"Person {number}", notes=f"marker{number}"))
    rng = random.Random(5)
    for _ in range(6):
        shutil.rmtree(data_dir / CACHE_DIR, ignore_errors=True)
        run_and_kill(REBUILDER, str(data_dir), within=0.4, rng=rng)
        with Workspace.open(data_dir) as workspace:
            for number in (0, 150, 299):
                hits = [hit.slug for hit in workspace.search(f"marker{number}")]
                assert hits == [f"person-{number}"]
