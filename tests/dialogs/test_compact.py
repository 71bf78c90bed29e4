"""A result that fits a phone screen: the compact record behind the copy button, the
folded details, and the console printing the same content in the same order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bot.views import step_view
from dialogs.engine import Engine, Step
from dialogs.i18n import sep, ui
from dialogs.render import (
    COMPACT_LABEL_MIN,
    COMPACT_MAX,
    PLAIN,
    compact_record,
    render_result,
)
from scoring import SCORES, Lang, Result, Score, Text, evaluate, get_score
from tests.bot.fake_telegram import parse_html, utf16_len
from tests.dialogs._clinical import MAX_TOTAL
from tests.dialogs.test_console import chat

LANGS: tuple[Lang, ...] = ("fr", "en")


def every_result(score: Score) -> Iterator[Result]:
    """The result of every combination of options of `score`."""
    for combo in itertools.product(*(item.options for item in score.items)):
        yield evaluate(
            score, {item.id: option.id for item, option in zip(score.items, combo, strict=True)}
        )


@pytest.mark.parametrize("score", SCORES, ids=lambda s: s.id)
def test_every_compact_record_fits_and_names_total_and_stratum(score: Score) -> None:
    """Every option combination, both languages: <= 256 characters, total/max (or grade),
    the points of each item in order where they fit, the stratum (its label's start at
    least) and the guideline section."""
    count = 0
    for result in every_result(score):
        for lang in LANGS:
            text = compact_record(result, lang)
            assert 0 < len(text) <= COMPACT_MAX, text
            assert utf16_len(text) <= COMPACT_MAX, text
            assert "\n" not in text
            if result.total is not None:
                values = "+".join(str(a.points) for a in result.answers)
                total = f" {result.total}/{MAX_TOTAL[score.id]}"
                assert f"{total} ({values}), " in text or f"{total}, " in text, text
            else:
                assert f" {result.grade}," in text, text
            label = result.stratum.label(lang)
            assert label[: COMPACT_LABEL_MIN - 1] in text, text
            assert label in text or "…" in text, text
            assert "MO CBP 2022 §3." in text, text
            count += 1
    assert count == 2 * len(list(itertools.product(*(i.options for i in score.items))))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "Score SINS (instabilité rachidienne) 14/18 (3+3+2+2+3+1), Instable (13-18) : "
            "Solliciter un avis chirurgical. Réf. MO CBP 2022 §3.8.1",
        ),
        (
            "en",
            "SINS (Spinal Instability Neoplastic Score) 14/18 (3+3+2+2+3+1), Unstable (13-18): "
            "Ask for a surgical opinion. Ref. MO CBP 2022 §3.8.1",
        ),
    ],
)
def test_sins_14_compact_record(lang: Lang, expected: str) -> None:
    """SINS junctional 3, mechanical 3, lytic 2, de novo deformity 2, collapse >= 50 % 3,
    unilateral 1 = 14/18, unstable (13-18): ask for a surgical opinion (§3.8.1)."""
    answers = {
        "location": "junctional",
        "pain": "mechanical",
        "lesion": "lytic",
        "alignment": "deformity",
        "collapse": "over_half",
        "posterolateral": "unilateral",
    }
    assert compact_record(evaluate(get_score("sins"), answers), lang) == expected


def test_mirels_12_keeps_its_caveat_out_and_its_first_sentence() -> None:
    """Mirels 12/12 (>= 9, prophylactic surgery): the action's conditional option does not
    fit whole, so the line keeps the first sentence and marks the cut."""
    answers = {"site": "trochanteric", "size": "over_two_thirds", "lesion": "lytic"}
    result = evaluate(get_score("mirels"), answers | {"pain": "functional"})
    assert compact_record(result, "fr") == (
        "Score de Mirels 12/12, Score ≥ 9 : risque fracturaire élevé : "
        "Chirurgie prophylactique. (…) Réf. MO CBP 2022 §3.5.2, §3.6.2, §3.7"
    )


def test_tokuhashi_carries_its_reliability_caveat() -> None:
    """A Tokuhashi result reaches the clipboard with the guideline's caveat (§3.8.3)."""
    score = get_score("tokuhashi")
    answers = {item.id: item.options[0].id for item in score.items}  # 0 points each
    text = compact_record(evaluate(score, answers), "fr")
    assert text.startswith("Score de Tokuhashi révisé 0/15 (0+0+0+0+0+0), ")
    assert "Espérance de vie < 6 mois : Traitement conservateur." in text
    assert "Aucun score pronostique n'est assez fiable" in text


