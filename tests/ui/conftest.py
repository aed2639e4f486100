"""Fixtures shared by the Plan and Live tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.questions import propose
from coffeechat.storage import Workspace


def _planned_interview(data_dir: Path, *, notes: str = "") -> str:
    """Ana (introduced by Kai) at Aritzia, one planned interview; returns its slug."""
    with Workspace.open(data_dir) as ws:
        kai = ws.people.add(Person(name="Kai Mori", company="Shopify"))
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Product manager",
                                   introduced_by=kai, notes="Ex-retail buyer. Loves data."))
        ws.companies.add(Company(name="Aritzia", industry="Retail",
                                 notes="# Aritzia\nVancouver fashion retailer."))
        interview = Interview(
            person=ana, company="Aritzia", status="scheduled", goals=["explore-role"],
            intent="Learn what a PM at a retailer does all day", format="video",
            scheduled=dt.datetime(2026, 11, 25, 10, 0), duration=30,
            questions=propose(["explore-role"], ws.banks)[:6], notes=notes,
        )
        return ws.new_interview(interview, on=dt.date(2026, 11, 20))


@pytest.fixture
def make_workspace() -> Callable[..., str]:
    """``make_workspace(data_dir, notes=...)`` lays out Ana's planned interview."""
    return _planned_interview
