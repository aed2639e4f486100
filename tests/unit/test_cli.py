"""The command line: tricky names survive, errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests.unit.module_probe import modules_after

from coffeechat.cli import main
from coffeechat.cli.common import cell_width, print_table
from coffeechat.storage import Workspace

REPO = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


TRICKY = ["No", "null", "1:20", "01234", "~", "2024-03-01", "😀 Zoë", "שלום", "../../etc",
          " padded ", "O'Brien, Jr.", "yes"]


def test_tricky_names_survive_add_then_list_json(capsys, data_dir: Path) -> None:
    for name in TRICKY:
        code, _, err = run(capsys, data_dir, "people", "add", name, "--company", name,
                           "--title", name, "--tag", name)
        assert (code, err) == (0, "")
    code, out, _ = run(capsys, data_dir, "people", "list", "--json")
    people = json.loads(out)
    assert code == 0
    assert sorted(p["name"] for p in people) == sorted(TRICKY)
    for person in people:
        assert person["company"] == person["title"] == person["name"]
        assert person["tags"] == [person["name"]]
    assert not (data_dir.parent / "etc").exists()


def test_people_add_links_and_validates_slugs(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada Lovelace")
    code, out, _ = run(capsys, data_dir, "people", "add", "Bob", "--introduced-by", "ada lovelace",
                       "--knows", "ada-lovelace", "--email", "bob@example.com")
    assert (code, out) == (0, "bob\n")
    bob = json.loads(run(capsys, data_dir, "people", "list", "--json")[1])[1]
    assert bob["introduced_by"] == "ada-lovelace" and bob["knows"] == ["ada-lovelace"]
    assert bob["contact"] == {"email": "bob@example.com"}
    code, _, err = run(capsys, data_dir, "people", "add", "Cy", "--introduced-by", "ada-lovelac")
    assert code == 1
    assert err == "coffeechat: error: no person 'ada-lovelac' (did you mean 'ada-lovelace'?)\n"


def test_people_list_as_a_table(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada", "--company", "Acme", "--title", "Engineer")
    code, out, _ = run(capsys, data_dir, "people", "list")
    assert code == 0
    assert out.splitlines() == ["SLUG  NAME  COMPANY  TITLE", "ada   Ada   Acme     Engineer"]


def test_interviews_new_and_list(capsys, data_dir: Path, fixed_clock) -> None:
    run(capsys, data_dir, "people", "add", "Ada", "--company", "Acme")
    code, out, _ = run(capsys, data_dir, "interviews", "new", "Ada", "--goal", "explore-role",
                       "--intent", "Learn what PMs do", "--scheduled", "2026-12-03 10:00",
                       "--status", "scheduled", "--format", "video")
    assert (code, out) == (0, "2026-11-25-ada\n")
    code, out, _ = run(capsys, data_dir, "interviews", "list", "--json")
    [interview] = json.loads(out)
    assert interview["id"] == "2026-11-25-ada"
    assert interview["company"] == "Acme" and interview["scheduled"] == "2026-12-03T10:00:00"
    assert interview["questions"][-1]["id"] == "another-name"
    code, out, _ = run(capsys, data_dir, "interviews", "list", "--status", "done")
    assert out.splitlines() == ["ID  PERSON  STATUS  WHEN"]


def test_a_done_chat_is_listed_when_it_was_held(capsys, data_dir: Path, fixed_clock) -> None:
    run(capsys, data_dir, "people", "add", "Ada")
    slug = run(capsys, data_dir, "interviews", "new", "Ada", "--scheduled",
               "2026-12-10 15:30")[1].strip()
    with Workspace.open(data_dir) as ws:
        chat = ws.interviews.get(slug)
        assert chat is not None
        chat.status, chat.held = "done", dt.datetime(2026, 11, 24, 9, 0)
        ws.interviews.save(slug, chat)
    code, out, _ = run(capsys, data_dir, "interviews", "list")
    assert code == 0
    assert out.splitlines()[1].split()[-2:] == ["2026-11-24", "09:00"]


def test_a_date_makes_a_new_interview_scheduled_unless_told_otherwise(capsys, data_dir: Path,
                                                                      fixed_clock) -> None:
    run(capsys, data_dir, "people", "add", "Ada")
    run(capsys, data_dir, "interviews", "new", "Ada", "--scheduled", "2026-12-05 14:00")
    run(capsys, data_dir, "interviews", "new", "ada", "--scheduled", "2026-12-06 10:00",
        "--status", "asked")
    run(capsys, data_dir, "interviews", "new", "ada")
    statuses = [(i["id"], i["status"]) for i in
                json.loads(run(capsys, data_dir, "interviews", "list", "--json")[1])]
    assert statuses == [("2026-11-25-ada", "scheduled"), ("2026-11-25-ada-2", "asked"),
                        ("2026-11-25-ada-3", "idea")]


@pytest.mark.parametrize(("args", "message"), [
    (["interviews", "new", "nobody"], "no person 'nobody'"),
    (["interviews", "new", "Ada", "--goal", "explore-rol"], "did you mean 'explore-role'"),
    (["interviews", "new", "Ada", "--scheduled", "tomorrow"], "is not a date and time"),
    (["people", "add", "  "], "a person needs a name"),
])
def test_mistakes_get_one_line_and_exit_1(capsys, data_dir: Path, args, message) -> None:
    run(capsys, data_dir, "people", "add", "Ada")
    code, out, err = run(capsys, data_dir, *args)
    assert code == 1 and out == ""
    assert err.startswith("coffeechat: error: ") and message in err
    assert len(err.splitlines()) == 1


def test_writing_while_the_app_holds_the_lock_is_refused(capsys, data_dir: Path) -> None:
    from coffeechat.storage import Workspace

    with Workspace.open(data_dir):
        code, _, err = run(capsys, data_dir, "people", "add", "Ada")
        assert code == 1 and "another coffeechat" in err
        assert run(capsys, data_dir, "people", "list")[0] == 0


def test_banks_check_exit_codes(capsys, data_dir: Path, tmp_path: Path) -> None:
    assert run(capsys, data_dir, "banks", "check", str(REPO / "question_banks")) == (0, "", "")
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nquestions:\n  - id: a\n    text: 'unclosed\n")
    code, out, err = run(capsys, data_dir, "banks", "check", str(broken))
    assert code == 1 and err == ""
    assert out.startswith(f"{broken}:") and "invalid YAML" in out


def test_banks_check_defaults_to_shipped_and_own_banks(capsys, data_dir: Path) -> None:
    own = data_dir / "question_banks"
    own.mkdir(parents=True)
    (own / "mine.yaml").write_text("id: mine\ngoals: [x]\nquestions:\n  - id: a\n    text: A?\n"
                                   "    stage: nope\n")
    code, out, _ = run(capsys, data_dir, "banks", "check")
    assert code == 1 and "mine.yaml:6:5: questions.0.stage" in out


def test_banks_list_json_marks_overrides(capsys, data_dir: Path) -> None:
    own = data_dir / "question_banks"
    own.mkdir(parents=True)
    (own / "closing.yaml").write_text("id: closing\ngoals: [closing]\n"
                                      "questions:\n  - id: a\n    text: A?\n")
    banks = {b["id"]: b for b in json.loads(run(capsys, data_dir, "banks", "list", "--json")[1])}
    assert banks["closing"]["source"] == "own" and banks["closing"]["overrides_shipped"]
    assert banks["explore-role"]["source"] == "shipped"


def test_group_without_verb_is_one_line_naming_the_verbs(capsys, data_dir: Path) -> None:
    code, _, err = run(capsys, data_dir, "people")
    assert code == 1
    assert err == ("coffeechat: error: 'coffeechat people' needs one of: add, list; "
                   "try 'coffeechat people --help'\n")


@pytest.mark.parametrize(("args", "hint"), [
    (["interviews", "new"], "try 'coffeechat interviews new --help'"),
    (["people", "lst"], "try 'coffeechat people --help'"),
    (["--bogus"], "try 'coffeechat --help'"),
    (["interviews", "new", "Ada", "--format", "zoom"], "try 'coffeechat interviews new --help'"),
    (["demo", "--people", "many"], "try 'coffeechat demo --help'"),
])
def test_usage_mistakes_are_one_line_with_a_hint_and_exit_1(capsys, data_dir: Path, args,
                                                             hint) -> None:
    code, out, err = run(capsys, data_dir, *args)
    assert (code, out) == (1, "")
    assert err.startswith("coffeechat: error: ") and err.endswith(hint + "\n")
    assert len(err.splitlines()) == 1


def test_help_still_shows_the_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["people", "add", "--help"])
    assert exited.value.code == 0
    assert "--company" in capsys.readouterr().out


def test_data_dir_is_accepted_after_the_command_too(capsys, tmp_path: Path, monkeypatch) -> None:
    after = tmp_path / "after"
    before = tmp_path / "before"
    assert main(["people", "add", "Ada", "--data-dir", str(after)]) == 0
    assert main(["--data-dir", str(before), "people", "add", "Bo"]) == 0
    assert main(["demo", "--data-dir", str(tmp_path / "demo"), "--people", "3",
                 "--interviews", "1"]) == 0
    assert (after / "people" / "ada.yaml").exists() and (before / "people" / "bo.yaml").exists()
    assert len(list((tmp_path / "demo" / "people").iterdir())) == 3
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "env"))
    assert main(["people", "add", "Cy"]) == 0
    assert (tmp_path / "env" / "people" / "cy.yaml").exists()
    capsys.readouterr()


@pytest.mark.parametrize(("line", "folder"), [
    ([], None),
    (["--data-dir", "here"], "here"),
    (["--data-dir=here"], "here"),
    (["--data-dir", "No"], "No"),
])
def test_a_line_that_only_opens_the_app_opens_it_on_its_folder(
        monkeypatch, line: list[str], folder: str | None) -> None:
    import coffeechat.cli as cli

    opened: list[str | None] = []
    def run_app(args: argparse.Namespace) -> int:
        opened.append(args.data_dir)
        return 0

    monkeypatch.setattr(cli, "_run_app", run_app)
    assert cli.main(line) == 0
    assert opened == [folder]


def test_a_line_the_quick_path_does_not_take_is_still_parsed(capsys, monkeypatch) -> None:
    import coffeechat.cli as cli

    opened: list[str | None] = []
    def run_app(args: argparse.Namespace) -> int:
        opened.append(args.data_dir)
        return 0

    monkeypatch.setattr(cli, "_run_app", run_app)
    assert cli.main(["--data-dir", "--version"]) == 1  # an option where the folder goes
    assert "expected one argument" in capsys.readouterr().err
    assert cli.main(["--data", "abbreviated"]) == 0  # argparse's prefix of --data-dir
    assert opened == ["abbreviated"]


def test_opening_the_app_imports_no_command(tmp_path: Path) -> None:
    # Start-up: the parser and every command (the import machinery among them)
    # are left unimported when the line only opens the app.
    loaded = modules_after("import coffeechat.cli as cli\n"
                           "cli._run_app = lambda args: 0\n"
                           f"cli.main(['--data-dir', {str(tmp_path)!r}])\n")
    assert "coffeechat.cli" in loaded
    assert sorted(name for name in loaded if name.endswith("_cmd")
                  or name.startswith("coffeechat.interop")) == []


def test_the_app_runs_with_start_up_objects_left_out_of_collections(
        tmp_path: Path, monkeypatch) -> None:
    import gc

    import coffeechat.app
    from coffeechat.storage.start_ahead import StartAhead

    frozen: list[int] = []
    given: list[object] = []

    class Probe:
        return_code = 0

        def __init__(self, data_dir: Path, ahead: StartAhead | None = None) -> None:
            given.append(ahead)

        def run(self) -> None:
            frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(coffeechat.app, "CoffeeChatApp", Probe)
    try:
        assert main(["--data-dir", str(tmp_path)]) == 0
    finally:
        gc.unfreeze()
    assert frozen and frozen[0] > 0
    # What the start prepares on the other core, made before the app was imported.
    assert len(given) == 1 and isinstance(given[0], StartAhead)


def test_installed_command_runs_from_any_directory(tmp_path: Path) -> None:
    env = {**os.environ, "COFFEECHAT_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "banks", "list"], cwd=tmp_path, env=env,
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "explore-role" in result.stdout
    version = subprocess.run([sys.executable, "-m", "coffeechat", "--version"],
                             capture_output=True, text=True, check=True)
    assert version.stdout.startswith("coffeechat ")


def test_wheel_contains_the_shipped_banks(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("coffeechat-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "coffeechat/question_banks/closing.yaml" in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("from coffeechat.storage.paths import shipped_banks_dir as d; "
            "print(d(), len(list(d().glob('*.yaml'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, check=True,
                            env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
                            capture_output=True, text=True)
    location, count = result.stdout.split()
    assert Path(location).is_relative_to(tmp_path / "site") and int(count) >= 6


def test_a_name_already_there_is_offered_and_a_second_person_needs_new(capsys,
                                                                       data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada", "--company", "Acme")
    code, out, err = run(capsys, data_dir, "people", "add", "ada")
    assert (code, out) == (1, "")
    assert err == ("coffeechat: error: 'ada' is already in your network: ada (Acme); use that "
                   "slug, or add --new for a second person with this name\n")
    assert sorted(p.name for p in (data_dir / "people").iterdir()) == ["ada.yaml"]
    code, out, err = run(capsys, data_dir, "people", "add", "ada", "--new")
    assert (code, out, err) == (0, "ada-2\n", "")


def test_a_namesake_whose_file_cannot_be_read_is_offered_too(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Aiko Inoue", "--company", "Lakeshore")
    broken = data_dir / "people" / "aiko-inoue.yaml"
    broken.write_bytes(b"schema: 1\nname: Aiko Inoue\ncompany: [Lakeshore\ntitle: x\n")
    code, out, err = run(capsys, data_dir, "people", "add", "aiko inoue")
    assert (code, out) == (1, "")
    assert err.startswith("coffeechat: error: 'aiko inoue' is already in your network: "
                          "aiko-inoue (file cannot be read); use that slug, or add --new")
    assert sorted(p.name for p in (data_dir / "people").iterdir()) == ["aiko-inoue.yaml"]
    code, out, _ = run(capsys, data_dir, "people", "add", "aiko inoue", "--new")
    assert (code, out) == (0, "aiko-inoue-2\n")


def test_an_ambiguous_name_is_refused_naming_the_candidates(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada", "--company", "Acme")
    run(capsys, data_dir, "people", "add", "ada", "--title", "Buyer", "--new")
    for args in (["people", "add", "Bob", "--introduced-by", "ADA"],
                 ["people", "add", "Bob", "--knows", "ADA"],
                 ["interviews", "new", "ADA"]):
        code, out, err = run(capsys, data_dir, *args)
        assert (code, out) == (1, "")
        assert err == ("coffeechat: error: 'ADA' matches 2 people: ada (Acme), ada-2 (Buyer); "
                       "use the slug\n")
    assert sorted(p.name for p in (data_dir / "people").iterdir()) == ["ada-2.yaml", "ada.yaml"]
    assert not any((data_dir / "interviews").iterdir())
    code, out, _ = run(capsys, data_dir, "people", "add", "Bob", "--introduced-by", "ada-2")
    assert (code, out) == (0, "bob\n")


@pytest.mark.parametrize("command", [["people", "list"], ["people", "add", "Ada"], ["demo"]])
def test_a_data_dir_that_is_a_link_to_nothing_says_so(capsys, tmp_path: Path,
                                                      command: list[str]) -> None:
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "unmounted" / "coffeechat")
    code, _, err = run(capsys, link, *command)
    assert code == 1
    assert err.startswith(f"coffeechat: error: cannot use {link} as the data directory: it is "
                          f"a link to {tmp_path / 'unmounted' / 'coffeechat'}, which does not "
                          "exist"), err
    assert "File exists" not in err and len(err.splitlines()) == 1
    assert not (tmp_path / "unmounted").exists()  # nothing made where it leads


def test_check_reports_loose_permissions_and_a_write_says_it_tightened_them(
        capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada")
    ada = data_dir / "people" / "ada.yaml"
    os.chmod(data_dir, 0o755)
    os.chmod(ada, 0o644)
    code, out, _ = run(capsys, data_dir, "check")
    assert code == 1
    assert (f"{data_dir}: warning: the data folder is readable by others (mode 755); "
            "coffeechat makes it 700 the next time it writes here") in out.splitlines()
    assert (f"{ada}: warning: readable by others (mode 644); coffeechat makes it 600 the "
            "next time it writes here") in out.splitlines()
    assert (os.stat(data_dir).st_mode & 0o777, ada.stat().st_mode & 0o777) == (0o755, 0o644)
    code, out, err = run(capsys, data_dir, "people", "add", "Bob")
    assert (code, out) == (0, "bob\n")
    assert err.splitlines() == [
        f"coffeechat: note: {data_dir}: the data folder was readable by others (mode 755); "
        "tightened to 700",
        f"coffeechat: note: {data_dir / 'people'}: 1 file was readable by others; "
        "tightened to 600"]
    assert (os.stat(data_dir).st_mode & 0o777, ada.stat().st_mode & 0o777) == (0o700, 0o600)
    assert run(capsys, data_dir, "check")[0] == 0


def test_unusable_data_dir_is_one_line(capsys, tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    code, _, err = run(capsys, a_file, "people", "list")
    assert code == 1
    assert err == f"coffeechat: error: cannot use {a_file} as the data directory: " \
                  "it is a file, not a folder\n"


def test_banks_check_passes_an_empty_own_folder_and_an_override(capsys,
                                                                 data_dir: Path) -> None:
    with Workspace.open(data_dir):
        pass
    assert (data_dir / "question_banks").is_dir()
    assert run(capsys, data_dir, "banks", "check") == (0, "", "")
    assert run(capsys, data_dir, "check")[0] == 0
    # Copying a shipped bank into one's own folder is how one overrides it.
    shipped = (REPO / "question_banks" / "applying-for-role.yaml").read_text()
    (data_dir / "question_banks" / "applying-for-role.yaml").write_text(shipped)
    assert run(capsys, data_dir, "banks", "check") == (0, "", "")
    assert run(capsys, data_dir, "check")[0] == 0
    # Two of one's own files with one id: the app uses one of them, both say so.
    (data_dir / "question_banks" / "copy.yaml").write_text(shipped)
    code, out, _ = run(capsys, data_dir, "banks", "check")
    assert code == 1 and "duplicate bank id 'applying-for-role'" in out
    code, out, _ = run(capsys, data_dir, "check")
    assert code == 1 and "duplicate bank id 'applying-for-role'" in out


@pytest.mark.parametrize("command", [
    ["people", "list"], ["interviews", "list"], ["search", "ada"], ["check"],
    ["followups", "list"], ["targets", "list"], ["export", "csv", "people"]])
def test_a_read_on_a_missing_data_dir_says_so_and_creates_nothing(capsys, tmp_path: Path,
                                                                 command: list[str]) -> None:
    missing = tmp_path / "nonexistent" / "x" / "y"
    code, out, err = run(capsys, missing, *command)
    assert (code, out) == (1, "")
    assert err.startswith(f"coffeechat: error: there is no data directory at {missing}")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["peple", "list"], "(did you mean 'people'?); try 'coffeechat --help'"),
    (["people", "lst"], "(did you mean 'list'?); try 'coffeechat people --help'"),
    (["people", "list", "--jsn"], "(did you mean '--json'?); try 'coffeechat people list --help'"),
])
def test_a_typo_gets_a_did_you_mean(capsys, data_dir: Path, args, message) -> None:
    code, out, err = run(capsys, data_dir, *args)
    assert (code, out) == (1, "")
    assert err.endswith(message + "\n") and len(err.splitlines()) == 1, err


def test_an_unknown_goal_lists_the_valid_ones(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "Ada")
    code, _, err = run(capsys, data_dir, "interviews", "new", "ada", "--goal", "nonsense-goal")
    assert code == 1 and len(err.splitlines()) == 1
    assert "no bank serves the goal 'nonsense-goal'; the goals are: " in err
    assert "explore-role" in err and "applying-for-role" in err


def test_piped_tables_are_not_cut(capsys, data_dir: Path) -> None:
    own = data_dir / "question_banks"
    own.mkdir(parents=True)
    goals = ", ".join(f"goal-number-{n}" for n in range(8))
    (own / "wide.yaml").write_text(f"id: wide\ngoals: [{goals}]\n"
                                   "questions:\n  - id: a\n    text: A?\n")
    code, out, _ = run(capsys, data_dir, "banks", "list")
    assert code == 0 and goals in out


def test_wide_characters_align_by_terminal_cells(capsys, data_dir: Path) -> None:
    run(capsys, data_dir, "people", "add", "王小明", "--company", "Acme")
    run(capsys, data_dir, "people", "add", "Ada Lovelace", "--company", "Acme")
    code, out, _ = run(capsys, data_dir, "people", "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    columns = {cell_width(line[:line.index("Acme")]) for line in lines[1:]}
    assert len(columns) == 1, out
    assert cell_width(lines[0][:lines[0].index("COMPANY")]) in columns


def test_demo_ends_with_the_command_that_opens_it(capsys, tmp_path: Path) -> None:
    target = tmp_path / "my demo's folder"
    code, out, _ = run(capsys, target, "demo")
    assert code == 0
    last = out.splitlines()[-1]
    assert last.endswith(f"coffeechat --data-dir {shlex.quote(str(target))}"), last


def test_on_a_terminal_long_cells_are_cut_by_cells_with_an_ellipsis(capsys,
                                                                    monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    print_table([["株" * 30, "x"], ["a" * 50, "y"]], ["NAME", "N"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "株" * 19 + "…   x" and lines[2] == "a" * 39 + "…  y"
    assert {cell_width(line) for line in lines[1:]} == {43}


def test_search_of_a_data_directory_given_relative_to_here(
        capsys, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, data_dir, "people", "add", "Ada", "--title", "fintech")[0] == 0
    monkeypatch.chdir(data_dir.parent)
    code, out, err = run(capsys, Path(data_dir.name), "search", "fintech")
    assert (code, err) == (0, "") and out.split()[:2] == ["people", "ada"]
