"""Spinal Instability Neoplastic Score, SINS (guideline §3.8.1, Fisher 2010)."""

from scoring.model import ChoiceItem, Deviation, Score, Stratum
from scoring.scores._common import guideline, opt, paper, t


def levels(spec: str) -> tuple[str, ...]:
    """Vertebral levels typed as answers; thoracic levels also as French "D" (dorsal)."""
    names = spec.split()
    return tuple(names) + tuple("D" + n[1:] for n in names if n.startswith("T"))


SINS = Score(
    id="sins",
    version=1,
    title=t("Score SINS (instabilité rachidienne)", "SINS (Spinal Instability Neoplastic Score)"),
    purpose=t(
        "Instabilité rachidienne d'origine tumorale.",
        "Spinal instability caused by a tumour.",
    ),
    method="sum",
    declared_range=(0, 18),
    items=(
        ChoiceItem(
            id="location",
            prompt=t("Localisation", "Location"),
            options=(
                opt(
                    "junctional",
                    3,
                    "Jonctionnelle (occiput-C2, C7-T2, T11-L1, L5-S1)",
                    "Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)",
                    aliases=("occiput", *levels("C0 C1 C2 C7 T1 T2 T11 T12 L1 L5 S1")),
                ),
                opt(
                    "mobile",
                    2,
                    "Rachis mobile (C3-C6, L2-L4)",
                    "Mobile spine (C3-C6, L2-L4)",
                    aliases=levels("C3 C4 C5 C6 L2 L3 L4"),
                ),
                opt(
                    "semi_rigid",
                    1,
                    "Semi-rigide (T3-T10)",
                    "Semi-rigid (T3-T10)",
                    aliases=levels("T3 T4 T5 T6 T7 T8 T9 T10"),
                ),
                opt("rigid", 0, "Rigide (S2-S5)", "Rigid (S2-S5)", aliases=levels("S2 S3 S4 S5")),
            ),
        ),
        ChoiceItem(
            id="pain",
            prompt=t("Douleur", "Pain"),
            hint=t(
                "Mécanique : soulagée en décubitus, ou aggravée par les mouvements ou la "
                "mise en charge du rachis. Toute autre douleur liée à la lésion, même "
                "permanente, est « Non mécanique ».",
                "Mechanical: relieved lying down, or worse with movement or loading of the "
                "spine. Any other pain from the lesion, even constant, is “Not mechanical”.",
            ),
            options=(
                opt("mechanical", 3, "Mécanique", "Mechanical"),
                # Fisher 2010's 1-point row is the "no" to mechanical pain, constant
                # non-mechanical pain included.
                opt(
                    "occasional",
                    1,
                    "Non mécanique (occasionnelle)",
                    "Not mechanical (occasional)",
                ),
                opt("pain_free", 0, "Aucune (lésion non douloureuse)", "None (pain-free lesion)"),
            ),
        ),
        ChoiceItem(
            id="lesion",
            prompt=t("Lésion osseuse", "Bone lesion"),
            options=(
                opt("lytic", 2, "Lytique", "Lytic"),
                opt("mixed", 1, "Mixte", "Mixed (lytic/blastic)"),
                opt("blastic", 0, "Condensante", "Blastic"),
            ),
        ),
        ChoiceItem(
            id="alignment",
            prompt=t("Alignement rachidien (radiographie)", "Radiographic spinal alignment"),
            options=(
                opt(
                    "subluxation",
                    4,
                    "Subluxation / translation présente",
                    "Subluxation / translation present",
                ),
                opt(
                    "deformity",
                    2,
                    "Déformation nouvelle (cyphose, scoliose)",
                    "De novo deformity (kyphosis, scoliosis)",
                ),
                opt("normal", 0, "Alignement normal", "Normal alignment"),
            ),
        ),
        ChoiceItem(
            id="collapse",
            prompt=t("Tassement du corps vertébral", "Vertebral body collapse"),
            options=(
                opt("over_half", 3, "Tassement ≥ 50 %", "Collapse ≥ 50%"),
                opt("under_half", 2, "Tassement < 50 %", "Collapse < 50%"),
                opt(
                    "body_involved",
                    1,
                    "Pas de tassement, corps vertébral envahi à > 50 %",
                    "No collapse, > 50% of the body involved",
                ),
                opt("none", 0, "Aucune de ces situations", "None of the above"),
            ),
        ),
        ChoiceItem(
            id="posterolateral",
            prompt=t(
                "Atteinte postéro-latérale des éléments rachidiens",
                "Posterolateral involvement of the spinal elements",
            ),
            hint=t(
                "Fracture ou envahissement tumoral d'une facette, d'un pédicule ou d'une "
                "articulation costo-vertébrale.",
                "Facet, pedicle or costovertebral joint fracture or replacement with tumour.",
            ),
            options=(
                opt("bilateral", 3, "Bilatérale", "Bilateral"),
                opt("unilateral", 1, "Unilatérale", "Unilateral"),
                opt("none", 0, "Aucune", "None"),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="stable",
            min=0,
            max=6,
            label=t("Stable (0-6)", "Stable (0-6)"),
            action=t(
                "Lésion stable. L'avis chirurgical est recommandé à partir de 7.",
                "Stable lesion. A surgical opinion is recommended from 7.",
            ),
        ),
        Stratum(
            id="indeterminate",
            min=7,
            max=12,
            label=t(
                "Potentiellement instable, indéterminé (7-12)",
                "Potentially unstable, indeterminate (7-12)",
            ),
            action=t("Solliciter un avis chirurgical.", "Ask for a surgical opinion."),
        ),
        Stratum(
            id="unstable",
            min=13,
            max=18,
            label=t("Instable (13-18)", "Unstable (13-18)"),
            action=t("Solliciter un avis chirurgical.", "Ask for a surgical opinion."),
        ),
    ),
    sources=(
        guideline("§3.8.1"),
        paper("Fisher CG et al. Spine 2010;35:E1221-9."),
    ),
    deviations=(
        Deviation(
            decision=9,
            guideline="Jonctionnelle « C1-C2, C7-T2, T11-L1, L5-S1 »",
            bot="Junctional: occiput-C2, C7-T2, T11-L1, L5-S1",
            reason="Fisher 2010.",
        ),
        Deviation(
            decision=10,
            guideline="Douleur « Oui » = 3",
            bot="Mechanical pain = 3 (defined under the question); not mechanical "
            "(occasional) = 1; pain-free = 0",
            reason="Scoring any pain as 3 over-scores.",
        ),
        Deviation(
            decision=11,
            guideline="« Subluxation-recul du mur postérieur » = 4",
            bot="Subluxation / translation present = 4",
            reason="Fisher 2010.",
        ),
        Deviation(
            decision=12,
            guideline="Cites Fisher 2014",
            bot="Cites Fisher 2010 (Spine 35:E1221), where the score is defined",
            reason="Provenance.",
        ),
        Deviation(
            decision=22,
            guideline="Tassement « >50 % » = 3, « <50 % » = 2",
            bot="Exactly 50% counts as collapse ≥ 50% (3 points); < 50% = 2",
            reason="Fisher 2010 leaves 50% without a row; the higher score leads to the "
            "surgical opinion, the safer error.",
        ),
    ),
)
