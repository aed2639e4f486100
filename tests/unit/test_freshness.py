"""A folder's index rows brought up to date by ``stat``, reading only what changed,
and the command line's listings and search answered from them without loading
every record."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Collection, Workspace, caching
from coffeechat.storage.folder_seal import record_slug, seal_of
from coffeechat.storage.freshness import refresh
from coffeechat.storage.index import CACHE_DIR, INDEX_NAME, Index, Row
from coffeechat.storage.record_files import decoded_entry
from coffeechat.storage.records import Stamp
from coffeechat.storage.seals_ahead import SealsAhead


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again (a change
    # may hide inside the clock tick): here, they are taken as settled at once.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the record files decoded from now on (by any path of the store)."""
    import coffeechat.storage.folder_reading as folder_reading
    import coffeechat.storage.record_files as record_files
    import coffeechat.storage.records as records

    read: list[str] = []
    decode = records.decode_record

    def counted(cls: type, raw: bytes, path: Path | None, *args: Any) -> object:
        read.append(path.name if path is not None else "")
        return decode(cls, raw, path, *args)

    for module in (record_files, folder_reading):
        monkeypatch.setattr(module, "decode_record", counted)
    return read


def seed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        for name in ("Ada", "Bo", "Cy"):
            ws.people.add(Person(name=name, notes=f"{name} knows pricing"))
        ws.new_interview(Interview(person="ada", status="done", notes="about pricing"))
        ws.sync()


@pytest.mark.usefixtures("caching_on")
def test_only_files_changed_new_or_gone_are_read(data_dir: Path, monkeypatch) -> None:
    seed(data_dir)
    read = reads(monkeypatch)
    with Workspace.open(data_dir, readonly=True) as ws:
        fresh = refresh(ws.index, ws.people)
        assert read == [] and fresh.unread() == [] and fresh.stale == set()
        assert not ws.people.loaded  # nothing kept in memory for the folder
        (data_dir / "people" / "bo.yaml").write_text("name: Bo\ntitle: From vim\n")
        (data_dir / "people" / "dee.yaml").write_text("name: Dee\n")
        (data_dir / "people" / "cy.yaml").unlink()
        refresh(ws.index, ws.people)
        assert sorted(read) == ["bo.yaml", "dee.yaml"]
        assert sorted(ws.index.heads("people")) == ["ada", "bo", "dee"]
        read.clear()
        refresh(ws.index, ws.people)
        assert read == []
        assert ws.index.name_of("people", "dee") is not None


def without_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a record folder was read whole")

    monkeypatch.setattr(Collection, "load", refuse)


@pytest.mark.parametrize("args", [
    ("people", "list"), ("people", "list", "--json"), ("interviews", "list"),
    ("interviews", "list", "--json"), ("interviews", "list", "--status", "done"),
    ("search", "pricing"),
])
def test_listings_and_search_never_read_a_folder_whole(
        capsys, data_dir: Path, monkeypatch, args: tuple[str, ...]) -> None:
    seed(data_dir)
    expected = run(capsys, data_dir, *args)
    # Changed by another program meanwhile: answered as the file is now.
    (data_dir / "people" / "bo.yaml").write_text("name: Bo Brand-New\nnotes: pricing\n")
    expected = run(capsys, data_dir, *args)
    assert "Bo Brand-New" in expected or args[0] == "interviews"
    without_loading(monkeypatch)
    assert run(capsys, data_dir, *args) == expected


@pytest.mark.usefixtures("caching_on")
def test_people_add_checks_names_and_links_without_reading_everyone(
        capsys, data_dir: Path, monkeypatch) -> None:
    seed(data_dir)
    (data_dir / "people" / "bo.yaml").write_text("name: Bo Brand-New\n")  # another program
    read = reads(monkeypatch)
    without_loading(monkeypatch)
    added = run(capsys, data_dir, "people", "add", "Dee", "--introduced-by", "Bo Brand-New",
                "--knows", "cy")
    assert added.strip() == "dee" and read == ["bo.yaml"]
    written = (data_dir / "people" / "dee.yaml").read_text()
    assert "introduced_by: bo\n" in written and "knows:\n- cy\n" in written
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "people", "add", "Bo Brand-New"]) == 1
    assert "'Bo Brand-New' is already in your network: bo" in capsys.readouterr().err


