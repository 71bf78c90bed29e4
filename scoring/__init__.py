"""The guideline's scores, declared once as validated data, and the one function that scores them.

Pure: no I/O, no Telegram, no state machine.
"""

from scoring.errors import MissingAnswer, ScoringError, UnknownItem, UnknownOption, UnknownScore
from scoring.evaluate import AnswerPoints, Result, evaluate, resolve_option
from scoring.model import LANGS, ChoiceItem, Item, Lang, Option, Score, Source, Stratum, Text
from scoring.registry import SCORES, get_score, score_ids

__all__ = [
    "LANGS",
    "SCORES",
    "AnswerPoints",
    "ChoiceItem",
    "Item",
    "Lang",
    "MissingAnswer",
    "Option",
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
    "get_score",
    "resolve_option",
    "score_ids",
]
