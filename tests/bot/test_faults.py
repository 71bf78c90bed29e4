"""Faults survived by the running bot (in this process, against the fake Telegram server).

Storage failures (a full disk, a read-only data directory): the user is told that the
answer could not be saved, the button press is answered exactly once, nothing is
half-written, and once the disk is back the dialogue continues from the last saved answer.
"""

from __future__ import annotations

import logging

import pytest

from bot.store import StoreWriteError
from tests.bot.conftest import Running

NOT_SAVED = "Votre réponse n'a pas pu être enregistrée"


def read_only(running: Running, on: bool) -> None:
    """Make the store's file refuse writes, as a read-only file system does (SQLITE_READONLY)."""
    running.bot.store._conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def take_errors(running: Running) -> list[type[BaseException]]:
    """The handler errors recorded so far (expected ones: the final check must not see them)."""
    found = [type(error) for error in running.errors]
    running.errors.clear()
    return found


async def test_a_typed_answer_on_a_read_only_disk_is_reported_and_can_be_given_again(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """Mirels typed: the third answer cannot be saved; said so; given again, it counts once."""
    fake = running.fake
    fake.private_chat(301, "Dr Disk", "fr")
    await fake.send_text(301, 301, "/mirels")
    first = await fake.wait_for_bot_message(301, contains="Question 1/4")
    await fake.send_text(301, 301, "3")  # trochantérienne: 3 pts
    second = await fake.wait_for_bot_message(
        301, contains="Question 2/4", after_message_id=first.message_id
    )
    await fake.send_text(301, 301, "plus de 2")  # > 2/3 of the cortex: 3 pts
    third = await fake.wait_for_bot_message(
        301, contains="Question 3/4", after_message_id=second.message_id
    )
    await fake.wait_until_idle()
    before = running.bot.store.get_dialogue(301, 301)

    read_only(running, True)
    with caplog.at_level(logging.ERROR, logger="bonemet"):
        await fake.send_text(301, 301, "LYT")
        warning = await fake.wait_for_bot_message(
            301, contains=NOT_SAVED, after_message_id=third.message_id
        )
        await fake.wait_until_idle()
    assert take_errors(running) == [StoreWriteError]
    assert running.bot.store.get_dialogue(301, 301) == before  # nothing half-written
    logged = [r.getMessage() for r in caplog.records if r.name == "bonemet.bot"]
    assert any("not saved" in line and "SQLITE_READONLY" in line for line in logged), logged

    read_only(running, False)
    await fake.send_text(301, 301, "LYT")  # lytique: 3 pts, as the saved dialogue expects it
    fourth = await fake.wait_for_bot_message(
        301, contains="Question 4/4", after_message_id=warning.message_id
    )
    assert "9 points pour l'instant" in fourth.plain_text  # 3 + 3 + 3, the lytic counted once
    await fake.send_text(301, 301, "modérée")  # 2 pts
    result = await fake.wait_for_bot_message(
        301, contains="11/12", after_message_id=fourth.message_id
    )
    assert "risque fracturaire élevé" in result.plain_text
    await fake.wait_until_idle()
    # The failed update had already taken the keyboard off question 3; removing it again
    # after the retyped answer is refused as "not modified", harmlessly (bot.delivery.quietly).
    assert [(r.method, r.params["message_id"]) for r in fake.rejected] == [
        ("editMessageReplyMarkup", third.message_id)
    ]
    fake.rejected.clear()


async def test_a_button_press_on_a_full_disk_is_answered_once_and_reported(
    running: Running,
) -> None:
    """SINS by buttons: a press that cannot be saved is answered once, then the user is told."""
    fake = running.fake
    fake.private_chat(302, "Dr Full", "fr")
    await fake.send_text(302, 302, "/sins")
    question = await fake.wait_for_bot_message(302, contains="Question 1/6")
    query = await fake.press_button(302, 302, question.message_id, "Jonctionnelle")
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(302, question.message_id, 0, contains="Question 2/6")
    await fake.wait_until_idle()

    read_only(running, True)
    query = await fake.press_button(302, 302, question.message_id, "Mécanique")
    warning = await fake.wait_for_bot_message(
        302, contains=NOT_SAVED, after_message_id=question.message_id
    )
    await fake.wait_until_idle()
    assert take_errors(running) == [StoreWriteError]
    answers = [c for c in fake.calls_to("answerCallbackQuery") if c["callback_query_id"] == query]
    assert len(answers) == 1  # answered by the handler, not a second time by the error handler
    stored = running.bot.store.get_dialogue(302, 302)
    assert stored is not None
    assert '"pain"' not in stored.data  # the unsaved answer is not there

    # The message had been edited to question 3 before the save failed: it is put back to
    # what is saved, question 2, with the pain question's buttons.
    shown = fake.message(302, question.message_id)
    assert "Question 2/6" in shown.plain_text
    assert "Mécanique" not in shown.plain_text.split("\n\n")[0]  # not shown as answered
    assert fake.message(302, question.message_id).button_labels[0].endswith("Mécanique")

    read_only(running, False)
    for label in ("Mécanique", "Lytique", "Alignement normal", "Tassement < 50", "Unilatérale"):
        edits = fake.message(302, question.message_id).edit_count
        query = await fake.press_button(302, 302, question.message_id, label)
        await fake.wait_for_answer(query)
        await fake.wait_for_edit(302, question.message_id, edits)
    result = await fake.wait_for_bot_message(
        302, contains="Total : 11/18", after_message_id=warning.message_id
    )
    # 3 (jonctionnelle) + 3 (mécanique) + 2 (lytique) + 0 + 2 + 1 = 11, as in the README
    assert "Potentiellement instable" in result.plain_text
