"""Question banks: shipped banks are clean, user banks override, the linter is precise."""

from __future__ import annotations

from pathlib import Path

from coffeechat.core.models.bank import STAGES
from coffeechat.core.models.goals import goal_title
from coffeechat.core.questions import FALLBACK_ANOTHER_NAME, follow_ups_for, propose
from coffeechat.storage.banks import check_paths, load_library
from coffeechat.storage.paths import shipped_banks_dir

SHIPPED_GOALS = {"explore-role", "understand-team", "applying-for-role",
                 "break-into-industry", "path-and-advice", "closing"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_shipped_banks_are_clean_and_cover_every_goal() -> None:
    assert check_paths([shipped_banks_dir()]) == []
    library = load_library(shipped_banks_dir(), None)
    assert len(library.banks) >= 6
    assert set(library.goals()) == SHIPPED_GOALS
    for bank in library.banks.values():
        assert len(bank.questions) >= 12, bank.id
        assert all(q.stage in STAGES and q.follow_ups for q in bank.questions), bank.id


def test_user_bank_with_the_same_id_replaces_the_shipped_one(tmp_path: Path) -> None:
    own = tmp_path / "own"
    write(own / "explore-role.yaml",
          "id: explore-role\ntitle: Mine\ngoals: [explore-role]\n"
          "questions:\n  - id: q1\n    text: My own question?\n")
    library = load_library(shipped_banks_dir(), own)
    assert library.banks["explore-role"].title == "Mine"
    assert not library.banks["explore-role"].shipped
    assert library.overridden["explore-role"].shipped


def test_broken_user_bank_is_reported_and_the_rest_still_work(tmp_path: Path) -> None:
    own = tmp_path / "own"
    write(own / "broken.yaml", "id: broken\nquestions:\n  - id: a\n    text: [oops\n")
    library = load_library(shipped_banks_dir(), own)
    assert "broken" not in library.banks
    assert "explore-role" in library.banks
    assert library.problems[0].format().startswith(f"{own / 'broken.yaml'}:")


def test_linter_lists_every_problem_with_file_line_column(tmp_path: Path) -> None:
    bank = write(tmp_path / "mine.yaml", (
        "id: Mine Bank\n"
        "goals: [explore-role]\n"
        "questions:\n"
        "  - id: a\n"
        "    text: First?\n"
        "    stag: core\n"
        "  - id: a\n"
        "    text: Second?\n"
        "    stage: middle\n"
        "  - text: Third?\n"
    ))
    lines = [p.format() for p in check_paths([bank])]
    assert f"{bank}:1:1: id: 'Mine Bank' should be lower-case letters, digits and dashes" in lines
    assert any(line.startswith(f"{bank}:6:5: warning: questions.0.stag: unknown field")
               and "did you mean 'stage'" in line for line in lines)
    assert any(line.startswith(f"{bank}:7:5: questions.1.id: duplicate question id 'a'")
               for line in lines)
    assert any(line.startswith(f"{bank}:9:5: questions.1.stage: 'middle' is not one of")
               for line in lines)
    assert any(line.startswith(f"{bank}:10:5: questions.2: the field 'id' is required")
               for line in lines)


def test_linter_reports_duplicate_bank_ids_across_files(tmp_path: Path) -> None:
    body = "goals: [x]\nquestions:\n  - id: a\n    text: A?\n"
    write(tmp_path / "one.yaml", "id: same\n" + body)
    write(tmp_path / "two.yaml", "id: same\n" + body)
    messages = [p.message for p in check_paths([tmp_path])]
    assert any("duplicate bank id 'same'" in m for m in messages)


def test_linter_on_missing_path_and_hostile_files(tmp_path: Path) -> None:
    write(tmp_path / "bomb.yaml", "a: &a [x, x]\nb: [*a, *a]\n")
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00garbage")
    messages = [p.format() for p in check_paths([tmp_path, tmp_path / "nope.yaml"])]
    assert any("aliases" in m for m in messages)
    assert any("not UTF-8" in m for m in messages)
    assert any(m.endswith("nope.yaml: no such file or folder") for m in messages)


def test_proposal_is_ordered_by_stage_without_duplicates_and_ends_with_another_name() -> None:
    library = load_library(shipped_banks_dir(), None)
    stage_of = {(b.id, q.id): q.stage for b in library.banks.values() for q in b.questions}
    for goals in (["explore-role"], ["understand-team", "break-into-industry"],
                  list(SHIPPED_GOALS)):
        proposed = propose(goals, library)
        stages = [stage_of[(q.bank, q.id)] for q in proposed]
        assert stages == sorted(stages, key=STAGES.index)
        texts = [q.text for q in proposed]
        assert len(texts) == len(set(texts))
        assert proposed[-1].id == "another-name"
        assert 5 <= len(proposed) <= 14


def test_proposal_serves_each_chosen_goal() -> None:
    library = load_library(shipped_banks_dir(), None)
    banks = {q.bank for q in propose(["understand-team", "break-into-industry"], library)}
    assert {"understand-team", "break-into-industry"} <= banks


def test_proposal_without_an_another_name_question_still_ends_with_one(tmp_path: Path) -> None:
    own = tmp_path / "own"
    write(own / "closing.yaml", "id: closing\ngoals: [closing]\n"
          "questions:\n  - id: bye\n    text: Thanks!\n    stage: closing\n")
    library = load_library(shipped_banks_dir(), own)
    assert propose([], library)[-1].text == FALLBACK_ANOTHER_NAME


def test_follow_ups_come_from_the_bank() -> None:
    library = load_library(shipped_banks_dir(), None)
    question = propose(["explore-role"], library)[1]
    assert follow_ups_for(question, library)


def test_goal_titles() -> None:
    assert goal_title("explore-role") == "Learn about a role I might try"
    assert goal_title("my-own_goal") == "My own goal"


def test_goals_are_listed_in_their_usual_order_with_closing_last(tmp_path: Path) -> None:
    own = tmp_path / "own"
    write(own / "mine.yaml", "id: mine\ngoals: [my-goal]\nquestions:\n  - id: a\n    text: A?\n")
    goals = load_library(shipped_banks_dir(), own).goals()
    assert goals[0] == "explore-role"
    assert goals[-2:] == ["closing", "my-goal"]


def test_merging_a_proposal_keeps_stage_order_and_another_name_last() -> None:
    from coffeechat.core.models import InterviewQuestion
    from coffeechat.core.questions import merge_proposed

    library = load_library(shipped_banks_dir(), None)
    existing = propose(["closing"], library)
    own = InterviewQuestion(text="My own question?")
    existing.insert(0, own)
    merged = merge_proposed(existing, propose(["explore-role"], library), library)
    stage_of = {(b.id, q.id): q.stage for b in library.banks.values() for q in b.questions}
    stages = [stage_of.get((q.bank, q.id), "core") for q in merged]
    assert merged[-1].id == "another-name"
    assert merged.index(own) < stages.index("closing")
    assert stages[0] == "opening"
    assert stages[: stages.index("closing")].count("closing") == 0
    assert len({q.text for q in merged}) == len(merged)
    assert merge_proposed(merged, propose(["explore-role"], library), library) == merged
