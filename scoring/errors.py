"""Typed errors for unscorable answers: each names what is wrong and the valid choices."""

from __future__ import annotations

from collections.abc import Sequence


class ScoringError(ValueError):
    """Answers that cannot be turned into a result; never a partial total."""

    def __init__(self, message: str, *, valid: Sequence[str] = ()) -> None:
        self.valid: tuple[str, ...] = tuple(valid)
        super().__init__(message)


class UnknownScore(ScoringError):
    """No score has this id."""

    def __init__(self, score_id: str, valid: Sequence[str]) -> None:
        self.score_id = score_id
        super().__init__(
            f"unknown score {score_id!r}; valid scores: {', '.join(valid)}", valid=valid
        )


class UnknownItem(ScoringError):
    """The score has no item with this id."""

    def __init__(self, score_id: str, item_id: str, valid: Sequence[str]) -> None:
        self.score_id, self.item_id = score_id, item_id
        super().__init__(
            f"{score_id}: unknown item {item_id!r}; valid items: {', '.join(valid)}", valid=valid
        )


class UnknownOption(ScoringError):
    """The item has no option with this id or position."""

    def __init__(self, score_id: str, item_id: str, option: str, valid: Sequence[str]) -> None:
        self.score_id, self.item_id, self.option = score_id, item_id, option
        super().__init__(
            f"{score_id}: unknown option {option!r} for item {item_id!r}; valid options: "
            f"{', '.join(valid)} (or their position, 1-{len(valid)})",
            valid=valid,
        )


class MissingAnswer(ScoringError):
    """One or more items have no answer; no total is computed from partial answers."""

    def __init__(self, score_id: str, missing: Sequence[str]) -> None:
        self.score_id, self.missing = score_id, tuple(missing)
        super().__init__(
            f"{score_id}: missing answer for {', '.join(missing)}; every item must be answered",
            valid=missing,
        )
