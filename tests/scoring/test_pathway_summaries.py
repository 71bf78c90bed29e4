"""The spine and long-bone pathways' summaries, worked by hand from the guideline's tables.

Each case is a patient: the answers the clinician gives (option ids, by question key),
then what the summary must hold: each score's total and stratum added up by hand from
the point tables (the comment shows the addition), the answers derived (CLINICAL.md
decision 19), the §3.8.5 table row of each score, and every sentence shown, typed in
here from the guideline's text, never produced by running the code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from scoring.pathways.long_bone import LONG_BONE
from scoring.pathways.spine import SPINE
from scoring.summary import Summary, conclude

# --- The sentences, typed from the guideline (English; one case checks the French) -------

# §3.8.1
SINS_OPINION = "SINS ≥ 7: a surgical opinion is recommended."
# §3.8.5, decision 20
SAME_ROW = "Tokuhashi and Tomita fall in the same row of the table."
DISAGREE = (
    "Tokuhashi and Tomita fall in different rows of the table: the two scores disagree. "
    'The guideline asks to weigh them together ("considering the Tokuhashi and Tomita '
    'scores together would allow better-suited surgical indications"): to be weighed at '
    "the RCP; no rule combines them here."
)
RCP_DECIDES = (
    "Decisions are to be taken at the multidisciplinary team meeting (RCP) and take "
    "individual data into account, always favouring the functional quality of survival, "
    "even when survival is expected to be short."
)
TOKUHASHI_6_MET = "Tokuhashi score ≥ 6: met."
TOKUHASHI_6_NOT_MET = "Tokuhashi score ≥ 6: not met."
TOMITA_8_MET = "Tomita score ≤ 8: met."
TOMITA_8_NOT_MET = "Tomita score ≤ 8: not met."
TO_ASSESS = (
    "To be assessed at the RCP: age under 70, early discovery, few comorbidities (ASA score)."
)
# §3.5.3
COMPRESSION = (
    "Symptomatic spinal cord compression: management relies on radiotherapy alone as an "
    "emergency, or as an adjuvant after neurosurgery."
)
NO_COMPRESSION = "No symptomatic spinal cord compression: Rades score not calculated."
# §3.5.4, §3.8
SPINE_POSTOP = (
    "If surgery is performed: post-operative radiotherapy to the surgical bed, 30 Gy in "
    "10 fractions, starting 15 days to 3 weeks after the operation, on healed skin."
)

# §3.7
FRACTURE_NO_MIRELS = (
    "Pathological fracture: the Mirels score is not calculated (it predicts the risk of fracture)."
)
FRACTURE_SURGERY = (
    "Surgery is discussed at the RCP as treatment of the symptom: an established fracture "
    "through a pathological lesion."
)
NO_BENEFIT = "Life expectancy under 6 weeks: no benefit from surgery."
RCP_OPERATES = (
    "The decision to operate is taken at the RCP, taking into account the theoretical "
    "indication for surgery, the life expectancy, the general condition, the patient's "
    "functional needs, the expected benefit, the risks of the operation and the overall "
    "oncological plan."
)
LESS_AGGRESSIVE = (
    "Life expectancy between 6 weeks and 1 year: less aggressive osteosynthesis and "
    "stabilisation techniques, potentially less durable."
)
RESECTION = (
    "Life expectancy over 1 year: resection-reconstruction surgery, for durable "
    "stabilisation and prolonged local tumour control."
)
# §3.7.2
OSTEOSYNTHESIS = (
    "Diaphysis or metaphyso-diaphyseal region: osteosynthesis by intramedullary nailing or a "
    "locked plate; curettage and cementation of the lesion may be added if bone loss is large "
    "or radiotherapy is associated."
)
ARTHROPLASTY = (
    "Femoral head or neck, life expectancy over 6 months: arthroplasty; the prostheses are "
    "always cemented."
)
HEAD_NECK_SHORT = (
    "Femoral head or neck, life expectancy of 6 months or less: the guideline indicates "
    "arthroplasty only beyond 6 months and names no other technique for this site; to be "
    "decided at the RCP."
)
PELVIS_NO_TECHNIQUE = (
    "Pelvis or proximal femur: the guideline (§3.7.2) names no surgical technique for this "
    "site; to be decided at the RCP."
)
# §3.6.2
SCREW_FIXATION = (
    "Option: percutaneous screw fixation under CT and/or fluoroscopic guidance. The "
    "guideline's condition: \"lytic lesions with a pathological fracture of the pelvis "
    'and/or proximal femur with a Mirels score > 8". In the pelvis, it can stabilise some '
    "pathological fractures for which surgery would be too invasive."
)
# §3.7, §3.5.4
BONE_POSTOP = (
    "If surgery is performed: post-operative radiotherapy to the whole bone, starting 15 days "
    "to 3 weeks after the operation, on healed skin; usual schedule: 30 Gy in 10 fractions.",
    "A single dose of 8 Gy is an option to discuss, for long bones or when the organs at risk "
    "can be kept out of the fields, for patients with a short life expectancy or difficult to "
    "move.",
)
# §3.5.1
PAIN_RT = (
    "Radiotherapy is the first treatment of painful uncomplicated bone metastases that resist "
    "analgesic drugs and are not amenable to interventional radiology.",
    "Palliative aim; expected effect: 3 to 6 months.",
    "Schedules: 30 Gy in 10 fractions; 24 Gy in 6 fractions; 20 Gy in 5 fractions; 8 Gy in a "
    "single session (potentially severe acute and late side effects).",
    "Fractionation improves progression-free survival and local control at 12 months, with no "
    "difference in motor function.",
)
# §3.6.1
CEMENTOPLASTY = "Cementoplasty is not for pre-fracture lesions of weight-bearing long bones."


@dataclass(frozen=True)
class Case:
    """One patient through a pathway, with the summary worked out by hand."""

    vignette: str
    answers: dict[str, str]
    """What the clinician answers, by question key."""
    results: dict[str, tuple[int | None, str]]
    """Score id -> (total, stratum id); Frankel: (None, its class)."""
    parts: tuple[str, ...]
    """Ids of the summary parts shown, in order."""
    lines: tuple[str, ...]
    """Every sentence shown (English), in order."""
    derived: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Question key -> (option derived, key it came from)."""
    rows: dict[str, int] = field(default_factory=dict)
    """§3.8.5: score id -> 0-based table row its total is marked in."""


