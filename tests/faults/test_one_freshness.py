"""The app's start and the command line bring a folder's index rows up to date
by one path (``storage.freshness``): each case here is seen through both, the
app as its screens read the rows after ``Workspace.refresh``, the command line
as ``people list --json`` prints them."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Person
from coffeechat.storage import Workspace

# What one path answers: the people's names by slug, and the lines of what it
# could not read.
Answer = tuple[dict[str, str], list[str]]


def seed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        for name in ("Ada", "Bo", "Cy"):
            ws.people.add(Person(name=name))
        ws.sync()


def write(path: Path, text: str) -> None:
    """A file as another program writes it, readable by its owner only (one
    readable by others is a warning, beside the point here)."""
    path.write_text(text)
    path.chmod(0o600)


def as_the_app_starts(data_dir: Path) -> Answer:
    """The names as the app's screens read them once its start has compared the
    folder with its rows: the rows, and the records whose rows are behind."""
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        behind, stale = ws.people.not_indexed()
        names = {slug: contact.name for slug, contact in ws.index.network()
                 if slug not in stale}
        names.update((slug, record.name) for slug, record in behind)
        problems = [problem.format(data_dir) for problem in ws.problems(links=False)]
    return names, problems


def as_the_command_lists(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Answer:
    capsys.readouterr()
    main(["--data-dir", str(data_dir), "people", "list", "--json"])
    out, err = capsys.readouterr()
    people = json.loads(out)
    prefix = "coffeechat: could not read "
    return ({person["slug"]: person["name"] for person in people},
            [line.removeprefix(prefix) for line in err.splitlines()])


@pytest.fixture(params=["app", "cli"])
def answer(request: pytest.FixtureRequest,
           capsys: pytest.CaptureFixture[str]) -> Callable[[Path], Answer]:
    if request.param == "app":
        return as_the_app_starts
    return lambda data_dir: as_the_command_lists(data_dir, capsys)


def test_a_file_changed_in_place_with_its_size_and_mtime_is_read_again(
        data_dir: Path, answer: Callable[[Path], Answer]) -> None:
    seed(data_dir)
    assert answer(data_dir)[0] == {"ada": "Ada", "bo": "Bo", "cy": "Cy"}
    path = data_dir / "people" / "bo.yaml"
    before = path.stat()
    # Rewritten within the settle window: the same size, the mtime put back.
    path.write_text(path.read_text().replace("name: Bo", "name: Bx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert answer(data_dir)[0] == {"ada": "Ada", "bo": "Bx", "cy": "Cy"}


def test_a_new_file_and_a_file_deleted(data_dir: Path,
                                       answer: Callable[[Path], Answer]) -> None:
    seed(data_dir)
    answer(data_dir)
    write(data_dir / "people" / "dee.yaml", "name: Dee\n")
    (data_dir / "people" / "cy.yaml").unlink()
    names, problems = answer(data_dir)
    assert names == {"ada": "Ada", "bo": "Bo", "dee": "Dee"} and problems == []


def test_a_file_that_cannot_be_read_is_named(
        data_dir: Path, answer: Callable[[Path], Answer],
        inject: Callable[..., object]) -> None:
    seed(data_dir)
    answer(data_dir)
    write(data_dir / "people" / "bo.yaml", "name: Bo Changed\n")
    with inject(data_dir / "people" / "bo.yaml", errno.EACCES, reads=True):  # type: ignore[attr-defined]
        names, problems = answer(data_dir)
    assert "Bo Changed" not in names.values()
    assert names["ada"] == "Ada" and names["cy"] == "Cy"
    assert problems == ["people/bo.yaml: cannot read: Permission denied"]


def test_a_file_that_is_not_a_regular_file_is_named(
        data_dir: Path, answer: Callable[[Path], Answer]) -> None:
    seed(data_dir)
    answer(data_dir)
    os.mkfifo(data_dir / "people" / "eve.yaml")  # a pipe is never opened
    names, problems = answer(data_dir)
    assert names == {"ada": "Ada", "bo": "Bo", "cy": "Cy"}
    assert len(problems) == 1 and problems[0].startswith("people/eve.yaml: ")


def test_a_folder_that_cannot_be_read_is_not_an_empty_one(
        data_dir: Path, answer: Callable[[Path], Answer],
        inject: Callable[..., object]) -> None:
    seed(data_dir)
    answer(data_dir)
    with inject(data_dir / "people", errno.EACCES, reads=True):  # type: ignore[attr-defined]
        _, problems = answer(data_dir)
    assert problems == ["people: cannot read this folder (Permission denied), so none of "
                        "its people are shown"]
    # Its rows were kept, not dropped as files gone.
    assert answer(data_dir)[0] == {"ada": "Ada", "bo": "Bo", "cy": "Cy"}


def test_rows_the_index_cannot_write_are_answered_from_their_files(
        data_dir: Path, answer: Callable[[Path], Answer],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir)
    answer(data_dir)
    write(data_dir / "people" / "al.yaml", "name: Al\n")
    write(data_dir / "people" / "bo.yaml", "name: Zed\n")
    with monkeypatch.context() as patch:
        # Another program holds a write on the index: no row can be written now.
        patch.setattr("coffeechat.storage.index.Index.store", lambda *args, **kw: False)
        names, problems = answer(data_dir)
    assert names == {"ada": "Ada", "al": "Al", "bo": "Zed", "cy": "Cy"} and problems == []
    assert answer(data_dir)[0] == names  # and written the next time


def test_the_app_hears_how_far_its_start_has_got(data_dir: Path) -> None:
    folder = data_dir / "people"
    folder.mkdir(parents=True)
    for n in range(600):
        (folder / f"p{n}.yaml").write_text(f"name: Person {n}\n")
    heard: list[tuple[int, int]] = []
    with Workspace.open(data_dir) as ws:
        ws.refresh(lambda stage, done, total: heard.append((done, total)), ["people"])
        assert not ws.people.loaded  # nothing held in memory
    assert heard and heard[-1] == (600, 600)
    assert [done for done, _ in heard] == sorted(done for done, _ in heard)
    assert len(heard) >= 3
