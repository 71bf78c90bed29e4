"""A dialogue session: plain, versioned, JSON-serialisable data that any process can resume."""

from __future__ import annotations

import secrets
import string

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scoring import Lang

SESSION_SCHEMA = 1
"""Version of this session format (not of a score). Fields added since have defaults, so
a record stored before them still loads."""

_ALPHABET = string.ascii_letters + string.digits


def new_dialogue_id() -> str:
    """A short random id naming one run of a dialogue (stale buttons carry an old one)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


class Answered(BaseModel):
    """One answer given, in the order it was given: exactly one of option, value, boxes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    """Question key (an item id; `<score>.<item>` for a score's item inside a pathway)."""
    option: str | None = None
    """Option id: a choice, or a number question's shortcut."""
    value: str | None = Field(default=None, pattern=r"^-?[0-9]+(\.[0-9]+)?$", max_length=24)
    """A number question's value, as a canonical decimal string (never a float)."""
    boxes: tuple[str, ...] | None = None
    """A checklist's ticked box ids, in the order of the list (possibly none)."""

    @model_validator(mode="after")
    def _exactly_one(self) -> Answered:
        given = sum(x is not None for x in (self.option, self.value, self.boxes))
        if given != 1:
            raise ValueError("an answer has exactly one of option, value or boxes")
        return self


class Session(BaseModel):
    """Where one clinician is in one flow (a score, an aid or a pathway): the only state
    the engine needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SESSION_SCHEMA
    """Format of this record."""
    dialogue_id: str = Field(default_factory=new_dialogue_id, pattern=r"^[A-Za-z0-9]{1,12}$")
    """Identifies this run; restarting gives a new one."""
    score: str
    """Flow id (a score's, an aid's or a pathway's)."""
    score_version: int
    """Version of the flow when the dialogue started; a mismatch restarts the dialogue."""
    versions: dict[str, int] = Field(default_factory=dict)
    """For a pathway: the version of each score it includes (a mismatch restarts too)."""
    lang: Lang = "fr"
    """Language of the questions and of label matching."""
    state: str
    """Machine state: the current question (`ask_<key>`) or `result`."""
    answers: tuple[Answered, ...] = ()
    """Answers so far, in the order given (derived answers are not stored)."""
    pending: tuple[str, ...] = ()
    """The boxes ticked so far on the current checklist question, before Done."""
    ties: tuple[tuple[str, ...], ...] = ()
    """From a one-line score: (item id, option ids...) where the typed point value stood
    for several options; the first is recorded, the result names them all while it stays
    the answer."""

    def answer_map(self) -> dict[str, str]:
        """Key -> option id, for the choice answers (all of a score's answers)."""
        return {a.item: a.option for a in self.answers if a.option is not None}

    def to_json(self) -> str:
        """Serialise for storage (fields left empty are left out)."""
        return self.model_dump_json(exclude_none=True)

    @classmethod
    def from_json(cls, data: str) -> Session:
        """Deserialise; raises pydantic.ValidationError on anything malformed."""
        return cls.model_validate_json(data)
