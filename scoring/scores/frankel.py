"""Frankel classification of neurological function, modified with D1-D3 (guideline §3.8.2)."""

from scoring.model import ChoiceItem, Deviation, Option, Score, Stratum, Text
from scoring.scores._common import guideline, paper, t


def _grade(option_id: str, stratum: str, fr: str, en: str) -> Option:
    return Option(
        id=option_id,
        stratum=stratum,
        label=t(f"{option_id} — {fr}", f"{option_id} — {en}"),
        detail=t(fr, en),
    )


def _tokuhashi(fr: str, en: str) -> Text:
    return t(
        f"À reporter dans le score de Tokuhashi révisé, item déficit neurologique : {fr}.",
        f"Carry into the revised Tokuhashi score, palsy item: {en}.",
    )


FRANKEL = Score(
    id="frankel",
    version=1,
    title=t("Classification de Frankel", "Frankel classification"),
    purpose=t(
        "Atteinte neurologique (intégrée au score de Tokuhashi révisé).",
        "Neurological impairment (feeds the revised Tokuhashi score).",
    ),
    method="classification",
    items=(
        ChoiceItem(
            id="grade",
            prompt=t("Grade de Frankel", "Frankel grade"),
            options=(
                _grade(
                    "A", "A", "Déficit sensitivo-moteur complet", "Complete motor and sensory loss"
                ),
                _grade(
                    "B",
                    "B",
                    "Déficit moteur complet, sensibilité (en partie) préservée",
                    "Complete motor loss, some sensation preserved",
                ),
                _grade(
                    "C",
                    "C",
                    "Pas de déambulation (fauteuil roulant), quelques fonctions motrices",
                    "Cannot walk (wheelchair), some motor function",
                ),
                _grade(
                    "D1",
                    "D",
                    "Déambulation avec signes neurologiques, avec déambulateur",
                    "Walks with neurological signs, with a walker",
                ),
                _grade(
                    "D2",
                    "D",
                    "Déambulation avec signes neurologiques, avec canne",
                    "Walks with neurological signs, with a cane",
                ),
                _grade(
                    "D3",
                    "D",
                    "Déambulation avec signes neurologiques, sans aide technique",
                    "Walks with neurological signs, without aid",
                ),
                _grade(
                    "E", "E", "Fonctions neurologiques normales", "Normal neurological function"
                ),
            ),
        ),
    ),
    strata=(
        Stratum(
            id="A",
            label=t("Grade A", "Grade A"),
            action=_tokuhashi(
                "complet (Frankel A, B), 0 point", "complete (Frankel A, B), 0 points"
            ),
        ),
        Stratum(
            id="B",
            label=t("Grade B", "Grade B"),
            action=_tokuhashi(
                "complet (Frankel A, B), 0 point", "complete (Frankel A, B), 0 points"
            ),
        ),
        Stratum(
            id="C",
            label=t("Grade C", "Grade C"),
            action=_tokuhashi(
                "incomplet (Frankel C, D), 1 point", "incomplete (Frankel C, D), 1 point"
            ),
        ),
        Stratum(
            id="D",
            label=t("Grade D", "Grade D"),
            action=_tokuhashi(
                "incomplet (Frankel C, D), 1 point", "incomplete (Frankel C, D), 1 point"
            ),
        ),
        Stratum(
            id="E",
            label=t("Grade E", "Grade E"),
            action=_tokuhashi("aucun (Frankel E), 2 points", "none (Frankel E), 2 points"),
        ),
    ),
    note=t(
        "D1, D2 et D3 sont les sous-grades de la classification de Frankel modifiée, telle "
        "que le référentiel la présente (§3.8.2) : Frankel 1969 ne définit que les grades A "
        "à E.",
        "D1, D2 and D3 are the sub-grades of the modified Frankel classification, as the "
        "guideline gives it (§3.8.2): Frankel 1969 defines grades A to E only.",
    ),
    record_note=t(
        "D1-D3 : sous-grades du Frankel modifié (§3.8.2), pas de Frankel 1969.",
        "D1-D3: sub-grades of the modified Frankel classification (§3.8.2), not Frankel 1969.",
    ),
    sources=(
        guideline("§3.8.2"),
        paper("Frankel HL et al. Paraplegia 1969;7:179-92."),
    ),
    deviations=(
        Deviation(
            decision=15,
            guideline="D1/D2/D3 listed inside grade D",
            bot="D1, D2, D3 offered as sub-grades of D (modified Frankel); A-B / C-D / E "
            "mapped onto the Tokuhashi palsy item",
            reason="The guideline says Frankel feeds Tokuhashi.",
        ),
    ),
)
