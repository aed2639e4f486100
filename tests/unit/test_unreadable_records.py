"""A record file that cannot be read keeps its place: it is named from what
its text says, in the store and in the index, without reading it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.core.models import Person
from coffeechat.storage import Workspace, records
from coffeechat.storage.records import name_in_text

BROKEN = b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore College\ntitle: Admissions\n"


@pytest.mark.parametrize(("text", "name"), [
    (BROKEN, "Aiko Inoue"),
    (b'name: "Aiko  Inoue"  # a friend\ncompany: [\n', "Aiko Inoue"),
    (b"name: 'O''Brien'\n: [\n", "O'Brien"),
    (b"name: Aiko # a friend\n{\n", "Aiko"),
    (b"company: x\nname:\nname: Bo\n[\n", "Bo"),
    (b"contact:\n  name: Nested\n[\n", ""),  # not the record's own name
    (b"name: |\n  Aiko\n[\n", ""),  # a block: not a name on the line
    (b"name: *alias\n", ""),
    (b"name: \xff\xfe\n", ""),  # bytes that are not text name nobody
    (b"", ""),
])
def test_the_name_is_read_from_the_text_of_a_file_that_does_not_load(text: bytes,
                                                                      name: str) -> None:
    assert name_in_text(text) == name


def broken_aiko(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))
        ws.people.add(Person(name="Aiko Inoue"))
    (data_dir / "people" / "aiko-inoue.yaml").write_bytes(BROKEN)
    garbled = data_dir / "people" / "garbled.yaml"
    garbled.write_bytes(b"[[[\n")
    garbled.chmod(0o600)  # as private as the store keeps it (tightening is a change)


def test_unreadable_records_are_listed_with_the_name_their_text_gives(data_dir: Path) -> None:
    broken_aiko(data_dir)
    with Workspace.open(data_dir) as ws:
        assert ws.person_name("aiko-inoue") == "Aiko Inoue"  # before the folder is read
        found = {item.slug: item for item in ws.people.unreadable()}
        assert sorted(found) == ["aiko-inoue", "garbled"]
        assert (found["aiko-inoue"].name, found["garbled"].name) == ("Aiko Inoue", "")
        assert found["aiko-inoue"].path == data_dir / "people" / "aiko-inoue.yaml"
        [problem] = found["aiko-inoue"].problems
        assert (problem.line, problem.column) == (4, 6)
        assert [slug for slug, _ in ws.people.items()] == ["ana-lima"]
        assert ws.person_name("aiko-inoue") == "Aiko Inoue"
        assert ws.person_name("garbled") == "garbled"
        assert ws.person_namer()("aiko-inoue") == "Aiko Inoue"


@pytest.mark.usefixtures("caching_on")
def test_the_next_start_names_them_from_the_index_without_reading_them(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken_aiko(data_dir)
    with Workspace.open(data_dir) as ws:
        ws.sync()
    monkeypatch.setattr(records, "SETTLE_NS", 0)  # every row's stamp has settled
    with Workspace.open(data_dir) as ws:
        assert ws.index.names_of("people", ["aiko-inoue"]) == {"aiko-inoue": "Aiko Inoue"}
        assert ws.person_namer()("aiko-inoue") == "Aiko Inoue"
        for module in ("record_files", "folder_reading"):
            monkeypatch.setattr(f"coffeechat.storage.{module}.read_regular",
                                lambda *args, **kwargs: pytest.fail("a file was read"))
        found = {item.slug: item.name for item in ws.people.unreadable()}
    assert found == {"aiko-inoue": "Aiko Inoue", "garbled": ""}
