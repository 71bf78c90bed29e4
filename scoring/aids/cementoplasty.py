"""Cementoplasty of a painful osteolytic bone metastasis (guideline §3.6.1).

The decision is taken at the RCP with the interventional radiologists. This aid
gathers what the guideline asks for it: at least one of the five main indications,
none of the contraindications, and no situation where another technique is the one.
"""

from __future__ import annotations

from scoring.conditions import All, Any, Ticked
from scoring.items import Box, ChecklistItem
from scoring.pathway import Ask, Part, Pathway, line
from scoring.scores._common import guideline, paper, t

SECTION = "§3.6.1"

INDICATIONS = ChecklistItem(
    id="indications",
    prompt=t("Indications présentes ?", "Indications present?"),
    boxes=(
        Box(
            id="pain",
            label=t(
                "Mauvais contrôle de la douleur par le traitement antalgique médicamenteux",
                "Pain poorly controlled by analgesic drugs",
            ),
        ),
        Box(
            id="opioids",
            label=t(
                "Complication ou mauvaise tolérance du traitement par opiacés",
                "Complication or poor tolerance of opioid treatment",
            ),
        ),
        Box(
            id="alternative",
            label=t(
                "Alternative à d'autres techniques inefficaces ou non indiquées en "
                "situation palliative",
                "Alternative to other techniques, ineffective or not indicated, in palliative care",
            ),
            detail=t(
                "Contre-indication opératoire, impossibilité de ré-irradiation.",
                "Surgery contraindicated, re-irradiation impossible.",
            ),
        ),
        Box(
            id="stabilisation",
            label=t(
                "Visée antalgique et de stabilisation, en alternative à une chirurgie "
                "beaucoup plus lourde ou avec une radiothérapie antalgique",
                "Pain relief and stabilisation, instead of much heavier surgery or with "
                "radiotherapy for pain",
            ),
        ),
        Box(
            id="prevention",
            label=t(
                "Consolidation préventive d'une lésion fragilisante en zone à risque",
                "Preventive consolidation of a weakening lesion in an area at risk",
            ),
            detail=t(
                "Localisation cervicale, charnière thoraco-lombaire, toit du cotyle.",
                "Cervical spine, thoracolumbar junction, acetabular roof.",
            ),
        ),
    ),
)

CONTRAINDICATIONS = ChecklistItem(
    id="contraindications",
    prompt=t("Contre-indications présentes ?", "Contraindications present?"),
    boxes=(
        Box(
            id="puncture_infection",
            label=t(
                "Site infectieux au point de ponction",
                "Infection at the puncture site",
            ),
        ),
        Box(
            id="sepsis",
            label=t(
                "Sepsis d'origine indéterminée et/ou non contrôlé",
                "Sepsis of unknown origin and/or uncontrolled",
            ),
        ),
    ),
)

OTHER_TECHNIQUE = ChecklistItem(
    id="other_technique",
    prompt=t(
        "La lésion est-elle dans l'un de ces cas, où la cimentoplastie n'est pas la technique ?",
        "Is the lesion in one of these cases, where cementoplasty is not the technique?",
    ),
    boxes=(
        Box(
            id="long_bone",
            label=t(
                "Lésion pré-fracturaire d'un os long en zone portante",
                "Pre-fracture lesion of a weight-bearing long bone",
            ),
        ),
        Box(
            id="soft_tissue",
            label=t(
                "Lésion très volumineuse, ou touchant davantage les tissus mous adjacents que l'os",
                "Very large lesion, or one reaching the adjacent soft tissue more than the bone",
            ),
        ),
    ),
)

INDICATION_IDS = tuple(b.id for b in INDICATIONS.boxes)
CONTRAINDICATION_IDS = tuple(b.id for b in CONTRAINDICATIONS.boxes)
OTHER_IDS = tuple(b.id for b in OTHER_TECHNIQUE.boxes)

