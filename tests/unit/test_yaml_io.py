"""The YAML layer: exact round-trips and hostile input refused fast."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.storage import yaml_io
from coffeechat.storage.yaml_io import YamlError

TRICKY = [
    "No", "no", "NO", "Yes", "On", "off", "y", "n", "null", "Null", "NULL", "~", "",
    "1:20", "01234", "0o17", "0x1F", "1e3", ".inf", "-.nan", "2024-03-01",
    "2024-03-01 10:00:00", "true", "False", " leading", "trailing ", " both ",
    "a: b", "- item", "# not a comment", "&anchor", "*alias", "!tag", "%directive",
    "'quoted'", '"double"', "multi\nline\n", "no trailing newline\nhere",
    "tab\there", "cr\r\nlf", "nel\x85here", "line\u2028sep", "para\u2029sep",
    "bom\ufeffinside", "😀 emoji", "שלום עולם", "مرحبا", "山田 太郎", "Øyvind Ødegård",
    "../../etc", "C:\\Windows", "\\backslash", "---", "...", "?", ":", "{}", "[]",
    "trailing spaces  \nnext", "  indented\n  block", "\n\nleading breaks",
    "ends with breaks\n\n\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_round_trips_exactly(text: str) -> None:
    data = {"name": text, "list": [text], "nested": {"value": text}}
    assert yaml_io.parse(yaml_io.dump(data)).data == data


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    data = {"notes": text, "tags": [text, text + "x"]}
    assert yaml_io.parse(yaml_io.dump(data)).data == data


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
def test_any_keys_round_trip(data: dict[str, str]) -> None:
    assert yaml_io.parse(yaml_io.dump(data)).data == data


def test_scalars_come_back_as_typed_text_not_yaml_types() -> None:
    document = yaml_io.parse(b"a: No\nb: 1:20\nc: 01234\nd: 2024-03-01\ne: 3.0\nf:\ng: ~\n")
    assert document.data == {
        "a": "No", "b": "1:20", "c": "01234", "d": "2024-03-01", "e": "3.0",
        "f": None, "g": None,
    }


def test_quoted_null_is_text_but_plain_null_is_nothing() -> None:
    assert yaml_io.parse(b"a: 'null'\nb: null\n").data == {"a": "null", "b": None}


def test_multiline_text_is_written_as_a_block() -> None:
    out = yaml_io.dump({"notes": "first line\nsecond line\n"}).decode()
    assert out == "notes: |\n  first line\n  second line\n"


def test_emoji_and_scripts_are_written_readably() -> None:
    out = yaml_io.dump({"name": "😀 山田 שלום"}).decode()
    assert "😀 山田 שלום" in out


def test_marks_point_at_keys() -> None:
    document = yaml_io.parse(b"name: x\nquestions:\n  - text: a\n    bank: b\n")
    assert document.marks[("name",)] == (1, 1)
    assert document.marks[("questions", 0, "bank")] == (4, 5)


def test_dumper_never_writes_anchors_for_shared_objects() -> None:
    shared = ["a", "b"]
    out = yaml_io.dump({"one": shared, "two": shared})
    assert b"&" not in out
    assert yaml_io.parse(out).data == {"one": shared, "two": shared}


def _error(raw: bytes) -> YamlError:
    with pytest.raises(YamlError) as caught:
        yaml_io.parse(raw)
    return caught.value


def test_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    bomb = ("\n".join(lines) + "\n").encode()
    error = _error(bomb)
    # Refused for its aliases, before anything is expanded: the message says so.
    assert "aliases" in error.message
    assert error.line is not None


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in _error(b"base: &b {x: 1}\nother:\n  <<: *b\n").message


def test_duplicate_keys_are_refused_with_position() -> None:
    error = _error(b"name: a\ncompany: b\nname: c\n")
    assert (error.message, error.line, error.column) == ("duplicate key 'name'", 3, 1)


def test_python_tags_are_refused() -> None:
    error = _error(b"name: !!python/object/apply:os.system ['echo hi']\n")
    assert "unsupported tag" in error.message


def test_custom_tags_are_refused() -> None:
    assert "unsupported tag" in _error(b"name: !secret x\n").message


def test_complex_keys_are_refused() -> None:
    assert "key must be plain text" in _error(b"? [a, b]\n: c\n").message


def test_deep_nesting_is_refused() -> None:
    raw = ("a: " + "[" * 2000 + "]" * 2000 + "\n").encode()
    assert "nest" in _error(raw).message
    shallow_enough_for_the_parser = ("a: " + "[" * 100 + "]" * 100 + "\n").encode()
    assert "nested more than 64 levels" in _error(shallow_enough_for_the_parser).message


# What a file is refused for, and where, when it has more than one thing wrong:
# anything the parser itself refuses (syntax, an undefined alias, a second
# anchor of one name, a second document) anywhere in the file comes first,
# then the first in the file of what the reader refuses.
REFUSED_FIRST = [
    (b"a: &x [1]\nb: *x\nc: [\n", ("invalid YAML: did not find expected node content", 4, 1)),
    (b"a: *x\n", ("invalid YAML: found undefined alias", 1, 4)),
    (b"a: &x 1\nb: &x 2\n", ("invalid YAML: second occurrence", 2, 4)),
    (b"a: &x 1\n*x : 2\n", ("aliases (*name) are not supported", 1, 4)),
    (b"a: &x 1\nb: *x\nb: 2\n",
     ("aliases (*name) are not supported; write the value out", 1, 4)),
    (b"a: 1\na: 2\n---\nb: 3\n", ("invalid YAML: but found another document", 3, 1)),
    (b"a: !secret 1\nb: !!python/none\n", ("unsupported tag '!secret'", 1, 4)),
    (b"a: <<\n", ("unsupported tag 'tag:yaml.org,2002:merge'", 1, 4)),
    (b"? [k]\n: v\nb: *y\n", ("invalid YAML: found undefined alias", 3, 4)),
]


@pytest.mark.parametrize(("raw", "expected"), REFUSED_FIRST)
def test_the_first_refusal_is_reported_where_it_is(raw: bytes,
                                                    expected: tuple[str, int, int]) -> None:
    error = _error(raw)
    assert (error.message, error.line, error.column) == expected


def test_null_keys_stay_text_and_null_values_are_none() -> None:
    document = yaml_io.parse(b"~: a\nnull: ~\nlist: [~, '~', !!str null, null]\n")
    assert document.data == {"~": "a", "null": None, "list": [None, "~", "null", None]}


def test_huge_file_is_refused_before_parsing() -> None:
    error = _error(b"a: b\n" * (yaml_io.MAX_FILE_BYTES // 5 + 1))
    assert "limit" in error.message


def test_non_utf8_is_refused_with_position() -> None:
    error = _error(b"name: ok\nnotes: caf\xe9\n")
    assert "not UTF-8" in error.message
    assert (error.line, error.column) == (2, 11)


def test_binary_file_is_refused() -> None:
    assert "binary" in _error(b"\x00\x01\x02name").message


def test_syntax_error_names_line_and_column() -> None:
    error = _error(b"name: x\ntags: [a, b\n")
    assert error.message.startswith("invalid YAML")
    assert error.line is not None and error.column is not None


def test_byte_order_mark_is_accepted() -> None:
    assert yaml_io.parse(b"\xef\xbb\xbfname: x\n").data == {"name": "x"}


def test_several_documents_are_refused() -> None:
    assert "invalid YAML" in _error(b"a: 1\n---\nb: 2\n").message


def test_empty_file_is_none() -> None:
    assert yaml_io.parse(b"").data is None
