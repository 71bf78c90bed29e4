"""Tomita score: surgical strategy for spinal metastases (guideline §3.8.4-3.8.5, Tomita 2001)."""

from scoring.model import ChoiceItem, Deviation, Score, Stratum
from scoring.scores._common import (
    FUNCTIONAL_OUTCOME,
    FUNCTIONAL_OUTCOME_DEVIATION,
    guideline,
    opt,
    paper,
    t,
)

TOMITA = Score(
    id="tomita",
    version=1,
    title=t("Score de Tomita", "Tomita score"),
    purpose=t(
        "Stratégie chirurgicale des métastases rachidiennes.",
        "Surgical strategy for spinal metastases.",
    ),
    method="sum",
    declared_range=(2, 10),
    items=(
        ChoiceItem(
            id="growth",
            prompt=t(
                "Vitesse de croissance de la tumeur primitive", "Growth of the primary tumour"
            ),
            hint=t(
                "Un cancer bronchique est à croissance rapide.",
                "Lung cancer counts as rapid growth.",
            ),
            options=(
                opt(
                    "slow",
                    1,
                    "Lente (ex. sein, thyroïde, prostate)",
                    "Slow (e.g. breast, thyroid, prostate)",
                ),
                opt("moderate", 2, "Modérée (ex. rein, utérus)", "Moderate (e.g. kidney, uterus)"),
                opt(
                    "rapid",
                    4,
                    "Rapide (ex. poumon, estomac, primitif inconnu)",
                    "Rapid (e.g. lung, stomach, unknown primary)",
                ),
            ),
        ),
        ChoiceItem(
            id="visceral_mets",
            prompt=t("Métastases viscérales", "Visceral metastases"),
            options=(
                opt("none", 0, "Aucune", "None"),
                opt("treatable", 2, "Traitables", "Treatable"),
                opt("untreatable", 4, "Non traitables", "Untreatable"),
            ),
        ),
        ChoiceItem(
            id="bone_mets",
            prompt=t("Métastases osseuses", "Bone metastases"),
            hint=t(
                "Toutes les métastases osseuses, rachis compris.",
                "All bone metastases, spine included.",
            ),
            options=(
                opt("solitary", 1, "Unique", "Solitary"),
                opt("multiple", 2, "Multiples", "Multiple"),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="en_bloc",
            min=2,
            max=3,
            label=t("Objectif : contrôle local à long terme", "Goal: long-term local control"),
            action=t(
                "Exérèse en bloc (large ou marginale).", "En-bloc (wide or marginal) excision."
            ),
        ),
        Stratum(
            id="marginal_intralesional",
            min=4,
            max=5,
            label=t("Objectif : contrôle local à moyen terme", "Goal: middle-term local control"),
            action=t(
                "Exérèse marginale ou intralésionnelle.", "Marginal or intralesional excision."
            ),
        ),
        Stratum(
            id="palliative",
            min=6,
            max=7,
            label=t("Objectif : palliation à court terme", "Goal: short-term palliation"),
            action=t("Chirurgie palliative.", "Palliative surgery."),
        ),
        Stratum(
            id="supportive",
            min=8,
            max=10,
            label=t(
                "Objectif : soins de support (palliatifs)", "Goal: supportive (palliative) care"
            ),
            action=t("Soins de support.", "Supportive care."),
        ),
    ),
    note=t(
        f"{FUNCTIONAL_OUTCOME.fr} La prise en compte combinée des scores de Tokuhashi et de "
        "Tomita permettrait des indications chirurgicales plus adaptées.",
        f"{FUNCTIONAL_OUTCOME.en} Weighing the Tokuhashi and Tomita scores together is said "
        "to give better-suited surgical indications.",
    ),
    record_note=t(
        "À confronter au score de Tokuhashi révisé (§3.8.5).",
        "To be weighed with the revised Tokuhashi score (§3.8.5).",
    ),
    sources=(
        guideline("§3.8.4, §3.8.5"),
        paper("Tomita K et al. Spine 2001;26:298-306."),
    ),
    deviations=(
        Deviation(
            decision=13,
            guideline="No range; growth classes undefined; visceral « Curable(s) / Non "
            "curable(s) »",
            bot="Range 2-10; growth: slow (e.g. breast, thyroid, prostate) 1, moderate "
            "(e.g. kidney, uterus) 2, rapid (e.g. lung, stomach, unknown primary) 4; "
            "visceral: none 0, treatable 2, untreatable 4; bone: solitary 1, multiple 2",
            reason="Tomita 2001; some reviews print rapid = 3, which cannot give 2-10.",
        ),
        Deviation(
            decision=14,
            guideline="4-5 « résection intra-lésionnelle »",
            bot="4-5 marginal or intralesional excision",
            reason="Tomita 2001.",
        ),
        FUNCTIONAL_OUTCOME_DEVIATION,
    ),
)
