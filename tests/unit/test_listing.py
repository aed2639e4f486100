"""``people list --json`` and ``interviews list --json`` from the index's listings.

A listing is a query over the index's rows, sorted and filtered by their summary
columns; it keeps, on each current row, its record's line as ``--json`` writes
it, and the next listing prints that line. Whatever the listings
and the decoded records hold, the output is byte for byte what encoding the
records read from the files gives, and a listing that is damaged, moved or
stale is never printed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.typed import present

from coffeechat.cli import main
from coffeechat.core.models import Interview, Person
from coffeechat.core.models.schema import json_from_cache, keyed_json
from coffeechat.core.text import sort_key
from coffeechat.storage import Workspace
from coffeechat.storage.index import CACHE_DIR, FORMAT, INDEX_NAME
from coffeechat.storage.watch import Watcher, scan

# The encoder ``--json`` has always used, spelled out here so that the output is
# checked against it rather than against the code under test.
ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode

# Hand-written files: odd names and text, unknown fields, empty lists, and
# fields named like the key the listing puts in front.
ODD_PEOPLE = {
    "no": "name: 'No'\ntags: ['null', '1:20', 'yes']\nknows: []\n",
    "null": "name: 'null'\ncompany: '~'\nx-mine:\n  kept: ['1', two]\n  slug: inner\n",
    "one-twenty": "name: '1:20'\ntitle: \"tab\\there, quote \\\" and \\\\ slash\"\n",
    "zoe": "name: 😀 Zoë\nnotes: \"שלום\\u2028line\\u2029para \\0 \\x7f \\ue000 ß\"\n",
    "hobbyist": "name: Hobbyist\nhobby: chess\nlinks: []\ncontact: {}\n",
    "fake-slug": "name: Fake\nslug: not-the-file\n",
    "quoted-key": "name: Quoted\n'x-a\"slug': odd key\n",
}
ODD_INTERVIEWS = {
    "2026-11-02-no": "person: 'no'\nstatus: done\nid: not-the-file\n",
    "2026-11-03-zoe": "person: zoe\nstatus: idea\nnotes: \"😀 \\u2028\"\nx-extra: [a, '']\n",
}


@pytest.fixture(autouse=True)
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files changed within the last two seconds are always read again (a change
    # may hide inside the clock tick): here, they are taken as settled at once.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)


def sql(data_dir: Path, statement: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(data_dir / CACHE_DIR / INDEX_NAME)
    try:
        with connection:
            return connection.execute(statement).fetchall()
    finally:
        connection.close()


def make_workspace(data_dir: Path) -> None:
    from coffeechat.demo import generate

    generate(data_dir, people=70, interviews=60, seed=9, today=dt.date(2026, 11, 25))
    for folder, files in (("people", ODD_PEOPLE), ("interviews", ODD_INTERVIEWS)):
        for slug, text in files.items():
            path = data_dir / folder / f"{slug}.yaml"
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)  # as coffeechat would leave it (else its stamp changes once)
    with Workspace.open(data_dir) as workspace:
        workspace.people.add(Person(name="Ada", tags=[], connected_on=dt.date(2020, 2, 29),
                                    extra={"x-mine": {"kept": ["1", "two"]}}))


def listed(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), *args, "--json"]) == 0
    return capsys.readouterr().out


def from_files(data_dir: Path) -> dict[tuple[str, ...], str]:
    """Each listing's output, encoded from the records read from the files (no
    index at all), as ``--json`` always wrote it."""
    shutil.rmtree(data_dir / CACHE_DIR, ignore_errors=True)
    with Workspace.open(data_dir, readonly=True) as workspace:
        people = sorted(workspace.people.items(), key=lambda item: sort_key(item[1].name))
        chats = sorted(workspace.interviews.items())
        objects = {
            ("people", "list"): [{"slug": slug, **person.as_json()} for slug, person in people],
            ("interviews", "list"): [{"id": slug, **chat.as_json()} for slug, chat in chats],
            ("interviews", "list", "--status", "done"): [
                {"id": slug, **chat.as_json()} for slug, chat in chats if chat.status == "done"],
        }
    shutil.rmtree(data_dir / CACHE_DIR)
    return {args: "[" + "".join(("\n" if n == 0 else ",\n") + ENCODE(item)
                                for n, item in enumerate(items)) + ("\n]\n" if items else "]\n")
            for args, items in objects.items()}


def index_everything(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.sync()


def counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often records are read from their files or their rows' data."""
    import coffeechat.storage.collection as collection
    import coffeechat.storage.folder_reading as folder_reading
    import coffeechat.storage.record_files as record_files

    counts = {"file": 0, "data": 0}

    def counted(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object) -> object:
            counts[name] += 1
            return function(*args)
        return call

    import coffeechat.storage.listing as listing

    for module in (record_files, folder_reading, listing):
        monkeypatch.setattr(module, "decode_record", counted("file", module.decode_record))
    monkeypatch.setattr(listing, "json_from_cache", counted("data", json_from_cache))
    monkeypatch.setattr(listing, "from_index", counted("data", collection.from_index))
    return counts


