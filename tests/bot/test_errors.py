"""The one error handler: logs the update id and the error type only, and tells the user."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from tests.bot.conftest import Running


async def handler_errors(running: Running) -> list[type[BaseException]]:
    """The handler errors recorded once the bot is idle (error handlers run after replies)."""
    await running.fake.wait_until_idle()
    await running.fake.wait_for(lambda: running.errors, what="a recorded handler error")
    found = [type(e) for e in running.errors]
    running.errors.clear()  # expected here; the fixture's final check must not see them
    return found


SECRET_TEXT = "Dr Secret types a patient detail 4242"  # noqa: S105 - not a password


async def test_a_failing_handler_is_logged_without_text_and_the_user_is_told(
    running: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error reaches the user as a short message; the log has no message text."""
    fake = running.fake
    fake.private_chat(201, "Dr Secret", "fr")
    await fake.send_text(201, 201, "/mirels")
    question = await fake.wait_for_bot_message(201, contains="Question 1/4")

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(SECRET_TEXT)

    monkeypatch.setattr(running.bot.engine, "answer_text", explode)
    # The bot's own logger, at its most verbose. (Library loggers are clamped by
    # bot.main._configure_logging; tests/bot/test_process.py checks a real process's log.)
    with caplog.at_level(logging.DEBUG, logger="bonemet"):
        await fake.send_text(201, 201, SECRET_TEXT)
        reply = await fake.wait_for_bot_message(
            201, contains="Une erreur est survenue", after_message_id=question.message_id
        )
    assert "Votre saisie est conservée" in reply.plain_text
    assert await handler_errors(running) == [RuntimeError]
    errors = [r for r in caplog.records if r.name == "bonemet.bot" and r.levelno >= logging.ERROR]
    assert len(errors) == 1
    logged = errors[0].getMessage()
    assert "RuntimeError" in logged
    assert re.search(r"update \d+ failed", logged)  # the update id, nothing else
    for record in (r for r in caplog.records if r.name.startswith("bonemet")):
        text = record.getMessage() + str(record.exc_text or "")
        assert SECRET_TEXT not in text
        assert "Dr Secret" not in text
    # The dialogue is intact: once the engine works again the same question is answered.
    monkeypatch.undo()
    await fake.send_text(201, 201, "3")
    await fake.wait_for_bot_message(201, contains="Question 2/4", after_message_id=reply.message_id)


async def test_a_failing_button_press_is_still_answered(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a button's handling fails, the callback query is still answered."""
    fake = running.fake
    fake.private_chat(202, "Dr B", "en")
    await fake.send_text(202, 202, "/tomita")
    question = await fake.wait_for_bot_message(202, contains="Question 1/3")

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(running.bot.engine, "choose", explode)
    query = await fake.press(202, 202, question.message_id, question.buttons[0]["callback_data"])
    await fake.wait_for_answer(query)
    await fake.wait_for_bot_message(202, contains="Something went wrong")
    assert await handler_errors(running) == [RuntimeError]


async def test_a_result_lost_in_transit_is_shown_in_place_of_the_question(
    running: Running,
) -> None:
    """If sending the result fails, the question becomes the result: nothing lost, no error."""
    fake = running.fake
    fake.private_chat(203, "Dr R", "fr")
    await fake.send_text(203, 203, "/tomita")
    question = await fake.wait_for_bot_message(203, contains="Question 1/3")
    for label in ("1 pt", "0 pt"):
        edits = fake.message(203, question.message_id).edit_count
        query = await fake.press_button(
            203, 203, question.message_id, lambda b, label=label: b["text"].startswith(label)
        )
        await fake.wait_for_answer(query)
        await fake.wait_for_edit(203, question.message_id, edits)
    fake.fail_next("sendMessage")  # the result is lost on its way
    edits = fake.message(203, question.message_id).edit_count
    last = await fake.press_button(
        203, 203, question.message_id, lambda b: b["text"].startswith("1 pt")
    )
    await fake.wait_for_answer(last)
    shown = await fake.wait_for_edit(203, question.message_id, edits, contains="2/10")
    # 1 (slow) + 0 (no visceral) + 1 (solitary) = 2 -> en bloc
    assert "Exérèse en bloc" in shown.plain_text
    await fake.wait_until_idle()
    assert [m.message_id for m in fake.bot_messages(203)] == [question.message_id]
