"""Typed answers a hurried clinician might send must never pick an option they did not mean.

Cases from a systematic audit of about 12,000 inputs: each of these used to be accepted
as an option with different points from the one the clinician most likely meant. Now
each is refused with a hint (or the candidates listed), so the question is asked again.
"""

from __future__ import annotations

import pytest

from dialogs.chat import handle_line
from dialogs.engine import Engine, NoticeKind
from scoring import Lang
from tests.dialogs._clinical import typed_answer

# (score, language, answers before the question, typed text, what the clinician meant)
REFUSED = [
    ("tomita", "fr", ["1"], "n", "no visceral metastasis (0), not 'Non traitables' (4)"),
    ("tomita", "fr", ["1"], "N", "no visceral metastasis (0), not 'Non traitables' (4)"),
    ("tomita", "fr", ["1"], "non trait", "a partial negation is not taken"),
    ("tokuhashi", "fr", ["1"] * 3, "n", "no visceral metastasis (2), not 'Non résécables' (0)"),
    ("sins", "fr", ["1"] * 4, "pas de tassement", "'no collapse' may be 0 or 1: ask"),
    ("sins", "en", ["1"] * 4, "no collapse", "'no collapse' may be 0 or 1: ask"),
    ("sins", "en", ["1"] * 4, "no c", "a partial negation is not taken"),
    ("rades", "fr", [], "CBP", "'cancer broncho-pulmonaire', not small-cell (CBPC)"),
    ("rades", "fr", ["1", "1", "1"], "ambulatory", "a hidden id that begins another"),
    ("sins", "fr", [], "C", "'cervical' spans junctional and mobile levels"),
    ("sins", "en", [], "T", "'thoracic' spans junctional and semi-rigid levels"),
    ("mirels", "fr", ["1"], "1/3", "'< 1/3' or '1/3 to 2/3'"),
    ("rades", "fr", ["1"], "> 1", "'more than 1 month', not '> 15'"),
    ("mirels", "en", ["1", "1", "1"], "L", "'light' pain (1), not 'Functional (limiting)' (3)"),
    ("rades", "en", [], "S", "a French 'Sein' (8), not SCLC (6)"),
    ("tokuhashi", "fr", ["1"] * 4, "p", "prostate (5), not the lung group (0)"),
    ("tokuhashi", "fr", ["1"] * 4, "po", "a two-letter start is a guess"),
    ("tomita", "en", ["1"], "un", "a French 'un', not 'Untreatable' (4)"),
    ("rades", "fr", [], "poumon", "NSCLC or SCLC: ask"),
    ("sins", "fr", [], "T", "a letter is not a level"),
    ("sins", "fr", ["1"], "non mécanique", "a negation-led part is not taken alone"),
    ("rades", "fr", ["1"], "plus de 1", "'more than 1 month' (6), not '> 15 months' (8)"),
    ("rades", "en", ["1"], "more than 1", "'more than 1 month' (6), not '> 15 months' (8)"),
    ("rades", "fr", ["1"] * 4, "plus de 1", "'more than 1 day' (4), not '> 14 days' (9)"),
    ("sins", "en", ["1"] * 4, "collapse ≥ 5", "a start that stops inside a number"),
    ("rades", "en", [], "non-", "a negation, hyphenated"),
]


@pytest.mark.parametrize(("score", "lang", "before", "typed", "meant"), REFUSED)
def test_risky_typed_answers_are_asked_again(
    score: str, lang: Lang, before: list[str], typed: str, meant: str
) -> None:
    """The input is refused (hint or candidates): the same question is asked again."""
    engine = Engine()
    outcome = handle_line(engine, None, lang, f"/{score}")
    for answer in before:
        outcome = handle_line(engine, outcome.session, lang, answer)
    asked = outcome.session
    assert asked is not None
    reply = handle_line(engine, asked, lang, typed)
    assert reply.session == asked, meant
    assert reply.step is not None
    assert reply.step.notice is not None
    assert reply.step.notice.kind in (NoticeKind.NO_MATCH, NoticeKind.AMBIGUOUS), meant


