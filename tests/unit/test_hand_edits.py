"""A save changes only what changed in a file written by hand (comments, key
order, quoting stay), while a file coffeechat wrote keeps its canonical layout;
every guard of the store holds on both paths."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.unit.module_probe import modules_after

from coffeechat.core.models import Person
from coffeechat.storage import StoreError, Workspace, yaml_io
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.errors import ConflictError
from coffeechat.storage.records import decode_record, encode_record

# The file from the issue: a comment block on top, a trailing comment on a
# field, a comment on a list item, a comment at the end, keys in the user's order.
EXAMPLE = """\
# Met at the PyCon sprint, 2025. Ask about the pricing team.
# Follow up after the conference.
name: Ana Pérez
title: Senior Product Manager  # since March
company: Figma
contact:
  email:
  linkedin: https://www.linkedin.com/in/ana-perez
tags:
  - warm   # she offered to help
  - pricing
how_we_met: PyCon sprint, 2025
# Last checked in November.
"""

TRAPS = ["No", "1:20", "null", "01234", "~", "yes", "", "😀 emoji", "שלום עולם",
         "a\x85b", "  leading spaces", "# not a comment", "key: value", "- dash", "'quoted'",
         '"double"', "trailing ", "@at", "*star", "&amp", "!bang", "%pct", "2026-12-03",
         "0x1F", "1e3", ".inf", "on", "=", "<<", "[x]", "{y}", "a\nb", "a\n\nb\n"]


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def hand_written(data_dir: Path, text: str, slug: str = "ana") -> Path:
    folder = data_dir / "people"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def person_in(path: Path) -> Person:
    record, problems = decode_record(Person, path.read_bytes(), path)
    assert record is not None and not problems
    return record


def test_filling_the_empty_email_changes_that_line_only(data_dir: Path, both_caches) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        person.contact["email"] = "ana@figma.com"
        ws.people.save("ana", person)  # as an import fills a field
    after = path.read_text(encoding="utf-8")
    assert diff(EXAMPLE, after) == ["-  email:", "+  email: ana@figma.com"]
    assert person_in(path).contact["email"] == "ana@figma.com"


def test_a_new_field_goes_where_the_documented_order_puts_it(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        person.introduced_by = "bob"
        person.notes = "Two lines\nof notes"
        ws.people.save("ana", person)
    after = path.read_text(encoding="utf-8")
    # Each right after the nearest field before it, in the documented order,
    # that the file has: introduced_by after how_we_met, notes after contact.
    assert diff(EXAMPLE, after) == ["+notes: |-", "+  Two lines", "+  of notes",
                                    "+introduced_by: bob"]
    assert "  linkedin: https://www.linkedin.com/in/ana-perez\nnotes: |-\n" in after
    assert after.endswith("how_we_met: PyCon sprint, 2025\nintroduced_by: bob\n"
                          "# Last checked in November.\n")


def test_removed_list_item_takes_its_comment_and_others_stay(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        person.tags = ["warm", "No", "pricing"]
        ws.people.save("ana", person)
    assert diff(EXAMPLE, path.read_text(encoding="utf-8")) == ["+  - 'No'"]


@pytest.mark.parametrize("value", TRAPS)
def test_typed_text_is_kept_exactly_on_the_hand_written_path(data_dir: Path,
                                                              value: str) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        person.company = value
        person.tags = [value, *person.tags]
        person.contact["phone"] = value
        ws.people.save("ana", person)
    after = path.read_text(encoding="utf-8")
    back = person_in(path)
    assert back.company == value and back.tags[0] == value
    assert back.contact.get("phone", "") == value
    # Still the user's file: every comment is there.
    for comment in ("# Met at", "# since March", "# she offered", "# Last checked"):
        assert comment in after


def test_values_left_alone_stay_byte_for_byte(data_dir: Path, both_caches) -> None:
    text = """\
name: "No"
company: 01234
title: '1:20'   # quoted by me
learn: "a\\x85b"
how_we_met:    at the  "café"  ☕  # spaced my way
tags: [warm, 'null', "~"]
contact: {email: "ana@x.org", phone: '+33 6 12'}
notes: >
  folded by hand,
  over two lines
