"""Summaries as data: answers given and derived, results of the scores reached, computed
values with their inputs, the parts and lines that hold, the table rows marked.
Fixtures: tests/scoring/fixture_flows.py (placeholders, not clinical content)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring import MissingAnswer
from scoring.summary import conclude
from tests.scoring.fixture_flows import aid, spine

# Tokuhashi 2+2+2+2 + lung 0 + palsy from Frankel; Tomita rapid 4 + none 0 + solitary 1 = 5.
BASE = {
    "primary": "nsclc",
    "tokuhashi.general_condition": "kps_80_100",
    "tokuhashi.extraspinal_bone_mets": "none",
    "tokuhashi.vertebral_body_mets": "one",
    "tokuhashi.visceral_mets": "none",
    "tomita.visceral_mets": "none",
    "tomita.bone_mets": "solitary",
}


def test_discordant_rows_are_marked_and_flagged() -> None:
    """Frankel E: palsy none (2), Tokuhashi 10 (row 9-11); Tomita 5 (row 2-5)."""
    summary = conclude(spine(), BASE | {"frankel.grade": "E", "compression": "no"})
    assert [p.id for p in summary.parts] == ["prognosis"]  # no compression part
    (part,) = summary.parts
    assert [(r.score, r.total) for r in part.results] == [("tokuhashi", 10), ("tomita", 5)]
    assert [(m.score, m.row) for m in part.marks] == [("tokuhashi", 1), ("tomita", 0)]
    assert part.disagree()
    assert [line.en for line in part.lines] == ["tokuhashi >= 9", "always"]
    assert [r.score for r in summary.results] == ["frankel", "tokuhashi", "tomita"]
    assert summary.versions == {
        "fixture_spine": 1,
        "frankel": 1,
        "tokuhashi": 1,
        "tomita": 1,
        "rades": 1,
    }


def test_concordant_rows_and_a_line_that_does_not_hold() -> None:
    """Frankel A: palsy complete (0); Tokuhashi 2+0+0+0+0+0 = 2 with the worst answers
    (row 0-8); Tomita rapid 4 + untreatable 4 + multiple 2 = 10 (row 8-10)."""
    answers = {
        "primary": "sclc",
        "frankel.grade": "A",
        "tokuhashi.general_condition": "kps_80_100",
        "tokuhashi.extraspinal_bone_mets": "three_or_more",
        "tokuhashi.vertebral_body_mets": "three_or_more",
        "tokuhashi.visceral_mets": "unresectable",
        "tomita.visceral_mets": "untreatable",
        "tomita.bone_mets": "multiple",
        "compression": "no",
    }
    (part,) = conclude(spine(), answers).parts
    assert [(r.score, r.total) for r in part.results] == [("tokuhashi", 2), ("tomita", 10)]
    assert [(m.score, m.row) for m in part.marks] == [("tokuhashi", 2), ("tomita", 2)]
    assert not part.disagree()
    assert [line.en for line in part.lines] == ["always"]


def test_with_compression_rades_is_included_and_derived_answers_are_shown() -> None:
    """Rades: NSCLC 5 (derived) + over 15 months 8 + no visceral 8 + ambulatory 10 +
    over 14 days 9 = 40, group 3 (38-44)."""
    answers = BASE | {
        "frankel.grade": "D1",
        "compression": "yes",
        "rades.interval": "over_15_months",
        "rades.visceral": "no",
        "rades.motor": "ambulatory",
        "rades.deficit_onset": "over_14_days",
    }
    summary = conclude(spine(), answers)
    assert [p.id for p in summary.parts] == ["prognosis", "compression"]
    (rades,) = summary.parts[1].results
    assert (rades.total, rades.stratum.id) == (40, "group_3")
    shown = {a.key: a for a in summary.answers}
    palsy = shown["tokuhashi.palsy"]
    assert (palsy.option, palsy.derived_from) == ("incomplete", "frankel.grade")
    assert palsy.label is not None
    assert palsy.label.en == "Incomplete (Frankel C, D)"
    assert palsy.source_label is not None
    assert palsy.source_label.en.startswith("D1")
    primary = shown["rades.primary"]
    assert (primary.option, primary.derived_from) == ("nsclc", "primary")
    assert primary.source_label is not None
    assert primary.source_label.en == "nsclc"
    assert shown["compression"].derived_from is None
    assert [a.key for a in summary.answers][:2] == ["primary", "frankel.grade"]


def test_an_incomplete_pathway_has_no_summary() -> None:
    with pytest.raises(MissingAnswer, match=r"tomita\.visceral_mets"):
        conclude(
            spine(),
            {k: v for k, v in BASE.items() if k != "tomita.visceral_mets"} | {"frankel.grade": "E"},
        )


def test_aid_computed_value_with_its_inputs() -> None:
    answers = {
        "life": "yes",
        "clearance": "compute",
        "age": Decimal(70),
        "weight": Decimal(65),
        "sex": "female",
        "creatinine_unit": "umol_l",
        "creatinine": Decimal(79),
        "criteria": frozenset({"a"}),
    }
    summary = conclude(aid(), answers)
    assert summary.kind == "aid"
    assert summary.results == ()
    (cg,) = summary.computed
    assert cg.value == Decimal("60.1")  # decision 18's own example
    assert [(i.key, i.value, i.option) for i in cg.inputs] == [
        ("age", Decimal(70), None),
        ("weight", Decimal(65), None),
        ("creatinine", Decimal(79), None),
        ("creatinine_unit", None, "umol_l"),
        ("sex", None, "female"),
    ]
    creatinine = cg.inputs[2]
    assert creatinine.unit is not None
    assert creatinine.unit.en == "µmol/L"
    shown = {a.key: a for a in summary.answers}
    assert shown["clearance"].option == "compute"
    assert shown["clearance"].label is not None
    assert shown["clearance"].label.en == "compute"
    assert [b.id for b in shown["criteria"].boxes or ()] == ["a"]
    parts = {p.id: [line.en for line in p.lines] for p in summary.parts}
    assert parts == {"dose": ["4.0 mg"], "criteria": ["a ticked"]}


def test_aid_stop_branch() -> None:
    summary = conclude(aid(), {"life": "no"})
    assert [(p.id, [line.en for line in p.lines]) for p in summary.parts] == [
        ("stop", ["not started"])
    ]
    assert [a.key for a in summary.answers] == ["life"]


def test_a_typed_number_is_shown_with_its_unit() -> None:
    summary = conclude(
        aid(), {"life": "yes", "clearance": Decimal("29.9"), "criteria": frozenset()}
    )
    clearance = next(a for a in summary.answers if a.key == "clearance")
    assert clearance.value == Decimal("29.9")
    assert clearance.unit is not None
    assert clearance.unit.en == "mL/min"
    assert next(a for a in summary.answers if a.key == "criteria").boxes == ()
    parts = {p.id: [line.en for line in p.lines] for p in summary.parts}
    assert parts == {"dose": ["not recommended"], "criteria": ["none ticked"]}
