"""Unscorable answers raise typed errors that name the bad token and list the valid choices."""

from __future__ import annotations

import pytest

from scoring import (
    SCORES,
    MissingAnswer,
    Score,
    ScoringError,
    UnknownItem,
    UnknownOption,
    UnknownScore,
    evaluate,
    get_score,
    resolve_option,
)

MIRELS = get_score("mirels")
COMPLETE = {"site": "trochanteric", "size": "over_two_thirds", "lesion": "lytic", "pain": "mild"}
SITE_IDS = ("upper_limb", "lower_limb", "trochanteric")


def _ids(score: Score) -> str:
    return score.id


# --- missing answers -----------------------------------------------------------------------


def test_missing_answer_names_the_missing_items() -> None:
    """Unanswered items raise MissingAnswer naming each of them, in the guideline's order."""
    with pytest.raises(MissingAnswer) as caught:
        evaluate(MIRELS, {"pain": "mild", "site": "upper_limb"})
    assert caught.value.missing == ("size", "lesion")
    assert caught.value.score_id == "mirels"
    message = str(caught.value)
    assert "size" in message
    assert "lesion" in message
    assert "site" not in message.split("missing", 1)[1]


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_no_answers_at_all_lists_every_item(score: Score) -> None:
    """With no answers at all, every item is named as missing and nothing is computed."""
    with pytest.raises(MissingAnswer) as caught:
        evaluate(score, {})
    assert caught.value.missing == tuple(i.id for i in score.items)
    assert caught.value.valid == tuple(i.id for i in score.items)


@pytest.mark.parametrize("score", [s for s in SCORES if len(s.items) > 1], ids=_ids)
def test_one_missing_item_gives_no_partial_total(score: Score) -> None:
    """Leaving out any one item raises MissingAnswer: a partial total is never returned."""
    for left_out in score.items:
        answers = {i.id: "1" for i in score.items if i is not left_out}
        with pytest.raises(MissingAnswer) as caught:
            evaluate(score, answers)
        assert caught.value.missing == (left_out.id,)
        assert left_out.id in str(caught.value)


# --- unknown items and options -------------------------------------------------------------


def test_unknown_item_names_it_and_lists_valid_items() -> None:
    """An answer to an item the score does not have raises UnknownItem listing the real items."""
    with pytest.raises(UnknownItem) as caught:
        evaluate(MIRELS, {**COMPLETE, "colour": "1"})
    error = caught.value
    assert error.item_id == "colour"
    assert error.valid == ("site", "size", "lesion", "pain")
    message = str(error)
    assert "'colour'" in message
    for item_id in ("site", "size", "lesion", "pain"):
        assert item_id in message


def test_unknown_item_wins_over_missing_answers() -> None:
    """A misspelt item is reported as unknown, not merely as a missing answer."""
    with pytest.raises(UnknownItem, match="'sites'"):
        evaluate(MIRELS, {"sites": "1"})


def test_item_ids_are_exact() -> None:
    """Item ids are matched exactly: "Site" is not "site"."""
    answers = dict(COMPLETE)
    answers["Site"] = answers.pop("site")
    with pytest.raises(UnknownItem, match="'Site'"):
        evaluate(MIRELS, answers)


def test_unknown_option_names_it_and_lists_valid_ids() -> None:
    """An option id the item does not have raises UnknownOption listing the valid ids."""
    with pytest.raises(UnknownOption) as caught:
        evaluate(MIRELS, {**COMPLETE, "site": "femur"})
    error = caught.value
    assert (error.item_id, error.option) == ("site", "femur")
    assert error.valid == SITE_IDS
    message = str(error)
    assert "'femur'" in message
    assert "'site'" in message
    for option_id in SITE_IDS:
        assert option_id in message
    assert "1-3" in message  # positions are valid choices too


@pytest.mark.parametrize("token", ["0", "4", "99", "00"])
def test_position_out_of_range_is_rejected(token: str) -> None:
    """Position 0 and positions past the last option are rejected with the valid choices."""
    with pytest.raises(UnknownOption) as caught:
        evaluate(MIRELS, {**COMPLETE, "site": token})
    assert caught.value.option == token
    assert f"'{token}'" in str(caught.value)
    assert caught.value.valid == SITE_IDS


