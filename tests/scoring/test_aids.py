"""The four decision aids of issue 8, concluded at the scoring level, branch by branch.

Every expected dose, clearance and sentence below is typed by hand from the guideline
(§3.4, §3.5.1, §3.5.4, §3.5.5, §3.6.1) and shared/CLINICAL.md decisions 17 and 18,
never read back from the code. Each Cockcroft-Gault case shows its arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from scoring.base import Lang
from scoring.conditions import Fact
from scoring.flow import compile_flow, walk
from scoring.items import NumberItem
from scoring.numbers import NumberError, parse_number
from scoring.pathway import Pathway
from scoring.registry import PATHWAYS, get_flow
from tests.scoring._aids import conclude_aid

# --- The sentences, as the clinician reads them --------------------------------------------

ZOLEDRONIC_4_0 = "Dose: 4.0 mg (clearance > 60 mL/min)."
ZOLEDRONIC_3_5 = "Dose: 3.5 mg (clearance 50 to 60 mL/min inclusive)."
ZOLEDRONIC_3_3 = "Dose: 3.3 mg (clearance 40 to under 50 mL/min)."
ZOLEDRONIC_3_0 = "Dose: 3.0 mg (clearance 30 to under 40 mL/min)."
ZOLEDRONIC_NO = (
    "Clearance < 30 mL/min: zoledronic acid not recommended (contraindicated per the guideline)."
)
DOSE_LINES = {ZOLEDRONIC_4_0, ZOLEDRONIC_3_5, ZOLEDRONIC_3_3, ZOLEDRONIC_3_0, ZOLEDRONIC_NO}
START = (
    "To start as soon as a bone metastasis is found, alongside the other treatments: "
    "zoledronic acid or denosumab."
)
REDUCED = (
    "Reduced dose per the table of the EU product information; the guideline gives 4 mg, "
    "to adapt to renal function."
)
INFUSION = "One intravenous infusion a month, over at least 15 minutes."
HYDRATION = "Hydration on the day of the infusion and the day after."
PARACETAMOL = (
    "Paracetamol on the day of the infusion and the day after, against the flu-like reaction."
)
WITHHOLD = (
    "Creatinine before each dose: withhold if it has risen by 0.5 mg/dL (44 µmol/L) from a "
    "normal baseline (< 1.4 mg/dL), or by 1.0 mg/dL (88 µmol/L) from an abnormal baseline; "
    "resume at the same dose once it is back within 10 % of baseline."
)
DENOSUMAB = (
    "120 mg subcutaneously every 4 weeks (the guideline says monthly).",
    "No dose adjustment for renal function.",
    "Calcium and vitamin D supplementation, mandatory.",
)
HYPOCALCAEMIA = (
    "Clearance < 30 mL/min: higher risk of hypocalcaemia (product label); monitor calcium."
)
BEFORE = (
    "Dental assessment by a specialist with a panoramic X-ray (risk of osteonecrosis of the "
    "jaw), then every 6 months.",
    "Renal function (caution when combined with other nephrotoxic treatments) and a search "
    "for vitamin D deficiency.",
    "Regular calcium (1 g/day) and vitamin D (100,000 IU every 3 months).",
)
DURATION = ("At least 2 years, then reassessed case by case.",)


def started(dose: str) -> dict[str, tuple[str, ...]]:
    """The whole expected summary of a patient started on treatment, for one dose line."""
    if dose == ZOLEDRONIC_NO:
        zoledronic: tuple[str, ...] = (dose,)
        denosumab = (*DENOSUMAB, HYPOCALCAEMIA)
    else:
        reduced = () if dose == ZOLEDRONIC_4_0 else (REDUCED,)
        zoledronic = (dose, *reduced, INFUSION, HYDRATION, PARACETAMOL, WITHHOLD)
        denosumab = DENOSUMAB
    return {
        "start": (START,),
        "zoledronic_acid": zoledronic,
        "denosumab": denosumab,
        "before_starting": BEFORE,
        "duration": DURATION,
    }


def shown(aid: str, answers: Mapping[str, Fact], lang: Lang = "en") -> dict[str, tuple[str, ...]]:
    """The parts the aid's summary shows, by id, each with the texts of its lines shown."""
    return {part: tuple(lines) for part, lines in conclude_aid(aid, answers, lang).parts.items()}


