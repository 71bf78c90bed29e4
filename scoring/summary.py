"""The end of a pathway: its summary, as pure data (rendering is `dialogs/`' job).

The summary holds the answers (given and derived, each with its question and its label
or value), each included score's `Result` (evaluated by `scoring.evaluate` on the same
answers, so a score alone and inside a pathway agree), the computed values with their
inputs and formula, and the parts whose conditions hold, with the lines that hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from scoring.base import Frozen, Text
from scoring.conditions import Fact, applies
from scoring.errors import MissingAnswer
from scoring.evaluate import Result
from scoring.flow import Flow, compile_flow, pending_question, walk
from scoring.items import Box, ChecklistItem, ChoiceItem, NumberItem
from scoring.model import Source
from scoring.pathway import Computed, Pathway, Table


class ShownAnswer(Frozen):
    """One answer as the summary shows it."""

    key: str
    """Question key."""
    owner: str | None
    """The score the question belongs to; None for the pathway's own question."""
    prompt: Text
    """The question."""
    option: str | None = None
    """A choice's option id (or a number item's shortcut)."""
    label: Text | None = None
    """That option's label."""
    value: Decimal | None = None
    """A number answer."""
    unit: Text | None = None
    """The unit of a number answer."""
    boxes: tuple[Box, ...] | None = None
    """A checklist's ticked boxes, in the list's order (possibly none)."""
    derived_from: str | None = None
    """Key of the answer it was derived from; None when given."""
    source_prompt: Text | None = None
    """When derived: the source question."""
    source_label: Text | None = None
    """When derived: the source answer's label ("from: NSCLC")."""


class ComputedValue(Frozen):
    """A computed value with what it was computed from."""

    id: str
    """The computed value's id."""
    label: Text
    """What it is."""
    unit: Text
    """Its unit."""
    value: Decimal
    """The value, rounded per the data."""
    inputs: tuple[ShownAnswer, ...]
    """The answers it was computed from, in the formula's parameter order."""
    shown_formula: Text
    """The formula as printed."""


class TableMark(Frozen):
    """The row a score's total falls in."""

    score: str
    """Score id."""
    row: int | None
    """0-based row index; None if no row's band holds the total."""


class ShownPart(Frozen):
    """A summary part whose condition holds."""

    id: str
    """The part's id."""
    title: Text
    """Its title."""
    section: str
    """The guideline section cited."""
    lines: tuple[Text, ...]
    """The sentences whose conditions hold, in order."""
    results: tuple[Result, ...]
    """The results of the part's scores that were reached, in the part's order."""
    table: Table | None
    """The part's table, if any."""
    marks: tuple[TableMark, ...]
    """For each score of the table that was reached, the row its total falls in."""

    def disagree(self) -> bool:
        """Whether the table's marked scores fall in different rows."""
        rows = {m.row for m in self.marks}
        return len(self.marks) > 1 and len(rows) > 1


class Summary(Frozen):
    """A finished pathway or aid."""

    pathway: str
    """Pathway id."""
    kind: Literal["aid", "pathway"]
    """Aid or pathway."""
    version: int
    """Pathway version."""
    versions: dict[str, int]
    """Versions of the pathway and of each included score, by id."""
    title: Text
    """The pathway's name."""
    answers: tuple[ShownAnswer, ...]
    """Given and derived answers, in the order of the flow."""
    results: tuple[Result, ...]
    """Each included score reached, in the order of the flow."""
    computed: tuple[ComputedValue, ...]
    """Values computed."""
    parts: tuple[ShownPart, ...]
    """The parts whose conditions hold."""
    sources: tuple[Source, ...]
    """The pathway's sources."""


def _shown(
    flow: Flow, key: str, value: Fact, derived_from: str | None, known: Mapping[str, Fact]
) -> ShownAnswer:
    question = flow.questions[flow.index(key)]
    item = question.item
    shown = ShownAnswer(
        key=key, owner=question.owner, prompt=item.prompt, derived_from=derived_from
    )
    if derived_from is not None:
        source = flow.questions[flow.index(derived_from)]
        source_value = known.get(derived_from)
        if isinstance(source.item, ChoiceItem) and isinstance(source_value, str):
            option = source.item.option(source_value)
            shown = shown.model_copy(
                update={
                    "source_prompt": source.item.prompt,
                    "source_label": option.label if option else None,
                }
            )
    if isinstance(item, ChoiceItem) and isinstance(value, str):
        option = item.option(value)
        return shown.model_copy(update={"option": value, "label": option.label if option else None})
    if isinstance(item, NumberItem):
        if isinstance(value, Decimal):
            unit_option = known.get(item.unit_item) if item.unit_item else None
            unit = item.range_for(unit_option if isinstance(unit_option, str) else None).unit
            return shown.model_copy(update={"value": value, "unit": unit})
        if item.shortcut is not None:
            return shown.model_copy(update={"option": value, "label": item.shortcut.label})
    if isinstance(item, ChecklistItem) and isinstance(value, frozenset):
        boxes = tuple(b for b in item.boxes if b.id in value)
        return shown.model_copy(update={"boxes": boxes})
    return shown


def _marks(table: Table, results: Mapping[str, Result]) -> tuple[TableMark, ...]:
    marks: list[TableMark] = []
    scores = dict.fromkeys(c.score for row in table.rows for c in row if c.score is not None)
    for score_id in scores:
        result = results.get(score_id)
        if result is None or result.total is None:
            continue
        total = result.total
        row = next(
            (
                i
                for i, cells in enumerate(table.rows)
                for c in cells
                if c.score == score_id
                and c.min is not None
                and c.max is not None
                and c.min <= total <= c.max
            ),
            None,
        )
        marks.append(TableMark(score=score_id, row=row))
    return tuple(marks)


def conclude(pathway: Pathway, answers: Mapping[str, Fact]) -> Summary:
    """The summary of a pathway for complete answers (key -> option id, number or box
    ids). Raises MissingAnswer if a question reached is still unanswered."""
    flow = compile_flow(pathway)
    missing = pending_question(flow, answers)
    if missing is not None:
        raise MissingAnswer(pathway.id, [missing.key])
    walked = walk(flow, answers)
    known = walked.facts.answers
    results = walked.facts.results
    shown = tuple(_shown(flow, a.key, a.value, a.derived_from, known) for a in walked.answers)
    by_key = {s.key: s for s in shown}
    computed = tuple(
        _computed(c, walked.facts.computed[c.id], by_key)
        for c in pathway.computed
        if c.id in walked.facts.computed
    )
    parts = tuple(
        ShownPart(
            id=part.id,
            title=part.title,
            section=part.section,
            lines=tuple(line.text for line in part.lines if applies(line.when, walked.facts)),
            results=tuple(results[s] for s in part.scores if s in results),
            table=part.table,
            marks=_marks(part.table, results) if part.table is not None else (),
        )
        for part in pathway.summary
        if applies(part.when, walked.facts)
    )
    return Summary(
        pathway=pathway.id,
        kind=pathway.kind,
        version=pathway.version,
        versions=dict(flow.versions),
        title=pathway.title,
        answers=shown,
        results=tuple(results[s.id] for s in flow.scores if s.id in results),
        computed=computed,
        parts=parts,
        sources=pathway.sources,
    )


def _computed(c: Computed, value: Decimal, by_key: Mapping[str, ShownAnswer]) -> ComputedValue:
    return ComputedValue(
        id=c.id,
        label=c.label,
        unit=c.unit,
        value=value,
        inputs=tuple(by_key[key] for key in c.inputs.values()),
        shown_formula=c.shown_formula,
    )
