"""Network's filter in the index: the ids it shows are those the list's query
shows, in its order, whether read through or narrowed from the filter before."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from tests.held_query import HeldQuery

from coffeechat.core.contacts import filter_words, narrows
from coffeechat.core.models import Person
from coffeechat.demo import generate
from coffeechat.storage import Workspace
from coffeechat.storage.index import Filtered


def test_a_text_narrows_when_every_word_before_is_in_one_of_its_words() -> None:
    assert narrows(["produ"], ["prod"])
    assert narrows(["product", "man"], ["product"])
    assert narrows(["data", "analyst"], ["analyst"])
    assert not narrows(["prod"], ["produ"])  # a letter taken back widens
    assert not narrows(["product"], [])  # nothing before: everyone was shown
    assert not narrows(["data"], ["analyst"])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    generate(data, people=240, interviews=20, seed=3, today=dt.date(2026, 11, 25))
    with Workspace.open(data) as workspace:
        workspace.refresh()
    return data


@pytest.mark.parametrize("column", [0, 1, 2])
@pytest.mark.parametrize("reverse", [False, True])
def test_the_filter_shows_what_the_list_query_shows_read_through_or_narrowed(
        demo: Path, monkeypatch: pytest.MonkeyPatch, column: int, reverse: bool) -> None:
    # Narrowed whenever a filter before is given, however many it showed.
    monkeypatch.setattr("coffeechat.storage.index.contacts._NARROW_SHARE", 0)
    with Workspace.open(demo, readonly=True) as workspace:
        index = workspace.index
        before: Filtered | None = None
        for text in ("a", "an", "ana", "analyst", "analyst data", "zzz"):
            words = filter_words(text)
            shown = index.contacts(words, column, reverse, 0, 10_000)
            found = index.filter_contacts(words, column, reverse, window=5)
            assert found is not None
            assert index.contact_rows(found.ids) == shown, text
            assert found.rows == shown[:5]
            if before is not None:
                within = before.ids[::-1] if reverse else before.ids
                narrowed = index.filter_contacts(words, column, reverse, within=within)
                assert narrowed is not None and narrowed.ids == found.ids, text
            before = found
        assert before is not None and before.ids == []


def test_the_person_kept_is_found_with_the_rows_around_them(demo: Path) -> None:
    with Workspace.open(demo, readonly=True) as workspace:
        index = workspace.index
        shown = index.contacts(["a"], 0, False, 0, 10_000)
        kept = shown[150]
        found = index.filter_contacts(["a"], 0, False, keep=kept.slug, window=40)
        assert found is not None and found.position == 150
        assert found.rows == shown[found.offset:found.offset + 40]
        assert found.offset <= 150 < found.offset + 40
        assert index.contact_id(kept.slug) == found.ids[150]
        gone = index.filter_contacts(["zzz"], 0, False, keep=kept.slug)
        assert gone is not None and gone.position is None


def test_a_filter_stopped_while_it_runs_gives_nothing_and_the_next_one_runs(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # It looks whether it was stopped at every step, even over so few rows.
    monkeypatch.setattr("coffeechat.storage.index.contacts._STEPS_BETWEEN_LOOKS", 1)
    held = HeldQuery(monkeypatch, "instr(haystack")  # the first filter query, as it starts
    held.hold()
    with Workspace.open(demo, readonly=True) as workspace:
        index = workspace.index
        results: list[Filtered | None] = []
        running = threading.Thread(target=lambda: results.append(
            index.filter_contacts(["a"], 0, False)))
        running.start()
        assert held.entered.wait(10)
        index.stop_filter()  # a newer key, while it runs
        held.release.set()
        running.join(10)
        assert results == [None]
        found = index.filter_contacts(["an"], 0, False)
        assert found is not None and found.ids


def test_the_list_totals_are_those_of_every_row(data_dir: Path) -> None:
    with Workspace.open(data_dir) as workspace:
        workspace.people.add(Person(name="Ada", company="Acme", tags=["x"]))
        workspace.people.add(Person(name="Zed " + "Long" * 30, title="CTO"))
    (data_dir / "people" / "broken.yaml").write_bytes(b"name: [Broken\n")
    with Workspace.open(data_dir) as workspace:
        workspace.refresh()
        # The unreadable row says so in its company and title cells.
        assert workspace.index.contact_totals() == (3, 1, [124, 10, 10, 1, 0])
