"""Follow-ups and derived nudges: selection, order, done, snooze, messages."""

from __future__ import annotations

import datetime as dt

from coffeechat.core import nudges
from coffeechat.core.models import Followup, Interview, Outreach, Promise
from coffeechat.storage.records import decode_record

TODAY = dt.date(2026, 11, 25)
NAMES = {"ana-lima": "Ana Lima", "kai-mori": "Kai Mori", "sam-ortiz": "Sam Ortiz"}


def name_of(slug: str) -> str:
    return NAMES.get(slug, slug)


def _asked(on: dt.date) -> Interview:
    return Interview(person="ana-lima", status="asked", created=on - dt.timedelta(days=1),
                     outreach=[Outreach(date=dt.datetime.combine(on, dt.time(9)),
                                        channel="email", text="ask")])


def test_fresh_ask_is_not_a_nudge(fixed_clock):
    assert nudges.collect([("a", _asked(TODAY - dt.timedelta(days=4)))], 5) == []


def test_stale_ask_is_a_nudge(fixed_clock):
    found = nudges.collect([("a", _asked(TODAY - dt.timedelta(days=5)))], 5)
    assert [(n.source, n.to, n.due) for n in found] == [("ask", "ana-lima", TODAY)]


def test_logged_outreach_restarts_the_ask_clock(fixed_clock):
    interview = _asked(TODAY - dt.timedelta(days=9))
    nudge = nudges.collect([("a", interview)], 5)[0]
    reminded = nudges.mark_done(interview, nudge)
    assert reminded.outreach[-1].text == nudges.REMINDER_TEXT
    assert reminded.outreach[-1].channel == "email"
    assert nudges.collect([("a", reminded)], 5) == []


def test_ask_without_any_date_is_left_alone(fixed_clock):
    assert nudges.collect([("a", Interview(person="x", status="asked"))], 5) == []


def test_overdue_first_then_by_due_date(fixed_clock):
    interview = Interview(person="ana-lima", followups=[
        Followup(kind="thank-you", to="ana-lima", due=TODAY + dt.timedelta(days=2)),
        Followup(kind="reach-out", to="sam-ortiz", due=TODAY - dt.timedelta(days=3)),
        Followup(kind="update", to="kai-mori", due=TODAY),
        Followup(kind="other", to="kai-mori"),
        Followup(kind="thank-you", to="kai-mori", due=TODAY - dt.timedelta(days=9), done=True),
    ])
    found = nudges.collect([("a", interview)], 5)
    assert [n.kind for n in found] == ["reach-out", "update", "thank-you", "other"]
    assert found[0].overdue(TODAY)
    assert not found[1].overdue(TODAY)


def test_horizon_leaves_out_far_items(fixed_clock):
    interview = Interview(person="ana-lima", followups=[
        Followup(kind="thank-you", to="ana-lima", due=TODAY + dt.timedelta(days=30)),
    ])
    assert nudges.collect([("a", interview)], 5, horizon_days=7) == []


def test_promise_nudge_due_after_nudge_days_and_done(fixed_clock):
    interview = Interview(person="ana-lima", promises=[
        Promise(who="ana-lima", what="intro to Kai", date=TODAY - dt.timedelta(days=6)),
    ])
    nudge = nudges.collect([("a", interview)], 5)[0]
    assert (nudge.source, nudge.due) == ("promise", TODAY - dt.timedelta(days=1))
    assert nudges.describe(nudge, name_of) == "Promise from Ana Lima: intro to Kai"
    done = nudges.mark_done(interview, nudge)
    assert done.promises[0].done
    assert not interview.promises[0].done
    assert nudges.collect([("a", done)], 5) == []


def test_snooze_followup_promise_and_ask(fixed_clock):
    interview = _asked(TODAY - dt.timedelta(days=10))
    interview.followups.append(Followup(kind="thank-you", to="ana-lima", due=TODAY))
    interview.promises.append(Promise(what="intro", date=TODAY - dt.timedelta(days=10)))
    for nudge in nudges.collect([("a", interview)], 5):
        interview = nudges.snooze(interview, nudge)
    later = TODAY + dt.timedelta(days=3)
    assert interview.followups[0].snoozed_until == later
    assert interview.promises[0].snoozed_until == later
    assert interview.snoozed_until == later
    assert interview.extra == {} and interview.promises[0].extra == {}
    # The snoozed ask waits for its new date; the others show with it.
    assert [n.source for n in nudges.collect([("a", interview)], 5)] == ["followup", "promise"]
    assert all(n.due == later for n in nudges.nudges_for("a", interview, 5))


def test_answering_a_snoozed_ask_clears_its_snooze(fixed_clock):
    interview = _asked(TODAY - dt.timedelta(days=10))
    ask = nudges.nudges_for("a", interview, 5)[0]
    interview = nudges.snooze(interview, ask)
    assert nudges.mark_done(interview, ask).snoozed_until is None


def _from_file(text: str) -> Interview:
    interview, problems = decode_record(Interview, text.encode(), None)
    assert problems == [] and interview is not None
    return interview


def test_a_snooze_written_by_an_older_version_still_counts(fixed_clock):
    asked, later = TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=2)
    interview = _from_file(
        f"person: ana-lima\nstatus: asked\ncreated: {asked}\nx-snoozed-until: {later}\n"
        f"promises:\n- what: intro\n  date: {asked}\n  x-snoozed-until: {later}\n"
    )
    assert [(n.source, n.due) for n in nudges.nudges_for("a", interview, 5)] == [
        ("promise", later), ("ask", later)]


def test_an_unreadable_old_snooze_date_is_kept_and_ignored(fixed_clock):
    asked = TODAY - dt.timedelta(days=10)
    interview = _from_file(
        f"person: ana-lima\nstatus: asked\ncreated: {asked}\nx-snoozed-until: not a date\n")
    assert interview.snoozed_until is None
    assert interview.extra == {"x-snoozed-until": "not a date"}
    assert [n.source for n in nudges.collect([("a", interview)], 5)] == ["ask"]


def test_describe_unknown_person_shows_the_slug():
    nudge = nudges.Nudge("a", "followup", 0, "reach-out", "ghost", None, "from Ana")
    assert nudges.describe(nudge, name_of) == "Reach out to ghost (from Ana)"


def test_undo_puts_back_only_the_item_it_stands_for(fixed_clock):
    before = Interview(person="ana-lima", status="asked", outreach=[Outreach(text="ask")],
                       followups=[Followup(kind="thank-you", to="ana-lima", due=TODAY),
                                  Followup(kind="update", to="kai-mori", due=TODAY)],
                       promises=[Promise(who="ana-lima", what="intro", date=TODAY)])
    thank = nudges.Nudge("a", "followup", 0, "thank-you", "ana-lima", TODAY)
    done = nudges.mark_done(before, thank)
    done.followups[1].done = True  # changed meanwhile: stays
    undone = nudges.undo(done, before, thank)
    assert not undone.followups[0].done and undone.followups[1].done
    promise = nudges.Nudge("a", "promise", 0, "promise", "ana-lima", TODAY, "intro")
    snoozed = nudges.snooze(before, promise, 7)
    assert snoozed.promises[0].snoozed_until == TODAY + dt.timedelta(days=7)
    assert nudges.undo(snoozed, before, promise).promises[0].snoozed_until is None
    ask = nudges.Nudge("a", "ask", 0, "ask", "ana-lima", TODAY)
    answered = nudges.mark_done(before, ask)
    assert len(answered.outreach) == 2
    assert nudges.undo(answered, before, ask).outreach == before.outreach
