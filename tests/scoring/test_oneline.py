"""One-line scoring, pure (scoring.oneline): every form, every problem, tied values.

Expected option ids and point values are typed from the guideline's tables (and
shared/CLINICAL.md), in the guideline's order.
"""

from __future__ import annotations

import pytest

from scoring import get_score
from scoring.oneline import MAX_LINE, LineProblem, parse_line

# The highest-scoring option of each item, and its points, typed from the tables.
POINTS_LINES = {
    "mirels": (
        "3+3+3+3",
        {
            "site": "trochanteric",
            "size": "over_two_thirds",
            "lesion": "lytic",
            "pain": "functional",
        },
    ),
    "rades": (
        "9+8+8+10+9",
        {
            "primary": "myeloma_lymphoma",
            "interval": "over_15_months",
            "visceral": "no",
            "motor": "ambulatory",
            "deficit_onset": "over_14_days",
        },
    ),
    "sins": (
        "3+3+2+2+3+1",
        {
            "location": "junctional",
            "pain": "mechanical",
            "lesion": "lytic",
            "alignment": "deformity",
            "collapse": "over_half",
            "posterolateral": "unilateral",
        },
    ),
    "tokuhashi": (
        "0+1+2+0+5+1",
        {
            "general_condition": "kps_10_40",
            "extraspinal_bone_mets": "one_or_two",
            "vertebral_body_mets": "one",
            "visceral_mets": "unresectable",
            "primary": "thyroid_group",
            "palsy": "incomplete",
        },
    ),
    "tomita": ("4+2+1", {"growth": "rapid", "visceral_mets": "treatable", "bone_mets": "solitary"}),
}


@pytest.mark.parametrize("score_id", sorted(POINTS_LINES))
def test_points_form_of_every_summed_score(score_id: str) -> None:
    """`3+3+2+2+3+1`: each value is a point value of its item, in the guideline's order."""
    line, expected = POINTS_LINES[score_id]
    parsed = parse_line(get_score(score_id), line)
    assert parsed.error is None
    assert parsed.answers == expected
    assert parsed.ties == ()


@pytest.mark.parametrize("score_id", sorted(POINTS_LINES))
def test_pairs_form_of_every_summed_score_by_id_and_position(score_id: str) -> None:
    """`item=option` with option ids, and with positions (a bare number is a position)."""
    _, expected = POINTS_LINES[score_id]
    score = get_score(score_id)
    by_id = " ".join(f"{item}={option}" for item, option in expected.items())
    assert parse_line(score, by_id).answers == expected
    by_position = " ".join(f"{item.id}={item.position(expected[item.id])}" for item in score.items)
    parsed = parse_line(score, by_position)
    assert parsed.error is None
    assert parsed.answers == expected


def test_sins_pairs_from_the_issue() -> None:
    """`location=junctional pain=mechanical ...`, ids in any case, commas tolerated."""
    parsed = parse_line(get_score("sins"), "LOCATION=Junctional, pain=mechanical lesion=1")
    assert parsed.error is None
    assert parsed.answers == {"location": "junctional", "pain": "mechanical", "lesion": "lytic"}
    assert parsed.form == "pairs"


@pytest.mark.parametrize(("token", "grade"), [("D2", "D2"), ("d2", "D2"), ("5", "D2"), ("E", "E")])
def test_frankel_by_grade_or_position(token: str, grade: str) -> None:
    """`/frankel D2`: the grade's id (any case) or its position (A B C D1 D2 D3 E)."""
    parsed = parse_line(get_score("frankel"), token)
    assert parsed.error is None
    assert parsed.answers == {"grade": grade}


