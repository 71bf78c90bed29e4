"""Bad score definitions fail when they load, so they never reach a patient.

Each test copies a real score with one defect and checks that validation (pydantic's
ValidationError) rejects it, for the right reason.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from scoring import ChoiceItem, Option, Score, Stratum, Text, get_score

MIRELS = get_score("mirels")
FRANKEL = get_score("frankel")


def rebuild(score: Score, **changes: Any) -> Score:
    """The score with some fields replaced, validated again as if it were loading.

    (`model_copy(update=...)` alone does not validate, so the copy is re-validated.)
    """
    copy = score.model_copy(update=changes)
    return Score.model_validate(copy.model_dump())


def _strata(*bands: tuple[str, int, int]) -> tuple[Stratum, ...]:
    return tuple(
        Stratum(id=sid, min=lo, max=hi, label=Text(fr=sid, en=sid), action=Text(fr="a", en="a"))
        for sid, lo, hi in bands
    )


def _option(option_id: str, points: int | None = 1, stratum: str | None = None) -> Option:
    return Option(id=option_id, points=points, stratum=stratum, label=Text(fr="x", en="x"))


def _replace_item(score: Score, index: int, item: ChoiceItem) -> tuple[ChoiceItem, ...]:
    items = list(score.items)
    items[index] = item
    return tuple(items)


# --- controls: the real definitions reload -------------------------------------------------


@pytest.mark.parametrize("score_id", ["mirels", "rades", "sins", "frankel", "tokuhashi", "tomita"])
def test_real_definitions_reload(score_id: str) -> None:
    """An unchanged copy of every real score validates, so the failures below are the defects."""
    score = get_score(score_id)
    assert rebuild(score) == score
    assert Score.model_validate_json(score.model_dump_json()) == score


# --- strata ------------------------------------------------------------------------------------


def test_gap_between_strata_is_rejected() -> None:
    """Strata leaving a total uncovered (7 missing) are rejected."""
    with pytest.raises(ValidationError, match="gap"):
        rebuild(MIRELS, strata=_strata(("low", 4, 6), ("borderline", 8, 8), ("high", 9, 12)))


def test_overlapping_strata_are_rejected() -> None:
    """Strata sharing a total (8 in two strata) are rejected."""
    with pytest.raises(ValidationError, match="overlap"):
        rebuild(MIRELS, strata=_strata(("low", 4, 8), ("borderline", 8, 8), ("high", 9, 12)))


def test_stratum_starting_below_the_range_is_rejected() -> None:
    """A first stratum starting below the lowest possible total (3 < 4) is rejected."""
    with pytest.raises(ValidationError, match="outside the range"):
        rebuild(MIRELS, strata=_strata(("low", 3, 7), ("borderline", 8, 8), ("high", 9, 12)))


def test_stratum_ending_above_the_range_is_rejected() -> None:
    """A last stratum ending above the highest possible total (13 > 12) is rejected."""
    with pytest.raises(ValidationError, match="range ends at 12"):
        rebuild(MIRELS, strata=_strata(("low", 4, 7), ("borderline", 8, 8), ("high", 9, 13)))


def test_strata_stopping_short_of_the_range_are_rejected() -> None:
    """Strata that stop before the highest possible total (11 < 12) are rejected."""
    with pytest.raises(ValidationError, match="range ends at 12"):
        rebuild(MIRELS, strata=_strata(("low", 4, 7), ("borderline", 8, 8), ("high", 9, 11)))


def test_inverted_stratum_is_rejected() -> None:
    """A stratum whose min exceeds its max is rejected."""
    with pytest.raises(ValidationError, match="min > max"):
        rebuild(MIRELS, strata=_strata(("low", 4, 7), ("borderline", 8, 7), ("high", 8, 12)))


def test_summed_stratum_without_bounds_is_rejected() -> None:
    """A stratum of a summed score with no min or max is rejected."""
    unbounded = Stratum(id="high", label=Text(fr="h", en="h"), action=Text(fr="a", en="a"))
    strata = (*_strata(("low", 4, 7), ("borderline", 8, 8)), unbounded)
    with pytest.raises(ValidationError, match="needs min and max"):
        rebuild(MIRELS, strata=strata)


def test_duplicate_stratum_ids_are_rejected() -> None:
    """Two strata with the same id are rejected."""
    with pytest.raises(ValidationError, match="duplicate stratum ids"):
        rebuild(MIRELS, strata=_strata(("low", 4, 7), ("low", 8, 8), ("high", 9, 12)))


# --- declared range --------------------------------------------------------------------------


def test_declared_range_not_matching_items_is_rejected() -> None:
    """The guideline's own "3 à 12" for Mirels is rejected: four items of 1-3 give 4-12."""
    with pytest.raises(ValidationError, match="declared range"):
        rebuild(MIRELS, declared_range=(3, 12))


