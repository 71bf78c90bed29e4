"""The long-bone pathway (/os_long, /long_bone): pathological fracture, Mirels, the site
and the team's estimate of life expectancy, in one dialogue ending on one RCP summary.

Guideline §3.5.1, §3.5.2, §3.5.4, §3.6.1, §3.6.2, §3.7, §3.7.2; shared/CLINICAL.md
decision 21. Every sentence of the summary is declared here, next to the rule
(condition) that shows it.
"""

from __future__ import annotations

from scoring.conditions import All, Any, InStratum, Is
from scoring.items import ChoiceItem
from scoring.model import Deviation
from scoring.pathway import Ask, Part, Pathway, UseScore, line
from scoring.scores._common import guideline, opt, t

# --- Gate questions -------------------------------------------------------------------

FRACTURE = ChoiceItem(
    id="fracture",
    prompt=t("Fracture pathologique présente ?", "Pathological fracture present?"),
    hint=t(
        "Avec une fracture, le score de Mirels (qui prédit le risque de fracture) n'est pas "
        "demandé.",
        "With a fracture, the Mirels score (which predicts the risk of fracture) is not asked.",
    ),
    options=(opt("yes", None, "Oui", "Yes"), opt("no", None, "Non", "No")),
)

SITE = ChoiceItem(
    id="site",
    prompt=t(
        "Siège de la lésion (pour la technique chirurgicale)",
        "Site of the lesion (for the surgical technique)",
    ),
    options=(
        opt(
            "diaphysis",
            None,
            "Diaphyse ou région métaphyso-diaphysaire d'un os long",
            "Diaphysis or metaphyso-diaphyseal region of a long bone",
        ),
        opt("femoral_head_neck", None, "Tête ou col du fémur", "Femoral head or neck"),
        opt(
            "pelvis_proximal_femur",
            None,
            "Bassin ou fémur proximal (hors tête et col)",
            "Pelvis or proximal femur (other than head and neck)",
        ),
    ),
)

# Decision 21: four bands, the team's estimate, never computed from a score. Edges read
# literally: "inférieure à 6 semaines" leaves 6 weeks in the second band; arthroplasty
# needs "supérieur à 6 mois", so 6 months is in the second band; "entre 6 semaines et
# 1 an" holds 1 year, so 1 year is in the third.
LIFE_EXPECTANCY = ChoiceItem(
    id="life_expectancy",
    prompt=t(
        "Espérance de vie estimée par l'équipe",
        "Life expectancy as estimated by the team",
    ),
    hint=t(
        "Estimation clinique de l'équipe, non calculée par un score. Répondez par le numéro "
        "de la ligne.",
        "The team's clinical estimate, not computed from a score. Answer with the line's number.",
    ),
    options=(
        opt("under_6_weeks", None, "Moins de 6 semaines", "Under 6 weeks"),
        opt("up_to_6_months", None, "De 6 semaines à 6 mois", "6 weeks to 6 months"),
        opt("up_to_1_year", None, "Plus de 6 mois, jusqu'à 1 an", "Over 6 months, up to 1 year"),
        opt("over_1_year", None, "Plus d'1 an", "Over 1 year"),
    ),
)

# --- Summary rules ------------------------------------------------------------------------

WITH_FRACTURE = Is("fracture", ("yes",))
WITHOUT_FRACTURE = Is("fracture", ("no",))
UNDER_6_WEEKS = Is("life_expectancy", ("under_6_weeks",))
AT_LEAST_6_WEEKS = Is("life_expectancy", ("up_to_6_months", "up_to_1_year", "over_1_year"))

# Surgery is on the table (§3.7): curative of a symptom with an established fracture;
# Mirels >= 9 prophylactic surgery; Mirels 8 discussed at the RCP (surgery included).
# With Mirels <= 7 the guideline's action is radiotherapy: no surgical part is shown.
SURGERY_DISCUSSED = Any(WITH_FRACTURE, InStratum("mirels", ("borderline", "high")))
# Under 6 weeks surgery brings no benefit (§3.7): no approach, technique or post-op RT.
SURGICAL_PARTS = All(SURGERY_DISCUSSED, AT_LEAST_6_WEEKS)

PAIN_RT = Any(InStratum("mirels", ("low",)), UNDER_6_WEEKS)
"""§3.5.2: Mirels <= 7 radiotherapy; under 6 weeks, radiotherapy is what remains."""