def sins(*options: str) -> dict[str, str]:
    """SINS answers in the score's order."""
    keys = ("location", "pain", "lesion", "alignment", "collapse", "posterolateral")
    return {f"sins.{k}": o for k, o in zip(keys, options, strict=True)}


def tokuhashi(general: str, extraspinal: str, vertebral: str, visceral: str) -> dict[str, str]:
    """Tokuhashi answers asked in every case (primary and palsy aside)."""
    return {
        "tokuhashi.general_condition": general,
        "tokuhashi.extraspinal_bone_mets": extraspinal,
        "tokuhashi.vertebral_body_mets": vertebral,
        "tokuhashi.visceral_mets": visceral,
    }


def rades(interval: str, visceral: str, motor: str, onset: str) -> dict[str, str]:
    """Rades answers asked in every case (primary aside)."""
    return {
        "rades.interval": interval,
        "rades.visceral": visceral,
        "rades.motor": motor,
        "rades.deficit_onset": onset,
    }


def lung(frankel: str) -> dict[str, tuple[str, str]]:
    """What a lung primary and a Frankel grade derive (decision 19)."""
    palsy = {"A": "complete", "B": "complete", "E": "none"}.get(frankel, "incomplete")
    return {
        "tokuhashi.primary": ("lung_group", "primary"),
        "tokuhashi.palsy": (palsy, "frankel.grade"),
        "tomita.growth": ("rapid", "primary"),
    }


