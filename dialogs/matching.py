"""Reading typed answers: a choice's number or words, a number, a checklist's boxes.

Pure functions of the item and the text; what a number accepts is `scoring`'s
`parse_number`. A bare number typed at a choice or a checklist is always a position in
the list shown; at a number question it is always the value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from dialogs.notices import Notice, NoticeKind
from scoring import ChoiceItem, Lang, Option
from scoring.items import ChecklistItem, NumberItem
from scoring.numbers import NumberError, parse_number

MAX_INPUT = 200
"""Longer typed answers are refused without being read further."""
NEGATIONS = frozenset({"no", "non", "not", "ne", "pas", "sans", "without", "none"})
"""Words that, typed first, must not be read as the start of a longer label."""
MIN_LETTERS = 3
"""Letters a typed label start needs before it is read as one (else: type the number)."""


def normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for matching typed labels."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def _bracketed(label: str) -> list[str]:
    """What a (normalised) label gives in brackets: "(cbnpc)" -> "cbnpc", "(> 15)" -> "> 15"."""
    return [part.split(")", 1)[0].strip() for part in label.split("(")[1:]]


def _alternatives(option: Option, lang: Lang) -> set[str]:
    """Whole words that name this option: its aliases, what its label gives in brackets,
    and the parts of its lists ("Rein, utérus" -> "rein"; "(ex. sein, thyroïde)" ->
    "sein"). A part that starts with a negation is left out: "Pas de tassement, corps
    envahi" must not be answered by "pas de tassement"."""
    label = normalise(option.label(lang))
    found = {normalise(alias) for alias in option.aliases}
    outside = label.split("(", 1)[0]
    pieces = [outside, *_bracketed(label)]
    found.update(_bracketed(label))
    for piece in pieces:
        for part in piece.replace("/", ",").split(","):
            words = part.strip().removeprefix("ex.").removeprefix("e.g.").strip()
            if words and _first_word(words) not in NEGATIONS:
                found.add(words)
    return found


def _first_word(text: str) -> str:
    """The first word, hyphens and apostrophes counting as breaks ("non-small" -> "non")."""
    return re.split(r"[\s\-']+", text.strip(), maxsplit=1)[0]


def _starts(label: str, wanted: str) -> bool:
    """`wanted` starts `label` without stopping inside a number ("plus de 1" ≠ "plus de 15")."""
    if not label.startswith(wanted):
        return False
    rest = label[len(wanted) :]
    return not (wanted[-1].isdigit() and rest[:1].isdigit())


def _example(item: ChoiceItem, lang: Lang) -> str:
    """A word that, typed, answers this question: the start of one label and of no other."""
    labels = [normalise(o.label(lang)) for o in item.options]
    for option in item.options:
        for raw in option.label(lang).split():
            word = raw.strip(".,:;()")
            norm = normalise(word)
            if (
                sum(c.isalpha() for c in norm) >= MIN_LETTERS
                and _first_word(norm) not in NEGATIONS
                and sum(label.startswith(norm) for label in labels) == 1
            ):
                return word
            break
    return ""


def match_choice(item: ChoiceItem, text: str, lang: Lang) -> Option | Notice:
    """Read a typed answer. A bare number is always a position in the list shown."""
    count = len(item.options)
    if len(text) > MAX_INPUT:
        return Notice(NoticeKind.TOO_LONG, count=count)
    typed = text.strip()
    if not typed:
        return Notice(NoticeKind.EMPTY, count=count)
    if typed.isdigit():
        if typed.isascii() and 1 <= int(typed) <= count:
            return item.options[int(typed) - 1]
        return Notice(NoticeKind.OUT_OF_RANGE, count=count)
    wanted = normalise(typed)
    if not wanted:  # only combining marks or spaces
        return Notice(NoticeKind.EMPTY, count=count)
    return _match_words(item, wanted, lang)


