"""``coffeechat import`` / ``export`` from the command line: output, files, and mistakes."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tracemalloc
from pathlib import Path

import pytest
from icalendar import Calendar
from tests.typed import present

from coffeechat.cli import main
from coffeechat.interop import source
from coffeechat.storage import Workspace


def run(capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes, but for the derived
    index in ``.cache/``, which any command may bring up to date."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and ".cache" not in path.relative_to(folder).parts}


def test_import_linkedin_prints_each_change_and_a_summary(capsys, data_dir, sample) -> None:
    code, out, err = run(capsys, data_dir, "import", "linkedin", str(sample("Connections.csv")))
    assert code == 0, err
    assert out.splitlines()[-1] == "6 created, 0 updated, 0 unchanged, 1 skipped"
    assert "create     Zoë 🌱 Ng (line 7)" in out
    assert (data_dir / "people" / "zoe-ng.yaml").exists()
    code, out, _ = run(capsys, data_dir, "import", "linkedin", str(sample("Connections.csv")))
    assert out.splitlines()[-1] == "0 created, 0 updated, 6 unchanged, 1 skipped"


def test_dry_run_shows_the_plan_and_writes_nothing(capsys, data_dir, sample) -> None:
    run(capsys, data_dir, "import", "vcard", str(sample("contacts-4.0.vcf")))
    before = snapshot(data_dir)
    code, out, _ = run(capsys, data_dir, "import", "linkedin", "--dry-run",
                       str(sample("Connections.csv")))
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "dry run, nothing written: 5 created, 1 updated, 0 unchanged, 1 skipped"
    assert any(line.startswith("update     Ada Lovelace [ada-lovelace] (line 5): fills title")
               for line in lines)
    assert any(line.startswith("skip       line 8: no name") for line in lines)
    assert snapshot(data_dir) == before


def test_dry_run_does_not_even_create_the_data_directory(capsys, data_dir, sample) -> None:
    code, out, _ = run(capsys, data_dir, "import", "vcard", "--dry-run",
                       str(sample("contacts-3.0.vcf")))
    assert code == 0
    assert out.splitlines()[-1] == "dry run, nothing written: 3 created, 0 updated, " \
        "0 unchanged, 1 skipped"
    assert not data_dir.exists()


def test_import_several_vcard_files_reports_the_broken_line(capsys, data_dir, sample) -> None:
    code, out, _ = run(capsys, data_dir, "import", "vcard", str(sample("contacts-2.1.vcf")),
                       str(sample("contacts-3.0.vcf")))
    assert code == 0
    assert out.splitlines()[-1] == "5 created, 0 updated, 0 unchanged, 1 skipped"
    assert "contacts-3.0.vcf card 2, line 15); note: line 19 left " \
        "out: not vCard properties" in out


@pytest.fixture
def bad_inputs(tmp_path: Path, sample) -> dict[str, Path]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.csv").write_bytes(b"")
    (folder / "blank.vcf").write_bytes(b"\r\n  \n")
    (folder / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "big.csv").write_bytes(b"First Name,Last Name\n" + b"A,B\n" * 400)
    shutil.copy(sample("not-linkedin.csv"), folder / "other.csv")
    os.mkfifo(folder / "pipe.csv")  # no writer: opening it would wait forever
    return {"folder": folder, "missing": folder / "nope.csv", "pipe": folder / "pipe.csv",
            "device": Path(os.devnull), **{
        name: folder / f"{name}.{ext}" for name, ext in
        (("empty", "csv"), ("blank", "vcf"), ("photo", "csv"), ("big", "csv"), ("other", "csv"))
    }}


@pytest.mark.parametrize(("source_kind", "which", "message"), [
    ("linkedin", "missing", "does not exist"),
    ("linkedin", "folder", "is a folder, not a file"),
    ("linkedin", "pipe", "is a named pipe (FIFO), not a file; save the export as a file"),
    ("vcard", "device", "is a device, not a file"),
    ("linkedin", "empty", "is empty"),
    ("vcard", "blank", "is empty"),
    ("linkedin", "photo", "is a binary file"),
    ("vcard", "photo", "is a binary file"),
    ("linkedin", "big", "the limit for an import is 1,000 bytes"),
    ("linkedin", "other", "is not a LinkedIn connections export"),
    ("vcard", "other", "is not a vCard file"),
])
def test_bad_input_is_one_line_and_exit_1(capsys, monkeypatch, data_dir, bad_inputs,
                                          source_kind, which, message) -> None:
    monkeypatch.setattr(source, "MAX_IMPORT_BYTES", 1000)
    code, out, err = run(capsys, data_dir, "import", source_kind, str(bad_inputs[which]))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("coffeechat: error: ")
    assert message in err
    assert "Traceback" not in err
    # Nothing was created for a file that could not be read.
    assert not (data_dir / "people").exists() or not list((data_dir / "people").iterdir())


def test_import_is_refused_while_the_app_holds_the_lock(capsys, data_dir, sample) -> None:
    with Workspace.open(data_dir):
        code, _, err = run(capsys, data_dir, "import", "linkedin", str(sample("Connections.csv")))
    assert code == 1
    assert "has this data directory open" in err
    assert list((data_dir / "people").iterdir()) == []


def test_export_interview_markdown_to_stdout_and_file(capsys, data_dir, campaign, tmp_path) -> None:
    slug = campaign["rich"]
    code, out, _ = run(capsys, data_dir, "export", "interview", slug, "--format", "markdown")
    assert code == 0
    assert out.startswith("# Coffee chat with Ada Lovelace\n")
    target = tmp_path / "ada.md"
    code, _, err = run(capsys, data_dir, "export", "interview", slug, "--out", str(target))
    assert code == 0 and "wrote" in err
    assert target.read_text() == out
    assert target.stat().st_mode & 0o777 == 0o600
    target.write_text("mine")
    code, _, err = run(capsys, data_dir, "export", "interview", slug, "--out", str(target))
    assert code == 1 and "already exists; use --force" in err
    assert target.read_text() == "mine"
    code, _, _ = run(capsys, data_dir, "export", "interview", slug, "--out", str(target),
                     "--force")
    assert code == 0 and target.read_text() == out


def test_export_of_one_interview_reads_no_folder_whole(capsys, data_dir, campaign,
                                                       monkeypatch) -> None:
    """The chat from its row or its file, its people's names from theirs; and
    what could not be read of them is still said."""
    slug = campaign["rich"]
    expected = run(capsys, data_dir, "export", "interview", slug)[1]
    with Workspace.open(data_dir) as ws:
        person = present(ws.interviews.get(slug)).person
    (data_dir / "people" / f"{person}.yaml").write_text("name: [Ada\n")

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("a folder was read whole")

    monkeypatch.setattr("coffeechat.storage.folder_reading.FolderReading.load", whole)
    code, out, err = run(capsys, data_dir, "export", "interview", slug)
    assert code == 1 and out == ""
    assert f"could not read people/{person}.yaml" in err
    code, out, err = run(capsys, data_dir, "export", "interview", slug, "--partial")
    # Named by the slug: the broken file does not say the name.
    assert code == 0 and out == expected.replace("Ada Lovelace", person)


def test_export_of_an_unknown_interview_suggests_the_nearest(capsys, data_dir, campaign) -> None:
    wrong = campaign["rich"][:-1]
    code, _, err = run(capsys, data_dir, "export", "interview", wrong)
    assert code == 1
    assert f"did you mean {campaign['rich']!r}" in err


def test_export_of_a_broken_interview_file_says_why(capsys, data_dir, campaign) -> None:
    path = data_dir / "interviews" / "2026-01-01-broken.yaml"
    path.write_text("person: [unclosed\n")
    code, _, err = run(capsys, data_dir, "export", "interview", "2026-01-01-broken")
    assert code == 1 and "cannot be read: invalid YAML" in err


def test_export_calendar_to_a_file(capsys, data_dir, campaign, tmp_path, fixed_clock) -> None:
    target = tmp_path / "coffee.ics"
    code, _, err = run(capsys, data_dir, "export", "calendar", "--out", str(target))
    assert code == 0
    assert "2 events and 3 to-dos" in err
    calendar = Calendar.from_ical(target.read_bytes())
    assert len(calendar.walk("VEVENT")) == 2 and len(calendar.walk("VTODO")) == 3
    code, out, _ = run(capsys, data_dir, "export", "calendar")
    assert out.encode() == target.read_bytes()


def test_export_calendar_into_a_missing_folder_is_refused(capsys, data_dir, campaign,
                                                         tmp_path) -> None:
    code, _, err = run(capsys, data_dir, "export", "calendar", "--out",
                       str(tmp_path / "no" / "such" / "c.ics"))
    assert code == 1 and "does not exist" in err


def test_export_archive_default_name_and_folder(capsys, data_dir, campaign, tmp_path,
                                                monkeypatch, fixed_clock) -> None:
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    code, out, _ = run(capsys, data_dir, "export", "archive", "--out", str(out_dir))
    assert code == 0
    target = out_dir / "coffeechat-20261125-100000.tar.gz"
    assert out.startswith(f"wrote {target}: ")
    assert target.stat().st_mode & 0o777 == 0o600
    with tarfile.open(target) as tar:
        assert any(name.endswith("people/ada-lovelace.yaml") for name in tar.getnames())
    monkeypatch.chdir(out_dir)
    code, out, _ = run(capsys, data_dir, "export", "archive")
    assert code == 0 and out.startswith("wrote coffeechat-20261125-100000-2.tar.gz: ")


def test_export_archive_counts_one_file_in_words(capsys, data_dir, tmp_path) -> None:
    (data_dir / "people").mkdir(parents=True)
    (data_dir / "people" / "ada.yaml").write_text("schema: 1\nname: Ada\n", encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "export", "archive", "--out", str(tmp_path / "a.tar.gz"))
    assert code == 0 and ": 1 file, " in out


def test_export_archive_of_a_missing_data_directory(capsys, data_dir) -> None:
    code, _, err = run(capsys, data_dir, "export", "archive")
    assert code == 1 and "there is no data directory" in err
    assert not data_dir.exists()


def test_the_installed_command_reports_a_missing_file_without_a_traceback(data_dir) -> None:
    command = Path(sys.executable).parent / "coffeechat"
    result = subprocess.run(
        [str(command), "--data-dir", str(data_dir), "import", "linkedin", "nope.csv"],
        capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 1
    assert result.stderr == "coffeechat: error: nope.csv does not exist\n"
    assert result.stdout == ""


def connections(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    lines = [f"Person{index},Number{index},Acme,Engineer,01 Jan 2024" for index in range(rows)]
    path.write_text("First Name,Last Name,Company,Position,Connected On\n" + "\n".join(lines))
    return path


def fail_on_write(monkeypatch, number: int, error: BaseException) -> None:
    """Make the ``number``-th record file write raise ``error``."""
    from coffeechat.storage import folder_writes
    from coffeechat.storage.atomic import Staged

    calls = {"count": 0}
    real = Staged

    def staged(path, data, **kwargs):
        calls["count"] += 1
        if calls["count"] == number:
            raise error
        return real(path, data, **kwargs)

    monkeypatch.setattr(folder_writes, "Staged", staged)


def test_ctrl_c_shows_exactly_what_was_written_and_a_summary(capsys, monkeypatch, data_dir,
                                                            tmp_path) -> None:
    source = connections(tmp_path, 700)
    fail_on_write(monkeypatch, 301, KeyboardInterrupt())
    code, out, _ = run(capsys, data_dir, "import", "linkedin", str(source))
    assert code == 130
    lines = out.splitlines()
    created = [line for line in lines if line.startswith("create ")]
    assert len(created) == 300 == len(list((data_dir / "people").glob("*.yaml")))
    assert created[-1] == "create     Person299 Number299 (line 301)"
    assert lines[-1] == ("interrupted, nothing more written: 300 created, 0 updated, "
                         "0 unchanged, 0 skipped")


def test_a_full_disk_is_one_clear_line_and_exit_1(capsys, monkeypatch, data_dir,
                                                 tmp_path) -> None:
    source = connections(tmp_path, 50)
    fail_on_write(monkeypatch, 11, OSError(errno.ENOSPC, "No space left on device"))
    code, out, err = run(capsys, data_dir, "import", "linkedin", str(source))
    assert code == 1
    assert err == (f"coffeechat: error: cannot write in {data_dir / 'people'}: "
                   "No space left on device\n")
    created = [line for line in out.splitlines() if line.startswith("create ")]
    assert len(created) == 10 == len(list((data_dir / "people").glob("*.yaml")))
    assert out.splitlines()[-1] == "stopped: 10 created, 0 updated, 0 unchanged, 0 skipped"


def test_a_file_that_breaks_late_writes_nothing(capsys, data_dir, tmp_path) -> None:
    source = connections(tmp_path, 600)
    source.write_bytes(source.read_bytes() + b'\nAda,"Lovelace,,,\nBob,Ross,,,\n')
    code, out, err = run(capsys, data_dir, "import", "linkedin", str(source))
    assert code == 1 and out == ""
    assert "line 602: a quote opened on this line is not closed" in err
    assert not (data_dir / "people").exists() or not any((data_dir / "people").iterdir())


def test_archive_stores_links_as_links_and_never_what_they_point_to(
    capsys, data_dir, campaign, tmp_path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    (data_dir / "people" / "passwd.yaml").symlink_to(secret)
    (data_dir / "linked").symlink_to(tmp_path, target_is_directory=True)
    target = tmp_path / "backup.tar.gz"
    code, _, err = run(capsys, data_dir, "export", "archive", "--out", str(target))
    assert code == 0
    with tarfile.open(target) as tar:
        members = {member.name.split("/", 1)[1]: member for member in tar.getmembers()
                   if "/" in member.name}
        assert members["people/passwd.yaml"].issym()
        assert members["people/passwd.yaml"].linkname == str(secret)
        assert members["linked"].issym()
        for member in tar.getmembers():
            if member.isfile():
                assert b"root:x" not in present(tar.extractfile(member)).read()
    assert f"people/passwd.yaml -> {secret} is a link" in err


def test_archive_leaves_out_earlier_archives_and_default_names_never_clash(
    capsys, data_dir, campaign, monkeypatch, fixed_clock
) -> None:
    monkeypatch.chdir(data_dir)
    names = []
    for _ in range(3):
        code, out, err = run(capsys, data_dir, "export", "archive")
        assert code == 0, err
        names.append(out.split(":")[0].removeprefix("wrote "))
    assert names == ["coffeechat-20261125-100000.tar.gz", "coffeechat-20261125-100000-2.tar.gz",
                     "coffeechat-20261125-100000-3.tar.gz"]
    assert "coffeechat-20261125-100000.tar.gz is an archive; left out" in err
    with tarfile.open(data_dir / names[2]) as tar:
        assert tar.getnames()[0] == "coffeechat-20261125-100000-3"
        assert not any(name.endswith(".tar.gz") for name in tar.getnames())


@pytest.mark.slow
def test_a_long_import_writes_in_memory_that_hardly_grows(monkeypatch, tmp_path) -> None:
    """Nothing is kept of a person once written: not the record, not an entry."""
    # Durability is not what is measured here, and a busy disk would make it slow.
    monkeypatch.setattr(os, "fsync", lambda fd: None)

    def peak(rows: int) -> int:
        source = tmp_path / f"{rows}.csv"
        source.write_text("First Name,Last Name,URL,Email Address,Company,Position\n" + "".join(
            f"F{n},L{n},https://www.linkedin.com/in/p{n},{f'e{n}@x.io' if n % 10 == 0 else ''},"
            f"C{n % 97},"
            f"Head of Research {n}\n" for n in range(rows)))
        data = tmp_path / f"data{rows}"
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            tracemalloc.start()
            code = main(["--data-dir", str(data), "import", "linkedin", str(source)])
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert code == 0
        assert len(os.listdir(data / "people")) == rows
        return peak

    peak(50)  # the code it runs imported first, as a long import has it
    small, large = peak(1_000), peak(4_000)
    # The lookups and what the interpreter keeps of the files' names, a few hundred
    # bytes a row; keeping the people written cost over 2 KB a row.
    assert (large - small) / 3_000 < 800