# --- /antiresorptif ----------------------------------------------------------------------


def test_life_expectancy_of_3_months_or_less_starts_nothing() -> None:
    """Life expectancy not over 3 months: no treatment to start, and nothing else."""
    assert shown("antiresorptif", {"life_expectancy": "no"}) == {
        "not_started": (
            "Life expectancy of 3 months or less: the guideline starts an anti-resorptive "
            "treatment only when life expectancy is over 3 months.",
        )
    }


def test_life_expectancy_no_in_french() -> None:
    """The same stop, in French."""
    assert shown("antiresorptif", {"life_expectancy": "no"}, "fr") == {
        "not_started": (
            "Espérance de vie de 3 mois ou moins : le référentiel ne débute un traitement "
            "anti-résorptif que si l'espérance de vie est supérieure à 3 mois.",
        )
    }


# Decision 18's bands on the typed clearance: > 60: 4.0; 50 to 60 inclusive: 3.5;
# 40 to under 50: 3.3; 30 to under 40: 3.0; under 30: not recommended.
TYPED = [
    ("1", ZOLEDRONIC_NO),
    ("29.9", ZOLEDRONIC_NO),
    ("30", ZOLEDRONIC_3_0),
    ("39", ZOLEDRONIC_3_0),
    ("39.9", ZOLEDRONIC_3_0),
    ("40", ZOLEDRONIC_3_3),
    ("49", ZOLEDRONIC_3_3),
    ("49.9", ZOLEDRONIC_3_3),
    ("50", ZOLEDRONIC_3_5),
    ("60", ZOLEDRONIC_3_5),
    ("60.1", ZOLEDRONIC_4_0),
    ("250", ZOLEDRONIC_4_0),
]


@pytest.mark.parametrize(("clearance", "dose"), TYPED)
def test_typed_clearance_gives_the_band_dose(clearance: str, dose: str) -> None:
    """A typed clearance falls in decision 18's band, edges as written there."""
    answers = {"life_expectancy": "yes", "clearance": Decimal(clearance)}
    assert shown("antiresorptif", answers) == started(dose)


def test_every_band_edge_in_french() -> None:
    """The dose lines in French, at 29.9, 30, 40, 50 and 60.1 mL/min."""
    expected = {
        "29.9": "Clairance < 30 mL/min : acide zolédronique non recommandé "
        "(contre-indiqué selon le référentiel).",
        "30": "Dose : 3,0 mg (clairance de 30 à moins de 40 mL/min).",
        "40": "Dose : 3,3 mg (clairance de 40 à moins de 50 mL/min).",
        "50": "Dose : 3,5 mg (clairance de 50 à 60 mL/min inclus).",
        "60.1": "Dose : 4,0 mg (clairance > 60 mL/min).",
    }
    for clearance, line in expected.items():
        answers = {"life_expectancy": "yes", "clearance": Decimal(clearance)}
        parts = shown("antiresorptif", answers, "fr")
        assert parts["zoledronic_acid"][0] == line
        assert parts["denosumab"][0] == (
            "120 mg par voie sous-cutanée toutes les 4 semaines (le référentiel écrit « mensuel »)."
        )


def test_french_texts_of_a_full_dose() -> None:
    """At 75 mL/min, the French summary word for word."""
    answers = {"life_expectancy": "yes", "clearance": Decimal("75")}
    assert shown("antiresorptif", answers, "fr") == {
        "start": (
            "À débuter dès la découverte d'une métastase osseuse, en complément des autres "
            "traitements : acide zolédronique ou dénosumab.",
        ),
        "zoledronic_acid": (
            "Dose : 4,0 mg (clairance > 60 mL/min).",
            "Une perfusion intraveineuse mensuelle d'au moins 15 minutes.",
            "Hydratation le jour et le lendemain de la perfusion.",
            "Paracétamol le jour et le lendemain de la perfusion, contre le syndrome "
            "pseudo-grippal.",
            "Créatinine avant chaque dose : suspendre si elle a augmenté de 0,5 mg/dL "
            "(44 µmol/L) depuis une valeur initiale normale (< 1,4 mg/dL), ou de 1,0 mg/dL "
            "(88 µmol/L) depuis une valeur initiale anormale ; reprendre à la même dose quand "
            "elle est revenue à moins de 10 % de la valeur initiale.",
        ),
        "denosumab": (
            "120 mg par voie sous-cutanée toutes les 4 semaines (le référentiel écrit "
            "« mensuel »).",
            "Pas d'adaptation posologique à la fonction rénale.",
            "Supplémentation systématique en calcium et vitamine D, obligatoire.",
        ),
        "before_starting": (
            "Évaluation bucco-dentaire par un spécialiste avec un panoramique dentaire "
            "(risque d'ostéonécrose de la mâchoire), puis tous les 6 mois.",
            "Évaluation de la fonction rénale (prudence en cas d'association à d'autres "
            "traitements néphrotoxiques) et recherche d'une carence en vitamine D.",
            "Apport régulier en calcium (1 g/j) et en vitamine D (100 000 UI tous les 3 mois).",
        ),
        "duration": ("Au moins 2 ans, puis réévaluation au cas par cas.",),
    }


