"""Rendering pathways and aids: number and checklist questions, derived answers, summaries,
the console, `/help` and the chat commands, on the fixture flows."""

from __future__ import annotations

import io

import pytest

from dialogs.chat import handle_line, render_outcome
from dialogs.console import run_console
from dialogs.render import HTML, PLAIN, render_help, render_step
from dialogs.summaries import render_summary, summary_record
from scoring import SCORES, Lang
from scoring.summary import Summary
from tests.dialogs._clinical import session_of
from tests.dialogs.test_flows import (
    ENGINE,
    SPINE,
    WORKED,
    at_clearance,
    at_criteria,
    make_aid,
    run,
)
from tests.dialogs.test_render import check_html

"""Tokuhashi 2+2+2+2+0+2 = 10 (row 9-11); Tomita 4+0+1 = 5 (row 2-5)."""


def worked_summary(lang: Lang) -> Summary:
    summary = run(ENGINE, "fixture_spine", WORKED, lang)[-1].result
    assert isinstance(summary, Summary)
    return summary


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Type a clearance in mL/min between 1 and 250, up to 1 decimal."]),
        ("en", ["Or type 'compute': Compute it (Cockcroft-Gault)."]),
        ("fr", ["Tapez une clairance en mL/min entre 1 et 250, 1 décimale au plus."]),
        ("fr", ["Ou tapez « calculer » : Calculer (Cockcroft-Gault)."]),
    ],
)
def test_number_question_says_what_unit_range_and_shortcut(lang: Lang, expected: list[str]) -> None:
    text = render_step(at_clearance(lang), lang, PLAIN)
    for line in expected:
        assert line in text.splitlines()


def test_refused_number_is_one_line_with_the_shortcut_word() -> None:
    step = ENGINE.answer_text(session_of(at_clearance("fr")), "300")
    first = render_step(step, "fr", PLAIN).splitlines()[0]
    assert first == (
        "Hors des limites : attendu une clairance en mL/min entre 1 et 250, 1 décimale au "
        "plus. Ou tapez « calculer »."
    )


def test_number_answer_recap_has_its_unit() -> None:
    step = ENGINE.answer_text(session_of(at_clearance("fr")), "38,5 ml/min")
    assert "✓ clearance : 38,5 mL/min" in render_step(step, "fr", PLAIN).splitlines()


def test_checklist_boxes_are_numbered_and_ticked() -> None:
    step = ENGINE.toggle(session_of(at_criteria("en")), "criteria", "b")
    lines = render_step(step, "en", PLAIN).splitlines()
    assert "☐ [1] a" in lines
    assert "☑ [2] b" in lines
    assert "Type the numbers of the boxes that apply ('1 3'), 'all', or '0' for none." in lines


def test_checklist_recap_of_none_ticked() -> None:
    done = ENGINE.answer_text(session_of(at_criteria("fr")), "aucun")
    summary = done.result
    assert isinstance(summary, Summary)
    assert "• criteria : aucune" in render_summary(summary, "fr", PLAIN).splitlines()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "✓ Growth of the primary tumour: Rapid (e.g. lung, stomach, unknown primary) "
            "(4 pts) (from: nsclc)",
        ),
        (
            "fr",
            "✓ Vitesse de croissance de la tumeur primitive : Rapide (ex. poumon, estomac, "
            "primitif inconnu) (4 pts) (d'après : nsclc)",
        ),
        (
            "fr",
            "✓ Déficit neurologique : Aucun (Frankel E) (2 pts) "
            "(d'après : E — Fonctions neurologiques normales)",
        ),
    ],
)
def test_derived_answers_say_from_what(lang: Lang, line: str) -> None:
    """The recap shows a derived answer like a given one, marked with its source."""
    steps = run(ENGINE, "fixture_spine", WORKED, lang)
    at_compression = next(s for s in steps if s.question and s.question.key == "compression")
    assert line in render_step(at_compression, lang, PLAIN).splitlines()


def test_question_head_names_the_flow_and_the_score() -> None:
    steps = run(ENGINE, "fixture_spine", WORKED, "en")
    lines = render_step(steps[2], "en", PLAIN).splitlines()
    assert lines[0] == "fixture spine · Revised Tokuhashi score · Question 3/13 · 2 points so far"


