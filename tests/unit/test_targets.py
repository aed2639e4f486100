"""Target employers: ranking, advocacy, business days and the 3-then-7 rhythm."""

from __future__ import annotations

import datetime as dt

import pytest

from coffeechat.core import agenda, clock, nudges, targets
from coffeechat.core.models import Company, Interview, Outreach, Person, Referral
from coffeechat.core.network import PeopleGraph

MON, TUE, WED, THU, FRI, SAT, SUN = (dt.date(2026, 11, 23) + dt.timedelta(days=n)
                                     for n in range(7))


def days_after(day: dt.date, count: int) -> dt.date:
    return day + dt.timedelta(days=count)


@pytest.mark.parametrize(("start", "count", "expected"), [
    (MON, 3, THU),
    (THU, 3, days_after(TUE, 7)),
    (FRI, 3, days_after(WED, 7)),  # a Friday ask waits over the weekend
    (SAT, 3, days_after(WED, 7)),
    (SUN, 1, days_after(MON, 7)),
    (WED, 2, FRI),
    (MON, 5, days_after(MON, 7)),
    (FRI, 7, days_after(TUE, 14)),
    (WED, 0, WED),
])
def test_business_days_skip_weekends(start: dt.date, count: int, expected: dt.date) -> None:
    assert clock.add_business_days(start, count) == expected
    assert clock.add_business_days(start, count).weekday() < 5


def test_business_days_stop_at_the_calendar_end() -> None:
    assert clock.add_business_days(dt.date.max - dt.timedelta(days=2), 30) == dt.date.max


def test_motivation_and_posting_are_checked() -> None:
    assert targets.motivation("3") == 3
    assert targets.motivation(0) == 0
    for bad in ("4", "-1", "high", ""):
        with pytest.raises(targets.TargetError, match="motivation is 0 to 3"):
            targets.motivation(bad)
    assert targets.posting(" Yes ") == "yes"
    with pytest.raises(targets.TargetError, match="posting is one of yes, no, unknown"):
        targets.posting("maybe")


PEOPLE = [
    ("ana", Person(name="Ana Lima", company="Acme")),
    ("bo", Person(name="Bo Chen", company="Acme")),
    ("cy", Person(name="Cy Diaz", company="Elsewhere", knows=["dee"])),
    ("dee", Person(name="Dee Ek", company="Brightworks")),
    ("eli", Person(name="Eli Fo", company="Nowhere")),
]


def _companies(**extra: Company) -> list[tuple[str, Company]]:
    return [
        ("acme", Company(name="Acme", target=True, motivation=2, posting="no")),
        ("bright", Company(name="Brightworks", target=True, motivation=2, posting="yes")),
        ("cold", Company(name="Coldfront", target=True, motivation=2)),
        ("dream", Company(name="Dreamco", target=True, motivation=3, posting="no")),
        ("plain", Company(name="Plain research")),
        *extra.items(),
    ]


def test_ranking_by_motivation_then_posting_then_advocacy() -> None:
    ranked = targets.rank(_companies(), PEOPLE)
    assert [target.slug for target in ranked] == ["dream", "bright", "cold", "acme"]
    # Equal motivation and posting: who you know decides.
    tied = targets.rank([("a", Company(name="Acme", target=True)),
                         ("z", Company(name="Zeta", target=True)),
                         ("b", Company(name="Brightworks", target=True))], PEOPLE)
    assert [target.slug for target in tied] == ["a", "b", "z"]


def test_advocacy_is_computed_from_the_network_and_the_chats() -> None:
    chats = [
        ("i1", Interview(person="ana", company="Acme", status="done",
                         referrals=[Referral(person="eli")])),
        ("i2", Interview(person="bo", company="Acme", status="asked")),
        ("i3", Interview(person="eli", company="Nowhere", status="idea")),
    ]
    found = {target.slug: target for target in targets.rank(_companies(), PEOPLE,
                                                                   targets.chats_of(chats))}
    acme = found["acme"].advocacy
    assert acme.contacts == ("ana", "bo")
    assert acme.held == ("i1",)
    assert acme.asked == ("i1", "i2")
    assert acme.names == ("eli",)
    bright = found["bright"].advocacy
    assert bright.contacts == ("dee",)
    assert bright.warm_paths == (("cy", "dee"),)
    assert bright.to_reach() == ("dee", "cy")


