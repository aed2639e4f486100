"""The derived index: current after every write, disposable, and never fatal.

Whatever is in ``.cache/index.sqlite`` (nothing, garbage, another program's
database, rows of the wrong types, rows that do not decode), opening the
workspace works and shows what the files say.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.typed import present

from coffeechat.cli import main
from coffeechat.core import clock
from coffeechat.core.agenda import agenda, basis, light, on_day
from coffeechat.core.models import Followup, Interview, Location, Person
from coffeechat.core.targets import rank, rhythm
from coffeechat.storage import Workspace, caching
from coffeechat.storage.collection import from_index
from coffeechat.storage.freshness import refresh
from coffeechat.storage.index import APPLICATION_ID, CACHE_DIR, INDEX_NAME
from coffeechat.storage.listing import json_lines
from coffeechat.storage.watch import Watcher, scan


def index_of(data_dir: Path) -> Path:
    return data_dir / CACHE_DIR / INDEX_NAME


def sql(data_dir: Path, statement: str, *args: object) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(index_of(data_dir))
    try:
        with connection:
            return connection.execute(statement, args).fetchall()
    finally:
        connection.close()


def slugs(hits) -> list[str]:
    return [hit.slug for hit in hits]


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def seed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        ada = workspace.people.add(Person(name="Ada", title="Engineer", notes="loves P&L"))
        workspace.new_interview(Interview(
            person=ada, status="done",
            followups=[Followup(kind="thank-you", to=ada, due=dt.date(2026, 11, 20))]))


# -- updated on every write ------------------------------------------------------


def test_every_write_updates_its_row_at_once(ws: Workspace, data_dir: Path) -> None:
    slug = ws.people.add(Person(name="Ada", notes="first words"))
    assert slugs(ws.index.search("first")) == [slug]
    person = present(ws.people.get(slug)).copy()
    person.notes = "second thoughts"
    ws.people.save(slug, person)
    assert slugs(ws.index.search("first")) == []
    assert slugs(ws.index.search("second")) == [slug]
    ws.people.delete(slug)
    assert slugs(ws.index.search("second")) == []
    # Written by the same code path that wrote the file, not at close.
    assert sql(data_dir, "SELECT count(*) FROM records WHERE kind = 'people'") == [(0,)]


def test_command_line_writes_update_the_index(capsys, data_dir: Path) -> None:
    assert main(["--data-dir", str(data_dir), "people", "add", "Ada", "--notes",
                 "pricing"]) == 0
    rows = sql(data_dir, "SELECT slug, name FROM records WHERE kind = 'people'")
    assert rows == [("ada", "Ada")]
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "search", "pricing"]) == 0
    assert "ada" in capsys.readouterr().out


def test_outside_edits_reach_the_index_through_the_watcher(ws: Workspace,
                                                           data_dir: Path) -> None:
    ws.people.add(Person(name="Ada"))
    ws.sync()
    watcher = Watcher(ws)
    (data_dir / "people" / "ada.yaml").write_text("name: Ada\nnotes: written in vim\n")
    (data_dir / "people" / "bo.yaml").write_text("name: Bo\nnotes: also vim\n")
    watcher.apply(scan(watcher.known()))
    assert sorted(slugs(ws.index.search("vim"))) == ["ada", "bo"]
    (data_dir / "people" / "bo.yaml").unlink()
    watcher.apply(scan(watcher.known()))
    assert slugs(ws.index.search("vim")) == ["ada"]


def home_copies(workspace: Workspace) -> dict[str, Interview]:
    """The light copies Home's rows hold (``core.agenda.light``), by slug."""
    return {slug: present(from_index(Interview, data))
            for slug, (_, data) in workspace.index.all_data("interviews", "home").items()}


