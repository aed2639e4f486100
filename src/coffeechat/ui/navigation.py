"""Navigation requests: what a screen asks the app to show, as typed messages.

A screen posts one (it bubbles up to the app); the app switches to the area
the request names and hands it over (:meth:`AreaScreen.ask`), and the area
shows it when it is on screen: at once if it already was, else when it
mounts or resumes. ``app.open_person`` and its kin build the same requests,
for code that is not a screen (the palette, the app itself).
"""

from __future__ import annotations

from typing import ClassVar

from textual.message import Message


class Request(Message):
    """Show something in ``area`` (a mode of the app)."""

    area: ClassVar[str] = ""

    @property
    def mode(self) -> str:
        return self.area


class OpenPerson(Request):
    """Network, with this person selected (even if the filter hides them)."""

    area = "network"

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class PeopleAt(Request):
    """Network, filtered to the people who work at ``employer``."""

    area = "network"

    def __init__(self, employer: str) -> None:
        super().__init__()
        self.employer = employer


class OpenResearch(Request):
    """The research notes of a ``"person"`` or a ``"company"``, with the cursor
    on ``words`` when Search found them there."""

    area = "research"

    def __init__(self, kind: str, slug: str, words: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.kind = kind
        self.slug = slug
        self.words = words


class OpenChat(Request):
    """One chat in Plan or Live (``where``), with the cursor on ``words`` when
    Search found them there."""

    def __init__(self, slug: str, where: str = "plan", words: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.slug = slug
        self.where = where
        self.words = words

    @property
    def mode(self) -> str:
        return self.where


class NewChatFor(Request):
    """Plan, with a new chat for ``person`` (no file until it has content)."""

    area = "plan"

    def __init__(self, person: str) -> None:
        super().__init__()
        self.person = person


class OpenSearch(Request):
    """Search, with the results for ``query``."""

    area = "search"

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class OpenBank(Request):
    """Banks, with this bank selected and ``words`` marked in it."""

    area = "banks"

    def __init__(self, bank_id: str, words: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.bank_id = bank_id
        self.words = words


class OpenTarget(Request):
    """Targets, with this company's line highlighted."""

    area = "targets"

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug


class OpenFollowup(Request):
    """Follow-ups, with the item of this key (``Nudge.key``) highlighted."""

    area = "followups"

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
