"""Pathways and aids: guided decisions declared as data, validated when they load.

A pathway asks its own questions, includes whole scores, derives some answers from
others, computes values and ends on a summary whose parts are chosen by declared rules.
An aid (kind "aid") includes no score; a pathway (kind "pathway") includes at least one.

Keys: a pathway's own question keeps its id; a score's item inside a pathway is
`"<score>.<item>"`. Everything a pathway names (scores, items, options, boxes, strata,
computed values, formulas) must exist, and every condition and derivation looks only
backwards; a pathway that breaks any of this fails at import.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal, NoReturn

from pydantic import BaseModel, Field, model_validator

from scoring.base import ID_PATTERN, Frozen, Text
from scoring.conditions import TOTAL_PREFIX, Condition, InStratum, Is, Ticked, Within, atoms
from scoring.formulas import FORMULAS
from scoring.items import AnyItem, ChecklistItem, ChoiceItem, NumberItem
from scoring.model import Deviation, Score, Source
from scoring.scores import SCORES_BY_ID

FLOW_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
"""A flow id or alias is also a chat command (/id)."""


def score_key(score_id: str, item_id: str) -> str:
    """The key of a score's item inside a pathway."""
    return f"{score_id}.{item_id}"


class Ask(Frozen):
    """A step that asks one of the pathway's own questions (key: the item's id)."""

    kind: Literal["ask"] = "ask"
    """Discriminator."""
    item: AnyItem
    """The question; its `when` says whether it is asked."""

    def __init__(self, item: AnyItem, **data: object) -> None:
        BaseModel.__init__(self, item=item, **data)


class UseScore(Frozen):
    """A step that asks the items of an included score (keys "<score>.<item>")."""

    kind: Literal["score"] = "score"
    """Discriminator."""
    score: str
    """The score's id."""
    when: Condition | None = None
    """The score is reached only if this holds (None: always)."""
    items: tuple[str, ...] | None = None
    """Only these items of the score, in this order (to split a score across steps);
    None: every item, in the score's order."""

    def __init__(self, score: str, **data: object) -> None:
        BaseModel.__init__(self, score=score, **data)


Step = Annotated[Ask | UseScore, Field(discriminator="kind")]
"""One step of a pathway."""


class Derive(Frozen):
    """An answer derived from an earlier choice, so the target question is not asked."""

    source: str
    """Key of the earlier choice question the answer comes from."""
    target: str
    """Key of the choice question answered by derivation."""
    map: dict[str, str | None]
    """Every option of the source -> an option of the target, or None: not derived for
    this answer, the target question is asked."""


