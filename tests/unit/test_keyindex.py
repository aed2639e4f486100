"""The compact tables and logs an import keeps for the people it creates."""

from __future__ import annotations

from coffeechat.interop.keyindex import SEVERAL, KeyTable, TextLog


def test_a_key_table_finds_every_key_it_was_given_through_its_growth() -> None:
    table = KeyTable()
    for number in range(5_000):
        table.add(f"name {number}", number)
    assert len(table) == 5_000
    assert [table.get(f"name {number}") for number in range(0, 5_000, 499)] == list(
        range(0, 5_000, 499))
    assert table.get("someone else") is None


def test_a_key_given_two_numbers_maps_to_several_and_one_given_twice_does_not() -> None:
    table = KeyTable()
    table.add("ada", 1)
    table.add("ada", 1)
    table.add("grace", 2)
    table.add("grace", 3)
    assert (table.get("ada"), table.get("grace"), len(table)) == (1, SEVERAL, 2)


def test_a_text_log_reads_back_every_text_once_they_are_kept_in_its_file() -> None:
    log = TextLog()
    # Far past what stays in memory, with texts of every length and script.
    texts = [f"line {n} {'Ø' * (n % 7)}{'山' * (n % 3)}" for n in range(60_000)]
    for number, text in enumerate(texts):
        assert log.append(text) == number
    assert len(log) == len(texts)
    assert [log[number] for number in (0, 1, 29_999, 59_998, 59_999)] == [
        texts[0], texts[1], texts[29_999], texts[59_998], texts[59_999]]
    assert all(log[number] == texts[number] for number in range(0, 60_000, 97))
