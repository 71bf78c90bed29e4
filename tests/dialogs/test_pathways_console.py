"""The spine and long-bone pathways in `bonemet chat`, driven through a pipe as a clinician
types: one dialogue from the command to the summary, /back across score boundaries and
over derived answers. Totals and sentences are typed in from the guideline's tables
(the same patients as tests/scoring/test_pathway_summaries.py)."""

from __future__ import annotations

import re

from tests.dialogs.test_console import chat, lines

# SCLC with cord compression, Frankel D1 (tests/scoring/test_pathway_summaries.py,
# fifth spine patient), as positions in the lists shown:
SPINE_SCLC_RADES_II = (
    2,  # primary: SCLC
    *(3, 1, 2, 3, 2, 3),  # SINS: semi-rigid 1, mechanical 3, mixed 1, normal 0, < 50% 2, none 0 = 7
    4,  # Frankel D1 -> Tokuhashi palsy incomplete (1), not asked
    *(2, 2, 2, 3),  # Tokuhashi: KPS 50-70 1, 1-2 foci 1, two 1, no visceral 2 (+ lung 0) = 6
    *(1, 2),  # Tomita (growth rapid 4 derived): no visceral 0, multiple 2 = 6
    1,  # compression: yes
    *(2, 2, 2, 1),  # Rades (SCLC 6 derived): > 15 months 8, no 8, with aid 9, 1-7 days 4 = 35
)


def test_spine_pathway_from_command_to_summary() -> None:
    """/rachis asks 19 questions for an SCLC with compression and ends on one cited summary."""
    done = chat(lines("/rachis", SPINE_SCLC_RADES_II))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "non reconnue" not in out
    for total in (
        "Score SINS (instabilité rachidienne) : 7/18",
        "Score de Tokuhashi révisé : 6/15",
        "Score de Tomita : 6/10",
        "Score de Rades : 35/44",
    ):
        assert total in out
    assert "Groupe II : " in out
    assert "Grade D1" in out
    for sentence in (
        "SINS ≥ 7 : solliciter un avis chirurgical est recommandé.",
        "Tokuhashi et Tomita tombent dans des lignes différentes du tableau : les deux "
        "scores sont discordants.",
        "Score de Tokuhashi ≥ 6 : rempli.",
        "Score de Tomita ≤ 8 : rempli.",
        "Compression médullaire symptomatique : la prise en charge repose sur une "
        "irradiation exclusive en urgence ou adjuvante après geste neurochirurgical.",
        "Si une chirurgie est réalisée : radiothérapie post-opératoire sur le lit "
        "chirurgical, 30 Gy en 10 fractions, à débuter entre 15 jours et 3 semaines après "
        "le geste opératoire, sur peau cicatrisée.",
    ):
        assert sentence in out
    for section in ("(§3.8.1)", "(§3.8.5)", "(§3.5.3)", "(§3.5.4, §3.8)"):
        assert section in out
    # The derived answers are shown, marked with what they come from.
    assert "(d'après : Cancer bronchique à petites cellules (CBPC))" in out
    assert "(d'après : D1 — " in out
    # Asked once: the primary's own prompts never appear as questions.
    assert "Type de tumeur primitive\n[" not in out
    assert "Déficit neurologique\n[" not in out
    assert "Vitesse de croissance de la tumeur primitive\n[" not in out


def test_long_bone_pathway_with_a_fracture_in_english() -> None:
    """/long_bone with a pelvic fracture skips Mirels and quotes §3.6.2's condition."""
    done = chat(lines("/long_bone", (1, 3, 3)), "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Size of the lesion (fraction of the cortex)" not in out
    assert "Pathological fracture: the Mirels score is not calculated" in out
    assert '"lytic lesions with a pathological fracture of the pelvis and/or proximal femur ' in out
    assert "Pelvis or proximal femur: the guideline (§3.7.2) names no surgical technique" in out
    assert "post-operative radiotherapy to the whole bone" in out
    assert "Schedules: 30 Gy in 10 fractions" not in out


def test_long_bone_under_six_weeks_only_pain_radiotherapy() -> None:
    """/os_long, Mirels 9 but under 6 weeks: no surgical technique, the §3.5.1 schedules."""
    done = chat(lines("/os_long", (2, 2, 2, 3, 2, 1, 1)))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Score de Mirels : 9/12" in out
    assert "Espérance de vie inférieure à 6 semaines : aucun bénéfice d'une intervention " in out
    assert "Schémas : 30 Gy en 10 fractions ; 24 Gy en 6 fractions ; 20 Gy en 5 fractions" in out
    assert "enclouage centromédullaire" not in out
    assert "radiothérapie post-opératoire" not in out


def prompts(out: str) -> list[str]:
    """The questions printed, in order: the first line of each block that lists options
    (the prompt, then its hint if any, then "[1] ...")."""
    blocks = re.split(r"\n\s*\n", out)
    return [b.strip().splitlines()[0] for b in blocks if re.search(r"^\[1\] ", b, re.M)]


def test_back_across_scores_and_over_derived_answers() -> None:
    """/back from Frankel reopens SINS' last question; from Tomita's visceral question it
    reopens Tokuhashi's last asked one, stepping over the derived primary, palsy and growth."""
    script = lines(
        "/rachis",
        "1",  # NSCLC
        (1, 1, 1, 3, 4, 3),  # SINS 3 + 3 + 2 + 0 + 0 + 0 = 8
        "/back",  # at Frankel: back to SINS' posterolateral question
        "2",  # unilateral 1: SINS 9
        "7",  # Frankel E
        (3, 3, 3),  # Tokuhashi: KPS 80-100, no foci, one
        "/back",  # back to the vertebral-body question
        "3",
        "3",  # no visceral: 2 + 2 + 2 + 2 + lung 0 + none 2 = 10
        "/back",  # at Tomita's visceral question: back to Tokuhashi's visceral question
        "3",
        (1, 1),  # Tomita: rapid 4 (derived) + none 0 + solitary 1 = 5
        "2",  # no compression
    )
    done = chat(script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    asked = prompts(out)
    assert asked == [
        "Type de cancer primitif",
        "Localisation",
        "Douleur",
        "Lésion osseuse",
        "Alignement rachidien (radiographie)",
        "Tassement du corps vertébral",
        "Atteinte postéro-latérale des éléments rachidiens",
        "Grade de Frankel",
        "Atteinte postéro-latérale des éléments rachidiens",
        "Grade de Frankel",
        "État général (indice de Karnofsky)",
        "Nombre de foyers de métastases osseuses extra-rachidiennes",
        "Nombre de métastases dans les corps vertébraux",
        "Métastases viscérales (organes majeurs)",
        "Nombre de métastases dans les corps vertébraux",
        "Métastases viscérales (organes majeurs)",
        "Métastases viscérales",
        "Métastases viscérales (organes majeurs)",
        "Métastases viscérales",
        "Métastases osseuses",
        "Compression médullaire symptomatique ?",
    ]
    assert "Score SINS (instabilité rachidienne) : 9/18" in out
    assert "Score de Tokuhashi révisé : 10/15" in out
    assert "Score de Tomita : 5/10" in out
