"""Bad pathway definitions fail when they load, each for its own reason.

The fixtures are small pathways made here from the real scores (tests/scoring/
fixture_flows.py); each test changes one thing in an otherwise valid fixture.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from scoring.base import Text
from scoring.conditions import All, InStratum, Is, Ticked, Within
from scoring.items import NumberRange, Option
from scoring.pathway import Ask, Cell, Computed, Derive, Line, Part, Pathway, Table, UseScore
from scoring.registry import _flows_by_name
from scoring.scores import SCORES
from tests.scoring.fixture_flows import (
    FRANKEL_TO_PALSY,
    aid,
    aid_fields,
    choice,
    creatinine_item,
    spine,
    spine_fields,
    t,
)

STEPS = spine_fields()["steps"]
DERIVE = spine_fields()["derive"]


def fails(match: str, make: Any, **changes: Any) -> None:
    with pytest.raises(ValidationError, match=match):
        make(**changes)


def test_the_fixtures_load() -> None:
    """Controls: unchanged, both fixtures load, so each failure below is its defect."""
    assert spine().id == "fixture_spine"
    assert aid().id == "fixture_aid"
    assert Pathway.model_validate_json(spine().model_dump_json()) == spine()
    assert Pathway.model_validate_json(aid().model_dump_json()) == aid()


# --- derivations -----------------------------------------------------------------------


def test_a_derivation_missing_a_source_option() -> None:
    partial = {k: v for k, v in FRANKEL_TO_PALSY.items() if k != "D2"}
    derive = (Derive(source="frankel.grade", target="tokuhashi.palsy", map=partial), *DERIVE[1:])
    fails(r"missing \['D2'\]", spine, derive=derive)


def test_a_derivation_naming_an_unknown_source_option() -> None:
    extra = FRANKEL_TO_PALSY | {"F": "none"}
    derive = (Derive(source="frankel.grade", target="tokuhashi.palsy", map=extra), *DERIVE[1:])
    fails(r"unknown \['F'\]", spine, derive=derive)


def test_a_derivation_to_an_option_the_target_does_not_have() -> None:
    wrong = FRANKEL_TO_PALSY | {"E": "normal"}
    derive = (Derive(source="frankel.grade", target="tokuhashi.palsy", map=wrong), *DERIVE[1:])
    fails(r"\['normal'\] are not options of the target", spine, derive=derive)


def test_a_derivation_looking_forward() -> None:
    backwards = Derive(
        source="tokuhashi.palsy",
        target="frankel.grade",
        map={"complete": "A", "incomplete": "C", "none": "E"},
    )
    fails("source must be asked before the target", spine, derive=(backwards,))


def test_two_derivations_of_one_target() -> None:
    fails("more than one derivation", spine, derive=(*DERIVE, DERIVE[0]))


def test_a_derivation_of_an_unknown_key() -> None:
    ghost = Derive(
        source="primary", target="tomita.ghost", map={"nsclc": None, "sclc": None, "other": None}
    )
    fails("unknown key", spine, derive=(*DERIVE, ghost))


# --- gates and conditions ----------------------------------------------------------------


def test_a_gate_condition_naming_an_option_the_gate_does_not_have() -> None:
    steps = (*STEPS[:5], UseScore("rades", when=Is("compression", ("maybe",))))
    fails(r"'compression' has no options \['maybe'\]", spine, steps=steps)


def test_a_forward_looking_condition() -> None:
    """Rades gated on the compression answer, but the gate asked after Rades."""
    steps = (*STEPS[:4], UseScore("rades", when=Is("compression", ("yes",))), STEPS[4])
    fails("'compression', which is not asked before", spine, steps=steps)


def test_a_condition_on_a_score_not_answered_before() -> None:
    steps = (
        STEPS[0],
        Ask(choice("gate", "yes", "no", when=InStratum("tokuhashi", ("over_1_year",)))),
        *STEPS[1:],
    )
    fails("score 'tokuhashi' is not answered before", spine, steps=steps)


def test_a_condition_on_a_stratum_that_does_not_exist() -> None:
    steps = (*STEPS[:5], UseScore("rades", when=InStratum("tokuhashi", ("forever",))))
    fails(r"no strata \['forever'\]", spine, steps=steps)


def test_a_total_of_a_classification_or_an_unknown_score() -> None:
    for ref in ("total:frankel", "total:nothing"):
        line = Line(t("x"), when=Within(ref, min=Decimal(1)))
        part = Part(id="p", title=t("p"), section="§0", lines=(line,))
        fails("names no summed score", spine, summary=(part,))


def test_conditions_on_the_wrong_kind_of_question() -> None:
    for when, match in [
        (Ticked("life", ("a",)), "not a checklist"),
        (Within("life", min=Decimal(1)), "not a number"),
        (Is("criteria", ("a",)), "without options"),
    ]:
        part = Part(id="p", title=t("p"), section="§0", when=when)
        fails(match, aid, summary=(part,))


def test_a_ticked_box_that_does_not_exist() -> None:
    part = Part(id="p", title=t("p"), section="§0", when=Ticked("criteria", ("z",)))
    fails(r"no boxes \['z'\]", aid, summary=(part,))


def test_a_summary_condition_on_an_unknown_key() -> None:
    part = Part(id="p", title=t("p"), section="§0", when=All(Is("nowhere", ("yes",))))
    fails("'nowhere', which is not asked before", spine, summary=(part,))


# --- keys asked once, score items covered -------------------------------------------------


def test_an_item_asked_twice_by_using_a_score_twice() -> None:
    fails(r"asked twice: \['frankel.grade'\]", spine, steps=(*STEPS, UseScore("frankel")))


def test_an_own_item_named_like_another() -> None:
    fails(r"asked twice: \['primary'\]", spine, steps=(*STEPS, STEPS[0]))


def test_a_score_item_neither_asked_nor_derived() -> None:
    """Tomita split across steps, its bone metastases item left out of both."""
    steps = (
        *STEPS[:3],
        UseScore("tomita", items=("growth",)),
        UseScore("tomita", items=("visceral_mets",)),
        *STEPS[4:],
    )
    fails("'tomita.bone_mets' is neither asked nor derived", spine, steps=steps)


def test_a_score_split_across_steps_loads_when_every_item_is_asked() -> None:
    steps = (
        *STEPS[:3],
        UseScore("tomita", items=("growth",)),
        UseScore("tomita", items=("bone_mets", "visceral_mets")),
        *STEPS[4:],
    )
    assert [q.key for q in spine(steps=steps).questions()][8:11] == [
        "tomita.growth",
        "tomita.bone_mets",
        "tomita.visceral_mets",
    ]


def test_a_score_item_only_derived_must_be_derived_for_every_answer() -> None:
    """Tokuhashi's primary left out of the steps: fine only if always derived."""
    items = (
        "general_condition",
        "extraspinal_bone_mets",
        "vertebral_body_mets",
        "visceral_mets",
        "palsy",
    )
    steps = (*STEPS[:2], UseScore("tokuhashi", items=items), *STEPS[3:])
    fails("'tokuhashi.primary' is derived only for some answers", spine, steps=steps)
    always = Derive(
        source="primary",
        target="tokuhashi.primary",
        map={"nsclc": "lung_group", "sclc": "lung_group", "other": "other"},
    )
    keys = [q.key for q in spine(steps=steps, derive=(DERIVE[0], always, *DERIVE[2:])).questions()]
    assert keys.index("tokuhashi.primary") == keys.index("tokuhashi.palsy") + 1


