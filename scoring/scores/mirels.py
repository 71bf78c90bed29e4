"""Mirels score: risk of pathological fracture of a long-bone metastasis (guideline §3.5.2)."""

from scoring.model import ChoiceItem, Deviation, Score, Stratum
from scoring.scores._common import guideline, opt, paper, t

MIRELS = Score(
    id="mirels",
    version=1,
    title=t("Score de Mirels", "Mirels score"),
    purpose=t(
        "Risque de fracture pathologique d'une métastase d'un os long.",
        "Risk of pathological fracture of a long-bone metastasis.",
    ),
    method="sum",
    declared_range=(4, 12),
    items=(
        ChoiceItem(
            id="site",
            prompt=t("Localisation de la lésion", "Site of the lesion"),
            options=(
                opt("upper_limb", 1, "Membre supérieur", "Upper limb"),
                opt("lower_limb", 2, "Membre inférieur", "Lower limb"),
                opt("trochanteric", 3, "Région péritrochantérienne", "Peritrochanteric region"),
            ),
        ),
        ChoiceItem(
            id="size",
            prompt=t(
                "Taille de la lésion (fraction de la corticale)",
                "Size of the lesion (fraction of the cortex)",
            ),
            options=(
                opt("under_third", 1, "Moins d'1/3 de la corticale", "Less than 1/3 of the cortex"),
                opt(
                    "third_to_two_thirds",
                    2,
                    "1/3 à 2/3 de la corticale",
                    "1/3 to 2/3 of the cortex",
                ),
                opt(
                    "over_two_thirds",
                    3,
                    "Plus de 2/3 de la corticale",
                    "More than 2/3 of the cortex",
                ),
            ),
        ),
        ChoiceItem(
            id="lesion",
            prompt=t("Type de lésion", "Type of lesion"),
            options=(
                opt("blastic", 1, "Condensante", "Blastic"),
                opt("mixed", 2, "Mixte", "Mixed"),
                opt("lytic", 3, "Lytique", "Lytic"),
            ),
        ),
        ChoiceItem(
            id="pain",
            prompt=t("Douleur", "Pain"),
            # Mirels 1989 meant functional pain, not intensity: weight-bearing pain of
            # moderate intensity is 3, not 2 (a 9, surgery, would otherwise read as an 8).
            hint=t(
                "Fonctionnelle : douleur déclenchée ou aggravée par l'usage du membre ou la "
                "mise en charge (Mirels 1989).",
                "Functional: pain brought on or made worse by using the limb or bearing "
                "weight (Mirels 1989).",
            ),
            options=(
                opt("mild", 1, "Légère", "Mild"),
                opt("moderate", 2, "Modérée", "Moderate"),
                # The hint's word, typed whole, answers it too.
                opt(
                    "functional",
                    3,
                    "Handicapante",
                    "Functional (limiting)",
                    aliases=("fonctionnelle", "functional"),
                ),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="low",
            min=4,
            max=7,
            label=t("Score ≤ 7 : risque fracturaire faible", "Score ≤ 7: low fracture risk"),
            action=t("Radiothérapie.", "Radiotherapy."),
        ),
        Stratum(
            id="borderline",
            min=8,
            max=8,
            label=t("Score = 8 : situation limite", "Score = 8: borderline"),
            action=t(
                "Discussion en RCP.",
                "Discuss at the multidisciplinary team meeting (RCP).",
            ),
        ),
        Stratum(
            id="high",
            min=9,
            max=12,
            label=t("Score ≥ 9 : risque fracturaire élevé", "Score ≥ 9: high fracture risk"),
            action=t(
                "Chirurgie prophylactique. Option, seulement pour une lésion lytique avec "
                "fracture pathologique du bassin et/ou du fémur proximal (§3.6.2) : "
                "enclouage/vissage percutané ± cimentoplastie.",
                "Prophylactic surgery. Option, only for a lytic lesion with a pathological "
                "fracture of the pelvis and/or proximal femur (§3.6.2): percutaneous "
                "nailing/screw fixation ± cementoplasty.",
            ),
        ),
    ),
    note=t(
        "Taille : le référentiel parle de fraction de la corticale ; certaines sources "
        "mesurent la fraction du diamètre de l'os.",
        "Size: the guideline uses the fraction of the cortex; some sources use the "
        "fraction of the bone's diameter.",
    ),
    record_note=t(
        "Taille : fraction de la corticale (référentiel) ; certaines sources : fraction du "
        "diamètre de l'os.",
        "Size: fraction of the cortex (guideline); some sources: fraction of the bone's diameter.",
    ),
    sources=(
        guideline("§3.5.2, §3.6.2, §3.7"),
        paper("Mirels H. Clin Orthop Relat Res 1989;249:256-64."),
    ),
    deviations=(
        Deviation(
            decision=4,
            guideline="Score « compris entre 3 et 12 points »",
            bot="Range 4-12",
            reason="Four items of 1-3 points each cannot total less than 4.",
        ),
        Deviation(
            decision=5,
            guideline="Taille « de la corticale »",
            bot="Keeps the guideline's wording and notes that some sources use bone diameter",
            reason="Unresolved between sources.",
        ),
        Deviation(
            decision=None,
            guideline="« Option : Enclouage/vissage percutané ± cimentoplastie » stands alone "
            "after the Mirels strata (left over from a lost figure)",
            bot="Shown as an option in the ≥ 9 action, restricted in its text to lytic lesions "
            "with a pathological fracture of the pelvis and/or proximal femur",
            reason="§3.6.2 indicates percutaneous screw fixation only for lytic lesions with a "
            "pathological fracture of the pelvis and/or proximal femur and a Mirels score "
            "> 8; the line is not tied to the other strata, nor to the upper limb.",
        ),
    ),
)