links:
    -   https://example.org/ana    # four spaces
"""
    path = hand_written(data_dir, text)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        assert (person.name, person.company, person.learn) == ("No", "01234", "a\x85b")
        person.introduced_by = "bob"
        ws.people.save("ana", person)
    assert diff(text, path.read_text(encoding="utf-8")) == ["+introduced_by: bob"]
    assert person_in(path) == person


LONG_NOTE = "".join(f"- point {n}: a ‘quote’, #{n} and 😀\n" for n in range(300))


@pytest.mark.parametrize("notes", [LONG_NOTE, LONG_NOTE + "\n\n", "short", LONG_NOTE[:-1]])
@pytest.mark.parametrize("change", ["title", "notes"])
def test_long_notes_keep_their_text_and_the_comments_around_them(data_dir: Path, notes: str,
                                                                   change: str) -> None:
    written = "".join(f"  {line}\n" for line in LONG_NOTE.splitlines())
    text = (f"name: Ana  # me\nnotes: |  # typed by hand\n{written}\n"
            "# between\ntitle: CTO  # for now\n# end\n")
    path = hand_written(data_dir, text)
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None and person.notes == LONG_NOTE
        if change == "title":
            person.title = notes[:20]
        else:
            person.notes = notes
        ws.people.save("ana", person)
    after = path.read_text(encoding="utf-8")
    assert person_in(path) == person
    for comment in ("# me", "# between", "# for now", "# end"):
        assert comment in after
    if change == "title":
        assert written in after and "# typed by hand" in after
        assert len(diff(text, after)) == 2


@pytest.mark.parametrize("value", TRAPS)
def test_typed_text_is_kept_exactly_on_the_canonical_path(ws: Workspace, value: str) -> None:
    slug = ws.add_person(Person(name="Ana"))
    person = ws.people.get(slug)
    assert person is not None
    person.company = value
    person.tags = [value]
    ws.people.save(slug, person)
    path = ws.people.path_for(slug)
    assert path.read_bytes() == encode_record(person)
    back = person_in(path)
    assert back.company == value and back.tags == [value]


@pytest.mark.parametrize("bad", [
    "name: &a Ana\ntitle: *a  # alias\n",
    "name: !!python/object:os.system Ana  # tag\n",
    "name: Ana  # twice\nname: Bob\n",
])
def test_a_hand_written_file_the_reader_refuses_is_never_written(data_dir: Path,
                                                                 bad: str) -> None:
    path = hand_written(data_dir, bad)
    with Workspace.open(data_dir) as ws:
        assert ws.people.entries["ana"].broken
        with pytest.raises(StoreError):
            ws.people.save("ana", Person(name="Ana", title="CTO"))
    assert path.read_text(encoding="utf-8") == bad


def test_an_outside_edit_adding_an_alias_is_not_overwritten(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        session = EditSession(ws.people, "ana")
        mine = session.load()
        assert mine is not None
        aliased = EXAMPLE.replace("company: Figma", "company: &c Figma\nlearn: *c")
        path.write_text(aliased, encoding="utf-8")
        os.utime(path, ns=(0, path.stat().st_mtime_ns + 10_000_000))
        mine.title = "VP Product"
        assert session.save(mine).outcome is Outcome.CONFLICT
    assert path.read_text(encoding="utf-8") == aliased


def test_oversized_file_is_refused_on_both_paths(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE + "# " + "x" * yaml_io.MAX_FILE_BYTES + "\n")
    with Workspace.open(data_dir) as ws:
        assert ws.people.entries["ana"].broken
        with pytest.raises(StoreError):
            ws.people.save("ana", Person(name="Ana"))
    assert path.stat().st_size > yaml_io.MAX_FILE_BYTES


def test_outside_edits_merge_and_both_keep_their_comments(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        session = EditSession(ws.people, "ana")
        mine = session.load()
        assert mine is not None
        theirs = EXAMPLE.replace("company: Figma", "company: Figma  # they moved\n"
                                 "learn: pricing")
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(0, path.stat().st_mtime_ns + 10_000_000))
        mine.title = "VP Product"
        assert session.save(mine).outcome is Outcome.MERGED
    after = path.read_text(encoding="utf-8")
    removed, added = diff(theirs, after)
    assert removed == "-title: Senior Product Manager  # since March"
    assert added.startswith("+title: VP Product ") and added.endswith(" # since March")
    assert person_in(path).learn == "pricing"


def test_same_field_changed_outside_is_a_conflict_and_the_file_stays(data_dir: Path) -> None:
    path = hand_written(data_dir, EXAMPLE)
    with Workspace.open(data_dir) as ws:
        session = EditSession(ws.people, "ana")
        mine = session.load()
        assert mine is not None
        theirs = EXAMPLE.replace("Senior Product Manager", "Director")
        path.write_text(theirs, encoding="utf-8")
        os.utime(path, ns=(0, path.stat().st_mtime_ns + 10_000_000))
        mine.title = "VP Product"
        result = session.save(mine)
        assert result.outcome is Outcome.CONFLICT
        assert isinstance(result.error, ConflictError) and result.error.kept.exists()
    assert path.read_text(encoding="utf-8") == theirs


def test_saves_of_files_coffeechat_wrote_never_load_the_round_trip_library(
        data_dir: Path, both_caches) -> None:
    code = ("import sys\nfrom pathlib import Path\n"
            "from coffeechat.core.models import Person\n"
            "from coffeechat.storage import Workspace\n"
            "ws = Workspace.open(Path(sys.argv[1]))\n"
            "slug = ws.add_person(Person(name='Ada'))\n"
            "p = ws.people.get(slug); p.title = 'CTO'; ws.people.save(slug, p)\n")
    assert not any(name.startswith("ruamel") for name in modules_after(code, str(data_dir)))
    hand_written(data_dir, EXAMPLE)
    loaded = modules_after(code + "p = ws.people.get('ana'); p.title = 'CTO'\n"
                           "ws.people.save('ana', p)\n", str(data_dir))
    assert "ruamel.yaml" in loaded


# -- properties ---------------------------------------------------------------

SHORT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
WORDS = st.lists(st.text("abcdefghij-", min_size=1, max_size=6), min_size=1, max_size=3).map(
    " ".join).filter(lambda text: not text.startswith("-"))
COMMENT = st.text("abcxyz #:-'\"", max_size=15).map(lambda text: f"# {text}".rstrip())


@st.composite
def hand_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A person file as someone types it: fields in any order, indented and
    quoted in any usual way, comments on their own lines between fields and
    list items and at the end of lines."""
    indent = " " * draw(st.sampled_from([2, 4]))
    dash = " " * draw(st.sampled_from([0, 2, 4]))

    def word() -> str:
        return draw(WORDS.map(lambda text: draw(st.sampled_from(
            [text, f"'{text}'", f'"{text}"']))))

    blocks = [
        ["name: " + word()],
        ["title: " + word()],
        ["company: " + word()],
        ["tags:", *(f"{dash}- {word()}" for _ in range(draw(st.integers(1, 3))))],
        ["contact:", f"{indent}email: {word()}"],
        ["how_we_met: " + word()],
    ]
    blocks = draw(st.permutations(blocks))
    comments: list[str] = []
    lines: list[str] = []
    for block in blocks:
        if draw(st.booleans()):
            comments.append(draw(COMMENT))
            lines.append(comments[-1])
        for number, line in enumerate(block):
            if number and draw(st.booleans()):
                comments.append(draw(COMMENT))
                lines.append(line[:len(line) - len(line.lstrip())] + comments[-1])
            if draw(st.booleans()):
                comments.append(draw(COMMENT))
                line = f"{line}  {comments[-1]}"
            lines.append(line)
    comments.append(draw(COMMENT))
    lines.append(comments[-1])
    return "\n".join(lines) + "\n", comments


