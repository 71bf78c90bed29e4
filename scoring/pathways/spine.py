"""The spine pathway (/rachis, /spine): SINS, Frankel, revised Tokuhashi, Tomita and, with
a symptomatic cord compression, Rades, in one dialogue ending on one RCP summary.

Guideline §3.5.3, §3.5.4, §3.8, §3.8.1-§3.8.5; shared/CLINICAL.md decisions 19 and 20.
Every sentence of the summary is declared here, next to the rule (condition) that shows it.
"""

from __future__ import annotations

from scoring.conditions import All, Any, InStratum, Is, Not, Within
from scoring.items import ChoiceItem
from scoring.model import Deviation
from scoring.pathway import Ask, Cell, Derive, Part, Pathway, Table, UseScore, line
from scoring.scores._common import guideline, opt, t

# --- Gate questions -------------------------------------------------------------------

PRIMARY = ChoiceItem(
    id="primary",
    prompt=t("Type de cancer primitif", "Primary cancer"),
    hint=t(
        "Demandé une seule fois. Pour un cancer bronchique, le primitif de Tokuhashi, la "
        "croissance tumorale de Tomita et le primitif de Rades en sont déduits ; pour un "
        "autre primitif, chaque score pose sa propre question.",
        "Asked once. For a lung cancer, Tokuhashi's primary, Tomita's tumour growth and "
        "Rades' primary follow from it; for another primary, each score asks its own "
        "question.",
    ),
    options=(
        opt(
            "nsclc",
            None,
            "Cancer bronchique non à petites cellules (CBNPC)",
            "Non-small-cell lung cancer (NSCLC)",
        ),
        opt(
            "sclc",
            None,
            "Cancer bronchique à petites cellules (CBPC)",
            "Small-cell lung cancer (SCLC)",
        ),
        opt("other", None, "Autre primitif", "Another primary"),
    ),
)

COMPRESSION = ChoiceItem(
    id="compression",
    prompt=t("Compression médullaire symptomatique ?", "Symptomatic spinal cord compression?"),
    hint=t(
        "Si oui, le score de Rades (statut ambulatoire (marche) après radiothérapie, §3.5.3) suit.",
        "If yes, the Rades score (ambulatory status after radiotherapy, §3.5.3) follows.",
    ),
    options=(opt("yes", None, "Oui", "Yes"), opt("no", None, "Non", "No")),
)

COMPRESSED = Is("compression", ("yes",))

# --- Derivations (CLINICAL.md decision 19) ----------------------------------------------

# Frankel "intégrée au score de Tokuhashi révisé" (§3.8.2): A, B complete 0; C, D1-D3
# incomplete 1; E none 2 (the Tokuhashi table's own column "Frankel A B / C D / E").
PALSY_FROM_FRANKEL = Derive(
    source="frankel.grade",
    target="tokuhashi.palsy",
    map={
        "A": "complete",
        "B": "complete",
        "C": "incomplete",
        "D1": "incomplete",
        "D2": "incomplete",
        "D3": "incomplete",
        "E": "none",
    },
)
# A lung primary: Tokuhashi "Poumon, ..." 0; Tomita rapid growth 4 (Tomita 2001, decision
# 13); Rades CBNPC 5 / CBPC 6. Another primary: each score asks its own question (None).
TOKUHASHI_PRIMARY = Derive(
    source="primary",
    target="tokuhashi.primary",
    map={"nsclc": "lung_group", "sclc": "lung_group", "other": None},
)
TOMITA_GROWTH = Derive(
    source="primary",
    target="tomita.growth",
    map={"nsclc": "rapid", "sclc": "rapid", "other": None},
)
RADES_PRIMARY = Derive(
    source="primary",
    target="rades.primary",
    map={"nsclc": "nsclc", "sclc": "sclc", "other": None},
)

# --- Summary rules ------------------------------------------------------------------------

