"""A first end-to-end check: the real bot, a scripted clinician, the fake server."""

from tests.bot.conftest import Running


async def test_sins_by_buttons_reaches_the_maximum(running: Running) -> None:
    """Tapping the first option of every SINS question gives 18/18, unstable."""
    fake = running.fake
    fake.private_chat(1, "Dr A", "fr")
    await fake.send_text(1, 1, "/sins")
    message = await fake.wait_for_bot_message(1, contains="Question 1/6")
    for index in range(6):
        edits = fake.message(1, message.message_id).edit_count
        labels = fake.message(1, message.message_id).button_labels
        query = await fake.press_button(1, 1, message.message_id, labels[0])
        await fake.wait_for_answer(query)
        if index < 5:
            await fake.wait_for_edit(
                1, message.message_id, edits, contains=f"Question {index + 2}/6"
            )
    result = await fake.wait_for_bot_message(
        1, contains="18/18", after_message_id=message.message_id
    )
    assert "Instable (13-18)" in result.plain_text