def test_denosumab_caution_below_30_in_french() -> None:
    """Below 30 mL/min, the hypocalcaemia caution, in French."""
    answers = {"life_expectancy": "yes", "clearance": Decimal("12.5")}
    assert shown("antiresorptif", answers, "fr")["denosumab"][-1] == (
        "Clairance < 30 mL/min : risque accru d'hypocalcémie (résumé des caractéristiques du "
        "produit) ; surveiller la calcémie."
    )


def computed(age: str, weight: str, sex: str, unit: str, creatinine: str) -> dict[str, Fact]:
    """The answers of the Cockcroft-Gault path."""
    return {
        "life_expectancy": "yes",
        "clearance": "compute",
        "age": Decimal(age),
        "weight": Decimal(weight),
        "sex": sex,
        "creatinine_unit": unit,
        "creatinine": Decimal(creatinine),
    }


# (140 - age) x weight / (72 x creatinine in mg/dL), x 0.85 for a woman; µmol/L / 88.4 first;
# one decimal, half up (CLINICAL.md decision 18). Worked by hand, then banded.
COCKCROFT_GAULT = [
    # Decision 18's own example: 70 x 65 = 4550; 79 / 88.4 = 0.89367; 72 x 0.89367 = 64.344;
    # 4550 / 64.344 = 70.714; x 0.85 = 60.107 -> 60.1 -> 4.0 mg (59.9 with the 1.04 constant).
    (("70", "65", "female", "umol_l", "79"), "60.1", ZOLEDRONIC_4_0),
    # 80 x 72 / (72 x 1.0) = 80.0 -> 4.0 mg
    (("60", "72", "male", "mg_dl", "1.0"), "80.0", ZOLEDRONIC_4_0),
    # 36 x 120.1 / 72 = 60.05 exactly -> half up 60.1 -> 4.0 mg (half even would give 60.0)
    (("104", "120.1", "male", "mg_dl", "1.00"), "60.1", ZOLEDRONIC_4_0),
    # 90 x 60 / (72 x 1.2) = 5400 / 86.4 = 62.5; x 0.85 = 53.125 -> 53.1 -> 3.5 mg
    (("50", "60", "female", "mg_dl", "1.2"), "53.1", ZOLEDRONIC_3_5),
    # 75 x 70 x 88.4 / (72 x 110) = 464100 / 7920 = 58.598 -> 58.6 -> 3.5 mg
    (("65", "70", "male", "umol_l", "110"), "58.6", ZOLEDRONIC_3_5),
    # 95 x 70 / (72 x 1.8) = 6650 / 129.6 = 51.312 -> 51.3 -> 3.5 mg
    (("45", "70", "male", "mg_dl", "1.8"), "51.3", ZOLEDRONIC_3_5),
    # 54 x 66.6 / 72 = 49.95 exactly -> half up 50.0 -> 3.5 mg (truncated: 49.9, 3.3 mg)
    (("86", "66.6", "male", "mg_dl", "1.00"), "50.0", ZOLEDRONIC_3_5),
    # 72 x 58 x 88.4 / (72 x 90) x 0.85 = 4358.12 / 90 = 48.424 -> 48.4 -> 3.3 mg
    (("68", "58", "female", "umol_l", "90"), "48.4", ZOLEDRONIC_3_3),
    # 85 x 62 x 0.85 / (72 x 1.4) = 4479.5 / 100.8 = 44.440 -> 44.4 -> 3.3 mg
    (("55", "62", "female", "mg_dl", "1.4"), "44.4", ZOLEDRONIC_3_3),
    # 70 x 80 x 88.4 / (72 x 160) = 495040 / 11520 = 42.972 -> 43.0 -> 3.3 mg
    (("70", "80", "male", "umol_l", "160"), "43.0", ZOLEDRONIC_3_3),
    # 62 x 65 x 88.4 / (72 x 130) = 356252 / 9360 = 38.061 -> 38.1 -> 3.0 mg
    (("78", "65", "male", "umol_l", "130"), "38.1", ZOLEDRONIC_3_0),
    # 36 x 59.9 / 72 = 29.95 exactly -> half up 30.0 -> 3.0 mg
    (("104", "59.9", "male", "mg_dl", "1.00"), "30.0", ZOLEDRONIC_3_0),
    # 58 x 48 x 0.85 / (72 x 1.1) = 2366.4 / 79.2 = 29.879 -> 29.9 -> not recommended
    (("82", "48", "female", "mg_dl", "1.1"), "29.9", ZOLEDRONIC_NO),
    # 65 x 55 x 0.85 / (72 x 1.5) = 3038.75 / 108 = 28.137 -> 28.1 -> not recommended
    (("75", "55", "female", "mg_dl", "1.5"), "28.1", ZOLEDRONIC_NO),
    # 65 x 50 x 88.4 / (72 x 150) = 287300 / 10800 = 26.602 -> 26.6 -> not recommended
    (("75", "50", "male", "umol_l", "150"), "26.6", ZOLEDRONIC_NO),
    # 60 x 60 / (72 x 2.0) = 3600 / 144 = 25.0 -> not recommended
    (("80", "60", "male", "mg_dl", "2.0"), "25.0", ZOLEDRONIC_NO),
]