FIELD_CHANGES = st.one_of(
    st.tuples(st.sampled_from(["title", "company", "how_we_met", "learn", "introduced_by"]),
              SHORT.filter(bool)),
    st.tuples(st.just("tags"), st.lists(SHORT.filter(bool), min_size=1, max_size=4)),
    st.tuples(st.just("contact"), st.dictionaries(st.sampled_from(["email", "phone"]),
                                                  SHORT.filter(bool), min_size=1)),
    st.tuples(st.just("notes"), st.text(max_size=200).filter(str.strip)),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hand_files(), FIELD_CHANGES)
# A block that needs its indentation written ("|2-") in a file indented by four.
@example(("name: a\ntitle: a\ncompany: a\ntags:\n- a\ncontact:\n    email: a\n"
          "how_we_met: a\n#\n", ["#"]), ("title", "\n0"))
# A block kept to its last line break ("|+") before a comment line.
@example(("title: a\n#\nname: a\ncompany: a\ntags:\n- a\ncontact:\n  email: a\n"
          "how_we_met: a\n#\n", ["#", "#"]), ("title", "\n"))
@example(("name: a\ntitle: a\ncompany: a\ntags:\n- a\n#\ncontact:\n  email: a\n"
          "how_we_met: a\n#\n", ["#", "#"]), ("tags", ["\n"]))