@pytest.fixture(scope="module")
def odd_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, ...], str]]:
    """The odd workspace's files, with no index, and each listing's output
    encoded from them: made once, copied by each test that writes in it."""
    template = tmp_path_factory.mktemp("odd") / "data"
    make_workspace(template)
    return template, from_files(template)


def copy_odd(odd_files: tuple[Path, dict[tuple[str, ...], str]],
             data_dir: Path) -> dict[tuple[str, ...], str]:
    template, expected = odd_files
    shutil.copytree(template, data_dir, symlinks=True)
    return expected


@pytest.fixture
def odd(odd_files: tuple[Path, dict[tuple[str, ...], str]], data_dir: Path,
        capsys) -> dict[tuple[str, ...], str]:
    """The odd workspace, indexed and listed once (which keeps the listings)."""
    expected = copy_odd(odd_files, data_dir)
    index_everything(data_dir)
    for args, output in expected.items():
        assert listed(data_dir, capsys, *args) == output
    return expected


@pytest.mark.usefixtures("caching_on")
def test_listings_from_the_rows_are_byte_identical_to_encoding_the_files(
        capsys, data_dir: Path, odd_files, monkeypatch) -> None:
    expected = copy_odd(odd_files, data_dir)
    index_everything(data_dir)
    counts = counting(monkeypatch)
    # First from the rows' data, keeping each line; then from the lines kept.
    for args, output in expected.items():
        assert listed(data_dir, capsys, *args) == output
    assert counts["file"] == 0 and counts["data"] > len(ODD_PEOPLE)
    counts.update(file=0, data=0)
    for args, output in expected.items():
        assert listed(data_dir, capsys, *args) == output
    # Every line was kept, those of records with a field of their own named like
    # the listing's key too (theirs wins, as it did).
    assert counts == {"file": 0, "data": 0}
    odd = expected
    people = json.loads(odd[("people", "list")])
    assert people[0]["name"] == "1:20"
    assert next(person for person in people if person["name"] == "Fake")["slug"] == "not-the-file"


def test_listings_are_the_same_with_caching_off(capsys, data_dir: Path,
                                                both_caches: bool) -> None:
    make_workspace(data_dir)
    expected = from_files(data_dir)
    index_everything(data_dir)
    for _ in range(2):  # keeping the lines (when caching is on), then from them
        for args, output in expected.items():
            assert listed(data_dir, capsys, *args) == output


@pytest.mark.parametrize("damage", [
    "UPDATE listings SET text = 'not json'",
    "UPDATE listings SET text = '[1, 2]' WHERE id % 2 = 0",
    "UPDATE listings SET text = '{\"name\": \"Mallory\"}'",
    "UPDATE listings SET text = substr(text, 1, 30) WHERE id % 3 = 0",
    "UPDATE listings SET text = x'00ff'",
    "UPDATE listings SET text = CAST('{\"name\": \"Mallory\"}' AS BLOB)",
    "UPDATE listings SET text = CAST(text AS TEXT)",
    "UPDATE listings SET text = 5, seal = 6 WHERE id % 4 = 0",
    "UPDATE listings SET seal = 'x'",
    "DELETE FROM listings WHERE id % 5 = 0",
    "DELETE FROM listings",
    # Another row's listing, seal and all (another person, another kind).
    "UPDATE listings SET (seal, text) = (SELECT seal, text FROM listings ORDER BY id LIMIT 1)",
    # A listing of an older version of the file (other bytes, another stamp).
    "UPDATE records SET mtime_ns = mtime_ns - 1, digest = 'an older version'",
])
def test_a_damaged_listing_is_never_printed(capsys, data_dir: Path, odd, monkeypatch,
                                            damage: str) -> None:
    sql(data_dir, damage)
    counts = counting(monkeypatch)
    for args, output in odd.items():
        assert listed(data_dir, capsys, *args) == output
    assert counts["file"] + counts["data"] > 4  # those records were listed as before


def test_a_listing_and_data_both_damaged_are_listed_from_the_files(
        capsys, data_dir: Path, odd, monkeypatch) -> None:
    sql(data_dir, "UPDATE listings SET text = '{}'")
    sql(data_dir, "UPDATE bodies SET data = '{\"name\": 5}'")
    counts = counting(monkeypatch)
    assert listed(data_dir, capsys, "people", "list") == odd[("people", "list")]
    assert counts["file"] == len(json.loads(odd[("people", "list")]))


def test_a_file_changed_since_its_row_is_listed_as_it_is_now(capsys, data_dir: Path,
                                                             odd) -> None:
    # Another program writes a file; nothing has read it yet.
    (data_dir / "people" / "no.yaml").write_text("name: 'No'\ntitle: Rewritten\n")
    people = json.loads(listed(data_dir, capsys, "people", "list"))
    assert next(person for person in people if person["slug"] == "no")["title"] == "Rewritten"


