"""The workspace store: privacy, slugs, atomic saves, conflicts, broken files, lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.typed import mapping, present

from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.problems import Severity
from coffeechat.storage import (
    BrokenFileError,
    ConflictError,
    ReadOnlyError,
    StoreError,
    Workspace,
    yaml_io,
)
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.index import CACHE_DIR
from coffeechat.storage.records import Stamp


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def read(path: Path) -> dict[str, Any]:
    return mapping(yaml_io.parse(path.read_bytes()).data)


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def test_new_data_dir_is_private(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada"))
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "people") == 0o700
    assert mode(data_dir / "people" / f"{slug}.yaml") == 0o600


def test_loose_permissions_are_tightened_with_a_warning(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    os.chmod(data_dir, 0o755)
    loose = data_dir / "people" / "ada.yaml"
    loose.write_text("name: Ada\n")
    os.chmod(loose, 0o644)
    with Workspace.open(data_dir) as workspace:
        messages = [p.message for p in workspace.problems()]
    assert mode(data_dir) == 0o700 and mode(loose) == 0o600
    assert any("tightened to 700" in m for m in messages)
    assert any("tightened to 600" in m for m in messages)


@pytest.mark.parametrize("name", ["No", "null", "1:20", "", "~", "😀", "שלום", " x ", "O'Brien"])
def test_tricky_names_round_trip_through_the_store(data_dir: Path, name: str) -> None:
    with Workspace.open(data_dir) as workspace:
        slug = workspace.add_person(Person(name=name or "placeholder", company=name, title=name))
    with Workspace.open(data_dir) as workspace:
        person = present(workspace.people.get(slug))
    assert person.company == name and person.title == name


def test_slugs_are_readable_unique_and_never_paths(ws: Workspace, data_dir: Path) -> None:
    slugs = [ws.add_person(Person(name=n)) for n in
             ["José Núñez", "José Núñez", "../../etc", "/etc/passwd", "..", "山田 太郎", "CON"]]
    assert slugs == ["jose-nunez", "jose-nunez-2", "etc", "etc-passwd", "untitled",
                     "山田-太郎", "con-untitled"]
    for slug in slugs:
        assert (data_dir / "people" / f"{slug}.yaml").is_file()
    assert {p.name for p in data_dir.iterdir()} <= {
        ".cache", ".lock", ".gitignore", ".stignore", "companies", "interviews", "people",
        "question_banks"}


def test_unsafe_slug_is_refused(ws: Workspace) -> None:
    with pytest.raises(StoreError):
        ws.people.path_for("../outside")


def test_save_rewrites_in_place_and_reload_sees_it(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada"))
    person = present(ws.people.get(slug)).copy()
    person.notes = "line one\nline two\n"
    ws.people.save(slug, person)
    assert read(data_dir / "people" / "ada.yaml")["notes"] == "line one\nline two\n"
    assert not [p for p in (data_dir / "people").iterdir() if p.name.startswith(".")]


def test_file_that_fails_to_parse_is_reported_and_never_overwritten(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    bad = data_dir / "people" / "broken.yaml"
    bad.write_bytes(b"name: [unclosed\n")
    (data_dir / "people" / "fine.yaml").write_text("name: Fine\n")
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("fine")).name == "Fine"
        problem = next(p for p in workspace.problems() if p.path == bad)
        assert problem.format(data_dir).startswith("people/broken.yaml:2:1: invalid YAML")
        with pytest.raises(BrokenFileError):
            workspace.people.save("broken", Person(name="Replacement"))
        assert workspace.people.add(Person(name="broken")) == "broken-2"
    assert bad.read_bytes() == b"name: [unclosed\n"


def test_file_with_a_wrong_type_is_loaded_but_protected(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    path = data_dir / "people" / "ada.yaml"
    path.write_text("name: Ada\nknows: {not: a list}\n")
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).name == "Ada"
        with pytest.raises(BrokenFileError, match="has errors"):
            workspace.people.save("ada", Person(name="Ada"))
    assert "not: a list" in path.read_text()


def test_outside_edit_is_not_clobbered_and_our_version_is_kept(
    ws: Workspace, data_dir: Path
) -> None:
    slug = ws.add_person(Person(name="Ada"))
    ws.people.load()  # held in memory, as a folder read whole is
    path = data_dir / "people" / f"{slug}.yaml"
    path.write_text("schema: 1\nname: Ada\nnotes: written in another editor\n")
    mine = present(ws.people.get(slug)).copy()
    mine.notes = "typed in coffeechat"
    with pytest.raises(ConflictError) as caught:
        ws.people.save(slug, mine)
    assert "written in another editor" in path.read_text()
    assert read(caught.value.kept)["notes"] == "typed in coffeechat"
    assert caught.value.kept.is_relative_to(data_dir / "conflicts")


def test_identical_rewrite_on_disk_is_not_a_conflict(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada"))
    path = data_dir / "people" / f"{slug}.yaml"
    path.write_bytes(path.read_bytes())  # same bytes, new mtime: a git checkout
    person = present(ws.people.get(slug)).copy()
    person.title = "Engineer"
    ws.people.save(slug, person)
    assert read(path)["title"] == "Engineer"


def test_deleted_on_disk_is_a_conflict(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada"))
    ws.people.load()  # held in memory, as a folder read whole is
    (data_dir / "people" / f"{slug}.yaml").unlink()
    with pytest.raises(ConflictError):
        ws.people.save(slug, Person(name="Ada", title="x"))


def test_symlinked_file_is_written_through(ws: Workspace, data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "synced" / "ada.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("name: Ada\n")
    link = data_dir / "people" / "ada.yaml"
    link.symlink_to(elsewhere)
    ws.load()
    person = present(ws.people.get("ada")).copy()
    person.title = "Engineer"
    ws.people.save("ada", person)
    assert link.is_symlink()
    assert read(elsewhere)["title"] == "Engineer"


def test_delete_moves_to_trash_and_restore_brings_it_back(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", notes="precious"))
    trashed = ws.people.delete(slug)
    assert trashed.parent == data_dir / "trash" / "people"
    assert not (data_dir / "people" / f"{slug}.yaml").exists()
    assert slug not in ws.people
    restored = ws.people.restore(trashed)
    assert restored == slug and present(ws.people.get(slug)).notes == "precious"


def test_second_instance_is_read_only_and_says_who_holds_the_lock(
    ws: Workspace, data_dir: Path
) -> None:
    slug = ws.add_person(Person(name="Ada"))
    with Workspace.open(data_dir) as second:
        assert second.readonly
        assert f"pid {os.getpid()}" in present(second.lock_holder)
        assert present(second.people.get(slug)).name == "Ada"
        with pytest.raises(ReadOnlyError, match="another coffeechat"):
            second.add_person(Person(name="Bob"))


def test_lock_of_a_killed_process_does_not_block(data_dir: Path) -> None:
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from coffeechat.storage import Workspace\n"
        "ws = Workspace.open(Path(sys.argv[1]))\n"
        "assert not ws.readonly\n"
        "os.kill(os.getpid(), 9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(data_dir)], check=False)
    assert result.returncode == -9
    assert (data_dir / ".lock").read_text().startswith("pid ")  # left behind
    with Workspace.open(data_dir) as workspace:
        assert not workspace.readonly


def test_index_is_only_for_speed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.add_person(Person(name="Ada", title="Engineer"))
        workspace.companies.add(Company(name="Acme"))
    index = data_dir / CACHE_DIR / "index.sqlite"
    assert index.exists() and mode(index) == 0o600 and mode(index.parent) == 0o700
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Engineer"
    # An outside edit after the index was written is seen.
    (data_dir / "people" / "ada.yaml").write_text("name: Ada\ntitle: Manager\n")
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Manager"
    index.write_bytes(b"{corrupt")
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Manager"
    index.unlink()
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.companies.get("acme")).name == "Acme"


def test_cached_problems_are_still_reported(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    (data_dir / "people" / "ada.yaml").write_text("name: Ada\ncompnay: Acme\n")
    for _ in range(2):
        with Workspace.open(data_dir) as workspace:
            found = [p for p in workspace.problems() if present(p.path).name == "ada.yaml"]
            assert [(p.field, p.line) for p in found] == [("compnay", 2)]


def test_stale_temp_files_are_swept_and_never_loaded(data_dir: Path) -> None:
    folder = data_dir / "people"
    folder.mkdir(parents=True)
    debris = folder / ".ada.yaml.abc123.tmp"
    debris.write_text("name: half")
    os.utime(debris, (1, 1))
    with Workspace.open(data_dir) as workspace:
        assert len(workspace.people) == 0
    assert not debris.exists()


def test_huge_and_binary_files_are_reported(data_dir: Path) -> None:
    folder = data_dir / "people"
    folder.mkdir(parents=True)
    (folder / "huge.yaml").write_bytes(b"notes: " + b"x" * (yaml_io.MAX_FILE_BYTES + 1))
    (folder / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "latin1.yaml").write_bytes(b"name: Jos\xe9\n")
    (folder / "empty.yaml").write_bytes(b"")
    with Workspace.open(data_dir) as workspace:
        messages = {present(p.path).name: p.message for p in workspace.problems()}
    assert "limit" in messages["huge.yaml"]
    assert "binary" in messages["binary.yaml"] or "UTF-8" in messages["binary.yaml"]
    assert "not UTF-8" in messages["latin1.yaml"]
    assert "empty" in messages["empty.yaml"]


def test_dangling_slugs_are_warnings(ws: Workspace) -> None:
    ws.add_person(Person(name="Ada", introduced_by="ghost", knows=["nobody"]))
    ws.new_interview(Interview(person="missing"))
    dangling = ws.dangling_links()
    assert {p.field for p in dangling} == {"introduced_by", "knows", "person"}
    assert all(p.severity is Severity.WARNING for p in dangling)


def test_interviews_are_named_by_date_and_person(ws: Workspace, fixed_clock) -> None:
    first = ws.new_interview(Interview(person="ada"))
    second = ws.new_interview(Interview(person="ada"))
    assert (first, second) == ("2026-11-25-ada", "2026-11-25-ada-2")
    assert present(present(ws.interviews.get(first)).created).isoformat() == "2026-11-25"


def test_company_lookup_by_name(ws: Workspace) -> None:
    slug = ws.companies.add(Company(name="Aritzia"))
    assert ws.company_slug_for("aritzia ") == slug
    assert ws.company_slug_for("Other") is None


def test_a_company_and_a_person_are_found_without_reading_their_folders(
        ws: Workspace) -> None:
    slug = ws.companies.add(Company(name="Zephyr Works"), slug="zw")
    ada = ws.people.add(Person(name="Ada"))
    ws.refresh()
    assert ws.company_slug_for("zephyr  works") == slug  # named otherwise than its slug
    assert ada in ws.people and "nobody" not in ws.people and "../people/ada" not in ws.people
    assert not (ws.companies.loaded or ws.people.loaded)
    ws.people.load()
    assert ada in ws.people and "nobody" not in ws.people


def test_damaged_index_row_falls_back_to_the_file(data_dir: Path) -> None:
    import sqlite3

    with Workspace.open(data_dir) as workspace:
        workspace.add_person(Person(name="Ada", title="Engineer"))
    connection = sqlite3.connect(data_dir / CACHE_DIR / "index.sqlite")
    with connection:
        connection.execute("""UPDATE bodies SET data = '{"name": "Ada", "extra": 5}'""")
    connection.close()
    with Workspace.open(data_dir) as workspace:
        assert present(workspace.people.get("ada")).title == "Engineer"


def test_folders_are_read_only_when_needed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.add_person(Person(name="Ada"))
    with Workspace.open(data_dir) as workspace:
        assert not workspace.people.loaded
        # One name is looked up without reading the whole folder.
        assert workspace.person_name("ada") == "Ada"
        assert workspace.people.count() == 1
        assert not workspace.people.loaded and not workspace.interviews.loaded
        assert len(workspace.people) == 1 and workspace.people.loaded


def test_keep_copy_sets_a_version_aside(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", notes="on disk"))
    theirs = ws.people.keep_copy(slug)
    mine = ws.people.keep_copy(slug, Person(name="Ada", notes="unsaved"))
    assert read(theirs)["notes"] == "on disk" and read(mine)["notes"] == "unsaved"
    assert theirs.parent == mine.parent == data_dir / "conflicts" / "people"
    assert read(data_dir / "people" / f"{slug}.yaml")["notes"] == "on disk"


def test_save_from_a_stale_copy_merges_instead_of_undoing(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", title="Engineer", notes="v1"))
    plan_base = present(ws.people.get(slug)).copy()
    live_base = present(ws.people.get(slug)).copy()
    live = live_base.copy()
    live.notes = "v1 plus live notes"
    ws.people.save(slug, live, base=live_base)
    plan = plan_base.copy()
    plan.title = "Manager"
    written = ws.people.save(slug, plan, base=plan_base)
    assert (written.title, written.notes) == ("Manager", "v1 plus live notes")
    assert ws.people.get(slug) == written


def test_save_from_a_stale_copy_that_clashes_writes_nothing(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", notes="v1"))
    base = present(ws.people.get(slug)).copy()
    first = base.copy()
    first.notes = "first screen"
    ws.people.save(slug, first, base=base)
    second = base.copy()
    second.notes = "second screen"
    with pytest.raises(ConflictError) as caught:
        ws.people.save(slug, second, base=base)
    assert caught.value.fields == ("notes",)
    assert read(data_dir / "people" / f"{slug}.yaml")["notes"] == "first screen"
    assert read(caught.value.kept)["notes"] == "second screen"


def test_the_store_keeps_its_own_copy(ws: Workspace) -> None:
    person = Person(name="Ada")
    slug = ws.add_person(person)
    person.title = "changed after adding"
    assert present(ws.people.get(slug)).title == ""
    saved = present(ws.people.get(slug)).copy()
    saved.title = "Engineer"
    ws.people.save(slug, saved)
    saved.title = "changed after saving"
    assert present(ws.people.get(slug)).title == "Engineer"


def test_save_with_a_base_merges_onto_an_outside_rewrite(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", title="Engineer", notes="v1"))
    base = present(ws.people.get(slug)).copy()
    path = data_dir / "people" / f"{slug}.yaml"
    path.write_text(path.read_text().replace("v1", "edited in vim"))
    mine = base.copy()
    mine.title = "Manager"
    written = ws.people.save(slug, mine, base=base)
    assert (written.title, written.notes) == ("Manager", "edited in vim")
    assert read(path)["notes"] == "edited in vim" and read(path)["title"] == "Manager"
    clash = base.copy()
    clash.notes = "typed here"
    with pytest.raises(ConflictError) as caught:
        ws.people.save(slug, clash, base=base)
    assert caught.value.fields == ("notes",)
    assert read(path)["notes"] == "edited in vim"


def test_save_with_a_base_refuses_a_file_broken_meanwhile(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada"))
    base = present(ws.people.get(slug)).copy()
    path = data_dir / "people" / f"{slug}.yaml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(ConflictError):
        ws.people.save(slug, Person(name="Ada", title="x"), base=base)
    assert path.read_text() == "name: [unclosed\n"


def test_a_namer_made_among_people_names_them_as_one_asking_one_at_a_time(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace.open(data_dir) as ws:
        for name in ("Ana Lima", "Bo Brand", "Cy Young", "Dee Dee"):
            ws.people.add(Person(name=name))
        ws.sync()
    people = data_dir / "people"
    (people / "bo-brand.yaml").write_text("name: Bo Renamed\n")  # edited since its row
    (people / "cy-young.yaml").unlink()
    (people / "dee-dee.yaml").write_bytes(b"name: Dee Dee\ncompany: [\n")  # cannot be read
    slugs = ["ana-lima", "bo-brand", "cy-young", "dee-dee", "nobody", "../people", ""]
    with Workspace.open(data_dir) as ws:
        one_at_a_time = [ws.person_namer()(slug) for slug in slugs]
        asked: list[str] = []
        name_of = ws.index.name_of

        def counted(kind: str, slug: str) -> Any:
            asked.append(slug)
            return name_of(kind, slug)

        monkeypatch.setattr(ws.index, "name_of", counted)
        among = ws.person_namer(slugs)
        assert [among(slug) for slug in slugs] == one_at_a_time == [
            "Ana Lima", "Bo Renamed", "cy-young", "Dee Dee", "nobody", "../people", ""]
    # Only the names the index could not vouch for were asked for one by one.
    assert "ana-lima" not in asked and "bo-brand" in asked


def test_files_are_stamped_by_path_where_their_folder_cannot_be_opened(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))
    path = data_dir / "people" / "ana-lima.yaml"
    opened = os.open

    def refused(where: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # A folder that can be searched but not listed (``chmod 100``).
        if Path(where) == data_dir / "people":
            raise PermissionError(13, "Permission denied", str(where))
        return opened(where, flags, *args, **kwargs)

    with Workspace.open(data_dir) as ws:
        monkeypatch.setattr(os, "open", refused)
        assert ws.people.stamps_of(["ana-lima", "nobody", "../people"]) == {
            "ana-lima": Stamp.of(path.stat())}
        assert ws.people.stamp_of("ana-lima") == Stamp.of(path.stat())
        assert ws.person_namer(["ana-lima"])("ana-lima") == "Ana Lima"


def _three_people(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        for name in ("Ana Lima", "Bo Brand", "Cy Young"):
            ws.people.add(Person(name=name))
        ws.refresh()


def test_a_record_is_edited_and_saved_without_reading_its_folder(data_dir: Path) -> None:
    _three_people(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        session = EditSession(ws.people, "bo-brand")
        mine = session.load()
        assert mine is not None and session.writable
        mine.title = "Pricing lead"
        assert session.save(mine).outcome is Outcome.SAVED
        assert ws.people.get("bo-brand") == mine and ws.people.editable("bo-brand")
        assert not ws.people.editable("nobody")
        assert not ws.people.loaded  # one record is never a reason to read the folder
    assert "title: Pricing lead\n" in (data_dir / "people" / "bo-brand.yaml").read_text()


@pytest.mark.parametrize("meanwhile", ["removed", "broken"])
def test_a_file_gone_or_broken_since_it_was_opened_keeps_the_edit_aside(
        data_dir: Path, meanwhile: str) -> None:
    _three_people(data_dir)
    path = data_dir / "people" / "bo-brand.yaml"
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        session = EditSession(ws.people, "bo-brand")
        mine = session.load()
        assert mine is not None
        if meanwhile == "removed":  # another program
            path.unlink()
        else:
            path.write_text("name: [Bo\n")
        mine.title = "Pricing lead"
        result = session.save(mine)
        assert result.outcome is Outcome.CONFLICT
        kept = result.error.kept  # type: ignore[union-attr]
        assert "title: Pricing lead\n" in kept.read_text()
        assert not ws.people.loaded
    assert not path.exists() if meanwhile == "removed" else path.read_text() == "name: [Bo\n"


def test_files_waiting_for_their_rows_are_searched_while_a_write_of_them_is_tried(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _three_people(data_dir)
    (data_dir / "people" / "dee-dee.yaml").write_text("name: Dee Dee\nnotes: zeppelins\n")
    with Workspace.open(data_dir) as ws:
        seen: list[list[str]] = []
        refused = [True]

        def store(*args: Any, **kwargs: Any) -> bool:
            # As another thread would see them while the rows are being written.
            seen.append([slug for slug, _ in ws.people.not_indexed()[0]])
            return not refused[0]

        monkeypatch.setattr(ws.index, "store", store)
        ws.people.load()
        ws.people.store_pending()
        assert seen and all("dee-dee" in slugs for slugs in seen)
        refused[0] = False
        ws.people.store_pending()
        assert ws.people.not_indexed() == ([], set())


def test_the_chats_to_choose_from_come_from_the_rows(ws: Workspace, monkeypatch) -> None:
    ada = ws.people.add(Person(name="Ada"))
    first = ws.interviews.add(Interview(person=ada, status="done"), slug="2026-01-01-ada")
    ws.interviews.add(Interview(person="bo"), slug="2026-02-01-bo")
    (ws.interviews.directory / "2026-03-01-broken.yaml").write_text("person: [\n")
    ws.refresh()
    assert ws.chat_summaries() == [("2026-02-01-bo", "bo", "idea"),
                                   ("2026-01-01-ada", ada, "done")]
    # A chat whose row the index could not take yet is listed as its file says.
    monkeypatch.setattr("coffeechat.storage.index.Index.store", lambda *a, **k: False)
    path = ws.interviews.directory / f"{first}.yaml"
    path.write_text(path.read_text().replace("status: done", "status: cancelled"))
    ws.interviews.reload(first)
    assert ws.chat_summaries()[1] == ("2026-01-01-ada", ada, "cancelled")
    assert not ws.interviews.loaded
