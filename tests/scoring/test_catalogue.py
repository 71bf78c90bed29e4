"""The catalogue against shared/CLINICAL.md: ranges, strata, ids and clinical content.

Every expected value here (ranges, thresholds, stratum ids, item and option ids,
points) is typed from CLINICAL.md and the guideline, never read from the score
definitions, so that a wrong definition fails a test instead of agreeing with itself.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel

from scoring import SCORES, Score, Text, evaluate, get_score

SUMMED = [s for s in SCORES if s.method == "sum"]
CLASSIFICATIONS = [s for s in SCORES if s.method == "classification"]


def _ids(score: Score) -> str:
    return score.id


# Typed from CLINICAL.md, "Score ranges and strata": (stratum id, first total, last total).
EXPECTED_STRATA: dict[str, list[tuple[str, int, int]]] = {
    "mirels": [("low", 4, 7), ("borderline", 8, 8), ("high", 9, 12)],
    "rades": [("group_1", 21, 28), ("group_2", 29, 37), ("group_3", 38, 44)],
    "sins": [("stable", 0, 6), ("indeterminate", 7, 12), ("unstable", 13, 18)],
    "tokuhashi": [("under_6_months", 0, 8), ("over_6_months", 9, 11), ("over_1_year", 12, 15)],
    "tomita": [
        ("en_bloc", 2, 3),
        ("marginal_intralesional", 4, 5),
        ("palliative", 6, 7),
        ("supportive", 8, 10),
    ],
}

# Typed from CLINICAL.md's ranges table.
EXPECTED_RANGE: dict[str, tuple[int, int]] = {
    "mirels": (4, 12),
    "rades": (21, 44),
    "sins": (0, 18),
    "tokuhashi": (0, 15),
    "tomita": (2, 10),
}

# The stable ids are an interface (commands, callback data, saved dialogues).
EXPECTED_ITEMS: dict[str, tuple[str, ...]] = {
    "mirels": ("site", "size", "lesion", "pain"),
    "rades": ("primary", "interval", "visceral", "motor", "deficit_onset"),
    "sins": ("location", "pain", "lesion", "alignment", "collapse", "posterolateral"),
    "frankel": ("grade",),
    "tokuhashi": (
        "general_condition",
        "extraspinal_bone_mets",
        "vertebral_body_mets",
        "visceral_mets",
        "primary",
        "palsy",
    ),
    "tomita": ("growth", "visceral_mets", "bone_mets"),
}

EXPECTED_STRATUM_IDS: dict[str, tuple[str, ...]] = {
    **{score: tuple(s for s, _, _ in strata) for score, strata in EXPECTED_STRATA.items()},
    "frankel": ("A", "B", "C", "D", "E"),
}

# Frankel (modified, CLINICAL.md decision 15): option -> class.
FRANKEL_CLASSES = {"A": "A", "B": "B", "C": "C", "D1": "D", "D2": "D", "D3": "D", "E": "E"}


@cache
def _combinations(score_id: str) -> list[tuple[tuple[str, ...], int]]:
    """Every answer combination of a summed score (option ids) with the sum of its points."""
    score = get_score(score_id)
    out = []
    for options in itertools.product(*(item.options for item in score.items)):
        out.append((tuple(o.id for o in options), sum(o.points or 0 for o in options)))
    return out


def _answers(score: Score, option_ids: tuple[str, ...]) -> dict[str, str]:
    return {item.id: option for item, option in zip(score.items, option_ids, strict=True)}


def _texts(value: Any) -> Iterator[Text]:
    """Every Text nested anywhere in a model."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, tuple | list):
        for element in value:
            yield from _texts(element)


def _strings(value: Any) -> Iterator[str]:
    """Every string nested anywhere in a model (texts, citations, deviations, ids)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, tuple | list):
        for element in value:
            yield from _strings(element)


# --- the registry -------------------------------------------------------------------------


def test_registry_has_the_six_scores_in_the_guideline_order() -> None:
    """The registry offers exactly the guideline's six scores, long bones first, then the spine."""
    assert [s.id for s in SCORES] == ["mirels", "rades", "sins", "frankel", "tokuhashi", "tomita"]


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_every_score_has_typed_expectations(score: Score) -> None:
    """A new score cannot enter the registry without its expected ids and strata typed here."""
    assert score.id in EXPECTED_ITEMS
    assert score.id in EXPECTED_STRATUM_IDS
    if score.method == "sum":
        assert score.id in EXPECTED_RANGE
        assert score.id in EXPECTED_STRATA