@pytest.mark.usefixtures("caching_on")
def test_an_index_of_the_former_format_is_rebuilt_once(capsys, data_dir: Path, odd,
                                                       monkeypatch) -> None:
    sql(data_dir, "DROP TABLE listings")
    sql(data_dir, f"PRAGMA user_version = {FORMAT - 1}")
    counts = counting(monkeypatch)
    # Rebuilt from the files; then listed from the rows, keeping the lines; then
    # from the lines kept.
    seen = []
    for _ in range(3):
        counts.update(file=0, data=0)
        assert listed(data_dir, capsys, "people", "list") == odd[("people", "list")]
        seen.append(counts.copy())
        assert sql(data_dir, "PRAGMA user_version") == [(FORMAT,)]
    people = len(json.loads(odd[("people", "list")]))
    assert seen[0]["file"] == people
    assert seen[-1] == {"file": 0, "data": 0}


# -- kept up to date ---------------------------------------------------------------


def person_listed(data_dir: Path, capsys: pytest.CaptureFixture[str], slug: str) -> dict[str, Any]:
    return next(person for person in json.loads(listed(data_dir, capsys, "people", "list"))
                if person["slug"] == slug)


@pytest.mark.usefixtures("caching_on")
def test_saves_by_the_app_and_the_command_line_are_listed(capsys, data_dir: Path,
                                                          monkeypatch) -> None:
    counts = counting(monkeypatch)
    with Workspace.open(data_dir) as workspace:
        ada = workspace.people.add(Person(name="Ada", title="Engineer"))
        person = present(workspace.people.get(ada))
        person.title = "CTO"
        person.tags = ["ß", "null"]
        workspace.people.save(ada, person)
        workspace.new_interview(Interview(person=ada, status="done"))
    assert main(["--data-dir", str(data_dir), "people", "add", "Bo", "--tag", "1:20"]) == 0
    assert main(["--data-dir", str(data_dir), "interviews", "new", "bo"]) == 0
    for source in ("data", "listing"):  # from the rows' data, then from the lines kept
        counts.update(file=0, data=0)
        assert person_listed(data_dir, capsys, ada)["title"] == "CTO"
        assert person_listed(data_dir, capsys, ada)["tags"] == ["ß", "null"]
        assert person_listed(data_dir, capsys, "bo")["tags"] == ["1:20"]
        chats = json.loads(listed(data_dir, capsys, "interviews", "list"))
        assert sorted(chat["person"] for chat in chats) == ["ada", "bo"]
        assert counts["file"] == 0 and (counts["data"] > 0) is (source == "data")
    # A save drops the line kept for its file: the next listing is never stale.
    with Workspace.open(data_dir) as workspace:
        workspace.people.save(ada, Person(name="Ada", title="Chair"))
    assert person_listed(data_dir, capsys, ada)["title"] == "Chair"
    assert main(["--data-dir", str(data_dir), "people", "add", "Cy", "--title", "Dr"]) == 0
    assert person_listed(data_dir, capsys, "cy")["title"] == "Dr"


@pytest.mark.usefixtures("caching_on")
def test_changes_by_another_program_are_listed_after_sync_and_the_watcher(
        capsys, data_dir: Path, monkeypatch) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.people.add(Person(name="Ada"))
        workspace.people.add(Person(name="Bo"))
        (data_dir / "people" / "ada.yaml").write_text("name: Ada\ntitle: From vim\n")
        workspace.sync()
        watcher = Watcher(workspace)
        (data_dir / "people" / "bo.yaml").write_text("name: Bo\nx-mine: [from, emacs]\n")
        watcher.apply(scan(watcher.known()))
    counts = counting(monkeypatch)
    for _ in range(2):  # from the rows' data, then from the lines kept
        counts.update(file=0, data=0)
        assert person_listed(data_dir, capsys, "ada")["title"] == "From vim"
        assert person_listed(data_dir, capsys, "bo")["x-mine"] == ["from", "emacs"]
    assert counts == {"file": 0, "data": 0}


# -- the splice itself ---------------------------------------------------------------


@pytest.mark.parametrize("data", [
    {}, {"name": "No"}, {"a": [], "b": {}, "c": None, "d": "😀\u2028\"\\ ß", "e": 1.5},
    {"nested": {"slug": "inner"}, "questions": [{"id": "q"}]}, {'x"slug': 1},
])
def test_splicing_the_key_in_front_is_encoding_the_whole(data: dict[str, Any]) -> None:
    assert keyed_json("slug")("my-slug", ENCODE(data)) == ENCODE({"slug": "my-slug", **data})
    assert keyed_json("id")("ü\"", ENCODE(data)) == ENCODE({"id": "ü\"", **data})
