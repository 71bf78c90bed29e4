"""Stereotactic radiotherapy for oligometastatic bone disease (guideline §3.5.5).

A rare indication, to validate at the RCP: the four criteria must all hold and none
of the seven recognised contraindications. Whatever the answers, the result recalls
the normofractionated alternative for extra-spinal oligometastases.
"""

from __future__ import annotations

from scoring.conditions import All, Any, Ticked
from scoring.items import Box, ChecklistItem
from scoring.model import Deviation
from scoring.pathway import Ask, Part, Pathway, line
from scoring.scores._common import guideline, t

SECTION = "§3.5.5"

CRITERIA = ChecklistItem(
    id="criteria",
    prompt=t("Critères réunis ?", "Criteria met?"),
    boxes=(
        Box(
            id="sites",
            label=t("1 à 3 sites métastatiques osseux", "1 to 3 bone metastatic sites"),
        ),
        Box(
            id="volume",
            label=t(
                "Taille limitée, volume bien délimité en imagerie",
                "Limited size, volume well delimited on imaging",
            ),
        ),
        Box(
            id="no_visceral",
            label=t(
                "Pas de localisation secondaire viscérale",
                "No visceral metastasis",
            ),
        ),
        Box(
            id="stable",
            label=t("Situation carcinologique stabilisée", "Stabilised disease"),
        ),
    ),
)

CONTRAINDICATIONS = ChecklistItem(
    id="contraindications",
    prompt=t("Contre-indications présentes ?", "Contraindications present?"),
    boxes=(
        Box(
            id="compression",
            label=t(
                "Compression médullaire symptomatique",
                "Symptomatic spinal cord compression",
            ),
        ),
        Box(
            id="instability",
            label=t("Instabilité vertébrale", "Vertebral instability"),
            detail=t("À évaluer avec le score SINS : /sins", "Assess with the SINS: /sins"),
        ),
        Box(
            id="metabolic_rt",
            label=t("Radiothérapie métabolique", "Metabolic radiotherapy"),
        ),
        Box(
            id="recent_rt",
            label=t(
                "Radiothérapie de moins de 3 mois",
                "Radiotherapy less than 3 months ago",
            ),
            detail=t(
                "Au moins sur ce site (le référentiel ne précise pas le site) : dans le "
                "doute, cocher.",
                "At least to this site (the guideline does not name the site): when in "
                "doubt, tick.",
            ),
        ),
        Box(
            id="life_expectancy",
            label=t(
                "Espérance de vie de moins de 3 mois",
                "Life expectancy under 3 months",
            ),
        ),
        Box(
            id="canal",
            label=t(
                "Rétrécissement du canal médullaire ≥ 25 %",
                "Spinal canal narrowing ≥ 25 %",
            ),
            detail=t(
                "Le référentiel écrit > 25 % ; 25 % tout juste est compté.",
                "The guideline writes > 25 %; exactly 25 % counts.",
            ),
        ),
        Box(
            id="distance",
            label=t(
                "Distance tumeur-moelle ≤ 5 mm",
                "Tumour-to-cord distance ≤ 5 mm",
            ),
            detail=t(
                "Le référentiel écrit < 5 mm ; 5 mm tout juste est compté.",
                "The guideline writes < 5 mm; exactly 5 mm counts.",
            ),
        ),
    ),
)

CRITERION_IDS = tuple(b.id for b in CRITERIA.boxes)
CONTRAINDICATION_IDS = tuple(b.id for b in CONTRAINDICATIONS.boxes)

CANDIDATE = All(
    Ticked("criteria", CRITERION_IDS, mode="all"),
    Ticked("contraindications", CONTRAINDICATION_IDS, mode="none"),
)
NOT_CANDIDATE = Any(
    *(Ticked("criteria", (box,), mode="none") for box in CRITERION_IDS),
    Ticked("contraindications", CONTRAINDICATION_IDS, mode="any"),
)

_UNMET = {
    "sites": t("1 à 3 sites métastatiques osseux", "1 to 3 bone metastatic sites"),
    "volume": t(
        "taille limitée, volume bien délimité en imagerie",
        "limited size, volume well delimited on imaging",
    ),
    "no_visceral": t("pas de localisation secondaire viscérale", "no visceral metastasis"),
    "stable": t("situation carcinologique stabilisée", "stabilised disease"),
}
"""Each criterion as named in the result when its box is not ticked."""

