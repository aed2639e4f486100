"""Goals → a proposed question list for one interview (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coffeechat.core.banks import BankLibrary
from coffeechat.core.models.bank import ANOTHER_NAME_TAG, STAGES, BankQuestion, QuestionBank
from coffeechat.core.models.interview import InterviewQuestion

# Used only when no bank has a question tagged another-name (a user replaced
# the shipped closing bank without one): the chat must still end with it.
FALLBACK_ANOTHER_NAME = "Who else do you think I should talk to?"

DEFAULT_LIMITS = {"opening": 2, "core": 8, "closing": 2}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def is_another_name(question: BankQuestion) -> bool:
    return ANOTHER_NAME_TAG in question.tags or question.id == ANOTHER_NAME_TAG


def another_name_question(library: BankLibrary) -> InterviewQuestion:
    """The "who else should I talk to?" question, from a bank when one has it."""
    for bank in library.banks.values():
        for question in bank.questions:
            if is_another_name(question):
                return InterviewQuestion(text=question.text, bank=bank.id, id=question.id)
    return InterviewQuestion(text=FALLBACK_ANOTHER_NAME, id=ANOTHER_NAME_TAG)


def propose(
    goals: Sequence[str],
    library: BankLibrary,
    *,
    limits: dict[str, int] | None = None,
) -> list[InterviewQuestion]:
    """Questions for ``goals``: ordered by stage, drawn in turn from each goal's
    banks so every goal is heard, no duplicates, ending with another-name."""
    caps = {**DEFAULT_LIMITS, **(limits or {})}
    banks = _banks_for(goals, library)
    chosen: list[InterviewQuestion] = []
    seen: set[str] = set()
    for stage in STAGES:
        # Openers come from the general banks first (thanks, purpose), the core
        # and closing questions from the banks most specific to the goals.
        ordered = sorted(banks, key=lambda bank: len(bank.goals), reverse=stage == "opening")
        pools = [
            [(bank, q) for q in bank.questions if q.stage == stage and not is_another_name(q)]
            for bank in ordered
        ]
        taken = 0
        for bank, question in _round_robin(pools):
            if taken >= caps.get(stage, 0):
                break
            key = _key(question.text)
            if key in seen:
                continue
            seen.add(key)
            chosen.append(InterviewQuestion(text=question.text, bank=bank.id, id=question.id))
            taken += 1
    closing = another_name_question(library)
    if _key(closing.text) not in seen:
        chosen.append(closing)
    return chosen


def stage_of(question: InterviewQuestion, library: BankLibrary) -> str:
    """The stage of a question on a plan; one's own questions count as core."""
    bank = library.banks.get(question.bank)
    if bank is not None:
        for candidate in bank.questions:
            if candidate.id == question.id:
                return candidate.stage
    return "closing" if question.id == ANOTHER_NAME_TAG else "core"


def merge_proposed(
    existing: Sequence[InterviewQuestion],
    proposed: Sequence[InterviewQuestion],
    library: BankLibrary,
) -> list[InterviewQuestion]:
    """Add the proposed questions not yet on the list, each after the last
    question of the same or an earlier stage, keeping the user's own order and
    the another-name question last."""
    have = {_key(question.text) for question in existing}
    merged = list(existing)
    for question in proposed:
        if _key(question.text) in have:
            continue
        have.add(_key(question.text))
        rank = STAGES.index(stage_of(question, library))
        position = 0
        for index, other in enumerate(merged):
            if STAGES.index(stage_of(other, library)) <= rank and not _is_last(other):
                position = index + 1
        merged.insert(position, question)
    last = [question for question in merged if _is_last(question)]
    return [question for question in merged if not _is_last(question)] + last


def _is_last(question: InterviewQuestion) -> bool:
    return question.id == ANOTHER_NAME_TAG


def _banks_for(goals: Sequence[str], library: BankLibrary) -> list[QuestionBank]:
    ordered: dict[str, QuestionBank] = {}
    for goal in goals:
        for bank in library.for_goal(goal):
            ordered.setdefault(bank.id, bank)
    return list(ordered.values())


def _round_robin(
    pools: list[list[tuple[QuestionBank, BankQuestion]]],
) -> Iterable[tuple[QuestionBank, BankQuestion]]:
    index = 0
    while any(index < len(pool) for pool in pools):
        for pool in pools:
            if index < len(pool):
                yield pool[index]
        index += 1


def follow_ups_for(question: InterviewQuestion, library: BankLibrary) -> list[str]:
    """The probing follow-ups of a question taken from a bank (none for one's own)."""
    bank = library.banks.get(question.bank)
    if bank is None:
        return []
    for candidate in bank.questions:
        if candidate.id == question.id:
            return list(candidate.follow_ups)
    return []
