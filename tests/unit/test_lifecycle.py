"""The interview lifecycle: pure operations on records."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.core import lifecycle
from coffeechat.core.models import Debrief, Followup, Interview, Person
from coffeechat.core.models.interview import Referral


def _interview() -> Interview:
    return Interview(person="ana-lima", company="Aritzia", created=dt.date(2026, 11, 20))


def test_log_outreach_dates_it_and_turns_an_idea_into_an_ask(fixed_clock):
    changed = lifecycle.log_outreach(_interview(), "call", "Asked for 20 minutes")
    assert changed.status == "asked"
    assert changed.outreach[0].date == fixed_clock
    assert changed.outreach[0].channel == "call"
    assert changed.outreach[0].text == "Asked for 20 minutes"


def test_log_outreach_keeps_a_later_status(fixed_clock):
    scheduled = _interview()
    scheduled.status = "scheduled"
    assert lifecycle.log_outreach(scheduled, "email", "Confirmed").status == "scheduled"


def test_log_outreach_refuses_unknown_channel(fixed_clock):
    with pytest.raises(lifecycle.LifecycleError, match="channel"):
        lifecycle.log_outreach(_interview(), "pigeon", "coo")


def test_add_promise_keeps_typed_text(fixed_clock):
    changed = lifecycle.add_promise(_interview(), "ana-lima", "No")
    assert changed.promises[0].what == "No"
    assert changed.promises[0].date == fixed_clock.date()
    assert not changed.promises[0].done


def test_add_promise_needs_text(fixed_clock):
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.add_promise(_interview(), "ana-lima", "   ")


def test_referral_person_records_who_introduced_them(fixed_clock):
    person = lifecycle.referral_person("../../etc", "ana-lima", interviewee_name="Ana Lima",
                                       company="null", why="1:20")
    assert person.name == "../../etc"
    assert person.introduced_by == "ana-lima"
    assert person.company == "null"
    assert person.how_we_met == "Suggested by Ana Lima in our chat on 2026-11-25"
    assert person.notes == "1:20"


def test_referral_person_needs_a_name():
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.referral_person(" ", "ana-lima")


def test_add_referral_queues_a_reach_out(fixed_clock):
    changed = lifecycle.add_referral(_interview(), "sam-ortiz", "runs the data team")
    assert changed.referrals[0].person == "sam-ortiz"
    assert changed.referrals[0].why == "runs the data team"
    followup = changed.followups[0]
    assert (followup.kind, followup.to) == ("reach-out", "sam-ortiz")
    assert followup.due == dt.date(2026, 11, 26)


def test_end_interview_thanks_interviewee_and_introducer(fixed_clock):
    interview = lifecycle.add_referral(_interview(), "sam-ortiz")
    debrief = Debrief(learned="Ship small", surprises="🙂", next_steps="Read the book")
    interviewee = Person(name="Ana Lima", introduced_by="kai-mori")
    done = lifecycle.end_interview(interview, debrief, interviewee)
    assert done.status == "done"
    assert done.debrief == debrief
    queued = [(f.kind, f.to, f.due) for f in done.followups]
    tomorrow = dt.date(2026, 11, 26)
    assert ("thank-you", "ana-lima", tomorrow) in queued
    assert ("thank-you", "kai-mori", tomorrow) in queued
    assert ("update", "kai-mori", dt.date(2026, 12, 2)) in queued
    # The reach-out queued during the meeting is not doubled.
    assert [f for f in queued if f[0] == "reach-out"] == [("reach-out", "sam-ortiz", tomorrow)]


def test_end_interview_without_introducer_or_person_record(fixed_clock):
    done = lifecycle.end_interview(_interview(), Debrief(), None)
    assert [(f.kind, f.to) for f in done.followups] == [("thank-you", "ana-lima")]


def test_end_interview_twice_does_not_queue_twice(fixed_clock):
    once = lifecycle.end_interview(_interview(), Debrief(), None)
    twice = lifecycle.end_interview(once, Debrief(learned="more"), None)
    assert len(twice.followups) == 1
    assert twice.debrief.learned == "more"


def test_end_interview_reaches_out_to_referrals_added_by_hand(fixed_clock):
    interview = _interview()
    interview.referrals.append(Referral(person="lee"))
    interview.followups.append(Followup(kind="thank-you", to="ana-lima", done=True))
    done = lifecycle.end_interview(interview, Debrief(), None)
    assert ("reach-out", "lee") in [(f.kind, f.to) for f in done.followups]
    assert len([f for f in done.followups if f.kind == "thank-you"]) == 1


def test_the_held_date_and_length_are_checked_before_anything_is_written():
    start = dt.datetime(2026, 11, 23, 9, 30)
    assert lifecycle.read_ending("2026-11-23 09:30", " 35 ") == (start, 35)
    assert lifecycle.read_ending("2026-11-23 09:30", "") == (start, None)
    for held, minutes, message in (("tuesday", "30", "Held: .tuesday. is not a date and time"),
                                   ("3026-11-23 09:30", "30", "Held: the year 3026"),
                                   ("2026-11-23 09:30", "0", "Minutes: a whole number")):
        with pytest.raises(ValueError, match=message):
            lifecycle.read_ending(held, minutes)
