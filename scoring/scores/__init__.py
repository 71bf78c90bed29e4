"""One module per score, each declaring its score once as data; `SCORES` lists them.

The list lives here, below the registry, so that pathways (which name scores) can be
validated against it while the registry imports them.
"""

from scoring.model import Score
from scoring.scores.frankel import FRANKEL
from scoring.scores.mirels import MIRELS
from scoring.scores.rades import RADES
from scoring.scores.sins import SINS
from scoring.scores.tokuhashi import TOKUHASHI
from scoring.scores.tomita import TOMITA

SCORES: tuple[Score, ...] = (MIRELS, RADES, SINS, FRANKEL, TOKUHASHI, TOMITA)
"""Every score, in the guideline's order (long bones, cord compression, then the spine)."""

SCORES_BY_ID: dict[str, Score] = {s.id: s for s in SCORES}
"""The same, by id."""
if len(SCORES_BY_ID) != len(SCORES):  # pragma: no cover - a definition error, caught at import
    raise ValueError("duplicate score ids in the catalogue")