def _match_words(item: ChoiceItem, wanted: str, lang: Lang) -> Option | Notice:
    """Read typed words (normalised): a whole label, a bracketed abbreviation, a safe start."""
    count = len(item.options)
    labels = [(o, normalise(o.label(lang))) for o in item.options]
    exact = [o for o, label in labels if label == wanted]
    if len(exact) == 1:
        return exact[0]
    # Whole words that name one option: an alias ("T12"), a bracketed abbreviation
    # ("CBNPC", "> 15"), an item of its list ("sein"). Never a partial one.
    named = [o for o in item.options if wanted in _alternatives(o, lang)]
    if len(named) == 1:
        return named[0]
    hint = Notice(NoticeKind.NO_MATCH, count=count, example=_example(item, lang))
    if _first_word(wanted) in NEGATIONS:
        # "non" typed for "no visceral metastasis" must not become "Non traitables",
        # nor "pas de tassement" the one row that goes on "…, corps envahi > 50 %":
        # text that starts with a negation answers only a label it spells out whole.
        return hint
    starts = [o for o, label in labels if _starts(label, wanted)]
    by_id = [o for o in item.options if o.id.casefold() == wanted]
    if by_id and any(o.id.casefold().startswith(wanted + "_") for o in item.options):
        # A hidden id that begins another ("ambulatory", "ambulatory_with_aid").
        by_id += [o for o in item.options if o.id.casefold().startswith(wanted + "_")]
    if sum(c.isalpha() for c in wanted) < MIN_LETTERS:
        # Shorter starts ("C", "po", "1/3") are guesses: never taken on their own.
        # Only an exact id (Frankel's "D2") or a list of the candidates comes back.
        if len(by_id) == 1:
            return by_id[0]
        if len(starts) + len(by_id) < 2:
            return hint
    candidates = list(dict.fromkeys(starts + by_id))
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return Notice(
            NoticeKind.AMBIGUOUS,
            count=count,
            candidates=tuple(sorted(item.position(o.id) for o in candidates)),
        )
    return hint


ALL_BOXES = frozenset({"all", "tout", "tous", "toutes"})
"""Typed at a checklist: every box applies."""
NO_BOX = frozenset({"0", "none", "aucun", "aucune", "rien", "nothing"})
"""Typed at a checklist: no box applies (an answer, not a mistake)."""


def match_boxes(item: ChecklistItem, text: str, lang: Lang) -> tuple[str, ...] | Notice:
    """The boxes a typed answer ticks: their numbers ("1 3", "1,3"), `all` or `0`/`none`.

    Numbers are positions in the list shown; the ids come back in the list's order.
    """
    count = len(item.boxes)
    if len(text) > MAX_INPUT:
        return Notice(NoticeKind.TOO_LONG, count=count)
    wanted = normalise(text)
    if wanted in ALL_BOXES:
        return tuple(b.id for b in item.boxes)
    if wanted in NO_BOX:
        return ()
    tokens = [t for t in re.split(r"[\s,;]+", wanted) if t]
    if not tokens or not all(t.isascii() and t.isdigit() for t in tokens):
        return Notice(NoticeKind.BOXES_INVALID, count=count)
    positions = {int(t) for t in tokens}
    if not all(1 <= p <= count for p in positions):
        return Notice(NoticeKind.BOXES_INVALID, count=count)
    return tuple(b.id for p, b in enumerate(item.boxes, 1) if p in positions)


def shortcut_words(option: Option, lang: Lang) -> set[str]:
    """What, typed, names a number question's shortcut: its label's first word
    ("compute", "calculer"), its whole label, its aliases (never a number)."""
    label = normalise(option.label(lang))
    first = label.split(" ", 1)[0].strip(".,:;()")
    words = {label, first, *(normalise(a) for a in option.aliases)}
    return {w for w in words if w and not any(c.isdigit() for c in w)}


def shortcut_word(option: Option, lang: Lang) -> str:
    """The word a question shows for typing its shortcut: its label's first word."""
    return option.label(lang).split(" ", 1)[0].strip(".,:;()").casefold()


def match_number(
    item: NumberItem, text: str, unit_option: str | None, lang: Lang
) -> Decimal | Option | Notice:
    """A number question's typed answer: its shortcut's word, or a number it accepts.

    A bare number is always a value: the shortcut is taken only by its words.
    """
    shortcut = item.shortcut
    if (
        shortcut is not None
        and len(text) <= MAX_INPUT
        and (normalise(text) in shortcut_words(shortcut, lang))
    ):
        return shortcut
    parsed = parse_number(item, text, unit_option)
    if isinstance(parsed, NumberError):
        example = shortcut_word(item.shortcut, lang) if item.shortcut is not None else ""
        return Notice(NoticeKind.NUMBER_INVALID, example=example, expected=parsed.line)
    return parsed