SPINE_CASES = [
    Case(
        "NSCLC, solitary lytic T12 metastasis, mechanical pain, neurologically intact, "
        "no visceral metastasis: Tokuhashi and Tomita disagree",
        {
            "primary": "nsclc",
            # 3 + 3 + 2 + 0 + 0 + 0 = 8 -> indeterminate
            **sins("junctional", "mechanical", "lytic", "normal", "none", "none"),
            "frankel.grade": "E",
            # 2 + 2 + 2 + 2 + lung 0 + palsy none (E) 2 = 10 -> over_6_months (row 9-11)
            **tokuhashi("kps_80_100", "none", "one", "none"),
            # rapid 4 + 0 + solitary 1 = 5 -> marginal_intralesional (row 12-15 / 4-5)
            "tomita.visceral_mets": "none",
            "tomita.bone_mets": "solitary",
            "compression": "no",
        },
        {
            "sins": (8, "indeterminate"),
            "frankel": (None, "E"),
            "tokuhashi": (10, "over_6_months"),
            "tomita": (5, "marginal_intralesional"),
        },
        (
            "scores",
            "sins",
            "tokuhashi_tomita",
            "functional_outcome",
            "compression",
            "postoperative_rt",
        ),
        (
            SINS_OPINION,
            DISAGREE,
            RCP_DECIDES,
            TOKUHASHI_6_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            NO_COMPRESSION,
            SPINE_POSTOP,
        ),
        lung("E"),
        {"tokuhashi": 1, "tomita": 0},
    ),
    Case(
        "SCLC, widespread disease, Frankel D2, untreatable visceral metastases: both scores "
        "in the conservative row, nothing surgical",
        {
            "primary": "sclc",
            # 1 + 1 + 0 + 0 + 0 + 0 = 2 -> stable
            **sins("semi_rigid", "occasional", "blastic", "normal", "none", "none"),
            "frankel.grade": "D2",
            # 1 + 0 + 0 + 0 + lung 0 + incomplete (D2) 1 = 2 -> under_6_months
            **tokuhashi("kps_50_70", "three_or_more", "three_or_more", "unresectable"),
            # rapid 4 + untreatable 4 + multiple 2 = 10 -> supportive
            "tomita.visceral_mets": "untreatable",
            "tomita.bone_mets": "multiple",
            "compression": "no",
        },
        {
            "sins": (2, "stable"),
            "frankel": (None, "D"),
            "tokuhashi": (2, "under_6_months"),
            "tomita": (10, "supportive"),
        },
        ("scores", "tokuhashi_tomita", "functional_outcome", "compression"),
        (
            SAME_ROW,
            RCP_DECIDES,
            TOKUHASHI_6_NOT_MET,
            TOMITA_8_NOT_MET,
            TO_ASSESS,
            NO_COMPRESSION,
        ),
        lung("D2"),
        {"tokuhashi": 2, "tomita": 2},
    ),
    Case(
        "NSCLC, stable blastic-lytic sacral lesion, two extraspinal bone foci, intact: "
        "both scores in the palliative-surgery row",
        {
            "primary": "nsclc",
            # 0 + 0 + 1 + 0 + 1 + 0 = 2 -> stable
            **sins("rigid", "pain_free", "mixed", "normal", "body_involved", "none"),
            "frankel.grade": "E",
            # 2 + 1 + 2 + 2 + lung 0 + none (E) 2 = 9 -> over_6_months
            **tokuhashi("kps_80_100", "one_or_two", "one", "none"),
            # rapid 4 + 0 + multiple 2 = 6 -> palliative
            "tomita.visceral_mets": "none",
            "tomita.bone_mets": "multiple",
            "compression": "no",
        },
        {
            "sins": (2, "stable"),
            "frankel": (None, "E"),
            "tokuhashi": (9, "over_6_months"),
            "tomita": (6, "palliative"),
        },
        ("scores", "tokuhashi_tomita", "functional_outcome", "compression", "postoperative_rt"),
        (
            SAME_ROW,
            RCP_DECIDES,
            TOKUHASHI_6_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            NO_COMPRESSION,
            SPINE_POSTOP,
        ),
        lung("E"),
        {"tokuhashi": 1, "tomita": 1},
    ),
    Case(
        "NSCLC, unstable junctional collapse with cord compression, Frankel C, poor "
        "condition: Rades group I, surgical opinion for the instability",
        {
            "primary": "nsclc",
            # 3 + 3 + 2 + 2 + 3 + 3 = 16 -> unstable
            **sins("junctional", "mechanical", "lytic", "deformity", "over_half", "bilateral"),
            "frankel.grade": "C",
            # 0 + 1 + 1 + 1 + lung 0 + incomplete (C) 1 = 4 -> under_6_months
            **tokuhashi("kps_10_40", "one_or_two", "two", "resectable"),
            # rapid 4 + treatable 2 + multiple 2 = 8 -> supportive
            "tomita.visceral_mets": "treatable",
            "tomita.bone_mets": "multiple",
            "compression": "yes",
            # NSCLC 5 (derived) + <= 15 months 6 + visceral yes 5 + not ambulatory 3
            # + 1-7 days 4 = 23 -> group_1
            **rades("up_to_15_months", "yes", "not_ambulatory", "days_1_to_7"),
        },
        {
            "sins": (16, "unstable"),
            "frankel": (None, "C"),
            "tokuhashi": (4, "under_6_months"),
            "tomita": (8, "supportive"),
            "rades": (23, "group_1"),
        },
        (
            "scores",
            "sins",
            "tokuhashi_tomita",
            "functional_outcome",
            "compression",
            "postoperative_rt",
        ),
        (
            SINS_OPINION,
            SAME_ROW,
            RCP_DECIDES,
            TOKUHASHI_6_NOT_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            COMPRESSION,
            SPINE_POSTOP,
        ),
        {**lung("C"), "rades.primary": ("nsclc", "primary")},
        {"tokuhashi": 2, "tomita": 2},
    ),
    Case(
        "SCLC with cord compression, walking with a walker (Frankel D1): Rades group II, "
        "Tokuhashi 6 and SINS 7 at their thresholds, the scores disagree",
        {
            "primary": "sclc",
            # 1 + 3 + 1 + 0 + 2 + 0 = 7 -> indeterminate
            **sins("semi_rigid", "mechanical", "mixed", "normal", "under_half", "none"),
            "frankel.grade": "D1",
            # 1 + 1 + 1 + 2 + lung 0 + incomplete (D1) 1 = 6 -> under_6_months (row 0-8)
            **tokuhashi("kps_50_70", "one_or_two", "two", "none"),
            # rapid 4 + 0 + multiple 2 = 6 -> palliative (row 6-7)
            "tomita.visceral_mets": "none",
            "tomita.bone_mets": "multiple",
            "compression": "yes",
            # SCLC 6 (derived) + > 15 months 8 + visceral no 8 + ambulatory with aid 9
            # + 1-7 days 4 = 35 -> group_2
            **rades("over_15_months", "no", "ambulatory_with_aid", "days_1_to_7"),
        },
        {
            "sins": (7, "indeterminate"),
            "frankel": (None, "D"),
            "tokuhashi": (6, "under_6_months"),
            "tomita": (6, "palliative"),
            "rades": (35, "group_2"),
        },
        (
            "scores",
            "sins",
            "tokuhashi_tomita",
            "functional_outcome",
            "compression",
            "postoperative_rt",
        ),
        (
            SINS_OPINION,
            DISAGREE,
            RCP_DECIDES,
            TOKUHASHI_6_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            COMPRESSION,
            SPINE_POSTOP,
        ),
        {**lung("D1"), "rades.primary": ("sclc", "primary")},
        {"tokuhashi": 2, "tomita": 1},
    ),
    Case(
        "Breast primary (each score asks its own primary), solitary blastic sacral lesion, "
        "cord compression, walking without aid (Frankel D3): Rades group III, both scores "
        "in the excisional row",
        {
            "primary": "other",
            # 0 + 0 + 0 + 0 + 0 + 0 = 0 -> stable
            **sins("rigid", "pain_free", "blastic", "normal", "none", "none"),
            "frankel.grade": "D3",
            # 2 + 2 + 2 + 2 + breast 5 (asked) + incomplete (D3) 1 = 14 -> over_1_year
            **tokuhashi("kps_80_100", "none", "one", "none"),
            "tokuhashi.primary": "thyroid_group",
            # slow 1 (asked) + 0 + solitary 1 = 2 -> en_bloc
            "tomita.growth": "slow",
            "tomita.visceral_mets": "none",
            "tomita.bone_mets": "solitary",
            "compression": "yes",
            # breast 8 (asked) + > 15 months 8 + visceral no 8 + ambulatory 10
            # + 8-14 days 7 = 41 -> group_3
            "rades.primary": "breast",
            **rades("over_15_months", "no", "ambulatory", "days_8_to_14"),
        },
        {
            "sins": (0, "stable"),
            "frankel": (None, "D"),
            "tokuhashi": (14, "over_1_year"),
            "tomita": (2, "en_bloc"),
            "rades": (41, "group_3"),
        },
        (
            "scores",
            "tokuhashi_tomita",
            "functional_outcome",
            "compression",
            "postoperative_rt",
        ),
        (
            SAME_ROW,
            RCP_DECIDES,
            TOKUHASHI_6_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            COMPRESSION,
            SPINE_POSTOP,
        ),
        {"tokuhashi.palsy": ("incomplete", "frankel.grade")},
        {"tokuhashi": 0, "tomita": 0},
    ),
    Case(
        "NSCLC with cord compression, walking without aid (Frankel D3): Rades 38, the "
        "lowest total of group III; Tokuhashi 8 and Tomita 6 disagree",
        {
            "primary": "nsclc",
            # 2 + 1 + 2 + 0 + 1 + 1 = 7 -> indeterminate
            **sins("mobile", "occasional", "lytic", "normal", "body_involved", "unilateral"),
            "frankel.grade": "D3",
            # 2 + 2 + 1 + 2 + lung 0 + incomplete (D3) 1 = 8 -> under_6_months
            **tokuhashi("kps_80_100", "none", "two", "none"),
            # rapid 4 + 0 + multiple 2 = 6 -> palliative
            "tomita.visceral_mets": "none",
            "tomita.bone_mets": "multiple",
            "compression": "yes",
            # NSCLC 5 (derived) + > 15 months 8 + visceral no 8 + ambulatory 10
            # + 8-14 days 7 = 38 -> group_3
            **rades("over_15_months", "no", "ambulatory", "days_8_to_14"),
        },
        {
            "sins": (7, "indeterminate"),
            "frankel": (None, "D"),
            "tokuhashi": (8, "under_6_months"),
            "tomita": (6, "palliative"),
            "rades": (38, "group_3"),
        },
        (
            "scores",
            "sins",
            "tokuhashi_tomita",
            "functional_outcome",
            "compression",
            "postoperative_rt",
        ),
        (
            SINS_OPINION,
            DISAGREE,
            RCP_DECIDES,
            TOKUHASHI_6_MET,
            TOMITA_8_MET,
            TO_ASSESS,
            COMPRESSION,
            SPINE_POSTOP,
        ),
        {**lung("D3"), "rades.primary": ("nsclc", "primary")},
        {"tokuhashi": 2, "tomita": 1},
    ),
    Case(
        "SCLC, paraplegic (Frankel A) with cord compression, stable lesion: Rades group I "
        "and no surgical option anywhere, so no post-operative radiotherapy",
        {
            "primary": "sclc",
            # 1 + 1 + 2 + 0 + 0 + 0 = 4 -> stable
            **sins("semi_rigid", "occasional", "lytic", "normal", "none", "none"),
            "frankel.grade": "A",
            # 0 + 0 + 0 + 0 + lung 0 + complete (A) 0 = 0 -> under_6_months
            **tokuhashi("kps_10_40", "three_or_more", "three_or_more", "unresectable"),
            # rapid 4 + untreatable 4 + multiple 2 = 10 -> supportive
            "tomita.visceral_mets": "untreatable",
            "tomita.bone_mets": "multiple",
            "compression": "yes",
            # SCLC 6 (derived) + <= 15 months 6 + visceral yes 5 + paraplegic 1
            # + 1-7 days 4 = 22 -> group_1
            **rades("up_to_15_months", "yes", "paraplegic", "days_1_to_7"),
        },
        {
            "sins": (4, "stable"),
            "frankel": (None, "A"),
            "tokuhashi": (0, "under_6_months"),
            "tomita": (10, "supportive"),
            "rades": (22, "group_1"),
        },
        ("scores", "tokuhashi_tomita", "functional_outcome", "compression"),
        (
            SAME_ROW,
            RCP_DECIDES,
            TOKUHASHI_6_NOT_MET,
            TOMITA_8_NOT_MET,
            TO_ASSESS,
            COMPRESSION,
        ),
        {**lung("A"), "rades.primary": ("sclc", "primary")},
        {"tokuhashi": 2, "tomita": 2},
    ),
]