# Inputs that must keep working.
ACCEPTED = [
    ("frankel", "fr", [], "A", "A"),
    # At Tokuhashi's palsy question, Frankel grades answer (CLINICAL.md decision 15):
    # they used to be read as label starts ('A' -> 'Aucun', 'C' -> 'Complet').
    ("tokuhashi", "fr", ["1"] * 5, "A", "complete"),
    ("tokuhashi", "fr", ["1"] * 5, "C", "incomplete"),
    ("tokuhashi", "en", ["1"] * 5, "C", "incomplete"),
    ("tokuhashi", "en", ["1"] * 5, "Frankel D2", "incomplete"),
    ("tokuhashi", "fr", ["1"] * 5, "E", "none"),
    ("frankel", "en", [], "d2", "D2"),
    ("rades", "fr", ["1", "1"], "non", "no"),
    ("rades", "fr", [], "cbnpc", "nsclc"),
    ("rades", "fr", ["1"], "> 15", "over_15_months"),
    ("rades", "fr", ["1"], "plus de 15", "over_15_months"),
    ("mirels", "fr", ["1", "1"], "lyt", "lytic"),
    ("sins", "fr", ["1"], "méca", "mechanical"),
    ("tokuhashi", "fr", ["1"] * 4, "poumon", "lung_group"),
    ("tomita", "fr", ["1"], "aucune", "none"),
    ("sins", "en", ["1"] * 5, "none", "none"),
    # Vertebral levels name the SINS region they belong to (Fisher 2010).
    ("sins", "fr", [], "T12", "junctional"),
    ("sins", "fr", [], "D12", "junctional"),
    ("sins", "en", [], "C7", "junctional"),
    ("sins", "en", [], "L5", "junctional"),
    ("sins", "fr", [], "C5", "mobile"),
    ("sins", "en", [], "L3", "mobile"),
    ("sins", "fr", [], "T7", "semi_rigid"),
    ("sins", "fr", [], "D7", "semi_rigid"),
    ("sins", "en", [], "S3", "rigid"),
    # Items of a label's list, typed whole.
    ("tokuhashi", "fr", ["1"] * 4, "sein", "thyroid_group"),
    ("tokuhashi", "fr", ["1"] * 4, "rein", "kidney_uterus"),
    ("tomita", "fr", [], "poumon", "rapid"),
    ("tomita", "en", [], "breast", "slow"),
    ("rades", "fr", [], "lymphome", "myeloma_lymphoma"),
    ("sins", "fr", ["1"] * 3, "scoliose", "deformity"),
]


@pytest.mark.parametrize(("score", "lang", "before", "typed", "option"), ACCEPTED)
def test_clear_typed_answers_are_taken(
    score: str, lang: Lang, before: list[str], typed: str, option: str
) -> None:
    """Whole labels, exact ids and clear starts of three letters or more answer the question."""
    assert typed_answer(score, lang, before, typed) == option


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_hint_example_answers_its_question(lang: Lang) -> None:
    """The example a 'not recognised' hint suggests, typed back, is taken as one option."""
    engine = Engine()
    for score in engine.scores.values():
        outcome = handle_line(engine, None, lang, f"/{score.id}")
        while outcome.step is not None and outcome.step.question is not None:
            refused = handle_line(engine, outcome.session, lang, "xyzzy")
            assert refused.step is not None
            assert refused.step.notice is not None
            example = refused.step.notice.example
            if example:
                taken = handle_line(engine, outcome.session, lang, example)
                assert taken.session != outcome.session, (score.id, example)
                assert taken.step is not None
                assert taken.step.notice is None, (score.id, example, taken.step.notice)
            outcome = handle_line(engine, outcome.session, lang, "1")
