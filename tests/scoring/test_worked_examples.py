"""Worked examples: patient vignettes scored by hand from the published point tables.

Each example's answers are option ids; its points per item, total and stratum were
added up by hand from the guideline's tables (as corrected by shared/CLINICAL.md),
never by running the code. The comment on each example shows the addition.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from scoring import evaluate, get_score


@dataclass(frozen=True)
class Example:
    """One patient, scored by hand."""

    score: str
    vignette: str
    answers: dict[str, str]
    points: tuple[int, ...]
    """Points per item, in the score's item order, read from the table by hand."""
    total: int
    stratum: str


EXAMPLES = [
    # --- Mirels (site, size, lesion, pain) -------------------------------------------------
    Example(
        "mirels",
        "NSCLC, lytic peritrochanteric femoral metastasis eroding > 2/3 of the cortex, "
        "pain limiting walking",
        {
            "site": "trochanteric",
            "size": "over_two_thirds",
            "lesion": "lytic",
            "pain": "functional",
        },
        # 3 + 3 + 3 + 3 = 12 -> high
        (3, 3, 3, 3),
        12,
        "high",
    ),
    Example(
        "mirels",
        "Small blastic humeral lesion found on bone scan, < 1/3 of the cortex, mild pain",
        {"site": "upper_limb", "size": "under_third", "lesion": "blastic", "pain": "mild"},
        # 1 + 1 + 1 + 1 = 4 -> low
        (1, 1, 1, 1),
        4,
        "low",
    ),
    Example(
        "mirels",
        "Lytic femoral shaft metastasis, 1/3 to 2/3 of the cortex, moderate pain",
        {
            "site": "lower_limb",
            "size": "third_to_two_thirds",
            "lesion": "lytic",
            "pain": "moderate",
        },
        # 2 + 2 + 3 + 2 = 9 -> high
        (2, 2, 3, 2),
        9,
        "high",
    ),
    Example(
        "mirels",
        "Mixed tibial metastasis, 1/3 to 2/3 of the cortex, moderate pain",
        {
            "site": "lower_limb",
            "size": "third_to_two_thirds",
            "lesion": "mixed",
            "pain": "moderate",
        },
        # 2 + 2 + 2 + 2 = 8 -> borderline (discuss at the RCP)
        (2, 2, 2, 2),
        8,
        "borderline",
    ),
    Example(
        "mirels",
        "Mixed humeral metastasis, 1/3 to 2/3 of the cortex, moderate pain",
        {
            "site": "upper_limb",
            "size": "third_to_two_thirds",
            "lesion": "mixed",
            "pain": "moderate",
        },
        # 1 + 2 + 2 + 2 = 7 -> low (radiotherapy)
        (1, 2, 2, 2),
        7,
        "low",
    ),
    Example(
        "mirels",
        "Lytic humeral metastasis, > 2/3 of the cortex, functional pain",
        {"site": "upper_limb", "size": "over_two_thirds", "lesion": "lytic", "pain": "functional"},
        # 1 + 3 + 3 + 3 = 10 -> high
        (1, 3, 3, 3),
        10,
        "high",
    ),
    # --- Rades (primary, interval, visceral, motor, deficit_onset) ------------------------
    Example(
        "rades",
        "NSCLC best case: compression 2 years after diagnosis, no visceral metastasis, "
        "walking unaided, weakness for 3 weeks",
        {
            "primary": "nsclc",
            "interval": "over_15_months",
            "visceral": "no",
            "motor": "ambulatory",
            "deficit_onset": "over_14_days",
        },
        # 5 + 8 + 8 + 10 + 9 = 40 -> group_3
        (5, 8, 8, 10, 9),
        40,
        "group_3",
    ),
    Example(
        "rades",
        "NSCLC revealed by the compression, liver metastases, cannot walk, deficit over 3 days",
        {
            "primary": "nsclc",
            "interval": "up_to_15_months",
            "visceral": "yes",
            "motor": "not_ambulatory",
            "deficit_onset": "days_1_to_7",
        },
        # 5 + 6 + 5 + 3 + 4 = 23 -> group_1
        (5, 6, 5, 3, 4),
        23,
        "group_1",
    ),
    Example(
        "rades",
        "Worst case: NSCLC, compression within a year, adrenal metastases, paraplegic in 2 days",
        {
            "primary": "nsclc",
            "interval": "up_to_15_months",
            "visceral": "yes",
            "motor": "paraplegic",
            "deficit_onset": "days_1_to_7",
        },
        # 5 + 6 + 5 + 1 + 4 = 21 -> group_1 (the minimum)
        (5, 6, 5, 1, 4),
        21,
        "group_1",
    ),
    Example(
        "rades",
        "SCLC, compression at 8 months, liver metastases, walks with a cane, deficit 10 days",
        {
            "primary": "sclc",
            "interval": "up_to_15_months",
            "visceral": "yes",
            "motor": "ambulatory_with_aid",
            "deficit_onset": "days_8_to_14",
        },
        # 6 + 6 + 5 + 9 + 7 = 33 -> group_2
        (6, 6, 5, 9, 7),
        33,
        "group_2",
    ),
    Example(
        "rades",
        "NSCLC, compression exactly 15 months after diagnosis (decision 6: scores as <= 15), "
        "no visceral metastasis, walks with a frame, deficit for 5 days",
        {
            "primary": "nsclc",
            "interval": "up_to_15_months",
            "visceral": "no",
            "motor": "ambulatory_with_aid",
            "deficit_onset": "days_1_to_7",
        },
        # 5 + 6 + 8 + 9 + 4 = 32 -> group_2
        (5, 6, 8, 9, 4),
        32,
        "group_2",
    ),
    Example(
        "rades",
        "NSCLC, cannot walk, slow onset: the top of group I",
        {
            "primary": "nsclc",
            "interval": "up_to_15_months",
            "visceral": "yes",
            "motor": "not_ambulatory",
            "deficit_onset": "over_14_days",
        },
        # 5 + 6 + 5 + 3 + 9 = 28 -> group_1
        (5, 6, 5, 3, 9),
        28,
        "group_1",
    ),
    Example(
        "rades",
        "The same patient with SCLC instead of NSCLC: one more point crosses into group II",
        {
            "primary": "sclc",
            "interval": "up_to_15_months",
            "visceral": "yes",
            "motor": "not_ambulatory",
            "deficit_onset": "over_14_days",
        },
        # 6 + 6 + 5 + 3 + 9 = 29 -> group_2
        (6, 6, 5, 3, 9),
        29,
        "group_2",
    ),
    Example(
        "rades",
        "NSCLC at 2 years, no visceral metastasis, walks with a cane, deficit for 10 days",
        {
            "primary": "nsclc",
            "interval": "over_15_months",
            "visceral": "no",
            "motor": "ambulatory_with_aid",
            "deficit_onset": "days_8_to_14",
        },
        # 5 + 8 + 8 + 9 + 7 = 37 -> group_2
        (5, 8, 8, 9, 7),
        37,
        "group_2",
    ),
    Example(
        "rades",
        "The same with SCLC: 38, group III",
        {
            "primary": "sclc",
            "interval": "over_15_months",
            "visceral": "no",
            "motor": "ambulatory_with_aid",
            "deficit_onset": "days_8_to_14",
        },
        # 6 + 8 + 8 + 9 + 7 = 38 -> group_3
        (6, 8, 8, 9, 7),
        38,
        "group_3",
    ),
    # --- SINS (location, pain, lesion, alignment, collapse, posterolateral) ----------------
    Example(
        "sins",
        "The issue's acceptance check: the first option of every item",
        {
            "location": "junctional",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "subluxation",
            "collapse": "over_half",
            "posterolateral": "bilateral",
        },
        # 3 + 3 + 2 + 4 + 3 + 3 = 18 -> unstable
        (3, 3, 2, 4, 3, 3),
        18,
        "unstable",
    ),
    Example(
        "sins",
        "T7 lytic metastasis, pain on standing relieved lying down, body > 50% involved "
        "without collapse, one pedicle invaded",
        {
            "location": "semi_rigid",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "normal",
            "collapse": "body_involved",
            "posterolateral": "unilateral",
        },
        # 1 + 3 + 2 + 0 + 1 + 1 = 8 -> indeterminate
        (1, 3, 2, 0, 1, 1),
        8,
        "indeterminate",
    ),
    Example(
        "sins",
        "L3 blastic metastasis, occasional non-mechanical pain, nothing else",
        {
            "location": "mobile",
            "pain": "occasional",
            "lesion": "blastic",
            "alignment": "normal",
            "collapse": "none",
            "posterolateral": "none",
        },
        # 2 + 1 + 0 + 0 + 0 + 0 = 3 -> stable
        (2, 1, 0, 0, 0, 0),
        3,
        "stable",
    ),
    Example(
        "sins",
        "T12 lytic metastasis, mechanical pain, new kyphosis, >= 50% collapse, both pedicles",
        {
            "location": "junctional",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "deformity",
            "collapse": "over_half",
            "posterolateral": "bilateral",
        },
        # 3 + 3 + 2 + 2 + 3 + 3 = 16 -> unstable
        (3, 3, 2, 2, 3, 3),
        16,
        "unstable",
    ),
    Example(
        "sins",
        "T5 mixed metastasis, pain-free, < 50% collapse, one facet invaded",
        {
            "location": "semi_rigid",
            "pain": "pain_free",
            "lesion": "mixed",
            "alignment": "normal",
            "collapse": "under_half",
            "posterolateral": "unilateral",
        },
        # 1 + 0 + 1 + 0 + 2 + 1 = 5 -> stable
        (1, 0, 1, 0, 2, 1),
        5,
        "stable",
    ),
    Example(
        "sins",
        "C7 lytic metastasis with non-mechanical pain only: the non-mechanical pain scores 1, "
        "not 3 (decision 10), which keeps it at the bottom of the indeterminate band",
        {
            "location": "junctional",
            "pain": "occasional",
            "lesion": "lytic",
            "alignment": "normal",
            "collapse": "body_involved",
            "posterolateral": "none",
        },
        # 3 + 1 + 2 + 0 + 1 + 0 = 7 -> indeterminate (surgical opinion from 7)
        (3, 1, 2, 0, 1, 0),
        7,
        "indeterminate",
    ),
    Example(
        "sins",
        "C7 mixed metastasis with non-mechanical pain: 6, still stable",
        {
            "location": "junctional",
            "pain": "occasional",
            "lesion": "mixed",
            "alignment": "normal",
            "collapse": "body_involved",
            "posterolateral": "none",
        },
        # 3 + 1 + 1 + 0 + 1 + 0 = 6 -> stable
        (3, 1, 1, 0, 1, 0),
        6,
        "stable",
    ),
    Example(
        "sins",
        "L1 lytic metastasis, mechanical pain, >= 50% collapse, one pedicle",
        {
            "location": "junctional",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "normal",
            "collapse": "over_half",
            "posterolateral": "unilateral",
        },
        # 3 + 3 + 2 + 0 + 3 + 1 = 12 -> indeterminate
        (3, 3, 2, 0, 3, 1),
        12,
        "indeterminate",
    ),
    Example(
        "sins",
        "L1 lytic metastasis, mechanical pain, < 50% collapse, both pedicles",
        {
            "location": "junctional",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "normal",
            "collapse": "under_half",
            "posterolateral": "bilateral",
        },
        # 3 + 3 + 2 + 0 + 2 + 3 = 13 -> unstable
        (3, 3, 2, 0, 2, 3),
        13,
        "unstable",
    ),
    Example(
        "sins",
        "S3 blastic metastasis found on PET, pain-free",
        {
            "location": "rigid",
            "pain": "pain_free",
            "lesion": "blastic",
            "alignment": "normal",
            "collapse": "none",
            "posterolateral": "none",
        },
        # 0 + 0 + 0 + 0 + 0 + 0 = 0 -> stable
        (0, 0, 0, 0, 0, 0),
        0,
        "stable",
    ),
    # --- Revised Tokuhashi (general_condition, extraspinal_bone_mets, vertebral_body_mets,
    #     visceral_mets, primary, palsy) -----------------------------------------------------
    Example(
        "tokuhashi",
        "Lung best case: KPS 90, no other bone focus, one vertebra, no visceral metastasis, "
        "Frankel E. A lung primary can't exceed 10",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "none",
            "vertebral_body_mets": "one",
            "visceral_mets": "none",
            "primary": "lung_group",
            "palsy": "none",
        },
        # 2 + 2 + 2 + 2 + 0 + 2 = 10 -> over_6_months
        (2, 2, 2, 2, 0, 2),
        10,
        "over_6_months",
    ),
    Example(
        "tokuhashi",
        "Lung, KPS 60, two rib metastases, two vertebrae, no visceral metastasis, Frankel D",
        {
            "general_condition": "kps_50_70",
            "extraspinal_bone_mets": "one_or_two",
            "vertebral_body_mets": "two",
            "visceral_mets": "none",
            "primary": "lung_group",
            "palsy": "incomplete",
        },
        # 1 + 1 + 1 + 2 + 0 + 1 = 6 -> under_6_months
        (1, 1, 1, 2, 0, 1),
        6,
        "under_6_months",
    ),
    Example(
        "tokuhashi",
        "Lung, bedridden (KPS 30), diffuse bone disease, multiple vertebrae, liver "
        "metastases, paraplegic (Frankel A)",
        {
            "general_condition": "kps_10_40",
            "extraspinal_bone_mets": "three_or_more",
            "vertebral_body_mets": "three_or_more",
            "visceral_mets": "unresectable",
            "primary": "lung_group",
            "palsy": "complete",
        },
        # 0 + 0 + 0 + 0 + 0 + 0 = 0 -> under_6_months
        (0, 0, 0, 0, 0, 0),
        0,
        "under_6_months",
    ),
    Example(
        "tokuhashi",
        "Lung, KPS 80, no other bone focus, one vertebra, solitary resectable adrenal "
        "metastasis, Frankel E",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "none",
            "vertebral_body_mets": "one",
            "visceral_mets": "resectable",
            "primary": "lung_group",
            "palsy": "none",
        },
        # 2 + 2 + 2 + 1 + 0 + 2 = 9 -> over_6_months
        (2, 2, 2, 1, 0, 2),
        9,
        "over_6_months",
    ),
    Example(
        "tokuhashi",
        "Lung, KPS 80, one iliac focus, two vertebrae, no visceral metastasis, Frankel E",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "one_or_two",
            "vertebral_body_mets": "two",
            "visceral_mets": "none",
            "primary": "lung_group",
            "palsy": "none",
        },
        # 2 + 1 + 1 + 2 + 0 + 2 = 8 -> under_6_months
        (2, 1, 1, 2, 0, 2),
        8,
        "under_6_months",
    ),
    Example(
        "tokuhashi",
        "Exactly three extraspinal bone foci (decision 2: >= 3 scores 0), KPS 70, one "
        "vertebra, no visceral metastasis, lung, Frankel C",
        {
            "general_condition": "kps_50_70",
            "extraspinal_bone_mets": "three_or_more",
            "vertebral_body_mets": "one",
            "visceral_mets": "none",
            "primary": "lung_group",
            "palsy": "incomplete",
        },
        # 1 + 0 + 2 + 2 + 0 + 1 = 6 -> under_6_months
        (1, 0, 2, 2, 0, 1),
        6,
        "under_6_months",
    ),
    Example(
        "tokuhashi",
        "Spinal metastasis of unknown primary, otherwise best case",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "none",
            "vertebral_body_mets": "one",
            "visceral_mets": "none",
            "primary": "liver_group",
            "palsy": "none",
        },
        # 2 + 2 + 2 + 2 + 1 + 2 = 11 -> over_6_months
        (2, 2, 2, 2, 1, 2),
        11,
        "over_6_months",
    ),
    Example(
        "tokuhashi",
        "Kidney primary, KPS 90, no other bone focus, one vertebra, resectable lung "
        "metastasis, Frankel E",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "none",
            "vertebral_body_mets": "one",
            "visceral_mets": "resectable",
            "primary": "kidney_uterus",
            "palsy": "none",
        },
        # 2 + 2 + 2 + 1 + 3 + 2 = 12 -> over_1_year
        (2, 2, 2, 1, 3, 2),
        12,
        "over_1_year",
    ),
    Example(
        "tokuhashi",
        "Breast primary, best case: the maximum",
        {
            "general_condition": "kps_80_100",
            "extraspinal_bone_mets": "none",
            "vertebral_body_mets": "one",
            "visceral_mets": "none",
            "primary": "thyroid_group",
            "palsy": "none",
        },
        # 2 + 2 + 2 + 2 + 5 + 2 = 15 -> over_1_year
        (2, 2, 2, 2, 5, 2),
        15,
        "over_1_year",
    ),
    # --- Tomita (growth, visceral_mets, bone_mets) -------------------------------------------
    Example(
        "tomita",
        "Lung, no visceral metastasis, solitary spinal metastasis",
        {"growth": "rapid", "visceral_mets": "none", "bone_mets": "solitary"},
        # 4 + 0 + 1 = 5 -> marginal_intralesional
        (4, 0, 1),
        5,
        "marginal_intralesional",
    ),
    Example(
        "tomita",
        "Lung, no visceral metastasis, several bone metastases",
        {"growth": "rapid", "visceral_mets": "none", "bone_mets": "multiple"},
        # 4 + 0 + 2 = 6 -> palliative
        (4, 0, 2),
        6,
        "palliative",
    ),
    Example(
        "tomita",
        "Lung, treatable brain metastasis, solitary spinal metastasis",
        {"growth": "rapid", "visceral_mets": "treatable", "bone_mets": "solitary"},
        # 4 + 2 + 1 = 7 -> palliative
        (4, 2, 1),
        7,
        "palliative",
    ),
    Example(
        "tomita",
        "Lung, treatable adrenal metastasis, multiple bone metastases",
        {"growth": "rapid", "visceral_mets": "treatable", "bone_mets": "multiple"},
        # 4 + 2 + 2 = 8 -> supportive
        (4, 2, 2),
        8,
        "supportive",
    ),
    Example(
        "tomita",
        "Lung, disseminated liver metastases, multiple bone metastases",
        {"growth": "rapid", "visceral_mets": "untreatable", "bone_mets": "multiple"},
        # 4 + 4 + 2 = 10 -> supportive
        (4, 4, 2),
        10,
        "supportive",
    ),
    Example(
        "tomita",
        "Breast, no visceral metastasis, solitary spinal metastasis",
        {"growth": "slow", "visceral_mets": "none", "bone_mets": "solitary"},
        # 1 + 0 + 1 = 2 -> en_bloc
        (1, 0, 1),
        2,
        "en_bloc",
    ),
    Example(
        "tomita",
        "Kidney, no visceral metastasis, solitary spinal metastasis",
        {"growth": "moderate", "visceral_mets": "none", "bone_mets": "solitary"},
        # 2 + 0 + 1 = 3 -> en_bloc
        (2, 0, 1),
        3,
        "en_bloc",
    ),
    Example(
        "tomita",
        "Kidney, no visceral metastasis, multiple bone metastases",
        {"growth": "moderate", "visceral_mets": "none", "bone_mets": "multiple"},
        # 2 + 0 + 2 = 4 -> marginal_intralesional
        (2, 0, 2),
        4,
        "marginal_intralesional",
    ),
]