LONG_BONE_CASES = [
    Case(
        "Pathological fracture of the femoral shaft, life expectancy over 1 year",
        {"fracture": "yes", "site": "diaphysis", "life_expectancy": "over_1_year"},
        {},
        ("fracture", "approach", "technique", "postoperative_rt"),
        (
            FRACTURE_NO_MIRELS,
            FRACTURE_SURGERY,
            RCP_OPERATES,
            RESECTION,
            OSTEOSYNTHESIS,
            *BONE_POSTOP,
        ),
    ),
    Case(
        "No fracture, lytic femoral neck lesion, Mirels 10, 6 months to 1 year",
        {
            "fracture": "no",
            # lower limb 2 + > 2/3 3 + lytic 3 + moderate 2 = 10 -> high
            "mirels.site": "lower_limb",
            "mirels.size": "over_two_thirds",
            "mirels.lesion": "lytic",
            "mirels.pain": "moderate",
            "site": "femoral_head_neck",
            "life_expectancy": "up_to_1_year",
        },
        {"mirels": (10, "high")},
        ("mirels", "approach", "technique", "postoperative_rt", "cementoplasty"),
        (RCP_OPERATES, LESS_AGGRESSIVE, ARTHROPLASTY, *BONE_POSTOP, CEMENTOPLASTY),
    ),
    Case(
        "No fracture, mixed peritrochanteric lesion, Mirels 8 (discussed at the RCP), "
        "femoral neck, 6 weeks to 6 months: no technique named for the site",
        {
            "fracture": "no",
            # trochanteric 3 + < 1/3 1 + mixed 2 + moderate 2 = 8 -> borderline
            "mirels.site": "trochanteric",
            "mirels.size": "under_third",
            "mirels.lesion": "mixed",
            "mirels.pain": "moderate",
            "site": "femoral_head_neck",
            "life_expectancy": "up_to_6_months",
        },
        {"mirels": (8, "borderline")},
        ("mirels", "approach", "technique", "postoperative_rt", "cementoplasty"),
        (RCP_OPERATES, LESS_AGGRESSIVE, HEAD_NECK_SHORT, *BONE_POSTOP, CEMENTOPLASTY),
    ),
    Case(
        "No fracture, small blastic humeral lesion with limiting pain, Mirels 6, over 1 "
        "year: radiotherapy, no surgical part",
        {
            "fracture": "no",
            # upper limb 1 + < 1/3 1 + blastic 1 + functional 3 = 6 -> low
            "mirels.site": "upper_limb",
            "mirels.size": "under_third",
            "mirels.lesion": "blastic",
            "mirels.pain": "functional",
            "site": "diaphysis",
            "life_expectancy": "over_1_year",
        },
        {"mirels": (6, "low")},
        ("mirels", "pain_rt", "cementoplasty"),
        (*PAIN_RT, CEMENTOPLASTY),
    ),
    Case(
        "Pathological fracture of the pelvis, life expectancy under 6 weeks: no benefit "
        "from surgery, only the pain radiotherapy schedules",
        {"fracture": "yes", "site": "pelvis_proximal_femur", "life_expectancy": "under_6_weeks"},
        {},
        ("fracture", "no_surgery", "pain_rt"),
        (FRACTURE_NO_MIRELS, NO_BENEFIT, *PAIN_RT),
    ),
    Case(
        "Pathological fracture of the acetabulum, 6 months to 1 year: percutaneous screw "
        "fixation with its condition quoted",
        {
            "fracture": "yes",
            "site": "pelvis_proximal_femur",
            "life_expectancy": "up_to_1_year",
        },
        {},
        ("fracture", "approach", "technique", "screw_fixation", "postoperative_rt"),
        (
            FRACTURE_NO_MIRELS,
            FRACTURE_SURGERY,
            RCP_OPERATES,
            LESS_AGGRESSIVE,
            PELVIS_NO_TECHNIQUE,
            SCREW_FIXATION,
            *BONE_POSTOP,
        ),
    ),
    Case(
        "No fracture, Mirels 9 (prophylactic surgery) in the tibial shaft, but under "
        "6 weeks: no benefit from surgery, pain radiotherapy",
        {
            "fracture": "no",
            # lower limb 2 + 1/3-2/3 2 + lytic 3 + moderate 2 = 9 -> high
            "mirels.site": "lower_limb",
            "mirels.size": "third_to_two_thirds",
            "mirels.lesion": "lytic",
            "mirels.pain": "moderate",
            "site": "diaphysis",
            "life_expectancy": "under_6_weeks",
        },
        {"mirels": (9, "high")},
        ("mirels", "no_surgery", "pain_rt"),
        (NO_BENEFIT, *PAIN_RT),
    ),
    Case(
        "Pathological fracture of the femoral neck, 6 weeks to 6 months: no arthroplasty "
        "(over 6 months only), screw fixation quoted",
        {
            "fracture": "yes",
            "site": "femoral_head_neck",
            "life_expectancy": "up_to_6_months",
        },
        {},
        ("fracture", "approach", "technique", "screw_fixation", "postoperative_rt"),
        (
            FRACTURE_NO_MIRELS,
            FRACTURE_SURGERY,
            RCP_OPERATES,
            LESS_AGGRESSIVE,
            HEAD_NECK_SHORT,
            SCREW_FIXATION,
            *BONE_POSTOP,
        ),
    ),
    Case(
        "No fracture, Mirels 7 in the proximal femur, 6 weeks to 6 months: radiotherapy",
        {
            "fracture": "no",
            # lower limb 2 + < 1/3 1 + mixed 2 + moderate 2 = 7 -> low
            "mirels.site": "lower_limb",
            "mirels.size": "under_third",
            "mirels.lesion": "mixed",
            "mirels.pain": "moderate",
            "site": "pelvis_proximal_femur",
            "life_expectancy": "up_to_6_months",
        },
        {"mirels": (7, "low")},
        ("mirels", "pain_rt", "cementoplasty"),
        (*PAIN_RT, CEMENTOPLASTY),
    ),
]


