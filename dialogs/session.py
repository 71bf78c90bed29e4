"""A dialogue session: plain, versioned, JSON-serialisable data that any process can resume."""

from __future__ import annotations

import secrets
import string

from pydantic import BaseModel, ConfigDict, Field

from scoring import Lang

SESSION_SCHEMA = 1
"""Version of this session format (not of a score)."""

_ALPHABET = string.ascii_letters + string.digits


def new_dialogue_id() -> str:
    """A short random id naming one run of a dialogue (stale buttons carry an old one)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(6))


class Answered(BaseModel):
    """One answer given, in the order it was given."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    item: str
    """Item id."""
    option: str
    """Option id."""


class Session(BaseModel):
    """Where one clinician is in one score: the only state the engine needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = SESSION_SCHEMA
    """Format of this record."""
    dialogue_id: str = Field(default_factory=new_dialogue_id, pattern=r"^[A-Za-z0-9]{1,12}$")
    """Identifies this run; restarting gives a new one."""
    score: str
    """Score id."""
    score_version: int
    """Version of the score when the dialogue started; a mismatch restarts the dialogue."""
    lang: Lang = "fr"
    """Language of the questions and of label matching."""
    state: str
    """Machine state: the current question (`ask_<item id>`) or `result`."""
    answers: tuple[Answered, ...] = ()
    """Answers so far, in the order given."""

    def answer_map(self) -> dict[str, str]:
        """Item id -> option id."""
        return {a.item: a.option for a in self.answers}

    def to_json(self) -> str:
        """Serialise for storage."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str) -> Session:
        """Deserialise; raises pydantic.ValidationError on anything malformed."""
        return cls.model_validate_json(data)
