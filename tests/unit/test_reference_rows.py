"""What is asked of every record, read from the rows while no folder is held,
against the folders read whole: the problems list's links that name nobody and
shared e-mail addresses, and an export's copy of every record; the same,
whatever was done to the files since their rows were written."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Interview, Person, Problem, Referral
from coffeechat.storage import Workspace
from coffeechat.storage.index import Index


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again: here,
    # they are taken as settled at once, so the rows are trusted.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


def linked_workspace(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada", contact={"email": " Team@X.example ", "phone": "1"}),
                      slug="ada")
        ws.people.add(Person(name="Bo", introduced_by="ghost",
                             knows=["ada", "nobody", "../outside", "broken", "no"],
                             contact={"email2": "team@x.example"}), slug="bo")
        ws.people.add(Person(name="No", knows=["bo"],
                             contact={"emailx": "team@x.example", "email": "cy@x.example",
                                      "email3": "CY@x.example"}), slug="no")
        ws.interviews.add(Interview(person="ada", referrals=[
            Referral(person="ghost"), Referral(person="bo"), Referral(person="")]),
            slug="2026-11-01-ada")
        ws.interviews.add(Interview(person="missing"), slug="2026-11-02-missing")
        ws.interviews.add(Interview(person=""), slug="2026-11-03-someone")
        (data_dir / "people" / "broken.yaml").write_text("name: [Broken\nknows: [ghost]\n")
        (data_dir / "people" / "broken.yaml").chmod(0o600)
        ws.sync()


def in_place(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))


def a_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path, 0o600)


def a_file_for(folder: Path) -> None:
    """A folder that can no longer be listed (as one made unreadable, even to root)."""
    shutil.rmtree(folder)
    folder.write_text("")


# What is done to the files once their rows are written.
CHANGES: dict[str, Callable[[Path], object]] = {
    "nothing": lambda data: None,
    "a person removed": lambda data: (data / "people" / "ada.yaml").unlink(),
    "a person edited in place": lambda data: in_place(
        data / "people" / "bo.yaml", "- nobody", "- somebody"),
    "an address edited in place": lambda data: in_place(
        data / "people" / "no.yaml", "cy@x.example", "ada@x.example"),
    "a chat's referral edited": lambda data: in_place(
        data / "interviews" / "2026-11-01-ada.yaml", "person: ghost", "person: bo"),
    "a pipe in a person's place": lambda data: a_pipe(data / "people" / "ada.yaml"),
    "a pipe in the place of one who names others": lambda data: a_pipe(
        data / "people" / "bo.yaml"),
    "the people's folder replaced by a file": lambda data: a_file_for(data / "people"),
    "the chats' folder replaced by a file": lambda data: a_file_for(data / "interviews"),
}


@contextlib.contextmanager
def changed(data_dir: Path, change: str) -> Iterator[Workspace]:
    """The workspace of ``linked_workspace`` after ``change``, its rows brought
    up to date as the app's start does, no folder held."""
    linked_workspace(data_dir)
    CHANGES[change](data_dir)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        yield ws


def said(problems: list[Problem]) -> list[tuple[str, str | None, str]]:
    return sorted((present(problem.path).name, problem.field, problem.message)
                  for problem in problems)


@pytest.mark.parametrize("change", list(CHANGES))
def test_links_to_nobody_and_shared_addresses_from_the_rows_as_from_the_folders(
        data_dir: Path, both_caches: bool, change: str) -> None:
    with changed(data_dir, change) as ws:
        from_rows = said(ws.dangling_links()), said(ws.possible_duplicates())
        if "folder" not in change:  # (one that cannot be read counts as read whole)
            assert not ws.people.loaded and not ws.interviews.loaded  # neither read whole
        ws.people.load()
        ws.interviews.load()
        read_whole = said(ws.dangling_links()), said(ws.possible_duplicates())
    assert from_rows == read_whole
    if change == "nothing":
        assert from_rows == ([
            ("2026-11-01-ada.yaml", "referrals", "no person ''"),
            ("2026-11-01-ada.yaml", "referrals", "no person 'ghost'"),
            ("2026-11-02-missing.yaml", "person", "no person 'missing'"),
            ("bo.yaml", "introduced_by", "no person 'ghost'"),
            ("bo.yaml", "knows", "no person '../outside'"),
            ("bo.yaml", "knows", "no person 'nobody'"),
        ], [
            ("bo.yaml", "contact", "shares team@x.example with Ada [ada]: a possible "
             "duplicate; merge them by hand if they are one person"),
        ])


def test_a_person_waiting_for_their_row_is_counted_as_saved(
        data_dir: Path, both_caches: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    linked_workspace(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        # Another program holds a write on the index: the row of a person read
        # since waits in memory.
        monkeypatch.setattr(Index, "store", lambda *args, **kwargs: False)
        zed = data_dir / "people" / "zed.yaml"
        zed.write_text("name: Zed\nknows: [ghost-three, ada]\ncontact:\n  email: cy@x.example\n")
        zed.chmod(0o600)
        ws.people.reload("zed")
        from_rows = said(ws.dangling_links()), said(ws.possible_duplicates())
        assert not ws.people.loaded and not ws.interviews.loaded
        ws.people.load()
        ws.interviews.load()
        assert from_rows == (said(ws.dangling_links()), said(ws.possible_duplicates()))
    assert ("zed.yaml", "knows", "no person 'ghost-three'") in from_rows[0]
    assert ("zed.yaml", "contact", "shares cy@x.example with No [no]: a possible "
            "duplicate; merge them by hand if they are one person") in from_rows[1]


def test_the_problems_list_reads_no_folder_whole(data_dir: Path) -> None:
    linked_workspace(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        problems = ws.problems(conflicts=False)
        assert not any(folder.loaded for folder in ws.collections)
    assert {(present(problem.path).name, problem.field) for problem in problems} >= {
        ("broken.yaml", None), ("bo.yaml", "knows"), ("bo.yaml", "contact"),
        ("2026-11-02-missing.yaml", "person")}


# The readable people left after each change (the others: Ada, Bo and No).
PEOPLE_LEFT = {
    "a person removed": ["bo", "no"],
    "a pipe in a person's place": ["bo", "no"],
    "a pipe in the place of one who names others": ["ada", "no"],
    "the people's folder replaced by a file": [],
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_record_copied_from_the_rows_as_from_the_folders(
        data_dir: Path, both_caches: bool, change: str) -> None:
    with changed(data_dir, change) as ws:
        from_rows = [folder.snapshot() for folder in ws.collections]
        people = [slug for slug, _ in ws.people.snapshot()]
        if "folder" not in change:
            assert not any(folder.loaded for folder in ws.collections)
        for folder in ws.collections:
            folder.load()
        read_whole = [sorted(folder.items(), key=lambda item: item[0])
                      for folder in ws.collections]
    assert from_rows == read_whole
    assert people == PEOPLE_LEFT.get(change, ["ada", "bo", "no"])