CANDIDATE = All(
    Ticked("indications", INDICATION_IDS, mode="any"),
    Ticked("contraindications", CONTRAINDICATION_IDS, mode="none"),
    Ticked("other_technique", OTHER_IDS, mode="none"),
)
NOT_CANDIDATE = Any(
    Ticked("indications", INDICATION_IDS, mode="none"),
    Ticked("contraindications", CONTRAINDICATION_IDS, mode="any"),
    Ticked("other_technique", OTHER_IDS, mode="any"),
)

CEMENTOPLASTY = Pathway(
    id="cimentoplastie",
    aliases=("cementoplasty",),
    kind="aid",
    version=1,
    title=t("Cimentoplastie", "Cementoplasty"),
    purpose=t(
        "La cimentoplastie d'une lésion ostéolytique symptomatique est-elle à discuter ?",
        "Is cementoplasty of a symptomatic osteolytic lesion to discuss?",
    ),
    steps=(Ask(INDICATIONS), Ask(CONTRAINDICATIONS), Ask(OTHER_TECHNIQUE)),
    summary=(
        Part(
            id="candidate",
            title=t(
                "À discuter avec les radiologues interventionnels en RCP",
                "To discuss with the interventional radiologists at the RCP",
            ),
            section=SECTION,
            when=CANDIDATE,
            lines=(
                line(
                    "La lésion doit avoir été authentifiée comme responsable des signes "
                    "cliniques par l'interrogatoire, l'examen clinique et l'imagerie.",
                    "The lesion must have been shown to cause the symptoms by the "
                    "history, the clinical examination and the imaging together.",
                ),
                line(
                    "Avant le geste : bilan de la coagulation, et gestion des "
                    "anticoagulants ou antiagrégants.",
                    "Before the procedure: coagulation tests, and management of "
                    "anticoagulants or antiplatelet drugs.",
                ),
                line(
                    "Diminution significative des douleurs dans environ 80 % des cas ; "
                    "principale complication redoutée : la fuite de ciment.",
                    "Significant pain relief in about 80 % of cases; the main "
                    "complication feared: cement leakage.",
                ),
                line(
                    "Elle ne vise pas le contrôle local de la tumeur.",
                    "It does not aim at local control of the tumour.",
                ),
            ),
        ),
        Part(
            id="not_candidate",
            title=t("Pas candidat à la cimentoplastie", "Not a candidate for cementoplasty"),
            section=SECTION,
            when=NOT_CANDIDATE,
            lines=(
                line(
                    "Aucune des principales indications.",
                    "None of the main indications.",
                    when=Ticked("indications", INDICATION_IDS, mode="none"),
                ),
                line(
                    "Contre-indication : site infectieux au point de ponction.",
                    "Contraindication: infection at the puncture site.",
                    when=Ticked("contraindications", ("puncture_infection",)),
                ),
                line(
                    "Contre-indication : sepsis d'origine indéterminée et/ou non contrôlé.",
                    "Contraindication: sepsis of unknown origin and/or uncontrolled.",
                    when=Ticked("contraindications", ("sepsis",)),
                ),
                line(
                    "Lésion pré-fracturaire d'un os long en zone portante : la "
                    "cimentoplastie ne s'y applique pas (os long : §3.5.2, score de "
                    "Mirels, /mirels).",
                    "Pre-fracture lesion of a weight-bearing long bone: cementoplasty "
                    "does not apply (long bone: §3.5.2, Mirels score, /mirels).",
                    when=Ticked("other_technique", ("long_bone",)),
                ),
                line(
                    "Lésion très volumineuse ou surtout dans les tissus mous : une "
                    "ablation percutanée est préférable (§3.6.3).",
                    "Very large lesion, or mostly in the soft tissue: percutaneous "
                    "ablation is preferable (§3.6.3).",
                    when=Ticked("other_technique", ("soft_tissue",)),
                ),
            ),
        ),
    ),
    sources=(
        guideline(SECTION),
        paper("Jakobs TF et al. Eur Radiol 2007;17:2166-75."),
        paper("Laredo JD, Hamze B. Skeletal Radiol 2004;33:493-505."),
    ),
)
