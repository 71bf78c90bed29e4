"""Anti-resorptive treatment and the zoledronic acid dose for the kidney (guideline §3.4).

The guideline starts an anti-resorptive treatment when life expectancy is over 3
months: zoledronic acid, its dose adapted to renal function (contraindicated under
30 mL/min), or denosumab. CLINICAL.md decisions 17 and 18 give the dose bands, the
Cockcroft-Gault formula, the rounding and the label's rules this aid applies.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.conditions import All, Any, Condition, Is, Within
from scoring.items import ChoiceItem, NumberItem, NumberRange, Option
from scoring.model import Deviation
from scoring.pathway import Ask, Computed, Part, Pathway, line
from scoring.scores._common import guideline, opt, paper, t

SECTION = "§3.4"

STARTED = Is("life_expectancy", ("yes",))
"""The treatment is considered: life expectancy over 3 months."""


def clearance(
    *,
    low: str | None = None,
    high: str | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> Condition:
    """The clearance (typed, or computed with Cockcroft-Gault) within a band.

    Exactly one of the two exists in a dialogue: a typed value, or the `compute`
    shortcut and then the computed value (a shortcut is not a number, so the other
    atom reads a missing fact and is false).
    """
    bounds: dict[str, object] = {"min_open": low_open, "max_open": high_open}
    if low is not None:
        bounds["min"] = Decimal(low)
    if high is not None:
        bounds["max"] = Decimal(high)
    return All(
        STARTED,
        Any(Within("clearance", **bounds), Within("clearance_cg", **bounds)),
    )


# CLINICAL.md decision 18: the shown clearance (one decimal) is banded.
OVER_60 = clearance(low="60", low_open=True)
FROM_50_TO_60 = clearance(low="50", high="60")
FROM_40_UNDER_50 = clearance(low="40", high="50", high_open=True)
FROM_30_UNDER_40 = clearance(low="30", high="40", high_open=True)
UNDER_30 = clearance(high="30", high_open=True)
AT_LEAST_30 = clearance(low="30")

COMPUTE = Is("clearance", ("compute",))

ANTIRESORPTIVE = Pathway(
    id="antiresorptif",
    aliases=("antiresorptive",),
    kind="aid",
    version=1,
    title=t("Traitement anti-résorptif osseux", "Anti-resorptive bone treatment"),
    purpose=t(
        "Débuter un anti-résorptif osseux, et la dose d'acide zolédronique selon la "
        "clairance de la créatinine.",
        "Starting an anti-resorptive bone treatment, and the zoledronic acid dose for "
        "the creatinine clearance.",
    ),
    steps=(
        Ask(
            ChoiceItem(
                id="life_expectancy",
                prompt=t(
                    "Espérance de vie estimée supérieure à 3 mois ?",
                    "Estimated life expectancy over 3 months?",
                ),
                options=(
                    opt("yes", None, "Oui, plus de 3 mois", "Yes, over 3 months"),
                    opt("no", None, "Non, 3 mois ou moins", "No, 3 months or less"),
                ),
            )
        ),
        Ask(
            NumberItem(
                id="clearance",
                when=STARTED,
                prompt=t(
                    "Clairance de la créatinine (Cockcroft-Gault), en mL/min ?",
                    "Creatinine clearance (Cockcroft-Gault), in mL/min?",
                ),
                noun=t("une clairance", "a clearance"),
                ranges=(
                    NumberRange(
                        unit=t("mL/min", "mL/min"),
                        symbols=("ml/min", "ml/mn"),
                        min=Decimal("1"),
                        max=Decimal("250"),
                    ),
                ),
                decimals=1,
                shortcut=Option(
                    id="compute",
                    label=t("Calculer (Cockcroft-Gault)", "Compute it (Cockcroft-Gault)"),
                    aliases=("calculer", "compute"),
                ),
            )
        ),
        Ask(
            NumberItem(
                id="age",
                when=COMPUTE,
                prompt=t("Âge, en années ?", "Age, in years?"),
                noun=t("un âge", "an age"),
                ranges=(
                    NumberRange(
                        unit=t("ans", "years"),
                        symbols=("ans", "an", "years", "year", "y"),
                        min=Decimal("18"),
                        max=Decimal("120"),
                    ),
                ),
                decimals=0,
            )
        ),
        Ask(
            NumberItem(
                id="weight",
                when=COMPUTE,
                prompt=t("Poids actuel, en kg ?", "Actual body weight, in kg?"),
                hint=t(
                    "Le poids réel du jour, pas le poids idéal.",
                    "Today's actual weight, not the ideal weight.",
                ),
                noun=t("un poids", "a weight"),
                ranges=(
                    NumberRange(
                        unit=t("kg", "kg"),
                        symbols=("kg",),
                        min=Decimal("20"),
                        max=Decimal("300"),
                    ),
                ),
                decimals=1,
            )
        ),
        Ask(
            ChoiceItem(
                id="sex",
                when=COMPUTE,
                prompt=t("Sexe ?", "Sex?"),
                options=(
                    opt("female", None, "Femme", "Female"),
                    opt("male", None, "Homme", "Male"),
                ),
            )
        ),
        Ask(
            ChoiceItem(
                id="creatinine_unit",
                when=COMPUTE,
                prompt=t(
                    "Unité de la créatinine sérique ?",
                    "Unit of the serum creatinine?",
                ),
                options=(
                    opt("umol_l", None, "µmol/L", "µmol/L"),
                    opt("mg_dl", None, "mg/dL", "mg/dL"),
                ),
            )
        ),
        Ask(
            NumberItem(
                id="creatinine",
                when=COMPUTE,
                prompt=t("Créatinine sérique ?", "Serum creatinine?"),
                noun=t("une créatinine", "a creatinine"),
                unit_item="creatinine_unit",
                ranges=(
                    NumberRange(
                        unit=t("µmol/L", "µmol/L"),
                        symbols=("µmol/l", "umol/l"),
                        min=Decimal("15"),
                        max=Decimal("2000"),
                        when_unit="umol_l",
                    ),
                    NumberRange(
                        unit=t("mg/dL", "mg/dL"),
                        symbols=("mg/dl",),
                        min=Decimal("0.17"),
                        max=Decimal("22.6"),
                        when_unit="mg_dl",
                    ),
                ),
                decimals=2,
            )
        ),
    ),
    computed=(
        Computed(
            id="clearance_cg",
            label=t(
                "Clairance de la créatinine (Cockcroft-Gault)",
                "Creatinine clearance (Cockcroft-Gault)",
            ),
            unit=t("mL/min", "mL/min"),
            formula="cockcroft_gault",
            inputs={
                "age": "age",
                "weight": "weight",
                "sex": "sex",
                "creatinine_unit": "creatinine_unit",
                "creatinine": "creatinine",
            },
            shown_formula=t(
                "(140 − âge) × poids réel (kg) / (72 × créatinine en mg/dL), × 0,85 pour "
                "une femme ; une créatinine en µmol/L est d'abord divisée par 88,4 ; "
                "arrondi à une décimale (au plus proche, 0,05 vers le haut).",
                "(140 − age) × actual weight (kg) / (72 × creatinine in mg/dL), × 0.85 "
                "for a woman; a creatinine in µmol/L is first divided by 88.4; rounded "
                "to one decimal (to the nearest, 0.05 up).",
            ),
            decimals=1,
            when=COMPUTE,
        ),
    ),
    summary=(
        Part(
            id="not_started",
            title=t(
                "Pas de traitement anti-résorptif à débuter",
                "No anti-resorptive treatment to start",
            ),
            section=SECTION,
            when=Is("life_expectancy", ("no",)),
            lines=(
                line(
                    "Espérance de vie de 3 mois ou moins : le référentiel ne débute un "
                    "traitement anti-résorptif que si l'espérance de vie est supérieure "
                    "à 3 mois.",
                    "Life expectancy of 3 months or less: the guideline starts an "
                    "anti-resorptive treatment only when life expectancy is over 3 "
                    "months.",
                ),
            ),
        ),
        Part(
            id="start",
            title=t(
                "Traitement anti-résorptif recommandé",
                "Anti-resorptive treatment recommended",
            ),
            section=SECTION,
            when=STARTED,
            lines=(
                line(
                    "À débuter dès la découverte d'une métastase osseuse, en complément "
                    "des autres traitements : acide zolédronique ou dénosumab.",
                    "To start as soon as a bone metastasis is found, alongside the "
                    "other treatments: zoledronic acid or denosumab.",
                ),
            ),
        ),
        Part(
            id="zoledronic_acid",
            title=t(
                "Acide zolédronique (bisphosphonate)",
                "Zoledronic acid (bisphosphonate)",
            ),
            section=SECTION,
            when=STARTED,
            lines=(
                line(
                    "Dose : 4,0 mg (clairance > 60 mL/min).",
                    "Dose: 4.0 mg (clearance > 60 mL/min).",
                    when=OVER_60,
                ),
                line(
                    "Dose : 3,5 mg (clairance de 50 à 60 mL/min inclus).",
                    "Dose: 3.5 mg (clearance 50 to 60 mL/min inclusive).",
                    when=FROM_50_TO_60,
                ),
                line(
                    "Dose : 3,3 mg (clairance de 40 à moins de 50 mL/min).",
                    "Dose: 3.3 mg (clearance 40 to under 50 mL/min).",
                    when=FROM_40_UNDER_50,
                ),
                line(
                    "Dose : 3,0 mg (clairance de 30 à moins de 40 mL/min).",
                    "Dose: 3.0 mg (clearance 30 to under 40 mL/min).",
                    when=FROM_30_UNDER_40,
                ),
                line(
                    "Clairance < 30 mL/min : acide zolédronique non recommandé "
                    "(contre-indiqué selon le référentiel).",
                    "Clearance < 30 mL/min: zoledronic acid not recommended "
                    "(contraindicated per the guideline).",
                    when=UNDER_30,
                ),
                line(
                    "Dose réduite selon le tableau du résumé des caractéristiques du "
                    "produit (UE) ; le référentiel donne 4 mg, à adapter à la fonction "
                    "rénale.",
                    "Reduced dose per the table of the EU product information; the "
                    "guideline gives 4 mg, to adapt to renal function.",
                    when=clearance(low="30", high="60"),
                ),
                line(
                    "Une perfusion intraveineuse mensuelle d'au moins 15 minutes.",
                    "One intravenous infusion a month, over at least 15 minutes.",
                    when=AT_LEAST_30,
                ),
                line(
                    "Hydratation le jour et le lendemain de la perfusion.",
                    "Hydration on the day of the infusion and the day after.",
                    when=AT_LEAST_30,
                ),
                line(
                    "Paracétamol le jour et le lendemain de la perfusion, contre le "
                    "syndrome pseudo-grippal.",
                    "Paracetamol on the day of the infusion and the day after, against "
                    "the flu-like reaction.",
                    when=AT_LEAST_30,
                ),
                line(
                    "Créatinine avant chaque dose : suspendre si elle a augmenté de "
                    "0,5 mg/dL (44 µmol/L) depuis une valeur initiale normale "
                    "(< 1,4 mg/dL), ou de 1,0 mg/dL (88 µmol/L) depuis une valeur "
                    "initiale anormale ; reprendre à la même dose quand elle est revenue "
                    "à moins de 10 % de la valeur initiale.",
                    "Creatinine before each dose: withhold if it has risen by 0.5 mg/dL "
                    "(44 µmol/L) from a normal baseline (< 1.4 mg/dL), or by 1.0 mg/dL "
                    "(88 µmol/L) from an abnormal baseline; resume at the same dose once "
                    "it is back within 10 % of baseline.",
                    when=AT_LEAST_30,
                ),
            ),
        ),
        Part(
            id="denosumab",
            title=t("Ou dénosumab (anti-RANK-ligand)", "Or denosumab (anti-RANK ligand)"),
            section=SECTION,
            when=STARTED,
            lines=(
                line(
                    "120 mg par voie sous-cutanée toutes les 4 semaines (le référentiel "
                    "écrit « mensuel »).",
                    "120 mg subcutaneously every 4 weeks (the guideline says monthly).",
                ),
                line(
                    "Pas d'adaptation posologique à la fonction rénale.",
                    "No dose adjustment for renal function.",
                ),
                line(
                    "Supplémentation systématique en calcium et vitamine D, obligatoire.",
                    "Calcium and vitamin D supplementation, mandatory.",
                ),
                line(
                    "Clairance < 30 mL/min : risque accru d'hypocalcémie (résumé des "
                    "caractéristiques du produit) ; surveiller la calcémie.",
                    "Clearance < 30 mL/min: higher risk of hypocalcaemia (product "
                    "label); monitor calcium.",
                    when=UNDER_30,
                ),
            ),
        ),
        Part(
            id="before_starting",
            title=t("Avant de débuter, sauf urgence", "Before starting, unless urgent"),
            section=SECTION,
            when=STARTED,
            lines=(
                line(
                    "Évaluation bucco-dentaire par un spécialiste avec un panoramique "
                    "dentaire (risque d'ostéonécrose de la mâchoire), puis tous les "
                    "6 mois.",
                    "Dental assessment by a specialist with a panoramic X-ray (risk of "
                    "osteonecrosis of the jaw), then every 6 months.",
                ),
                line(
                    "Évaluation de la fonction rénale (prudence en cas d'association à "
                    "d'autres traitements néphrotoxiques) et recherche d'une carence en "
                    "vitamine D.",
                    "Renal function (caution when combined with other nephrotoxic "
                    "treatments) and a search for vitamin D deficiency.",
                ),
                line(
                    "Apport régulier en calcium (1 g/j) et en vitamine D "
                    "(100 000 UI tous les 3 mois).",
                    "Regular calcium (1 g/day) and vitamin D (100,000 IU every 3 months).",
                ),
            ),
        ),
        Part(
            id="duration",
            title=t("Durée", "Duration"),
            section=SECTION,
            when=STARTED,
            lines=(
                line(
                    "Au moins 2 ans, puis réévaluation au cas par cas.",
                    "At least 2 years, then reassessed case by case.",
                ),
            ),
        ),
    ),
    sources=(
        guideline(SECTION),
        paper(
            "Rosen LS et al. J Clin Oncol 2003;21:3150-7 (zoledronic acid; cited as Rosen, 2004)."
        ),
        paper("Henry DH et al. J Clin Oncol 2011;29:1125-32 (denosumab)."),
        paper("Cockcroft DW, Gault MH. Nephron 1976;16:31-41."),
        paper(
            "Zoledronic acid (Zometa), denosumab (Xgeva): EU summaries of product "
            "characteristics (doses by clearance, withholding rule, hypocalcaemia)."
        ),
        paper(
            "Recommandations de la Société française de stomatologie, chirurgie "
            "maxillo-faciale et chirurgie orale, juillet 2013 (dental assessment)."
        ),
    ),
    deviations=(
        Deviation(
            decision=17,
            guideline="« posologie à adapter à la fonction rénale (contre-indication en cas "
            "de clairance <30 mL/min) », no dose table",
            bot="Zoledronic acid > 60 mL/min: 4.0 mg; 50-60: 3.5 mg; 40-49: 3.3 mg; "
            "30-39: 3.0 mg; < 30: not recommended (guideline: contraindicated)",
            reason="EU product information table; the guideline gives no table.",
        ),
        Deviation(
            decision=18,
            guideline="No formula for the clearance, no band edges",
            bot="Cockcroft-Gault with actual weight, creatinine in µmol/L divided by 88.4; "
            "the clearance, typed or computed, rounded to one decimal (half up) and that "
            "value banded: > 60; 50 to 60 inclusive; 40 to under 50; 30 to under 40; "
            "under 30",
            reason="The labels write integer bands (49.5 falls in none) and name only "
            "Cockcroft-Gault; the rounded 1.23/1.04 constants move real patients across "
            "a band.",
        ),
        Deviation(
            decision=18,
            guideline="Nothing on creatinine before each dose; denosumab without renal caution",
            bot="Creatinine before each dose with the label's withhold and resume rule; "
            "below 30 mL/min, the denosumab label's caution on hypocalcaemia",
            reason="EU and US product labels.",
        ),
        Deviation(
            decision=None,
            guideline="Dénosumab « 120 mg mensuel »",
            bot="Denosumab 120 mg every 4 weeks (the guideline's « mensuel » quoted)",
            reason="The product label's interval is every 4 weeks (issue 8).",
        ),
    ),
)
