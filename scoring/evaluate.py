"""Turn a complete set of answers into a result: the one function every front end calls."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from scoring.errors import MissingAnswer, UnknownItem, UnknownOption
from scoring.model import Item, Option, Score, Source, Stratum, Text


class AnswerPoints(BaseModel):
    """One item's answer, as scored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    """Item id."""
    option: str
    """Option id."""
    position: int
    """1-based position of the option in the list shown."""
    points: int | None
    """Points given (None in a classification)."""
    prompt: Text
    """The item's question."""
    label: Text
    """The option's label."""


class Result(BaseModel):
    """A finished score: points per item, total, range, stratum, action and sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    score: str
    """Score id."""
    version: int
    """Score version the answers were scored with."""
    title: Text
    """Score name."""
    answers: tuple[AnswerPoints, ...]
    """One per item, in the guideline's order."""
    total: int | None
    """Sum of the points; None for a classification."""
    min: int | None
    """Lowest possible total; None for a classification."""
    max: int | None
    """Highest possible total; None for a classification."""
    stratum: Stratum
    """The stratum (or class) and the guideline's action."""
    grade: str | None
    """For a classification: the option chosen (for example Frankel's sub-grade D2)."""
    description: Text | None
    """For a classification: the chosen option's description."""
    note: Text | None
    """A caveat about the score, when it has one."""
    sources: tuple[Source, ...]
    """Guideline section and primary publications."""


MAX_POSITION_DIGITS = 6
"""A position longer than this names no option (and is never turned into an int: Python
refuses to convert strings of more than 4,300 digits)."""


def position_of(token: str) -> int | None:
    """The 1-based position a token of ASCII digits stands for; None for anything else."""
    if token.isdigit() and token.isascii() and len(token) <= MAX_POSITION_DIGITS:
        return int(token)
    return None


def find_option(item: Item, token: str) -> Option | None:
    """The option named by `token`: its id (case-insensitive) or its 1-based position
    (ASCII digits); None if it names none.

    A bare number is always a position in the list as shown, never an id or a value.
    """
    if token.isdigit() and token.isascii():
        position = position_of(token)
        if position is None or not 1 <= position <= len(item.options):
            return None
        return item.options[position - 1]
    return item.option(token)


def resolve_option(score: Score, item: Item, token: str) -> Option:
    """The option named by `token` (see `find_option`); UnknownOption if it names none."""
    token = token.strip()
    option = find_option(item, token)
    if option is None:
        raise UnknownOption(score.id, item.id, token, [o.id for o in item.options])
    return option


def evaluate(score: Score, answers: Mapping[str, str]) -> Result:
    """Score complete answers (item id -> option id or position).

    Raises UnknownItem, UnknownOption or MissingAnswer; never returns a partial total.
    """
    item_ids = [i.id for i in score.items]
    for item_id in answers:
        if score.item(item_id) is None:
            raise UnknownItem(score.id, item_id, item_ids)
    # Options are checked before completeness, so a typo is reported as such.
    resolved = {
        item.id: resolve_option(score, item, answers[item.id])
        for item in score.items
        if item.id in answers
    }
    missing = [i for i in item_ids if i not in answers]
    if missing:
        raise MissingAnswer(score.id, missing)

    scored: list[AnswerPoints] = []
    chosen: list[Option] = []
    for item in score.items:
        option = resolved[item.id]
        chosen.append(option)
        scored.append(
            AnswerPoints(
                item=item.id,
                option=option.id,
                position=item.position(option.id),
                points=option.points,
                prompt=item.prompt,
                label=option.label,
            )
        )

    if score.method == "classification":
        (option,) = chosen
        return Result(
            score=score.id,
            version=score.version,
            title=score.title,
            answers=tuple(scored),
            total=None,
            min=None,
            max=None,
            stratum=score.stratum(option.stratum or ""),
            grade=option.id,
            description=option.detail or option.label,
            note=score.note,
            sources=score.sources,
        )

    total = sum(o.points or 0 for o in chosen)
    return Result(
        score=score.id,
        version=score.version,
        title=score.title,
        answers=tuple(scored),
        total=total,
        min=score.min_total,
        max=score.max_total,
        stratum=score.stratum_for_total(total),
        grade=None,
        description=None,
        note=score.note,
        sources=score.sources,
    )