class Computed(Frozen):
    """A value computed by a named formula from earlier answers."""

    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Identifier (conditions read it with `Within(ref=id)`)."""
    label: Text
    """What the value is ("Creatinine clearance (Cockcroft-Gault)")."""
    unit: Text
    """Its unit as shown."""
    formula: str
    """Name of a formula in `scoring.formulas.FORMULAS`."""
    inputs: dict[str, str]
    """Formula parameter -> question key."""
    shown_formula: Text
    """The formula as printed with the result."""
    decimals: int = Field(ge=0)
    """Decimals of the result (must be the formula's own rounding)."""
    when: Condition | None = None
    """Computed only if this holds (None: whenever its inputs are answered)."""


class Line(Frozen):
    """One sentence of a summary part, shown when its condition holds."""

    text: Text
    """The sentence."""
    when: Condition | None = None
    """Shown only if this holds (None: always)."""

    def __init__(self, text: Text, when: Condition | None = None, **data: object) -> None:
        BaseModel.__init__(self, text=text, when=when, **data)


def line(fr: str, en: str, when: Condition | None = None) -> Line:
    """A summary sentence in French and English, shown when `when` holds: the shorthand
    the pathway and aid definitions write their summaries with."""
    return Line(Text(fr=fr, en=en), when)


class Cell(Frozen):
    """One cell of a summary table: a text, and for a score's column, its band of totals."""

    text: Text
    """What the cell says."""
    score: str | None = None
    """The included (summed) score whose total this cell's band is for; None: plain text."""
    min: int | None = None
    """Lowest total of the band (inclusive)."""
    max: int | None = None
    """Highest total of the band (inclusive)."""

    @model_validator(mode="after")
    def _band(self) -> Cell:
        banded = self.min is not None and self.max is not None
        if (self.score is None) == banded or (banded and (self.min or 0) > (self.max or 0)):
            raise ValueError(f"cell {self.text.en!r}: a score with min <= max, or neither")
        return self


class Table(Frozen):
    """A guideline table (§3.8.5); the summary marks the row each score falls in."""

    header: tuple[Text, ...] = ()
    """Column titles (none: no header row)."""
    rows: tuple[tuple[Cell, ...], ...] = Field(min_length=1)
    """Rows of cells."""


class Part(Frozen):
    """A titled block of the summary, citing its guideline section."""

    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Identifier."""
    title: Text
    """The block's title."""
    section: str = Field(min_length=1)
    """Guideline section cited ("§3.8.5")."""
    when: Condition | None = None
    """Shown only if this holds (None: always)."""
    lines: tuple[Line, ...] = ()
    """Sentences, each shown when its own condition holds."""
    scores: tuple[str, ...] = ()
    """Included scores whose total/max (or grade), stratum and action the part shows."""
    table: Table | None = None
    """A table whose rows the scores fall in."""


class FlowQuestion(Frozen):
    """One question of a compiled flow, as the engine runs it."""

    key: str
    """Where its answer is stored: the item id (a score, a pathway's own question) or
    "<score>.<item>" (a score's item inside a pathway)."""
    owner: str | None
    """The score the item belongs to; None for a pathway's own question."""
    item: AnyItem
    """The question."""
    when: Condition | None
    """Asked only if this holds (the step's and the item's conditions combined)."""
    derived: Derive | None
    """The derivation that may answer it instead (when its source's answer maps to an
    option); None: always asked when reached."""


class Pathway(Frozen):
    """A guided decision (or, with kind "aid", a decision aid), declared once."""

    kind: Literal["aid", "pathway"]
    """"aid": no score included; "pathway": at least one."""
    id: str = Field(pattern=FLOW_ID_PATTERN, max_length=24)
    """Stable identifier; also the chat command (/id)."""
    aliases: tuple[Annotated[str, Field(pattern=FLOW_ID_PATTERN, max_length=24)], ...] = ()
    """Extra command names (/spine for /rachis)."""
    version: int = Field(ge=1)
    """Bumped whenever steps, items, options, derivations or the summary change: saved
    dialogues of an older version are restarted."""
    title: Text
    """Full name."""
    purpose: Text
    """One line: what it is for."""
    steps: tuple[Step, ...] = Field(min_length=1)
    """Own questions and included scores, in the order asked."""
    derive: tuple[Derive, ...] = ()
    """Answers derived from earlier ones."""
    computed: tuple[Computed, ...] = ()
    """Values computed from the answers."""
    summary: tuple[Part, ...] = Field(min_length=1)
    """The summary's parts, in order."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """The guideline sections and publications."""
    deviations: tuple[Deviation, ...] = ()
    """Departures from the guideline (documented in docs/deviations.md)."""

    @model_validator(mode="after")
    def _check(self) -> Pathway:
        _Checker(self).check()
        return self

    @property
    def scores(self) -> tuple[Score, ...]:
        """The included scores, in the order their first step comes."""
        ids = dict.fromkeys(s.score for s in self.steps if isinstance(s, UseScore))
        return tuple(SCORES_BY_ID[i] for i in ids)

    def questions(self) -> tuple[FlowQuestion, ...]:
        """The flat questions, in order (validated: see `scoring.flow.compile_flow`)."""
        return _layout(self)


def _own_items(steps: tuple[Step, ...]) -> Iterator[AnyItem]:
    for step in steps:
        if isinstance(step, Ask):
            yield step.item


def _layout(pathway: Pathway) -> tuple[FlowQuestion, ...]:
    """The flat questions: each step's, then any score item only derived (never asked)
    after the last step of its score. Raises ValueError on unknown scores or items."""
    derived = {d.target: d for d in pathway.derive}
    questions: list[FlowQuestion] = []
    last_step: dict[str, int] = {}
    for step in pathway.steps:
        if isinstance(step, Ask):
            questions.append(
                FlowQuestion(
                    key=step.item.id,
                    owner=None,
                    item=step.item,
                    when=step.item.when,
                    derived=derived.get(step.item.id),
                )
            )
            continue
        score = SCORES_BY_ID.get(step.score)
        if score is None:
            raise ValueError(f"unknown score {step.score!r}; scores: {sorted(SCORES_BY_ID)}")
        for item_id in step.items if step.items is not None else [i.id for i in score.items]:
            item = score.item(item_id)
            if item is None:
                raise ValueError(f"score {score.id!r} has no item {item_id!r}")
            key = score_key(score.id, item_id)
            questions.append(
                FlowQuestion(
                    key=key, owner=score.id, item=item, when=step.when, derived=derived.get(key)
                )
            )
        last_step[score.id] = len(questions)
    # A score item only derived is placed after its score's last step, under its condition.
    for score_id, end in sorted(last_step.items(), key=lambda kv: -kv[1]):
        score = SCORES_BY_ID[score_id]
        placed = {q.key for q in questions}
        when = questions[end - 1].when
        extra = [
            FlowQuestion(key=key, owner=score_id, item=item, when=when, derived=derived[key])
            for item in score.items
            if (key := score_key(score_id, item.id)) not in placed and key in derived
        ]
        questions[end:end] = extra
    return tuple(questions)


class _Checker:
    """The load-time checks of one pathway, each failing with what is wrong and where."""

    def __init__(self, pathway: Pathway) -> None:
        self.p = pathway
        self.where = f"pathway {pathway.id!r}"

    def fail(self, message: str) -> NoReturn:
        raise ValueError(f"{self.where}: {message}")

    def check(self) -> None:
        p = self.p
        if not any(s.kind == "guideline" for s in p.sources):
            self.fail("no guideline source")
        if p.id in p.aliases or len(set(p.aliases)) != len(p.aliases):
            self.fail(f"aliases {p.aliases} repeat the id or each other")
        uses_scores = any(isinstance(s, UseScore) for s in p.steps)
        if uses_scores != (p.kind == "pathway"):
            self.fail('kind "pathway" includes scores, kind "aid" none')
        for item in _own_items(p.steps):
            if isinstance(item, ChoiceItem) and any(
                o.points is not None or o.stratum is not None for o in item.options
            ):
                self.fail(f"own question {item.id!r}: options carry no points and no stratum")
        try:
            questions = _layout(p)
        except ValueError as error:
            self.fail(str(error))
        keys = [q.key for q in questions]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            self.fail(f"asked twice: {twice}")
        self.position = {q.key: i for i, q in enumerate(questions)}
        self.questions = {q.key: q for q in questions}
        self._check_coverage()
        self._check_derivations()
        self.available: dict[str, int] = {}
        self._check_computed()
        for i, q in enumerate(questions):
            if q.when is not None:
                self._check_condition(q.when, i, f"question {q.key!r}")
            if isinstance(q.item, NumberItem):
                self._check_units(q.item, i, q.key)
        end = len(questions)
        part_ids = [part.id for part in p.summary]
        if len(set(part_ids)) != len(part_ids):
            self.fail(f"duplicate summary part ids {part_ids}")
        for part in p.summary:
            self._check_part(part, end)

    def _check_coverage(self) -> None:
        for score in self.p.scores:
            for item in score.items:
                key = score_key(score.id, item.id)
                if key not in self.questions:
                    self.fail(f"score item {key!r} is neither asked nor derived")
                question = self.questions[key]
                # Only derived (never in a step): every answer of its source must map.
                in_a_step = any(
                    isinstance(s, UseScore)
                    and s.score == score.id
                    and (s.items is None or item.id in s.items)
                    for s in self.p.steps
                )
                derived = question.derived
                if not in_a_step and derived is not None and None in derived.map.values():
                    self.fail(
                        f"score item {key!r} is derived only for some answers of "
                        f"{derived.source!r}: ask it in a step"
                    )

    def _check_derivations(self) -> None:
        targets = [d.target for d in self.p.derive]
        if len(set(targets)) != len(targets):
            self.fail(f"more than one derivation for a target: {targets}")
        for d in self.p.derive:
            where = f"derivation {d.source!r} -> {d.target!r}"
            source, target = self.questions.get(d.source), self.questions.get(d.target)
            if source is None or target is None:
                self.fail(f"{where}: unknown key")
            if not isinstance(source.item, ChoiceItem) or not isinstance(target.item, ChoiceItem):
                self.fail(f"{where}: source and target must be choice questions")
            if self.position[d.source] >= self.position[d.target]:
                self.fail(f"{where}: the source must be asked before the target")
            expected = {o.id for o in source.item.options}
            if set(d.map) != expected:
                missing, extra = sorted(expected - set(d.map)), sorted(set(d.map) - expected)
                self.fail(
                    f"{where}: map must cover the source's options (missing {missing}, "
                    f"unknown {extra})"
                )
            options = {o.id for o in target.item.options}
            wrong = sorted(v for v in d.map.values() if v is not None and v not in options)
            if wrong:
                self.fail(f"{where}: {wrong} are not options of the target {sorted(options)}")

    def _check_computed(self) -> None:
        for c in self.p.computed:
            where = f"computed {c.id!r}"
            if c.id in self.questions or c.id in self.available:
                self.fail(f"{where}: id already used")
            formula = FORMULAS.get(c.formula)
            if formula is None:
                self.fail(f"{where}: unknown formula {c.formula!r}; formulas: {sorted(FORMULAS)}")
            if set(c.inputs) != set(formula.params):
                self.fail(
                    f"{where}: inputs {sorted(c.inputs)}, the formula takes "
                    f"{sorted(formula.params)}"
                )
            if c.decimals != formula.decimals:
                self.fail(
                    f"{where}: {c.decimals} decimals, the formula rounds to {formula.decimals}"
                )
            for param, key in c.inputs.items():
                question = self.questions.get(key)
                if question is None:
                    self.fail(f"{where}: input {param!r} names unknown key {key!r}")
                spec = formula.params[param]
                if spec.kind == "number" and not isinstance(question.item, NumberItem):
                    self.fail(f"{where}: input {param!r} must be a number question")
                if spec.kind == "choice" and not (
                    isinstance(question.item, ChoiceItem)
                    and {o.id for o in question.item.options} == spec.options
                ):
                    self.fail(
                        f"{where}: input {param!r} must be a choice with options "
                        f"{sorted(spec.options)}"
                    )
            position = max(self.position[key] for key in c.inputs.values())
            if c.when is not None:
                self._check_condition(c.when, position + 1, where)
            self.available[c.id] = position + 1

    def _check_units(self, item: NumberItem, position: int, key: str) -> None:
        if item.unit_item is None:
            return
        unit = self.questions.get(item.unit_item)
        if unit is None or self.position[item.unit_item] >= position:
            self.fail(f"number {key!r}: unit question {item.unit_item!r} is not asked before")
        if not isinstance(unit.item, ChoiceItem):
            self.fail(f"number {key!r}: unit question {item.unit_item!r} is not a choice")
        options = {o.id for o in unit.item.options}
        ranges = {r.when_unit for r in item.ranges}
        if ranges != options:
            self.fail(
                f"number {key!r}: ranges are for {sorted(map(str, ranges))}, the unit "
                f"question's options are {sorted(options)}"
            )

    def _check_part(self, part: Part, end: int) -> None:
        where = f"summary part {part.id!r}"
        used = {s.id: s for s in self.p.scores}
        if part.when is not None:
            self._check_condition(part.when, end, where)
        for line in part.lines:
            if line.when is not None:
                self._check_condition(line.when, end, where)
        for score_id in part.scores:
            if score_id not in used:
                self.fail(f"{where}: score {score_id!r} is not included")
        for row in part.table.rows if part.table is not None else ():
            if part.table is not None and part.table.header and len(row) != len(part.table.header):
                self.fail(
                    f"{where}: a table row has {len(row)} cells for "
                    f"{len(part.table.header)} columns"
                )
            for cell in row:
                if cell.score is not None and (
                    cell.score not in used or used[cell.score].method != "sum"
                ):
                    self.fail(
                        f"{where}: table cell names {cell.score!r}, not an included summed score"
                    )

    def _score_complete_before(self, score_id: str, position: int) -> bool:
        keys = [k for k, q in self.questions.items() if q.owner == score_id]
        return bool(keys) and all(self.position[k] < position for k in keys)

    def _check_condition(self, condition: Condition, position: int, where: str) -> None:
        """Every atom reads a fact that exists and is settled before `position`."""
        for atom in atoms(condition):
            if isinstance(atom, InStratum):
                score = SCORES_BY_ID.get(atom.score)
                if score is None or not self._score_complete_before(atom.score, position):
                    self.fail(f"{where}: score {atom.score!r} is not answered before")
                unknown = sorted(set(atom.strata) - {s.id for s in score.strata})
                if unknown:
                    self.fail(f"{where}: {atom.score!r} has no strata {unknown}")
                continue
            if isinstance(atom, Within):
                self._check_within(atom, position, where)
                continue
            self._check_answer_atom(atom, position, where)

    def _check_answer_atom(self, atom: Is | Ticked, position: int, where: str) -> None:
        question = self.questions.get(atom.item)
        if question is None or self.position[atom.item] >= position:
            self.fail(f"{where}: condition on {atom.item!r}, which is not asked before")
        item = question.item
        if isinstance(atom, Is):
            if isinstance(item, ChoiceItem):
                known = {o.id for o in item.options}
            elif isinstance(item, NumberItem) and item.shortcut is not None:
                known = {item.shortcut.id}
            else:
                self.fail(f"{where}: Is({atom.item!r}) on a question without options")
            unknown = sorted(set(atom.options) - known)
            if unknown:
                self.fail(
                    f"{where}: {atom.item!r} has no options {unknown}; options: {sorted(known)}"
                )
            return
        if not isinstance(atom, Ticked) or not isinstance(item, ChecklistItem):
            self.fail(f"{where}: Ticked({atom.item!r}) on a question that is not a checklist")
        unknown = sorted(set(atom.boxes) - {b.id for b in item.boxes})
        if unknown:
            self.fail(f"{where}: {atom.item!r} has no boxes {unknown}")

    def _check_within(self, atom: Within, position: int, where: str) -> None:
        if atom.ref.startswith(TOTAL_PREFIX):
            score_id = atom.ref.removeprefix(TOTAL_PREFIX)
            score = SCORES_BY_ID.get(score_id)
            if score is None or score.method != "sum":
                self.fail(f"{where}: {atom.ref!r} names no summed score")
            elif not self._score_complete_before(score_id, position):
                self.fail(f"{where}: score {score_id!r} is not answered before")
            return
        if atom.ref in self.available:
            if self.available[atom.ref] > position:
                self.fail(f"{where}: computed {atom.ref!r} is not available before")
            return
        question = self.questions.get(atom.ref)
        if question is None or self.position[atom.ref] >= position:
            self.fail(f"{where}: condition on {atom.ref!r}, which is not asked or computed before")
        elif not isinstance(question.item, NumberItem):
            self.fail(f"{where}: Within({atom.ref!r}) on a question that is not a number")
