"""A read that could not see everything says so: every export, the archive and the
listings name what they could not read, and an export of a data directory with
unreadable parts writes nothing and exits 1 unless ``--partial`` asks for the rest."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from coffeechat.core.models import Interview, Person
from coffeechat.storage import Workspace
from coffeechat.storage.freshness import refresh

from .test_store_edges import drop_permission_checks

FOLDER_LINE = ("coffeechat: could not read people: cannot read this folder (Permission "
               "denied), so none of its people are shown")


@pytest.fixture
def campaign(data_dir: Path) -> Path:
    """Ada, with one scheduled chat."""
    with Workspace.open(data_dir) as ws:
        ada = ws.add_person(Person(name="Ada Lovelace", notes="Engines."))
        ws.new_interview(Interview(person=ada, status="scheduled",
                                   scheduled=dt.datetime(2026, 12, 3, 10, 0)),
                         on=dt.date(2026, 11, 20))
    return data_dir


def test_an_archive_of_an_unreadable_folder_writes_nothing_and_exits_1(
        campaign: Path, tmp_path: Path, inject, cli) -> None:
    out = tmp_path / "backup.tar.gz"
    with inject(campaign / "people", errno.EACCES, reads=True):
        refused = cli(campaign, "export", "archive", "--out", str(out))
        assert not out.exists() and refused.out == ""
        assert refused.code == 1 and "Traceback" not in refused.err
        assert refused.err_lines[0] == "coffeechat: could not read people: Permission denied"
        assert refused.err_lines[1].startswith("coffeechat: error: nothing written: 1 file or "
                                               "folder could not be read (named above)")
        assert "--partial" in refused.err_lines[1] and len(refused.err_lines) == 2
        partial = cli(campaign, "export", "archive", "--out", str(out), "--partial")
    assert partial.code == 0
    assert partial.out.startswith(f"wrote {out}: ") and "(partial: 1 left out)" in partial.out
    assert partial.err_lines == ["coffeechat: could not read people: Permission denied"]
    with tarfile.open(fileobj=io.BytesIO(out.read_bytes()), mode="r:gz") as tar:
        names = tar.getnames()
    assert any(name.endswith("/interviews") for name in names)
    assert not any(name.endswith(".yaml") and "/people/" in name for name in names)


def test_an_archive_names_an_unreadable_file(campaign: Path, tmp_path: Path, inject,
                                              cli) -> None:
    out = tmp_path / "backup.tar.gz"
    with inject(campaign / "people" / "ada-lovelace.yaml", errno.EACCES, reads=True):
        refused = cli(campaign, "export", "archive", "--out", str(out))
    assert refused.code == 1 and not out.exists()
    assert refused.err_lines[0] == ("coffeechat: could not read people/ada-lovelace.yaml: "
                                    "Permission denied")


@pytest.mark.parametrize("command", [("export", "csv", "people"),
                                     ("export", "csv", "interviews"),
                                     ("export", "calendar")])
def test_an_export_of_an_unreadable_folder_writes_nothing_and_exits_1(
        campaign: Path, tmp_path: Path, inject, cli, command: tuple[str, ...]) -> None:
    out = tmp_path / "export.out"
    with inject(campaign / "people", errno.EACCES, reads=True):
        to_stdout = cli(campaign, *command)
        to_file = cli(campaign, *command, "--out", str(out))
        partial = cli(campaign, *command, "--out", str(out), "--partial")
    for refused in (to_stdout, to_file):
        assert refused.code == 1 and refused.out == "" and "Traceback" not in refused.err
        assert refused.err_lines[0] == FOLDER_LINE
        assert refused.err_lines[1].startswith("coffeechat: error: nothing written")
    assert partial.code == 0 and out.exists()
    assert partial.err_lines[0] == FOLDER_LINE


def test_an_export_names_a_person_whose_file_is_damaged(campaign: Path, cli) -> None:
    for command in (("export", "csv", "people"), ("export", "calendar")):
        clean = cli(campaign, *command)
        assert clean.code == 0 and clean.err == "" and clean.out
    (campaign / "people" / "ada-lovelace.yaml").write_text("name: [Ada\n")
    [interview] = os.listdir(campaign / "interviews")
    for command in (("export", "csv", "people"), ("export", "calendar"),
                    ("export", "interview", interview.removesuffix(".yaml"))):
        refused = cli(campaign, *command)
        assert refused.code == 1 and refused.out == "", command
        assert refused.err_lines[0].startswith(
            "coffeechat: could not read people/ada-lovelace.yaml:2:1: invalid YAML"), command
        partial = cli(campaign, *command, "--partial")
        assert partial.code == 0 and partial.out, command
        assert partial.err_lines == refused.err_lines[:1]


def test_listings_name_every_file_they_could_not_read(campaign: Path, cli) -> None:
    (campaign / "people" / "bo.yaml").write_text("name: [Bo\n")
    for json in ((), ("--json",)):
        result = cli(campaign, "people", "list", *json)
        assert result.code == 0 and "Ada Lovelace" in result.out
        assert result.err_lines == [
            "coffeechat: could not read people/bo.yaml:2:1: invalid YAML: did not find "
            "expected ',' or ']'"]
    # A chat whose person's name could not be read says so, as well as showing the slug.
    (campaign / "people" / "ada-lovelace.yaml").write_text("name: [Ada\n")
    result = cli(campaign, "interviews", "list")
    assert result.code == 0 and "ada-lovelace" in result.out
    assert result.err_lines == [
        "coffeechat: could not read people/ada-lovelace.yaml:2:1: invalid YAML: did not find "
        "expected ',' or ']'"]


@pytest.mark.parametrize("command", [("export", "archive", "--out", "backup.tar.gz"),
                                     ("export", "csv", "people")])
def test_a_real_unreadable_folder_fails_the_export(campaign: Path, tmp_path: Path,
                                                   command: tuple[str, ...]) -> None:
    prefix = drop_permission_checks()
    if prefix is None:
        pytest.skip("running as root without capsh: permission bits cannot apply here")
    os.chmod(campaign / "people", 0)
    try:
        line = [sys.executable, "-m", "coffeechat", "--data-dir", str(campaign), *command]
        if prefix:
            line = [*prefix, "-c", " ".join(f"'{part}'" for part in line)]
        result = subprocess.run(line, capture_output=True, text=True, check=False,
                                timeout=60, cwd=tmp_path)
    finally:
        os.chmod(campaign / "people", 0o700)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert "could not read people" in result.stderr and "Permission denied" in result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "backup.tar.gz").exists()


def test_a_search_names_what_it_could_not_read(campaign: Path, inject, cli) -> None:
    (campaign / "companies" / "engines-ltd.yaml").write_text("name: [Engines\n")
    damaged = ("coffeechat: could not read companies/engines-ltd.yaml:2:1: invalid YAML: did "
               "not find expected ',' or ']'")
    with inject(campaign / "people", errno.EACCES, reads=True):
        # Ada as the index last had her: the folder cannot be read now, and that is said.
        found = cli(campaign, "search", "engines")
        nothing = cli(campaign, "search", "zeppelin")
    assert found.code == 0 and found.out.startswith("people      ada-lovelace  Ada Lovelace")
    assert found.err_lines == [FOLDER_LINE, damaged]
    assert nothing.code == 1 and nothing.out == ""
    assert nothing.err_lines == [FOLDER_LINE, damaged,
                                 "nothing matches 'zeppelin' in what could be read"]


def test_a_refreshed_folder_names_what_it_could_not_read_and_keeps_its_rows(
        campaign: Path, inject) -> None:
    (campaign / "people" / "bo.yaml").write_text("name: [Bo\n")
    with Workspace.open(campaign, readonly=True) as ws:
        fresh = refresh(ws.index, ws.people)
        [problem] = fresh.unread()
        assert problem.format(campaign).startswith("people/bo.yaml:2:1: invalid YAML")
        assert fresh.listed
        with inject(campaign / "people", errno.EACCES, reads=True):
            fresh = refresh(ws.index, ws.people)
        assert not fresh.listed
        assert [f"coffeechat: could not read {problem.format(campaign)}"
                for problem in fresh.unread()] == [FOLDER_LINE]
        # A folder that cannot be read is not a folder emptied: its rows stay.
        assert sorted(ws.index.heads("people")) == ["ada-lovelace", "bo"]
