"""Expected clinical values for the dialogue tests, typed from the guideline and CLINICAL.md.

Nothing here is computed by the code under test: totals, ranges, strata and the
positions of the lowest- and highest-scoring options were copied from the score
tables (shared/CLINICAL.md "Score ranges and strata" and the guideline's tables,
options in the guideline's order).
"""

from __future__ import annotations

from dialogs.chat import handle_line
from dialogs.engine import Engine, Step
from dialogs.session import Session
from scoring import Lang, Score, get_score

SUMMED = ("mirels", "rades", "sins", "tokuhashi", "tomita")
"""Every summed score of the catalogue."""

ALL_SCORES = ("mirels", "rades", "sins", "frankel", "tokuhashi", "tomita")
"""Every score of the catalogue, in the order /help lists them."""

QUESTION_COUNT = {"mirels": 4, "rades": 5, "sins": 6, "frankel": 1, "tokuhashi": 6, "tomita": 3}
"""Number of questions per score (Tokuhashi: 6 items, CLINICAL.md decision 1)."""

MIN_TOTAL = {"mirels": 4, "rades": 21, "sins": 0, "tokuhashi": 0, "tomita": 2}
MAX_TOTAL = {"mirels": 12, "rades": 44, "sins": 18, "tokuhashi": 15, "tomita": 10}

MIN_STRATUM = {
    "mirels": "low",
    "rades": "group_1",
    "sins": "stable",
    "tokuhashi": "under_6_months",
    "tomita": "en_bloc",
}
MAX_STRATUM = {
    "mirels": "high",
    "rades": "group_3",
    "sins": "unstable",
    "tokuhashi": "over_1_year",
    "tomita": "supportive",
}

# Positions (1-based, as displayed) of the lowest- and highest-scoring option of each
# question, read off the guideline's tables in their printed order.
MIN_PATH = {
    "mirels": (1, 1, 1, 1),  # upper limb 1, < 1/3 1, blastic 1, mild 1
    "rades": (4, 1, 1, 4, 1),  # NSCLC 5, <= 15 months 6, visceral yes 5, paraplegic 1, 1-7 d 4
    "sins": (4, 3, 3, 3, 4, 3),  # rigid 0, pain-free 0, blastic 0, normal 0, none 0, none 0
    "tokuhashi": (1, 1, 1, 1, 1, 1),  # KPS 10-40, >= 3, >= 3, unresectable, lung, complete
    "tomita": (1, 1, 1),  # slow 1, no visceral 0, solitary 1
}
MAX_PATH = {
    "mirels": (3, 3, 3, 3),  # peritrochanteric 3, > 2/3 3, lytic 3, functional 3
    "rades": (3, 2, 2, 1, 3),  # myeloma 9, > 15 months 8, no visceral 8, ambulatory 10, >14 d 9
    "sins": (1, 1, 1, 1, 1, 1),  # junctional 3, mechanical 3, lytic 2, subluxation 4, >= 50% 3, 3
    "tokuhashi": (3, 3, 3, 3, 6, 3),  # KPS 80-100 2, none 2, one 2, none 2, thyroid... 5, E 2
    "tomita": (3, 3, 2),  # rapid 4, untreatable 4, multiple 2
}

# Frankel: grade -> (class, French description, English description, Tokuhashi palsy points)
FRANKEL = {
    "A": ("A", "Déficit sensitivo-moteur complet", "Complete motor and sensory loss", 0),
    "B": (
        "B",
        "Déficit moteur complet, sensibilité (en partie) préservée",
        "Complete motor loss, some sensation preserved",
        0,
    ),
    "C": (
        "C",
        "Pas de déambulation (fauteuil roulant), quelques fonctions motrices",
        "Cannot walk (wheelchair), some motor function",
        1,
    ),
    "D1": (
        "D",
        "Déambulation avec signes neurologiques, avec déambulateur",
        "Walks with neurological signs, with a walker",
        1,
    ),
    "D2": (
        "D",
        "Déambulation avec signes neurologiques, avec canne",
        "Walks with neurological signs, with a cane",
        1,
    ),
    "D3": (
        "D",
        "Déambulation avec signes neurologiques, sans aide technique",
        "Walks with neurological signs, without aid",
        1,
    ),
    "E": ("E", "Fonctions neurologiques normales", "Normal neurological function", 2),
}
FRANKEL_ORDER = ("A", "B", "C", "D1", "D2", "D3", "E")


def score(score_id: str) -> Score:
    """The catalogue's score with this id."""
    return get_score(score_id)


def walk_positions(engine: Engine, score_id: str, positions: tuple[int, ...], lang: Lang) -> Step:
    """Start `score_id` and type each position in turn; the last step."""
    step = engine.start(score_id, lang)
    for position in positions:
        assert step.session is not None
        step = engine.answer_text(step.session, str(position))
        assert step.notice is None, step.notice
    return step


def session_of(step: Step) -> Session:
    """The step's session, which must exist."""
    assert step.session is not None
    return step.session


def typed_answer(score: str, lang: Lang, before: list[str], typed: str) -> str:
    """Start `score`, answer `before`, then type `typed`: the option taken for the question."""
    engine = Engine()
    outcome = handle_line(engine, None, lang, f"/{score}")
    for answer in before:
        outcome = handle_line(engine, outcome.session, lang, answer)
    assert outcome.step is not None
    assert outcome.step.question is not None
    item = outcome.step.question.item.id
    reply = handle_line(engine, outcome.session, lang, typed)
    assert reply.session is not None
    return reply.session.answer_map()[item]