@pytest.mark.parametrize(("inputs", "clearance", "dose"), COCKCROFT_GAULT)
def test_computed_clearance_gives_the_band_dose(
    inputs: tuple[str, str, str, str, str], clearance: str, dose: str
) -> None:
    """The Cockcroft-Gault clearance, rounded to one decimal half up, is banded as typed."""
    concluded = conclude_aid("antiresorptif", computed(*inputs), "en")
    assert concluded.computed == {"clearance_cg": Decimal(clearance)}
    assert concluded.parts == started(dose)


def test_typed_clearance_computes_nothing() -> None:
    """A typed clearance is used as typed: no computed value, no formula shown."""
    concluded = conclude_aid(
        "antiresorptif", {"life_expectancy": "yes", "clearance": Decimal("45")}, "en"
    )
    assert concluded.computed == {}


# --- /sbrt -------------------------------------------------------------------------------

ALL_CRITERIA = frozenset({"sites", "volume", "no_visceral", "stable"})
NONE: frozenset[str] = frozenset()
EXTRA_SPINAL = {
    "extra_spinal": (
        "A spread normofractionated treatment may be proposed at a pseudo-curative dose.",
    )
}


def test_sbrt_candidate() -> None:
    """Every criterion, no contraindication: a rare indication to validate at the RCP."""
    answers = {"criteria": ALL_CRITERIA, "contraindications": NONE}
    assert shown("sbrt", answers) == {
        "candidate": (
            "A rare indication, to validate at the RCP.",
            "The stereotactic technique is validated for the spine and the other sites.",
        ),
        **EXTRA_SPINAL,
    }


def test_sbrt_candidate_in_french() -> None:
    """The same, in French."""
    answers = {"criteria": ALL_CRITERIA, "contraindications": NONE}
    assert shown("sbrt", answers, "fr") == {
        "candidate": (
            "Indication rare, à valider en RCP.",
            "La technique stéréotaxique est validée pour le rachis et les autres localisations.",
        ),
        "extra_spinal": (
            "Un traitement normofractionné étalé peut être proposé à dose pseudo-curative.",
        ),
    }