def test_declared_range_with_wrong_maximum_is_rejected() -> None:
    """A declared range whose maximum the items cannot reach is rejected."""
    with pytest.raises(ValidationError, match="declared range"):
        rebuild(get_score("tokuhashi"), declared_range=(0, 13))


# --- ids ----------------------------------------------------------------------------------------


def test_duplicate_item_ids_are_rejected() -> None:
    """Two items with the same id are rejected."""
    site = MIRELS.items[0]
    with pytest.raises(ValidationError, match="duplicate item ids"):
        rebuild(MIRELS, items=(site, site, *MIRELS.items[2:]))


def test_duplicate_option_ids_are_rejected() -> None:
    """Two options of one item with the same id are rejected, when the score loads too."""
    site = MIRELS.items[0]
    twice = (site.options[0], site.options[0], site.options[2])
    with pytest.raises(ValidationError, match="duplicate option ids"):
        ChoiceItem(id="site", prompt=site.prompt, options=twice)
    data = MIRELS.model_dump()
    data["items"][0]["options"][1]["id"] = data["items"][0]["options"][0]["id"]
    with pytest.raises(ValidationError, match="duplicate option ids"):
        Score.model_validate(data)


def test_option_ids_differing_only_by_case_are_rejected() -> None:
    """Option ids are matched case-insensitively, so "lytic" and "LYTIC" collide."""
    with pytest.raises(ValidationError, match="duplicate option ids"):
        ChoiceItem(
            id="lesion",
            prompt=Text(fr="x", en="x"),
            options=(_option("lytic"), _option("LYTIC")),
        )


@pytest.mark.parametrize("bad_id", ["1st", "2", "_hidden", "a-b", "a b", ""])
def test_option_id_not_starting_with_a_letter_is_rejected(bad_id: str) -> None:
    """An option id must start with a letter (a bare number is a position) and be a word."""
    with pytest.raises(ValidationError):
        _option(bad_id)
    data = MIRELS.model_dump()
    data["items"][0]["options"][0]["id"] = bad_id
    with pytest.raises(ValidationError):
        Score.model_validate(data)


def test_item_and_stratum_ids_starting_with_a_digit_are_rejected() -> None:
    """Item and stratum ids are words starting with a letter too."""
    data = MIRELS.model_dump()
    data["items"][0]["id"] = "1site"
    with pytest.raises(ValidationError):
        Score.model_validate(data)
    data = MIRELS.model_dump()
    data["strata"][0]["id"] = "0low"
    with pytest.raises(ValidationError):
        Score.model_validate(data)


# --- points and classes ------------------------------------------------------------------------


def test_missing_points_in_a_summed_score_are_rejected() -> None:
    """An option of a summed score without points is rejected."""
    site = MIRELS.items[0]
    no_points = ChoiceItem(
        id="site",
        prompt=site.prompt,
        options=(_option("upper_limb", None), *site.options[1:]),
    )
    with pytest.raises(ValidationError, match="needs points"):
        rebuild(MIRELS, items=_replace_item(MIRELS, 0, no_points))


def test_stratum_on_a_summed_option_is_rejected() -> None:
    """An option of a summed score naming a class is rejected: the total decides the stratum."""
    site = MIRELS.items[0]
    with_class = ChoiceItem(
        id="site",
        prompt=site.prompt,
        options=(_option("upper_limb", 1, "high"), *site.options[1:]),
    )
    with pytest.raises(ValidationError, match="no stratum"):
        rebuild(MIRELS, items=_replace_item(MIRELS, 0, with_class))


