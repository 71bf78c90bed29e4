"""Pure formulas a pathway's computed values name, with the inputs each one reads.

Exact decimal arithmetic only: a value near a band edge must fall on the side the
clinical rule says, so there are no binary floats and no rounded constants.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from scoring.conditions import Fact

UMOL_PER_MG_DL = Decimal("88.4")
"""Creatinine: µmol/L per mg/dL (CLINICAL.md decision 18: divide by 88.4, never the
rounded 1.23 / 1.04 constants)."""

CREATININE_UNITS = frozenset({"umol_l", "mg_dl"})
"""Option ids of the creatinine unit question `cockcroft_gault` reads."""

SEXES = frozenset({"female", "male"})
"""Option ids of the sex question `cockcroft_gault` reads."""


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """`value` rounded to `decimals` places, halves away from zero (49.95 -> 50.0)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def cockcroft_gault(
    age: Decimal, weight: Decimal, creatinine: Decimal, creatinine_unit: str, sex: str
) -> Decimal:
    """Creatinine clearance in mL/min, exactly per CLINICAL.md decision 18.

    (140 - age) x actual weight (kg) / (72 x creatinine in mg/dL), x 0.85 for a woman;
    creatinine in µmol/L is divided by 88.4 first. Rounded to one decimal, half up.
    """
    if creatinine_unit not in CREATININE_UNITS or sex not in SEXES:
        raise ValueError(f"cockcroft_gault: unit {creatinine_unit!r}, sex {sex!r}")
    if creatinine <= 0 or weight <= 0 or age >= 140:
        raise ValueError("cockcroft_gault: creatinine and weight > 0, age < 140")
    with localcontext() as context:
        context.prec = 50
        numerator = (140 - age) * weight
        if sex == "female":
            numerator *= Decimal("0.85")
        denominator = 72 * creatinine
        if creatinine_unit == "umol_l":
            # x / (72 x (c / 88.4)) written as one division, so nothing is rounded before it.
            numerator *= UMOL_PER_MG_DL
        exact = numerator / denominator
    return round_half_up(exact, 1)


@dataclass(frozen=True)
class Param:
    """One input of a formula: a number answer, or a choice among known option ids."""

    kind: Literal["number", "choice"]
    """What kind of answer feeds it."""
    options: frozenset[str] = field(default_factory=frozenset)
    """For a choice: the option ids the formula reads; the question's options must be
    exactly these (checked when the pathway loads)."""


@dataclass(frozen=True)
class Formula:
    """A formula a `Computed` value can name."""

    function: Callable[..., Decimal]
    """The pure function, called with keyword arguments."""
    params: Mapping[str, Param]
    """Its parameters, by name."""
    decimals: int
    """How many decimals its result is rounded to (a `Computed` must declare the same)."""


FORMULAS: Mapping[str, Formula] = {
    "cockcroft_gault": Formula(
        function=cockcroft_gault,
        params={
            "age": Param("number"),
            "weight": Param("number"),
            "creatinine": Param("number"),
            "creatinine_unit": Param("choice", CREATININE_UNITS),
            "sex": Param("choice", SEXES),
        },
        decimals=1,
    ),
}
"""Every formula, by the name a `Computed` gives."""


def compute(name: str, inputs: Mapping[str, Fact]) -> Decimal:
    """The formula `name` applied to `inputs` (parameter -> answer)."""
    formula = FORMULAS[name]
    if set(inputs) != set(formula.params):
        raise ValueError(f"{name}: inputs {sorted(inputs)}, expected {sorted(formula.params)}")
    for param, value in inputs.items():
        wanted = Decimal if formula.params[param].kind == "number" else str
        if not isinstance(value, wanted):
            raise TypeError(f"{name}: {param} must be a {wanted.__name__}, got {value!r}")
    return formula.function(**inputs)
