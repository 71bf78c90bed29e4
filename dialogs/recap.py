"""What a question shows of the dialogue so far: the answers given and derived (each
derived one with its source), the points so far of the current score, and how many
questions may still come. Pure functions of the flow and the stored answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dialogs.session import Answered, Session
from scoring import Score
from scoring.conditions import Fact, Facts, Is, Ticked, Within, atoms
from scoring.flow import EffectiveAnswer, Flow, FlowQuestion, Walk
from scoring.items import AnyItem, Box, ChecklistItem, ChoiceItem, NumberItem, NumberRange, Option


@dataclass(frozen=True)
class Given:
    """An answer already given or derived, for the recap above a question."""

    key: str
    """Question key."""
    item: AnyItem
    """The question."""
    option: Option | None = None
    """A choice's option (or a number question's shortcut)."""
    position: int = 0
    """1-based position of that option in the list shown (0 for a shortcut or a number)."""
    value: Decimal | None = None
    """A number answer."""
    unit: NumberRange | None = None
    """The unit and range of a number answer."""
    boxes: tuple[Box, ...] | None = None
    """A checklist's ticked boxes (possibly none)."""
    source: Given | None = None
    """For a derived answer: the answer it was derived from."""


def facts_of(answers: Sequence[Answered]) -> dict[str, Fact]:
    """Key -> fact, from stored answers."""
    found: dict[str, Fact] = {}
    for a in answers:
        if a.option is not None:
            found[a.item] = a.option
        elif a.value is not None:
            found[a.item] = Decimal(a.value)
        elif a.boxes is not None:
            found[a.item] = frozenset(a.boxes)
    return found


def last_answers(session: Session, given: Sequence[Given]) -> tuple[Given, ...]:
    if not session.answers:
        return ()
    key = session.answers[-1].item
    return tuple(g for g in given if g.key == key or (g.source is not None and g.source.key == key))


def remaining(flow: Flow, walked: Walk, position: int) -> int:
    """Questions from `position` on that may still be asked: the current one, those
    the answers so far let through, and those whose condition reads an answer still
    to come (so the count shrinks as answers skip questions, never grows)."""
    count = 0
    for i in range(position, len(flow.questions)):
        status = walked.status[i]
        derived = flow.questions[i].derived
        if derived is not None:
            source = walked.facts.answers.get(derived.source)
            if None not in derived.map.values() or (
                isinstance(source, str) and derived.map.get(source) is not None
            ):
                continue  # derived (or always derived): never asked
        if status in ("asked", "open"):
            count += 1
        elif status == "skipped":
            when = flow.questions[i].when
            if when is not None and any(
                not _settled(atom_ref, walked.facts) for atom_ref in _refs(when)
            ):
                count += 1
    return count


def running_total(flow: Flow, owner: Score | None, given: Sequence[Given]) -> int | None:
    if owner is None or owner.method != "sum":
        return None
    if flow.kind != "score" and not any(
        flow.question(g.key) is not None and flow.question(g.key).owner == owner.id  # type: ignore[union-attr]
        for g in given
    ):
        return None
    owned = {q.key for q in flow.questions if q.owner == owner.id}
    return sum(g.option.points or 0 for g in given if g.key in owned and g.option is not None)


def given_answers(
    flow: Flow, effective: Sequence[EffectiveAnswer], facts: Mapping[str, Fact]
) -> tuple[Given, ...]:
    shown: dict[str, Given] = {}
    for answer in effective:
        question = flow.question(answer.key)
        if question is None:  # pragma: no cover - the walk only yields flow keys
            continue
        given = given_one(question, answer.value, facts)
        if answer.derived_from is not None:
            source = shown.get(answer.derived_from)
            given = Given(
                key=given.key,
                item=given.item,
                option=given.option,
                position=given.position,
                source=source,
            )
        shown[answer.key] = given
    return tuple(shown.values())


def given_one(question: FlowQuestion, value: Fact, facts: Mapping[str, Fact]) -> Given:
    item = question.item
    if isinstance(item, ChoiceItem) and isinstance(value, str):
        option = item.option(value)
        return Given(
            key=question.key,
            item=item,
            option=option,
            position=item.position(option.id) if option else 0,
        )
    if isinstance(item, NumberItem):
        if isinstance(value, Decimal):
            unit = facts.get(item.unit_item) if item.unit_item else None
            rng = item.range_for(unit if isinstance(unit, str) else None)
            return Given(key=question.key, item=item, value=value, unit=rng)
        return Given(key=question.key, item=item, option=item.shortcut)
    if isinstance(item, ChecklistItem) and isinstance(value, frozenset):
        return Given(
            key=question.key, item=item, boxes=tuple(b for b in item.boxes if b.id in value)
        )
    return Given(key=question.key, item=item)  # pragma: no cover - the walk checks answers


def _refs(condition: Any) -> list[tuple[str, str]]:
    """(kind, name) of every fact a condition reads: ("answer", key), ("number", ref),
    ("score", id)."""
    found: list[tuple[str, str]] = []
    for atom in atoms(condition):
        if isinstance(atom, Is | Ticked):
            found.append(("answer", atom.item))
        elif isinstance(atom, Within):
            found.append(("number", atom.ref))
        else:
            found.append(("score", atom.score))
    return found


def _settled(ref: tuple[str, str], facts: Facts) -> bool:
    """Whether the fact a condition reads is known already."""
    kind, name = ref
    if kind == "answer":
        return name in facts.answers
    if kind == "score":
        return name in facts.results
    return facts.number(name) is not None
