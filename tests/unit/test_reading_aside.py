"""A first read of a folder shared with a helper process writes the index a
read alone writes, and loses nothing when the helper cannot help."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace, reading_aside
from coffeechat.storage.freshness import Fresh, refresh
from coffeechat.storage.index import CACHE_DIR, INDEX_NAME, Index
from coffeechat.storage.start_ahead import StartAhead

# The full-text table's own tables: their pages depend on the order rows came in.
FTS_SHADOWS = ("search_data", "search_idx", "search_docsize", "search_config",
               "search_content")


def person(name: str, extra: str = "") -> str:
    return f"name: {name}\n{extra}"


def hostile_workspace(data_dir: Path) -> None:
    """People and interviews as a first read meets them: odd names and text,
    broken files, links, namesakes, a twin, a pipe, a link to nowhere, a
    Syncthing copy, a file that is not UTF-8, a folder with a record's name."""
    with Workspace.open(data_dir) as ws:
        for day in range(6):
            ws.new_interview(Interview(
                person="ada", company="Acme", status="scheduled" if day % 2 else "done",
                scheduled=dt.datetime(2026, 12, 1 + day, 10), notes=f"pricing talk {day}"))
    people = data_dir / "people"
    files = {
        "ada.yaml": person("Ada", "company: Acme\ntitle: CTO\nknows: [bo, cy]\n"),
        "bo.yaml": person("Bo", "introduced_by: ada\ntags: [fintech]\n"),
        "cy.yaml": person("\"No\"", "company: 'null'\n"),
        "dee.yaml": person("'1:20'", "notes: |\n  two lines\n  of notes\n"),
        "eve.yaml": "name: [Eve\n",
        "empty.yaml": "",
        "list.yaml": "- just\n- a list\n",
        "wrong.yaml": person("Wrong", "tags: 7\nemail: nope\n"),
        "ünï.yaml": person("Ünïcödé 中村 大輔", "company: Fernbrook Labs\n"),
        "twin.yaml": person("Twin A"),
        "twin.yml": person("Twin B"),
        "bo.sync-conflict-20261206-101500-ABCDEFG.yaml": person("Bo Elsewhere"),
        "alias.yaml": "name: &a Al\ntitle: *a\n",
    }
    for number in range(40):
        files[f"p{number:02}.yaml"] = person(f"Person {number}", f"company: Co {number % 7}\n"
                                             f"knows: [p{(number + 1) % 40:02}]\n")
    for name, text in files.items():
        (people / name).write_text(text)
        (people / name).chmod(0o600)
    (people / "latin1.yaml").write_bytes(b"name: Jos\xe9\n")
    (people / "latin1.yaml").chmod(0o600)
    os.mkfifo(people / "pipe.yaml")
    (people / "nowhere.yaml").symlink_to(people / "gone.txt")
    (people / "folder.yaml").mkdir()