def test_a_target_where_nobody_is_known_says_who_could_lead_there() -> None:
    people = [*PEOPLE, ("fay", Person(name="Fay Go", knows=["gus"])),
              ("gus", Person(name="Gus Ho", company="Coldfront"))]
    graph = PeopleGraph(people)
    names = dict((slug, person.name) for slug, person in people)
    cold = targets.Target("cold", Company(name="Coldfront", target=True),
                          targets.advocacy("Coldfront", graph.warm_paths("Coldfront"), []))
    assert targets.leads(cold, names.__getitem__) == "you know 1 there: Gus Ho"
    led = targets.Target("x", Company(name="Elsewhere", target=True),
                         targets.advocacy("Brightworks", PeopleGraph(
                             [("cy", PEOPLE[2][1]), ("eli", PEOPLE[4][1])]).warm_paths(
                                 "Brightworks"), []))
    assert led.advocacy.score == (0, 0, 0, 0, 0)
    assert targets.leads(led, names.__getitem__) == (
        "nobody you know works there, and nobody leads there yet")
    paths_only = targets.Target("b", Company(name="Brightworks", target=True),
                                targets.Advocacy(warm_paths=(("cy", "dee"),)))
    assert targets.leads(paths_only, names.__getitem__) == (
        "nobody you know works there; Cy Diaz could lead there")


def test_two_contacts_with_one_name_at_a_target_are_told_apart() -> None:
    names = {"sam-lee": "Sam Lee", "sam-lee-2": "Sam Lee", "kai": "Kai Mori"}
    named = targets.namer_telling_apart(names, names.__getitem__)
    assert [named(slug) for slug in names] == ["Sam Lee (sam-lee)", "Sam Lee (sam-lee-2)",
                                               "Kai Mori"]


def _rhythm() -> nudges.Rhythm:
    return targets.rhythm(targets.rank(_companies(), PEOPLE))


def _ask(person: str, company: str, on: dt.date, *more: Outreach) -> Interview:
    return Interview(person=person, company=company, status="asked", created=on,
                     outreach=[Outreach(date=dt.datetime.combine(on, dt.time(9)), kind="ask"),
                               *more])


def _due(found: list[nudges.Nudge]) -> list[tuple[str, str, dt.date | None]]:
    return [(nudge.source, nudge.to, nudge.due) for nudge in found]


def test_after_three_business_days_the_next_contact_is_suggested(fixed_clock) -> None:
    # Asked Ana at Acme on Friday 20 Nov: three business days is Wednesday 25th.
    chats = [("i", _ask("ana", "Acme", days_after(FRI, -7)))]
    found = nudges.collect(chats, 5, rhythm=_rhythm())
    assert _due(found) == [("next", "bo", WED)]
    assert nudges.describe(found[0], str) == (
        "Reach bo at Acme: no answer from the first contact yet")
    # A day earlier (asked on Monday 23rd), nothing yet.
    assert nudges.collect([("i", _ask("ana", "Acme", MON))], 5, rhythm=_rhythm()) == []


def test_after_seven_business_days_the_first_is_nudged(fixed_clock) -> None:
    asked_on = days_after(MON, -7)  # Mon 16 Nov: 7 business days is Wed 25th
    found = nudges.collect([("i", _ask("ana", "Acme", asked_on))], 5, rhythm=_rhythm())
    assert _due(found) == [("next", "bo", THU - dt.timedelta(days=7)), ("ask", "ana", WED)]


