"""Home's lines of text, built from interview records and a name lookup alone."""

from __future__ import annotations

import datetime as dt

from coffeechat.core import campaign, nudges
from coffeechat.core.agenda import (
    AgendaItem,
    Due,
    agenda,
    decode_item,
    encode_item,
    light,
    lines,
)
from coffeechat.core.models import Debrief, Followup, Interview, Outreach, Promise, Referral
from coffeechat.core.models.interview import OPEN_STATUSES

NOW = dt.datetime(2026, 11, 25, 10, 0)
NAMES = {"ana": "Ana Lima", "bo": "Bo Quist", "cy": "Cy Twombly"}


def name_of(slug: str) -> str:
    return NAMES.get(slug, slug)


INTERVIEWS = [
    ("soon", Interview(person="ana", company="Aritzia", status="scheduled", format="video",
                       scheduled=dt.datetime(2026, 11, 27, 14, 0))),
    ("no-date", Interview(person="bo", status="scheduled")),
    ("held", Interview(
        person="bo", status="done", referrals=[Referral(person="cy")],
        debrief=Debrief(learned="Hiring is in spring."),
        followups=[Followup(kind="thank-you", to="bo", due=dt.date(2026, 11, 22)),
                   Followup(kind="introduce", to="cy", due=dt.date(2026, 11, 25)),
                   Followup(kind="update", due=dt.date(2026, 11, 30))])),
    ("asked", Interview(person="cy", status="asked", created=dt.date(2026, 11, 15),
                        outreach=[Outreach(date=dt.datetime(2026, 11, 18, 9, 0))])),
    ("asked-long-ago", Interview(person="gone", status="asked")),
]


def test_each_list_has_its_lines_in_order_and_what_they_open():
    result = agenda(INTERVIEWS, 3, name_of, NOW, limit=100)
    assert result.upcoming.items == [
        AgendaItem("Fri 27 Nov 14:00 · Ana Lima (Aritzia) · video", "soon"),
        AgendaItem("date not set · Bo Quist", "no-date"),
    ]
    assert result.due.items == [
        AgendaItem("3 days late · thank-you → Bo Quist", "held", "held:followup:0"),
        AgendaItem("today · introduce → Cy Twombly (after Bo Quist)", "held", "held:followup:1"),
    ]
    # An unknown person shows as their slug; an ask with no date waits "?" days.
    assert result.asks.items == [
        AgendaItem("7 days · Cy Twombly", "asked"),
        AgendaItem("? · gone", "asked-long-ago"),
    ]
    assert (result.numbers.people, result.numbers.asked, result.numbers.held,
            result.numbers.names_gained, result.numbers.learned) == (3, 5, 1, 1, 1)


def test_only_the_first_items_get_lines_but_all_are_counted():
    many = [(f"chat-{n:03}", Interview(person="ana", status="asked")) for n in range(250)]
    result = agenda(many, 1, name_of, NOW, limit=100)
    assert len(result.asks.items) == 100 and result.asks.total == 250
    assert result.asks.items[0].interview == "chat-000"
    assert (result.upcoming.items, result.upcoming.total) == ([], 0)


def test_nothing_on_file_means_empty_lists():
    result = agenda([], 0, name_of, NOW, limit=100)
    assert (result.upcoming.total, result.due.total, result.asks.total) == (0, 0, 0)
    assert result.numbers.people == 0


def test_an_overdue_promise_is_due_on_home_as_on_follow_ups():
    """The same rule as Follow-ups: a promise is due nudge_days after it was made;
    done, snoozed and fresh promises are not listed."""
    promised = Interview(person="bo", status="done", promises=[
        Promise(who="bo", what="Intro to Cy", date=dt.date(2026, 11, 10)),
        Promise(who="bo", what="Send the deck", date=dt.date(2026, 11, 24)),
        Promise(who="bo", what="Done already", date=dt.date(2026, 11, 1), done=True),
        Promise(who="bo", what="Later", date=dt.date(2026, 11, 1),
                snoozed_until=dt.date(2026, 11, 28)),
    ], followups=[Followup(kind="thank-you", to="bo", due=dt.date(2026, 11, 24)),
                  Followup(kind="other", to="bo", due=dt.date(2026, 11, 10),
                           snoozed_until=dt.date(2026, 11, 26))])
    result = agenda([("chat", promised)], 1, name_of, NOW, limit=100, nudge_days=5)
    assert result.due.items == [
        AgendaItem("10 days late · promise from Bo Quist: Intro to Cy", "chat",
                   "chat:promise:0"),
        AgendaItem("1 day late · thank-you → Bo Quist", "chat", "chat:followup:0"),
    ]