# --- ranges and strata of the summed scores -------------------------------------------------


@pytest.mark.parametrize("score", SUMMED, ids=_ids)
def test_min_and_max_totals_match_clinical_ranges(score: Score) -> None:
    """The lowest and highest possible totals are CLINICAL.md's range."""
    assert (score.min_total, score.max_total) == EXPECTED_RANGE[score.id]
    assert score.declared_range == EXPECTED_RANGE[score.id]


@pytest.mark.parametrize("score", SUMMED, ids=_ids)
def test_strata_match_clinical_thresholds(score: Score) -> None:
    """Each stratum's id and bounds are CLINICAL.md's, in increasing order of total."""
    assert [(s.id, s.min, s.max) for s in score.strata] == EXPECTED_STRATA[score.id]


@pytest.mark.parametrize("score", SUMMED, ids=_ids)
def test_range_extremes_are_reached_by_answers(score: Score) -> None:
    """Some answers give exactly the minimum total and some exactly the maximum."""
    low, high = EXPECTED_RANGE[score.id]
    totals = {total for _, total in _combinations(score.id)}
    assert min(totals) == low
    assert max(totals) == high


def _boundaries() -> list[tuple[str, int, str]]:
    """(score, total, expected stratum) at both sides of every threshold and at both ends."""
    cases = []
    for score_id, strata in EXPECTED_STRATA.items():
        for stratum_id, first, last in strata:
            cases.append((score_id, first, stratum_id))
            if last != first:
                cases.append((score_id, last, stratum_id))
    return cases


@pytest.mark.parametrize(("score_id", "total", "stratum"), _boundaries())
def test_stratum_boundaries_on_both_sides(score_id: str, total: int, stratum: str) -> None:
    """A real answer combination totalling each threshold's value lands in the expected stratum."""
    score = get_score(score_id)
    option_ids = next(ids for ids, t in _combinations(score_id) if t == total)
    result = evaluate(score, _answers(score, option_ids))
    assert result.total == total
    assert result.stratum.id == stratum


def test_named_thresholds_from_the_issue() -> None:
    """The thresholds clinicians quote: each pair straddles a change of stratum."""
    pairs = {
        "mirels": [(7, "low"), (8, "borderline"), (9, "high")],
        "rades": [(28, "group_1"), (29, "group_2"), (37, "group_2"), (38, "group_3")],
        "sins": [(6, "stable"), (7, "indeterminate"), (12, "indeterminate"), (13, "unstable")],
        "tokuhashi": [
            (8, "under_6_months"),
            (9, "over_6_months"),
            (11, "over_6_months"),
            (12, "over_1_year"),
        ],
        "tomita": [
            (3, "en_bloc"),
            (4, "marginal_intralesional"),
            (5, "marginal_intralesional"),
            (6, "palliative"),
            (7, "palliative"),
            (8, "supportive"),
        ],
    }
    for score_id, cases in pairs.items():
        score = get_score(score_id)
        for total, stratum in cases:
            option_ids = next(ids for ids, t in _combinations(score_id) if t == total)
            assert evaluate(score, _answers(score, option_ids)).stratum.id == stratum, (
                score_id,
                total,
            )


@pytest.mark.parametrize("score", SUMMED, ids=_ids)
def test_every_answer_combination_is_in_range_and_in_exactly_one_stratum(score: Score) -> None:
    """Over ALL answer combinations the total is the points' sum, in range, in one stratum."""
    low, high = EXPECTED_RANGE[score.id]
    strata = EXPECTED_STRATA[score.id]
    combinations = _combinations(score.id)
    # The spaces are small: mirels 81, rades 432, sins 1296, tokuhashi 1458, tomita 18.
    assert len(combinations) <= 2000
    for option_ids, expected_total in combinations:
        result = evaluate(score, _answers(score, option_ids))
        assert result.total == expected_total
        assert result.total == sum(a.points or 0 for a in result.answers)
        assert low <= result.total <= high
        containing = [sid for sid, first, last in strata if first <= result.total <= last]
        assert containing == [result.stratum.id]
        assert (result.min, result.max) == (low, high)