def _check(summary: Summary, case: Case) -> None:
    results = {r.score: r for r in summary.results}
    assert {s: (r.total, r.stratum.id) for s, r in results.items()} == case.results
    assert tuple(p.id for p in summary.parts) == case.parts
    assert tuple(line.en for p in summary.parts for line in p.lines) == case.lines
    derived = {a.key: (a.option, a.derived_from) for a in summary.answers if a.derived_from}
    assert derived == case.derived
    marks = {m.score: m.row for p in summary.parts for m in p.marks}
    assert marks == case.rows


@pytest.mark.parametrize("case", SPINE_CASES, ids=lambda c: c.vignette[:40])
def test_spine_summary(case: Case) -> None:
    """Each spine patient's summary holds the totals, strata, rows and sentences worked by hand."""
    _check(conclude(SPINE, case.answers), case)


@pytest.mark.parametrize("case", LONG_BONE_CASES, ids=lambda c: c.vignette[:40])
def test_long_bone_summary(case: Case) -> None:
    """Each long-bone patient's summary holds the Mirels result and the sentences worked by hand."""
    _check(conclude(LONG_BONE, case.answers), case)


def test_spine_summary_in_french() -> None:
    """The French sentences are the guideline's own, corrected only where decided."""
    summary = conclude(SPINE, SPINE_CASES[4].answers)
    assert [line.fr for p in summary.parts for line in p.lines] == [
        "SINS ≥ 7 : solliciter un avis chirurgical est recommandé.",
        "Tokuhashi et Tomita tombent dans des lignes différentes du tableau : les deux scores "
        "sont discordants. Le référentiel demande de les considérer ensemble (« la prise en "
        "considération combinée des scores de Tokuhashi et de Tomita permettrait de porter "
        "des indications chirurgicales plus adaptées ») : à pondérer en RCP ; aucune règle ne "
        "les combine ici.",
        "Les décisions doivent être prises en concertation pluridisciplinaire et tenir compte "
        "des données individuelles, en privilégiant toujours la qualité fonctionnelle de la "
        "survie même si cette dernière s'annonce courte.",
        "Score de Tokuhashi ≥ 6 : rempli.",
        "Score de Tomita ≤ 8 : rempli.",
        "À évaluer en RCP : âge inférieur à 70 ans, découverte précoce, peu de comorbidité "
        "(score ASA).",
        "Compression médullaire symptomatique : la prise en charge repose sur une irradiation "
        "exclusive en urgence ou adjuvante après geste neurochirurgical.",
        "Si une chirurgie est réalisée : radiothérapie post-opératoire sur le lit chirurgical, "
        "30 Gy en 10 fractions, à débuter entre 15 jours et 3 semaines après le geste "
        "opératoire, sur peau cicatrisée.",
    ]
    assert [p.section for p in summary.parts] == [
        "§3.8.1-§3.8.4",
        "§3.8.1",
        "§3.8.5",
        "§3.8.5",
        "§3.5.3",
        "§3.5.4, §3.8",
    ]