def test_a_warm_path_is_suggested_when_nobody_else_is_there(fixed_clock) -> None:
    chats = [("i", _ask("dee", "Brightworks", days_after(MON, -7)))]
    found = nudges.collect(chats, 5, rhythm=_rhythm())
    assert _due(found)[0] == ("next", "cy", THU - dt.timedelta(days=7))


def test_nobody_left_to_reach_is_said(fixed_clock) -> None:
    chats = [("i", _ask("ana", "Acme", days_after(MON, -7))),
             ("j", Interview(person="bo", company="Acme", status="declined"))]
    found = nudges.collect(chats, 5, rhythm=_rhythm())
    assert found[0].source == "next" and found[0].to == ""
    assert nudges.describe(found[0], str) == (
        "Reach someone else at Acme: nobody else known there yet")


def test_a_reply_stops_both(fixed_clock) -> None:
    replied = Outreach(date=dt.datetime.combine(days_after(MON, -6), dt.time(9)), kind="reply")
    chats = [("i", _ask("ana", "Acme", days_after(MON, -14), replied))]
    assert nudges.collect(chats, 5, rhythm=_rhythm()) == []
    # Also away from targets, and on Home's list of asks waiting.
    assert nudges.collect(chats, 5) == []
    assert agenda.basis(chats).asks == ()


def test_any_logged_touch_restarts_the_clock(fixed_clock) -> None:
    touch = Outreach(date=dt.datetime.combine(MON, dt.time(9)))
    chats = [("i", _ask("ana", "Acme", days_after(MON, -14), touch))]
    assert nudges.collect(chats, 5, rhythm=_rhythm()) == []
    assert _due(nudges.collect(chats, 5, rhythm=_rhythm(), today=THU)) == [("next", "bo", THU)]


def test_asking_the_second_contact_ends_the_suggestion(fixed_clock) -> None:
    chats = [("i", _ask("ana", "Acme", days_after(MON, -14))),
             ("j", _ask("bo", "Acme", days_after(MON, -1)))]
    found = nudges.collect(chats, 5, rhythm=_rhythm())
    assert [(n.interview, n.source) for n in found if n.interview == "i"] == [("i", "ask")]
    # Bo asked on a Sunday, so three business days run to Wednesday.
    assert _due([n for n in found if n.interview == "j"]) == [("next", "", WED)]


def test_away_from_targets_the_old_nudge_applies(fixed_clock) -> None:
    chats = [("i", _ask("eli", "Nowhere", days_after(WED, -5)))]
    assert _due(nudges.collect(chats, 5, rhythm=_rhythm())) == [("ask", "eli", WED)]


def test_a_snooze_holds_the_suggestion_back_and_undo_restores_it(fixed_clock) -> None:
    interview = _ask("ana", "Acme", days_after(MON, -7))
    suggestion = nudges.collect([("i", interview)], 5, rhythm=_rhythm())[0]
    snoozed = nudges.snooze(interview, suggestion, 3)
    assert nudges.collect([("i", snoozed)], 5, rhythm=_rhythm()) == []
    assert nudges.undo(snoozed, interview, suggestion) == interview
    with pytest.raises(ValueError):
        nudges.mark_done(interview, suggestion)


def test_home_names_the_next_contact(fixed_clock) -> None:
    chats = [("i", _ask("ana", "Acme", days_after(FRI, -7)))]
    lists = agenda.on_day(agenda.basis(chats, 5, _rhythm()), 5,
                          {"ana": "Ana Lima", "bo": "Bo Chen"}.__getitem__,
                          fixed_clock, limit=5)
    assert [item.text for item in lists.due.items] == [
        "today · next at Acme → Bo Chen (no answer from Ana Lima)"]
    # The light copy Home reads keeps what the rhythm needs.
    assert agenda.basis([("i", agenda.light(chats[0][1]))], 5, _rhythm()) == agenda.basis(
        chats, 5, _rhythm())
