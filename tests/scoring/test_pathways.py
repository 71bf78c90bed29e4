"""The spine and long-bone pathways as definitions: they load, they ask what issue 7 says
(the primary once, Tokuhashi's palsy from the Frankel grade, Rades only with a cord
compression, Mirels only without a fracture), and a score inside a pathway gives the
same total and stratum as the score alone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate
from scoring.conditions import Is
from scoring.flow import compile_flow, pending_question, walk
from scoring.items import ChoiceItem
from scoring.pathway import Derive, Pathway, UseScore
from scoring.pathways.long_bone import LONG_BONE
from scoring.pathways.spine import SPINE
from scoring.registry import PATHWAYS, get_flow
from scoring.summary import conclude

Chooser = Callable[[str, ChoiceItem], str]


def dialogue(pathway: Pathway, choose: Chooser) -> tuple[list[str], dict[str, str]]:
    """Run a pathway as the engine does, one pending question at a time; return the keys
    asked, in order, and the answers given."""
    flow = compile_flow(pathway)
    answers: dict[str, str] = {}
    asked: list[str] = []
    while (question := pending_question(flow, answers)) is not None:
        assert isinstance(question.item, ChoiceItem)
        asked.append(question.key)
        answers[question.key] = choose(question.key, question.item)
    return asked, answers


def first_unless(chosen: dict[str, str]) -> Chooser:
    """Answer from `chosen`, else the first option."""
    return lambda key, item: chosen.get(key, item.options[0].id)


SINS_KEYS = [f"sins.{k}" for k in ("location", "pain", "lesion", "alignment", "collapse")]
SINS_KEYS.append("sins.posterolateral")
TOKUHASHI_ASKED = [
    "tokuhashi.general_condition",
    "tokuhashi.extraspinal_bone_mets",
    "tokuhashi.vertebral_body_mets",
    "tokuhashi.visceral_mets",
]
RADES_ASKED = ["rades.interval", "rades.visceral", "rades.motor", "rades.deficit_onset"]


def test_registered_with_their_aliases() -> None:
    """/rachis and /spine name the spine pathway; /os_long and /long_bone the long-bone one."""
    assert SPINE in PATHWAYS
    assert LONG_BONE in PATHWAYS
    assert get_flow("rachis") is SPINE
    assert get_flow("spine") is SPINE
    assert get_flow("os_long") is LONG_BONE
    assert get_flow("long_bone") is LONG_BONE
    assert SPINE.kind == LONG_BONE.kind == "pathway"


def test_spine_scores_in_the_issue_order() -> None:
    """SINS, Frankel, Tokuhashi, Tomita, then Rades."""
    assert [s.id for s in SPINE.scores] == ["sins", "frankel", "tokuhashi", "tomita", "rades"]
    assert [s.id for s in LONG_BONE.scores] == ["mirels"]


@pytest.mark.parametrize("primary", ["nsclc", "sclc"])
def test_lung_primary_is_asked_once(primary: str) -> None:
    """A lung primary answers Tokuhashi's primary, Tomita's growth and Rades' primary."""
    asked, answers = dialogue(SPINE, first_unless({"primary": primary, "compression": "yes"}))
    assert asked == [
        "primary",
        *SINS_KEYS,
        "frankel.grade",
        *TOKUHASHI_ASKED,
        "tomita.visceral_mets",
        "tomita.bone_mets",
        "compression",
        *RADES_ASKED,
    ]
    summary = conclude(SPINE, answers)
    derived = {a.key: (a.option, a.derived_from) for a in summary.answers if a.derived_from}
    assert derived["tokuhashi.primary"] == ("lung_group", "primary")
    assert derived["tomita.growth"] == ("rapid", "primary")
    assert derived["rades.primary"] == (primary, "primary")
    points = {
        r.score: {a.item: a.points for a in r.answers}
        for r in summary.results
        if r.total is not None
    }
    assert points["tokuhashi"]["primary"] == 0
    assert points["tomita"]["growth"] == 4
    assert points["rades"]["primary"] == {"nsclc": 5, "sclc": 6}[primary]


def test_other_primary_each_score_asks_its_own() -> None:
    """Another primary: Tokuhashi, Tomita and Rades each ask their primary question."""
    asked, _ = dialogue(SPINE, first_unless({"primary": "other", "compression": "yes"}))
    assert asked == [
        "primary",
        *SINS_KEYS,
        "frankel.grade",
        *TOKUHASHI_ASKED,
        "tokuhashi.primary",
        "tomita.growth",
        "tomita.visceral_mets",
        "tomita.bone_mets",
        "compression",
        "rades.primary",
        *RADES_ASKED,
    ]


def test_no_compression_no_rades() -> None:
    """Without a symptomatic cord compression, no Rades question is asked."""
    asked, answers = dialogue(SPINE, first_unless({"primary": "other", "compression": "no"}))
    assert asked[-1] == "compression"
    assert not [k for k in asked if k.startswith("rades.")]
    assert "rades" not in {r.score for r in conclude(SPINE, answers).results}


