"""Conditions: each operator, missing facts (false), nesting, and their data form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from scoring import evaluate, get_score
from scoring.conditions import (
    All,
    Any,
    Condition,
    Facts,
    InStratum,
    Is,
    Not,
    Ticked,
    Within,
    applies,
    atoms,
    holds,
)

# Mirels: lower limb 2 + third to two thirds 2 + lytic 3 + moderate 2 = 9, "high" (9-12).
MIRELS_9 = evaluate(
    get_score("mirels"),
    {"site": "lower_limb", "size": "third_to_two_thirds", "lesion": "lytic", "pain": "moderate"},
)
FACTS = Facts(
    answers={
        "compression": "yes",
        "clearance": Decimal("49.9"),
        "shortcut": "compute",
        "criteria": frozenset({"a", "c"}),
        "empty": frozenset(),
    },
    computed={"cg": Decimal("60.1")},
    results={"mirels": MIRELS_9},
)
EMPTY = Facts()


def test_is() -> None:
    assert holds(Is("compression", ("yes",)), FACTS)
    assert holds(Is("compression", ("no", "yes")), FACTS)
    assert not holds(Is("compression", ("no",)), FACTS)
    assert holds(Is("shortcut", ("compute",)), FACTS)  # a number item's shortcut
    assert not holds(Is("clearance", ("49.9",)), FACTS)  # a number is not an option
    assert not holds(Is("compression", ("yes",)), EMPTY)


@pytest.mark.parametrize(
    ("mode", "boxes", "expected"),
    [
        ("any", ("a", "b"), True),
        ("any", ("b",), False),
        ("all", ("a", "c"), True),
        ("all", ("a", "b"), False),
        ("none", ("b",), True),
        ("none", ("a", "b"), False),
    ],
)
def test_ticked_modes(mode: str, boxes: tuple[str, ...], expected: bool) -> None:
    assert holds(Ticked("criteria", boxes, mode), FACTS) is expected  # type: ignore[arg-type]


def test_ticked_on_an_empty_checklist_and_on_a_missing_one() -> None:
    assert holds(Ticked("empty", ("a",), "none"), FACTS)
    assert not holds(Ticked("empty", ("a",), "any"), FACTS)
    # Not asked: even "none ticked" is false, the answer is missing.
    assert not holds(Ticked("criteria", ("a",), "none"), EMPTY)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Within("clearance", min=Decimal(40), max=Decimal(50), max_open=True), True),
        (Within("clearance", min=Decimal("49.9")), True),
        (Within("clearance", min=Decimal("49.9"), min_open=True), False),
        (Within("clearance", max=Decimal("49.9")), True),
        (Within("clearance", max=Decimal("49.9"), max_open=True), False),
        (Within("clearance", min=Decimal(50)), False),
        (Within("cg", min=Decimal(60), min_open=True), True),  # a computed value
        (Within("cg", min=Decimal(50), max=Decimal(60)), False),
        (Within("total:mirels", min=Decimal(9)), True),  # a score's total
        (Within("total:mirels", max=Decimal(8)), False),
        (Within("shortcut", min=Decimal(0)), False),  # the shortcut is not a number
        (Within("compression", min=Decimal(0)), False),
        (Within("total:sins", min=Decimal(0)), False),  # score not reached
        (Within("absent", min=Decimal(0)), False),
    ],
)
def test_within(condition: Within, expected: bool) -> None:
    assert holds(condition, FACTS) is expected


def test_in_stratum() -> None:
    assert holds(InStratum("mirels", ("high",)), FACTS)
    assert holds(InStratum("mirels", ("borderline", "high")), FACTS)
    assert not holds(InStratum("mirels", ("low",)), FACTS)
    assert not holds(InStratum("mirels", ("high",)), EMPTY)


def test_combinators_and_nesting() -> None:
    yes, no = Is("compression", ("yes",)), Is("compression", ("no",))
    assert holds(All(yes, InStratum("mirels", ("high",))), FACTS)
    assert not holds(All(yes, no), FACTS)
    assert holds(Any(no, yes), FACTS)
    assert not holds(Any(no, Is("absent", ("x",))), FACTS)
    assert holds(Not(no), FACTS)
    assert not holds(Not(yes), FACTS)
    nested = Any(All(no, Within("cg", min=Decimal(60))), All(yes, Not(Ticked("criteria", ("b",)))))
    assert holds(nested, FACTS)
    assert not holds(nested, EMPTY)
    assert list(atoms(nested)) == [
        no,
        Within("cg", min=Decimal(60)),
        yes,
        Ticked("criteria", ("b",)),
    ]


def test_not_of_a_missing_fact_is_true_so_the_design_pairs_it() -> None:
    """A bare Not holds when its fact is missing; All(Is(...), Not(...)) does not."""
    assert holds(Not(Is("compression", ("yes",))), EMPTY)
    assert not holds(All(Is("compression", ("no",)), Not(Is("x", ("y",)))), EMPTY)


def test_applies_treats_no_condition_as_always() -> None:
    assert applies(None, EMPTY)
    assert not applies(Is("compression", ("yes",)), EMPTY)


def test_conditions_are_data_that_round_trip() -> None:
    """Positional and keyword forms are the same data, and JSON reloads them."""
    adapter: TypeAdapter[Condition] = TypeAdapter(Condition)
    condition = All(
        Is("compression", ("yes",)),
        Not(of=Within(ref="total:mirels", min=Decimal(8), min_open=True)),
        Any(of=(Ticked(item="criteria", boxes=("a",), mode="all"), InStratum("mirels", ("high",)))),
    )
    assert condition == All(of=condition.of)
    assert adapter.validate_json(adapter.dump_json(condition)) == condition
    assert adapter.validate_python({"op": "is", "item": "a", "options": ["b"]}) == Is("a", ("b",))


@pytest.mark.parametrize(
    "make",
    [
        lambda: Within("x"),  # no bound
        lambda: Within("x", min=Decimal(2), max=Decimal(1)),
        lambda: Within("x", max_open=True),  # an open side without its bound
        lambda: Within("x", min=60.0),  # a float bound
        lambda: Is("x", ()),
        lambda: Ticked("x", (), "any"),
        lambda: Ticked("x", ("a",), "some"),
        All,
        lambda: Is("x", ("a",), colour="red"),  # extra fields are refused
    ],
)
def test_malformed_conditions_fail(make: object) -> None:
    with pytest.raises(ValidationError):
        make()  # type: ignore[operator]
