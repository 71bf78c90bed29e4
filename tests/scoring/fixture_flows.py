"""Small pathways built in the tests from the real scores, to exercise the machinery.

They are NOT the clinical pathways (those live in scoring/pathways/ and scoring/aids/):
their texts are placeholders; what they check is loading, conditions, derivations,
the walk through a flow and the summary's structure.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scoring.base import Text
from scoring.conditions import Any as AnyOf
from scoring.conditions import Is, Ticked, Within
from scoring.items import Box, ChecklistItem, ChoiceItem, NumberItem, NumberRange, Option
from scoring.model import Source
from scoring.pathway import Ask, Cell, Computed, Derive, Line, Part, Pathway, Table, UseScore


def t(text: str) -> Text:
    """A placeholder text, the same in both languages."""
    return Text(fr=text, en=text)


def choice(item_id: str, *options: str, when: Any = None) -> ChoiceItem:
    """An own question with these option ids (no points)."""
    return ChoiceItem(
        id=item_id,
        prompt=t(item_id),
        options=tuple(Option(id=o, label=t(o)) for o in options),
        when=when,
    )


GUIDELINE = Source(kind="guideline", citation="fixture", section="§0")

FRANKEL_TO_PALSY = {
    "A": "complete",
    "B": "complete",
    "C": "incomplete",
    "D1": "incomplete",
    "D2": "incomplete",
    "D3": "incomplete",
    "E": "none",
}
"""CLINICAL.md decision 15, as in issue 7: A-B complete, C-D3 incomplete, E none."""

TABLE_3_8_5 = Table(
    header=(t("Tokuhashi"), t("Tomita"), t("prognosis")),
    rows=(
        (
            Cell(text=t("12-15"), score="tokuhashi", min=12, max=15),
            Cell(text=t("2-5"), score="tomita", min=2, max=5),
            Cell(text=t("long")),
        ),
        (
            Cell(text=t("9-11"), score="tokuhashi", min=9, max=11),
            Cell(text=t("6-7"), score="tomita", min=6, max=7),
            Cell(text=t("middle")),
        ),
        (
            Cell(text=t("0-8"), score="tokuhashi", min=0, max=8),
            Cell(text=t("8-10"), score="tomita", min=8, max=10),
            Cell(text=t("short")),
        ),
    ),
)
"""The pairing of decision 20 (Tokuhashi 12-15 / Tomita 2-5, 9-11 / 6-7, 0-8 / 8-10)."""


def spine_fields() -> dict[str, Any]:
    """The fields of a small spine-like pathway: primary, Frankel, Tokuhashi, Tomita,
    a compression gate, then Rades only with compression."""
    return {
        "kind": "pathway",
        "id": "fixture_spine",
        "aliases": ("fixture_rachis",),
        "version": 1,
        "title": t("fixture spine"),
        "purpose": t("tests"),
        "steps": (
            Ask(choice("primary", "nsclc", "sclc", "other")),
            UseScore("frankel"),
            UseScore("tokuhashi"),
            UseScore("tomita"),
            Ask(choice("compression", "yes", "no")),
            UseScore("rades", when=Is("compression", ("yes",))),
        ),
        "derive": (
            Derive(source="frankel.grade", target="tokuhashi.palsy", map=FRANKEL_TO_PALSY),
            Derive(
                source="primary",
                target="tokuhashi.primary",
                map={"nsclc": "lung_group", "sclc": "lung_group", "other": None},
            ),
            Derive(
                source="primary",
                target="tomita.growth",
                map={"nsclc": "rapid", "sclc": "rapid", "other": None},
            ),
            Derive(
                source="primary",
                target="rades.primary",
                map={"nsclc": "nsclc", "sclc": "sclc", "other": None},
            ),
        ),
        "summary": (
            Part(
                id="prognosis",
                title=t("prognosis"),
                section="§3.8.5",
                scores=("tokuhashi", "tomita"),
                table=TABLE_3_8_5,
                lines=(
                    Line(t("tokuhashi >= 9"), when=Within("total:tokuhashi", min=9)),
                    Line(t("always")),
                ),
            ),
            Part(
                id="compression",
                title=t("compression"),
                section="§3.5.3",
                when=Is("compression", ("yes",)),
                scores=("rades",),
                lines=(Line(t("rades group 2")),),
            ),
        ),
        "sources": (GUIDELINE,),
    }


def spine(**changes: Any) -> Pathway:
    """The spine fixture, with some fields replaced, validated as if it were loading."""
    return Pathway.model_validate(spine_fields() | changes)


def clearance_item(**changes: Any) -> NumberItem:
    """A clearance in mL/min, 1 to 250, one decimal, with a "compute" shortcut."""
    fields: dict[str, Any] = {
        "id": "clearance",
        "prompt": t("clearance"),
        "noun": Text(fr="une clairance", en="a clearance"),
        "ranges": (
            NumberRange(
                unit=t("mL/min"),
                symbols=("ml/min", "ml/mn"),
                min=Decimal(1),
                max=Decimal(250),
            ),
        ),
        "decimals": 1,
        "shortcut": Option(id="compute", label=t("compute")),
        "when": Is("life", ("yes",)),
    }
    return NumberItem(**(fields | changes))


COMPUTING = Is("clearance", ("compute",))


def creatinine_item(**changes: Any) -> NumberItem:
    """A serum creatinine whose range follows the unit question."""
    fields: dict[str, Any] = {
        "id": "creatinine",
        "prompt": t("creatinine"),
        "noun": Text(fr="une créatininémie", en="a serum creatinine"),
        "unit_item": "creatinine_unit",
        "ranges": (
            NumberRange(
                unit=t("µmol/L"),
                symbols=("µmol/l", "umol/l"),
                min=Decimal(15),
                max=Decimal(2000),
                when_unit="umol_l",
            ),
            NumberRange(
                unit=t("mg/dL"),
                symbols=("mg/dl",),
                min=Decimal("0.17"),
                max=Decimal("22.6"),
                when_unit="mg_dl",
            ),
        ),
        "decimals": 2,
        "when": COMPUTING,
    }
    return NumberItem(**(fields | changes))


def number(item_id: str, low: int, high: int, decimals: int, unit: str) -> NumberItem:
    """A number asked only when the clearance is computed."""
    return NumberItem(
        id=item_id,
        prompt=t(item_id),
        noun=t(item_id),
        ranges=(NumberRange(unit=t(unit), symbols=(unit,), min=Decimal(low), max=Decimal(high)),),
        decimals=decimals,
        when=COMPUTING,
    )


def band(low: int | None, high: int | None, *, low_open: bool, high_open: bool) -> Any:
    """The typed clearance or the computed one within a band."""
    bounds: dict[str, Any] = {"min_open": low_open, "max_open": high_open}
    if low is not None:
        bounds["min"] = Decimal(low)
    if high is not None:
        bounds["max"] = Decimal(high)
    return AnyOf(Within("clearance", **bounds), Within("cg", **bounds))


BANDS = (
    ("4.0 mg", band(60, None, low_open=True, high_open=False)),
    ("3.5 mg", band(50, 60, low_open=False, high_open=False)),
    ("3.3 mg", band(40, 50, low_open=False, high_open=True)),
    ("3.0 mg", band(30, 40, low_open=False, high_open=True)),
    ("not recommended", band(None, 30, low_open=False, high_open=True)),
)
"""Decision 18's bands, as the test writes them: > 60; 50 to 60 inclusive; 40 to under
50; 30 to under 40; under 30."""


def aid_fields() -> dict[str, Any]:
    """The fields of a small aid: a gate, a clearance typed or computed, a checklist."""
    return {
        "kind": "aid",
        "id": "fixture_aid",
        "version": 1,
        "title": t("fixture aid"),
        "purpose": t("tests"),
        "steps": (
            Ask(choice("life", "yes", "no")),
            Ask(clearance_item()),
            Ask(number("age", 18, 120, 0, "years")),
            Ask(number("weight", 20, 300, 1, "kg")),
            Ask(choice("sex", "female", "male", when=COMPUTING)),
            Ask(choice("creatinine_unit", "umol_l", "mg_dl", when=COMPUTING)),
            Ask(creatinine_item()),
            Ask(
                ChecklistItem(
                    id="criteria",
                    prompt=t("criteria"),
                    boxes=(Box(id="a", label=t("a")), Box(id="b", label=t("b"))),
                    when=Is("life", ("yes",)),
                )
            ),
        ),
        "computed": (
            Computed(
                id="cg",
                label=t("Cockcroft-Gault"),
                unit=t("mL/min"),
                formula="cockcroft_gault",
                inputs={
                    "age": "age",
                    "weight": "weight",
                    "creatinine": "creatinine",
                    "creatinine_unit": "creatinine_unit",
                    "sex": "sex",
                },
                shown_formula=t("(140 - age) x weight / (72 x creatinine)"),
                decimals=1,
                when=COMPUTING,
            ),
        ),
        "summary": (
            Part(
                id="stop",
                title=t("stop"),
                section="§3.4",
                when=Is("life", ("no",)),
                lines=(Line(t("not started")),),
            ),
            Part(
                id="dose",
                title=t("dose"),
                section="§3.4",
                when=Is("life", ("yes",)),
                lines=tuple(Line(t(text), when=when) for text, when in BANDS),
            ),
            Part(
                id="criteria",
                title=t("criteria"),
                section="§3.4",
                when=Is("life", ("yes",)),
                lines=(
                    Line(t("a ticked"), when=Ticked("criteria", ("a",))),
                    Line(t("none ticked"), when=Ticked("criteria", ("a", "b"), "none")),
                ),
            ),
        ),
        "sources": (GUIDELINE,),
    }


def aid(**changes: Any) -> Pathway:
    """The aid fixture, with some fields replaced, validated as if it were loading."""
    return Pathway.model_validate(aid_fields() | changes)