def test_classification_option_naming_an_unknown_class_is_rejected() -> None:
    """A Frankel option pointing to a class that does not exist ("F") is rejected."""
    grade = FRANKEL.items[0]
    bad = ChoiceItem(
        id="grade",
        prompt=grade.prompt,
        options=(*grade.options[:-1], _option("E", None, "F")),
    )
    with pytest.raises(ValidationError, match="names one of the strata"):
        rebuild(FRANKEL, items=(bad,))


def test_classification_option_with_points_is_rejected() -> None:
    """A classification option carrying points is rejected: a classification has no total."""
    grade = FRANKEL.items[0]
    bad = ChoiceItem(
        id="grade",
        prompt=grade.prompt,
        options=(*grade.options[:-1], _option("E", 2, "E")),
    )
    with pytest.raises(ValidationError, match="no points"):
        rebuild(FRANKEL, items=(bad,))


def test_unreachable_class_is_rejected() -> None:
    """A class no option leads to (grade E removed) is rejected."""
    grade = FRANKEL.items[0]
    bad = ChoiceItem(id="grade", prompt=grade.prompt, options=grade.options[:-1])
    with pytest.raises(ValidationError, match="unreachable"):
        rebuild(FRANKEL, items=(bad,))


def test_class_with_a_range_is_rejected() -> None:
    """A class of a classification with a min/max range is rejected."""
    data = FRANKEL.model_dump()
    data["strata"][0]["min"], data["strata"][0]["max"] = 0, 1
    with pytest.raises(ValidationError, match="no range"):
        Score.model_validate(data)


def test_classification_with_two_items_is_rejected() -> None:
    """A classification has exactly one item."""
    grade = FRANKEL.items[0]
    twin = ChoiceItem(id="grade_again", prompt=grade.prompt, options=grade.options)
    with pytest.raises(ValidationError, match="exactly one item"):
        rebuild(FRANKEL, items=(grade, twin))


# --- texts and sources ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_with_an_empty_language_is_rejected(lang: str) -> None:
    """A clinical text empty in either language is rejected, alone and inside a score."""
    with pytest.raises(ValidationError):
        Text.model_validate({"fr": "x", "en": "x", lang: ""})
    with pytest.raises(ValidationError):
        Text.model_validate({"fr": "x", "en": "x"} | {lang: None})
    data = MIRELS.model_dump()
    data["items"][1]["options"][2]["label"][lang] = ""
    with pytest.raises(ValidationError):
        Score.model_validate(data)
    data = MIRELS.model_dump()
    del data["strata"][0]["action"][lang]
    with pytest.raises(ValidationError):
        Score.model_validate(data)


def test_score_without_guideline_source_is_rejected() -> None:
    """A score citing only publications, not the guideline, is rejected."""
    papers = tuple(s for s in MIRELS.sources if s.kind == "publication")
    with pytest.raises(ValidationError, match="no guideline source"):
        rebuild(MIRELS, sources=papers)


def test_item_with_a_single_option_is_rejected() -> None:
    """An item needs at least two options to be a question."""
    with pytest.raises(ValidationError):
        ChoiceItem(id="site", prompt=Text(fr="x", en="x"), options=(_option("only"),))


def test_unknown_field_is_rejected() -> None:
    """A misspelt field in a definition is an error, not silently ignored."""
    data = MIRELS.model_dump()
    data["items"][0]["options"][0]["point"] = 1
    with pytest.raises(ValidationError):
        Score.model_validate(data)


def test_definitions_are_frozen() -> None:
    """A loaded score cannot be changed in place (its points or strata)."""
    with pytest.raises(ValidationError):
        MIRELS.items[0].options[0].points = 5  # type: ignore[misc]


def test_an_alias_naming_two_options_is_rejected() -> None:
    """Two options of one item cannot share a typed alias (it would name neither)."""
    from scoring import ChoiceItem, Option, Text

    with pytest.raises(ValidationError, match="alias names two options"):
        ChoiceItem(
            id="level",
            prompt=Text(fr="Niveau", en="Level"),
            options=(
                Option(id="a", points=1, label=Text(fr="A", en="A"), aliases=("T1",)),
                Option(id="b", points=2, label=Text(fr="B", en="B"), aliases=("t1",)),
            ),
        )
