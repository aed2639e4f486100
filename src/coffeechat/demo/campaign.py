"""The demo campaign built in memory: people, companies, interviews in time order."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coffeechat.core import questions
from coffeechat.core.models import (
    Company,
    Debrief,
    Followup,
    Interview,
    InterviewQuestion,
    Outreach,
    Person,
    Promise,
    Referral,
)
from coffeechat.core.models.company import Posting
from coffeechat.core.models.interview import Channel, FollowupKind, Status
from coffeechat.core.models.schema import Record
from coffeechat.core.people import name_key
from coffeechat.demo.interview_text import (
    ANSWERS,
    ASKS,
    CANCELS,
    CHANNEL_WEIGHTS,
    CHANNELS,
    CLOSINGS,
    DECLINES,
    FORMAT_WORDS,
    GENERIC_ANSWERS,
    GOAL_WEIGHTS,
    GOALS,
    HEARD,
    INTENTS,
    INVITES,
    LEARNED,
    LONG_NOTE_LINES,
    MONTHS,
    NEXT_STEPS,
    NOTE_LINES,
    NUDGES,
    OPENINGS,
    OWN_QUESTIONS,
    PENDING_REPLIES,
    PHONES,
    PROMISES,
    REFERRAL_WHY,
    REFERRED_ASKS,
    REPLIES,
    STATUS_CYCLE,
    SURPRISES,
    THANKS_SENT,
    UPDATES,
    WEEKDAYS,
)
from coffeechat.demo.people_text import (
    ANY_COMPANY_TITLES,
    ANY_FAMILY,
    ASK_IDEAS,
    BACKGROUND,
    COMPANIES,
    COMPANY_HIRING,
    COMPANY_INTEREST,
    COMPANY_LEARN,
    COMPANY_QUESTIONS,
    EXTRA_COMPANY_TAGS,
    HOW_WE_MET,
    INDEPENDENT,
    INDUSTRIES,
    INITIALS,
    LEARN,
    LINKEDIN_TAG,
    NAMES,
    PREVIOUS,
    RESEARCH,
    WHY_TALK,
)
from coffeechat.storage import banks, paths
from coffeechat.storage.slugs import interview_slug, slugify, unique_slug

# (motivation, posting) of the demo's target employers, best first.
TARGETS: tuple[tuple[int, Posting | Literal[""]], ...] = (
    (3, "yes"), (3, ""), (2, "no"), (2, "yes"), (1, ""))

# A campaign spread over two years (a large demo) still looks kept up: nothing
# is left open longer than this many days late, as it is in a small one.
SETTLED_AFTER = 45


@dataclass(frozen=True)
class DemoSummary:
    """What ``generate`` wrote, so a command can report it."""

    people: int
    companies: int
    interviews: int
    referrals: int
    followups: int


@dataclass
class _Contact:
    """A person being generated, with what the text templates need."""

    slug: str
    given: str
    industry: str
    person: Person
    touched: bool = False  # interviewed or referred: no longer free to be "another name"
    chats: int = 0

    def words(self) -> dict[str, str]:
        """Values for ``{first}``, ``{title}``… in the templates."""
        return {
            "first": self.given,
            "name": self.person.name,
            "title": self.person.title,
            "company": self.person.company or "their own practice",
            "industry": INDUSTRIES[self.industry][1],
        }


@dataclass
class _Lead:
    """Another name gained at a chat, waiting to be contacted; contacting them
    closes whatever was queued or promised about them."""

    contact: _Contact
    introducer: _Contact
    promise: Promise | None = None
    followups: list[Followup] = field(default_factory=list)


class Campaign:
    """All records of one demo, built in memory in chronological order."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.contacts: list[_Contact] = []
        self.by_slug: dict[str, _Contact] = {}
        self.companies: list[tuple[str, Company]] = []
        self.interviews: list[tuple[str, Interview]] = []
        self.library = banks.load_library(paths.shipped_banks_dir(), None)
        self.another_name = questions.another_name_question(self.library)
        self._free: list[_Contact] = []
        # Names gained at a chat, by the day they can first be contacted.
        self._waiting: list[tuple[dt.date, int, _Lead]] = []
        self._ready: list[_Lead] = []
        self._sequence = itertools.count()  # breaks ties in the heap, never compares leads
        self._proposals: dict[tuple[str, ...], list[InterviewQuestion]] = {}

    # -- people -----------------------------------------------------------------------

    def add_people(self, count: int) -> None:
        """Names, slugs, employers and titles; the rest waits for the interviews."""
        rng = self.rng
        weights = [pool[3] for pool in NAMES]
        taken: set[str] = set()
        for _ in range(count):
            given_names, family_names, pattern, _weight, latin = rng.choices(NAMES, weights)[0]
            given = rng.choice(given_names)
            family = rng.choice(ANY_FAMILY if latin and rng.random() < 0.4 else family_names)
            if latin and rng.random() < 0.3:
                family = f"{rng.choice(INITIALS)}. {family}"
            name = pattern.format(g=given, f=family)
            slug = unique_slug(slugify(name), taken.__contains__)
            taken.add(slug)
            if rng.random() < 0.05:
                title, industry = rng.choice(INDEPENDENT)
                company = ""
            else:
                company, industry, _tags, _about = rng.choice(COMPANIES)
                title = self._title(industry)
            person = Person(name=name, company=company, title=title)
            self.contacts.append(_Contact(slug, given, industry, person))
        self.by_slug = {contact.slug: contact for contact in self.contacts}
        self._free = list(self.contacts)
        rng.shuffle(self._free)

    def _title(self, industry: str) -> str:
        """Mostly a role of the industry; some roles exist everywhere (recruiter…)."""
        if self.rng.random() < 0.2:
            return self.rng.choice(ANY_COMPANY_TITLES)
        return self.rng.choice(INDUSTRIES[industry][2])

    def _take_free(self) -> _Contact | None:
        """Someone not yet met nor referred, for a first chat or as another name."""
        while self._free:
            contact = self._free.pop()
            if not contact.touched:
                contact.touched = True
                return contact
        return None

    def finish_people(self) -> None:
        """Introductions outside the interviews, who-knows-whom, contact details, notes."""
        for contact in self.contacts:
            if not contact.touched and not contact.person.introduced_by:
                self._maybe_introduce(contact)
        colleagues: dict[str, list[_Contact]] = {}
        for contact in self.contacts:
            colleagues.setdefault(contact.person.company, []).append(contact)
        for contact in self.contacts:
            if self.rng.random() < 0.3:
                company = contact.person.company
                self._add_knows(contact, colleagues[company] if company else self.contacts)
            self._details(contact)

    def _maybe_introduce(self, contact: _Contact) -> None:
        """Some contacts came through a friend, giving referral chains beyond the chats."""
        if self.rng.random() >= 0.12:
            return
        introducer = self.rng.choice(self.contacts)
        link: _Contact | None = introducer
        while link is not None:  # never a loop in the referral tree
            if link is contact:
                return
            link = self.by_slug.get(link.person.introduced_by)
        contact.person.introduced_by = introducer.slug
        contact.person.how_we_met = f"Introduced by {introducer.person.name}"
        _append_new(introducer.person.knows, contact.slug)

    def _add_knows(self, contact: _Contact, colleagues: list[_Contact]) -> None:
        """Mostly colleagues, so "who can get me into X" finds warm paths."""
        for _ in range(self.rng.randint(1, 5)):
            pool = colleagues if self.rng.random() < 0.6 else self.contacts
            other = self.rng.choice(pool)
            if other is not contact:
                _append_new(contact.person.knows, other.slug)

    def _details(self, contact: _Contact) -> None:
        """How we met, tags, contact details and research; people met or about to
        be met are better researched than the rest of the network."""
        rng, person = self.rng, contact.person
        words = contact.words()
        tags: list[str] = []
        if not person.how_we_met:
            how, implied = rng.choice(HOW_WE_MET)
            person.how_we_met = how.format(old=rng.choice(COMPANIES)[0], **words)
            tags.extend(implied)
            if LINKEDIN_TAG in implied:
                person.connected_on = self.today - dt.timedelta(days=rng.randint(20, 2500))
        if person.introduced_by:
            tags.append("referral")
        if rng.random() < 0.5:
            tags.append(contact.industry)
        if "Recruit" in person.title or "Talent" in person.title:
            tags.append("recruiter")
        elif "Manager" in person.title and rng.random() < 0.3:
            tags.append("hiring-manager")
        for tag, chance in (("warm", 0.2), ("career-changer", 0.1), ("mentor", 0.04)):
            if rng.random() < chance:
                tags.append(tag)
        person.tags = list(dict.fromkeys(tags))
        person.contact = self._contact_details(contact)
        if contact.slug.isascii() and rng.random() < 0.08:
            person.links = [f"https://{contact.slug}.portfolio.example"]
        if rng.random() < (0.7 if contact.chats else 0.25):
            person.learn = _fill(rng.choice(LEARN), words)
        if rng.random() < (0.75 if contact.chats else 0.25):
            person.notes = self._person_notes(words, long=rng.random() < 0.12)

    def _contact_details(self, contact: _Contact) -> dict[str, str]:
        """Reserved ``.example`` domains and fictional number ranges only."""
        rng = self.rng
        details: dict[str, str] = {}
        if contact.slug.isascii() and rng.random() < 0.65:
            local = contact.slug.replace("-", ".")
            work = contact.person.company and rng.random() < 0.6
            domain = f"{slugify(contact.person.company)}.example" if work else "mail.example"
            details["email"] = f"{local}@{domain}"
        if rng.random() < 0.3:
            details["phone"] = rng.choice(PHONES).format(rng.randrange(100))
        if contact.slug.isascii() and rng.random() < 0.5:
            details["linkedin"] = f"https://www.linkedin.com/in/{contact.slug}"
        return details

    def _person_notes(self, words: dict[str, str], *, long: bool) -> str:
        rng = self.rng
        words = {**words, "years": str(rng.randint(2, 12)), "prev": rng.choice(PREVIOUS)}
        asks = "\n".join(f"- {_fill(ask, words)}" for ask in rng.sample(ASK_IDEAS, 3))
        parts = [
            f"## Background\n\n{_fill(rng.choice(BACKGROUND), words)}",
            f"## Why talk to {words['first']}\n\n{_fill(rng.choice(WHY_TALK), words)}",
            f"## Things to ask\n\n{asks}",
        ]
        if long:
            day = self.today - dt.timedelta(days=rng.randint(200, 400))
            log = []
            for line in rng.sample(RESEARCH, rng.randint(12, len(RESEARCH))):
                day += dt.timedelta(days=rng.randint(1, 9))
                log.append(f"- {day.isoformat()}: {_fill(line, words)}")
            parts.append("## Research log\n\n" + "\n".join(log))
            heard = rng.sample(HEARD, rng.randint(8, 15))
            parts.append("## What I've heard\n\n" + "\n".join(
                f"- {_fill(line, words)}" for line in heard))
        return "\n\n".join(parts) + "\n"

    # -- companies -----------------------------------------------------------------------

    def add_companies(self) -> None:
        """Research files for about half the organisations people work at."""
        rng = self.rng
        chosen = sorted(rng.sample(range(len(COMPANIES)), len(COMPANIES) // 2))
        for index in chosen:
            name, industry, tags, about = COMPANIES[index]
            label, phrase, titles = INDUSTRIES[industry]
            slug = slugify(name)
            words = {"company": name, "industry": phrase}
            company = Company(
                name=name,
                website=f"https://www.{slug}.example",
                industry=label,
                tags=[*tags, *rng.sample(EXTRA_COMPANY_TAGS, rng.randint(0, 2))],
                notes=self._company_notes(about, words, titles),
            )
            if rng.random() < 0.5:
                company.links = [f"https://www.{slug}.example/careers"]
            if rng.random() < 0.5:
                company.learn = _fill(rng.choice(COMPANY_LEARN), words)
            self.companies.append((slug, company))

    def mark_targets(self) -> None:
        """A few companies with research files become target employers: first
        where an ask waits for an answer (so the follow-up rhythm shows), then
        where most contacts work. No random draw, so the rest of the demo is
        the same with or without them."""
        by_name = {name_key(company.name): company for _, company in self.companies}
        working = Counter(name_key(contact.person.company) for contact in self.contacts)
        waiting = [name_key(interview.company) for _, interview in self.interviews
                   if interview.status == "asked"]
        order = dict.fromkeys([*(key for key in waiting if key in by_name),
                               *sorted(by_name, key=lambda key: (-working[key], key))])
        for key, (motivation, posting) in zip(order, TARGETS, strict=False):
            company = by_name[key]
            company.target, company.motivation, company.posting = True, motivation, posting

    def _company_notes(self, about: str, words: dict[str, str], titles: Sequence[str]) -> str:
        rng = self.rng
        roles = ", ".join(rng.sample(titles, min(3, len(titles))))
        open_questions = "\n".join(f"- {q}" for q in rng.sample(COMPANY_QUESTIONS, 3))
        return (
            f"## What they do\n\n{about}\n\n"
            f"## Why I'm interested\n\n{_fill(rng.choice(COMPANY_INTEREST), words)}\n\n"
            f"## Roles I've seen\n\n{roles}\n\n"
            f"## Hiring\n\n{rng.choice(COMPANY_HIRING)}\n\n"
            f"## Open questions\n\n{open_questions}\n"
        )

    # -- interviews ------------------------------------------------------------------------

    def add_interviews(self, count: int) -> None:
        """Interviews in order of creation, so a name gained at one chat can be
        met at a later one and referral chains grow several levels deep."""
        if not count or not self.contacts:
            return
        span = min(730, max(45, count * 2))
        statuses = [STATUS_CYCLE[index % len(STATUS_CYCLE)] for index in range(count)]
        self.rng.shuffle(statuses)
        plans = sorted(
            ((*self._timeline(status, span), index, status)
             for index, status in enumerate(statuses)),
            key=lambda plan: (plan[0], plan[2]),
        )
        taken: set[str] = set()
        for created, meet, _index, status in plans:
            contact, lead = self._pick(created)
            interview = self._interview(status, created, meet, contact, lead)
            slug = unique_slug(interview_slug(created, contact.slug), taken.__contains__)
            taken.add(slug)
            self.interviews.append((slug, interview))

    def _timeline(self, status: Status, span: int) -> tuple[dt.date, dt.datetime | None]:
        """When the interview was created and, if it got that far, when it is held."""
        rng, today = self.rng, self.today
        meet: dt.datetime | None = None
        if status == "done":
            meet = self._slot(today - dt.timedelta(days=rng.randint(1, span)), forward=False)
            created = meet.date() - dt.timedelta(days=rng.randint(4, 21))
        elif status == "scheduled":
            ahead = rng.randint(1, 14) if rng.random() < 0.85 else rng.randint(15, 40)
            meet = self._slot(today + dt.timedelta(days=ahead), forward=True)
            created = today - dt.timedelta(days=rng.randint(2, 25))
        elif status == "cancelled":
            created = today - dt.timedelta(days=rng.randint(10, span))
            meet = self._slot(created + dt.timedelta(days=rng.randint(6, 14)), forward=True)
        elif status == "asked":
            created = today - dt.timedelta(days=rng.randint(0, 14))
        elif status == "idea":
            created = today - dt.timedelta(days=rng.randint(0, 60))
        else:
            created = today - dt.timedelta(days=rng.randint(3, span))
        return created, meet

    def _slot(self, day: dt.date, *, forward: bool) -> dt.datetime:
        """A weekday meeting time on or near ``day``."""
        while day.weekday() >= 5:
            day += dt.timedelta(days=1 if forward else -1)
        hour = self.rng.randint(8, 17)
        return dt.datetime(day.year, day.month, day.day, hour, self.rng.choice((0, 0, 15, 30, 30)))

    def _pick(self, created: dt.date) -> tuple[_Contact, _Lead | None]:
        """Often a name gained at an earlier chat, else someone not met yet."""
        while self._waiting and self._waiting[0][0] <= created:
            self._ready.append(heapq.heappop(self._waiting)[2])
        if self._ready and self.rng.random() < 0.6:
            index = self.rng.randrange(len(self._ready))
            lead = self._ready[index]
            self._ready[index] = self._ready[-1]
            self._ready.pop()
            if lead.promise is not None:
                lead.promise.done = True
            for followup in lead.followups:
                followup.done = True
                followup.snoozed_until = None
            lead.contact.chats += 1
            return lead.contact, lead
        contact = self._take_free() or self.rng.choice(self.contacts)
        contact.chats += 1
        return contact, None

    def _interview(
        self,
        status: Status,
        created: dt.date,
        meet: dt.datetime | None,
        contact: _Contact,
        lead: _Lead | None,
    ) -> Interview:
        rng = self.rng
        words = {**contact.words(), "prev": rng.choice(PREVIOUS)}
        goals = _goals(rng)
        interview = Interview(
            person=contact.slug,
            company=contact.person.company,
            status=status,
            goals=goals,
            intent=_fill(rng.choice(INTENTS[goals[0]]), words),
            created=created,
        )
        if meet is not None or rng.random() < 0.4:
            interview.format = rng.choices(("in-person", "video", "phone"), (45, 40, 15))[0]
        if meet is not None:
            interview.scheduled = meet
            interview.duration = rng.choice((20, 25, 30, 30, 30, 45))
        if status in ("done", "scheduled") or rng.random() < 0.5:
            interview.questions = self._questions(goals)
        if status != "idea":
            interview.outreach = self._outreach(interview, contact, lead, words)
        if status == "done":
            assert meet is not None
            self._held(interview, meet, contact, words)
        return interview

    def _questions(self, goals: list[str]) -> list[InterviewQuestion]:
        """The banks' proposal for these goals, computed once per goal list and
        copied, since each interview ticks and answers its own."""
        key = tuple(goals)
        if key not in self._proposals:
            self._proposals[key] = questions.propose(goals, self.library)
        return [InterviewQuestion(text=q.text, bank=q.bank, id=q.id) for q in self._proposals[key]]

    def _outreach(
        self, interview: Interview, contact: _Contact, lead: _Lead | None, words: dict[str, str]
    ) -> list[Outreach]:
        """The ask, nudges and replies, in order and never later than today."""
        rng, status, meet = self.rng, interview.status, interview.scheduled
        assert interview.created is not None
        log: list[Outreach] = []

        def add(day: dt.date, channel: Channel, text: str) -> None:
            log.append(Outreach(date=self._at(day, log[-1].date if log else None),
                                channel=channel, text=text))

        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        if lead is not None:
            ask = _fill(rng.choice(REFERRED_ASKS), {**words, "intro": lead.introducer.given})
        else:
            ask = _fill(rng.choice(ASKS[channel]), words)
        day = interview.created
        add(day, channel, ask)
        limit = self.today
        if meet is not None:
            limit = min(limit, meet.date() - dt.timedelta(days=1))
        waited = (limit - day).days
        if waited >= 7 and rng.random() < 0.4:
            day += dt.timedelta(days=rng.randint(5, waited - 1))
            add(day, channel, rng.choice(NUDGES))
        if status == "asked" and rng.random() < 0.7:
            return log  # still waiting for an answer
        day = min(day + dt.timedelta(days=rng.randint(0, 3)), limit)
        if status == "asked":
            text = rng.choice(PENDING_REPLIES)
        elif status == "declined":
            text = rng.choice(DECLINES)
        else:
            text = rng.choice(REPLIES)
        style = FORMAT_WORDS.get(interview.format, "a video call")
        add(day, channel, _fill(text, {**words, "day": _day_phrase(meet), "format": style}))
        if meet is not None:
            when = (f"{WEEKDAYS[meet.weekday()][:3]} {meet.day} {MONTHS[meet.month - 1]}, "
                    f"{meet:%H:%M}")
            add(day, "email", rng.choice(INVITES).format(when=when))
            if status == "cancelled":
                add(max(limit, day), channel, _fill(rng.choice(CANCELS), words))
        return log

    def _at(self, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
        """A plausible time of day for a message sent on ``day``, later than ``after``."""
        moment = dt.datetime(day.year, day.month, day.day, self.rng.randint(8, 21),
                             self.rng.randrange(60))
        if after is not None and moment <= after:
            moment = after + dt.timedelta(minutes=self.rng.randint(5, 120))
        return moment

    def _held(
        self, interview: Interview, meet: dt.datetime, contact: _Contact, words: dict[str, str]
    ) -> None:
        """Everything a chat that took place leaves behind; the follow-ups are the
        ones ``lifecycle.end_interview`` queues, in its order."""
        rng = self.rng
        day = meet.date()
        tomorrow = day + dt.timedelta(days=1)
        names = self._referrals(interview, day, contact)
        self._answer(interview.questions, names)
        interview.notes = self._live_notes(interview, meet, words, names)
        thanks = self._followup(interview, "thank-you", contact.slug, tomorrow)
        if thanks.done:
            interview.outreach.append(Outreach(
                date=self._at(tomorrow, meet), channel="email", text=rng.choice(THANKS_SENT)))
        introducer = self.by_slug.get(contact.person.introduced_by)
        if introducer is not None:
            self._followup(interview, "thank-you", introducer.slug, tomorrow,
                           "for the introduction")
            self._followup(interview, "update", introducer.slug, day + dt.timedelta(days=7),
                           "tell them how it went")
        if rng.random() < 0.3:
            self._followup(interview, "update", contact.slug,
                           day + dt.timedelta(days=rng.randint(30, 60)),
                           _fill(rng.choice(UPDATES), words))
        if rng.random() < 0.35:
            what = _fill(rng.choice(PROMISES), words)
            interview.promises.append(self._promise(contact.slug, what, day))
        if rng.random() < 0.85 or (self.today - day).days > 3:
            interview.debrief = self._debrief(words, names)

    def _referrals(self, interview: Interview, day: dt.date, contact: _Contact) -> list[str]:
        """Other names gained, each a contact introduced by this person, with a reach-out
        queued and sometimes an introduction promised (as a promise or a chase)."""
        rng = self.rng
        names = []
        for _ in range(rng.choices((0, 1, 2, 3), (30, 45, 20, 5))[0]):
            other = self._take_free()
            if other is None:
                break
            if contact.person.company and rng.random() < 0.4:
                other.person.company = contact.person.company
                other.industry = contact.industry
                other.person.title = self._title(contact.industry)
            other.person.introduced_by = contact.slug
            other.person.how_we_met = (f"Introduced by {contact.person.name} after our coffee "
                                       f"chat in {MONTHS[day.month - 1]} {day.year}")
            _append_new(contact.person.knows, other.slug)
            why = _fill(rng.choice(REFERRAL_WHY), other.words())
            interview.referrals.append(Referral(person=other.slug, why=why))
            names.append(other.person.name)
            lead = _Lead(other, contact)
            lead.followups.append(self._followup(
                interview, "reach-out", other.slug, day + dt.timedelta(days=1),
                f"{contact.given} suggested it"))
            roll = rng.random()
            if roll < 0.3:
                lead.promise = self._promise(
                    contact.slug, f"Introduce me to {other.person.name} by email", day)
                interview.promises.append(lead.promise)
            elif roll < 0.5:
                lead.followups.append(self._followup(
                    interview, "introduce", contact.slug,
                    day + dt.timedelta(days=rng.randint(5, 10)), f"to {other.person.name}"))
            heapq.heappush(self._waiting, (day + dt.timedelta(days=1), next(self._sequence), lead))
        return names

    def _followup(
        self, interview: Interview, kind: FollowupKind, to: str, due: dt.date, note: str = ""
    ) -> Followup:
        """Queue a follow-up, settled as it would be by now."""
        followup = Followup(kind=kind, to=to, due=due, note=note)
        self._settle(followup)
        interview.followups.append(followup)
        return followup

    def _promise(self, who: str, what: str, day: dt.date) -> Promise:
        """A promise made at a chat: older ones are mostly kept, recent ones still
        open, none open for longer than ``SETTLED_AFTER`` days."""
        age = (self.today - day).days
        done = age > 5 and (self.rng.random() < 0.6 or age > SETTLED_AFTER)
        return Promise(who=who, what=what, date=day, done=done)

    def _settle(self, followup: Followup) -> None:
        """Old follow-ups are mostly done, and all of them once ``SETTLED_AFTER``
        days late; recent ones are due, overdue or snoozed."""
        assert followup.due is not None
        age = (self.today - followup.due).days
        roll = self.rng.random()
        followup.done = age > SETTLED_AFTER or roll < (
            0.9 if age > 7 else 0.35 if age > 0 else 0.05)
        if not followup.done and age > -3 and self.rng.random() < 0.15:
            followup.snoozed_until = self.today + dt.timedelta(days=self.rng.randint(2, 10))

    def _answer(self, asked: list[InterviewQuestion], names: list[str]) -> None:
        """Most questions asked and noted, a few skipped, sometimes one of my own."""
        rng = self.rng
        for question in asked:
            if (question.bank, question.id) == (self.another_name.bank, self.another_name.id):
                question.asked = True
                question.answer = ("Suggested " + " and ".join(names) if names
                                   else "Nobody came to mind; will email if someone does.")
                continue
            roll = rng.random()
            if roll < 0.82:
                question.asked = True
                if rng.random() < 0.85:
                    question.answer = rng.choice(ANSWERS.get(question.id, GENERIC_ANSWERS))
            elif roll < 0.9:
                question.skipped = True
        if asked and rng.random() < 0.3:
            text, answer = rng.choice(OWN_QUESTIONS)
            asked.insert(len(asked) - 1, InterviewQuestion(text=text, asked=True, answer=answer))

    def _live_notes(
        self, interview: Interview, meet: dt.datetime, words: dict[str, str], names: list[str]
    ) -> str:
        """Time-stamped lines as typed during the chat; a few chats ran long."""
        rng = self.rng
        duration = interview.duration or 30
        count = rng.randint(45, 90) if rng.random() < 0.1 else rng.randint(6, 14)
        offsets = sorted(rng.randint(1, duration) for _ in range(count + len(names)))
        opening = rng.choice(OPENINGS[interview.format or "video"])
        lines = [f"[{meet:%H:%M}] {_fill(opening, words)}"]
        pool = NOTE_LINES if count <= len(NOTE_LINES) else LONG_NOTE_LINES
        texts = [_fill(line, words) for line in rng.sample(pool, count)]
        texts += [f"Another name: {name}." for name in names]
        for offset, text in zip(offsets, texts, strict=True):
            lines.append(f"[{meet + dt.timedelta(minutes=offset):%H:%M}] {text}")
        end = meet + dt.timedelta(minutes=duration + rng.randint(0, 10))
        lines.append(f"[{end:%H:%M}] {_fill(rng.choice(CLOSINGS), words)}")
        return "\n".join(lines) + "\n"

    def _debrief(self, words: dict[str, str], names: list[str]) -> Debrief:
        """Learned and next steps as Markdown lists; every name gained is a next step."""
        rng = self.rng
        learned = rng.sample(LEARNED, rng.randint(1, 3))
        steps = [_fill(step, words) for step in rng.sample(NEXT_STEPS, rng.randint(1, 2))]
        steps += [f"Email {name} this week and mention {words['first']} suggested it."
                  for name in names]
        return Debrief(
            learned="\n".join(f"- {line}" for line in learned),
            surprises=_fill(rng.choice(SURPRISES), words),
            next_steps="\n".join(f"- {step}" for step in steps),
        )

    # -- output ----------------------------------------------------------------------------

    def records(self) -> Iterable[tuple[str, str, Record]]:
        """``(folder, slug, record)`` for every file to write."""
        for contact in self.contacts:
            yield "people", contact.slug, contact.person
        for slug, company in self.companies:
            yield "companies", slug, company
        for slug, interview in self.interviews:
            yield "interviews", slug, interview

    def summary(self) -> DemoSummary:
        interviews = [interview for _slug, interview in self.interviews]
        return DemoSummary(
            people=len(self.contacts),
            companies=len(self.companies),
            interviews=len(interviews),
            referrals=sum(len(interview.referrals) for interview in interviews),
            followups=sum(len(interview.followups) for interview in interviews),
        )


def _goals(rng: random.Random) -> list[str]:
    """One main goal, sometimes a second."""
    goals = rng.choices(GOALS, GOAL_WEIGHTS)
    if rng.random() < 0.4:
        goals.append(rng.choice([goal for goal in GOALS if goal != goals[0]]))
    return goals


def _day_phrase(meet: dt.datetime | None) -> str:
    if meet is None:
        return "next week"
    part = "morning" if meet.hour < 12 else "afternoon"
    return f"{WEEKDAYS[meet.weekday()]} {part}"


def _fill(template: str, words: dict[str, str]) -> str:
    return template.format_map(words)


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)
