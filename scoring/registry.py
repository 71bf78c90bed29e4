"""The explicit list of scores the bot offers, in the order they are presented."""

from __future__ import annotations

from scoring.errors import UnknownScore
from scoring.model import Score
from scoring.scores.frankel import FRANKEL
from scoring.scores.mirels import MIRELS
from scoring.scores.rades import RADES
from scoring.scores.sins import SINS
from scoring.scores.tokuhashi import TOKUHASHI
from scoring.scores.tomita import TOMITA

SCORES: tuple[Score, ...] = (MIRELS, RADES, SINS, FRANKEL, TOKUHASHI, TOMITA)
"""Every score, in the guideline's order (long bones, cord compression, then the spine)."""

_BY_ID = {s.id: s for s in SCORES}
if len(_BY_ID) != len(SCORES):  # pragma: no cover - a definition error, caught at import
    raise ValueError("duplicate score ids in the registry")


def score_ids() -> tuple[str, ...]:
    """Ids of every score, in order."""
    return tuple(_BY_ID)


def get_score(score_id: str) -> Score:
    """The score with this id; UnknownScore (listing the valid ids) otherwise."""
    try:
        return _BY_ID[score_id.strip().lower()]
    except KeyError:
        raise UnknownScore(score_id, score_ids()) from None