def test_sbrt_no_criterion_names_each() -> None:
    """No box ticked at all: not a candidate, each of the four criteria named."""
    answers = {"criteria": NONE, "contraindications": NONE}
    assert shown("sbrt", answers) == {
        "not_candidate": (
            "Criterion not met: 1 to 3 bone metastatic sites.",
            "Criterion not met: limited size, volume well delimited on imaging.",
            "Criterion not met: no visceral metastasis.",
            "Criterion not met: stabilised disease.",
        ),
        **EXTRA_SPINAL,
    }


def test_sbrt_instability_points_to_sins() -> None:
    """Every criterion but vertebral instability: not a candidate, with a pointer to /sins."""
    answers = {"criteria": ALL_CRITERIA, "contraindications": frozenset({"instability"})}
    assert shown("sbrt", answers) == {
        "not_candidate": (
            "Contraindication: vertebral instability (assess with the SINS: /sins).",
        ),
        **EXTRA_SPINAL,
    }


def test_sbrt_unmet_criterion_and_contraindications_together() -> None:
    """Disease not stabilised, recent radiotherapy, narrowed canal: each one named."""
    answers = {
        "criteria": frozenset({"sites", "volume", "no_visceral"}),
        "contraindications": frozenset({"recent_rt", "canal"}),
    }
    assert shown("sbrt", answers) == {
        "not_candidate": (
            "Criterion not met: stabilised disease.",
            "Contraindication: radiotherapy less than 3 months ago.",
            "Contraindication: spinal canal narrowing ≥ 25 %.",
        ),
        **EXTRA_SPINAL,
    }


def test_sbrt_every_contraindication_named_in_french() -> None:
    """All seven contraindications ticked: the seven named, in French, in the list's order."""
    answers = {
        "criteria": ALL_CRITERIA,
        "contraindications": frozenset(
            {
                "compression",
                "instability",
                "metabolic_rt",
                "recent_rt",
                "life_expectancy",
                "canal",
                "distance",
            }
        ),
    }
    assert shown("sbrt", answers, "fr")["not_candidate"] == (
        "Contre-indication : compression médullaire symptomatique.",
        "Contre-indication : instabilité vertébrale (à évaluer avec le score SINS : /sins).",
        "Contre-indication : radiothérapie métabolique.",
        "Contre-indication : radiothérapie de moins de 3 mois.",
        "Contre-indication : espérance de vie de moins de 3 mois.",
        "Contre-indication : rétrécissement du canal médullaire ≥ 25 %.",
        "Contre-indication : distance tumeur-moelle ≤ 5 mm.",
    )


def test_sbrt_life_expectancy_and_cord_distance() -> None:
    """Short life expectancy and a tumour close to the cord, criteria all met."""
    answers = {
        "criteria": ALL_CRITERIA,
        "contraindications": frozenset({"life_expectancy", "distance", "compression"}),
    }
    assert shown("sbrt", answers)["not_candidate"] == (
        "Contraindication: symptomatic spinal cord compression.",
        "Contraindication: life expectancy under 3 months.",
        "Contraindication: tumour-to-cord distance ≤ 5 mm.",
    )


def test_sbrt_metabolic_radiotherapy_and_visceral_metastasis() -> None:
    """A visceral metastasis and a metabolic radiotherapy."""
    answers = {
        "criteria": frozenset({"sites", "volume", "stable"}),
        "contraindications": frozenset({"metabolic_rt"}),
    }
    assert shown("sbrt", answers)["not_candidate"] == (
        "Criterion not met: no visceral metastasis.",
        "Contraindication: metabolic radiotherapy.",
    )


# --- /rt_douleur -------------------------------------------------------------------------


def test_pain_radiotherapy_schedules() -> None:
    """A painful uncomplicated metastasis within the indication: the four schedules."""
    assert shown("rt_douleur", {"setting": "pain", "indication": "yes"}) == {
        "schedules": (
            "Palliative aim; the effect expected lasts 3 to 6 months.",
            "30 Gy in 10 fractions.",
            "24 Gy in 6 fractions.",
            "20 Gy in 5 fractions.",
            "8 Gy in a single fraction (acute side effects potentially severe, and late effects).",
            "Spreading the dose improves progression-free survival and local control at "
            "12 months, with no difference in motor function.",
            "The quality and control of the patient's positioning during the session matter.",
        )
    }


