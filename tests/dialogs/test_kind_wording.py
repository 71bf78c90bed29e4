"""The messages about a dialogue name what it runs: a score, a pathway or a decision aid.

The catalogue holds three kinds of entries; "Score annulé" after /cancel in the spine
pathway told a clinician something false. Every expected text is typed in by hand; the
kind comes from the catalogue entry's data (fixture flows show it for entries the
catalogue does not hold).
"""

from __future__ import annotations

import re
import string

import pytest

from dialogs.chat import handle_line, render_outcome
from dialogs.engine import Engine
from dialogs.i18n import _EN_BY_KIND, _FR_BY_KIND, ui
from dialogs.render import PLAIN, render_step
from dialogs.session import Session
from scoring import SCORES
from tests.dialogs.test_console import chat, lines
from tests.dialogs.test_flows import ENGINE
from tests.scoring.fixture_flows import spine


def test_cancelling_the_spine_pathway_says_pathway_in_french() -> None:
    """/rachis, one answer, /cancel: "Parcours annulé", never "Score annulé"."""
    done = chat(lines("/rachis", "1", "/cancel"))
    assert done.returncode == 0, done.stderr
    assert "Parcours annulé. /help pour la liste." in done.stdout
    assert "Score annulé" not in done.stdout


def test_cancelling_an_aid_agrees_in_gender_and_a_score_stays_a_score() -> None:
    """An aid is feminine in French: "Aide annulée"; a score keeps "Score annulé"."""
    done = chat(lines("/cimentoplastie", "/cancel", "/sins", "/cancel"))
    assert done.returncode == 0, done.stderr
    assert "Aide annulée. /help pour la liste." in done.stdout
    assert "Score annulé. /help pour la liste." in done.stdout


def test_cancel_in_english_names_each_kind() -> None:
    out = []
    for command in ("/spine", "/cementoplasty", "/mirels"):
        outcome = handle_line(Engine(), None, "en", command)
        cancelled = handle_line(Engine(), outcome.session, "en", "/cancel")
        out.append(render_outcome(cancelled, PLAIN))
    assert out == [
        "Pathway cancelled. /help for the list.",
        "Decision aid cancelled. /help for the list.",
        "Score cancelled. /help for the list.",
    ]


def test_an_aid_after_its_result_and_closed() -> None:
    """Cementoplasty's three checklists, then a stray answer, then /cancel."""
    done = chat(lines("/cimentoplastie", "1", "1", "1", "oui", "/cancel"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Cimentoplastie — synthèse" in out
    assert (
        "Cette aide est terminée. /help pour la liste, ou /back pour corriger la dernière "
        "réponse." in out
    )
    assert "Aide fermée ; son résultat reste valable. /help pour la liste." in out
    assert "Ce score" not in out
    assert "Score fermé" not in out


def test_the_abandoned_notice_names_the_dialogue_given_up_not_the_new_one() -> None:
    """A pathway with answers given up for a score says "parcours"; an aid given up for a
    pathway says "aide", in the feminine."""
    done = chat(lines("/rachis", "1", "/sins", "1", "/antiresorptif", "1", "/rachis"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Le parcours précédent, inachevé, a été abandonné." in out
    assert "Le score précédent, inachevé, a été abandonné." in out
    assert "L'aide précédente, inachevée, a été abandonnée." in out


def test_help_in_the_middle_of_an_aid_names_it() -> None:
    started = handle_line(Engine(), None, "fr", "/cimentoplastie")
    helped = render_outcome(handle_line(Engine(), started.session, "fr", "/help"), PLAIN)
    assert helped.endswith(
        "En cours : Cimentoplastie, question 1/3. Répondez à la question, ou /cancel."
    )


def test_an_updated_pathway_says_pathway() -> None:
    """A stored pathway dialogue of an older version restarts, saying what was updated
    (the fixture's kind comes from its data: it is no catalogue entry)."""
    session = ENGINE.start("fixture_spine", "fr").session
    assert session is not None
    newer = Engine((*SCORES, spine(version=2)))
    text = render_step(newer.load(session.to_json()), "fr", PLAIN)
    assert text.startswith(
        "Ce parcours a été mis à jour depuis le début de votre saisie : on recommence à la "
        "question 1."
    )


def test_a_fixture_aid_is_an_aid_by_its_data() -> None:
    started = handle_line(ENGINE, None, "en", "/fixture_aid")
    assert isinstance(started.session, Session)
    cancelled = render_outcome(handle_line(ENGINE, started.session, "en", "/cancel"), PLAIN)
    assert cancelled == "Decision aid cancelled. /help for the list."


def test_no_dialogue_is_neutral() -> None:
    assert render_outcome(handle_line(Engine(), None, "fr", "/cancel"), PLAIN) == (
        "Aucun score, parcours ou aide en cours. Choisissez dans la liste : /help"
    )
    assert render_outcome(handle_line(Engine(), None, "en", "2"), PLAIN) == (
        "No score, pathway or decision aid in progress. Pick one: /help"
    )


WORDS = {
    "fr": {"score": r"\bscores?\b", "pathway": r"\bparcours\b", "aid": r"\baides?\b"},
    "en": {"score": r"\bscores?\b", "pathway": r"\bpathways?\b", "aid": r"\bdecision aids?\b"},
}


@pytest.mark.parametrize(("lang", "table"), [("fr", _FR_BY_KIND), ("en", _EN_BY_KIND)])
def test_each_form_names_its_own_kind_only(lang: str, table: dict[str, dict[str, str]]) -> None:
    """Every form of a message about a dialogue names its kind and no other, and takes
    the same placeholders as the neutral form."""
    for key, forms in table.items():
        neutral = ui("fr" if lang == "fr" else "en")[key]
        fields = {f for _, f, _, _ in string.Formatter().parse(neutral) if f}
        for kind, text in forms.items():
            lowered = text.lower()
            for other, word in WORDS[lang].items():
                found = re.search(word, lowered) is not None
                assert found == (other == kind), (key, kind, text)
            assert {f for _, f, _, _ in string.Formatter().parse(text) if f} == fields, key
        for word in WORDS[lang].values():
            assert re.search(word, neutral.lower()) is None, (key, neutral)
