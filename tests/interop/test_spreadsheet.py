"""The campaign as CSV: one row per person or interview, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from coffeechat.cli import main
from coffeechat.core.models import Debrief, Interview, Person, Referral
from coffeechat.storage import Workspace


def _seed(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", tags=["retail", "warm"],
                                   contact={"phone": "+1 555 0100"}, notes="multi\nline"))
        bo = ws.people.add(Person(name="=HYPERLINK(1)", introduced_by=ana))
        ws.new_interview(Interview(person=ana, status="done", referrals=[Referral(person=bo)],
                                   held=dt.datetime(2026, 11, 30, 9, 30), held_minutes=40,
                                   debrief=Debrief(learned="Budgets close in March.")),
                         on=dt.date(2026, 11, 20))


def _rows(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_people_and_interviews_export_one_row_each(capsys, data_dir: Path, tmp_path: Path):
    _seed(data_dir)
    assert main(["export", "csv", "people", "--data-dir", str(data_dir)]) == 0
    people = _rows(capsys.readouterr().out.encode("utf-8"))
    assert [row["name"] for row in people] == ["'=HYPERLINK(1)", "Ana Lima"]
    ana = people[1]
    assert (ana["tags"], ana["phone"], ana["chats"], ana["notes"]) == (
        "retail; warm", "'+1 555 0100", "1", "multi\nline")
    assert people[0]["introduced_by"] == "Ana Lima"
    out = tmp_path / "chats.csv"
    assert main(["export", "csv", "interviews", "--out", str(out),
                 "--data-dir", str(data_dir)]) == 0
    [chat] = _rows(out.read_bytes())
    assert (chat["id"], chat["person"], chat["status"], chat["held"], chat["held_minutes"],
            chat["referrals"], chat["learned"]) == (
        "2026-11-20-ana-lima", "Ana Lima", "done", "2026-11-30 09:30", "40",
        "'=HYPERLINK(1)", "Budgets close in March.")
    assert capsys.readouterr().err == f"wrote {out}\n1 interview\n"