def test_pain_radiotherapy_schedules_in_french() -> None:
    """The same, in French."""
    assert shown("rt_douleur", {"setting": "pain", "indication": "yes"}, "fr") == {
        "schedules": (
            "Objectif palliatif ; efficacité attendue de 3 à 6 mois.",
            "30 Gy en 10 fractions.",
            "24 Gy en 6 fractions.",
            "20 Gy en 5 fractions.",
            "8 Gy en séance unique (effets secondaires aigus potentiellement sévères, et "
            "effets tardifs).",
            "L'étalement des doses améliore la survie sans progression et le contrôle local "
            "à 12 mois, sans différence sur la fonction motrice.",
            "La qualité et le contrôle du positionnement du patient pendant la séance sont "
            "importants.",
        )
    }


def test_pain_outside_the_indication() -> None:
    """Outside the indication: not the first treatment, discuss at the RCP, with pointers."""
    assert shown("rt_douleur", {"setting": "pain", "indication": "no"}) == {
        "not_first_line": (
            "The guideline makes radiotherapy the first treatment only of painful "
            "uncomplicated metastases that resist analgesics and that interventional "
            "radiology cannot reach: discuss at the RCP.",
            "Fracture risk of a long bone: §3.5.2 (Mirels score, /mirels); spinal cord "
            "compression: §3.5.3 (Rades score, /rades); interventional radiology: §3.6 "
            "(/cementoplasty).",
        )
    }


def test_postoperative_radiotherapy() -> None:
    """After surgery: 30 Gy/10 from 15 days to 3 weeks on healed skin, 8 Gy as an option."""
    expected = {
        "postoperative": (
            "Treats the microscopic disease and the pain; it reduces the risk of local recurrence.",
            "To start between 15 days and 3 weeks after the operation, on healed skin.",
            "Schedule usually recommended: 30 Gy in 10 fractions.",
            "Option to discuss: 8 Gy in a single dose, for long bones or when the organs at "
            "risk can be kept out of the treatment fields, for patients with a short life "
            "expectancy or difficult to move.",
        )
    }
    assert shown("rt_douleur", {"setting": "postop"}) == expected
    # The indication question is not asked after surgery: a stray answer changes nothing.
    assert shown("rt_douleur", {"setting": "postop", "indication": "no"}) == expected


def test_postoperative_radiotherapy_in_french() -> None:
    """After surgery, in French."""
    assert shown("rt_douleur", {"setting": "postop"}, "fr") == {
        "postoperative": (
            "Traitement de la maladie microscopique et du syndrome algique ; elle réduit le "
            "risque de récidive locale.",
            "À débuter entre 15 jours et 3 semaines après le geste opératoire, sur peau "
            "cicatrisée.",
            "Schéma habituellement recommandé : 30 Gy en 10 fractions.",
            "Option à discuter : 8 Gy en dose unique, pour les os longs ou lorsque les "
            "organes à risque peuvent être exclus des champs de traitement, pour des sujets "
            "à faible espérance de vie ou difficiles à mobiliser.",
        )
    }


# --- /cimentoplastie ---------------------------------------------------------------------

CANDIDATE_LINES = (
    "The lesion must have been shown to cause the symptoms by the history, the clinical "
    "examination and the imaging together.",
    "Before the procedure: coagulation tests, and management of anticoagulants or "
    "antiplatelet drugs.",
    "Significant pain relief in about 80 % of cases; the main complication feared: cement leakage.",
    "It does not aim at local control of the tumour.",
)


@pytest.mark.parametrize(
    "indications",
    [
        frozenset({"pain"}),
        frozenset({"opioids"}),
        frozenset({"alternative"}),
        frozenset({"stabilisation"}),
        frozenset({"prevention"}),
        frozenset({"pain", "opioids", "alternative", "stabilisation", "prevention"}),
    ],
)
def test_cementoplasty_candidate(indications: frozenset[str]) -> None:
    """Any one of the five indications, nothing against: to discuss at the RCP."""
    answers = {"indications": indications, "contraindications": NONE, "other_technique": NONE}
    assert shown("cimentoplastie", answers) == {"candidate": CANDIDATE_LINES}


