"""One-line scoring in the dialogue (dialogs.oneline) and in `bonemet chat` / `bonemet score`."""

from __future__ import annotations

import pytest

from bonemet.cli import main
from dialogs.chat import carry_pending, handle_line, render_outcome
from dialogs.engine import Engine
from dialogs.oneline import pending_after, start_line
from dialogs.render import PLAIN, render_help
from tests.dialogs.test_console import chat

ENGINE = Engine()


def test_a_complete_line_gives_the_result_at_once() -> None:
    """/sins 3+3+2+2+3+1 = 14/18, unstable (13-18)."""
    step, parsed = start_line(ENGINE, "sins", "fr", "3+3+2+2+3+1")
    assert parsed.error is None
    assert step.result is not None
    assert step.result.total == 14
    assert step.result.stratum.id == "unstable"


def test_a_bad_value_resumes_at_its_question_with_the_answers_before_kept() -> None:
    """3+3+7+...: lesion has no value 7; the dialogue asks lesion, location and pain kept."""
    step, parsed = start_line(ENGINE, "sins", "en", "3+3+7+2+3+1")
    assert parsed.error is not None
    assert step.question is not None
    assert step.question.item.id == "lesion"
    assert step.session is not None
    assert step.session.answer_map() == {"location": "junctional", "pain": "mechanical"}


def test_the_valid_answers_after_the_stop_are_kept_and_taken_when_their_turn_comes() -> None:
    """3+3+7+2+3+1: alignment, collapse and posterolateral wait; answering lesion takes them."""
    outcome = handle_line(ENGINE, None, "en", "/sins 3+3+7+2+3+1")
    outcome, kept = carry_pending(ENGINE, outcome, {}, None)
    assert kept == {
        "alignment": "deformity",
        "collapse": "over_half",
        "posterolateral": "unilateral",
    }
    session = outcome.session
    assert session is not None
    answered = handle_line(ENGINE, session, "en", "lytic")
    answered, kept = carry_pending(ENGINE, answered, kept, session.dialogue_id)
    assert kept == {}
    assert answered.step is not None
    assert answered.step.result is not None
    assert answered.step.result.total == 14
    # A wrong answer to the question asked does not consume the kept answers.
    wrong = handle_line(ENGINE, session, "en", "zzz")
    wrong, still = carry_pending(ENGINE, wrong, {"collapse": "over_half"}, session.dialogue_id)
    assert still == {"collapse": "over_half"}
    assert wrong.step is not None
    assert wrong.step.question is not None
    assert wrong.step.question.item.id == "lesion"
    # Another score forgets them.
    other = handle_line(ENGINE, session, "en", "/tomita")
    assert carry_pending(ENGINE, other, {"collapse": "over_half"}, session.dialogue_id)[1] == {}


def test_a_line_with_a_problem_never_gives_a_result_at_once() -> None:
    """Every item valid but a token naming no item: the last question is asked again (its
    answer from the line is not kept: the clinician gives it, having read the problem)."""
    line = "bogus=1 location=1 pain=1 lesion=1 alignment=1 collapse=1 posterolateral=1"
    step, parsed = start_line(ENGINE, "sins", "en", line)
    assert parsed.error is not None
    assert step.result is None
    assert step.question is not None
    assert step.question.item.id == "posterolateral"
    assert pending_after(parsed, step) == {}


def test_missing_items_are_asked_without_an_error() -> None:
    """location=... pain=... alone: question 3 follows, nothing is wrong."""
    outcome = handle_line(ENGINE, None, "en", "/sins location=junctional pain=mechanical")
    assert outcome.line is not None
    assert outcome.line.error is None
    assert outcome.step is not None
    assert outcome.step.question is not None
    assert outcome.step.question.index == 3


@pytest.mark.parametrize(
    ("line", "label", "value"),
    [
        ("5+6+5+10+4", "Non-small-cell lung cancer (NSCLC) or Unknown primary", 5),
        ("6+6+5+10+4", "Small-cell lung cancer (SCLC), Kidney, Colorectal or Other", 6),
    ],
)
def test_a_tied_value_names_every_option_in_the_result(line: str, label: str, value: int) -> None:
    """Rades 5 (NSCLC or unknown primary) and 6 (four primaries): the result names them all."""
    step, _ = start_line(ENGINE, "rades", "en", line)
    assert step.result is not None
    primary = step.result.answers[0]
    assert primary.item == "primary"
    assert primary.points == value
    assert primary.label("en") == label
    assert f"Type of primary tumour: {label} — {value} pts" in render_outcome(
        handle_line(ENGINE, None, "en", f"/rades {line}"), PLAIN
    )


def test_the_error_names_token_item_and_valid_values() -> None:
    """One message: the bad token, its item's question, its point values, then the syntax."""
    outcome = handle_line(ENGINE, None, "fr", "/sins 3+3+7+2+3+1")
    text = render_outcome(outcome, PLAIN)
    assert "« 7 » n'est pas une valeur de « Lésion osseuse »" in text
    assert "2 : Lytique ; 1 : Mixte ; 0 : Condensante" in text
    assert "En une ligne : /sins" in text
    assert text.index("« 7 »") < text.index("Question 3/6")


def test_the_help_gives_the_one_line_syntax() -> None:
    """The help says that `+` values are points, in order, and `item=N` is a position."""
    for lang, words in (("fr", "les points de chaque question"), ("en", "the points of each")):
        help_text = render_help(lang, PLAIN)
        # Examples from the catalogue: Mirels (first summed score, 3 points at most per
        # item) and Frankel (a one-item classification).
        assert "/mirels 3+3+3+3" in help_text
        assert "/mirels site=upper_limb size=under_third" in help_text
        assert words in help_text
        assert "/frankel D1" in help_text


def test_bonemet_chat_takes_the_same_line() -> None:
    """`bonemet chat`: /sins 3+3+2+2+3+1 prints 14/18 at once; a bad line resumes."""
    done = chat("/sins 3+3+2+2+3+1\n/tomita 4+9+1\n2\n")
    assert done.returncode == 0, done.stderr
    assert "Total : 14/18" in done.stdout
    assert "« 9 » n'est pas une valeur de « Métastases viscérales »" in done.stdout
    # Typed next: visceral [2] treatable (a position); bone 1 (solitary) was kept from the
    # line: 4 + 2 + 1 = 7.
    assert "Total : 7/10" in done.stdout


def test_bonemet_score_takes_the_same_line(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet score sins 3+3+2+2+3+1` prints 14/18; a bad value exits 2 naming it."""
    assert main(["score", "sins", "3+3+2+2+3+1"]) == 0
    assert "Total : 14/18" in capsys.readouterr().out
    assert main(["score", "frankel", "D2", "--lang", "en"]) == 0
    assert "Grade D2" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "sins", "3+3+9+2+3+1"])
    assert exit_info.value.code == 2
    assert "« 9 » n'est pas une valeur de « Lésion osseuse »" in capsys.readouterr().err