MIXED = [
    # Open follow-ups and promises among closed ones keep their places (a
    # nudge's key is its place); the ask waits since its latest dated outreach.
    ("mixed", Interview(
        person="ana", status="asked", created=dt.date(2026, 10, 1),
        outreach=[Outreach(date=dt.datetime(2026, 11, 2, 9, 0), channel="email"),
                  Outreach(), Outreach(date=dt.datetime(2026, 10, 20, 9, 0))],
        followups=[Followup(kind="thank-you", done=True),
                   Followup(kind="introduce", to="cy", due=dt.date(2026, 11, 20))],
        promises=[Promise(what="Send the deck", done=True),
                  Promise(who="bo", what="Intro to Cy", date=dt.date(2026, 11, 1))])),
    ("undated-ask", Interview(person="bo", status="asked", outreach=[Outreach()])),
    ("begun", Interview(person="cy", status="scheduled",
                        scheduled=dt.datetime(2026, 11, 25, 9, 30),
                        held=dt.datetime(2026, 11, 25, 9, 32))),
]


def test_light_copies_give_the_same_lists_and_numbers(tmp_path):
    """Home reads light copies from the index: they must lose nothing it shows,
    on any day, nor what finding a meeting left running reads."""
    from coffeechat.core.lifecycle import to_resume
    from coffeechat.core.network import referral_forest
    from coffeechat.demo import generate
    from coffeechat.storage import Workspace

    generate(tmp_path / "data", people=80, interviews=60, seed=4, today=NOW.date())
    with Workspace.open(tmp_path / "data", readonly=True) as ws:
        whole = [*ws.interviews.items(), *INTERVIEWS, *MIXED]
        people = dict(ws.people.items())
    lighter = [(slug, light(interview)) for slug, interview in whole]
    assert lighter != whole  # they are lighter
    # The network's links too: who led to whom, and the chats each branch held.
    forest = referral_forest(people, (chat for _, chat in whole))
    assert forest and referral_forest(people, (chat for _, chat in lighter)) == forest
    for now in (NOW, NOW - dt.timedelta(days=90), NOW + dt.timedelta(days=20)):
        for nudge_days in (3, 5):
            assert (agenda(lighter, 80, name_of, now, limit=100, nudge_days=nudge_days)
                    == agenda(whole, 80, name_of, now, limit=100, nudge_days=nudge_days))
        assert ([(slug, chat.held) for slug, chat in to_resume(lighter, now)]
                == [(slug, chat.held) for slug, chat in to_resume(whole, now)])
    assert to_resume(lighter, NOW)  # the meeting begun is found


def _demo_chats(tmp_path) -> list[tuple[str, Interview]]:
    from coffeechat.demo import generate
    from coffeechat.storage import Workspace

    generate(tmp_path / "data", people=80, interviews=60, seed=4, today=NOW.date())
    with Workspace.open(tmp_path / "data", readonly=True) as ws:
        return [*ws.interviews.items(), *INTERVIEWS, *MIXED]


DAYS = (NOW - dt.timedelta(days=90), NOW, NOW + dt.timedelta(days=3),
        NOW + dt.timedelta(days=20))


def test_the_lists_of_any_day_follow_the_rules_of_follow_ups_and_the_campaign(tmp_path):
    """Home lists, on every day, the follow-ups Follow-ups has due by then and
    the chats coming up from that day on."""
    chats = _demo_chats(tmp_path)
    for now in DAYS:
        today = now.date()
        result = agenda(chats, 80, name_of, now, limit=500, nudge_days=4)
        assert [item.nudge for item in result.due.items] == [
            nudge.key for nudge in nudges.collect(chats, 4, today=today)
            if nudge.source != "ask" and nudge.due is not None and nudge.due <= today]
        start = dt.datetime.combine(today, dt.time())
        coming = sorted((chat.scheduled, slug) for slug, chat in chats
                        if chat.status in OPEN_STATUSES and chat.scheduled is not None
                        and chat.scheduled >= start)
        assert [item.interview for item in result.upcoming.items] == [
            *(slug for _, slug in coming), *(slug for slug, _ in campaign.unscheduled(chats))]
        assert [item.interview for item in result.asks.items] == [
            ask.interview for ask in campaign.waiting_asks(chats)]
    assert result.due.items and result.upcoming.items and result.asks.items


def test_each_line_a_chat_can_give_home_is_kept_as_the_index_keeps_it(tmp_path):
    """Every line of every list on every day comes from one of its chat's
    ``lines``, and reads back from the index's text as it was."""
    chats = _demo_chats(tmp_path)
    kept: dict[str, list[str]] = {kind: [] for kind in ("upcoming", "due", "asks")}
    for slug, chat in chats:
        for line in lines(slug, chat):
            item = line.item
            assert decode_item(line.kind, encode_item(item), "2026-11-20") == (
                item._replace(due=dt.date(2026, 11, 20)) if isinstance(item, Due) else item)
            kept[line.kind].append(line.tie)
    for now in DAYS:
        full = agenda(chats, 80, name_of, now, limit=500, nudge_days=4)
        assert {item.interview for item in full.upcoming.items} <= set(kept["upcoming"])
        assert {item.nudge for item in full.due.items} <= set(kept["due"])
        assert sorted(item.interview for item in full.asks.items) == sorted(kept["asks"])