SUMMARY = (
    Part(
        id="fracture",
        title=t("Fracture pathologique", "Pathological fracture"),
        section="§3.7",
        when=WITH_FRACTURE,
        lines=(
            line(
                "Fracture pathologique : le score de Mirels n'est pas calculé (il prédit "
                "le risque de fracture).",
                "Pathological fracture: the Mirels score is not calculated (it predicts the "
                "risk of fracture).",
            ),
            line(
                "Le traitement chirurgical se discute en RCP comme traitement curatif du "
                "symptôme : fracture avérée sur lésion pathologique.",
                "Surgery is discussed at the RCP as treatment of the symptom: an "
                "established fracture through a pathological lesion.",
                when=AT_LEAST_6_WEEKS,
            ),
        ),
    ),
    Part(
        id="mirels",
        title=t("Risque fracturaire (Mirels)", "Fracture risk (Mirels)"),
        section="§3.5.2, §3.7",
        when=WITHOUT_FRACTURE,
        scores=("mirels",),
    ),
    Part(
        id="no_surgery",
        title=t("Chirurgie selon l'espérance de vie", "Surgery by life expectancy"),
        section="§3.7",
        when=UNDER_6_WEEKS,
        lines=(
            line(
                "Espérance de vie inférieure à 6 semaines : aucun bénéfice d'une "
                "intervention chirurgicale.",
                "Life expectancy under 6 weeks: no benefit from surgery.",
            ),
        ),
    ),
    Part(
        id="approach",
        title=t("Chirurgie selon l'espérance de vie", "Surgery by life expectancy"),
        section="§3.7",
        when=SURGICAL_PARTS,
        lines=(
            line(
                "La décision d'un traitement chirurgical est prise en RCP et tient compte "
                "de l'indication théorique de chirurgie, de l'espérance de vie, de l'état "
                "général, des besoins fonctionnels du malade, du bénéfice attendu, des "
                "risques de l'intervention et du programme oncologique global.",
                "The decision to operate is taken at the RCP, taking into account the "
                "theoretical indication for surgery, the life expectancy, the general "
                "condition, the patient's functional needs, the expected benefit, the "
                "risks of the operation and the overall oncological plan.",
            ),
            line(
                "Espérance de vie entre 6 semaines et 1 an : techniques d'ostéosynthèse "
                "et de stabilisation moins agressives, potentiellement moins durables.",
                "Life expectancy between 6 weeks and 1 year: less aggressive "
                "osteosynthesis and stabilisation techniques, potentially less durable.",
                when=Is("life_expectancy", ("up_to_6_months", "up_to_1_year")),
            ),
            line(
                "Espérance de vie supérieure à 1 an : chirurgie de type "
                "« résection-reconstruction », pour une stabilisation durable et un "
                "contrôle tumoral local prolongé.",
                "Life expectancy over 1 year: resection-reconstruction surgery, for "
                "durable stabilisation and prolonged local tumour control.",
                when=Is("life_expectancy", ("over_1_year",)),
            ),
        ),
    ),
    Part(
        id="technique",
        title=t("Technique chirurgicale selon le siège", "Surgical technique by site"),
        section="§3.7.2",
        when=SURGICAL_PARTS,
        lines=(
            line(
                "Diaphyse ou région métaphyso-diaphysaire : ostéosynthèse par enclouage "
                "centromédullaire ou par plaque à vis verrouillées ; un "
                "curetage-cimentation de la lésion peut être associé en cas de perte "
                "osseuse importante ou de radiothérapie associée.",
                "Diaphysis or metaphyso-diaphyseal region: osteosynthesis by "
                "intramedullary nailing or a locked plate; curettage and cementation of "
                "the lesion may be added if bone loss is large or radiotherapy is "
                "associated.",
                when=Is("site", ("diaphysis",)),
            ),
            line(
                "Tête ou col du fémur, pronostic vital supérieur à 6 mois : arthroplastie ; "
                "les prothèses seront toujours cimentées.",
                "Femoral head or neck, life expectancy over 6 months: arthroplasty; the "
                "prostheses are always cemented.",
                when=All(
                    Is("site", ("femoral_head_neck",)),
                    Is("life_expectancy", ("up_to_1_year", "over_1_year")),
                ),
            ),
            line(
                "Tête ou col du fémur, pronostic vital de 6 mois au plus : le référentiel "
                "n'indique l'arthroplastie qu'au-delà de 6 mois et ne nomme pas d'autre "
                "technique pour ce siège ; à décider en RCP.",
                "Femoral head or neck, life expectancy of 6 months or less: the guideline "
                "indicates arthroplasty only beyond 6 months and names no other technique "
                "for this site; to be decided at the RCP.",
                when=All(
                    Is("site", ("femoral_head_neck",)),
                    Is("life_expectancy", ("up_to_6_months",)),
                ),
            ),
            line(
                "Bassin ou fémur proximal : le référentiel (§3.7.2) ne nomme pas de "
                "technique chirurgicale pour ce siège ; à décider en RCP.",
                "Pelvis or proximal femur: the guideline (§3.7.2) names no surgical "
                "technique for this site; to be decided at the RCP.",
                when=Is("site", ("pelvis_proximal_femur",)),
            ),
        ),
    ),
    Part(
        id="screw_fixation",
        title=t("Vissage percutané", "Percutaneous screw fixation"),
        section="§3.6.2",
        when=All(
            WITH_FRACTURE,
            AT_LEAST_6_WEEKS,
            Is("site", ("femoral_head_neck", "pelvis_proximal_femur")),
        ),
        lines=(
            line(
                "Option : vissage percutané sous guidage scanner et/ou fluoroscopique. "
                "Condition du référentiel : « lésions lytiques avec fracture pathologique "
                "du bassin et/ou du fémur proximal avec un score de Mirels >8 ». Au "
                "niveau du bassin, il peut stabiliser certaines fractures pathologiques "
                "pour lesquelles une chirurgie serait trop invasive.",
                "Option: percutaneous screw fixation under CT and/or fluoroscopic "
                "guidance. The guideline's condition: \"lytic lesions with a "
                "pathological fracture of the pelvis and/or proximal femur with a Mirels "
                'score > 8". In the pelvis, it can stabilise some pathological fractures '
                "for which surgery would be too invasive.",
            ),
        ),
    ),
    Part(
        id="postoperative_rt",
        title=t("Radiothérapie post-opératoire", "Post-operative radiotherapy"),
        section="§3.7, §3.5.4",
        when=SURGICAL_PARTS,
        lines=(
            line(
                "Si une chirurgie est réalisée : radiothérapie post-opératoire sur "
                "l'ensemble de la pièce osseuse, à débuter entre 15 jours et 3 semaines "
                "après le geste opératoire, sur peau cicatrisée ; schéma habituellement "
                "recommandé : 30 Gy en 10 fractions.",
                "If surgery is performed: post-operative radiotherapy to the whole bone, "
                "starting 15 days to 3 weeks after the operation, on healed skin; usual "
                "schedule: 30 Gy in 10 fractions.",
            ),
            line(
                "Une dose unique de 8 Gy est une option à discuter, pour les os longs ou "
                "lorsque les organes à risque peuvent être exclus des champs de "
                "traitement, pour des sujets à faible espérance de vie ou difficiles à "
                "mobiliser.",
                "A single dose of 8 Gy is an option to discuss, for long bones or when "
                "the organs at risk can be kept out of the fields, for patients with a "
                "short life expectancy or difficult to move.",
            ),
        ),
    ),
    Part(
        id="pain_rt",
        title=t("Radiothérapie antalgique", "Pain radiotherapy"),
        section="§3.5.1",
        when=PAIN_RT,
        lines=(
            line(
                "La radiothérapie constitue le premier traitement des métastases osseuses "
                "douloureuses non compliquées, résistantes aux traitements antalgiques "
                "médicamenteux et non accessibles à un geste de radiologie "
                "interventionnelle.",
                "Radiotherapy is the first treatment of painful uncomplicated bone "
                "metastases that resist analgesic drugs and are not amenable to "
                "interventional radiology.",
            ),
            line(
                "Objectif palliatif ; efficacité attendue de 3 à 6 mois.",
                "Palliative aim; expected effect: 3 to 6 months.",
            ),
            line(
                "Schémas : 30 Gy en 10 fractions ; 24 Gy en 6 fractions ; 20 Gy en "
                "5 fractions ; 8 Gy en séance unique (effets secondaires aigus "
                "potentiellement sévères et tardifs).",
                "Schedules: 30 Gy in 10 fractions; 24 Gy in 6 fractions; 20 Gy in "
                "5 fractions; 8 Gy in a single session (potentially severe acute and "
                "late side effects).",
            ),
            line(
                "L'étalement des doses améliore la survie sans progression et le contrôle "
                "local à 12 mois, sans différence sur la fonction motrice.",
                "Fractionation improves progression-free survival and local control at "
                "12 months, with no difference in motor function.",
            ),
        ),
    ),
    Part(
        id="cementoplasty",
        title=t("Cimentoplastie", "Cementoplasty"),
        section="§3.6.1",
        when=All(WITHOUT_FRACTURE, AT_LEAST_6_WEEKS),
        lines=(
            line(
                "La cimentoplastie ne s'adresse pas aux lésions pré-fracturaires d'os "
                "longs en zone portante.",
                "Cementoplasty is not for pre-fracture lesions of weight-bearing long bones.",
            ),
        ),
    ),
)

