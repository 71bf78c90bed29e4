"""Reading a typed number: one strict, pure parser, and one clear line when it refuses.

Accepted: digits, optionally one decimal separator ("." or ",") and decimals, optionally
followed by one of the item's own unit spellings ("38.5", "38,5", "38.5 ml/min").
Everything else is refused, never guessed: no sign, exponent, infinity, other-script
digits, thousands separator, second number or other unit. A unit is never converted.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from scoring.base import Frozen, Lang, Text
from scoring.items import NumberItem, normalise_symbol

MAX_LENGTH = 64
"""Longer input is refused before it is read."""

NumberProblem = Literal[
    "empty",
    "too_long",
    "not_a_number",
    "negative",
    "several_numbers",
    "other_unit",
    "too_many_decimals",
    "out_of_range",
]
"""Why a typed number was refused."""

_NUMBER = re.compile(r"(\d+)(?:[.,](\d+))?", re.ASCII)
_NEGATIVE = re.compile(r"[-\u2212\u2010\u2013]\s*\d")
_EXPONENT = re.compile(r"[eE][+-]?\d")

_LEADS: dict[NumberProblem, Text] = {
    "empty": Text(fr="Aucune valeur", en="No value"),
    "too_long": Text(fr="Réponse trop longue", en="Answer too long"),
    "not_a_number": Text(fr="Pas un nombre lisible", en="Not a readable number"),
    "negative": Text(
        fr="Une valeur négative n'est pas possible", en="A negative value is not possible"
    ),
    "several_numbers": Text(fr="Un seul nombre, s'il vous plaît", en="One number only, please"),
    "other_unit": Text(
        fr="Unité non acceptée (aucune conversion)", en="Unit not accepted (no conversion)"
    ),
    "too_many_decimals": Text(fr="Trop de décimales", en="Too many decimals"),
    "out_of_range": Text(fr="Hors des limites", en="Out of range"),
}


class NumberError(Frozen):
    """A refused number: why, and one line in each language saying what is expected."""

    problem: NumberProblem
    """Why it was refused."""
    item: str
    """Id of the number item."""
    line: Text
    """The one line shown: what is wrong, then what is expected."""

    def __call__(self, lang: Lang) -> str:
        """The line in `lang`."""
        return self.line(lang)


def format_number(value: Decimal, lang: Lang) -> str:
    """A number as written in `lang` (decimal comma in French), exactly as stored."""
    text = str(value)
    return text.replace(".", ",") if lang == "fr" else text


def expected(item: NumberItem, unit_option: str | None = None) -> Text:
    """What the item expects: "a clearance in mL/min between 1 and 250, up to 1 decimal"."""
    r = item.range_for(unit_option)

    def one(lang: Lang) -> str:
        low, high = format_number(r.min, lang), format_number(r.max, lang)
        if lang == "fr":
            places = (
                "nombre entier"
                if item.decimals == 0
                else f"{item.decimals} décimale{'s' if item.decimals > 1 else ''} au plus"
            )
            return f"{item.noun.fr} en {r.unit.fr} entre {low} et {high}, {places}"
        places = (
            "a whole number"
            if item.decimals == 0
            else f"up to {item.decimals} decimal{'s' if item.decimals > 1 else ''}"
        )
        return f"{item.noun.en} in {r.unit.en} between {low} and {high}, {places}"

    return Text(fr=one("fr"), en=one("en"))


def _error(item: NumberItem, problem: NumberProblem, unit_option: str | None) -> NumberError:
    lead, wanted = _LEADS[problem], expected(item, unit_option)
    return NumberError(
        problem=problem,
        item=item.id,
        line=Text(fr=f"{lead.fr} : attendu {wanted.fr}.", en=f"{lead.en}: expected {wanted.en}."),
    )


def parse_number(
    item: NumberItem, text: str, unit_option: str | None = None
) -> Decimal | NumberError:
    """The value typed for `item` (in the unit `unit_option` names, when it has a unit
    question), or the reason it is refused. Pure; never converts or guesses a unit."""
    r = item.range_for(unit_option)
    if len(text) > MAX_LENGTH:
        return _error(item, "too_long", unit_option)
    typed = " ".join(text.split())
    if not typed:
        return _error(item, "empty", unit_option)
    match = _NUMBER.match(typed)
    if match is None:
        problem: NumberProblem = "negative" if _NEGATIVE.match(typed) else "not_a_number"
        return _error(item, problem, unit_option)
    rest = typed[match.end() :].strip()
    if rest:
        if any(c.isdigit() for c in rest):
            problem = "not_a_number" if _EXPONENT.match(rest) else "several_numbers"
            return _error(item, problem, unit_option)
        if normalise_symbol(rest) not in {normalise_symbol(s) for s in r.symbols}:
            problem = "other_unit" if rest[0].isalpha() else "not_a_number"
            return _error(item, problem, unit_option)
    whole, decimals = match.group(1), match.group(2) or ""
    if len(decimals) > item.decimals:
        return _error(item, "too_many_decimals", unit_option)
    value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if not r.min <= value <= r.max:
        return _error(item, "out_of_range", unit_option)
    return value