def _example_id(example: Example) -> str:
    return f"{example.score}-{example.total}-{example.vignette[:30]}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_worked_example(example: Example) -> None:
    """The bot's total, points per item and stratum equal the hand-computed ones."""
    assert sum(example.points) == example.total  # the hand addition itself
    result = evaluate(get_score(example.score), example.answers)
    assert [a.points for a in result.answers] == list(example.points)
    assert result.total == example.total
    assert result.stratum.id == example.stratum


@pytest.mark.parametrize("score_id", ["mirels", "rades", "sins", "tokuhashi", "tomita"])
def test_at_least_five_examples_per_summed_score(score_id: str) -> None:
    """Every summed score has at least five hand-worked examples."""
    assert sum(1 for e in EXAMPLES if e.score == score_id) >= 5


@pytest.mark.parametrize("score_id", ["mirels", "rades", "sins", "tokuhashi", "tomita"])
def test_examples_cover_every_stratum(score_id: str) -> None:
    """The hand-worked examples of each summed score reach every one of its strata."""
    reached = {e.stratum for e in EXAMPLES if e.score == score_id}
    assert reached == {s.id for s in get_score(score_id).strata}


# --- Frankel -------------------------------------------------------------------------------

FRANKEL_CASES = [
    # (vignette, grade, class, Tokuhashi palsy option)
    ("Paraplegic, no sensation below the level", "A", "A", "complete"),
    ("No movement of the legs, sensation preserved", "B", "B", "complete"),
    ("Some leg movement, cannot walk, in a wheelchair", "C", "C", "incomplete"),
    ("Walks with a walking frame, neurological signs", "D1", "D", "incomplete"),
    ("Walks with a cane, neurological signs", "D2", "D", "incomplete"),
    ("Walks unaided, brisk reflexes and mild weakness", "D3", "D", "incomplete"),
    ("Normal neurological examination", "E", "E", "none"),
]