def index_tables(data_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the index, each row's id given as its record's folder and
    slug, the time of each read left out."""
    connection = sqlite3.connect(data_dir / CACHE_DIR / INDEX_NAME)
    try:
        slugs = {record_id: (kind, slug) for record_id, kind, slug in connection.execute(
            "SELECT id, kind, slug FROM records")}
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in FTS_SHADOWS and not name.startswith("sqlite_")]
        found = {}
        for table in tables:
            cursor = connection.execute(
                f"SELECT {'rowid, ' if table == 'search' else ''}* FROM {table}")
            columns = [column[0] for column in cursor.description]
            rows = []
            for row in cursor:
                values = dict(zip(columns, row, strict=True))
                for column in ("id", "rowid"):
                    if column in values:
                        values[column] = slugs.get(values[column], values[column])
                values.pop("checked_ns", None)
                rows.append(tuple(sorted(values.items(), key=lambda item: item[0])))
            found[table] = sorted(rows, key=repr)
        return found
    finally:
        connection.close()


def outcome(fresh: Fresh[Any]) -> tuple[Any, ...]:
    """What a refresh says of a folder, in an order of its own."""
    return (sorted((slug, str(problem)) for slug, problem in fresh.broken),
            sorted(fresh.stale), sorted(fresh.changed), sorted(map(str, fresh.unrowed)),
            sorted(map(str, fresh.folder_problems)), sorted(fresh.conflict_copies),
            sorted(fresh.behind), fresh.refused)


def read_alone(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as alone:
        alone.setattr(reading_aside, "FROM", 10**9)
        return first_read(data_dir)


def first_read(data_dir: Path, helper: reading_aside.Helper | None = None) -> tuple[Any, ...]:
    shutil.rmtree(data_dir / CACHE_DIR, ignore_errors=True)
    with Workspace.open(data_dir) as ws:
        found = tuple(outcome(refresh(ws.index, getattr(ws, kind), helper=helper))
                      for kind in ("interviews", "people"))
    return found, index_tables(data_dir)


# The helper is handed two chunks as it starts: of the people's 54 files, it
# reads 40 (and the interviews' six), those at the back are read here at once.
CHUNK = 20
HELPER_READS = 2 * CHUNK + 6


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[reading_aside.Answer]:
    """Every folder read beside a helper, however few its files; the helper's
    answers as they come."""
    monkeypatch.setattr(reading_aside, "FROM", 1)
    monkeypatch.setattr(reading_aside, "CHUNK", CHUNK)
    answers: list[reading_aside.Answer] = []
    share = reading_aside.share

    def noted(kind: str, cls: type, directory: Path, files: reading_aside.Files,
              here: Callable[[str, str], None],
              there: Callable[[str, str, reading_aside.Answer], None],
              done: Callable[[int], None], helper: reading_aside.Helper | None = None) -> None:
        def answered(slug: str, name: str, answer: reading_aside.Answer) -> None:
            answers.append(answer)
            there(slug, name, answer)

        share(kind, cls, directory, files, here, answered, done, helper)

    monkeypatch.setattr(reading_aside, "share", noted)
    return answers


def test_a_folder_read_beside_a_helper_is_indexed_as_one_read_alone(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any]) -> None:
    hostile_workspace(data_dir)
    alone = read_alone(data_dir, monkeypatch)
    assert shared == []
    beside = first_read(data_dir)
    # The helper read most files; the rest were read here.
    assert sum(answer is not None for answer in shared) >= HELPER_READS
    assert beside == alone
    (_, people), tables = beside
    assert "eve" in dict(people[0]) and "latin1" in dict(people[0])
    assert len(tables["home_lines"]) > 0 and len(tables["search"]) > 50
    with Workspace.open(data_dir) as ws:
        assert [hit.slug for hit in ws.search("中村")] == ["ünï"]
        assert ws.index.name_of("people", "cy") is not None


def test_nothing_is_lost_when_the_helper_cannot_start(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any]) -> None:
    hostile_workspace(data_dir)
    alone = read_alone(data_dir, monkeypatch)
    monkeypatch.setattr("sys.executable", str(data_dir / "no-such-python"))
    assert first_read(data_dir) == alone
    assert shared == []


# What the helper runs instead: it leaves at once, never answers, answers
# nonsense or a chunk's answers short, or leaves after its first answer.
BROKEN_HELPERS = {
    "leaves at once": "import os; os._exit(3)",
    "never answers": "import sys; sys.stdin.buffer.read()",
    "answers nonsense": "import os, sys; os.write(1, b'\\x05' * 64); sys.stdin.read()",
    "answers a wrong count": (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from coffeechat.storage import reading_aside as aside\n"
        "sent = aside._send\n"
        "aside._send = lambda fd, answers: sent(fd, answers[:1])\n"
        "aside.serve()"),
    "dies midway": (
        "import os, sys; sys.path.insert(0, sys.argv[1])\n"
        "from coffeechat.storage import reading_aside as aside\n"
        "sent, count = aside._send, []\n"
        "def send(fd, answers):\n"
        "    sent(fd, answers)\n"
        "    count.append(1)\n"
        "    if len(count) == 1:\n"
        "        os._exit(1)\n"
        "aside._send = send\n"
        "aside.serve()"),
}


@pytest.mark.parametrize("helper", list(BROKEN_HELPERS))
def test_what_a_broken_helper_held_is_read_here(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any],
        helper: str) -> None:
    hostile_workspace(data_dir)
    alone = read_alone(data_dir, monkeypatch)
    monkeypatch.setattr(reading_aside, "_SERVE", BROKEN_HELPERS[helper])
    if helper == "never answers":
        monkeypatch.setattr(reading_aside, "_PATIENCE", 0.2)  # not half a minute
    assert first_read(data_dir) == alone
    # What it answered before it died is used; its second chunk was read here.
    assert len(shared) == {"dies midway": CHUNK + 6}.get(helper, 0)


def children() -> set[str]:
    """The processes this one started that are still there (or not yet reaped)."""
    return {child for task in Path("/proc/self/task").iterdir()
            for child in (task / "children").read_text().split()}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_the_helper_is_ended_when_the_folder_is_read(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any]) -> None:
    hostile_workspace(data_dir)
    before = children()
    first_read(data_dir)
    assert len(shared) >= HELPER_READS
    assert children() == before
    assert not [thread for thread in threading.enumerate() if thread.name == "reading-aside"]


def test_a_file_changed_after_the_helper_read_it_is_answered_as_it_is_now(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any]) -> None:
    hostile_workspace(data_dir)
    people = data_dir / "people"
    share = reading_aside.share
    changed: list[str] = []

    def changed_meanwhile(kind: str, cls: type, directory: Path, files: reading_aside.Files,
                          here: Callable[[str, str], None],
                          there: Callable[[str, str, reading_aside.Answer], None],
                          done: Callable[[int], None],
                          helper: reading_aside.Helper | None = None) -> None:
        def answered(slug: str, name: str, answer: reading_aside.Answer) -> None:
            if not changed and slug.startswith("p") and answer is not None:
                (people / name).write_text(person("Renamed meanwhile"))
                changed.append(slug)
            there(slug, name, answer)

        share(kind, cls, directory, files, here, answered, done, helper)

    monkeypatch.setattr(reading_aside, "share", changed_meanwhile)
    with Workspace.open(data_dir) as ws:
        fresh = refresh(ws.index, ws.people)
        # Its row is not written for the bytes read; its record is read anew.
        [slug] = changed
        assert slug in fresh.stale and fresh.behind[slug].name == "Renamed meanwhile"
        assert ws.index.head("people", slug) is None
        fresh = refresh(ws.index, ws.people)
        assert slug not in fresh.stale
        named = ws.index.name_of("people", slug)
        assert named is not None and named[1] == "Renamed meanwhile"


def test_rows_the_index_refuses_are_answered_from_the_files(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any]) -> None:
    hostile_workspace(data_dir)
    monkeypatch.setattr(Index, "store", lambda *args, **kw: False)
    with Workspace.open(data_dir) as ws:
        fresh = refresh(ws.index, ws.people)
    assert fresh.refused and sum(answer is not None for answer in shared) >= 2 * CHUNK
    assert fresh.behind["ünï"].name == "Ünïcödé 中村 大輔"
    assert isinstance(fresh.behind["ada"], Person) and fresh.behind["ada"].knows == ["bo", "cy"]
    assert "eve" in fresh.stale and "eve" not in fresh.behind


@pytest.fixture
def kept() -> Iterator[reading_aside.Helper]:
    """A helper started by the test, which ends it."""
    helper = reading_aside.Helper.start()
    assert helper is not None
    yield helper
    helper.close()


def test_a_helper_kept_by_the_caller_reads_one_folder_after_another(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any],
        kept: reading_aside.Helper) -> None:
    hostile_workspace(data_dir)
    alone = read_alone(data_dir, monkeypatch)
    assert first_read(data_dir, kept) == alone
    assert sum(answer is not None for answer in shared) >= HELPER_READS
    # Still there for the caller's next folder; no other was started.
    assert not kept.gone
    assert len([thread for thread in threading.enumerate()
                if thread.name == "reading-aside"]) == 1


def test_a_kept_helper_gone_between_folders_leaves_the_next_to_be_read_here(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, shared: list[Any],
        kept: reading_aside.Helper) -> None:
    hostile_workspace(data_dir)
    alone = read_alone(data_dir, monkeypatch)
    share = reading_aside.share

    def killed_after_the_first(*args: Any) -> None:
        share(*args)
        kept.close(at_once=True)

    monkeypatch.setattr(reading_aside, "share", killed_after_the_first)
    assert first_read(data_dir, kept) == alone
    assert len(shared) == 6  # the interviews; the people were read here


def test_a_first_start_makes_a_reading_helper_ready(data_dir: Path) -> None:
    hostile_workspace(data_dir)
    shutil.rmtree(data_dir / CACHE_DIR)
    with StartAhead(data_dir) as ahead:
        assert ahead.helper is not None and not ahead.helper.gone
    assert ahead.helper.gone
    with Workspace.open(data_dir) as ws:
        ws.refresh()
    # With an index, the compare reads only what changed: no helper.
    with StartAhead(data_dir) as ahead:
        assert ahead.helper is None
