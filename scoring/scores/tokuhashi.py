"""Revised Tokuhashi score: prognosis of spinal metastases (guideline §3.8.3, Tokuhashi 2005)."""

from scoring.model import ChoiceItem, Deviation, Score, Stratum
from scoring.scores._common import (
    FUNCTIONAL_OUTCOME,
    FUNCTIONAL_OUTCOME_DEVIATION,
    guideline,
    opt,
    paper,
    t,
)

# Counts are spelled out in words ("three or more", "two", "one") so that a
# number typed by the clinician can only be read as a position in the list.
TOKUHASHI = Score(
    id="tokuhashi",
    version=1,
    title=t("Score de Tokuhashi révisé", "Revised Tokuhashi score"),
    purpose=t(
        "Pronostic vital des métastases rachidiennes.",
        "Life expectancy with spinal metastases.",
    ),
    method="sum",
    declared_range=(0, 15),
    items=(
        ChoiceItem(
            id="general_condition",
            prompt=t("État général (indice de Karnofsky)", "General condition (Karnofsky index)"),
            hint=t(
                "Indice de Karnofsky (pas l'échelle OMS/ECOG). Répondez par le numéro de la ligne.",
                "Karnofsky index (not the WHO/ECOG scale). Answer with the line's number.",
            ),
            options=(
                opt("kps_10_40", 0, "Mauvais (Karnofsky 10-40 %)", "Poor (Karnofsky 10-40%)"),
                opt("kps_50_70", 1, "Moyen (Karnofsky 50-70 %)", "Moderate (Karnofsky 50-70%)"),
                opt("kps_80_100", 2, "Bon (Karnofsky 80-100 %)", "Good (Karnofsky 80-100%)"),
            ),
        ),
        ChoiceItem(
            id="extraspinal_bone_mets",
            prompt=t(
                "Nombre de foyers de métastases osseuses extra-rachidiennes",
                "Number of extraspinal bone metastasis foci",
            ),
            hint=t(
                "Répondez par le numéro de la ligne, pas par le nombre de foyers.",
                "Answer with the line's number, not the number of foci.",
            ),
            options=(
                opt("three_or_more", 0, "Trois ou plus", "Three or more"),
                opt("one_or_two", 1, "Un ou deux", "One or two"),
                opt("none", 2, "Aucun", "None"),
            ),
        ),
        ChoiceItem(
            id="vertebral_body_mets",
            prompt=t(
                "Nombre de métastases dans les corps vertébraux",
                "Number of metastases in the vertebral bodies",
            ),
            hint=t(
                "Vertèbre concernée comprise. Répondez par le numéro de la ligne, pas par le "
                "nombre de métastases.",
                "Including the vertebra in question. Answer with the line's number, not the "
                "number of metastases.",
            ),
            options=(
                opt("three_or_more", 0, "Trois ou plus", "Three or more"),
                opt("two", 1, "Deux", "Two"),
                opt("one", 2, "Une seule", "Only one"),
            ),
        ),
        ChoiceItem(
            id="visceral_mets",
            prompt=t(
                "Métastases viscérales (organes majeurs)",
                "Metastases to major internal organs",
            ),
            options=(
                opt("unresectable", 0, "Non résécables", "Unresectable"),
                opt("resectable", 1, "Résécables", "Resectable"),
                opt("none", 2, "Aucune", "None"),
            ),
        ),
        ChoiceItem(
            id="primary",
            prompt=t("Cancer primitif", "Primary site of the cancer"),
            options=(
                opt(
                    "lung_group",
                    0,
                    "Poumon, ostéosarcome, estomac, œsophage, pancréas, vessie",
                    "Lung, osteosarcoma, stomach, bladder, oesophagus, pancreas",
                ),
                opt(
                    "liver_group",
                    1,
                    "Foie, vésicule biliaire, primitif inconnu",
                    "Liver, gallbladder, unknown primary",
                ),
                opt("other", 2, "Autres", "Others"),
                opt("kidney_uterus", 3, "Rein, utérus", "Kidney, uterus"),
                opt("rectum", 4, "Rectum", "Rectum"),
                opt(
                    "thyroid_group",
                    5,
                    "Thyroïde, prostate, sein, tumeur carcinoïde",
                    "Thyroid, breast, prostate, carcinoid tumour",
                ),
            ),
        ),
        ChoiceItem(
            id="palsy",
            prompt=t("Déficit neurologique", "Palsy (neurological deficit)"),
            options=(
                # The Frankel grade answers it too (CLINICAL.md decision 15).
                opt(
                    "complete",
                    0,
                    "Complet (Frankel A, B)",
                    "Complete (Frankel A, B)",
                    aliases=("A", "B", "Frankel A", "Frankel B"),
                ),
                opt(
                    "incomplete",
                    1,
                    "Incomplet (Frankel C, D)",
                    "Incomplete (Frankel C, D)",
                    aliases=(
                        *("C", "D", "D1", "D2", "D3"),
                        *("Frankel C", "Frankel D", "Frankel D1", "Frankel D2", "Frankel D3"),
                    ),
                ),
                opt(
                    "none",
                    2,
                    "Aucun (Frankel E)",
                    "None (Frankel E)",
                    aliases=("E", "Frankel E"),
                ),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="under_6_months",
            min=0,
            max=8,
            label=t("Espérance de vie < 6 mois", "Life expectancy < 6 months"),
            action=t("Traitement conservateur.", "Conservative treatment."),
        ),
        Stratum(
            id="over_6_months",
            min=9,
            max=11,
            label=t("Espérance de vie ≥ 6 mois", "Life expectancy ≥ 6 months"),
            action=t("Chirurgie palliative.", "Palliative surgery."),
        ),
        Stratum(
            id="over_1_year",
            min=12,
            max=15,
            label=t("Espérance de vie ≥ 1 an", "Life expectancy ≥ 1 year"),
            action=t("Chirurgie ablative (exérèse).", "Excisional surgery."),
        ),
    ),
    note=t(
        "Aucun score pronostique, même révisé, ne se montre assez fiable dans l'évaluation de "
        "la survie restante pour alimenter de façon pertinente la discussion chirurgicale "
        f"(§3.8.3). {FUNCTIONAL_OUTCOME.fr}",
        "No prognostic score, even revised, is reliable enough in estimating remaining "
        "survival to usefully inform the surgical discussion (§3.8.3). "
        f"{FUNCTIONAL_OUTCOME.en}",
    ),
    record_note=t(
        "Aucun score pronostique n'est assez fiable pour alimenter de façon pertinente la "
        "discussion chirurgicale (§3.8.3).",
        "No prognostic score is reliable enough to usefully inform the surgical discussion "
        "(§3.8.3).",
    ),
    sources=(
        guideline("§3.8.3, §3.8.5"),
        paper("Tokuhashi Y et al. Spine 2005;30:2186-91."),
    ),
    deviations=(
        Deviation(
            decision=1,
            guideline="5 items, range stated as 0-15",
            bot="6 items: adds the number of metastases in the vertebral body "
            "(≥ 3: 0, 2: 1, 1: 2), third, after extraspinal bone metastases",
            reason="With 5 items the maximum is 13 and every lung-cancer patient scores "
            "≤ 8 (< 6 months), which is wrong for the best cases (true score up to 10).",
        ),
        Deviation(
            decision=2,
            guideline="Métastases extra-spinales « >3 » = 0",
            bot="≥ 3 extraspinal bone foci = 0; 1-2 = 1; 0 = 2",
            reason="« >3 » leaves exactly 3 with no row; the item counts bone metastases.",
        ),
        Deviation(
            decision=3,
            guideline="Strata « <6 mois / >6 mois / >1 an »",
            bot="0-8 < 6 months, 9-11 ≥ 6 months, 12-15 ≥ 1 year; treatment per §3.8.5: "
            "conservative / palliative surgery / excisional surgery",
            reason="Original thresholds (Tokuhashi 2005).",
        ),
        FUNCTIONAL_OUTCOME_DEVIATION,
    ),
)