_PRESENT = {
    "compression": t("compression médullaire symptomatique", "symptomatic spinal cord compression"),
    "instability": t(
        "instabilité vertébrale (à évaluer avec le score SINS : /sins)",
        "vertebral instability (assess with the SINS: /sins)",
    ),
    "metabolic_rt": t("radiothérapie métabolique", "metabolic radiotherapy"),
    "recent_rt": t("radiothérapie de moins de 3 mois", "radiotherapy less than 3 months ago"),
    "life_expectancy": t("espérance de vie de moins de 3 mois", "life expectancy under 3 months"),
    "canal": t("rétrécissement du canal médullaire ≥ 25 %", "spinal canal narrowing ≥ 25 %"),
    "distance": t("distance tumeur-moelle ≤ 5 mm", "tumour-to-cord distance ≤ 5 mm"),
}
"""Each contraindication as named in the result when its box is ticked."""
if set(_UNMET) != set(CRITERION_IDS) or set(_PRESENT) != set(CONTRAINDICATION_IDS):
    raise ValueError("sbrt: a box without its sentence in the result")  # pragma: no cover

SBRT = Pathway(
    id="sbrt",
    kind="aid",
    version=1,
    title=t(
        "Radiothérapie stéréotaxique des oligométastases osseuses",
        "Stereotactic radiotherapy of bone oligometastases",
    ),
    purpose=t(
        "Le patient peut-il être proposé pour une radiothérapie stéréotaxique à visée ablative ?",
        "May the patient be proposed for ablative stereotactic radiotherapy?",
    ),
    steps=(Ask(CRITERIA), Ask(CONTRAINDICATIONS)),
    summary=(
        Part(
            id="candidate",
            title=t("Candidat", "Candidate"),
            section=SECTION,
            when=CANDIDATE,
            lines=(
                line(
                    "Indication rare, à valider en RCP.",
                    "A rare indication, to validate at the RCP.",
                ),
                line(
                    "La technique stéréotaxique est validée pour le rachis et les autres "
                    "localisations.",
                    "The stereotactic technique is validated for the spine and the other sites.",
                ),
            ),
        ),
        Part(
            id="not_candidate",
            title=t("Pas candidat", "Not a candidate"),
            section=SECTION,
            when=NOT_CANDIDATE,
            lines=(
                *(
                    line(
                        f"Critère non réuni : {text.fr}.",
                        f"Criterion not met: {text.en}.",
                        when=Ticked("criteria", (box,), mode="none"),
                    )
                    for box, text in _UNMET.items()
                ),
                *(
                    line(
                        f"Contre-indication : {text.fr}.",
                        f"Contraindication: {text.en}.",
                        when=Ticked("contraindications", (box,)),
                    )
                    for box, text in _PRESENT.items()
                ),
            ),
        ),
        Part(
            id="extra_spinal",
            title=t(
                "Oligométastases extra-rachidiennes",
                "Extra-spinal oligometastases",
            ),
            section=SECTION,
            lines=(
                line(
                    "Un traitement normofractionné étalé peut être proposé à dose pseudo-curative.",
                    "A spread normofractionated treatment may be proposed at a "
                    "pseudo-curative dose.",
                ),
            ),
        ),
    ),
    sources=(guideline(SECTION),),
    deviations=(
        Deviation(
            decision=None,
            guideline="Contre-indication « une radiothérapie de moins de 3 mois », site not named",
            bot="Radiotherapy less than 3 months ago, read as to this site at least; the box "
            "says to tick it when in doubt",
            reason="Most conservative reading of an unspecified site (CLINICAL.md is silent).",
        ),
        Deviation(
            decision=None,
            guideline="« un rétrécissement du canal médullaire >25 % », « une distance "
            "tumeur-cordon <5 mm »",
            bot="Narrowing ≥ 25 %; tumour-to-cord distance ≤ 5 mm (the edges count as "
            "contraindications)",
            reason="The edge values have no row; counting them is the safer error, as in "
            "CLINICAL.md decision 22 (CLINICAL.md is silent here).",
        ),
    ),
)