SINS_OPINION = Within("total:sins", min=7)
"""§3.8.1: « Solliciter un avis chirurgical est recommandé à partir de 7 »."""

# §3.8.5's table pairs Tokuhashi 12-15 with Tomita 2-3 and 4-5, 9-11 with 6-7, 0-8 with
# 8-10 (decision 20). Both scores are always answered in this pathway, so `Not` never
# reads a missing fact.
SAME_ROW = Any(
    All(
        InStratum("tokuhashi", ("over_1_year",)),
        InStratum("tomita", ("en_bloc", "marginal_intralesional")),
    ),
    All(InStratum("tokuhashi", ("over_6_months",)), InStratum("tomita", ("palliative",))),
    All(InStratum("tokuhashi", ("under_6_months",)), InStratum("tomita", ("supportive",))),
)

TOKUHASHI_6 = Within("total:tokuhashi", min=6)
TOMITA_8 = Within("total:tomita", max=8)

# A surgical option is presented: Tokuhashi >= 9 (palliative or excisional surgery),
# Tomita <= 7 (resection or palliative surgery), SINS >= 7 (surgical opinion), Rades
# group II ("avec ou sans chirurgie"). Then §3.5.4 applies, and §3.8: "dans tous les cas,
# la neurochirurgie sera complétée en postopératoire d'une radiothérapie sur le lit
# chirurgical".
SURGICAL_OPTION = Any(
    Within("total:tokuhashi", min=9),
    Within("total:tomita", max=7),
    SINS_OPINION,
    InStratum("rades", ("group_2",)),
)


def _tokuhashi(low: int, high: int, fr: str, en: str) -> Cell:
    return Cell(
        score="tokuhashi",
        min=low,
        max=high,
        text=t(f"Tokuhashi {low}-{high} : {fr}", f"Tokuhashi {low}-{high}: {en}"),
    )


def _tomita(low: int, high: int, fr: str, en: str) -> Cell:
    return Cell(
        score="tomita",
        min=low,
        max=high,
        text=t(f"Tomita {low}-{high} : {fr}", f"Tomita {low}-{high}: {en}"),
    )


# §3.8.5's table as printed: Tokuhashi's band and strategy, then Tomita's band(s) and
# strategy, one row per Tokuhashi band; "Réséction" corrected (decision 16), Tomita 4-5
# "marginal or intralesional" (decision 14).
TABLE_385 = Table(
    rows=(
        (
            _tokuhashi(12, 15, "chirurgie ablative", "excisional surgery"),
            _tomita(2, 3, "résection en bloc", "en-bloc resection"),
            _tomita(
                4,
                5,
                "résection marginale ou intralésionnelle",
                "marginal or intralesional resection",
            ),
        ),
        (
            _tokuhashi(9, 11, "chirurgie palliative", "palliative surgery"),
            _tomita(6, 7, "chirurgie palliative", "palliative surgery"),
        ),
        (
            _tokuhashi(0, 8, "traitement conservateur", "conservative treatment"),
            _tomita(8, 10, "soins de support", "supportive care"),
        ),
    )
)

