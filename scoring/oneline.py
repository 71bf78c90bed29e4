"""A score in one line, as clinicians write it in a note: pure parsing, no I/O.

Three forms, for any score of the catalogue:

- points: `3+3+2+2+3+1`, the points of each item in the guideline's order. Each value
  must be a point value of its item; where several options share it (Rades: NSCLC and
  unknown primary both 5) it is accepted and the tie is reported, so the result can
  name every option it stands for.
- item=option: `location=junctional pain=1 ...`, an option id or its 1-based position
  in the list shown (a bare number is a position, as in `bonemet score`); items left
  out are asked afterwards.
- a one-item score (Frankel): the option alone, `D2` (id or position).

Digits are ASCII only: other-script digits, signs and decimals are refused, never
guessed. The first problem found is reported with the token, its item and what the item
accepts; the answers that are valid are returned with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scoring.evaluate import find_option
from scoring.model import ChoiceItem, Score

MAX_LINE = 200
"""Longest line accepted (characters)."""
MAX_TOKEN_SHOWN = 24
"""A bad token is quoted back at most this long."""


class LineProblem(StrEnum):
    """What is wrong with a one-line score."""

    TOO_LONG = "too_long"
    """The line is longer than MAX_LINE."""
    NOT_A_NUMBER = "not_a_number"
    """A value that is not written with the digits 0-9 (or is empty)."""
    NOT_A_VALUE = "not_a_value"
    """A number that no option of its item is worth."""
    TOO_MANY = "too_many"
    """More values than the score has items."""
    TOO_FEW = "too_few"
    """Fewer values than the score has items."""
    UNKNOWN_ITEM = "unknown_item"
    """item=option naming no item of the score."""
    UNKNOWN_OPTION = "unknown_option"
    """item=option naming no option of the item (id or position)."""
    DUPLICATE = "duplicate"
    """An item given twice."""
    MIXED = "mixed"
    """Points and item=option in one line."""


@dataclass(frozen=True)
class LineError:
    """The first problem of a line: its kind, the token as typed and the item concerned."""

    problem: LineProblem
    token: str = ""
    """The offending token (shortened to MAX_TOKEN_SHOWN characters)."""
    item: str | None = None
    """The item concerned (for TOO_FEW: the first item without a value)."""
    expected: int = 0
    """For a wrong count: the number of items."""
    got: int = 0
    """For a wrong count: the number of values given."""


@dataclass(frozen=True)
class Tie:
    """A point value that several options of an item share."""

    item: str
    value: int
    options: tuple[str, ...]
    """Every option worth `value`, in the list's order (the first one is recorded)."""


@dataclass(frozen=True)
class ParsedLine:
    """The valid answers of a line (item id -> option id), its ties and its first problem."""

    answers: dict[str, str] = field(default_factory=dict)
    ties: tuple[Tie, ...] = ()
    error: LineError | None = None
    form: str = "points"
    """"points", "pairs" or "option" (a one-item score)."""


def point_values(item: ChoiceItem) -> tuple[int, ...]:
    """The distinct point values of an item, in the order of its options."""
    values: list[int] = []
    for option in item.options:
        if option.points is not None and option.points not in values:
            values.append(option.points)
    return tuple(values)


def _shown(token: str) -> str:
    return token if len(token) <= MAX_TOKEN_SHOWN else token[: MAX_TOKEN_SHOWN - 1] + "…"


def _ascii_number(token: str) -> int | None:
    return int(token) if token.isascii() and token.isdigit() and len(token) <= 4 else None


def parse_line(score: Score, text: str) -> ParsedLine:
    """Parse the arguments of `/<score> ...` (or of `bonemet score <score> ...`)."""
    line = " ".join(text.split())
    if len(line) > MAX_LINE:
        return ParsedLine(error=LineError(LineProblem.TOO_LONG, _shown(line)))
    if "=" in line:
        return _parse_pairs(score, line)
    if (
        len(score.items) == 1
        and "+" not in line
        and all(o.points is None for o in score.items[0].options)
    ):
        return _parse_option(score, line)
    return _parse_points(score, line)


def _parse_option(score: Score, line: str) -> ParsedLine:
    item = score.items[0]
    option = find_option(item, line)
    if option is None:
        error = LineError(LineProblem.UNKNOWN_OPTION, _shown(line), item.id)
        return ParsedLine(error=error, form="option")
    return ParsedLine(answers={item.id: option.id}, form="option")


def _parse_points(score: Score, line: str) -> ParsedLine:
    tokens = [token.strip() for token in line.split("+")]
    items = score.items
    if len(tokens) > len(items):
        # Which value is the extra one cannot be known: none is kept.
        extra = "+".join(tokens[len(items) :])
        too_many = LineError(
            LineProblem.TOO_MANY, _shown(extra), None, expected=len(items), got=len(tokens)
        )
        return ParsedLine(error=too_many)
    answers: dict[str, str] = {}
    ties: list[Tie] = []
    error: LineError | None = None
    for item, token in zip(items, tokens, strict=False):
        value = _ascii_number(token)
        if value is None:
            error = error or LineError(LineProblem.NOT_A_NUMBER, _shown(token), item.id)
            continue
        matching = tuple(o.id for o in item.options if o.points == value)
        if not matching:
            error = error or LineError(LineProblem.NOT_A_VALUE, _shown(token), item.id)
            continue
        answers[item.id] = matching[0]
        if len(matching) > 1:
            ties.append(Tie(item.id, value, matching))
    if error is None and len(tokens) < len(items):
        error = LineError(
            LineProblem.TOO_FEW,
            _shown(line),
            items[len(tokens)].id,
            expected=len(items),
            got=len(tokens),
        )
    return ParsedLine(answers, tuple(ties), error)


def _parse_pairs(score: Score, line: str) -> ParsedLine:
    answers: dict[str, str] = {}
    given: set[str] = set()
    error: LineError | None = None
    for token in line.replace(",", " ").replace(";", " ").split():
        name, sep, value = token.partition("=")
        if not sep:
            error = error or LineError(LineProblem.MIXED, _shown(token))
            continue
        item = score.item(name.strip().lower())
        if item is None:
            error = error or LineError(LineProblem.UNKNOWN_ITEM, _shown(token))
            continue
        if item.id in given:
            error = error or LineError(LineProblem.DUPLICATE, _shown(token), item.id)
            answers.pop(item.id, None)  # which one was meant cannot be known
            continue
        given.add(item.id)
        option = find_option(item, value.strip())
        if option is None:
            error = error or LineError(LineProblem.UNKNOWN_OPTION, _shown(token), item.id)
            continue
        answers[item.id] = option.id
    return ParsedLine(answers, (), error, form="pairs")