def test_long_bone_summary_in_french() -> None:
    """The long-bone sentences in French, for a fracture of the pelvis."""
    summary = conclude(LONG_BONE, LONG_BONE_CASES[5].answers)
    assert [line.fr for p in summary.parts for line in p.lines] == [
        "Fracture pathologique : le score de Mirels n'est pas calculé (il prédit le risque de "
        "fracture).",
        "Le traitement chirurgical se discute en RCP comme traitement curatif du symptôme : "
        "fracture avérée sur lésion pathologique.",
        "La décision d'un traitement chirurgical est prise en RCP et tient compte de "
        "l'indication théorique de chirurgie, de l'espérance de vie, de l'état général, des "
        "besoins fonctionnels du malade, du bénéfice attendu, des risques de l'intervention et "
        "du programme oncologique global.",
        "Espérance de vie entre 6 semaines et 1 an : techniques d'ostéosynthèse et de "
        "stabilisation moins agressives, potentiellement moins durables.",
        "Bassin ou fémur proximal : le référentiel (§3.7.2) ne nomme pas de technique "
        "chirurgicale pour ce siège ; à décider en RCP.",
        "Option : vissage percutané sous guidage scanner et/ou fluoroscopique. Condition du "
        "référentiel : « lésions lytiques avec fracture pathologique du bassin et/ou du fémur "
        "proximal avec un score de Mirels >8 ». Au niveau du bassin, il peut stabiliser "
        "certaines fractures pathologiques pour lesquelles une chirurgie serait trop invasive.",
        "Si une chirurgie est réalisée : radiothérapie post-opératoire sur l'ensemble de la "
        "pièce osseuse, à débuter entre 15 jours et 3 semaines après le geste opératoire, sur "
        "peau cicatrisée ; schéma habituellement recommandé : 30 Gy en 10 fractions.",
        "Une dose unique de 8 Gy est une option à discuter, pour les os longs ou lorsque les "
        "organes à risque peuvent être exclus des champs de traitement, pour des sujets à "
        "faible espérance de vie ou difficiles à mobiliser.",
    ]
    assert [p.section for p in summary.parts] == [
        "§3.7",
        "§3.7",
        "§3.7.2",
        "§3.6.2",
        "§3.7, §3.5.4",
    ]