SUMMARY = (
    Part(
        id="scores",
        title=t("Scores", "Scores"),
        section="§3.8.1-§3.8.4",
        scores=("sins", "frankel", "tokuhashi", "tomita"),
    ),
    Part(
        id="sins",
        title=t("Instabilité rachidienne (SINS)", "Spinal instability (SINS)"),
        section="§3.8.1",
        when=SINS_OPINION,
        lines=(
            line(
                "SINS ≥ 7 : solliciter un avis chirurgical est recommandé.",
                "SINS ≥ 7: a surgical opinion is recommended.",
            ),
        ),
    ),
    Part(
        id="tokuhashi_tomita",
        title=t(
            "Indications chirurgicales selon les scores de Tokuhashi et de Tomita",
            "Surgical indications by the Tokuhashi and Tomita scores",
        ),
        section="§3.8.5",
        table=TABLE_385,
        lines=(
            line(
                "Tokuhashi et Tomita tombent dans la même ligne du tableau.",
                "Tokuhashi and Tomita fall in the same row of the table.",
                when=SAME_ROW,
            ),
            line(
                "Tokuhashi et Tomita tombent dans des lignes différentes du tableau : les "
                "deux scores sont discordants. Le référentiel demande de les considérer "
                "ensemble (« la prise en considération combinée des scores de Tokuhashi "
                "et de Tomita permettrait de porter des indications chirurgicales plus "
                "adaptées ») : à pondérer en RCP ; aucune règle ne les combine ici.",
                "Tokuhashi and Tomita fall in different rows of the table: the two scores "
                'disagree. The guideline asks to weigh them together ("considering the '
                "Tokuhashi and Tomita scores together would allow better-suited surgical "
                'indications"): to be weighed at the RCP; no rule combines them here.',
                when=Not(SAME_ROW),
            ),
            line(
                "Les décisions doivent être prises en concertation pluridisciplinaire et "
                "tenir compte des données individuelles, en privilégiant toujours la "
                "qualité fonctionnelle de la survie même si cette dernière s'annonce "
                "courte.",
                "Decisions are to be taken at the multidisciplinary team meeting (RCP) and "
                "take individual data into account, always favouring the functional quality of "
                "survival, even when survival is expected to be short.",
            ),
        ),
    ),
    Part(
        id="functional_outcome",
        title=t(
            "Meilleur pronostic fonctionnel après chirurgie",
            "Better functional outcome after surgery",
        ),
        section="§3.8.5",
        lines=(
            line("Score de Tokuhashi ≥ 6 : rempli.", "Tokuhashi score ≥ 6: met.", when=TOKUHASHI_6),
            line(
                "Score de Tokuhashi ≥ 6 : non rempli.",
                "Tokuhashi score ≥ 6: not met.",
                when=Not(TOKUHASHI_6),
            ),
            line("Score de Tomita ≤ 8 : rempli.", "Tomita score ≤ 8: met.", when=TOMITA_8),
            line(
                "Score de Tomita ≤ 8 : non rempli.",
                "Tomita score ≤ 8: not met.",
                when=Not(TOMITA_8),
            ),
            line(
                "À évaluer en RCP : âge inférieur à 70 ans, découverte précoce, peu de "
                "comorbidité (score ASA).",
                "To be assessed at the RCP: age under 70, early discovery, few "
                "comorbidities (ASA score).",
            ),
        ),
    ),
    Part(
        id="compression",
        title=t("Compression médullaire", "Spinal cord compression"),
        section="§3.5.3",
        scores=("rades",),
        lines=(
            line(
                "Compression médullaire symptomatique : la prise en charge repose sur une "
                "irradiation exclusive en urgence ou adjuvante après geste "
                "neurochirurgical.",
                "Symptomatic spinal cord compression: management relies on radiotherapy "
                "alone as an emergency, or as an adjuvant after neurosurgery.",
                when=COMPRESSED,
            ),
            line(
                "Pas de compression médullaire symptomatique : score de Rades non calculé.",
                "No symptomatic spinal cord compression: Rades score not calculated.",
                when=Is("compression", ("no",)),
            ),
        ),
    ),
    Part(
        id="postoperative_rt",
        title=t("Radiothérapie post-opératoire", "Post-operative radiotherapy"),
        section="§3.5.4, §3.8",
        when=SURGICAL_OPTION,
        lines=(
            line(
                "Si une chirurgie est réalisée : radiothérapie post-opératoire sur le lit "
                "chirurgical, 30 Gy en 10 fractions, à débuter entre 15 jours et "
                "3 semaines après le geste opératoire, sur peau cicatrisée.",
                "If surgery is performed: post-operative radiotherapy to the surgical "
                "bed, 30 Gy in 10 fractions, starting 15 days to 3 weeks after the "
                "operation, on healed skin.",
            ),
        ),
    ),
)

