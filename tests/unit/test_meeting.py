"""The meeting's life: a date schedules it, starting it starts the clock, ending
it records when it was held and for how long."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.core import lifecycle
from coffeechat.core.models import Debrief, Interview, Outreach
from coffeechat.storage.records import decode_record, encode_record

WHEN = dt.datetime(2026, 12, 5, 14, 0)


@pytest.mark.parametrize(("status", "after"), [
    ("idea", "scheduled"), ("asked", "scheduled"), ("scheduled", "scheduled"),
    ("done", "done"), ("declined", "declined"), ("cancelled", "cancelled"),
])
def test_a_date_makes_an_open_chat_scheduled(status, after):
    changed = lifecycle.schedule(Interview(person="ana", status=status), WHEN)
    assert (changed.scheduled, changed.status) == (WHEN, after)


def test_taking_the_date_away_goes_back_to_asked_or_idea():
    asked = Interview(person="ana", status="scheduled", scheduled=WHEN,
                      outreach=[Outreach(text="hi")])
    assert lifecycle.schedule(asked, None).status == "asked"
    idea = Interview(person="ana", status="scheduled", scheduled=WHEN)
    assert lifecycle.schedule(idea, None).status == "idea"


def test_a_status_set_by_hand_stays_while_the_date_does_not_change():
    chosen = Interview(person="ana", status="asked", scheduled=WHEN)
    assert lifecycle.schedule(chosen, WHEN).status == "asked"


def test_starting_the_meeting_records_when_once(fixed_clock):
    started = lifecycle.start_meeting(Interview(person="ana", status="scheduled"))
    assert started.held == fixed_clock and lifecycle.in_progress(started)
    later = fixed_clock + dt.timedelta(minutes=5)
    assert lifecycle.start_meeting(started, later).held == fixed_clock
    over = Interview(person="ana", status="done")
    assert lifecycle.start_meeting(over).held is None


def test_ending_records_when_it_was_held_and_for_how_long(fixed_clock):
    began = fixed_clock - dt.timedelta(minutes=37, seconds=20)
    planned = Interview(person="ana", status="scheduled",
                        scheduled=dt.datetime(2026, 12, 2, 9, 30), held=began)
    ended = lifecycle.end_interview(planned, Debrief(learned="x"), None)
    assert (ended.status, ended.held, ended.held_minutes) == ("done", began, 37)
    assert ended.scheduled == dt.datetime(2026, 12, 2, 9, 30)  # the plan stays the plan
    assert not lifecycle.in_progress(ended)


def test_ending_without_a_clock_takes_what_the_user_confirmed(fixed_clock):
    never_started = Interview(person="ana", status="scheduled")
    ended = lifecycle.end_interview(never_started, Debrief(), None)
    assert (ended.held, ended.held_minutes) == (fixed_clock, None)
    told = lifecycle.end_interview(never_started, Debrief(), None,
                                   held=dt.datetime(2026, 11, 30, 9, 30), minutes=45)
    assert (told.held, told.held_minutes) == (dt.datetime(2026, 11, 30, 9, 30), 45)
    with pytest.raises(lifecycle.LifecycleError):
        lifecycle.end_interview(never_started, Debrief(), None, minutes=0)


def test_a_meeting_left_running_is_offered_for_resuming(fixed_clock):
    items = [
        ("running", Interview(person="a", status="scheduled",
                              held=fixed_clock - dt.timedelta(minutes=20))),
        ("older", Interview(person="b", status="idea",
                            held=fixed_clock - dt.timedelta(hours=2))),
        ("yesterday", Interview(person="c", status="scheduled",
                                held=fixed_clock - dt.timedelta(days=1))),
        ("ended", Interview(person="d", status="done", held=fixed_clock)),
        ("not-started", Interview(person="e", status="scheduled")),
    ]
    assert [slug for slug, _ in lifecycle.to_resume(items, fixed_clock)] == ["running", "older"]


def test_latest_open_chat_prefers_the_soonest_date_then_the_newest():
    chats = [
        ("2026-10-01-ana", Interview(person="ana", status="done")),
        ("2026-11-01-ana", Interview(person="ana", status="idea")),
        ("2026-11-20-ana", Interview(person="ana", status="asked")),
    ]
    assert lifecycle.latest_open_chat(chats) == "2026-11-20-ana"
    chats.append(("2026-09-01-ana", Interview(person="ana", status="scheduled", scheduled=WHEN)))
    assert lifecycle.latest_open_chat(chats) == "2026-09-01-ana"
    assert lifecycle.latest_open_chat(chats[:1]) is None


def test_the_same_name_given_twice_is_one_referral_and_one_reach_out(fixed_clock):
    twice = lifecycle.add_referral(lifecycle.add_referral(Interview(person="ana"), "sam"), "sam")
    assert len(twice.referrals) == 1 and len(twice.followups) == 1


def test_held_fields_round_trip_and_old_files_still_load():
    ended = Interview(person="ana", status="done", held=dt.datetime(2026, 11, 30, 9, 3),
                      held_minutes=42)
    raw = encode_record(ended)
    assert b"held: 2026-11-30 09:03\nheld_minutes: 42\n" in raw
    assert decode_record(Interview, raw, None)[0] == ended
    old, problems = decode_record(Interview, b"person: ana\nstatus: done\n", None)
    assert problems == [] and old is not None and old.held is None