@pytest.mark.parametrize("score", SUMMED, ids=_ids)
def test_every_stratum_is_reachable(score: Score) -> None:
    """Every stratum is reached by at least one answer combination."""
    reached = {score.stratum_for_total(t).id for _, t in _combinations(score.id)}
    assert reached == set(EXPECTED_STRATUM_IDS[score.id])


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_every_option_is_reachable(score: Score) -> None:
    """Choosing any option of any item gives a result that records exactly that option."""
    for item in score.items:
        for option in item.options:
            answers = {i.id: i.options[0].id for i in score.items}
            answers[item.id] = option.id
            result = evaluate(score, answers)
            recorded = next(a for a in result.answers if a.item == item.id)
            assert recorded.option == option.id
            assert recorded.points == option.points


# --- Frankel ---------------------------------------------------------------------------------


def test_frankel_grades_in_order() -> None:
    """Frankel has one item, `grade`, with options A, B, C, D1, D2, D3, E in that order."""
    frankel = get_score("frankel")
    assert frankel.method == "classification"
    assert [i.id for i in frankel.items] == ["grade"]
    assert [o.id for o in frankel.items[0].options] == ["A", "B", "C", "D1", "D2", "D3", "E"]
    assert [s.id for s in frankel.strata] == ["A", "B", "C", "D", "E"]


@pytest.mark.parametrize(("grade", "letter"), FRANKEL_CLASSES.items())
def test_frankel_stratum_is_the_letter_and_grade_the_subgrade(grade: str, letter: str) -> None:
    """A Frankel result's stratum is the letter, its grade the sub-grade, and it has no total."""
    result = evaluate(get_score("frankel"), {"grade": grade})
    assert result.stratum.id == letter
    assert result.grade == grade
    assert (result.total, result.min, result.max) == (None, None, None)
    assert result.description is not None


@pytest.mark.parametrize("score", CLASSIFICATIONS, ids=_ids)
def test_every_class_is_reachable(score: Score) -> None:
    """Every class of a classification is chosen by at least one option."""
    reached = {
        evaluate(score, {score.items[0].id: o.id}).stratum.id for o in score.items[0].options
    }
    assert reached == set(EXPECTED_STRATUM_IDS[score.id])


# --- stable ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_item_ids_are_stable(score: Score) -> None:
    """Item ids are exactly the documented ones, in the guideline's order."""
    assert tuple(i.id for i in score.items) == EXPECTED_ITEMS[score.id]


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_stratum_ids_are_stable(score: Score) -> None:
    """Stratum ids are exactly the documented ones, in order."""
    assert tuple(s.id for s in score.strata) == EXPECTED_STRATUM_IDS[score.id]


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_option_ids_start_with_a_letter(score: Score) -> None:
    """Every option id starts with a letter, so a bare number is always a position."""
    for item in score.items:
        for option in item.options:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", option.id), (item.id, option.id)


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_every_text_has_french_and_english(score: Score) -> None:
    """Every clinical text (titles, prompts, labels, actions, notes) is non-empty in fr and en."""
    texts = list(_texts(score))
    assert len(texts) > 5
    for text in texts:
        assert text.fr.strip(), text
        assert text.en.strip(), text


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_every_score_cites_guideline_section_and_a_publication(score: Score) -> None:
    """Every score cites a guideline section and at least one primary publication."""
    guideline = [s for s in score.sources if s.kind == "guideline"]
    assert guideline
    assert all(s.section and s.section.startswith("§") for s in guideline)
    assert any(s.kind == "publication" and s.citation for s in score.sources)


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_no_cyrillic_anywhere(score: Score) -> None:
    """No Cyrillic letter (U+0400-U+04FF) survives from the corrupted source (decision 16)."""
    for text in _strings(score):
        bad = [c for c in text if "\u0400" <= c <= "\u04ff"]
        assert not bad, (text, bad)


def test_cyrillic_scan_would_catch_the_guideline_typo() -> None:
    """The Cyrillic scan recognises the guideline's own corruption ("épидurite")."""
    assert [c for c in "épидurite" if "\u0400" <= c <= "\u04ff"] == ["и", "д"]


# --- clinical content, typed from CLINICAL.md ----------------------------------------------


def _points(score_id: str, item_id: str) -> dict[str, int | None]:
    item = get_score(score_id).item(item_id)
    assert item is not None
    return {o.id: o.points for o in item.options}


def _labels(score_id: str, item_id: str, lang: str = "en") -> dict[str, str]:
    item = get_score(score_id).item(item_id)
    assert item is not None
    return {o.id: (o.label.en if lang == "en" else o.label.fr) for o in item.options}


