"""Letters that fold: one rule for search, the filter, namesakes, sorting and file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.core.contacts import sortable
from coffeechat.core.models import Person
from coffeechat.core.people import name_key
from coffeechat.core.text import fold, nearest, sort_key
from coffeechat.storage import Workspace
from coffeechat.storage.slugs import slugify


@pytest.mark.parametrize(("text", "folded"), [
    ("Aisha Sørensen", "aisha sorensen"), ("Mats K. Løvås", "mats k. lovas"),
    ("Łódź", "lodz"), ("Ærø", "aero"), ("Œuvre", "oeuvre"), ("Đặng", "dang"),
    ("Þórður", "thordur"), ("Straße", "strasse"), ("Işık", "isik"), ("Jérôme", "jerome"),
    ("Hạnh", "hanh"), ("Ayşe", "ayse"), ("山田 太郎", "山田 太郎"), ("김민준", "김민준"),
])
def test_letters_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_names_sort_as_people_read_them() -> None:
    names = ["Jun Li", "Hyun-woo Park", "Jérôme Roy", "Hạnh Lê", "Zoë Ørsted", "Ørjan Berg"]
    assert sorted(names, key=sort_key) == ["Hạnh Lê", "Hyun-woo Park", "Jérôme Roy", "Jun Li",
                                           "Ørjan Berg", "Zoë Ørsted"]


def test_namesakes_fold_too() -> None:
    assert name_key("Aisha  Sørensen") == name_key("aisha sorensen")


def test_slugs_fold_every_letter() -> None:
    assert slugify("Zoë Ørsted-Nguyen") == "zoe-orsted-nguyen"
    assert slugify("Łukasz Æbelø") == "lukasz-aebelo"
    assert slugify("../Ø/..") == "o"


def test_a_file_keeps_its_name_and_a_new_slug_does_not_collide(data_dir: Path) -> None:
    (data_dir / "people").mkdir(parents=True)
    (data_dir / "people" / "zoe-ørsted-nguyen.yaml").write_text("name: Zoë Ørsted-Nguyen\n")
    with Workspace.open(data_dir) as ws:
        assert "zoe-ørsted-nguyen" in ws.people.entries
        ws.people.add(Person(name="Zoe Orsted Nguyen"))
        slug = ws.people.add(Person(name="Zoë Ørsted-Nguyen"))
    assert slug == "zoe-orsted-nguyen-2"
    assert sorted(p.name for p in (data_dir / "people").iterdir()) == [
        "zoe-orsted-nguyen-2.yaml", "zoe-orsted-nguyen.yaml", "zoe-ørsted-nguyen.yaml"]


def test_near_misses_are_found_across_folded_letters() -> None:
    assert nearest("Aero", ["Ærø", "Oslo"]) == "Ærø"
    assert nearest("Lodz", ["Łódź", "Lyon"]) == "Łódź"


def test_the_index_sorts_cells_as_sort_key_does_with_empty_ones_last() -> None:
    """Network's list is sorted by SQLite by ``sortable``: the same order as
    ``sort_key``, a prefix first, an empty cell after every other."""
    cells = ["Jun Li", "Jun", "Jun Li", "jun li", "Hạnh Lê", "Hyun-woo Park", "Jérôme Roy",
             "Zoë Ørsted", "Ørjan Berg", "", "a", "A", "ab", "a b", "山田 太郎", "🙂 Smiley"]
    by_key = sorted(cells, key=lambda cell: (not cell, sort_key(cell)))
    assert sorted(cells, key=sortable) == by_key
    assert sorted(cells, key=sortable)[-1] == ""