@pytest.mark.parametrize(
    ("grade", "palsy", "points"),
    [
        # Decision 19: A, B complete 0; C, D1-D3 incomplete 1; E none 2.
        ("A", "complete", 0),
        ("B", "complete", 0),
        ("C", "incomplete", 1),
        ("D1", "incomplete", 1),
        ("D2", "incomplete", 1),
        ("D3", "incomplete", 1),
        ("E", "none", 2),
    ],
)
def test_frankel_grade_gives_tokuhashi_palsy(grade: str, palsy: str, points: int) -> None:
    """Every Frankel grade, through the dialogue, answers Tokuhashi's palsy item."""
    chosen = {
        "primary": "nsclc",
        "frankel.grade": grade,
        # 2 + 2 + 2 + 2 + lung 0 = 8 before the palsy item.
        "tokuhashi.general_condition": "kps_80_100",
        "tokuhashi.extraspinal_bone_mets": "none",
        "tokuhashi.vertebral_body_mets": "one",
        "tokuhashi.visceral_mets": "none",
        "compression": "no",
    }
    asked, answers = dialogue(SPINE, first_unless(chosen))
    assert "tokuhashi.palsy" not in asked
    summary = conclude(SPINE, answers)
    shown = next(a for a in summary.answers if a.key == "tokuhashi.palsy")
    assert (shown.option, shown.derived_from) == (palsy, "frankel.grade")
    assert shown.source_label is not None
    assert shown.source_label.en.startswith(f"{grade} — ")
    tokuhashi = next(r for r in summary.results if r.score == "tokuhashi")
    assert {a.item: a.points for a in tokuhashi.answers}["palsy"] == points
    assert tokuhashi.total == 8 + points


def test_long_bone_fracture_skips_mirels() -> None:
    """With a fracture, Mirels is not asked; without, its four questions come second."""
    asked, answers = dialogue(LONG_BONE, first_unless({"fracture": "yes"}))
    assert asked == ["fracture", "site", "life_expectancy"]
    assert conclude(LONG_BONE, answers).results == ()
    asked, _ = dialogue(LONG_BONE, first_unless({"fracture": "no"}))
    assert asked == [
        "fracture",
        "mirels.site",
        "mirels.size",
        "mirels.lesion",
        "mirels.pain",
        "site",
        "life_expectancy",
    ]


def test_life_expectancy_has_the_four_bands_of_decision_21() -> None:
    """Under 6 weeks, 6 weeks to 6 months, over 6 months to 1 year, over 1 year."""
    item = compile_flow(LONG_BONE).question("life_expectancy")
    assert item is not None
    assert isinstance(item.item, ChoiceItem)
    assert [o.label.en for o in item.item.options] == [
        "Under 6 weeks",
        "6 weeks to 6 months",
        "Over 6 months, up to 1 year",
        "Over 1 year",
    ]


@pytest.mark.parametrize("pathway", [SPINE, LONG_BONE], ids=lambda p: p.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_scores_inside_equal_scores_alone(pathway: Pathway, data: st.DataObject) -> None:
    """For random answers, each score's total and stratum inside the pathway equal
    `scoring.evaluate` of the same answers (given and derived)."""

    def choose(key: str, item: ChoiceItem) -> str:
        return data.draw(st.sampled_from([o.id for o in item.options]), label=key)

    _, answers = dialogue(pathway, choose)
    summary = conclude(pathway, answers)
    effective = {a.key: a.value for a in walk(compile_flow(pathway), answers).answers}
    for result in summary.results:
        alone = evaluate(
            next(s for s in pathway.scores if s.id == result.score),
            {
                key.split(".", 1)[1]: str(value)
                for key, value in effective.items()
                if key.startswith(result.score + ".")
            },
        )
        assert (result.total, result.stratum.id, result.grade) == (
            alone.total,
            alone.stratum.id,
            alone.grade,
        )
        assert result == alone


def _spine_with(**changes: object) -> dict[str, object]:
    fields = {name: getattr(SPINE, name) for name in type(SPINE).model_fields}
    return fields | changes


def test_derivation_missing_an_option_fails_to_load() -> None:
    """A Frankel-to-palsy map that forgets D3 is refused when the pathway loads."""
    palsy = SPINE.derive[0]
    short = Derive(
        source=palsy.source,
        target=palsy.target,
        map={k: v for k, v in palsy.map.items() if k != "D3"},
    )
    with pytest.raises(ValueError, match="missing \\['D3'\\]"):
        Pathway(**_spine_with(derive=(short, *SPINE.derive[1:])))  # type: ignore[arg-type]


def test_gate_naming_an_unknown_answer_fails_to_load() -> None:
    """Rades reached on a compression answer that the gate does not offer is refused."""
    steps = tuple(
        UseScore("rades", when=Is("compression", ("maybe",)))
        if isinstance(s, UseScore) and s.score == "rades"
        else s
        for s in SPINE.steps
    )
    with pytest.raises(ValueError, match="maybe"):
        Pathway(**_spine_with(steps=steps))  # type: ignore[arg-type]


def test_score_included_twice_fails_to_load() -> None:
    """Tokuhashi included twice would ask its items twice: refused."""
    with pytest.raises(ValueError, match="asked twice"):
        Pathway(**_spine_with(steps=(*SPINE.steps, UseScore("tokuhashi"))))  # type: ignore[arg-type]


def _strings(value: object) -> list[str]:
    """Every string inside a dumped definition."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("pathway", [SPINE, LONG_BONE], ids=lambda p: p.id)
def test_no_stray_letters_from_the_source(pathway: Pathway) -> None:
    """Decision 16: no Cyrillic letter and none of the source's typos in any text."""
    for text in _strings(pathway.model_dump()):
        assert not any("\u0400" <= c <= "\u04ff" for c in text), text
        for typo in ("Réséction", "Multiplés", "ép\u0438\u0434urite", "compression vasculaire"):
            assert typo not in text


@pytest.mark.parametrize("pathway", [SPINE, LONG_BONE], ids=lambda p: p.id)
def test_every_part_cites_its_section(pathway: Pathway) -> None:
    """Each summary part cites a guideline section; each sentence exists in both languages."""
    for part in pathway.summary:
        assert part.section.startswith("§3.")
        for line in part.lines:
            assert line.text.fr != line.text.en
