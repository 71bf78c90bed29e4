"""Item kinds: the questions a score or a pathway asks, a discriminated union on `kind`.

A score holds choice items only (its points live on the options). A pathway's own
questions may also be numbers (a clearance, an age), with their unit and plausible
range, or checklists (criteria, contraindications), and any own question may be
conditional (`when`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from scoring.base import ID_PATTERN, Frozen, Number, Text
from scoring.conditions import Condition


class Option(Frozen):
    """One answer to an item, as listed in the guideline's table."""

    id: str = Field(pattern=ID_PATTERN, max_length=24)
    """Stable identifier (an interface: commands and callback data use it)."""
    label: Text
    """What the clinician reads."""
    points: int | None = None
    """Points this answer adds; None only in a classification (and in a pathway's own
    questions, which carry no points)."""
    stratum: str | None = None
    """For a classification: the stratum (class) this answer places the patient in."""
    detail: Text | None = None
    """Longer description shown with the result (for example a Frankel grade)."""
    aliases: tuple[str, ...] = ()
    """Other words that name exactly this option in any language, typed whole (for
    example the vertebral levels a SINS region covers)."""


class ChoiceItem(Frozen):
    """A question answered by choosing one option."""

    kind: Literal["choice"] = "choice"
    """Item kind (discriminator)."""
    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Stable identifier."""
    prompt: Text
    """The question."""
    hint: Text | None = None
    """A short definition shown under the question, when the wording needs one."""
    options: tuple[Option, ...] = Field(min_length=2)
    """Options in the order of the guideline's table."""
    when: Condition | None = None
    """Asked only if this holds (a pathway's own question); None: always asked."""

    @model_validator(mode="after")
    def _unique_options(self) -> ChoiceItem:
        ids = [o.id.lower() for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"item {self.id!r}: duplicate option ids {ids}")
        aliases = [a.casefold() for o in self.options for a in o.aliases]
        if len(set(aliases)) != len(aliases):
            raise ValueError(f"item {self.id!r}: an alias names two options {aliases}")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with this id (case-insensitive), if any."""
        wanted = option_id.lower()
        return next((o for o in self.options if o.id.lower() == wanted), None)

    def position(self, option_id: str) -> int:
        """1-based position of an option in the list shown."""
        return next(i for i, o in enumerate(self.options, 1) if o.id == option_id)


def normalise_symbol(symbol: str) -> str:
    """A unit spelling as compared: case-folded, without any whitespace ("mL / min" -> "ml/min")."""
    return "".join(symbol.split()).casefold()


class NumberRange(Frozen):
    """The unit a number is typed in and its plausible range (both bounds included)."""

    unit: Text
    """The unit as shown ("mL/min", "µmol/L", "ans"/"years")."""
    symbols: tuple[str, ...] = Field(min_length=1)
    """Unit spellings accepted after the number, compared case-insensitively and without
    spaces ("ml/min"); nothing else may follow the number."""
    min: Number = Field(ge=0)
    """Lowest plausible value (inclusive)."""
    max: Number
    """Highest plausible value (inclusive)."""
    when_unit: str | None = None
    """With the item's `unit_item`: the option of that unit question this range is for."""

    @model_validator(mode="after")
    def _check(self) -> NumberRange:
        if self.min > self.max:
            raise ValueError(f"range {self.unit.en!r}: min {self.min} > max {self.max}")
        normalised = [normalise_symbol(s) for s in self.symbols]
        for symbol in normalised:
            if not symbol or any(c.isdigit() or c in ".,-+" for c in symbol):
                raise ValueError(f"range {self.unit.en!r}: symbol {symbol!r} is not a unit")
        if len(set(normalised)) != len(normalised):
            raise ValueError(f"range {self.unit.en!r}: duplicate symbols {normalised}")
        return self