@example(("name: a\ntitle: a\ncompany: a\ntags:\n  - a\n  - a\n  #\n  - a\ncontact:\n"
          "  email: a\nhow_we_met: a\n#\n", ["#", "#"]), ("tags", ["x\ny"] * 3))
def test_comments_anywhere_survive_any_field_change(
        tmp_path_factory: pytest.TempPathFactory, file: tuple[str, list[str]],
        change: tuple[str, object]) -> None:
    text, comments = file
    data_dir = tmp_path_factory.mktemp("data")
    path = hand_written(data_dir, text)
    field, value = change
    with Workspace.open(data_dir) as ws:
        person = ws.people.get("ana")
        assert person is not None
        setattr(person, field, value)
        ws.people.save("ana", person)
    after = path.read_text(encoding="utf-8")
    assert person_in(path) == person
    # Only lines of the changed field are removed, and only comments written
    # on them (a list item dropped takes its own) may go.
    removed = [line[1:] for line in diff(text, after) if line.startswith("-")]
    field_lines = _lines_of(text, field)
    assert all(line in field_lines for line in removed), (removed, field)
    for comment in comments:
        assert comment in after or any(comment in line for line in field_lines)


def _lines_of(text: str, field: str) -> list[str]:
    lines = text.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if line[:1] not in (" ", "#", "-", ""):
            inside = line.startswith(f"{field}:")
        if inside:
            out.append(line)
    return out


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.builds(Person, name=SHORT.filter(str.strip), title=SHORT, company=SHORT,
                 tags=st.lists(SHORT), notes=st.text(max_size=100)),
       st.sampled_from(["title", "company", "notes"]), st.text(max_size=40))
def test_files_coffeechat_wrote_keep_the_canonical_layout(
        tmp_path_factory: pytest.TempPathFactory, person: Person, field: str,
        value: str) -> None:
    with Workspace.open(tmp_path_factory.mktemp("data")) as ws:
        slug = ws.add_person(person)
        path = ws.people.path_for(slug)
        assert path.read_bytes() == encode_record(person)
        changed = person.copy()
        setattr(changed, field, value)
        ws.people.save(slug, changed)
        assert path.read_bytes() == encode_record(changed)


def test_a_time_with_seconds_is_written_to_the_minute_and_comments_stay(
        data_dir: Path) -> None:
    # Live stamps a chat as held with the clock's seconds; files hold minutes.
    folder = data_dir / "interviews"
    folder.mkdir(parents=True)
    text = ("# Prep: bring the pricing questions.\nperson: ana\n"
            "status: scheduled  # confirmed by mail\nscheduled: 2026-12-18 17:15\n")
    path = folder / "2026-12-18-ana.yaml"
    path.write_text(text, encoding="utf-8")
    with Workspace.open(data_dir) as ws:
        interview = ws.interviews.get("2026-12-18-ana")
        assert interview is not None
        interview.held = dt.datetime(2026, 12, 18, 17, 16, 37)
        interview.notes = "She said: No, not 1:20."
        ws.interviews.save("2026-12-18-ana", interview)
    assert diff(text, path.read_text(encoding="utf-8")) == [
        "+held: 2026-12-18 17:16", "+notes: 'She said: No, not 1:20.'"]
