"""Flows: a score is the trivial flow; a pathway's questions are asked, skipped or derived
as the answers decide. Fixtures: tests/scoring/fixture_flows.py (not clinical content)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import SCORES, evaluate, get_score
from scoring.conditions import Fact
from scoring.flow import (
    EffectiveAnswer,
    asked_keys,
    compile_flow,
    effective_answers,
    facts,
    next_question,
    pending_question,
    walk,
)
from scoring.registry import flow_ids, get_flow
from tests.scoring.fixture_flows import aid, spine

SPINE = compile_flow(spine())
AID = compile_flow(aid())

# Tokuhashi: kps_80_100 2, no extraspinal 2, one vertebral 2, no visceral 2.
TOKUHASHI_REST = {
    "tokuhashi.general_condition": "kps_80_100",
    "tokuhashi.extraspinal_bone_mets": "none",
    "tokuhashi.vertebral_body_mets": "one",
    "tokuhashi.visceral_mets": "none",
}
TOMITA_REST = {"tomita.visceral_mets": "none", "tomita.bone_mets": "solitary"}
RADES_REST = {
    "rades.interval": "over_15_months",
    "rades.visceral": "no",
    "rades.motor": "ambulatory",
    "rades.deficit_onset": "over_14_days",
}


def run(flow_answers: Mapping[str, Fact], flow: object = SPINE) -> list[str]:
    """The keys the engine would ask, in order, answering each from `flow_answers`."""
    asked: list[str] = []
    given: dict[str, Fact] = {}
    question = next_question(flow, given)  # type: ignore[arg-type]
    while question is not None:
        asked.append(question.key)
        given[question.key] = flow_answers[question.key]
        question = next_question(flow, given, question.key)  # type: ignore[arg-type]
    return asked


# --- a score is the trivial flow ---------------------------------------------------------


@pytest.mark.parametrize("score", SCORES, ids=lambda s: s.id)
def test_a_score_flow_is_its_items(score: object) -> None:
    s = get_score(score.id)  # type: ignore[attr-defined]
    flow = compile_flow(s)
    assert flow.id == s.id
    assert flow.kind == "score"
    assert [q.key for q in flow.questions] == [i.id for i in s.items]
    assert [q.item for q in flow.questions] == list(s.items)
    assert {q.owner for q in flow.questions} == {s.id}
    assert all(q.when is None and q.derived is None for q in flow.questions)
    assert flow.versions == {s.id: s.version}
    assert compile_flow(s) is flow  # compiled once


def test_a_score_flow_asks_its_items_in_order_and_scores_like_evaluate() -> None:
    sins = get_score("sins")
    flow = compile_flow(sins)
    answers = {
        "location": "junctional",
        "pain": "mechanical",
        "lesion": "lytic",
        "alignment": "subluxation",
        "collapse": "over_half",
        "posterolateral": "bilateral",
    }
    assert run(answers, flow) == list(answers)
    assert next_question(flow, {}) == flow.questions[0]
    assert next_question(flow, answers, "posterolateral") is None
    assert pending_question(flow, {"location": "mobile"}) == flow.questions[1]
    assert pending_question(flow, answers) is None
    assert asked_keys(flow, answers) == tuple(answers)
    # 3 + 3 + 2 + 4 + 3 + 3 = 18, the maximum: unstable.
    result = facts(flow, answers).results["sins"]
    assert (result.total, result.stratum.id) == (18, "unstable")


def test_the_registry_serves_scores_as_flows() -> None:
    assert flow_ids()[:6] == ("mirels", "rades", "sins", "frankel", "tokuhashi", "tomita")
    assert get_flow(" SINS ") is get_score("sins")


# --- derivations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "palsy"),
    [
        ("A", "complete"),
        ("B", "complete"),
        ("C", "incomplete"),
        ("D1", "incomplete"),
        ("D2", "incomplete"),
        ("D3", "incomplete"),
        ("E", "none"),
    ],
)
def test_every_frankel_grade_answers_tokuhashi_palsy(grade: str, palsy: str) -> None:
    answers = {"primary": "nsclc", "frankel.grade": grade}
    derived = {a.key: a for a in effective_answers(SPINE, answers)}
    assert derived["tokuhashi.palsy"] == EffectiveAnswer("tokuhashi.palsy", palsy, "frankel.grade")
    asked = run({**answers, **TOKUHASHI_REST, **TOMITA_REST, "compression": "no"})
    assert "tokuhashi.palsy" not in asked


@pytest.mark.parametrize(
    ("primary", "extra", "asked"),
    [
        (
            "nsclc",
            {},
            ["primary", "frankel.grade", *TOKUHASHI_REST, *TOMITA_REST, "compression", *RADES_REST],
        ),
        (
            "sclc",
            {},
            ["primary", "frankel.grade", *TOKUHASHI_REST, *TOMITA_REST, "compression", *RADES_REST],
        ),
        (
            "other",
            {"tokuhashi.primary": "rectum", "tomita.growth": "slow", "rades.primary": "breast"},
            [
                "primary",
                "frankel.grade",
                *TOKUHASHI_REST,
                "tokuhashi.primary",
                "tomita.growth",
                *TOMITA_REST,
                "compression",
                "rades.primary",
                *RADES_REST,
            ],
        ),
    ],
)
def test_which_questions_each_primary_asks(
    primary: str, extra: dict[str, str], asked: list[str]
) -> None:
    answers = {
        "primary": primary,
        "frankel.grade": "D2",
        **TOKUHASHI_REST,
        **TOMITA_REST,
        "compression": "yes",
        **RADES_REST,
        **extra,
    }
    assert run(answers) == asked
    assert list(asked_keys(SPINE, answers)) == asked


def test_derived_answers_name_their_source() -> None:
    answers = {"primary": "sclc", "frankel.grade": "E", **TOKUHASHI_REST, **TOMITA_REST}
    answers |= {"compression": "yes", **RADES_REST}
    derived = [a for a in effective_answers(SPINE, answers) if a.derived_from is not None]
    assert derived == [
        EffectiveAnswer("tokuhashi.primary", "lung_group", "primary"),
        EffectiveAnswer("tokuhashi.palsy", "none", "frankel.grade"),
        EffectiveAnswer("tomita.growth", "rapid", "primary"),
        EffectiveAnswer("rades.primary", "sclc", "primary"),
    ]


# --- conditions: skipping, stale answers, back ------------------------------------------------


def test_without_compression_rades_is_skipped_and_its_old_answers_ignored() -> None:
    answers = {"primary": "nsclc", "frankel.grade": "C", **TOKUHASHI_REST, **TOMITA_REST}
    answers |= {"compression": "no", **RADES_REST}  # Rades answered before a change to "no"
    assert next_question(SPINE, answers, "compression") is None
    status = dict(zip((q.key for q in SPINE.questions), walk(SPINE, answers).status, strict=True))
    assert {status[k] for k in ("rades.primary", *RADES_REST)} == {"skipped"}
    known = facts(SPINE, answers)
    assert "rades" not in known.results
    assert not any(k.startswith("rades.") for k in known.answers)
    assert "rades.interval" not in asked_keys(SPINE, answers)
    # Tokuhashi 2+2+2+2 + lung 0 + incomplete 1 = 9; Tomita rapid 4 + none 0 + solitary 1 = 5.
    assert known.results["tokuhashi"].total == 9
    assert known.results["tomita"].total == 5


def test_back_reopens_the_last_asked_question_over_derived_ones() -> None:
    answers = {"primary": "nsclc", "frankel.grade": "C", **TOKUHASHI_REST}
    asked = asked_keys(SPINE, answers)
    assert asked[-1] == "tokuhashi.visceral_mets"  # tokuhashi.primary and palsy were derived
    assert next_question(SPINE, answers, "tokuhashi.visceral_mets").key == "tomita.visceral_mets"  # type: ignore[union-attr]


def test_an_answer_that_no_longer_fits_counts_as_missing() -> None:
    answers = {"primary": "nsclc", "frankel.grade": "Z"}
    assert pending_question(SPINE, answers).key == "frankel.grade"  # type: ignore[union-attr]
    assert asked_keys(SPINE, answers) == ("primary",)


def test_changing_the_primary_to_another_one_asks_the_derived_questions() -> None:
    before = {"primary": "nsclc", "frankel.grade": "C", **TOKUHASHI_REST, **TOMITA_REST}
    after = before | {"primary": "other"}
    assert pending_question(SPINE, before).key == "compression"  # type: ignore[union-attr]
    assert pending_question(SPINE, after).key == "tokuhashi.primary"  # type: ignore[union-attr]


def test_aid_conditional_questions_and_computed_value() -> None:
    typed = {"life": "yes", "clearance": Decimal("45"), "criteria": frozenset({"a"})}
    assert run(typed, AID) == ["life", "clearance", "criteria"]
    computing = {
        "life": "yes",
        "clearance": "compute",
        "age": Decimal(70),
        "weight": Decimal(65),
        "sex": "female",
        "creatinine_unit": "umol_l",
        "creatinine": Decimal(79),
        "criteria": frozenset(),
    }
    assert run(computing, AID) == list(computing)
    # Decision 18's example: woman, 70 y, 65 kg, 79 µmol/L: 60.1 mL/min.
    assert facts(AID, computing).computed == {"cg": Decimal("60.1")}
    assert run({"life": "no"}, AID) == ["life"]
    assert facts(AID, typed).computed == {}


# --- a score inside a pathway scores as alone -------------------------------------------------

SPINE_SCORES = [get_score(s) for s in ("frankel", "tokuhashi", "tomita", "rades")]


@st.composite
def spine_answers(draw: st.DrawFn) -> dict[str, Fact]:
    answers: dict[str, Fact] = {
        "primary": draw(st.sampled_from(["nsclc", "sclc", "other"])),
        "compression": draw(st.sampled_from(["yes", "no"])),
    }
    for score in SPINE_SCORES:
        for item in score.items:
            answers[f"{score.id}.{item.id}"] = draw(st.sampled_from([o.id for o in item.options]))
    return answers


@settings(max_examples=60, deadline=None)
@given(spine_answers())
def test_each_score_inside_the_pathway_equals_its_own_evaluation(answers: dict[str, Fact]) -> None:
    known = facts(SPINE, answers)
    for score in SPINE_SCORES:
        if score.id == "rades" and answers["compression"] == "no":
            assert "rades" not in known.results
            continue
        own = {item.id: known.answers[f"{score.id}.{item.id}"] for item in score.items}
        alone = evaluate(score, {k: str(v) for k, v in own.items()})
        inside = known.results[score.id]
        assert (inside.total, inside.stratum.id, inside.grade) == (
            alone.total,
            alone.stratum.id,
            alone.grade,
        )