class NumberItem(Frozen):
    """A question answered by typing a number in a stated unit and range."""

    kind: Literal["number"] = "number"
    """Item kind (discriminator)."""
    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Stable identifier."""
    prompt: Text
    """The question (it names the unit, or the unit question came just before)."""
    hint: Text | None = None
    """A short definition shown under the question, when the wording needs one."""
    noun: Text
    """What the number is, with its article, for the one-line error message:
    "a clearance" / "une clairance" gives "a clearance in mL/min between 1 and 250"."""
    ranges: tuple[NumberRange, ...] = Field(min_length=1)
    """One range without `unit_item`; with it, one per option of the unit question."""
    unit_item: str | None = None
    """Key of an earlier choice question whose answer is the unit (µmol/L or mg/dL);
    its options must be exactly the ranges' `when_unit` (checked where it is asked)."""
    decimals: int = Field(ge=0, le=4)
    """How many decimals a typed value may have (0: a whole number)."""
    shortcut: Option | None = None
    """One answer that is not a number (for example "compute it"), offered as a button;
    a bare number typed is always a value, never the shortcut."""
    when: Condition | None = None
    """Asked only if this holds; None: always asked."""

    @model_validator(mode="after")
    def _check(self) -> NumberItem:
        units = [r.when_unit for r in self.ranges]
        if self.unit_item is None and (len(self.ranges) != 1 or units != [None]):
            raise ValueError(
                f"item {self.id!r}: without unit_item, exactly one range and no when_unit"
            )
        if self.unit_item is not None and (None in units or len(set(units)) != len(units)):
            raise ValueError(
                f"item {self.id!r}: with unit_item, every range names a distinct when_unit"
            )
        for r in self.ranges:
            for bound in (r.min, r.max):
                exponent = bound.as_tuple().exponent
                if isinstance(exponent, int) and -exponent > self.decimals:
                    raise ValueError(
                        f"item {self.id!r}: bound {bound} has more than {self.decimals} "
                        "decimals, so it cannot be typed"
                    )
        if self.shortcut is not None and (
            self.shortcut.points is not None or self.shortcut.stratum is not None
        ):
            raise ValueError(f"item {self.id!r}: a shortcut carries no points and no stratum")
        return self

    def range_for(self, unit_option: str | None) -> NumberRange:
        """The range for the unit answered (None without a unit question)."""
        for r in self.ranges:
            if r.when_unit == unit_option:
                return r
        raise ValueError(
            f"item {self.id!r}: no range for unit {unit_option!r}; "
            f"ranges are for {[r.when_unit for r in self.ranges]}"
        )


class Box(Frozen):
    """One box of a checklist."""

    id: str = Field(pattern=ID_PATTERN, max_length=24)
    """Stable identifier (callback data and `Ticked` use it)."""
    label: Text
    """What the clinician reads next to the box."""
    detail: Text | None = None
    """A longer definition, when the label needs one."""


class ChecklistItem(Frozen):
    """A question answered by ticking the boxes that apply (none ticked is an answer)."""

    kind: Literal["checklist"] = "checklist"
    """Item kind (discriminator)."""
    id: str = Field(pattern=ID_PATTERN, max_length=32)
    """Stable identifier."""
    prompt: Text
    """The question."""
    hint: Text | None = None
    """A short definition shown under the question, when the wording needs one."""
    boxes: tuple[Box, ...] = Field(min_length=1)
    """The boxes, in the guideline's order. No points."""
    when: Condition | None = None
    """Asked only if this holds; None: always asked."""

    @model_validator(mode="after")
    def _unique_boxes(self) -> ChecklistItem:
        ids = [b.id.lower() for b in self.boxes]
        if len(set(ids)) != len(ids):
            raise ValueError(f"item {self.id!r}: duplicate box ids {ids}")
        return self

    def box(self, box_id: str) -> Box | None:
        """The box with this id, if any."""
        return next((b for b in self.boxes if b.id == box_id), None)


AnyItem = Annotated[ChoiceItem | NumberItem | ChecklistItem, Field(discriminator="kind")]
"""Every item kind, a discriminated union on `kind`."""
