"""A folder's index rows brought up to date by ``stat``, reading only what changed,
and the command line's listings and search answered from them without loading
every record."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Interview, Person
from coffeechat.storage import Collection, Workspace, caching
from coffeechat.storage.freshness import refresh


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again (a change
    # may hide inside the clock tick): here, they are taken as settled at once.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the record files read from now on (by any path of the store)."""
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


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


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