def test_pain_radiotherapy_in_french() -> None:
    """The §3.5.1 schedules in French, with the 8 Gy caveat and the expected effect."""
    summary = conclude(LONG_BONE, LONG_BONE_CASES[4].answers)
    pain = next(p for p in summary.parts if p.id == "pain_rt")
    assert pain.section == "§3.5.1"
    assert [line.fr for line in pain.lines] == [
        "La radiothérapie constitue le premier traitement des métastases osseuses douloureuses "
        "non compliquées, résistantes aux traitements antalgiques médicamenteux et non "
        "accessibles à un geste de radiologie interventionnelle.",
        "Objectif palliatif ; efficacité attendue de 3 à 6 mois.",
        "Schémas : 30 Gy en 10 fractions ; 24 Gy en 6 fractions ; 20 Gy en 5 fractions ; "
        "8 Gy en séance unique (effets secondaires aigus potentiellement sévères et tardifs).",
        "L'étalement des doses améliore la survie sans progression et le contrôle local à "
        "12 mois, sans différence sur la fonction motrice.",
    ]


def test_table_385_as_printed() -> None:
    """The §3.8.5 table: Tokuhashi's band and strategy, then Tomita's, row by row
    (decision 20's pairing; "Réséction" corrected, Tomita 4-5 per decision 14)."""
    summary = conclude(SPINE, SPINE_CASES[0].answers)
    (part,) = [p for p in summary.parts if p.table is not None]
    assert part.section == "§3.8.5"
    assert [[cell.text.fr for cell in row] for row in part.table.rows] == [
        [
            "Tokuhashi 12-15 : chirurgie ablative",
            "Tomita 2-3 : résection en bloc",
            "Tomita 4-5 : résection marginale ou intralésionnelle",
        ],
        ["Tokuhashi 9-11 : chirurgie palliative", "Tomita 6-7 : chirurgie palliative"],
        ["Tokuhashi 0-8 : traitement conservateur", "Tomita 8-10 : soins de support"],
    ]
    assert [[cell.text.en for cell in row] for row in part.table.rows] == [
        [
            "Tokuhashi 12-15: excisional surgery",
            "Tomita 2-3: en-bloc resection",
            "Tomita 4-5: marginal or intralesional resection",
        ],
        ["Tokuhashi 9-11: palliative surgery", "Tomita 6-7: palliative surgery"],
        ["Tokuhashi 0-8: conservative treatment", "Tomita 8-10: supportive care"],
    ]
    assert [[(c.score, c.min, c.max) for c in row] for row in part.table.rows] == [
        [("tokuhashi", 12, 15), ("tomita", 2, 3), ("tomita", 4, 5)],
        [("tokuhashi", 9, 11), ("tomita", 6, 7)],
        [("tokuhashi", 0, 8), ("tomita", 8, 10)],
    ]
