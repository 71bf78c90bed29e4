"""Shorthands that keep the score definitions readable as tables."""

from __future__ import annotations

from scoring.model import Deviation, Option, Source, Text

GUIDELINE = (
    "Métastases osseuses des cancers bronchiques. Référentiel inter-régional "
    "OncoBFC, NEON, ONCORIF, 2022 (données au 30 juillet 2022)"
)


def t(fr: str, en: str) -> Text:
    """A text in French and English."""
    return Text(fr=fr, en=en)


def opt(
    option_id: str, points: int | None, fr: str, en: str, *, aliases: tuple[str, ...] = ()
) -> Option:
    """An option row: id, points, French label, English label (and words typed for it)."""
    return Option(id=option_id, points=points, label=t(fr, en), aliases=aliases)


def guideline(section: str) -> Source:
    """The guideline, at `section`."""
    return Source(kind="guideline", citation=GUIDELINE, section=section)


def paper(citation: str) -> Source:
    """A primary publication."""
    return Source(kind="publication", citation=citation)


# Guideline §3.8.5 "Meilleur pronostic fonctionnel après chirurgie", quoted by the notes of
# both spinal prognosis scores (Tokuhashi, Tomita). It lists six criteria; one of them,
# "Pas d'atteinte locale extra-cérébrale", is garbled and left out. The text and the
# deviation that says so are declared once, here, and travel together wherever the
# note is used.
FUNCTIONAL_OUTCOME = t(
    "Meilleur pronostic fonctionnel après chirurgie (§3.8.5) : Tokuhashi ≥ 6, Tomita ≤ 8, "
    "âge < 70 ans, découverte précoce, peu de comorbidités (score ASA).",
    "Better functional outcome after surgery (§3.8.5): Tokuhashi ≥ 6, Tomita ≤ 8, age "
    "< 70, early diagnosis, few comorbidities (ASA score).",
)

FUNCTIONAL_OUTCOME_DEVIATION = Deviation(
    decision=None,
    guideline="« Meilleur pronostic fonctionnel après chirurgie » (§3.8.5) lists « Pas "
    "d'atteinte locale extra-cérébrale »",
    bot="The note quotes the other criteria of §3.8.5 and leaves this one out",
    reason="Garbled in the source; its meaning cannot be recovered without inventing.",
)
