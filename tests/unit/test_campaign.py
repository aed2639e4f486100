"""Home's lists and numbers, computed from interview records alone."""

from __future__ import annotations

import datetime as dt

from coffeechat.core import campaign
from coffeechat.core.models import Debrief, Interview, Outreach, Referral

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 0)


def test_dated_chats_are_the_open_ones_with_a_date_soonest_first():
    items = [
        ("dated-idea", Interview(person="f", status="idea",
                                 scheduled=dt.datetime(2026, 12, 5, 14, 0))),
        ("cancelled", Interview(person="g", status="cancelled",
                                scheduled=dt.datetime(2026, 12, 3, 9, 0))),
        ("later", Interview(person="a", status="scheduled",
                            scheduled=dt.datetime(2026, 12, 1, 9, 0))),
        ("earlier-today", Interview(person="b", status="scheduled",
                                    scheduled=dt.datetime(2026, 11, 25, 8, 0))),
        ("past", Interview(person="c", status="scheduled",
                           scheduled=dt.datetime(2026, 11, 24, 9, 0))),
        ("done", Interview(person="d", status="done", scheduled=dt.datetime(2026, 12, 2))),
        ("no-date", Interview(person="e", status="scheduled")),
    ]
    assert [slug for slug, _ in campaign.dated(items)] == [
        "past", "earlier-today", "later", "dated-idea"]
    assert [slug for slug, _ in campaign.unscheduled(items)] == ["no-date"]


def test_waiting_asks_oldest_first_from_last_outreach_or_creation():
    items = [
        ("recent", Interview(person="a", status="asked", outreach=[
            Outreach(date=dt.datetime(2026, 11, 1, 9)), Outreach(date=dt.datetime(2026, 11, 20))])),
        ("old", Interview(person="b", status="asked", created=dt.date(2026, 11, 10))),
        ("undated", Interview(person="c", status="asked")),
        ("scheduled", Interview(person="d", status="scheduled")),
    ]
    asks = campaign.waiting_asks(items)
    assert [ask.interview for ask in asks] == ["old", "recent", "undated"]
    assert asks[0].days_waiting(TODAY) == 15
    assert asks[1].days_waiting(TODAY) == 5
    assert asks[2].days_waiting(TODAY) is None


def test_numbers_count_asked_held_names_and_learned():
    interviews = [
        Interview(person="a", status="idea"),
        Interview(person="b", status="idea", outreach=[Outreach(text="hi")]),
        Interview(person="c", status="asked"),
        Interview(person="d", status="done", referrals=[Referral(person="x"), Referral(person="y")],
                  debrief=Debrief(learned="Budgets are set in March.")),
        Interview(person="e", status="done", debrief=Debrief(learned="  \n")),
        Interview(person="f", status="declined"),
    ]
    numbers = campaign.numbers(12, interviews)
    assert numbers == campaign.CampaignNumbers(
        people=12, asked=5, held=2, names_gained=2, learned=1)


def test_empty_campaign():
    assert campaign.numbers(0, []) == campaign.CampaignNumbers(0, 0, 0, 0, 0)
    assert campaign.dated([]) == []
    assert campaign.waiting_asks([]) == []