LONG_BONE = Pathway(
    id="os_long",
    aliases=("long_bone",),
    kind="pathway",
    version=2,
    title=t("Parcours os long", "Long-bone pathway"),
    purpose=t(
        "Fracture pathologique, score de Mirels, siège et espérance de vie, en un seul "
        "dialogue, avec une synthèse pour la RCP.",
        "Pathological fracture, Mirels score, site and life expectancy, in one dialogue, "
        "with one summary for the RCP.",
    ),
    steps=(
        Ask(FRACTURE),
        UseScore(score="mirels", when=WITHOUT_FRACTURE),
        Ask(SITE),
        Ask(LIFE_EXPECTANCY),
    ),
    summary=SUMMARY,
    sources=(guideline("§3.5.1, §3.5.2, §3.5.4, §3.6.1, §3.6.2, §3.7, §3.7.2"),),
    deviations=(
        Deviation(
            decision=21,
            guideline="§3.7 « inférieure à 6 semaines / entre 6 semaines et 1 an / "
            "supérieure à 1 an »; §3.7.2 arthroplasties « pronostic vital supérieur à 6 mois »",
            bot="One question, the team's estimate in four bands: under 6 weeks, 6 weeks to "
            "6 months, over 6 months up to 1 year, over 1 year. Edges read literally: "
            "exactly 6 weeks and exactly 6 months fall in the second band, exactly 1 year in "
            "the third",
            reason="One question serves both rules; never computed from a score.",
        ),
        Deviation(
            decision=None,
            guideline="§3.7: surgery is preventive if Mirels ≥ 9, curative with an "
            "established fracture; §3.5.2: Mirels 8 discussed at the RCP, ≤ 7 radiotherapy",
            bot="The surgical approach, technique and post-operative radiotherapy are shown "
            "with a fracture or Mirels ≥ 8, and only when the life expectancy is 6 weeks or "
            "more; with Mirels ≤ 7 or under 6 weeks, the pain radiotherapy schedules",
            reason="The most conservative reading: surgery is presented only where the "
            "guideline presents it for these answers.",
        ),
        Deviation(
            decision=None,
            guideline="§3.6.2 vissage percutané: « lésions lytiques avec fracture "
            "pathologique du bassin et/ou du fémur proximal avec un score de Mirels >8 »",
            bot="Shown, with that condition quoted, with a pathological fracture of the "
            "pelvis, the proximal femur or the femoral head or neck (part of the proximal "
            "femur), from 6 weeks of life expectancy; the site question lists the femoral "
            "head or neck apart (§3.7.2 arthroplasty) and the rest of the proximal femur "
            "with the pelvis",
            reason="The guideline's condition requires a pathological fracture; Mirels, "
            "not asked with a fracture, is left to the RCP with the quoted condition.",
        ),
        Deviation(
            decision=None,
            guideline="§3.5.1: radiotherapy is « le premier traitement des métastases osseuses "
            "douloureuses non compliquées »; §3.6.1: cementoplasty « à l'exception des lésions "
            "pré-fracturaires d'os longs en zone portante »",
            bot="The pain schedules (Mirels ≤ 7, or any answer under 6 weeks, a fracture "
            "included) are shown with §3.5.1's own indication quoted; the cementoplasty limit "
            "is shown without a fracture, from 6 weeks of life expectancy",
            reason="Under 6 weeks only the absence of benefit of surgery and the pain "
            "schedules are shown (issue 7); quoting the indication keeps its scope visible "
            "when the metastasis is complicated by a fracture.",
        ),
    ),
)
