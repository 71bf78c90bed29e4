"""The explicit lists of scores and pathways the bot offers, in the order they are presented."""

from __future__ import annotations

from scoring.aids.antiresorptive import ANTIRESORPTIVE
from scoring.aids.cementoplasty import CEMENTOPLASTY
from scoring.aids.pain_rt import PAIN_RT
from scoring.aids.sbrt import SBRT
from scoring.errors import UnknownScore
from scoring.model import Score
from scoring.pathway import Pathway
from scoring.pathways.long_bone import LONG_BONE
from scoring.pathways.spine import SPINE
from scoring.scores import SCORES

__all__ = ["PATHWAYS", "SCORES", "flow_ids", "get_flow", "get_score", "score_ids"]

PATHWAYS: tuple[Pathway, ...] = (SPINE, LONG_BONE, ANTIRESORPTIVE, PAIN_RT, SBRT, CEMENTOPLASTY)
"""Every pathway and aid, in the order they are presented (after the scores): the
pathways, then the decision aids in the guideline's order (§3.4, §3.5.1, §3.5.5, §3.6.1)."""

_BY_ID = {s.id: s for s in SCORES}
if len(_BY_ID) != len(SCORES):  # pragma: no cover - a definition error, caught at import
    raise ValueError("duplicate score ids in the registry")


def _flows_by_name(
    scores: tuple[Score, ...], pathways: tuple[Pathway, ...]
) -> dict[str, Score | Pathway]:
    """Every command name (score id, pathway id, pathway alias) -> its flow; a name used
    twice is a definition error."""
    named: dict[str, Score | Pathway] = {}
    for flow, names in [(s, (s.id,)) for s in scores] + [(p, (p.id, *p.aliases)) for p in pathways]:
        for name in names:
            if name in named:
                raise ValueError(f"{name!r} names both {named[name].id!r} and {flow.id!r}")
            named[name] = flow
    return named


_BY_NAME = _flows_by_name(SCORES, PATHWAYS)


def score_ids() -> tuple[str, ...]:
    """Ids of every score, in order."""
    return tuple(_BY_ID)


def get_score(score_id: str) -> Score:
    """The score with this id; UnknownScore (listing the valid ids) otherwise."""
    try:
        return _BY_ID[score_id.strip().lower()]
    except KeyError:
        raise UnknownScore(score_id, score_ids()) from None


def flow_ids() -> tuple[str, ...]:
    """Ids of every score, then of every pathway and aid, in order (aliases excluded)."""
    return score_ids() + tuple(p.id for p in PATHWAYS)


def get_flow(id_or_alias: str) -> Score | Pathway:
    """The score, pathway or aid this id or alias names; UnknownScore (listing the valid
    ids) otherwise."""
    try:
        return _BY_NAME[id_or_alias.strip().lower()]
    except KeyError:
        raise UnknownScore(id_or_alias, flow_ids()) from None
