"""Calendar, Markdown and archive exports, checked by reading them back."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path

from icalendar import Calendar
from tests.typed import present

from coffeechat.interop.archive import build_archive
from coffeechat.interop.calendar import build_calendar
from coffeechat.interop.markdown import interview_markdown
from coffeechat.storage import Workspace


def export_calendar(data_dir: Path) -> Calendar:
    with Workspace.open(data_dir) as ws:
        data, _, _ = build_calendar(ws)
    return Calendar.from_ical(data)


def test_calendar_holds_every_meeting_and_follow_up(data_dir: Path, campaign, fixed_clock) -> None:
    calendar = export_calendar(data_dir)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Coffee chat with Ada Lovelace (Analytical Engines)",
                           "Coffee chat with Sam 🌱 Ortiz"}
    rich = events["Coffee chat with Ada Lovelace (Analytical Engines)"]
    assert rich.decoded("dtstart") == dt.datetime(2026, 12, 3, 10, 0)
    assert rich.decoded("dtend") == dt.datetime(2026, 12, 3, 10, 45)
    assert rich.walk("VALARM")[0].decoded("trigger") == dt.timedelta(minutes=-30)
    bare = events["Coffee chat with Sam 🌱 Ortiz"]
    assert bare.decoded("dtend") - bare.decoded("dtstart") == dt.timedelta(minutes=30)
    todos = calendar.walk("VTODO")
    assert sorted((str(t["summary"]), t.decoded("due"), str(t["status"])) for t in todos) == [
        ("Chase the introduction from Sam 🌱 Ortiz", dt.date(2026, 12, 10), "NEEDS-ACTION"),
        ("Thank Ada Lovelace", dt.date(2026, 12, 4), "NEEDS-ACTION"),
        ("Thank Ada Lovelace", dt.date(2026, 12, 5), "COMPLETED"),
    ]


def test_calendar_uids_are_stable_and_unique(data_dir: Path, campaign, fixed_clock) -> None:
    def uids() -> list[str]:
        calendar = export_calendar(data_dir)
        return [str(item["uid"]) for item in calendar.walk() if "uid" in item]

    first = uids()
    assert len(first) == 5 and len(set(first)) == 5
    # Editing an unrelated part of the interview keeps every UID.
    with Workspace.open(data_dir) as ws:
        interview = present(ws.interviews.get(campaign["rich"])).copy()
        interview.notes += "more\n"
        interview.scheduled = dt.datetime(2026, 12, 3, 11, 0)
        ws.interviews.save(campaign["rich"], interview)
    assert uids() == first


def test_markdown_holds_every_part_of_the_interview(data_dir: Path, campaign) -> None:
    with Workspace.open(data_dir, readonly=True) as ws:
        slug = campaign["rich"]
        text = interview_markdown(ws, slug, present(ws.interviews.get(slug)))
    for expected in (
        "# Coffee chat with Ada Lovelace",
        "- **Company:** Analytical Engines",
        "- **Status:** scheduled",
        "- **Intent:** Learn how research teams decide what to build: 1:20 ratio?",
        "- **Format:** video",
        "- **Scheduled:** 2026-12-03 10:00 (45 min)",
        "- [x] How did you get into research?",
        "  > Through maths.\n  > Then engines.",
        "- [ ] What surprised you? *(skipped)*",
        "  > Sam, and No one else",
        "10:02 — talked about **engines**\n10:15 — No",
        "- **Sam 🌱 Ortiz** (sam-ortiz): runs the data guild",
        "- **מרים כהן** (מרים-כהן): מחקר",
        "- [ ] thank-you to Ada Lovelace, due 2026-12-04",
        "- [ ] introduce to Sam 🌱 Ortiz, due 2026-12-10\n  Chase Ada's intro",
        "- [x] thank-you to Ada Lovelace, due 2026-12-05",
        "- [ ] Ada Lovelace: Introduce me to Sam",
        "### What I learned\n\nResearch is mostly reading.",
        "### Surprises\n\nnull",
        "### Next steps\n\nTalk to Sam.",
        "Asked for 30 minutes.",
    ):
        assert expected in text, expected


def test_markdown_of_a_bare_interview_has_no_empty_sections(data_dir: Path, campaign) -> None:
    with Workspace.open(data_dir, readonly=True) as ws:
        slug = campaign["idea"]
        text = interview_markdown(ws, slug, present(ws.interviews.get(slug)))
    assert "##" not in text
    assert "- **Status:** idea" in text


def test_archive_holds_the_records_but_not_the_cache_or_lock(
    data_dir: Path, campaign, fixed_clock
) -> None:
    (data_dir / ".cache").mkdir(exist_ok=True)
    (data_dir / ".cache" / "index.json").write_text("{}")
    (data_dir / "people" / ".ada.yaml.123.tmp").write_text("half")
    with Workspace.open(data_dir) as ws:
        assert (data_dir / ".lock").exists()
        archive = build_archive(ws.data_dir)
    assert archive.name == "coffeechat-20261125-100000.tar.gz"
    with tarfile.open(fileobj=io.BytesIO(archive.data), mode="r:gz") as tar:
        members = {member.name: member for member in tar.getmembers()}
        names = set(members)
        top = "coffeechat-20261125-100000"
        assert f"{top}/people/ada-lovelace.yaml" in names
        assert f"{top}/interviews/{campaign['rich']}.yaml" in names
        assert not any(".cache" in name or name.endswith(".lock") or name.endswith(".tmp")
                       for name in names)
        ada = present(tar.extractfile(members[f"{top}/people/ada-lovelace.yaml"])).read()
        assert ada == (data_dir / "people" / "ada-lovelace.yaml").read_bytes()
        assert {member.mode for member in members.values() if member.isfile()} == {0o600}
        assert {member.uname for member in members.values()} == {""}
    assert archive.files == len([m for m in members.values() if m.isfile()])


def test_a_done_chat_is_exported_when_it_was_held(data_dir: Path, fixed_clock) -> None:
    from coffeechat.core.models import Interview, Person

    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima"))
        ws.new_interview(Interview(person="ana-lima", status="done",
                                   scheduled=dt.datetime(2026, 12, 10, 15, 30), duration=45,
                                   held=dt.datetime(2026, 12, 6, 9, 0), held_minutes=25))
    [event] = export_calendar(data_dir).walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2026, 12, 6, 9, 0)
    assert event.decoded("dtend") == dt.datetime(2026, 12, 6, 9, 25)


def test_markdown_says_when_a_chat_was_held_and_its_prep_notes(data_dir: Path) -> None:
    from coffeechat.core.models import Interview, Person

    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima"))
        slug = ws.new_interview(Interview(
            person=ana, status="done", scheduled=dt.datetime(2026, 12, 10, 15, 30),
            held=dt.datetime(2026, 12, 6, 9, 0), held_minutes=25,
            prep_notes="Ask about spring.", notes="She said yes."))
        text = interview_markdown(ws, slug, present(ws.interviews.get(slug)))
    assert "- **Held:** 2026-12-06 09:00 (25 min)" in text
    assert "## Prep notes\n\nAsk about spring.\n\n## Notes\n\nShe said yes." in text
