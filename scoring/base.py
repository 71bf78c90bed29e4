"""The building blocks every definition shares: frozen models and bilingual text.

Kept apart from `scoring.model` so that conditions and item kinds can use them
without importing the scores.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Lang = Literal["fr", "en"]
"""The languages every clinical text is written in."""

LANGS: tuple[Lang, ...] = ("fr", "en")

FlowKind = Literal["score", "pathway", "aid"]
"""What a catalogue entry runs: a score, a pathway or a decision aid."""

# Option ids start with a letter, so that a bare number typed anywhere is always
# a position in the list shown, never an id.
ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"


class Frozen(BaseModel):
    """Immutable, and refusing unknown fields: a typo in a definition fails at import.

    Each model builds its validator when it first validates (defer_build), not when its
    class is defined: definitions are validated exactly as before, and a command builds
    only the models it uses (`bonemet score sins ...`: no number, checklist or pathway
    model)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Text(Frozen):
    """A clinical text in every supported language."""

    fr: str = Field(min_length=1)
    """French, the guideline's language."""
    en: str = Field(min_length=1)
    """English."""

    def __call__(self, lang: Lang) -> str:
        """The text in `lang`."""
        return self.fr if lang == "fr" else self.en


def _no_float(value: object) -> object:
    if isinstance(value, float):
        raise ValueError(
            f"{value!r}: write clinical numbers as Decimal('...') or int, never a float"
        )
    return value


Number = Annotated[Decimal, BeforeValidator(_no_float), Field(allow_inf_nan=False)]
"""An exact decimal in a definition (a bound, a band edge): never a binary float."""