@pytest.mark.parametrize(("vignette", "grade", "letter", "palsy"), FRANKEL_CASES)
def test_frankel_case(vignette: str, grade: str, letter: str, palsy: str) -> None:
    """A Frankel grade gives its letter as the class, the sub-grade as grade, and no total."""
    result = evaluate(get_score("frankel"), {"grade": grade})
    assert result.stratum.id == letter
    assert result.grade == grade
    assert result.total is None


@pytest.mark.parametrize(("vignette", "grade", "letter", "palsy"), FRANKEL_CASES)
def test_frankel_grade_feeds_tokuhashi_palsy(
    vignette: str, grade: str, letter: str, palsy: str
) -> None:
    """The Frankel grade maps onto the Tokuhashi palsy option whose label names its letter."""
    item = get_score("tokuhashi").item("palsy")
    assert item is not None
    option = item.option(palsy)
    assert option is not None
    assert letter in option.label.en.split("Frankel", 1)[1]


# --- the guideline's lung-cancer reality -----------------------------------------------------


def test_tokuhashi_lung_primary_never_exceeds_10() -> None:
    """With a lung primary the revised Tokuhashi tops out at 10: never "over 1 year"."""
    score = get_score("tokuhashi")
    others = [item for item in score.items if item.id != "primary"]
    best = 0
    for options in itertools.product(*(item.options for item in others)):
        answers = {item.id: o.id for item, o in zip(others, options, strict=True)}
        answers["primary"] = "lung_group"
        result = evaluate(score, answers)
        assert result.total is not None
        assert result.stratum.id != "over_1_year"
        best = max(best, result.total)
    # 2 + 2 + 2 + 2 + 0 + 2 = 10
    assert best == 10