@pytest.mark.parametrize("token", ["-1", "1.0", "+1", "one", "", "   ", "１", "²"])
def test_other_non_options_are_rejected(token: str) -> None:
    """Negative, decimal, spelt-out, empty and non-ASCII digits are not positions or ids."""
    with pytest.raises(UnknownOption):
        resolve_option(MIRELS, MIRELS.items[0], token)


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_position_past_the_end_of_every_item_is_rejected(score: Score) -> None:
    """For every item of every score, position count+1 and 0 are rejected; 1..count accepted."""
    for item in score.items:
        count = len(item.options)
        for bad in ("0", str(count + 1)):
            with pytest.raises(UnknownOption):
                resolve_option(score, item, bad)
        for position in range(1, count + 1):
            assert resolve_option(score, item, str(position)) == item.options[position - 1]


# --- unknown score ----------------------------------------------------------------------------


def test_unknown_score_names_it_and_lists_valid_scores() -> None:
    """get_score of an unknown id raises UnknownScore listing every score id."""
    with pytest.raises(UnknownScore) as caught:
        get_score("karnofsky")
    message = str(caught.value)
    assert "'karnofsky'" in message
    assert caught.value.valid == ("mirels", "rades", "sins", "frankel", "tokuhashi", "tomita")
    for score_id in caught.value.valid:
        assert score_id in message


def test_score_ids_ignore_case_and_spaces() -> None:
    """A score id is found whatever its case and surrounding spaces."""
    assert get_score(" SINS ") is get_score("sins")


def test_errors_are_value_errors() -> None:
    """Every scoring error is a ScoringError and a ValueError, with its valid choices attached."""
    for error_type in (UnknownScore, UnknownItem, UnknownOption, MissingAnswer):
        assert issubclass(error_type, ScoringError)
        assert issubclass(error_type, ValueError)


# --- positions and ids --------------------------------------------------------------------------


def test_bare_number_is_a_position_never_an_id_or_points() -> None:
    """A bare number picks the option at that position, even if another option has those points."""
    tokuhashi = get_score("tokuhashi")
    primary = tokuhashi.item("primary")
    assert primary is not None
    # Position 5 is the 5th row (rectum, 4 points), not the option worth 5 points.
    option = resolve_option(tokuhashi, primary, "5")
    assert (option.id, option.points) == ("rectum", 4)
    # Position 1 of "vertebral body metastases" is "three or more", not "one metastasis".
    vertebral = tokuhashi.item("vertebral_body_mets")
    assert vertebral is not None
    assert resolve_option(tokuhashi, vertebral, "1").id == "three_or_more"
    # Rades "5" is the 5th primary (SCLC, 6 points), not NSCLC's 5 points.
    rades = get_score("rades")
    rades_primary = rades.item("primary")
    assert rades_primary is not None
    assert resolve_option(rades, rades_primary, "5").id == "sclc"


@pytest.mark.parametrize("score", SCORES, ids=_ids)
def test_no_option_id_is_a_number(score: Score) -> None:
    """No option id is made of digits only, so a number can never be read as an id."""
    for item in score.items:
        for option in item.options:
            assert not option.id.isdigit()
            assert not option.id[0].isdigit()


def test_option_ids_ignore_case_and_spaces() -> None:
    """Option ids are matched case-insensitively, surrounding spaces ignored; positions too."""
    site = MIRELS.items[0]
    assert resolve_option(MIRELS, site, " TROCHANTERIC ").id == "trochanteric"
    assert resolve_option(MIRELS, site, " 3 ").id == "trochanteric"
    frankel = get_score("frankel")
    assert resolve_option(frankel, frankel.items[0], "d2").id == "D2"


def test_error_after_valid_answers_reports_the_bad_one() -> None:
    """With several answers, the error names the one bad option, not a good one."""
    with pytest.raises(UnknownOption) as caught:
        evaluate(MIRELS, {"site": "1", "size": "2", "lesion": "lytc", "pain": "3"})
    assert caught.value.item_id == "lesion"
    assert caught.value.option == "lytc"
    assert caught.value.valid == ("blastic", "mixed", "lytic")
