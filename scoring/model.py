"""The shape of a score: frozen pydantic models whose invariants are checked at import.

A score is data. Its identity, its labels and its points are separate fields
(an option's id is neither its label nor its points), and every invariant that
a clinician relies on (ids unique, strata covering the whole range with no gap
or overlap, a declared range that matches the arithmetic) fails loudly when the
definition loads, so a bad definition never reaches a patient.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from scoring.base import ID_PATTERN, LANGS, Frozen, Lang, Number, Text
from scoring.items import AnyItem, Box, ChecklistItem, ChoiceItem, NumberItem, NumberRange, Option

__all__ = [
    "ID_PATTERN",
    "LANGS",
    "AnyItem",
    "Box",
    "ChecklistItem",
    "ChoiceItem",
    "Deviation",
    "Item",
    "Lang",
    "Number",
    "NumberItem",
    "NumberRange",
    "Option",
    "Score",
    "Source",
    "Stratum",
    "Text",
]

Item = ChoiceItem
"""The item kind a score holds: scores take choice items only (`AnyItem` is every kind)."""


class Stratum(Frozen):
    """A band of totals (or a class, for a classification) and the guideline's action."""

    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Stable identifier."""
    min: int | None = None
    """Lowest total in this stratum (inclusive); None for a classification."""
    max: int | None = None
    """Highest total in this stratum (inclusive); None for a classification."""
    label: Text
    """The stratum's name."""
    action: Text
    """What the guideline recommends for it."""


class Source(Frozen):
    """Where a score comes from."""

    kind: Literal["guideline", "publication"]
    """The guideline this bot implements, or a primary publication."""
    citation: str = Field(min_length=1)
    """Reference as printed (language-neutral)."""
    section: str | None = None
    """Section of the guideline, when kind is "guideline"."""


class Deviation(Frozen):
    """A place where the bot departs from the guideline's table, and why (shared/CLINICAL.md)."""

    decision: int | None
    """Row number in CLINICAL.md; None for a correction found since, documented here."""
    guideline: str
    """What the guideline's table says."""
    bot: str
    """What the bot does instead."""
    reason: str
    """Why."""