@pytest.mark.usefixtures("caching_on")
def test_interviews_new_reads_only_the_person_meant(capsys, data_dir: Path,
                                                     monkeypatch) -> None:
    seed(data_dir)
    (data_dir / "people" / "bo.yaml").write_text("name: Bo\ncompany: Quill\n")
    (data_dir / "people" / "cy.yaml").write_text("name: [Cy\n")  # broken by hand
    read = reads(monkeypatch)
    without_loading(monkeypatch)
    made = run(capsys, data_dir, "interviews", "new", "Bo").strip()
    assert sorted(read) == ["bo.yaml", "cy.yaml"]  # the two changed, nobody else
    assert "company: Quill\n" in (data_dir / "interviews" / f"{made}.yaml").read_text()
    assert run(capsys, data_dir, "interviews", "new", "bo").strip() == f"{made}-2"
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "interviews", "new", "cy"]) == 1
    assert "cy.yaml cannot be read (" in capsys.readouterr().err


def test_adding_or_deleting_one_record_reads_no_folder(data_dir: Path, monkeypatch) -> None:
    seed(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        without_loading(monkeypatch)
        slug = ws.people.add(Person(name="Dee", company="Quill"))
        assert ws.index.name_of("people", slug) is not None
        assert ws.people.lookup(slug) == Person(name="Dee", company="Quill")
        trashed = ws.people.delete("bo")
        assert "name: Bo\n" in trashed.read_text() and ws.people.lookup("bo") is None
        assert sorted(ws.index.heads("people")) == ["ada", "cy", "dee"]
        assert not ws.people.loaded


def test_a_save_during_a_first_read_does_not_wait_for_it(data_dir: Path, monkeypatch) -> None:
    """The app saves on its UI thread while a first start reads the folder on a
    worker: the save goes through at once, and the rows end up standing for
    every file."""
    seed(data_dir)
    shutil.rmtree(data_dir / CACHE_DIR)  # a first start: every file to read
    entered, release = threading.Event(), threading.Event()

    def slow_read(*args: Any) -> object:
        entered.set()
        assert release.wait(10)
        return decoded_entry(*args)

    monkeypatch.setattr("coffeechat.storage.freshness.decoded_entry", slow_read)
    with Workspace.open(data_dir) as ws:
        reading = threading.Thread(target=ws.people.refresh)
        reading.start()
        assert entered.wait(10)
        added: list[str] = []
        saving = threading.Thread(target=lambda: added.append(ws.people.add(Person(name="Dee"))))
        saving.start()
        saving.join(5)
        stuck = saving.is_alive()
        release.set()
        reading.join(10)
        assert not stuck, "the save waited for the folder's read"
        assert added == ["dee"]
        ws.people.refresh()  # the next look
        assert sorted(ws.index.heads("people")) == ["ada", "bo", "cy", "dee"]
        assert ws.people.lookup("dee") == Person(name="Dee") and not ws.people.loaded


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


@pytest.mark.usefixtures("caching_on")
def test_people_list_json_runs_in_memory_that_does_not_grow_with_the_people(
        data_dir: Path, monkeypatch) -> None:
    def peak(people: int) -> int:
        folder = data_dir / str(people)
        (folder / "people").mkdir(parents=True)
        for n in range(people):
            (folder / "people" / f"p{n}.yaml").write_text(
                f"name: Person {n}\ncompany: Company {n % 97}\nnotes: {'words ' * 50}\n")
        with Workspace.open(folder) as ws:
            ws.sync()
        main(["--data-dir", str(folder), "people", "list", "--json"])  # keeps the lines
        with open(os.devnull, "w") as sink, monkeypatch.context() as patch:
            patch.setattr("sys.stdout", sink)
            tracemalloc.start()
            assert main(["--data-dir", str(folder), "people", "list", "--json"]) == 0
            found = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return found

    # Both more than a window of rows (see ``index.LISTING_WINDOW``).
    small, large = peak(600), peak(2_400)
    # The file names listed, a few dozen bytes each; no record, entry or line kept.
    assert (large - small) / 1_800 < 200, (small, large)


def lines(output: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(output)
    return found


def test_namesakes_are_listed_by_slug(capsys, data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        for _ in range(3):
            ws.people.add(Person(name="Sam Lee", title="x"))
        ws.people.add(Person(name="Adé"))
    listed = [person["slug"] for person in lines(run(capsys, data_dir, "people", "list",
                                                     "--json"))]
    assert listed == ["ade", "sam-lee", "sam-lee-2", "sam-lee-3"]



def test_files_whose_rows_the_index_refuses_are_listed_and_searched_in_place(
        capsys, data_dir: Path, monkeypatch) -> None:
    seed(data_dir)
    (data_dir / "people" / "al.yaml").write_text("name: Al\nnotes: zeppelin\n")
    (data_dir / "people" / "bo.yaml").write_text("name: Zed\nnotes: zeppelin\n")
    # Another program holds a write on the index: no row can be written now.
    monkeypatch.setattr("coffeechat.storage.index.Index.store", lambda *args, **kw: False)
    listed = lines(run(capsys, data_dir, "people", "list", "--json"))
    assert [(person["slug"], person["name"]) for person in listed] == [
        ("ada", "Ada"), ("al", "Al"), ("cy", "Cy"), ("bo", "Zed")]
    table = run(capsys, data_dir, "people", "list").splitlines()
    assert [line.split()[0] for line in table] == ["SLUG", "ada", "al", "cy", "bo"]
    found = run(capsys, data_dir, "search", "zeppelin").splitlines()
    assert sorted(line.split()[1] for line in found) == ["al", "bo"]


def copied(data_dir: Path) -> Path:
    """The data directory copied as ``cp -r`` copies it: every file a new inode,
    ctime and mtime, the index with them."""
    copy = data_dir.with_name("copy")
    shutil.copytree(data_dir, copy, copy_function=shutil.copy)
    return copy


@pytest.mark.parametrize("way", ["refreshed", "read whole"])
@pytest.mark.usefixtures("caching_on")
def test_a_copied_data_directory_is_compared_by_its_bytes_not_decoded_again(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    sealed_people(data_dir)
    copy = copied(data_dir)
    read = reads(monkeypatch)
    with Workspace.open(copy) as ws:
        assert all(head.stamp != Stamp.of((copy / "people" / head.file).stat())
                   for head in ws.index.heads("people").values())
        if way == "refreshed":  # as the app starts, and the command line's listings
            fresh = refresh(ws.index, ws.people)
            assert fresh.changed == set() and fresh.stale == set()
            unread = fresh.unread()
        else:  # as a command that needs every record reads the folder
            ws.people.load()
            unread = ws.people.unread()
        # Every row stands, with the new stamps; the broken file is still named.
        assert read == []
        rows_stand_for_files(ws)
        assert [problem.path for problem in unread] == [copy / "people" / "eve.yaml"]
        assert {slug: person.name for slug, person in ws.people.items()} == {
            "ada": "Ada", "bo": "Bo", "cy": "Cy"}
        assert read == []  # the records rebuilt from the rows


@pytest.mark.usefixtures("caching_on")
def test_rows_the_index_will_not_restamp_are_answered_from_the_files(
        capsys, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir)
    write(data_dir / "people" / "al.yaml", "name: Al\nnotes: zeppelin\n")
    run(capsys, data_dir, "people", "list")  # the rows written
    copy = copied(data_dir)
    # Another program holds a write on the index: no row can be restamped now.
    monkeypatch.setattr("coffeechat.storage.index.Index.restamp", lambda *args: False)
    found = run(capsys, copy, "search", "zeppelin").splitlines()
    assert [line.split()[1] for line in found] == ["al"]
    listed = lines(run(capsys, copy, "people", "list", "--json"))
    assert [person["slug"] for person in listed] == ["ada", "al", "bo", "cy"]


# -- a folder known unchanged by the digest of its stamps -------------------------
#
# A full compare that finds every row standing for its file keeps the folder's
# count and digest; the next compare whose files give the same two looks only at
# the rows of files with problems. Each case below changes the folder after
# that and must be found as a full compare finds it (with caching off, every
# file is read: the same answers).


def sealed_people(data_dir: Path) -> None:
    """Three people, their rows written, and the folder compared once since."""
    seed(data_dir)
    write(data_dir / "people" / "eve.yaml", "name: [Eve\n")  # a file with errors
    with Workspace.open(data_dir) as ws:
        refresh(ws.index, ws.people)
        refresh(ws.index, ws.people)
        assert (ws.index.sealed("people") is not None) == caching.enabled()


def write(path: Path, text: str) -> None:
    """A file as another program writes it, readable by its owner only (the
    workspace tightens one readable by others, which is a change of its own)."""
    path.write_text(text)
    path.chmod(0o600)


def rows_stand_for_files(ws: Workspace) -> None:
    """Every record file has a row, every row of a regular file is of its name and
    stamp (a pipe's or a broken link's row is left alone), no row is of a file gone."""
    folder = ws.people.directory
    heads = ws.index.heads("people")
    assert set(heads) == {slug for path in folder.iterdir()
                          if (slug := record_slug(path.name)) is not None}
    assert all(Stamp.of((folder / head.file).stat()) == head.stamp
               for head in heads.values() if (folder / head.file).is_file())


def in_place(path: Path, old: str, new: str) -> None:
    """Edited as an editor that writes in place does, the size and mtime put back."""
    before = path.stat()
    text = path.read_text()
    assert len(old) == len(new) and old in text
    with open(path, "r+") as file:
        file.write(text.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size,
                                                              before.st_mtime_ns)


def replaced(path: Path, text: str) -> None:
    """Replaced by another file (a new inode), written as the old one's size and mtime."""
    before = path.stat()
    other = path.with_name("incoming.tmp")
    write(other, text)
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(other, path)


def strays(folder: Path) -> None:
    for name in (".DS_Store", "notes.txt", ".bo.yaml.swp"):
        write(folder / name, "name: Not Me\n")


def swapped(one: Path, other: Path) -> None:
    between = one.with_name("swap.tmp")
    one.rename(between)
    other.rename(one)
    between.rename(other)


def dangling(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.with_name("nowhere.txt"))


def a_pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("replace", [a_pipe, dangling], ids=["a pipe", "a link to nowhere"])
def test_a_file_that_can_no_longer_be_read_is_not_found_by_its_old_row(
        capsys, data_dir: Path, replace: Any) -> None:
    seed(data_dir)
    write(data_dir / "people" / "al.yaml", "name: Al\nnotes: zeppelin\n")
    assert run(capsys, data_dir, "search", "zeppelin").split()[1] == "al"
    replace(data_dir / "people" / "al.yaml")
    assert main(["--data-dir", str(data_dir), "search", "zeppelin"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "could not read people/al.yaml" in captured.err
    assert "nothing matches 'zeppelin' in what could be read" in captured.err


# (how the folder is changed, the people named after it, the files broken after it)
HOSTILE: dict[str, tuple[Any, dict[str, str], list[str]]] = {
    "edited in place, size and mtime kept": (
        lambda people: in_place(people / "bo.yaml", "name: Bo", "name: Bx"),
        {"ada": "Ada", "bo": "Bx", "cy": "Cy"}, ["eve.yaml"]),
    "mended in place": (
        lambda people: in_place(people / "eve.yaml", "[Eve", "'Ev'"),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy", "eve": "Ev"}, []),
    "broken in place": (
        lambda people: in_place(people / "bo.yaml", "name: Bo", "name: [B"),
        {"ada": "Ada", "cy": "Cy"}, ["bo.yaml", "eve.yaml"]),
    "only the mtime moved": (
        lambda people: os.utime(people / "bo.yaml", ns=(0, 10**9)),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"}, ["eve.yaml"]),
    "a file added": (
        lambda people: write(people / "dee.yaml", "name: Dee\n"),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy", "dee": "Dee"}, ["eve.yaml"]),
    "a file removed": (
        lambda people: (people / "cy.yaml").unlink(),
        {"ada": "Ada", "bo": "Bo"}, ["eve.yaml"]),
    "a file renamed": (
        lambda people: (people / "bo.yaml").rename(people / "bob.yaml"),
        {"ada": "Ada", "bob": "Bo", "cy": "Cy"}, ["eve.yaml"]),
    "a file renamed to the other suffix": (
        lambda people: (people / "bo.yaml").rename(people / "bo.yml"),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"}, ["eve.yaml"]),
    "a file replaced": (
        lambda people: replaced(people / "bo.yaml", (people / "bo.yaml").read_text()
                                .replace("name: Bo", "name: Bz")),
        {"ada": "Ada", "bo": "Bz", "cy": "Cy"}, ["eve.yaml"]),
    "two files swapped": (
        lambda people: swapped(people / "ada.yaml", people / "cy.yaml"),
        {"ada": "Cy", "bo": "Bo", "cy": "Ada"}, ["eve.yaml"]),
    "a twin": (
        lambda people: write(people / "bo.yml", "name: Bo Twin\n"),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"}, ["bo.yml", "eve.yaml"]),
    "made unreadable": (
        lambda people: (people / "bo.yaml").chmod(0),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"} if os.geteuid() == 0
        else {"ada": "Ada", "cy": "Cy"}, ["eve.yaml"] if os.geteuid() == 0
        else ["bo.yaml", "eve.yaml"]),
    "a pipe in a file's place": (
        lambda people: a_pipe(people / "bo.yaml"),
        {"ada": "Ada", "cy": "Cy"}, ["bo.yaml", "eve.yaml"]),
    "a link that leads nowhere in a file's place": (
        lambda people: dangling(people / "bo.yaml"),
        {"ada": "Ada", "cy": "Cy"}, ["bo.yaml", "eve.yaml"]),
    "a Syncthing copy beside a file": (
        lambda people: write(people / "bo.sync-conflict-20261206-101500-ABCDEFG.yaml",
                             "name: Bo Elsewhere\n"),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"}, ["eve.yaml"]),
    "files that are none of the store's": (
        lambda people: strays(people),
        {"ada": "Ada", "bo": "Bo", "cy": "Cy"}, ["eve.yaml"]),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_what_a_list_lacks_is_said_from_the_rows_as_from_the_folder_read_whole(
        data_dir: Path, both_caches: bool, case: str) -> None:
    change, _, broken = HOSTILE[case]
    sealed_people(data_dir)
    change(data_dir / "people")

    def said(problems: list[Any]) -> list[tuple[str, str]]:
        return [(problem.path.name, problem.message) for problem in problems]

    with Workspace.open(data_dir) as ws:
        ws.people.refresh()
        from_rows = said(ws.people.unread()), said(ws.people.unread({"bo", "eve"}))
        assert not ws.people.loaded  # never read whole for it
        ws.people.load()
        read_whole = said(ws.people.unread()), said(ws.people.unread({"bo", "eve"}))
    assert sorted(from_rows[0]) == sorted(read_whole[0])
    assert sorted(from_rows[1]) == sorted(read_whole[1])
    assert sorted(name for name, _ in from_rows[0]) == broken


@pytest.mark.parametrize("ahead", [False, True], ids=["own pass", "seal taken ahead"])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_folder_changed_after_its_digest_was_kept_is_found_changed(
        data_dir: Path, both_caches: bool, case: str, ahead: bool) -> None:
    change, names, broken = HOSTILE[case]
    sealed_people(data_dir)
    change(data_dir / "people")
    with Workspace.open(data_dir) as ws:
        # Found at once, then the same again from the rows (now sealed anew).
        for _ in range(3):
            # A seal taken ahead (as ``search`` takes it) changes no answer.
            seal = seal_of(ws.people.directory) if ahead else None
            fresh = refresh(ws.index, ws.people, ahead=seal)
            assert {slug: record.name for slug, record in ws.people.items()} == names
            assert sorted(problem.path.name for problem in fresh.unread()
                          if problem.path is not None) == broken
            if case == "a twin":
                assert [problem.message for problem in fresh.unrowed] == [
                    "bo.yaml and bo.yml both exist; only one was loaded"]
            rows_stand_for_files(ws)
            ws.people.unload()


@pytest.mark.usefixtures("caching_on")
def test_a_folder_unchanged_since_its_digest_is_not_compared_row_by_row(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sealed_people(data_dir)
    read = reads(monkeypatch)
    with Workspace.open(data_dir) as ws:
        monkeypatch.setattr(Index, "unmatched", lambda *args: pytest.fail("compared"))
        fresh = refresh(ws.index, ws.people)
        # The file with errors is still named, from its row.
        assert read == [] and [problem.path for problem in fresh.unread()] == [
            data_dir / "people" / "eve.yaml"]


@pytest.mark.usefixtures("caching_on")
def test_a_seal_taken_ahead_is_the_one_the_index_keeps(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sealed_people(data_dir)
    people = data_dir / "people"
    with Workspace.open(data_dir) as ws:
        kept = ws.index.sealed("people")
        assert kept is not None and seal_of(people) == kept
        # Matching, it spares the pass: no file is stamped, none compared.
        read = reads(monkeypatch)
        monkeypatch.setattr(Index, "unmatched", lambda *args: pytest.fail("compared"))
        with monkeypatch.context() as inner:
            inner.setattr(os, "scandir", lambda *args: pytest.fail("listed"))
            fresh = refresh(ws.index, ws.people, ahead=kept)
        assert read == [] and [problem.path for problem in fresh.unread()] == [
            people / "eve.yaml"]
    # Names that are none of the store's change nothing.
    strays(people)
    assert seal_of(people) == kept
    # What the pass cannot vouch for, a compare of its own looks at: a folder
    # missing, a file others may read (the workspace tightens it), a Syncthing copy.
    assert seal_of(data_dir / "nowhere") is None
    (people / "bo.yaml").chmod(0o644)
    assert seal_of(people) is None
    (people / "bo.yaml").chmod(0o600)
    write(people / "bo.sync-conflict-20261206-101500-ABCDEFG.yaml", "name: Bo\n")
    assert seal_of(people) is None


def test_seals_are_taken_ahead_by_a_process_of_their_own(data_dir: Path,
                                                        both_caches: bool) -> None:
    import subprocess
    import sys

    sealed_people(data_dir)
    code = ("import sys; from pathlib import Path; "
            "from coffeechat.storage.seals_ahead import SealsAhead; "
            "folders = [Path(name) for name in sys.argv[1:]]\n"
            "with SealsAhead(folders) as ahead:\n"
            "    print([ahead.seal(folders[0].with_name('interviews')),\n"
            "           *(ahead.seal(folder) for folder in folders)])")
    folders = [str(data_dir / "people"), str(data_dir / "nowhere")]
    shown = subprocess.run([sys.executable, "-c", code, *folders], capture_output=True,
                           text=True, check=True).stdout
    # With caching off no seal is trusted, so none is taken.
    people = seal_of(data_dir / "people") if caching.enabled() else None
    # A folder not asked for has none (the command compares it meanwhile).
    assert shown.strip() == repr([None, people, None])


def test_a_process_running_threads_takes_no_seal_ahead(data_dir: Path) -> None:
    sealed_people(data_dir)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        # A fork would copy this thread alone: the pass is left to ``refresh``.
        with SealsAhead([data_dir / "people"]) as ahead:
            assert ahead.seal(data_dir / "people") is None
    finally:
        release.set()
        other.join()


def test_with_caching_off_no_digest_is_kept_or_trusted(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sealed_people(data_dir)
    read = reads(monkeypatch)
    monkeypatch.setenv(caching.VARIABLE, "off")
    with Workspace.open(data_dir) as ws:
        refresh(ws.index, ws.people)
        assert sorted(read) == ["ada.yaml", "bo.yaml", "cy.yaml", "eve.yaml"]
        assert ws.index.sealed("people") is None


def in_sql(statement: str) -> Any:
    def run(data_dir: Path) -> None:
        connection = sqlite3.connect(data_dir / CACHE_DIR / INDEX_NAME)
        connection.execute(statement)
        connection.commit()
        connection.close()
    return run


# (a write of another process: a second instance, the command line while the app
# runs, any program; the files decoded after it, the slugs found changed)
ROW_WRITES: dict[str, tuple[Any, list[str], set[str]]] = {
    "a row removed": (lambda data_dir: Index.open(data_dir).remove("people", ["bo"]),
                      ["bo.yaml"], {"bo"}),
    # The file's bytes are the row's: compared, not decoded, and the row restamped.
    "a row's stamp changed": (in_sql("UPDATE records SET size = size + 1 WHERE slug = 'bo'"),
                              [], set()),
    "a row made unsettled": (in_sql("UPDATE records SET checked_ns = 0 WHERE slug = 'bo'"),
                             ["bo.yaml"], set()),
    "a row of no file": (in_sql(
        "INSERT INTO records SELECT NULL, kind, 'zed', 'zed.yaml', size, mtime_ns, inode, "
        "ctime_ns, checked_ns, digest, name, company, title, person, status, scheduled, "
        "problems, readable, name_key FROM records WHERE slug = 'bo'"), [], {"zed"}),
}


@pytest.mark.parametrize("case", list(ROW_WRITES))
@pytest.mark.usefixtures("caching_on")
def test_a_row_written_by_another_program_drops_the_digest(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    write_rows, files_read, changed = ROW_WRITES[case]
    sealed_people(data_dir)
    write_rows(data_dir)
    read = reads(monkeypatch)
    with Workspace.open(data_dir) as ws:
        assert ws.index.sealed("people") is None
        fresh = refresh(ws.index, ws.people)
        rows_stand_for_files(ws)
        assert read == files_read and fresh.changed == changed


@pytest.mark.usefixtures("caching_on")
def test_a_second_instance_writing_a_row_drops_the_digest(data_dir: Path) -> None:
    sealed_people(data_dir)
    with Workspace.open(data_dir) as first, \
            Workspace.open(data_dir, readonly=True) as second:
        refresh(first.index, first.interviews)
        assert first.index.sealed("people") is not None
        assert first.index.sealed("interviews") is not None
        # Its rows are written by whichever instance looks first.
        write(data_dir / "people" / "bo.yaml", "name: Bo Brand-New\n")
        refresh(second.index, second.people)
        assert first.index.sealed("people") is None
        assert first.index.sealed("interviews") is not None  # another folder's stays


def test_a_row_written_while_the_folder_is_compared_leaves_no_digest(data_dir: Path) -> None:
    sealed_people(data_dir)
    asked: list[str] = []
    with Workspace.open(data_dir) as ws:
        stamps = [(path.stem, path.name, *Stamp.of(path.stat()), False)
                  for path in sorted(ws.people.directory.iterdir())]

        def seal() -> tuple[int, int]:
            asked.append("seal")
            # Between the compare's reading of the rows and its keeping the
            # digest, another process writes a row of the folder.
            connection = sqlite3.connect(data_dir / CACHE_DIR / INDEX_NAME, timeout=0)
            connection.execute("UPDATE records SET checked_ns = checked_ns + 1 "
                               "WHERE slug = 'ada'")
            connection.commit()
            connection.close()
            return 4, 1234

        compared = ws.index.unmatched("people", stamps, -1, seal)
        assert compared is not None and compared[1] == [] and asked == ["seal"]
        assert ws.index.sealed("people") is None


def test_a_folder_with_no_rows_is_unmatched_as_a_compare_in_sql_finds_it(
        data_dir: Path) -> None:
    stamps = [("ada", "ada.yaml", 10, 1, 1, 1, False), ("bo", "bo.yaml", 10, 2, 2, 2, False),
              ("cy", "cy.yaml", None, None, None, None, True),  # could not be stamped
              ("bo", "bo.yml", 10, 3, 3, 3, False), ("cy", "cy.yml", 10, 4, 4, 4, False),
              ("dee", "dee.yaml", 10, 5, 5, 5, False)]
    with Workspace.open(data_dir) as ws:
        without_rows = ws.index.unmatched("people", iter(stamps), -1)
        # A row of a file gone makes the compare one in SQL.
        ws.index.store("people", [Row("eve", "eve.yaml", Stamp(1, 1, 1, 1), 0, None, [], None)])
        in_sql = ws.index.unmatched("people", iter(stamps), -1)
    assert without_rows is not None and in_sql is not None
    assert in_sql[1] == ["eve"] and without_rows[1] == []
    assert sorted(without_rows[0]) == sorted(in_sql[0]) == [
        ("ada", "ada.yaml", False, None), ("bo", "bo.yml", True, None),
        ("cy", "cy.yml", True, None), ("dee", "dee.yaml", False, None)]


@pytest.mark.usefixtures("caching_on")
def test_a_listing_that_fails_midway_is_an_unread_folder_and_leaves_the_index_working(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(data_dir)
    (data_dir / "people" / "dee.yaml").write_text("name: Dee\n")  # a compare in full
    listing = os.scandir

    def failing(where: Any) -> Any:
        entries = listing(where)

        class Failing:
            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                entries.close()

            def __iter__(self) -> Any:
                yield next(entries)
                raise OSError(errno.EIO, "Input/output error")

        return Failing()

    with Workspace.open(data_dir) as ws:
        with monkeypatch.context() as patch:
            patch.setattr(os, "scandir", failing)
            fresh = refresh(ws.index, ws.people)
        assert not fresh.listed and [problem.message for problem in fresh.unread()] == [
            "cannot read this folder (Input/output error), so none of its people are shown"]
        read = reads(monkeypatch)
        fresh = refresh(ws.index, ws.people)
        # Compared with the rows again, not every file read for want of them.
        assert fresh.listed and fresh.unread() == [] and read == ["dee.yaml"]
        assert sorted(ws.index.heads("people")) == ["ada", "bo", "cy", "dee"]


def bank(word: str, bank_id: str = "mine") -> str:
    return (f"schema: 1\nid: {bank_id}\ntitle: My own bank\ngoals: [closing]\nquestions:\n"
            f"  - id: q1\n    text: \"What does {word} mean to your team?\"\n")


def test_search_reads_the_banks_only_when_their_files_changed(
        capsys, data_dir: Path, monkeypatch, both_caches: bool) -> None:
    import coffeechat.storage.banks as banks

    seed(data_dir)
    own = data_dir / "question_banks"
    (own / "mine.yaml").write_text(bank("zanzibar"))
    read: list[str] = []
    read_bank = banks.read_bank

    def counted(path: Path) -> Any:
        read.append(path.name)
        return read_bank(path)

    monkeypatch.setattr(banks, "read_bank", counted)

    def found(word: str) -> list[str]:
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "search", word, "--kind", "banks", "--json"])
        return [hit["id"] for hit in json.loads(capsys.readouterr().out)] if code == 0 else []

    assert found("zanzibar") == ["mine"] and "mine.yaml" in read
    read.clear()
    assert found("zanzibar") == ["mine"] and found("typical day") != []
    assert (read == []) is both_caches  # unchanged: answered from the banks' rows
    (own / "mine.yaml").write_text(bank("timbuktu"))  # edited
    assert found("zanzibar") == [] and found("timbuktu") == ["mine"]
    (own / "more.yaml").write_text(bank("kathmandu", "more"))  # added
    assert found("kathmandu") == ["more"] and found("timbuktu") == ["mine"]
    (own / "more.yaml").write_text("schema: 1\nid: [broken\n")  # broken: left out
    assert found("kathmandu") == [] and found("timbuktu") == ["mine"]
    (own / "mine.yaml").unlink()  # removed
    assert found("timbuktu") == []
    read.clear()
    assert found("typical day") != [] and (read == []) is both_caches


def test_banks_indexed_by_an_app_that_read_them_earlier_are_read_again(
        capsys, data_dir: Path) -> None:
    seed(data_dir)
    own = data_dir / "question_banks"
    (own / "mine.yaml").write_text(bank("zanzibar"))
    with Workspace.open(data_dir, readonly=True) as app:
        assert "mine" in app.banks.banks  # read now, indexed later
        (own / "mine.yaml").write_text(bank("timbuktu"))
        assert main(["--data-dir", str(data_dir), "search", "timbuktu"]) == 0
        app.sync(kinds=())  # its older reading replaces the rows
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", "timbuktu", "--kind", "banks"]) == 0
    assert main(["--data-dir", str(data_dir), "search", "zanzibar", "--kind", "banks"]) == 1


@pytest.mark.parametrize("args", [("search", "pricing"), ("people", "list", "--json"),
                                  ("followups", "list", "--all")])
def test_commands_take_the_people_s_seal_ahead_before_they_import_the_store(
        data_dir: Path, args: tuple[str, ...]) -> None:
    import subprocess
    import sys

    seed(data_dir)
    # What is loaded when the seals are asked for: the parse, and nothing of the store.
    code = ("import sys; import coffeechat.storage.seals_ahead as ahead; "
            "start = ahead.SealsAhead.__init__; "
            "ahead.SealsAhead.__init__ = lambda self, folders: ("
            "print(' '.join(sys.modules), file=sys.stderr), start(self, folders))[1]; "
            "from coffeechat.cli import main; sys.exit(main(sys.argv[1:]))")
    run = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data_dir), *args],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout
    loaded = run.stderr.split("\n")[0].split()
    store = {"coffeechat.storage.workspace", "coffeechat.storage.index",
             "coffeechat.storage.freshness", "coffeechat.core.models.person", "sqlite3"}
    assert "coffeechat.storage.seals_ahead" in loaded and store.isdisjoint(loaded), \
        store.intersection(loaded)


@pytest.mark.parametrize("args", [("people", "list", "--json"), ("search", "pricing")])
def test_a_command_answered_from_the_rows_imports_only_what_it_needs(
        data_dir: Path, monkeypatch, args: tuple[str, ...]) -> None:
    import subprocess
    import sys

    # Answered from the rows: with the store's caching on (``pytest --cache-off``).
    monkeypatch.delenv(caching.VARIABLE, raising=False)
    seed(data_dir)
    line = ["--data-dir", str(data_dir), *args]
    assert main(line) == 0  # keeps the lines, indexes the banks
    # Files as young as these are read again (see ``settled_at_once``), in the child too.
    code = ("import sys; import coffeechat.storage.records as records; records.SETTLE_NS = -1; "
            "from coffeechat.cli import main; main(sys.argv[1:]); "
            "print(' '.join(sys.modules), file=sys.stderr)")
    found = subprocess.run([sys.executable, "-c", code, *line], capture_output=True,
                           text=True, check=True).stderr.split()
    unwanted = {"textual", "yaml", "ruamel", "coffeechat.interop", "coffeechat.cli.interop_cmd",
                "coffeechat.cli.interviews_cmd", "platformdirs", "socket", "secrets"}
    assert unwanted.isdisjoint(found), unwanted.intersection(found)