def test_unknown_scores_and_items() -> None:
    fails("unknown score 'spinal'", spine, steps=(*STEPS, UseScore("spinal")))
    fails("has no item 'ghost'", spine, steps=(*STEPS[:3], UseScore("tomita", items=("ghost",))))


# --- kinds, own questions, summary ------------------------------------------------------------


def test_kind_matches_the_steps() -> None:
    fails('kind "pathway" includes scores', spine, kind="aid")
    fails('kind "pathway" includes scores', aid, kind="pathway")


def test_own_choice_options_carry_no_points() -> None:
    scored = choice("primary", "nsclc", "sclc", "other").model_copy(
        update={
            "options": (
                Option(id="nsclc", label=t("n"), points=1),
                Option(id="sclc", label=t("s")),
                Option(id="other", label=t("o")),
            )
        }
    )
    fails("carry no points", spine, steps=(Ask(scored), *STEPS[1:]))


def test_a_table_naming_a_score_not_included_or_a_classification() -> None:
    for score in ("mirels", "frankel"):
        table = Table(rows=((Cell(text=t("x"), score=score, min=0, max=1),),))
        part = Part(id="p", title=t("p"), section="§0", table=table)
        fails("not an included summed score", spine, summary=(part,))
    part = Part(id="p", title=t("p"), section="§0", scores=("mirels",))
    fails("score 'mirels' is not included", spine, summary=(part,))


