"""What the engine says besides the next question: input problems and dialogue events."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dialogs.i18n import FlowKind
from scoring import Text


class NoticeKind(StrEnum):
    """Why the engine is saying something other than the next question."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    NO_MATCH = "no_match"
    AMBIGUOUS = "ambiguous"
    NUMBER_INVALID = "number_invalid"
    """A number question's typed answer is not a number it accepts (`expected` says why)."""
    BOXES_INVALID = "boxes_invalid"
    """A checklist's typed answer names no box list ("1 3", "all", "none")."""
    STALE = "stale"
    NOTHING_TO_GO_BACK = "nothing_to_go_back"
    CANCELLED = "cancelled"
    NO_DIALOGUE = "no_dialogue"
    AFTER_RESULT = "after_result"
    SCORE_UPDATED = "score_updated"
    SESSION_UNREADABLE = "session_unreadable"
    RESTARTED = "restarted"
    REOPENED = "reopened"
    ABANDONED = "abandoned"
    CLOSED = "closed"


@dataclass(frozen=True)
class Notice:
    """A message about the input or the dialogue (rendered by `dialogs.render`)."""

    kind: NoticeKind
    count: int = 0
    """For OUT_OF_RANGE, NO_MATCH and BOXES_INVALID: how many options (boxes) there are."""
    candidates: tuple[int, ...] = ()
    """For AMBIGUOUS: the positions that matched."""
    example: str = ""
    """For NO_MATCH: the start of an answer of this question, to show what typing works;
    for NUMBER_INVALID: the shortcut's word, if the question has one."""
    expected: Text | None = None
    """For NUMBER_INVALID: what the question expects ("a clearance in mL/min between 1
    and 250"), from `scoring`."""
    flow_kind: FlowKind | None = None
    """What the dialogue the notice is about runs (a score, a pathway, an aid), when the
    front end knows it and the step does not show it (a cancel's notice outlives its
    session; ABANDONED is about the previous dialogue): "Parcours annulé"."""
