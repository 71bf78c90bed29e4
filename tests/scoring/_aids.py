"""Test helper: an aid concluded, reduced to what the clinician reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.base import Lang
from scoring.conditions import Fact
from scoring.pathway import Pathway
from scoring.registry import get_flow
from scoring.summary import conclude


@dataclass(frozen=True)
class Concluded:
    """The parts shown (id -> texts of the lines shown) and the computed values."""

    parts: dict[str, tuple[str, ...]]
    computed: dict[str, Decimal]


def conclude_aid(aid: str, answers: Mapping[str, Fact], lang: Lang) -> Concluded:
    """The summary of the aid named `aid` (id or alias) for these answers."""
    pathway = get_flow(aid)
    assert isinstance(pathway, Pathway)
    assert pathway.kind == "aid"
    summary = conclude(pathway, answers)
    return Concluded(
        parts={part.id: tuple(line(lang) for line in part.lines) for part in summary.parts},
        computed={value.id: value.value for value in summary.computed},
    )