def test_mirels_range_is_4_to_12() -> None:
    """Mirels runs 4-12, not the guideline's "3 à 12" (decision 4)."""
    mirels = get_score("mirels")
    assert (mirels.min_total, mirels.max_total) == (4, 12)
    for item in mirels.items:
        assert sorted(o.points or 0 for o in item.options) == [1, 2, 3]


def test_mirels_points() -> None:
    """Mirels' table: upper limb 1, lower limb 2, trochanteric 3; blastic 1, mixed 2, lytic 3."""
    assert _points("mirels", "site") == {"upper_limb": 1, "lower_limb": 2, "trochanteric": 3}
    assert _points("mirels", "size") == {
        "under_third": 1,
        "third_to_two_thirds": 2,
        "over_two_thirds": 3,
    }
    assert _points("mirels", "lesion") == {"blastic": 1, "mixed": 2, "lytic": 3}
    assert _points("mirels", "pain") == {"mild": 1, "moderate": 2, "functional": 3}


def test_mirels_size_keeps_cortex_wording_with_a_note() -> None:
    """Mirels' size keeps "fraction of the cortex" and notes the diameter variant (decision 5)."""
    mirels = get_score("mirels")
    size = mirels.item("size")
    assert size is not None
    assert "corticale" in size.prompt.fr
    assert mirels.note is not None
    assert "diamètre" in mirels.note.fr
    assert "diameter" in mirels.note.en


def test_tokuhashi_has_six_items_with_vertebral_body_third() -> None:
    """Revised Tokuhashi has 6 items, vertebral-body metastases third (decision 1)."""
    tokuhashi = get_score("tokuhashi")
    assert len(tokuhashi.items) == 6
    assert tokuhashi.items[2].id == "vertebral_body_mets"
    assert _points("tokuhashi", "vertebral_body_mets") == {"three_or_more": 0, "two": 1, "one": 2}


def test_tokuhashi_extraspinal_three_or_more_is_zero() -> None:
    """Three or more extraspinal bone foci score 0, one or two 1, none 2 (decision 2)."""
    assert _points("tokuhashi", "extraspinal_bone_mets") == {
        "three_or_more": 0,
        "one_or_two": 1,
        "none": 2,
    }
    labels = _labels("tokuhashi", "extraspinal_bone_mets")
    assert "three or more" in labels["three_or_more"].lower()
    item = get_score("tokuhashi").item("extraspinal_bone_mets")
    assert item is not None
    assert "bone" in item.prompt.en.lower()
    assert "osseuses" in item.prompt.fr


def test_tokuhashi_other_items_points() -> None:
    """Tokuhashi's general condition, visceral, primary and palsy points are Tokuhashi 2005's."""
    assert _points("tokuhashi", "general_condition") == {
        "kps_10_40": 0,
        "kps_50_70": 1,
        "kps_80_100": 2,
    }
    assert _points("tokuhashi", "visceral_mets") == {"unresectable": 0, "resectable": 1, "none": 2}
    assert _points("tokuhashi", "primary") == {
        "lung_group": 0,
        "liver_group": 1,
        "other": 2,
        "kidney_uterus": 3,
        "rectum": 4,
        "thyroid_group": 5,
    }
    assert "lung" in _labels("tokuhashi", "primary")["lung_group"].lower()
    assert _points("tokuhashi", "palsy") == {"complete": 0, "incomplete": 1, "none": 2}


def test_rades_interval_options() -> None:
    """Rades' interval is "≤ 15 months" = 6 and "> 15 months" = 8 (decision 6)."""
    item = get_score("rades").item("interval")
    assert item is not None
    assert [(o.label.en, o.points) for o in item.options] == [
        ("15 months or less (≤ 15)", 6),
        ("More than 15 months (> 15)", 8),
    ]
    assert [o.label.fr for o in item.options] == [
        "15 mois ou moins (≤ 15)",
        "Plus de 15 mois (> 15)",
    ]


def test_rades_interval_prompt_says_spinal_cord_compression() -> None:
    """Rades' interval prompt says spinal cord compression, not the typo (decision 7)."""
    item = get_score("rades").item("interval")
    assert item is not None
    assert "spinal cord compression" in item.prompt.en.lower()
    assert "médullaire" in item.prompt.fr
    assert "vasculaire" not in item.prompt.fr.lower()
    assert "vascular" not in item.prompt.en.lower()


