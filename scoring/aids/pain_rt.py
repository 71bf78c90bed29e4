"""Radiotherapy for a painful bone metastasis, and after surgery (guideline §3.5.1, §3.5.4).

Radiotherapy is the first treatment of a painful uncomplicated bone metastasis that
resists analgesics and that interventional radiology cannot reach (§3.5.1); after
surgery, the adjuvant schedule is §3.5.4's.
"""

from __future__ import annotations

from scoring.conditions import All, Is
from scoring.items import ChoiceItem
from scoring.pathway import Ask, Part, Pathway, line
from scoring.scores._common import guideline, opt, paper, t

PAIN = "§3.5.1"
POSTOP = "§3.5.4"

FOR_PAIN = Is("setting", ("pain",))
INDICATED = All(FOR_PAIN, Is("indication", ("yes",)))
NOT_INDICATED = All(FOR_PAIN, Is("indication", ("no",)))

PAIN_RT = Pathway(
    id="rt_douleur",
    aliases=("rt_pain",),
    kind="aid",
    version=1,
    title=t(
        "Radiothérapie antalgique et postopératoire",
        "Radiotherapy for pain and after surgery",
    ),
    purpose=t(
        "Quel schéma de radiothérapie pour une métastase osseuse douloureuse, ou après "
        "un geste chirurgical ?",
        "Which radiotherapy schedule for a painful bone metastasis, or after surgery?",
    ),
    steps=(
        Ask(
            ChoiceItem(
                id="setting",
                prompt=t("Situation ?", "Setting?"),
                options=(
                    opt(
                        "pain",
                        None,
                        "Métastase osseuse douloureuse",
                        "Painful bone metastasis",
                    ),
                    opt(
                        "postop",
                        None,
                        "Après un geste chirurgical sur la métastase",
                        "After surgery on the metastasis",
                    ),
                ),
            )
        ),
        Ask(
            ChoiceItem(
                id="indication",
                when=FOR_PAIN,
                prompt=t(
                    "Métastase osseuse douloureuse non compliquée, résistante aux "
                    "traitements antalgiques médicamenteux et non accessible à un geste "
                    "de radiologie interventionnelle ?",
                    "Painful uncomplicated bone metastasis, resistant to analgesic drugs "
                    "and not accessible to interventional radiology?",
                ),
                options=(
                    opt("yes", None, "Oui, tout cela", "Yes, all of this"),
                    opt("no", None, "Non, pas tout", "No, not all of this"),
                ),
            )
        ),
    ),
    summary=(
        Part(
            id="schedules",
            title=t(
                "Radiothérapie antalgique : premier traitement",
                "Radiotherapy for pain: the first treatment",
            ),
            section=PAIN,
            when=INDICATED,
            lines=(
                line(
                    "Objectif palliatif ; efficacité attendue de 3 à 6 mois.",
                    "Palliative aim; the effect expected lasts 3 to 6 months.",
                ),
                line("30 Gy en 10 fractions.", "30 Gy in 10 fractions."),
                line("24 Gy en 6 fractions.", "24 Gy in 6 fractions."),
                line("20 Gy en 5 fractions.", "20 Gy in 5 fractions."),
                line(
                    "8 Gy en séance unique (effets secondaires aigus potentiellement "
                    "sévères, et effets tardifs).",
                    "8 Gy in a single fraction (acute side effects potentially severe, "
                    "and late effects).",
                ),
                line(
                    "L'étalement des doses améliore la survie sans progression et le "
                    "contrôle local à 12 mois, sans différence sur la fonction motrice.",
                    "Spreading the dose improves progression-free survival and local "
                    "control at 12 months, with no difference in motor function.",
                ),
                line(
                    "La qualité et le contrôle du positionnement du patient pendant la "
                    "séance sont importants.",
                    "The quality and control of the patient's positioning during the "
                    "session matter.",
                ),
            ),
        ),
        Part(
            id="not_first_line",
            title=t(
                "Hors de l'indication de la radiothérapie antalgique",
                "Outside the indication of radiotherapy for pain",
            ),
            section=PAIN,
            when=NOT_INDICATED,
            lines=(
                line(
                    "Le référentiel fait de la radiothérapie le premier traitement des "
                    "seules métastases douloureuses non compliquées, résistantes aux "
                    "antalgiques et non accessibles à la radiologie interventionnelle : "
                    "à discuter en RCP.",
                    "The guideline makes radiotherapy the first treatment only of "
                    "painful uncomplicated metastases that resist analgesics and that "
                    "interventional radiology cannot reach: discuss at the RCP.",
                ),
                line(
                    "Risque fracturaire d'un os long : §3.5.2 (score de Mirels, /mirels) ; "
                    "compression médullaire : §3.5.3 (score de Rades, /rades) ; "
                    "radiologie interventionnelle : §3.6 (/cimentoplastie).",
                    "Fracture risk of a long bone: §3.5.2 (Mirels score, /mirels); "
                    "spinal cord compression: §3.5.3 (Rades score, /rades); "
                    "interventional radiology: §3.6 (/cementoplasty).",
                ),
            ),
        ),
        Part(
            id="postoperative",
            title=t("Radiothérapie postopératoire", "Postoperative radiotherapy"),
            section=POSTOP,
            when=Is("setting", ("postop",)),
            lines=(
                line(
                    "Traitement de la maladie microscopique et du syndrome algique ; "
                    "elle réduit le risque de récidive locale.",
                    "Treats the microscopic disease and the pain; it reduces the risk "
                    "of local recurrence.",
                ),
                line(
                    "À débuter entre 15 jours et 3 semaines après le geste opératoire, "
                    "sur peau cicatrisée.",
                    "To start between 15 days and 3 weeks after the operation, on healed skin.",
                ),
                line(
                    "Schéma habituellement recommandé : 30 Gy en 10 fractions.",
                    "Schedule usually recommended: 30 Gy in 10 fractions.",
                ),
                line(
                    "Option à discuter : 8 Gy en dose unique, pour les os longs ou "
                    "lorsque les organes à risque peuvent être exclus des champs de "
                    "traitement, pour des sujets à faible espérance de vie ou difficiles "
                    "à mobiliser.",
                    "Option to discuss: 8 Gy in a single dose, for long bones or when "
                    "the organs at risk can be kept out of the treatment fields, for "
                    "patients with a short life expectancy or difficult to move.",
                ),
            ),
        ),
    ),
    sources=(
        guideline(f"{PAIN}, {POSTOP}"),
        paper("Lutz S et al. Int J Radiat Oncol Biol Phys 2011;79:965-76."),
        paper("Chow E et al. J Clin Oncol 2007;25:1423-36."),
        paper("Hartsell WF et al. J Natl Cancer Inst 2005;97:798-804."),
        paper("Townsend PW et al. Int J Radiat Oncol Biol Phys 1995;31:43-9."),
    ),
)