def test_cementoplasty_candidate_in_french() -> None:
    """The same, in French."""
    answers = {
        "indications": frozenset({"pain"}),
        "contraindications": NONE,
        "other_technique": NONE,
    }
    assert shown("cimentoplastie", answers, "fr") == {
        "candidate": (
            "La lésion doit avoir été authentifiée comme responsable des signes cliniques "
            "par l'interrogatoire, l'examen clinique et l'imagerie.",
            "Avant le geste : bilan de la coagulation, et gestion des anticoagulants ou "
            "antiagrégants.",
            "Diminution significative des douleurs dans environ 80 % des cas ; principale "
            "complication redoutée : la fuite de ciment.",
            "Elle ne vise pas le contrôle local de la tumeur.",
        )
    }


def test_cementoplasty_without_indication() -> None:
    """No indication ticked (Done with none): not a candidate."""
    answers = {"indications": NONE, "contraindications": NONE, "other_technique": NONE}
    assert shown("cimentoplastie", answers) == {"not_candidate": ("None of the main indications.",)}


def test_cementoplasty_sepsis() -> None:
    """An indication, but uncontrolled sepsis: not a candidate, the reason named."""
    answers = {
        "indications": frozenset({"opioids", "prevention"}),
        "contraindications": frozenset({"sepsis"}),
        "other_technique": NONE,
    }
    assert shown("cimentoplastie", answers) == {
        "not_candidate": ("Contraindication: sepsis of unknown origin and/or uncontrolled.",)
    }


def test_cementoplasty_other_techniques() -> None:
    """A pre-fracture long bone and a mostly soft-tissue lesion: both named, with the way."""
    answers = {
        "indications": frozenset({"pain"}),
        "contraindications": NONE,
        "other_technique": frozenset({"long_bone", "soft_tissue"}),
    }
    assert shown("cimentoplastie", answers) == {
        "not_candidate": (
            "Pre-fracture lesion of a weight-bearing long bone: cementoplasty does not apply "
            "(long bone: §3.5.2, Mirels score, /mirels).",
            "Very large lesion, or mostly in the soft tissue: percutaneous ablation is "
            "preferable (§3.6.3).",
        )
    }


def test_cementoplasty_every_reason_in_french() -> None:
    """Every reason at once, in French."""
    answers = {
        "indications": NONE,
        "contraindications": frozenset({"puncture_infection", "sepsis"}),
        "other_technique": frozenset({"long_bone"}),
    }
    assert shown("cimentoplastie", answers, "fr") == {
        "not_candidate": (
            "Aucune des principales indications.",
            "Contre-indication : site infectieux au point de ponction.",
            "Contre-indication : sepsis d'origine indéterminée et/ou non contrôlé.",
            "Lésion pré-fracturaire d'un os long en zone portante : la cimentoplastie ne s'y "
            "applique pas (os long : §3.5.2, score de Mirels, /mirels).",
        )
    }


# --- Which questions each aid asks -------------------------------------------------------


def asked(aid: str, answers: Mapping[str, Fact]) -> list[str]:
    """The keys of the questions reached (asked or still open) for these answers."""
    flow = compile_flow(get_flow(aid))
    status = walk(flow, answers).status
    return [q.key for q, s in zip(flow.questions, status, strict=True) if s in ("asked", "open")]


def test_antiresorptive_asks_only_what_the_answers_need() -> None:
    """No: nothing more; a typed clearance: no Cockcroft-Gault; compute: its five inputs."""
    assert asked("antiresorptif", {"life_expectancy": "no"}) == ["life_expectancy"]
    assert asked("antiresorptif", {"life_expectancy": "yes", "clearance": Decimal("45")}) == [
        "life_expectancy",
        "clearance",
    ]
    assert asked("antiresorptif", {"life_expectancy": "yes", "clearance": "compute"}) == [
        "life_expectancy",
        "clearance",
        "age",
        "weight",
        "sex",
        "creatinine_unit",
        "creatinine",
    ]


def test_pain_radiotherapy_asks_the_indication_only_for_pain() -> None:
    """After surgery the indication question is skipped."""
    assert asked("rt_douleur", {"setting": "postop"}) == ["setting"]
    assert asked("rt_douleur", {"setting": "pain"}) == ["setting", "indication"]


def test_checklist_aids_ask_every_list() -> None:
    """SBRT asks both lists, cementoplasty its three, whatever is ticked."""
    assert asked("sbrt", {"criteria": NONE}) == ["criteria", "contraindications"]
    assert asked("cimentoplastie", {"indications": NONE, "contraindications": NONE}) == [
        "indications",
        "contraindications",
        "other_technique",
    ]


