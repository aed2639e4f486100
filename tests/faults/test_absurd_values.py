"""Absurd values in every date and number field: reported where they are written
(file:line:col), and no screen and no command crashes on anything that loaded,
including the extremes the bounds still allow.

The fields are found from the schema, so a date or number field added later is
covered without touching this file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.codecs import (
    FIRST_YEAR,
    LAST_YEAR,
    Date,
    DateTime,
    Nested,
    NestedList,
    Number,
)
from coffeechat.core.models.schema import Record, stored_fields
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.errors import OutOfRangeError
from coffeechat.storage.records import decode_record
from coffeechat.storage.settings import SETTINGS_FILE, Settings, SettingsFile
from coffeechat.ui.area import AREAS, AreaScreen
from coffeechat.ui.modals.problems import ProblemsModal

ABSURD: dict[type[object], list[str]] = {
    Date: ["9999-12-31", "0001-01-01", f"{FIRST_YEAR - 1}-12-31", f"{LAST_YEAR + 1}-01-01"],
    DateTime: ["9999-12-31 23:59", "0001-01-01 00:00", "9999-12-31T23:59+14:00",
               "0001-01-01T00:00-12:00"],
    Number: ["99999999999999", "9999999999", "-1", "0", "9" * 5000],
}


def extremes(codec: object) -> list[str]:
    """The most extreme values the bounds still let through."""
    if isinstance(codec, Date):
        return [f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"]
    if isinstance(codec, DateTime):
        return [f"{FIRST_YEAR}-01-01 00:00", f"{LAST_YEAR}-12-31 23:59"]
    assert isinstance(codec, Number)
    return [str(codec.low), str(codec.high)]


def bounded_fields(cls: type[Record], where: tuple[Any, ...] = ()) -> Iterator[
        tuple[tuple[Any, ...], object]]:
    """``(path, codec)`` of every date, date-time and number inside records of ``cls``."""
    for spec in stored_fields(cls):
        codec = spec.codec
        if isinstance(codec, (Date, DateTime, Number)):
            yield (*where, spec.name), codec
        elif isinstance(codec, Nested):
            yield from bounded_fields(codec.cls, (*where, spec.name))
        elif isinstance(codec, NestedList):
            yield from bounded_fields(codec.cls, (*where, spec.name, 0))


def minimal(cls: type[Record]) -> dict[str, Any]:
    """The smallest valid data of ``cls``: its required fields filled in."""
    return {spec.name: "x" for spec in stored_fields(cls) if spec.required}


def document(cls: type[Record], values: dict[tuple[Any, ...], str]) -> dict[str, Any]:
    """Valid data of ``cls`` with each value placed at its path (the first item of
    a list of records holds the values meant for that list)."""
    data = minimal(cls)
    for path, value in values.items():
        node: Any = data
        owner: type[Record] = cls
        for index, part in enumerate(path[:-1]):
            if isinstance(part, int):
                continue
            codec = {spec.name: spec.codec for spec in stored_fields(owner)}[part]
            assert isinstance(codec, (Nested, NestedList))
            owner = codec.cls
            if part not in node:
                child = minimal(owner)
                node[part] = [child] if isinstance(path[index + 1], int) else child
            node = node[part][0] if isinstance(node[part], list) else node[part]
        node[path[-1]] = value
    return data


KINDS: list[type[Record]] = [Person, Company, Interview, Settings]


def allowed(codec: object, value: str) -> bool:
    """Whether a number field takes ``value`` (0 is a motivation, not a duration)."""
    return isinstance(codec, Number) and len(value) < 20 and codec.low <= int(value) <= codec.high


CASES = [(cls, path, value) for cls in KINDS for path, codec in bounded_fields(cls)
         for value in ABSURD[type(codec)] if not allowed(codec, value)]


@pytest.mark.parametrize(("cls", "path", "value"), CASES, ids=[
    f"{cls.__name__}.{'.'.join(map(str, path))}={value[:20]}" for cls, path, value in CASES])
def test_an_absurd_value_is_a_problem_at_its_place(cls, path, value) -> None:
    raw = yaml_io.dump(document(cls, {path: value}))
    record, problems = decode_record(cls, raw, Path("x.yaml"))
    assert record is not None, problems
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.field == ".".join(map(str, path))
    assert "out of range" in problem.message or "not a" in problem.message
    assert len(problem.message) < 200
    assert problem.line is not None and problem.column is not None
    line = raw.decode().splitlines()[problem.line - 1]
    assert line[problem.column - 1:].startswith(f"{path[-1]}:"), (line, problem)
    assert record.out_of_bounds() == []  # the value was left out, not kept


def test_every_bounded_field_is_covered() -> None:
    found = {(cls.__name__, path) for cls, path, _ in CASES}
    assert ("Interview", ("duration",)) in found and ("Settings", ("nudge_days",)) in found
    assert ("Interview", ("outreach", 0, "date")) in found
    assert ("Interview", ("followups", 0, "due")) in found
    assert ("Person", ("connected_on",)) in found


@pytest.mark.parametrize("cls", [Person, Interview])
def test_the_store_refuses_to_write_a_value_no_file_can_hold(data_dir: Path, cls) -> None:
    with Workspace.open(data_dir) as ws:
        for path, _ in bounded_fields(cls):
            if len(path) > 1:
                continue  # inside a list of records: covered by the file test above
            record = cls(**minimal(cls))
            setattr(record, path[-1], _absurd_value(cls, path[-1]))
            with pytest.raises(OutOfRangeError, match="out of range"):
                getattr(ws, "people" if cls is Person else "interviews").add(record)
    assert not list((data_dir / "people").iterdir())
    assert not list((data_dir / "interviews").iterdir())


def _absurd_value(cls: type[Record], name: str) -> object:
    value = getattr(cls(**minimal(cls)), name)
    codec = {spec.name: spec.codec for spec in stored_fields(cls)}[name]
    if isinstance(codec, Number):
        return 99999999999999
    if isinstance(codec, DateTime):
        return dt.datetime(9999, 12, 31, 23, 59)
    assert value is None
    return dt.date(9999, 12, 31)


def absurd_workspace(data_dir: Path) -> dict[str, list[str]]:
    """People and interviews with every date and number field absurd (one file per
    absurd value), and others with every field at the lowest or at the highest
    value the bounds allow; settings with an absurd ``nudge_days``. Returns the
    slugs of each group."""
    folders = {Person: "people", Interview: "interviews"}
    written: dict[str, list[str]] = {"absurd": [], "extreme": []}
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada"))
    for cls, folder in folders.items():
        fields = list(bounded_fields(cls))
        variants = [("absurd", {path: ABSURD[type(codec)][i] for path, codec in fields})
                    for i in range(len(ABSURD[Date]))]
        variants += [("extreme", {path: extremes(codec)[i] for path, codec in fields})
                     for i in (0, 1)]
        for number, (group, values) in enumerate(variants):
            data = document(cls, values)
            if cls is Interview:
                data.update(person="ada", status="asked")
                slug = f"2026-11-20-{group}-{number}"
            else:
                data["name"] = f"{group} {number}"
                slug = f"{group}-{number}"
            (data_dir / folder / f"{slug}.yaml").write_bytes(yaml_io.dump(data))
            written[group].append(slug)
    (data_dir / SETTINGS_FILE).write_text("nudge_days: 99999999999999\n")
    return written


@pytest.mark.slow
async def test_every_screen_survives_every_value_that_loaded(data_dir: Path) -> None:
    slugs = absurd_workspace(data_dir)
    settings = SettingsFile(data_dir)
    assert settings.settings.nudge_days == Settings().nudge_days
    assert "out of range" in settings.problems[0].message
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        for mode, _, key in AREAS:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode and isinstance(app.screen, AreaScreen)
        interviews = [slug for group in slugs.values() for slug in group
                      if slug.startswith("2026")]
        for slug in interviews:
            for mode in ("plan", "live"):
                app.open_interview(slug, mode)
                await pilot.pause()
                assert app.current_mode == mode
        await pilot.press("f6")
        await pilot.pause()
        app.update_problems()
        errors, _ = app.problem_counts or (0, 0)
        assert errors >= len(slugs["absurd"])
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsModal)
        shown = " ".join(problem.message for problem in app.all_problems())
        assert "out of range" in shown and "nudge_days" in " ".join(
            problem.format() for problem in app.all_problems())


def test_every_command_survives_every_value_that_loaded(data_dir: Path, cli, tmp_path) -> None:
    slugs = absurd_workspace(data_dir)
    # Files that did not load are named, and exports ask for what could be read.
    for args in (["people", "list"], ["people", "list", "--json"], ["interviews", "list"],
                 ["interviews", "list", "--json"], ["export", "calendar", "--partial"],
                 ["banks", "list"],
                 ["export", "archive", "--out", str(tmp_path / "backup.tar.gz")]):
        result = cli(data_dir, *args)
        assert result.code == 0, (args, result.err)
    for slug in slugs["absurd"] + slugs["extreme"]:
        if slug.startswith("2026"):
            assert cli(data_dir, "export", "interview", slug, "--partial").code == 0


async def test_an_absurd_date_typed_in_a_screen_is_never_written(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada"))
        slug = ws.new_interview(Interview(person="ada", intent="learn"),
                                on=dt.date(2026, 11, 20))
    path = data_dir / "interviews" / f"{slug}.yaml"
    before = path.read_bytes()
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_interview(slug, "plan")
        await pilot.pause()
        app.screen.query_one("#plan-when", Input).value = "9999-12-31 10:00"
        await pilot.pause()
        app.flush_edits()
        await pilot.pause()
        assert path.read_bytes() == before  # a file that would not load is never made
        # Refused in the form, where it was typed: the plan never takes the value.
        assert "out of range" in str(app.screen.query_one("#plan-error").render())
    with Workspace.open(data_dir) as ws:
        assert not ws.interviews.entries[slug].broken


def test_a_command_given_an_absurd_value_says_so_in_one_line(data_dir: Path, cli) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada"))
    line = cli(data_dir, "interviews", "new", "ada", "--scheduled",
               "9999-12-31 23:59").assert_one_line_error()
    assert "out of range" in line
    assert not list((data_dir / "interviews").iterdir())
