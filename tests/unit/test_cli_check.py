"""Unreadable files are never skipped in silence: a warning, ``coffeechat check``,
and a cap on how long a field may be."""

from __future__ import annotations

from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Person
from coffeechat.storage import Workspace

# A listing names each file it could not read whole, with its first error.
WARNING = ("coffeechat: could not read people/huge.yaml:1:1: name: 3,000,000 characters; the "
           "limit for this field is 10,000, so the file was not loaded\n"
           "coffeechat: could not read people/jun-li.yaml:3:1: invalid YAML: did not find "
           "expected ',' or ']'\n")


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def damaged(data_dir: Path) -> Path:
    """Ada is fine; jun-li.yaml is not YAML; huge.yaml has a 3,000,000-character name."""
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada"))
    people = data_dir / "people"
    (people / "jun-li.yaml").write_text("name: Jun Li\ntitle: [unclosed\n")
    (people / "huge.yaml").write_text("name: " + "x" * 3_000_000 + "\n")
    return data_dir


def test_lists_warn_about_files_that_could_not_be_read(capsys, damaged: Path) -> None:
    code, out, err = run(capsys, damaged, "people", "list")
    assert code == 0 and "Ada" in out
    assert err == WARNING
    code, _, err = run(capsys, damaged, "interviews", "list")
    assert (code, err) == (0, "")  # the people folder was not read: nothing to say


def test_a_new_interview_with_an_unreadable_person_is_refused(capsys, damaged: Path) -> None:
    code, out, err = run(capsys, damaged, "interviews", "new", "jun-li")
    assert (code, out) == (1, "")
    assert err.startswith("coffeechat: error: jun-li.yaml cannot be read (invalid YAML")
    assert "coffeechat check" in err and len(err.splitlines()) == 1
    assert not any((damaged / "interviews").iterdir())


def test_check_lists_every_problem_as_file_line_col(capsys, damaged: Path) -> None:
    code, out, err = run(capsys, damaged, "check")
    assert code == 1
    lines = out.splitlines()
    assert f"{damaged / 'people' / 'huge.yaml'}:1:1: name: 3,000,000 characters; the limit " \
           "for this field is 10,000, so the file was not loaded" in lines
    assert any(line.startswith(f"{damaged / 'people' / 'jun-li.yaml'}:3:1: ") and
               "invalid YAML" in line for line in lines)
    assert err.endswith("in 2 files\n")


def test_check_is_quiet_and_exits_0_on_a_clean_workspace(capsys, data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada", notes="n" * 200_000))
    assert run(capsys, data_dir, "check") == (0, "", "")


def test_check_reports_links_to_nobody_and_bad_settings(capsys, data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Bo", introduced_by="nobody"))
    (data_dir / "settings.yaml").write_text("nudge_days: soon\n")
    code, out, _ = run(capsys, data_dir, "check")
    assert code == 1
    assert "bo.yaml: warning: introduced_by: no person 'nobody'" in out
    assert "settings.yaml:1:1: nudge_days: 'soon' is not a whole number" in out


def test_check_says_from_the_rows_what_the_folders_read_whole_say(
        capsys, damaged: Path, both_caches: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file compared with its row, then the rows' problems: the same lines
    as every folder read whole, with none read whole for them."""
    from coffeechat.core.models import Interview

    people = damaged / "people"
    with Workspace.open(damaged) as ws:
        ws.people.add(Person(name="Bo", knows=["nobody"], contact={"email": "team@x.example"}))
        ws.people.add(Person(name="Cy", contact={"email2": "TEAM@x.example"}))
        ws.new_interview(Interview(person="ghost"))
    (people / "bo.yml").write_text("name: Bo Twin\n")
    (people / "bo.yml").chmod(0o600)  # (a twin's mode is looked at only by a compare)
    (people / "loose.yaml").write_text("name: Loose\n")
    (people / "loose.yaml").chmod(0o644)
    (people / "cy.sync-conflict-20261206-101500-ABCDEFG.yaml").write_text("name: Cy Too\n")
    (damaged / "interviews" / "2026-01-01-broken.yaml").write_text("person: [\n")
    run(capsys, damaged, "check")  # the rows written (a first compare reads every file)
    with Workspace.open(damaged, readonly=True) as ws:
        for folder in ws.collections:
            folder.load()
        read_whole = sorted(problem.format() for problem in ws.problems())

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("a folder was read whole")

    monkeypatch.setattr("coffeechat.storage.folder_reading.FolderReading.load", whole)
    code, out, err = run(capsys, damaged, "check")
    assert code == 1 and err == "5 errors and 8 warnings in 8 files\n"
    assert sorted(out.splitlines()) == read_whole
    assert "no person 'nobody'" in out and "no person 'ghost'" in out
    assert "shares TEAM@x.example with Bo [bo]" in out
    assert "bo.yaml and bo.yml both exist" in out and "2026-01-01-broken.yaml" in out