@pytest.mark.parametrize(
    ("name", "aid"),
    [
        ("antiresorptif", "antiresorptif"),
        ("antiresorptive", "antiresorptif"),
        ("sbrt", "sbrt"),
        ("rt_douleur", "rt_douleur"),
        ("rt_pain", "rt_douleur"),
        ("cimentoplastie", "cimentoplastie"),
        ("cementoplasty", "cimentoplastie"),
    ],
)
def test_each_command_and_alias_names_its_aid(name: str, aid: str) -> None:
    """The French command and its English alias open the same aid."""
    flow = get_flow(name)
    assert isinstance(flow, Pathway)
    assert (flow.id, flow.kind) == (aid, "aid")
    assert flow in PATHWAYS


# --- The numbers the clearance path accepts -----------------------------------------------


def number_item(key: str) -> NumberItem:
    """The antiresorptive aid's number question `key`."""
    question = compile_flow(get_flow("antiresorptif")).question(key)
    assert question is not None
    assert isinstance(question.item, NumberItem)
    return question.item


@pytest.mark.parametrize(
    ("key", "unit", "text", "value"),
    [
        ("clearance", None, "38,5", "38.5"),
        ("clearance", None, "38.5 ml/min", "38.5"),
        ("clearance", None, "1", "1"),
        ("clearance", None, "250", "250"),
        ("age", None, "18", "18"),
        ("age", None, "120 ans", "120"),
        ("weight", None, "20", "20"),
        ("weight", None, "300 kg", "300"),
        ("weight", None, "72,5", "72.5"),
        ("creatinine", "umol_l", "15", "15"),
        ("creatinine", "umol_l", "2000 µmol/L", "2000"),
        ("creatinine", "mg_dl", "0,17", "0.17"),
        ("creatinine", "mg_dl", "22.6 mg/dL", "22.6"),
    ],
)
def test_plausible_values_are_read(key: str, unit: str | None, text: str, value: str) -> None:
    """Each range's edges and the item's own unit are accepted, as typed."""
    assert parse_number(number_item(key), text, unit) == Decimal(value)


@pytest.mark.parametrize(
    ("key", "unit", "text"),
    [
        ("clearance", None, "0.9"),
        ("clearance", None, "250.1"),
        ("clearance", None, "38.55"),
        ("clearance", None, "45 mg/dl"),
        ("age", None, "17"),
        ("age", None, "121"),
        ("age", None, "70.5"),
        ("weight", None, "19.9"),
        ("weight", None, "300.1"),
        ("creatinine", "umol_l", "14"),
        ("creatinine", "umol_l", "2001"),
        ("creatinine", "umol_l", "1.2 mg/dl"),
        ("creatinine", "mg_dl", "0.16"),
        ("creatinine", "mg_dl", "22.7"),
        ("creatinine", "mg_dl", "79 µmol/l"),
    ],
)
def test_implausible_values_are_refused(key: str, unit: str | None, text: str) -> None:
    """Out of range, too precise, or in another unit: refused, never converted."""
    assert isinstance(parse_number(number_item(key), text, unit), NumberError)


def test_refusals_say_what_is_expected() -> None:
    """The one line names the quantity, the unit and the range in the unit chosen."""
    error = parse_number(number_item("clearance"), "300")
    assert isinstance(error, NumberError)
    assert error("en") == (
        "Out of range: expected a clearance in mL/min between 1 and 250, up to 1 decimal."
    )
    assert error("fr") == (
        "Hors des limites : attendu une clairance en mL/min entre 1 et 250, 1 décimale au plus."
    )
    error = parse_number(number_item("creatinine"), "0.1", "mg_dl")
    assert isinstance(error, NumberError)
    assert error("en") == (
        "Out of range: expected a creatinine in mg/dL between 0.17 and 22.6, up to 2 decimals."
    )
    error = parse_number(number_item("creatinine"), "10", "umol_l")
    assert isinstance(error, NumberError)
    assert error("fr") == (
        "Hors des limites : attendu une créatinine en µmol/L entre 15 et 2000, 2 décimales au plus."
    )
