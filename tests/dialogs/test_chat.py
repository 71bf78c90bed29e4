"""The shared chat layer: commands and typed lines, as the console and the bot receive them."""

from __future__ import annotations

from dialogs.chat import Info, handle_line, render_outcome
from dialogs.engine import Engine, NoticeKind
from dialogs.render import PLAIN


def test_unknown_language_code_keeps_the_language_and_says_so() -> None:
    """`/lang de` does not switch language; it names the accepted codes."""
    outcome = handle_line(Engine(), None, "fr", "/lang de")
    assert outcome.lang == "fr"
    assert outcome.info is Info.LANG_UNKNOWN
    assert "/lang fr ou /lang en" in render_outcome(outcome, PLAIN)


def test_language_names_are_accepted() -> None:
    """`/lang english` and `/lang français` switch as their codes do."""
    assert handle_line(Engine(), None, "fr", "/lang english").lang == "en"
    assert handle_line(Engine(), None, "en", "/lang français").lang == "fr"


def test_starting_a_score_over_an_unfinished_one_says_it_was_abandoned() -> None:
    """A new score command mid-dialogue starts it and says the previous one was dropped."""
    engine = Engine()
    first = handle_line(engine, None, "fr", "/sins")
    first = handle_line(engine, first.session, "fr", "1")
    second = handle_line(engine, first.session, "fr", "/mirels")
    assert second.step is not None
    assert second.step.notice is not None
    assert second.step.notice.kind is NoticeKind.ABANDONED
    assert second.session is not None
    assert second.session.score == "mirels"
    text = render_outcome(second, PLAIN)
    assert "Le score précédent, inachevé, a été abandonné." in text
    assert "Question 1/4" in text


def test_a_new_score_after_a_result_is_not_called_abandoned() -> None:
    """After a finished score, starting another one carries no warning."""
    engine = Engine()
    outcome = handle_line(engine, None, "en", "/tomita")
    for answer in ("1", "1", "1"):
        outcome = handle_line(engine, outcome.session, "en", answer)
    assert outcome.step is not None
    assert outcome.step.result is not None
    after = handle_line(engine, outcome.session, "en", "/sins")
    assert after.step is not None
    assert after.step.notice is None


def test_a_command_for_another_bot_is_not_read_as_an_answer() -> None:
    """`/sins@otherbot` is an unknown command here, never a typed answer."""
    engine = Engine()
    started = handle_line(engine, None, "fr", "/mirels", bot_username="bonemet_bot")
    outcome = handle_line(engine, started.session, "fr", "/sins@otherbot", "bonemet_bot")
    assert outcome.info is Info.UNKNOWN_COMMAND
    assert outcome.session == started.session


def test_rades_interval_can_be_typed_in_words() -> None:
    """'plus de 15' and '15 mois' pick the Rades interval rows they say."""
    engine = Engine()
    outcome = handle_line(engine, None, "fr", "/rades")
    outcome = handle_line(engine, outcome.session, "fr", "4")  # NSCLC
    assert outcome.session is not None
    more = handle_line(engine, outcome.session, "fr", "plus de 15")
    less = handle_line(engine, outcome.session, "fr", "15 mois")
    assert more.session is not None
    assert less.session is not None
    assert more.session.answer_map()["interval"] == "over_15_months"
    assert less.session.answer_map()["interval"] == "up_to_15_months"


def test_restarting_a_score_before_any_answer_is_not_called_abandoned() -> None:
    """Sending the same score command again at question 1 gives no warning."""
    engine = Engine()
    first = handle_line(engine, None, "fr", "/sins")
    again = handle_line(engine, first.session, "fr", "/sins")
    assert again.step is not None
    assert again.step.notice is None


def test_a_bare_negation_never_selects_a_longer_label() -> None:
    """'non' for "no visceral metastasis" is refused, never read as 'Non traitables'."""
    engine = Engine()
    outcome = handle_line(engine, None, "fr", "/tomita")
    outcome = handle_line(engine, outcome.session, "fr", "3")  # rapid growth
    refused = handle_line(engine, outcome.session, "fr", "non")
    assert refused.step is not None
    assert refused.step.notice is not None
    assert refused.step.notice.kind is NoticeKind.NO_MATCH
    assert refused.session == outcome.session
    assert "non »" not in render_outcome(refused, PLAIN).casefold()  # no hint to type it


def test_a_negation_that_is_the_whole_label_is_accepted() -> None:
    """Rades' visceral metastases 'Non' is exactly the label, so 'non' answers it."""
    engine = Engine()
    outcome = handle_line(engine, None, "fr", "/rades")
    outcome = handle_line(engine, outcome.session, "fr", "4")
    outcome = handle_line(engine, outcome.session, "fr", "1")
    answered = handle_line(engine, outcome.session, "fr", "non")
    assert answered.session is not None
    assert answered.session.answer_map()["visceral"] == "no"


def test_bracketed_abbreviations_are_typed_whole() -> None:
    """'cbnpc' picks NSCLC in Rades; a partial one ('cbp') is refused, not guessed."""
    engine = Engine()
    rades = handle_line(engine, None, "fr", "/rades")
    typed = handle_line(engine, rades.session, "fr", "cbnpc")
    assert typed.session is not None
    assert typed.session.answer_map()["primary"] == "nsclc"
    for guess in ("cbp", "CBP"):
        refused = handle_line(engine, rades.session, "fr", guess)
        assert refused.session == rades.session
    sins = handle_line(engine, None, "en", "/sins")
    partial = handle_line(engine, sins.session, "en", "occ")
    assert partial.session == sins.session


def test_cancelling_a_finished_score_says_its_result_stands() -> None:
    """/cancel after a result closes it without calling the result cancelled."""
    engine = Engine()
    outcome = handle_line(engine, None, "fr", "/tomita")
    for answer in ("1", "1", "1"):
        outcome = handle_line(engine, outcome.session, "fr", answer)
    closed = handle_line(engine, outcome.session, "fr", "/cancel")
    assert closed.session is None
    assert "son résultat reste valable" in render_outcome(closed, PLAIN)


def test_help_mid_score_says_which_score_is_in_progress() -> None:
    """/help during a score lists the scores and says the score in progress goes on."""
    engine = Engine()
    outcome = handle_line(engine, None, "fr", "/rades")
    outcome = handle_line(engine, outcome.session, "fr", "4")
    helped = handle_line(engine, outcome.session, "fr", "/help")
    assert helped.session == outcome.session
    assert "En cours : Score de Rades, question 2/5" in render_outcome(helped, PLAIN)
