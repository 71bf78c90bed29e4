"""Typed numbers (issue 8): each accepted and refused form, and the clearance band edges.

The items are test fixtures (tests/scoring/fixture_flows.py): a clearance in mL/min
(1-250, one decimal, a "compute" shortcut) and a creatinine whose range follows its unit.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from scoring.base import Text
from scoring.items import NumberItem, NumberRange
from scoring.numbers import NumberError, expected, format_number, parse_number
from scoring.summary import conclude
from tests.scoring.fixture_flows import aid, clearance_item, creatinine_item

CLEARANCE = clearance_item()
CREATININE = creatinine_item()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("38.5", "38.5"),
        ("38,5", "38.5"),
        ("38.5 ml/min", "38.5"),
        ("38.5ml/min", "38.5"),
        ("38,5 mL/min", "38.5"),
        ("38.5 ML/MIN", "38.5"),
        ("38.5 ml / min", "38.5"),
        ("  38.5\tml/mn  ", "38.5"),
        ("38.5\u00a0mL/min", "38.5"),  # a no-break space, as French keyboards type
        ("45", "45"),
        ("1", "1"),
        ("250", "250"),
        ("060.0", "60.0"),
    ],
)
def test_accepted(text: str, value: str) -> None:
    parsed = parse_number(CLEARANCE, text)
    assert parsed == Decimal(value)
    assert str(parsed) == value  # canonical: the digits typed, never a float


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("clearance", "not_a_number"),
        ("compute", "not_a_number"),  # the shortcut is the engine's, not a number
        ("-5", "negative"),
        ("- 5", "negative"),
        ("\u22125", "negative"),  # a minus sign
        ("0", "out_of_range"),
        ("0.9", "out_of_range"),
        ("250.1", "out_of_range"),
        ("1000", "out_of_range"),
        ("1e3", "not_a_number"),
        ("1E3", "not_a_number"),
        ("inf", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("nan", "not_a_number"),
        ("NaN", "not_a_number"),
        ("+38", "not_a_number"),
        (".5", "not_a_number"),
        ("38.", "not_a_number"),
        ("38 40", "several_numbers"),
        ("38.5 / 40", "several_numbers"),
        ("38,5,2", "several_numbers"),
        ("38.5 mg/dL", "other_unit"),
        ("38.5 mL/s", "other_unit"),
        ("38.5 ml/min/1.73m2", "several_numbers"),
        ("38.55", "too_many_decimals"),
        ("\u0663\u0668", "not_a_number"),  # Arabic-Indic digits 38
        ("\u0968\u096a", "not_a_number"),  # Devanagari digits
        ("\uff13\uff18", "not_a_number"),  # full-width digits
        ("38" + "\u0665", "several_numbers"),  # an ASCII number then another script
        ("4" * 10_000, "too_long"),
        ("a" * 10_000, "too_long"),
    ],
)
def test_refused(text: str, problem: str) -> None:
    parsed = parse_number(CLEARANCE, text)
    assert isinstance(parsed, NumberError)
    assert parsed.problem == problem
    assert parsed.item == "clearance"


def test_the_error_is_one_line_saying_what_is_expected() -> None:
    parsed = parse_number(CLEARANCE, "abc")
    assert isinstance(parsed, NumberError)
    assert parsed("en") == (
        "Not a readable number: expected a clearance in mL/min between 1 and 250, up to 1 decimal."
    )
    assert parsed("fr") == (
        "Pas un nombre lisible : attendu une clairance en mL/min entre 1 et 250, "
        "1 décimale au plus."
    )
    for lang in ("fr", "en"):
        assert "\n" not in parsed(lang)  # type: ignore[arg-type]


def test_the_range_follows_the_unit_and_no_unit_is_converted() -> None:
    assert parse_number(CREATININE, "79", "umol_l") == Decimal(79)
    assert parse_number(CREATININE, "79 µmol/L", "umol_l") == Decimal(79)
    assert parse_number(CREATININE, "79 umol/l", "umol_l") == Decimal(79)
    assert parse_number(CREATININE, "0,89", "mg_dl") == Decimal("0.89")
    assert parse_number(CREATININE, "0.89 mg/dL", "mg_dl") == Decimal("0.89")
    # 79 is a plausible µmol/L but not a plausible mg/dL: refused, never guessed.
    refused = parse_number(CREATININE, "79", "mg_dl")
    assert isinstance(refused, NumberError)
    assert refused.problem == "out_of_range"
    assert refused("en") == (
        "Out of range: expected a serum creatinine in mg/dL between 0.17 and 22.6, "
        "up to 2 decimals."
    )
    assert refused("fr") == (
        "Hors des limites : attendu une créatininémie en mg/dL entre 0,17 et 22,6, "
        "2 décimales au plus."
    )
    other = parse_number(CREATININE, "0.89 mg/dL", "umol_l")
    assert isinstance(other, NumberError)
    assert other.problem == "other_unit"
    with pytest.raises(ValueError, match="no range for unit"):
        parse_number(CREATININE, "79", None)


def test_a_whole_number_says_so() -> None:
    age = NumberItem(
        id="age",
        prompt=Text(fr="Âge", en="Age"),
        noun=Text(fr="un âge", en="an age"),
        ranges=(
            NumberRange(
                unit=Text(fr="ans", en="years"),
                symbols=("ans", "years", "y"),
                min=Decimal(18),
                max=Decimal(120),
            ),
        ),
        decimals=0,
    )
    assert parse_number(age, "70 ans") == Decimal(70)
    assert parse_number(age, "70 Y") == Decimal(70)
    refused = parse_number(age, "70.5")
    assert isinstance(refused, NumberError)
    assert refused.problem == "too_many_decimals"
    assert expected(age)("en") == "an age in years between 18 and 120, a whole number"
    assert expected(age)("fr") == "un âge en ans entre 18 et 120, nombre entier"


def test_format_number_uses_the_decimal_comma_in_french() -> None:
    assert format_number(Decimal("60.1"), "fr") == "60,1"
    assert format_number(Decimal("60.1"), "en") == "60.1"


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        # Decision 18: > 60: 4.0 mg; 50 to 60 inclusive: 3.5 mg; 40 to under 50: 3.3 mg;
        # 30 to under 40: 3.0 mg; under 30: not recommended.
        ("29.9", "not recommended"),
        ("30", "3.0 mg"),
        ("39", "3.0 mg"),
        ("39.9", "3.0 mg"),
        ("40", "3.3 mg"),
        ("49", "3.3 mg"),
        ("49.9", "3.3 mg"),
        ("50", "3.5 mg"),
        ("60", "3.5 mg"),
        ("60.1", "4.0 mg"),
    ],
)
def test_clearance_band_edges(typed: str, line: str) -> None:
    """Each edge parses, and exactly one band's line holds for it."""
    value = parse_number(CLEARANCE, typed)
    assert isinstance(value, Decimal)
    summary = conclude(aid(), {"life": "yes", "clearance": value, "criteria": frozenset()})
    (dose,) = (p for p in summary.parts if p.id == "dose")
    assert [text.en for text in dose.lines] == [line]


@pytest.mark.parametrize(
    "changes",
    [
        {"ranges": ()},
        {"decimals": -1},
        {"noun": None},
        {"unit_item": "creatinine_unit"},  # ranges without when_unit
        {
            "ranges": (
                NumberRange(
                    unit=Text(fr="u", en="u"), symbols=("u",), min=Decimal("0.25"), max=Decimal(1)
                ),
            )
        },
    ],
)
def test_malformed_number_items_fail(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        clearance_item(**changes)


@pytest.mark.parametrize(
    "fields",
    [
        {"min": Decimal(-1), "max": Decimal(1)},
        {"min": Decimal(2), "max": Decimal(1)},
        {"min": Decimal(1), "max": Decimal(2), "symbols": ()},
        {"min": Decimal(1), "max": Decimal(2), "symbols": ("ml/min", "mL/min")},
        {"min": Decimal(1), "max": Decimal(2), "symbols": ("1/min",)},
        {"min": Decimal("NaN"), "max": Decimal(2)},
        {"min": Decimal(1), "max": Decimal("Infinity")},
    ],
)
def test_malformed_ranges_fail(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        NumberRange(**({"unit": Text(fr="u", en="u"), "symbols": ("u",)} | fields))  # type: ignore[arg-type]