@pytest.mark.usefixtures("caching_on")
def test_a_second_start_reads_no_file(data_dir: Path, monkeypatch) -> None:
    # Files changed within the last two seconds are always read again (a change
    # may hide inside the clock tick): here, they are taken as settled at once.
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)
    seed(data_dir)
    with Workspace.open(data_dir) as workspace:
        workspace.sync()

    def no_reading(*args: object) -> None:
        raise AssertionError("a file was read although the index is current")

    for module in ("record_files", "folder_reading"):
        monkeypatch.setattr(f"coffeechat.storage.{module}.decode_record", no_reading)
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Engineer"
        assert sorted(home_copies(workspace)) == sorted(workspace.interviews.entries)


@pytest.mark.usefixtures("caching_on")
def test_with_caching_off_a_start_reads_every_file_and_finds_the_same(
        data_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)
    seed(data_dir)
    with Workspace.open(data_dir) as workspace:
        workspace.refresh()
    from coffeechat.storage import folder_reading, record_files, records

    read: list[object] = []
    real = records.decode_record

    def counted(*args: Any) -> Any:
        read.append(args[2])
        return real(*args)

    for module in (record_files, folder_reading):
        monkeypatch.setattr(module, "decode_record", counted)
    with Workspace.open(data_dir) as workspace:
        workspace.refresh()
        assert read == []  # every row current: no file read
    monkeypatch.setenv("COFFEECHAT_CACHE", "off")
    with Workspace.open(data_dir) as workspace:
        workspace.refresh()
        assert len(read) == 2 and not workspace.people.loaded
        assert present(workspace.people.get("ada")).title == "Engineer"
        assert slugs(workspace.index.search("P&L")) == ["ada"]


def test_homes_light_copies_from_the_index_are_those_of_the_records(data_dir: Path) -> None:
    from coffeechat.demo import generate

    generate(data_dir, people=60, interviews=40, seed=3, today=dt.date(2026, 11, 25))
    with Workspace.open(data_dir) as workspace:
        workspace.sync()
    with Workspace.open(data_dir) as workspace:
        assert len(workspace.index.all_data("interviews", "home")) == 40
        expected = {slug: light(record) for slug, record in workspace.interviews.items()}
        assert home_copies(workspace) == expected


def test_homes_index_view_is_the_files_view_and_says_when_it_was_not(
        data_dir: Path) -> None:
    from coffeechat.demo import generate

    generate(data_dir, people=30, interviews=20, seed=5, today=dt.date(2026, 11, 25))
    with Workspace.open(data_dir) as workspace:
        workspace.sync()
    with Workspace.open(data_dir) as workspace:
        workspace.interviews.load()
        assert workspace.interviews.index_was_current  # fresh stamps, same digests
    folder = data_dir / "interviews"
    first, second, *_ = sorted(folder.iterdir())
    for change in (lambda: first.write_text(first.read_text() + "x-seen: yes\n"),
                   second.unlink,
                   lambda: (folder / "2026-01-01-new.yaml").write_text("person: someone\n")):
        with Workspace.open(data_dir) as workspace:
            workspace.sync()
        change()
        with Workspace.open(data_dir) as workspace:
            workspace.interviews.load()
            assert not workspace.interviews.index_was_current


def test_an_empty_index_gives_home_no_lists_and_a_damaged_row_its_record(
        data_dir: Path, fixed_clock) -> None:
    seed(data_dir)
    sql(data_dir, "UPDATE home_lines SET item = '[1, 2'")
    with Workspace.open(data_dir) as workspace:
        lists = workspace.agenda(clock.now(), 5, None, limit=10)
        assert lists is not None and [item.text for item in lists.due.items] == [
            "5 days late · thank-you → Ada"]
    index_of(data_dir).unlink()
    with Workspace.open(data_dir) as workspace:
        assert workspace.agenda(clock.now(), 5, None, limit=10) is None


def test_ignore_files_keep_derived_files_out_of_git_and_sync(data_dir: Path) -> None:
    Workspace.open(data_dir).close()
    gitignore = (data_dir / ".gitignore").read_text().splitlines()
    assert {".cache/", ".lock", "*.tmp"} <= set(gitignore)
    assert {".cache", ".lock", "*.tmp"} <= set((data_dir / ".stignore").read_text().splitlines())
    (data_dir / ".gitignore").write_text("mine\n")
    Workspace.open(data_dir).close()
    assert (data_dir / ".gitignore").read_text() == "mine\n"


