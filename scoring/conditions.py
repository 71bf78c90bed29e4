"""Conditions: when a question is asked, a summary part or line shown. Pure data.

A condition reads facts (the answers so far, the computed values, the results of the
scores already answered) and `holds(condition, facts)` says whether it holds. An atom
whose fact is missing (a question not asked, a score not reached) is false, so write
`All(of=(Is(...), Not(...)))` rather than a bare `Not(...)` when the fact may be missing.

The atoms and combinators take their main fields positionally as well as by keyword,
so that data reads as in the design: `All(Is("compression", ("yes",)), InStratum(...))`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from scoring.base import Frozen, Number

if TYPE_CHECKING:
    from scoring.evaluate import Result

TOTAL_PREFIX = "total:"
"""`Within(ref="total:<score id>")` reads the total of an included score."""

Fact = str | Decimal | frozenset[str]
"""One answer: an option id (a choice, or a number item's shortcut), a number, or the
set of ticked box ids (a checklist, possibly empty)."""


@dataclass(frozen=True)
class Facts:
    """What conditions read: answers by key, computed values, results by score id."""

    answers: Mapping[str, Fact] = field(default_factory=dict)
    """Answers (given and derived) by question key."""
    computed: Mapping[str, Decimal] = field(default_factory=dict)
    """Computed values by id (already rounded per their data)."""
    results: Mapping[str, Result] = field(default_factory=dict)
    """Results of the included scores answered in full, by score id."""

    def number(self, ref: str) -> Decimal | None:
        """The number `ref` names (a number answer, a computed value or `total:<score>`)."""
        if ref.startswith(TOTAL_PREFIX):
            result = self.results.get(ref.removeprefix(TOTAL_PREFIX))
            return None if result is None or result.total is None else Decimal(result.total)
        if ref in self.computed:
            return self.computed[ref]
        value = self.answers.get(ref)
        return value if isinstance(value, Decimal) else None


class Is(Frozen):
    """The choice answer (or a number item's shortcut) at `item` is one of `options`."""

    op: Literal["is"] = "is"
    """Discriminator."""
    item: str = Field(min_length=1)
    """Question key."""
    options: tuple[str, ...] = Field(min_length=1)
    """Option ids, any of which makes the condition hold."""

    def __init__(self, item: str, options: tuple[str, ...], **data: object) -> None:
        BaseModel.__init__(self, item=item, options=options, **data)


class Ticked(Frozen):
    """Boxes of the checklist at `item`: any, all or none of `boxes` ticked."""

    op: Literal["ticked"] = "ticked"
    """Discriminator."""
    item: str = Field(min_length=1)
    """Question key of a checklist."""
    boxes: tuple[str, ...] = Field(min_length=1)
    """Box ids."""
    mode: Literal["any", "all", "none"] = "any"
    """"any": at least one ticked; "all": every one ticked; "none": none ticked (the
    checklist answered, so a checklist not asked is still false)."""

    def __init__(
        self,
        item: str,
        boxes: tuple[str, ...],
        mode: Literal["any", "all", "none"] = "any",
        **data: object,
    ) -> None:
        BaseModel.__init__(self, item=item, boxes=boxes, mode=mode, **data)


class Within(Frozen):
    """A number between bounds; whether each bound is included is data (band edges)."""

    op: Literal["within"] = "within"
    """Discriminator."""
    ref: str = Field(min_length=1)
    """Key of a number answer, id of a computed value, or `total:<score id>`."""
    min: Number | None = None
    """Lower bound; None for no lower bound."""
    max: Number | None = None
    """Upper bound; None for no upper bound."""
    min_open: bool = False
    """True: the value must be > min; False: >= min."""
    max_open: bool = False
    """True: the value must be < max; False: <= max."""

    def __init__(self, ref: str, **data: object) -> None:
        BaseModel.__init__(self, ref=ref, **data)

    @model_validator(mode="after")
    def _bounds(self) -> Within:
        if self.min is None and self.max is None:
            raise ValueError(f"Within({self.ref!r}): needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"Within({self.ref!r}): min {self.min} > max {self.max}")
        if (self.min is None and self.min_open) or (self.max is None and self.max_open):
            raise ValueError(f"Within({self.ref!r}): an open side needs its bound")
        return self

    def contains(self, value: Decimal) -> bool:
        """Whether `value` lies within the bounds."""
        if self.min is not None and (value <= self.min if self.min_open else value < self.min):
            return False
        return not (
            self.max is not None and (value >= self.max if self.max_open else value > self.max)
        )


class InStratum(Frozen):
    """The included score `score` was answered and fell in one of `strata`."""

    op: Literal["in_stratum"] = "in_stratum"
    """Discriminator."""
    score: str = Field(min_length=1)
    """Score id."""
    strata: tuple[str, ...] = Field(min_length=1)
    """Stratum ids."""

    def __init__(self, score: str, strata: tuple[str, ...], **data: object) -> None:
        BaseModel.__init__(self, score=score, strata=strata, **data)


class All(Frozen):
    """Every condition of `of` holds."""

    op: Literal["all"] = "all"
    """Discriminator."""
    of: tuple[Condition, ...] = Field(min_length=1)
    """The conditions."""

    def __init__(self, *of: Condition, **data: object) -> None:
        if of:
            data["of"] = of
        BaseModel.__init__(self, **data)


class Any(Frozen):
    """At least one condition of `of` holds."""

    op: Literal["any"] = "any"
    """Discriminator."""
    of: tuple[Condition, ...] = Field(min_length=1)
    """The conditions."""

    def __init__(self, *of: Condition, **data: object) -> None:
        if of:
            data["of"] = of
        BaseModel.__init__(self, **data)


class Not(Frozen):
    """`of` does not hold (true as well when `of` reads a missing fact)."""

    op: Literal["not"] = "not"
    """Discriminator."""
    of: Condition
    """The condition negated."""

    def __init__(self, of: Condition, **data: object) -> None:
        BaseModel.__init__(self, of=of, **data)


Condition = Annotated[Is | Ticked | Within | InStratum | All | Any | Not, Field(discriminator="op")]
"""Every condition, a discriminated union on `op`."""

Atom = Is | Ticked | Within | InStratum
"""A condition that reads one fact."""

# All, Any and Not refer to `Condition`, defined after them: like every definition model
# (`Frozen`: defer_build) they build their validators on first use, by which time it is.


def holds(condition: Condition, facts: Facts) -> bool:
    """Whether `condition` holds for `facts`; an atom whose fact is missing is false."""
    match condition:
        case Is():
            value = facts.answers.get(condition.item)
            return isinstance(value, str) and value in condition.options
        case Ticked():
            ticked = facts.answers.get(condition.item)
            if not isinstance(ticked, frozenset):
                return False
            if condition.mode == "any":
                return not ticked.isdisjoint(condition.boxes)
            if condition.mode == "all":
                return ticked.issuperset(condition.boxes)
            return ticked.isdisjoint(condition.boxes)
        case Within():
            number = facts.number(condition.ref)
            return number is not None and condition.contains(number)
        case InStratum():
            result = facts.results.get(condition.score)
            return result is not None and result.stratum.id in condition.strata
        case All():
            return all(holds(c, facts) for c in condition.of)
        case Any():
            return any(holds(c, facts) for c in condition.of)
        case Not():
            return not holds(condition.of, facts)


def applies(when: Condition | None, facts: Facts) -> bool:
    """Whether an optional `when` lets its question, part or line through (None: always)."""
    return when is None or holds(when, facts)


def atoms(condition: Condition) -> Iterator[Atom]:
    """The atoms a condition reads, depth first (for validation)."""
    match condition:
        case All() | Any():
            for c in condition.of:
                yield from atoms(c)
        case Not():
            yield from atoms(condition.of)
        case _:
            yield condition


def both(first: Condition | None, second: Condition | None) -> Condition | None:
    """The conjunction of two optional conditions (None when both are None)."""
    if first is None:
        return second
    if second is None:
        return first
    return All(first, second)


__all__ = [
    "TOTAL_PREFIX",
    "All",
    "Any",
    "Atom",
    "Condition",
    "Fact",
    "Facts",
    "InStratum",
    "Is",
    "Not",
    "Ticked",
    "Within",
    "applies",
    "atoms",
    "both",
    "holds",
]
