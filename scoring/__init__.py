"""The guideline's scores, declared once as validated data, and the one function that scores them.

Pathways and aids (scoring.pathway), their flows (scoring.flow) and summaries
(scoring.summary) build on the same catalogue. Pure: no I/O, no Telegram, no state machine.

The pathways and aids are imported (and validated) on first use: `Pathway` below, and
`PATHWAYS` (see `scoring.registry`), so that scoring one score does not build them.
"""

from typing import TYPE_CHECKING

from scoring.errors import MissingAnswer, ScoringError, UnknownItem, UnknownOption, UnknownScore
from scoring.evaluate import AnswerPoints, Result, evaluate, resolve_option
from scoring.model import (
    LANGS,
    AnyItem,
    Box,
    ChecklistItem,
    ChoiceItem,
    Item,
    Lang,
    NumberItem,
    NumberRange,
    Option,
    Score,
    Source,
    Stratum,
    Text,
)
from scoring.registry import PATHWAYS, SCORES, flow_ids, get_flow, get_score, score_ids

if TYPE_CHECKING:
    from scoring.pathway import Pathway

__all__ = [
    "LANGS",
    "PATHWAYS",
    "SCORES",
    "AnswerPoints",
    "AnyItem",
    "Box",
    "ChecklistItem",
    "ChoiceItem",
    "Item",
    "Lang",
    "MissingAnswer",
    "NumberItem",
    "NumberRange",
    "Option",
    "Pathway",
    "Result",
    "Score",
    "ScoringError",
    "Source",
    "Stratum",
    "Text",
    "UnknownItem",
    "UnknownOption",
    "UnknownScore",
    "evaluate",
    "flow_ids",
    "get_flow",
    "get_score",
    "resolve_option",
    "score_ids",
]


def __getattr__(name: str) -> object:
    """`Pathway`, imported on first use (it imports nothing of the catalogue's data)."""
    if name == "Pathway":
        from scoring.pathway import Pathway

        return Pathway
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
