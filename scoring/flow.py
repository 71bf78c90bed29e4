"""What the engine runs: a score or a pathway as one flat tuple of questions, and pure
helpers over it (which question comes next, which answers are derived, what is known).

A score is the trivial flow: its items in order, keys = item ids, nothing conditional
or derived, so sessions and callback data of the scores are unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field

from scoring.base import FlowKind, Frozen, Text
from scoring.conditions import Fact, Facts, applies
from scoring.evaluate import Result, evaluate
from scoring.formulas import compute
from scoring.items import ChoiceItem, NumberItem
from scoring.model import Score
from scoring.pathway import Computed, FlowQuestion, Pathway

__all__ = [
    "EffectiveAnswer",
    "Flow",
    "FlowQuestion",
    "Walk",
    "asked_keys",
    "compile_flow",
    "effective_answers",
    "facts",
    "next_question",
    "pending_question",
    "walk",
]


class Flow(Frozen):
    """A score or a pathway, compiled: what the engine runs."""

    id: str
    """The score's or pathway's id (the session's `score`)."""
    kind: FlowKind
    """What was compiled."""
    title: Text
    """Its full name."""
    questions: tuple[FlowQuestion, ...] = Field(min_length=1)
    """Every question, in order (asked, skipped or derived as the answers decide)."""
    computed: tuple[Computed, ...] = ()
    """Values computed once their inputs are answered."""
    scores: tuple[Score, ...] = ()
    """The scores whose items the flow asks (a score's flow: the score itself)."""
    versions: dict[str, int]
    """Version of the flow and of each included score, by id (recorded in a session:
    any change restarts it)."""

    def question(self, key: str) -> FlowQuestion | None:
        """The question with this key, if any."""
        return next((q for q in self.questions if q.key == key), None)

    def index(self, key: str) -> int:
        """0-based position of the question with this key (ValueError if none)."""
        for i, q in enumerate(self.questions):
            if q.key == key:
                return i
        raise ValueError(f"flow {self.id!r} has no question {key!r}")


def _compile(source: Score | Pathway) -> Flow:
    if isinstance(source, Score):
        return Flow(
            id=source.id,
            kind="score",
            title=source.title,
            questions=tuple(
                FlowQuestion(key=i.id, owner=source.id, item=i, when=None, derived=None)
                for i in source.items
            ),
            scores=(source,),
            versions={source.id: source.version},
        )
    return Flow(
        id=source.id,
        kind=source.kind,
        title=source.title,
        questions=source.questions(),
        computed=source.computed,
        scores=source.scores,
        versions={source.id: source.version} | {s.id: s.version for s in source.scores},
    )


_COMPILED: dict[int, tuple[Score | Pathway, Flow]] = {}
"""Flows already compiled, by the identity of their (immutable) source, kept alive."""


def compile_flow(source: Score | Pathway) -> Flow:
    """The flow of a score (its items, keys = item ids) or of a pathway (validated)."""
    cached = _COMPILED.get(id(source))
    if cached is not None and cached[0] is source:
        return cached[1]
    flow = _compile(source)
    if len(_COMPILED) >= 256:  # definitions made on the fly (tests) do not accumulate
        _COMPILED.clear()
    _COMPILED[id(source)] = (source, flow)
    return flow


@dataclass(frozen=True)
class EffectiveAnswer:
    """An answer as the flow sees it: given by the clinician, or derived."""

    key: str
    """Question key."""
    value: Fact
    """Option id, number, or ticked box ids."""
    derived_from: str | None
    """Key of the answer it was derived from; None when given."""


Status = Literal["asked", "derived", "open", "skipped"]
"""A question's state for some answers: answered; derived; reached but not answered;
not reached (its condition does not hold)."""


@dataclass(frozen=True)
class Walk:
    """The flow walked through with some answers."""

    status: tuple[Status, ...]
    """One per question of the flow, in order."""
    answers: tuple[EffectiveAnswer, ...]
    """Given and derived answers of the questions reached, in order."""
    facts: Facts
    """What conditions read at the end: answers, computed values, complete scores."""


def _valid(question: FlowQuestion, value: Fact) -> bool:
    """Whether a stored answer still fits its question (a stale one counts as missing)."""
    item = question.item
    if isinstance(item, ChoiceItem):
        return isinstance(value, str) and item.option(value) is not None
    if isinstance(item, NumberItem):
        if isinstance(value, str):
            return item.shortcut is not None and value == item.shortcut.id
        return isinstance(value, Decimal)
    return isinstance(value, frozenset) and all(item.box(b) is not None for b in value)


def walk(flow: Flow, answers: Mapping[str, Fact]) -> Walk:
    """Walk the flow in order: each question is skipped (its `when` does not hold on what
    is known before it), derived (its derivation maps the source's answer to an option),
    asked (answered) or open. Answers of questions not reached are ignored."""
    known: dict[str, Fact] = {}
    computed: dict[str, Decimal] = {}
    results: dict[str, Result] = {}
    status: list[Status] = []
    effective: list[EffectiveAnswer] = []
    for question in flow.questions:
        if not applies(question.when, Facts(known, computed, results)):
            status.append("skipped")
            continue
        derived = question.derived
        source = known.get(derived.source) if derived is not None else None
        target = (
            derived.map.get(source) if derived is not None and isinstance(source, str) else None
        )
        if derived is not None and target is not None:
            known[question.key] = target
            status.append("derived")
            effective.append(EffectiveAnswer(question.key, target, derived.source))
        elif question.key in answers and _valid(question, answers[question.key]):
            known[question.key] = answers[question.key]
            status.append("asked")
            effective.append(EffectiveAnswer(question.key, answers[question.key], None))
        else:
            status.append("open")
            continue
        _settle(flow, known, computed, results)
    return Walk(tuple(status), tuple(effective), Facts(known, computed, results))


def _settle(
    flow: Flow, known: dict[str, Fact], computed: dict[str, Decimal], results: dict[str, Result]
) -> None:
    """Compute the values and score results that the answers known so far complete."""
    for value in flow.computed:
        ready = value.id not in computed and all(k in known for k in value.inputs.values())
        if ready and applies(value.when, Facts(known, computed, results)):
            inputs = {param: known[key] for param, key in value.inputs.items()}
            computed[value.id] = compute(value.formula, inputs)
    for score in flow.scores:
        if score.id in results:
            continue
        keys = {q.item.id: q.key for q in flow.questions if q.owner == score.id}
        if all(key in known for key in keys.values()):
            chosen = {item_id: known[key] for item_id, key in keys.items()}
            results[score.id] = evaluate(
                score, {k: v for k, v in chosen.items() if isinstance(v, str)}
            )


def effective_answers(flow: Flow, answers: Mapping[str, Fact]) -> tuple[EffectiveAnswer, ...]:
    """Given and derived answers of the questions reached, in order; each derived one
    names its source."""
    return walk(flow, answers).answers


def facts(flow: Flow, answers: Mapping[str, Fact]) -> Facts:
    """What conditions read once these answers are given."""
    return walk(flow, answers).facts


def next_question(
    flow: Flow, answers: Mapping[str, Fact], after_key: str | None = None
) -> FlowQuestion | None:
    """The first question after `after_key` (None: from the start) whose condition holds
    and that is not derived; None when there is none (the flow is at its result)."""
    start = 0 if after_key is None else flow.index(after_key) + 1
    status = walk(flow, answers).status
    for i in range(start, len(flow.questions)):
        if status[i] in ("asked", "open"):
            return flow.questions[i]
    return None


def pending_question(flow: Flow, answers: Mapping[str, Fact]) -> FlowQuestion | None:
    """The first question reached and not answered; None when the answers are complete."""
    status = walk(flow, answers).status
    return next((q for q, s in zip(flow.questions, status, strict=True) if s == "open"), None)


def asked_keys(flow: Flow, answers: Mapping[str, Fact]) -> tuple[str, ...]:
    """Keys of the questions reached and answered by the clinician (not derived), in
    order: `back` reopens the last one."""
    status = walk(flow, answers).status
    return tuple(q.key for q, s in zip(flow.questions, status, strict=True) if s == "asked")
