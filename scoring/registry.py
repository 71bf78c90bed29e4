"""The explicit lists of scores and pathways the bot offers, in the order they are presented.

The scores are imported (and validated) with this module. The pathways and aids, which
only a pathway, an aid or the whole catalogue needs, are imported and validated on first
use (`PATHWAYS` read, a name that is not a score's looked up), once per process: so
`bonemet score sins 3+3+2+2+3+1` does not build them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, overload

from scoring.errors import UnknownScore
from scoring.model import Score
from scoring.scores import SCORES

if TYPE_CHECKING:
    from scoring.pathway import Pathway

__all__ = ["PATHWAYS", "SCORES", "flow_ids", "get_flow", "get_score", "score_ids"]


@cache
def _catalogue() -> tuple[tuple[Pathway, ...], dict[str, Score | Pathway]]:
    """Every pathway and aid, imported (so validated) on the first call, and every command
    name of the whole catalogue (checked: no name names two flows)."""
    from scoring.aids.antiresorptive import ANTIRESORPTIVE
    from scoring.aids.cementoplasty import CEMENTOPLASTY
    from scoring.aids.pain_rt import PAIN_RT
    from scoring.aids.sbrt import SBRT
    from scoring.pathways.long_bone import LONG_BONE
    from scoring.pathways.spine import SPINE

    pathways = (SPINE, LONG_BONE, ANTIRESORPTIVE, PAIN_RT, SBRT, CEMENTOPLASTY)
    return pathways, _flows_by_name(SCORES, pathways)


def _pathways() -> tuple[Pathway, ...]:
    return _catalogue()[0]


class _Pathways(Sequence["Pathway"]):
    """`PATHWAYS`: a read-only sequence whose items are imported on first use."""

    @overload
    def __getitem__(self, index: int) -> Pathway: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Pathway, ...]: ...
    def __getitem__(self, index: int | slice) -> Pathway | tuple[Pathway, ...]:
        return _pathways()[index]

    def __len__(self) -> int:
        return len(_pathways())

    def __iter__(self) -> Iterator[Pathway]:
        return iter(_pathways())

    def __contains__(self, value: object) -> bool:
        return value in _pathways()

    def __repr__(self) -> str:
        return repr(_pathways())


PATHWAYS: Sequence[Pathway] = _Pathways()
"""Every pathway and aid, in the order they are presented (after the scores): the
pathways, then the decision aids in the guideline's order (§3.4, §3.5.1, §3.5.5, §3.6.1).
Imported and validated when first read."""

_BY_ID = {s.id: s for s in SCORES}
if len(_BY_ID) != len(SCORES):  # pragma: no cover - a definition error, caught at import
    raise ValueError("duplicate score ids in the registry")


def _flows_by_name(
    scores: Sequence[Score], pathways: Sequence[Pathway]
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
    ids) otherwise. A score's id is found without importing the pathways (no name names
    two flows: that is checked whenever they are imported)."""
    name = id_or_alias.strip().lower()
    score = _BY_ID.get(name)
    if score is not None:
        return score
    try:
        return _catalogue()[1][name]
    except KeyError:
        raise UnknownScore(id_or_alias, flow_ids()) from None