# -- disposable and never fatal ---------------------------------------------------


def check_everything_reads(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Engineer"
        workspace.refresh()  # the rows Home reads, written again where they were lost
        assert [record.followups[0].kind for record in home_copies(workspace).values()] == [
            "thank-you"]
        assert slugs(workspace.search("P&L")) == ["ada"]
        assert not workspace.problems()


def test_a_deleted_index_is_rebuilt(data_dir: Path) -> None:
    seed(data_dir)
    index_of(data_dir).unlink()
    check_everything_reads(data_dir)
    assert index_of(data_dir).exists()


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_corrupt_index_is_discarded(data_dir: Path, content: bytes) -> None:
    seed(data_dir)
    index_of(data_dir).write_bytes(content)
    check_everything_reads(data_dir)
    check_everything_reads(data_dir)


def test_a_foreign_database_is_discarded(data_dir: Path) -> None:
    seed(data_dir)
    index_of(data_dir).unlink()
    connection = sqlite3.connect(index_of(data_dir))
    connection.execute("CREATE TABLE records (x)")
    connection.execute("INSERT INTO records VALUES ('not ours')")
    connection.commit()
    connection.close()
    check_everything_reads(data_dir)
    assert sql(data_dir, "PRAGMA application_id") == [(APPLICATION_ID,)]


def test_an_older_format_is_rebuilt(data_dir: Path) -> None:
    seed(data_dir)
    sql(data_dir, "PRAGMA user_version = 0")
    check_everything_reads(data_dir)


def test_a_new_index_builds_the_contacts_orders_once_the_people_are_written(
        data_dir: Path) -> None:
    seed(data_dir)
    index_of(data_dir).unlink()

    def orders() -> list[str]:
        return sorted(name for (name,) in sql(
            data_dir, "SELECT name FROM sqlite_master WHERE type = 'index' AND "
            "tbl_name = 'contacts' AND name NOT LIKE 'sqlite_%'"))

    with Workspace.open(data_dir) as workspace:
        workspace.refresh(kinds=("interviews",))
        assert orders() == []  # the people's rows are written without them
        workspace.refresh()
    assert orders() == ["contacts_k0", "contacts_k1", "contacts_k2", "contacts_k3",
                        "contacts_k4", "contacts_unreadable", "contacts_w0", "contacts_w1",
                        "contacts_w2", "contacts_w3", "contacts_w4"]
    check_everything_reads(data_dir)


def test_a_changed_schema_is_rebuilt(data_dir: Path) -> None:
    seed(data_dir)
    sql(data_dir, "ALTER TABLE records ADD COLUMN surprise TEXT")
    check_everything_reads(data_dir)


@pytest.mark.parametrize("damage", [
    "UPDATE records SET size = 'big'",
    "UPDATE records SET mtime_ns = 'yesterday'",
    "UPDATE records SET problems = 'not json'",
    "UPDATE records SET problems = '{\"a\": 1}'",
    "UPDATE records SET problems = '[[\"too\", \"few\"]]'",
    "UPDATE records SET problems = '[[\"m\", 1, 2, null, null, \"catastrophic\"]]'",
    "UPDATE records SET ctime_ns = 'now'",
    "UPDATE records SET status = 'bogus', scheduled = 42 WHERE kind = 'interviews'",
    "UPDATE home SET data = '{\"person\": 5}'",
    "UPDATE home SET data = '{\"person\": \"ada\", \"followups\": [{\"kind\": \"party\"}]}'",
    "UPDATE home SET data = 'not json'",
    "DELETE FROM home",
    "UPDATE home_lines SET item = 'not json'",
    "UPDATE home_lines SET item = '[1]', at = 5",
    "UPDATE bodies SET data = '{\"name\": 5, \"title\": \"Engineer\"}'",
    "UPDATE bodies SET data = '{\"name\": \"Ada\", \"knows\": \"not a list\"}'",
    "UPDATE bodies SET data = '[1, 2]'",
    "UPDATE bodies SET data = 'not json'",
    "UPDATE bodies SET data = x'00ff'",
    "DELETE FROM bodies",
])
def test_damaged_rows_are_ignored_or_rebuilt(data_dir: Path, damage: str) -> None:
    seed(data_dir)
    sql(data_dir, damage)
    check_everything_reads(data_dir)


def test_a_cached_name_that_is_not_text_never_breaks_people_list(capsys,
                                                                 data_dir: Path) -> None:
    seed(data_dir)
    sql(data_dir, """UPDATE bodies SET data = '{"name": 5}'""")
    assert main(["--data-dir", str(data_dir), "people", "list", "--json"]) == 0
    assert [person["name"] for person in json.loads(capsys.readouterr().out)] == ["Ada"]


@pytest.mark.parametrize("damage", [
    None,
    "UPDATE bodies SET data = '{\"name\": 5}' WHERE id % 7 = 0",
    "UPDATE bodies SET data = '{\"name\": \"Ada\", \"tags\": \"solo\"}' WHERE id % 5 = 0",
    "UPDATE bodies SET data = '{\"name\": \"Ada\", \"extra\": [1]}' WHERE id % 3 = 0",
    "UPDATE bodies SET data = '{\"name\": \"Ada\", \"connected_on\": \"soon\"}'",
    "UPDATE bodies SET data = '[1]' WHERE id % 2 = 0",
    "UPDATE bodies SET data = '{\"name\": \"Ada\", \"person\": \"ada\"}'",  # another kind's
])
def test_listing_as_json_from_the_rows_writes_what_the_files_hold(
        data_dir: Path, monkeypatch, damage: str | None) -> None:
    """Thousands are listed as JSON straight from the index's rows: the same
    objects as the records read from the files, and a damaged row never shows."""
    from coffeechat.demo import generate

    monkeypatch.setattr("coffeechat.storage.records.SETTLE_NS", -1)  # see above
    generate(data_dir, people=70, interviews=60, seed=9, today=dt.date(2026, 11, 25))
    with Workspace.open(data_dir) as workspace:
        workspace.people.add(Person(name="No", tags=["null", "1:20"], contact={"x": "y"},
                                    connected_on=dt.date(2020, 2, 29),
                                    extra={"x-mine": {"kept": ["1", "two"]}}))
        workspace.sync()
    if damage is not None:
        sql(data_dir, damage)
    rebuilt: list[object] = []
    monkeypatch.setattr("coffeechat.storage.listing.from_index",
                        lambda *args: rebuilt.append(args))  # as if every row were damaged
    with Workspace.open(data_dir, readonly=True) as workspace:
        from_rows = tuple([(item.pop(key), item) for item in map(json.loads, json_lines(
            workspace.index, refresh(workspace.index, collection), key, by_name=False))]
                          for collection, key in ((workspace.people, "slug"),
                                                  (workspace.interviews, "id")))
    # Only a damaged row is rebuilt (with caching off, every row is written again first).
    assert bool(rebuilt) == (damage is not None and caching.enabled())
    monkeypatch.undo()
    shutil.rmtree(data_dir / CACHE_DIR)
    with Workspace.open(data_dir, readonly=True) as workspace:
        from_files = ([(slug, person.as_json()) for slug, person in workspace.people.items()],
                      [(slug, chat.as_json()) for slug, chat in workspace.interviews.items()])
    assert len(from_files[0]) == 71 and len(from_files[1]) == 60
    assert sorted(from_rows[0]) == sorted(from_files[0])
    assert sorted(from_rows[1], key=str) == sorted(from_files[1], key=str)


def test_an_index_broken_while_running_starts_again(ws: Workspace) -> None:
    ws.people.add(Person(name="Ada", notes="pricing"))
    ws.people.add(Person(name="Bo", notes="pricing"))
    present(ws.index._connection).close()  # every use now fails, as on a damaged file
    person = present(ws.people.get("ada")).copy()
    person.title = "Engineer"
    ws.people.save("ada", person)  # never raises: the file is what matters
    ws.store_pending()
    assert sorted(slugs(ws.search("pricing"))) == ["ada", "bo"]


def test_an_unusable_cache_folder_means_an_index_in_memory(data_dir: Path) -> None:
    seed(data_dir)
    index_of(data_dir).unlink()
    (data_dir / CACHE_DIR).rmdir()
    (data_dir / CACHE_DIR).write_text("a file where the folder should be")
    check_everything_reads(data_dir)


# -- several processes ----------------------------------------------------------------


def test_a_read_only_instance_reads_while_the_writer_writes(data_dir: Path) -> None:
    seed(data_dir)
    with Workspace.open(data_dir) as writer:
        writer.sync()
        with Workspace.open(data_dir) as reader:
            assert reader.readonly
            assert slugs(reader.search("P&L")) == ["ada"]
            person = present(writer.people.get("ada")).copy()
            person.notes = "now about pricing"
            writer.people.save("ada", person)
            reader.sync()
            assert slugs(reader.index.search("pricing")) == ["ada"]


def test_a_reader_never_writes_a_row_for_a_file_changed_meanwhile(data_dir: Path) -> None:
    seed(data_dir)
    index_of(data_dir).unlink()
    with Workspace.open(data_dir, readonly=True) as reader:
        assert present(reader.people.get("ada")).title == "Engineer"  # read, row not yet written
        (data_dir / "people" / "ada.yaml").write_text("name: Ada\ntitle: Changed\n")
        reader.store_pending()
    rows = sql(data_dir, "SELECT title FROM records WHERE kind = 'people'")
    assert rows == []  # the stale version was not written
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Changed"


def test_a_writer_killed_mid_update_leaves_an_index_that_repairs(data_dir: Path) -> None:
    seed(data_dir)
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from coffeechat.storage import Workspace\n"
        "from coffeechat.storage.index import Index\n"
        "ws = Workspace.open(Path(sys.argv[1]))\n"
        "person = ws.people.get('ada').copy()\n"
        "person.notes = 'killed while indexing'\n"
        "original = Index._put\n"
        "def put_then_die(self, connection, kind, row):\n"
        "    original(self, connection, kind, row)\n"
        "    os._exit(9)  # after the row, before the commit\n"
        "Index._put = put_then_die\n"
        "ws.people.save('ada', person)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(data_dir)])
    assert result.returncode == 9
    with Workspace.open(data_dir) as workspace:
        # The file was written; the row was not committed, so it is read again.
        assert present(workspace.people.get("ada")).notes == "killed while indexing"
        assert slugs(workspace.search("killed")) == ["ada"]
        assert slugs(workspace.search("P&L")) == []


@pytest.mark.parametrize("limit", [3, 25])
def test_homes_query_takes_the_first_lines_of_each_list_and_gives_the_files_lists(
        data_dir: Path, fixed_clock, monkeypatch, both_caches, limit: int) -> None:
    """Home's lists are a query of the index: of each list, its first lines
    of the day and a count of the rest, with no chat rebuilt; the lists,
    names and numbers are those of the files, on any day, with any nudge
    setting, and with the rhythm at the target employers."""
    from coffeechat.demo import generate

    monkeypatch.setattr("coffeechat.storage.index.home._MAX_PARAMETERS", 7)  # several queries
    generate(data_dir, people=80, interviews=60, seed=3, today=fixed_clock.date())
    with Workspace.open(data_dir) as workspace:
        workspace.sync()
        chats = [(slug, light(record)) for slug, record in workspace.interviews.items()]
        names = {slug: person.name for slug, person in workspace.people.items()}
        rhythm = workspace.rhythm(3, 7)
    rebuilt: list[str] = []

    def counted(cls: type[Any], data: str) -> Any:
        rebuilt.append(data)
        return from_index(cls, data)

    monkeypatch.setattr("coffeechat.storage.workspace.from_index", counted)
    days = [clock.now() + dt.timedelta(days=days) for days in (-20, 0, 1, 9, 40)]
    with Workspace.open(data_dir, readonly=True) as workspace:
        for now in days:
            for nudge_days in (1, 5, 30):
                expected = agenda(chats, 80, names.__getitem__, now, limit=limit,
                                  nudge_days=nudge_days)
                assert workspace.agenda(now, nudge_days, None, limit=limit) == expected
        assert not rebuilt
        assert not workspace.interviews.loaded and not workspace.people.loaded
        assert rhythm is not None
        shown, rhythms = [], []
        for now in days:
            expected = on_day(basis(chats, 5, rhythm), 80, names.__getitem__, now, limit=limit)
            assert workspace.agenda(now, 5, rhythm, limit=limit) == expected
            shown.append(expected)
            plain = agenda(chats, 80, names.__getitem__, now, limit=limit, nudge_days=5)
            rhythms.append(expected.due.total - plain.due.total)
    # What is compared covers lists cut short, and the next contacts at targets.
    assert expected.numbers.people == 80
    assert any(lists.due.total > len(lists.due.items) for lists in shown) == (limit == 3)
    assert any(rhythms)  # the next contacts at the targets are counted


def test_homes_query_takes_a_chat_whose_row_is_behind_from_its_file(
        ws: Workspace, fixed_clock, monkeypatch, both_caches) -> None:
    """A chat whose row the index could not take (another program writing it,
    a full disk) is on Home as its file says, counted once."""
    ana = ws.people.add(Person(name="Ana"))
    slug = ws.new_interview(Interview(person=ana, status="asked"))
    monkeypatch.setattr(type(ws.index), "store", lambda self, kind, rows, still=None: False)
    chat = ws.interviews.get(slug)
    assert chat is not None
    chat.status, chat.scheduled = "scheduled", dt.datetime(2026, 11, 27, 14, 0)
    ws.interviews.save(slug, chat)
    lists = ws.agenda(clock.now(), 5, None, limit=10)
    assert lists is not None
    assert [item.text for item in lists.upcoming.items] == ["Fri 27 Nov 14:00 · Ana"]
    assert lists.asks.total == 0 and lists.numbers.asked == 1


def test_the_rhythm_at_targets_from_the_index_is_that_of_the_files(
        data_dir: Path, fixed_clock) -> None:
    from coffeechat.demo import generate

    generate(data_dir, people=200, interviews=60, seed=3, today=fixed_clock.date())
    with Workspace.open(data_dir) as workspace:
        workspace.sync()
        expected = rhythm(rank(workspace.companies.items(), workspace.people.items()), 3, 7)
    assert any(expected.contacts.values())
    with Workspace.open(data_dir, readonly=True) as workspace:
        assert workspace.target_rhythm(3, 7) == expected
        assert not workspace.people.loaded


def test_a_person_is_found_by_where_they_live(ws: Workspace) -> None:
    slug = ws.people.add(Person(name="Ada", location=Location("Lyon", "", "France")))
    ws.people.add(Person(name="Grace", notes="visited Paris"))
    assert slugs(ws.index.search("lyon")) == [slug]
    [hit] = ws.index.search("france")
    assert hit.slug == slug


def test_an_index_of_unfolded_text_is_rebuilt_once_and_finds_folded_letters(
        data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Aisha Sørensen"))
        ws.sync()
    # The previous format: the full-text table kept the texts as written.
    sql(data_dir, "DROP TABLE search")
    sql(data_dir, "DROP TABLE search_text")
    sql(data_dir, "CREATE VIRTUAL TABLE search USING fts5(title, about, context, notes, "
                  "debrief, answers, referrals, tokenize = 'unicode61 remove_diacritics 2')")
    sql(data_dir, "INSERT INTO search (rowid, title) SELECT id, name FROM records")
    sql(data_dir, "PRAGMA user_version = 6")
    with Workspace.open(data_dir) as ws:
        ws.sync()
        assert [hit.slug for hit in ws.search("sorensen")] == ["aisha-sorensen"]
    assert sql(data_dir, "SELECT s.title FROM search_text s JOIN records USING (id) "
                         "WHERE kind = 'people'") == [("Aisha Sørensen",)]