def test_frankel_compact_record_names_the_grade() -> None:
    """Frankel D2 (class D): no total, the grade, its class and the Tokuhashi carry-over."""
    result = evaluate(get_score("frankel"), {"grade": "D2"})
    text = compact_record(result, "fr")
    assert text.startswith("Classification de Frankel D2, Grade D : ")
    assert "incomplet (Frankel C, D), 1 point" in text
    assert "/" not in text.split(",")[0]


def test_an_action_too_long_is_cut_at_a_word_and_keeps_total_stratum_reference() -> None:
    """Only the action is shortened ("…"); total, stratum and reference always stay."""
    result = evaluate(
        get_score("tomita"), {"growth": "slow", "visceral_mets": "none"} | {"bone_mets": "solitary"}
    )
    long = Text(fr="Mot " * 120 + "fin.", en="Word " * 120 + "end.")
    stratum = result.stratum.model_copy(update={"action": long})
    text = compact_record(result.model_copy(update={"stratum": stratum}), "fr")
    assert COMPACT_MAX - 5 <= len(text) <= COMPACT_MAX  # the room is used, not wasted
    assert text.startswith("Score de Tomita 2/10, Objectif : contrôle local à long terme : Mot")
    assert "Mot Mot…" in text
    assert "Mo…" not in text  # cut between words
    assert text.endswith("… Réf. MO CBP 2022 §3.8.4, §3.8.5")


def result_steps() -> Iterator[tuple[Lang, Step]]:
    """The result step of the first-option path of every score, in both languages."""
    engine = Engine()
    for score in SCORES:
        for lang in LANGS:
            step = engine.start(score.id, lang)
            while step.question is not None:
                assert step.session is not None
                item = step.question.item
                step = engine.choose(step.session, item.id, item.options[0].id)
            yield lang, step


def test_the_result_message_shows_the_answer_first_and_folds_the_rest() -> None:
    """Telegram: four (Frankel: three) visible lines, then one expandable blockquote that
    holds the answers, sources and record block; the copy button holds the compact record."""
    for lang, step in result_steps():
        assert step.result is not None
        view = step_view(step, lang)
        plain, entities = parse_html(view.text)
        quotes = [e for e in entities if e["type"] == "expandable_blockquote"]
        assert len(quotes) == 1, view.text
        assert not [e for e in entities if e["type"] in ("blockquote", "pre")]
        visible = plain[: quotes[0]["offset"]].strip().splitlines()
        assert len(visible) == (3 if step.result.total is None else 4), visible
        assert visible[-1] == f"→ {step.result.stratum.action(lang)}"
        folded = plain[quotes[0]["offset"] :]
        assert ui(lang)["record_title"] in folded
        assert ui(lang)["sources"] in folded
        # Telegram's text is the console's text: same content, same order.
        assert plain == render_result(step.result, lang, PLAIN)
        assert view.keyboard is not None
        copy = view.keyboard.inline_keyboard[0][0]
        assert copy.text == ui(lang)["btn_copy"]
        assert copy.copy_text is not None
        assert copy.copy_text.text == compact_record(step.result, lang)


def test_the_console_prints_the_result_then_the_copy_line() -> None:
    """`bonemet chat`: the result as in Telegram, then the compact record where the button is."""
    done = chat("/tomita\n1\n1\n1\n")
    assert done.returncode == 0, done.stderr
    result = evaluate(
        get_score("tomita"), {"growth": "slow", "visceral_mets": "none", "bone_mets": "solitary"}
    )
    expected = render_result(result, "fr", PLAIN) + "\n\n📋 Copier" + sep("fr")
    expected += "Score de Tomita 2/10 (1+0+1), Objectif : contrôle local à long terme : "
    expected += "Exérèse en bloc (large ou marginale). "
    expected += (
        "À confronter au score de Tokuhashi révisé (§3.8.5). Réf. MO CBP 2022 §3.8.4, §3.8.5"
    )
    assert expected in done.stdout