def test_rades_points() -> None:
    """Rades' points are the guideline's table (§3.5.3)."""
    assert _points("rades", "primary") == {
        "breast": 8,
        "prostate": 7,
        "myeloma_lymphoma": 9,
        "nsclc": 5,
        "sclc": 6,
        "unknown_primary": 5,
        "kidney": 6,
        "colorectal": 6,
        "other": 6,
    }
    assert _points("rades", "visceral") == {"yes": 5, "no": 8}
    assert _points("rades", "motor") == {
        "ambulatory": 10,
        "ambulatory_with_aid": 9,
        "not_ambulatory": 3,
        "paraplegic": 1,
    }
    assert _points("rades", "deficit_onset") == {
        "days_1_to_7": 4,
        "days_8_to_14": 7,
        "over_14_days": 9,
    }


def test_rades_cites_2008_and_2011() -> None:
    """Rades cites the 2008 paper (score built) and the 2011 validation (decision 8)."""
    citations = " ".join(s.citation for s in get_score("rades").sources)
    assert "2008;72:905" in citations
    assert "2011;79:1503" in citations


def test_sins_junctional_label_mentions_occiput_c2() -> None:
    """SINS' junctional level reads occiput-C2, not C1-C2 (decision 9)."""
    labels = _labels("sins", "location")
    assert "occiput-C2" in labels["junctional"]
    assert "occiput-C2" in _labels("sins", "location", "fr")["junctional"]
    assert "C1-C2" not in labels["junctional"]


def test_sins_mechanical_pain_scores_3() -> None:
    """SINS: mechanical pain 3, occasional non-mechanical 1, pain-free 0 (decision 10)."""
    assert _points("sins", "pain") == {"mechanical": 3, "occasional": 1, "pain_free": 0}
    assert "mechanical" in _labels("sins", "pain")["mechanical"].lower()
    item = get_score("sins").item("pain")
    assert item is not None
    assert item.hint is not None
    assert "lying down" in item.hint.en


def test_sins_other_points() -> None:
    """SINS' location, lesion, alignment, collapse and posterolateral points are Fisher 2010's."""
    assert _points("sins", "location") == {
        "junctional": 3,
        "mobile": 2,
        "semi_rigid": 1,
        "rigid": 0,
    }
    assert _points("sins", "lesion") == {"lytic": 2, "mixed": 1, "blastic": 0}
    assert _points("sins", "alignment") == {"subluxation": 4, "deformity": 2, "normal": 0}
    assert "translation" in _labels("sins", "alignment")["subluxation"].lower()
    assert _points("sins", "collapse") == {
        "over_half": 3,
        "under_half": 2,
        "body_involved": 1,
        "none": 0,
    }
    assert _points("sins", "posterolateral") == {"bilateral": 3, "unilateral": 1, "none": 0}


def test_sins_cites_fisher_2010() -> None:
    """SINS cites Fisher 2010, where the score is defined (decision 12)."""
    citations = " ".join(s.citation for s in get_score("sins").sources)
    assert "Fisher" in citations
    assert "2010" in citations


def test_tomita_rapid_growth_scores_4_and_names_lung() -> None:
    """Tomita: rapid growth scores 4 and its label names lung (decision 13)."""
    assert _points("tomita", "growth") == {"slow": 1, "moderate": 2, "rapid": 4}
    assert "lung" in _labels("tomita", "growth")["rapid"].lower()
    assert "poumon" in _labels("tomita", "growth", "fr")["rapid"].lower()
    assert _points("tomita", "visceral_mets") == {"none": 0, "treatable": 2, "untreatable": 4}
    assert _points("tomita", "bone_mets") == {"solitary": 1, "multiple": 2}


def test_tomita_4_5_is_marginal_or_intralesional() -> None:
    """Tomita 4-5 recommends marginal or intralesional excision (decision 14)."""
    stratum = get_score("tomita").stratum("marginal_intralesional")
    assert "marginal" in stratum.action.en.lower()
    assert "intralesional" in stratum.action.en.lower()


def test_frankel_palsy_mapping_matches_tokuhashi() -> None:
    """Each Frankel class points to the Tokuhashi palsy points it scores (A-B 0, C-D 1, E 2)."""
    frankel = get_score("frankel")
    expected = {"A": "0 point", "B": "0 point", "C": "1 point", "D": "1 point", "E": "2 points"}
    for stratum_id, points in expected.items():
        assert points in frankel.stratum(stratum_id).action.en
    labels = _labels("tokuhashi", "palsy")
    assert "A, B" in labels["complete"]
    assert "C, D" in labels["incomplete"]
    assert "E" in labels["none"]