SPINE = Pathway(
    id="rachis",
    aliases=("spine",),
    kind="pathway",
    version=1,
    title=t("Parcours rachis (métastase vertébrale)", "Spine pathway (vertebral metastasis)"),
    purpose=t(
        "SINS, Frankel, Tokuhashi révisé, Tomita et, en cas de compression médullaire, "
        "Rades, en un seul dialogue, avec une synthèse pour la RCP.",
        "SINS, Frankel, revised Tokuhashi, Tomita and, with cord compression, Rades, in one "
        "dialogue, with one summary for the RCP.",
    ),
    steps=(
        Ask(PRIMARY),
        UseScore(score="sins"),
        UseScore(score="frankel"),
        UseScore(score="tokuhashi"),
        UseScore(score="tomita"),
        Ask(COMPRESSION),
        UseScore(score="rades", when=COMPRESSED),
    ),
    derive=(PALSY_FROM_FRANKEL, TOKUHASHI_PRIMARY, TOMITA_GROWTH, RADES_PRIMARY),
    summary=SUMMARY,
    sources=(guideline("§3.5.3, §3.5.4, §3.8, §3.8.1-§3.8.5"),),
    deviations=(
        Deviation(
            decision=19,
            guideline="Frankel « intégrée au score de Tokuhashi révisé » (§3.8.2)",
            bot="Tokuhashi's palsy item is derived from the Frankel grade, not asked: A, B "
            "complete (0); C, D1, D2, D3 incomplete (1); E none (2)",
            reason="The Tokuhashi table's own column (Frankel A B / C D / E).",
        ),
        Deviation(
            decision=19,
            guideline="A lung-cancer guideline: the primary is asked by Tokuhashi, Tomita "
            "and Rades",
            bot="The primary is asked once (NSCLC / SCLC / another primary). Lung: "
            "Tokuhashi's primary = lung group (0), Tomita's growth = rapid (4), Rades' "
            "primary = NSCLC (5) or SCLC (6), derived and not asked. Another primary: each "
            "score asks its own question. Nothing else is derived (Rades' motor function, "
            "Tomita's visceral and bone items are asked)",
            reason="The guideline's own tables; no published Frankel-to-Rades mapping exists.",
        ),
        Deviation(
            decision=20,
            guideline="§3.8.5: one table, both strategies side by side; « la prise en "
            "considération combinée ... permettrait »",
            bot="Both rows are marked side by side; when Tokuhashi and Tomita fall in "
            "different rows (12-15 with 2-5, 9-11 with 6-7, 0-8 with 8-10) the summary says "
            "they disagree and are to be weighed at the RCP; they are never merged",
            reason="Kim 2014 (the table's source) re-weighted both scores on its own cohort.",
        ),
        Deviation(
            decision=None,
            guideline="§3.8.5 « Meilleur pronostic fonctionnel après chirurgie » lists « Pas "
            "d'atteinte locale extra-cérébrale »",
            bot="Tokuhashi ≥ 6 and Tomita ≤ 8 are marked met / not met; age < 70, early "
            "discovery and few comorbidities (ASA) are listed to be assessed at the RCP; the "
            "garbled criterion is left out, as in Tomita's note",
            reason="Its meaning cannot be recovered without inventing.",
        ),
        Deviation(
            decision=None,
            guideline="§3.5.4 post-operative radiotherapy; §3.8 « dans tous les cas, la "
            "neurochirurgie sera complétée en postopératoire d'une radiothérapie »",
            bot="Shown whenever the summary presents a surgical option: Tokuhashi ≥ 9, Tomita "
            "≤ 7, SINS ≥ 7 or Rades group II; 30 Gy in 10 fractions only (the 8 Gy single "
            "dose of §3.5.4 is for long bones or fields excluding the organs at risk, which "
            "the pathway does not ask)",
            reason="The most conservative reading: the usual schedule whenever surgery is "
            "on the table, no option whose condition is unknown.",
        ),
    ),
)