def test_rades_tied_values_are_accepted_and_name_every_option() -> None:
    """Rades: 5 is NSCLC or unknown primary; 6 is SCLC, kidney, colorectal or other."""
    score = get_score("rades")
    five = parse_line(score, "5+6+5+10+4")
    assert five.error is None
    assert five.answers["primary"] == "nsclc"
    assert [(t.item, t.value, t.options) for t in five.ties] == [
        ("primary", 5, ("nsclc", "unknown_primary"))
    ]
    six = parse_line(score, "6+6+5+10+4")
    assert [(t.item, t.value, t.options) for t in six.ties] == [
        ("primary", 6, ("sclc", "kidney", "colorectal", "other"))
    ]


ALL_BUT_PAIN = "location lesion alignment collapse posterolateral"


@pytest.mark.parametrize(
    ("line", "problem", "token", "item", "kept"),
    [
        # 7 is no value of the lesion item (2, 1, 0); the values before it are kept.
        (
            "3+3+7+2+3+1",
            LineProblem.NOT_A_VALUE,
            "7",
            "lesion",
            "location pain alignment collapse posterolateral",
        ),
        ("3+x+2+2+3+1", LineProblem.NOT_A_NUMBER, "x", "pain", ALL_BUT_PAIN),
        ("3+-1+2+2+3+1", LineProblem.NOT_A_NUMBER, "-1", "pain", ALL_BUT_PAIN),
        ("3+1.5+2+2+3+1", LineProblem.NOT_A_NUMBER, "1.5", "pain", ALL_BUT_PAIN),
        ("3++2+2+3+1", LineProblem.NOT_A_NUMBER, "", "pain", ALL_BUT_PAIN),
        # Other-script digits are refused, never read as 3 (Arabic-Indic, full-width).
        (
            "\u0663+3+2+2+3+1",
            LineProblem.NOT_A_NUMBER,
            "\u0663",
            "location",
            "pain lesion alignment collapse posterolateral",
        ),
        ("3+\uff13+2+2+3+1", LineProblem.NOT_A_NUMBER, "\uff13", "pain", ALL_BUT_PAIN),
        ("3+3", LineProblem.TOO_FEW, "3+3", "lesion", "location pain"),
        ("3+3+2+2+3+1+2", LineProblem.TOO_MANY, "2", None, ""),
        ("location=junctional site=1", LineProblem.UNKNOWN_ITEM, "site=1", None, "location"),
        ("location=5", LineProblem.UNKNOWN_OPTION, "location=5", "location", ""),
        ("location=elbow pain=1", LineProblem.UNKNOWN_OPTION, "location=elbow", "location", "pain"),
        ("location=1 location=2", LineProblem.DUPLICATE, "location=2", "location", ""),
        ("location=1 3+3", LineProblem.MIXED, "3+3", None, "location"),
    ],
)
def test_each_problem_names_its_token_and_item(
    line: str, problem: LineProblem, token: str, item: str | None, kept: str
) -> None:
    """The first problem is reported with the token as typed and its item; valid answers stay."""
    parsed = parse_line(get_score("sins"), line)
    assert parsed.error is not None
    assert parsed.error.problem is problem
    assert parsed.error.token == token
    assert parsed.error.item == item
    assert list(parsed.answers) == kept.split()


def test_wrong_counts_say_how_many() -> None:
    """A wrong count says how many values the score takes and how many came."""
    few = parse_line(get_score("tomita"), "4+2")
    assert few.error is not None
    assert (few.error.expected, few.error.got) == (3, 2)
    many = parse_line(get_score("tomita"), "4+2+1+1")
    assert many.error is not None
    assert (many.error.expected, many.error.got) == (3, 4)
    assert many.answers == {}  # which value is extra cannot be known


def test_an_oversized_line_is_refused_whole() -> None:
    """Beyond 200 characters nothing is read; the token quoted back is shortened."""
    parsed = parse_line(get_score("sins"), "3+" * 150 + "1")
    assert len("3+" * 150 + "1") > MAX_LINE
    assert parsed.error is not None
    assert parsed.error.problem is LineProblem.TOO_LONG
    assert len(parsed.error.token) <= 24
    assert parsed.answers == {}
