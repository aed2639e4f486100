"""The one rule for typed dates, times and minutes, when a typed note starts a
meeting, the debrief's guess of when and how long, and which time a chat shows."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.core import lifecycle, when
from coffeechat.core.models import Interview

PLANNED = dt.datetime(2026, 12, 10, 15, 30)


def test_a_date_and_time_is_read_in_the_forms_people_type():
    assert when.read_datetime(" 2026-12-03 10:00 ", "When") == dt.datetime(2026, 12, 3, 10, 0)
    assert when.read_datetime("2026-12-03T10:00", "When") == dt.datetime(2026, 12, 3, 10, 0)
    assert when.read_datetime("2026-12-03 10:00:30", "When") == dt.datetime(2026, 12, 3, 10, 0,
                                                                             30)
    assert when.read_datetime("  ", "When") is None


@pytest.mark.parametrize("bad", ["2026-13-01 10:00", "tomorrow", "2026-12-03", "1:20",
                                 "2026-12-03 25:00"])
def test_a_wrong_date_and_time_says_what_to_type(bad):
    with pytest.raises(ValueError, match=r"^When: .* is not a date and time like 2026-12-03 10:00"):
        when.read_datetime(bad, "When")


def test_a_year_no_file_can_hold_is_refused():
    with pytest.raises(ValueError, match="Held: the year 9999 is out of range"):
        when.read_datetime("9999-12-31 10:00", "Held")
    with pytest.raises(ValueError, match="--date: the year 1800 is out of range"):
        when.read_date("1800-01-01", "--date")


def test_a_date_is_read_or_refused():
    assert when.read_date(" 2026-11-20 ", "--date") == dt.date(2026, 11, 20)
    assert when.read_date("", "--date") is None
    with pytest.raises(ValueError, match="'26/11' is not a date like 2026-12-03"):
        when.read_date("26/11", "--date")


def test_minutes_go_from_one_to_a_whole_day():
    assert when.read_minutes("45") == 45
    assert when.read_minutes("1440") == 1440
    assert when.read_minutes(" ") is None
    for bad in ("0", "-5", "half an hour", "1441", "4.5"):
        with pytest.raises(ValueError, match="Minutes: a whole number from 1 to 1440"):
            when.read_minutes(bad)


def test_the_debrief_takes_minutes_up_to_a_day():
    assert lifecycle.read_ending("2026-12-10 15:30", "700") == (PLANNED, 700)
    with pytest.raises(ValueError, match="from 1 to 1440"):
        lifecycle.read_ending("2026-12-10 15:30", "1441")
    with pytest.raises(ValueError, match="Held: "):
        lifecycle.read_ending("", "30")


@pytest.mark.parametrize(("now", "starts"), [
    (PLANNED - dt.timedelta(days=4), False),
    (PLANNED - dt.timedelta(minutes=31), False),
    (PLANNED - dt.timedelta(minutes=30), True),
    (PLANNED, True),
    (PLANNED + dt.timedelta(minutes=45), True),
    (PLANNED + dt.timedelta(minutes=46), False),
])
def test_a_typed_note_starts_the_meeting_only_close_to_its_time(now, starts):
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=45)
    assert when.typing_starts(chat, now) is starts


def test_typing_never_starts_a_meeting_with_no_date_or_one_begun_or_over():
    assert not when.typing_starts(Interview(person="ana", status="asked"), PLANNED)
    begun = Interview(person="ana", status="scheduled", scheduled=PLANNED, held=PLANNED)
    assert not when.typing_starts(begun, PLANNED)
    over = Interview(person="ana", status="done", scheduled=PLANNED)
    assert not when.typing_starts(over, PLANNED)


def test_with_no_planned_length_typing_starts_it_for_an_hour():
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED)
    assert when.typing_starts(chat, PLANNED + dt.timedelta(minutes=60))
    assert not when.typing_starts(chat, PLANNED + dt.timedelta(minutes=61))


def test_the_debrief_takes_a_plausible_clock():
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=45,
                     held=PLANNED + dt.timedelta(minutes=2))
    guess = when.guess_ending(chat, PLANNED + dt.timedelta(minutes=50))
    assert (guess.held, guess.minutes, guess.note) == (chat.held, 48, "")


def test_a_clock_that_ran_for_days_gives_way_to_the_plan_and_says_so():
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=45,
                     held=PLANNED - dt.timedelta(days=4))
    guess = when.guess_ending(chat, PLANNED + dt.timedelta(minutes=40))
    assert (guess.held, guess.minutes) == (PLANNED, 45)
    assert "too long for a meeting" in guess.note


def test_a_clock_far_from_the_plan_is_kept_but_named():
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=30,
                     held=PLANNED - dt.timedelta(hours=5))
    guess = when.guess_ending(chat, PLANNED - dt.timedelta(hours=2))
    assert (guess.held, guess.minutes) == (chat.held, 180)
    assert "far from the planned Thu 10 Dec 15:30" in guess.note
    assert "180 min is far from the 30 planned" in guess.note


def test_a_meeting_never_started_offers_the_plan():
    chat = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=30)
    guess = when.guess_ending(chat, PLANNED + dt.timedelta(minutes=40))
    assert (guess.held, guess.minutes) == (PLANNED, 30)
    assert "not started" in guess.note
    early = when.guess_ending(chat, PLANNED - dt.timedelta(days=4))
    assert early.held == PLANNED - dt.timedelta(days=4)


def test_a_done_chat_shows_when_it_was_held():
    held = dt.datetime(2026, 12, 6, 9, 0)
    done = Interview(person="ana", status="done", scheduled=PLANNED, duration=45, held=held,
                     held_minutes=25)
    assert (when.shown_time(done), when.shown_minutes(done)) == (held, 25)
    planned = Interview(person="ana", status="scheduled", scheduled=PLANNED, duration=45)
    assert (when.shown_time(planned), when.shown_minutes(planned)) == (PLANNED, 45)
    begun = Interview(person="ana", status="scheduled", scheduled=PLANNED, held=held)
    assert when.shown_time(begun) == PLANNED
