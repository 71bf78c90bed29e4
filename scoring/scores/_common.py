"""Shorthands that keep the score definitions readable as tables."""

from __future__ import annotations

from scoring.model import Option, Source, Text

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