class Score(Frozen):
    """A score or classification, declared once."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=24)
    """Stable identifier; also the chat command (/id)."""
    version: int = Field(ge=1)
    """Bumped whenever items, options, points or strata change: saved dialogues of an
    older version are restarted, never mis-scored."""
    title: Text
    """Full name."""
    purpose: Text
    """One line: what the score is for."""
    method: Literal["sum", "classification"]
    """"sum": the total of the points decides the stratum; "classification": the
    single answer decides the class, there is no total."""
    items: tuple[Item, ...] = Field(min_length=1)
    """Questions in the guideline's order: choice items only, never conditional (a
    number or a checklist belongs to a pathway's own questions)."""
    strata: tuple[Stratum, ...] = Field(min_length=1)
    """Strata in increasing order of total (or classes in order)."""
    declared_range: tuple[int, int] | None = None
    """The range the publication states; checked against the arithmetic of the items."""
    note: Text | None = None
    """A caveat shown with the result (for example an unresolved wording)."""
    sources: tuple[Source, ...] = Field(min_length=1)
    """The guideline section and the primary publications."""
    deviations: tuple[Deviation, ...] = ()
    """Departures from the guideline's table (documented in docs/deviations.md)."""
    record_note: Text | None = None
    """A short form of `note` for the record block pasted into the patient record (the
    caveat must travel with the result); set whenever `note` is."""

    @field_validator("items", mode="before")
    @classmethod
    def _choice_items_only(cls, items: object) -> object:
        for item in items if isinstance(items, tuple | list) else ():
            kind = item.get("kind") if isinstance(item, dict) else getattr(item, "kind", None)
            if kind not in (None, "choice"):
                raise ValueError(
                    f"item {getattr(item, 'id', None) or item.get('id')!r} is a {kind} item: "
                    "a score holds choice items only (numbers and checklists belong to a pathway)"
                )
        return items

    @model_validator(mode="after")
    def _check(self) -> Score:
        for item in self.items:
            if item.when is not None:
                raise ValueError(
                    f"score {self.id!r}, item {item.id!r}: a score's items are never conditional"
                )
        ids = [i.id for i in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"score {self.id!r}: duplicate item ids {ids}")
        stratum_ids = [s.id for s in self.strata]
        if len(set(stratum_ids)) != len(stratum_ids):
            raise ValueError(f"score {self.id!r}: duplicate stratum ids {stratum_ids}")
        if not any(s.kind == "guideline" for s in self.sources):
            raise ValueError(f"score {self.id!r}: no guideline source")
        if self.method == "sum":
            self._check_sum()
        else:
            self._check_classification()
        return self

    def _check_sum(self) -> None:
        for item in self.items:
            for option in item.options:
                if option.points is None or option.stratum is not None:
                    raise ValueError(
                        f"score {self.id!r}, item {item.id!r}, option {option.id!r}: "
                        "a summed score needs points and no stratum on every option"
                    )
        low = sum(min(o.points or 0 for o in item.options) for item in self.items)
        high = sum(max(o.points or 0 for o in item.options) for item in self.items)
        if self.declared_range is not None and self.declared_range != (low, high):
            raise ValueError(
                f"score {self.id!r}: declared range {self.declared_range} but the items "
                f"give {low}-{high}"
            )
        expected = low
        for stratum in self.strata:
            if stratum.min is None or stratum.max is None:
                raise ValueError(f"score {self.id!r}, stratum {stratum.id!r}: needs min and max")
            if stratum.min > stratum.max:
                raise ValueError(f"score {self.id!r}, stratum {stratum.id!r}: min > max")
            if stratum.min != expected:
                problem = "gap" if stratum.min > expected else "overlap or outside the range"
                raise ValueError(
                    f"score {self.id!r}, stratum {stratum.id!r}: starts at {stratum.min}, "
                    f"expected {expected} ({problem})"
                )
            expected = stratum.max + 1
        if expected - 1 != high:
            raise ValueError(
                f"score {self.id!r}: strata end at {expected - 1}, the range ends at {high}"
            )

    def _check_classification(self) -> None:
        if len(self.items) != 1:
            raise ValueError(f"score {self.id!r}: a classification has exactly one item")
        known = {s.id for s in self.strata}
        used: set[str] = set()
        for option in self.items[0].options:
            if option.points is not None or option.stratum not in known:
                raise ValueError(
                    f"score {self.id!r}, option {option.id!r}: a classification option has "
                    f"no points and names one of the strata {sorted(known)}"
                )
            used.add(option.stratum)
        for stratum in self.strata:
            if stratum.min is not None or stratum.max is not None:
                raise ValueError(f"score {self.id!r}, stratum {stratum.id!r}: a class has no range")
        if used != known:
            raise ValueError(f"score {self.id!r}: classes {sorted(known - used)} are unreachable")

    @property
    def min_total(self) -> int | None:
        """Lowest possible total, or None for a classification."""
        if self.method != "sum":
            return None
        return sum(min(o.points or 0 for o in item.options) for item in self.items)

    @property
    def max_total(self) -> int | None:
        """Highest possible total, or None for a classification."""
        if self.method != "sum":
            return None
        return sum(max(o.points or 0 for o in item.options) for item in self.items)

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if any."""
        return next((i for i in self.items if i.id == item_id), None)

    def stratum(self, stratum_id: str) -> Stratum:
        """The stratum with this id."""
        return next(s for s in self.strata if s.id == stratum_id)

    def stratum_for_total(self, total: int) -> Stratum:
        """The one stratum containing `total` (a summed score only)."""
        for s in self.strata:
            if s.min is not None and s.max is not None and s.min <= total <= s.max:
                return s
        raise ValueError(f"score {self.id!r}: total {total} is outside every stratum")