def test_duplicate_parts_ids_and_aliases() -> None:
    part = Part(id="p", title=t("p"), section="§0")
    fails("duplicate summary part ids", spine, summary=(part, part))
    fails("repeat the id", spine, aliases=("fixture_spine",))
    fails(
        "no guideline source",
        spine,
        sources=(spine().sources[0].model_copy(update={"kind": "publication"}),),
    )


# --- numbers and computed values --------------------------------------------------------------


def _with_step(index: int, step: Ask) -> tuple[Ask, ...]:
    steps = list(aid_fields()["steps"])
    steps[index] = step
    return tuple(steps)


def test_unit_ranges_must_cover_the_unit_options() -> None:
    only_umol = creatinine_item().ranges[:1]
    fails(
        r"ranges are for \['umol_l'\]",
        aid,
        steps=_with_step(6, Ask(creatinine_item(ranges=only_umol))),
    )
    mmol = NumberRange(
        unit=t("mmol/L"), symbols=("mmol/l",), min=Decimal(0), max=Decimal(2), when_unit="mmol_l"
    )
    fails(
        "the unit question's options are",
        aid,
        steps=_with_step(6, Ask(creatinine_item(ranges=(*only_umol, mmol)))),
    )


def test_the_unit_question_must_come_before_and_be_a_choice() -> None:
    after = Ask(creatinine_item(unit_item="criteria"))  # the checklist comes after
    fails("unit question 'criteria' is not asked before", aid, steps=_with_step(6, after))
    number = Ask(creatinine_item(unit_item="age"))
    fails("unit question 'age' is not a choice", aid, steps=_with_step(6, number))


def test_a_condition_on_a_shortcut_the_item_does_not_have() -> None:
    sex = Ask(choice("sex", "female", "male", when=Is("clearance", ("estimate",))))
    fails(r"'clearance' has no options \['estimate'\]", aid, steps=_with_step(4, sex))


def test_computed_values_are_checked() -> None:
    computed = aid_fields()["computed"][0]
    fails("unknown formula", aid, computed=(computed.model_copy(update={"formula": "mdrd"}),))
    fails("the formula rounds to 1", aid, computed=(computed.model_copy(update={"decimals": 2}),))
    fails(
        "the formula takes", aid, computed=(computed.model_copy(update={"inputs": {"age": "age"}}),)
    )
    swapped = computed.inputs | {"age": "sex"}
    fails(
        "must be a number question",
        aid,
        computed=(computed.model_copy(update={"inputs": swapped}),),
    )
    swapped = computed.inputs | {"sex": "life"}
    fails(
        "must be a choice with options",
        aid,
        computed=(computed.model_copy(update={"inputs": swapped}),),
    )
    named = computed.model_copy(update={"id": "age"})
    fails("id already used", aid, computed=(named,))


def test_a_condition_on_a_computed_value_before_it_exists() -> None:
    early = Ask(choice("sex", "female", "male", when=Within("cg", min=Decimal(1))))
    fails("computed 'cg' is not available before", aid, steps=_with_step(4, early))


# --- registry ----------------------------------------------------------------------------------


def test_pathway_ids_and_aliases_must_not_collide_with_scores() -> None:
    clash = spine(id="sins")
    with pytest.raises(ValueError, match="'sins' names both"):
        _flows_by_name(SCORES, (clash,))
    with pytest.raises(ValueError, match="'tomita' names both"):
        _flows_by_name(SCORES, (spine(aliases=("tomita",)),))
    with pytest.raises(ValueError, match="'fixture_rachis' names both"):
        _flows_by_name(SCORES, (spine(), aid(aliases=("fixture_rachis",))))
    named = _flows_by_name(SCORES, (spine(), aid()))
    assert named["fixture_rachis"].id == "fixture_spine"


def test_malformed_parts_fail() -> None:
    with pytest.raises(ValidationError):
        Cell(text=Text(fr="x", en="x"), score="tokuhashi")  # a band without bounds
    with pytest.raises(ValidationError):
        Cell(text=Text(fr="x", en="x"), score="tokuhashi", min=5, max=4)
    with pytest.raises(ValidationError):
        Computed(
            id="x",
            label=t("x"),
            unit=t("x"),
            formula="f",
            inputs={},
            shown_formula=t("x"),
            decimals=-1,
        )