def test_tomita_lung_primary_never_en_bloc() -> None:
    """With a lung primary (rapid, 4) Tomita is at least 4 + 0 + 1 = 5: never en-bloc excision."""
    score = get_score("tomita")
    for visceral in ("none", "treatable", "untreatable"):
        for bone in ("solitary", "multiple"):
            answers = {"growth": "rapid", "visceral_mets": visceral, "bone_mets": bone}
            result = evaluate(score, answers)
            assert result.total is not None
            assert result.total >= 5
            assert result.stratum.id != "en_bloc"


# --- positions and ids -------------------------------------------------------------------------


def test_positions_give_the_same_result_as_ids_typed_by_hand() -> None:
    """Answers given by position ("1", "2"...) score exactly as the same answers given by id."""
    mirels = get_score("mirels")
    by_position = evaluate(mirels, {"site": "3", "size": "2", "lesion": "3", "pain": "1"})
    by_id = evaluate(
        mirels,
        {"site": "trochanteric", "size": "third_to_two_thirds", "lesion": "lytic", "pain": "mild"},
    )
    assert by_position == by_id
    # 3 + 2 + 3 + 1 = 9 -> high
    assert by_position.total == 9

    rades = get_score("rades")
    # nsclc is 4th, over_15_months 2nd, no 2nd, ambulatory 1st, over_14_days 3rd
    by_position = evaluate(
        rades,
        {"primary": "4", "interval": "2", "visceral": "2", "motor": "1", "deficit_onset": "3"},
    )
    by_id = evaluate(
        rades,
        {
            "primary": "nsclc",
            "interval": "over_15_months",
            "visceral": "no",
            "motor": "ambulatory",
            "deficit_onset": "over_14_days",
        },
    )
    assert by_position == by_id
    assert by_position.total == 40

    # Tokuhashi's primary "5" is the 5th row (rectum, 4 points), not a 5-point option.
    tokuhashi = get_score("tokuhashi")
    by_position = evaluate(
        tokuhashi,
        {
            "general_condition": "1",
            "extraspinal_bone_mets": "1",
            "vertebral_body_mets": "1",
            "visceral_mets": "1",
            "primary": "5",
            "palsy": "1",
        },
    )
    # 0 + 0 + 0 + 0 + 4 + 0 = 4 -> under_6_months
    assert by_position.total == 4
    assert by_position.answers[4].option == "rectum"


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_every_example_by_position(example: Example) -> None:
    """Each worked example, re-entered by the options' positions, gives the identical result."""
    score = get_score(example.score)
    positions = {}
    for item in score.items:
        ids = [o.id for o in item.options]
        positions[item.id] = str(ids.index(example.answers[item.id]) + 1)
    assert evaluate(score, positions) == evaluate(score, example.answers)
