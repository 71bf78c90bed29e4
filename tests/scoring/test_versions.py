"""Saved dialogues rely on score versions: changing what a score computes must bump its version."""

from __future__ import annotations

import hashlib
import json

import pytest

from scoring import SCORES, Score

# (version, digest of the scoring structure) per score. When a test below fails, the
# score's items, options, points or strata changed: bump `version` in its module (so
# dialogues saved with the old definition restart instead of being mis-scored), then
# record the new pair here. Wording changes do not count: sessions store ids only.
PINNED = {
    "mirels": (1, "28af499fd41a2f00"),
    "rades": (1, "7816aee1e9875e37"),
    "sins": (1, "464fae8110314319"),
    "frankel": (1, "1f686422ad5ee0fe"),
    "tokuhashi": (1, "40e6f61b23e14f5f"),
    "tomita": (1, "afbb63683d490050"),
}


def structure(score: Score) -> str:
    """A digest of everything a stored session's ids are interpreted against."""
    shape = {
        "method": score.method,
        "items": [
            [item.id, [[o.id, o.points, o.stratum] for o in item.options]] for item in score.items
        ],
        "strata": [[s.id, s.min, s.max] for s in score.strata],
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def test_every_score_is_pinned() -> None:
    """Every score in the registry has a pinned version and structure."""
    assert sorted(PINNED) == sorted(s.id for s in SCORES)


@pytest.mark.parametrize("score", SCORES, ids=lambda s: s.id)
def test_structure_changes_come_with_a_version_bump(score: Score) -> None:
    """A score's scoring structure is the one pinned for its version."""
    version, digest = PINNED[score.id]
    assert (score.version, structure(score)) == (version, digest), (
        f"{score.id}: the scoring structure changed; bump its version and re-pin"
    )
