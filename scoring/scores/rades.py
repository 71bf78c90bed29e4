"""Rades score: ambulatory status after radiotherapy for spinal cord compression (§3.5.3)."""

from scoring.model import ChoiceItem, Deviation, Score, Stratum
from scoring.scores._common import guideline, opt, paper, t

RADES = Score(
    id="rades",
    version=1,
    title=t("Score de Rades", "Rades score"),
    purpose=t(
        "Statut ambulatoire (marche) après radiothérapie d'une compression médullaire "
        "métastatique.",
        "Ambulatory status after radiotherapy for metastatic spinal cord compression.",
    ),
    method="sum",
    declared_range=(21, 44),
    items=(
        ChoiceItem(
            id="primary",
            prompt=t("Type de tumeur primitive", "Type of primary tumour"),
            options=(
                opt("breast", 8, "Sein", "Breast"),
                opt("prostate", 7, "Prostate", "Prostate"),
                opt("myeloma_lymphoma", 9, "Myélome / lymphome", "Myeloma / lymphoma"),
                opt(
                    "nsclc",
                    5,
                    "Cancer bronchique non à petites cellules (CBNPC)",
                    "Non-small-cell lung cancer (NSCLC)",
                ),
                opt(
                    "sclc",
                    6,
                    "Cancer bronchique à petites cellules (CBPC)",
                    "Small-cell lung cancer (SCLC)",
                ),
                opt("unknown_primary", 5, "Primitif inconnu", "Unknown primary"),
                opt("kidney", 6, "Rein", "Kidney"),
                opt("colorectal", 6, "Colorectal", "Colorectal"),
                opt("other", 6, "Autres", "Other"),
            ),
        ),
        ChoiceItem(
            id="interval",
            prompt=t(
                "Intervalle entre le diagnostic de la tumeur et la compression médullaire",
                "Interval from tumour diagnosis to spinal cord compression",
            ),
            hint=t(
                "Répondez par le numéro de la ligne, pas par un nombre de mois.",
                "Answer with the line's number, not a number of months.",
            ),
            options=(
                opt("up_to_15_months", 6, "15 mois ou moins (≤ 15)", "15 months or less (≤ 15)"),
                opt("over_15_months", 8, "Plus de 15 mois (> 15)", "More than 15 months (> 15)"),
            ),
        ),
        ChoiceItem(
            id="visceral",
            prompt=t(
                "Métastases viscérales lors de la radiothérapie",
                "Visceral metastases at the time of radiotherapy",
            ),
            options=(
                opt("yes", 5, "Oui", "Yes"),
                opt("no", 8, "Non", "No"),
            ),
        ),
        ChoiceItem(
            id="motor",
            prompt=t(
                "Fonction motrice avant la radiothérapie", "Motor function before radiotherapy"
            ),
            options=(
                opt("ambulatory", 10, "Ambulatoire sans aide", "Ambulatory without aid"),
                opt("ambulatory_with_aid", 9, "Ambulatoire avec aide", "Ambulatory with aid"),
                opt("not_ambulatory", 3, "Non ambulatoire", "Not ambulatory"),
                opt("paraplegic", 1, "Paraplégique", "Paraplegic"),
            ),
        ),
        ChoiceItem(
            id="deficit_onset",
            prompt=t(
                "Délai de survenue du déficit moteur avant la radiothérapie",
                "Time developing motor deficits before radiotherapy",
            ),
            hint=t(
                "Temps entre l'apparition des premiers signes moteurs et le début de la "
                "radiothérapie. Score établi chez des patients ayant un déficit moteur. "
                "Répondez par le numéro de la ligne, pas par un nombre de jours.",
                "Time from the first motor symptoms to the start of radiotherapy. The score "
                "was built in patients with a motor deficit. Answer with the line's number, "
                "not a number of days.",
            ),
            options=(
                opt("days_1_to_7", 4, "1 à 7 jours", "1 to 7 days"),
                opt("days_8_to_14", 7, "8 à 14 jours", "8 to 14 days"),
                opt("over_14_days", 9, "Plus de 14 jours", "More than 14 days"),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="group_1",
            min=21,
            max=28,
            label=t(
                "Groupe I : faible taux de statut ambulatoire (marche) après radiothérapie",
                "Group I: low rate of ambulatory status after radiotherapy",
            ),
            action=t(
                "Pas de bénéfice de la chirurgie. Dose proposée (ou habituellement recommandée) : "
                "8 Gy en 1 fraction.",
                "No benefit from surgery. Proposed (or usually recommended) dose: 8 Gy in "
                "1 fraction.",
            ),
        ),
        Stratum(
            id="group_2",
            min=29,
            max=37,
            label=t(
                "Groupe II : taux intermédiaire de statut ambulatoire (marche) après radiothérapie",
                "Group II: intermediate rate of ambulatory status after radiotherapy",
            ),
            action=t(
                "Pas de bénéfice significatif de la laminectomie. Dose proposée : 20 Gy en "
                "5 fractions ou 30 Gy en 10 fractions, avec ou sans chirurgie.",
                "No significant benefit from laminectomy. Proposed dose: 20 Gy in 5 "
                "fractions or 30 Gy in 10 fractions, with or without surgery.",
            ),
        ),
        Stratum(
            id="group_3",
            min=38,
            max=44,
            label=t(
                "Groupe III : fort taux de statut ambulatoire (marche) après radiothérapie",
                "Group III: high rate of ambulatory status after radiotherapy",
            ),
            action=t(
                "Excellent résultat sans chirurgie. Dose proposée : 20 Gy en 5 fractions "
                "ou 30 Gy en 10 fractions.",
                "Excellent outcome without surgery. Proposed dose: 20 Gy in 5 fractions "
                "or 30 Gy in 10 fractions.",
            ),
        ),
    ),
    note=t(
        "Score établi chez des patients irradiés pour une compression médullaire "
        "métastatique avec déficit moteur : le groupe prédit le statut ambulatoire (marche) "
        "après radiothérapie, y compris chez des patients qui ne marchent pas avant.",
        "The score was built in patients irradiated for metastatic spinal cord compression "
        "with a motor deficit: the group predicts ambulatory status after radiotherapy, "
        "including in patients who are not walking before it.",
    ),
    record_note=t(
        "Score établi chez des patients avec déficit moteur ; prédit la marche après "
        "radiothérapie.",
        "Score built in patients with a motor deficit; predicts walking after radiotherapy.",
    ),
    sources=(
        guideline("§3.5.3"),
        paper("Rades D et al. Int J Radiat Oncol Biol Phys 2008;72:905-8 (score)."),
        paper("Rades D et al. Int J Radiat Oncol Biol Phys 2011;79:1503-6 (validation)."),
    ),
    deviations=(
        Deviation(
            decision=6,
            guideline="Intervalle « <15 mois » = 6, « >15 mois » = 8",
            bot="≤ 15 months = 6, > 15 months = 8",
            reason="Exactly 15 months must score; Rades' group convention.",
        ),
        Deviation(
            decision=7,
            guideline="« compression vasculaire »",
            bot="Spinal cord compression (compression médullaire)",
            reason="Typo in the guideline.",
        ),
        Deviation(
            decision=8,
            guideline="Cites Rades 2011 only",
            bot="Cites Rades 2008 (score built) and Rades 2011 (validation, 3 groups)",
            reason="Provenance.",
        ),
    ),
)