def test_summary_parts_scores_table_and_answers() -> None:
    """The worked summary: part with its section, each score line, the table with the
    patient's rows marked, derived answers marked. The renderer adds no sentence of its
    own (the fixture declares none for a disagreement, so none is shown): every sentence
    of a summary comes from the pathway's data, next to its rule."""
    text = render_summary(worked_summary("en"), "en", PLAIN)
    lines = text.splitlines()
    assert lines[0] == "fixture spine — summary"
    assert "prognosis (§3.8.5)" in lines
    assert "Revised Tokuhashi score: 10/15 — Life expectancy ≥ 6 months" in lines
    assert "Tomita score: 5/10 — Goal: middle-term local control" in lines
    assert "Tokuhashi | Tomita | prognosis" in lines
    assert "▶ 12-15 | 2-5 | long  ◀ Tomita score" in lines
    assert "▶ 9-11 | 6-7 | middle  ◀ Revised Tokuhashi score" in lines
    assert "0-8 | 8-10 | short" in lines
    assert not any("different rows" in line for line in lines)
    assert "• tokuhashi >= 9" in lines
    assert (
        "• Primary site of the cancer: Lung, osteosarcoma, stomach, bladder, oesophagus, "
        "pancreas (from: nsclc) — 0 pts"
    ) in lines
    assert (
        "• Palsy (neurological deficit): None (Frankel E) "
        "(from: E — Normal neurological function) — 2 pts"
    ) in lines
    assert "– fixture, §0" in lines


def test_summary_record_is_one_plain_block() -> None:
    record = summary_record(worked_summary("fr"), "fr")
    lines = record.splitlines()
    assert lines[0] == "fixture spine — synthèse"
    assert lines[1].startswith("prognosis (§3.8.5) : Score de Tokuhashi révisé : 10/15")
    assert lines[-1] == "Aide à la décision, à discuter en RCP ; pas une prescription."
    assert "<" not in record


def test_summary_html_is_strict_and_escaped() -> None:
    check_html(render_summary(worked_summary("en"), "en", HTML))
    aid = ENGINE.answer_text(session_of(at_criteria("fr")), "1 2")
    assert isinstance(aid.result, Summary)
    check_html(render_step(aid, "fr", HTML))


def test_help_lists_scores_pathways_and_aids_with_aliases() -> None:
    text = render_help("en", PLAIN, (*SCORES, SPINE, make_aid()))
    lines = text.splitlines()
    assert "Available scores" in lines
    assert "Pathways" in lines
    assert "Decision aids" in lines
    assert "/fixture_spine /fixture_rachis — fixture spine: tests" in lines
    assert "/fixture_aid — fixture aid: tests" in lines
    assert lines.index("Pathways") < lines.index("Decision aids")


def test_chat_commands_and_aliases_start_flows() -> None:
    outcome = handle_line(ENGINE, None, "en", "/fixture_rachis@bonemetbot", "bonemetbot")
    assert outcome.session is not None
    assert outcome.session.score == "fixture_spine"
    helped = handle_line(ENGINE, outcome.session, "en", "/help")
    text = render_outcome(helped, PLAIN)
    assert "In progress: fixture spine, question 1/16." in text


CONSOLE = """/fixture_aid
1
calculer
70
60,5 kg
2
mg/dl
2
1,2
tout
/fixture_aid
1
45
1 3
2
/back
aucun
"""


def test_console_runs_an_aid_with_numbers_and_a_checklist() -> None:
    """Typed numbers, the shortcut word, a unit question, checklists in every typed form."""
    out = io.StringIO()
    run_console(io.StringIO(CONSOLE), out, lang="fr", engine=ENGINE)
    text = out.getvalue()
    assert "✓ weight : 60,5 kg" in text
    assert "✓ creatinine : 1,2 mg/dL" in text
    # (140 - 70) x 60.5 / (72 x 1.2) = 4235 / 86.4 = 49.02
    assert "• Cockcroft-Gault : 49,0 mL/min = (140 - age) x weight / (72 x creatinine)" in text
    assert "• criteria : a ; b" in text
    assert "Réponse non reconnue : tapez les numéros des cases qui s'appliquent (1 à 2" in text
    assert "• criteria : b" in text
    assert "• criteria : aucune" in text
    assert text.count("fixture aid — synthèse\n") == 3 + 3  # rendered and record, three times


def test_a_summary_record_cites_each_section_once_and_keeps_the_marked_rows() -> None:
    """The record block names each guideline section once, and of §3.8.5's table only the
    rows a score falls in (NSCLC, SINS 8, Frankel A, Tokuhashi 4 in 0-8, Tomita 6 in 6-7)."""
    from scoring.registry import get_flow
    from scoring.summary import conclude
    from tests.bot.test_views import LONG_SPINE

    record = summary_record(conclude(get_flow("rachis"), LONG_SPINE), "en")
    sources = next(line for line in record.splitlines() if line.startswith("Sources:"))
    cited = sources.split("2022, ", 1)[1].rstrip(".").split(", ")
    assert len(cited) == len(set(cited))
    assert {"§3.8.5", "§3.5.3", "§3.5.4"} <= set(cited)
    assert "Tokuhashi 0-8: conservative treatment" in record
    assert "Tokuhashi 9-11: palliative surgery | Tomita 6-7: palliative surgery" in record
    assert "Tokuhashi 12-15" not in record
