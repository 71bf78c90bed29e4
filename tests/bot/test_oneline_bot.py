"""One-line scoring through Telegram (the fake server): private, errors, groups."""

from __future__ import annotations

from tests.bot.conftest import Running
from tests.bot.fake_telegram import BOT_USERNAME


async def test_a_one_line_sins_gives_the_result_with_its_copy_button(running: Running) -> None:
    """/sins 3+3+2+2+3+1 in private: the result message at once, 14/18, unstable."""
    fake = running.fake
    fake.private_chat(601, "Dr One", "fr")
    await fake.send_text(601, 601, "/sins 3+3+2+2+3+1")
    result = await fake.wait_for_bot_message(601, contains="14/18")
    assert "Instable (13-18)" in result.plain_text
    assert result.button_labels == ["📋 Copier", "◀ Corriger la dernière réponse"]
    assert result.buttons[0]["copy_text"]["text"].startswith(
        "Score SINS (instabilité rachidienne) 14/18 (3+3+2+2+3+1), Instable (13-18) : "
    )


async def test_a_bad_value_gets_one_reply_then_the_question_it_stopped_at(
    running: Running,
) -> None:
    """/sins 3+3+7+2+3+1: one message names "7", lesion and its values, then asks lesion
    with location and pain kept; tapping lesion takes the line's later answers at once."""
    fake = running.fake
    fake.private_chat(602, "Dr Bad", "en")
    await fake.send_text(602, 602, "/sins 3+3+7+2+3+1")
    reply = await fake.wait_for_bot_message(602, contains="Question 3/6")
    text = reply.plain_text
    assert "“7” is not a value of “Bone lesion”" in text
    assert "2: Lytic; 1: Mixed" in text
    assert "6 points so far" in text
    assert len(fake.bot_messages(602)) == 1
    await fake.wait_until_idle()
    query = await fake.press_button(
        602, 602, reply.message_id, lambda b: b["text"].startswith("2 pts · Lytic")
    )
    await fake.wait_for_answer(query)
    # 3 + 3 + 2 (tapped) + 2 + 3 + 1 (kept from the line) = 14/18, unstable.
    result = await fake.wait_for_bot_message(
        602, contains="14/18", after_message_id=reply.message_id
    )
    assert "Unstable (13-18)" in result.plain_text
    await fake.wait_until_idle()
    assert "all questions answered" in fake.message(602, reply.message_id).plain_text
    assert fake.message(602, reply.message_id).button_labels == []


async def test_kept_answers_wait_for_their_question_when_answers_are_typed(
    running: Running,
) -> None:
    """/tomita 4+9+1: visceral is asked; typing its answer (a position) takes the kept
    bone answer too: 4 + 2 (treatable) + 1 (solitary) = 7/10."""
    fake = running.fake
    fake.private_chat(605, "Dr T", "fr")
    await fake.send_text(605, 605, "/tomita 4+9+1")
    question = await fake.wait_for_bot_message(605, contains="Question 2/3")
    await fake.send_text(605, 605, "2")
    result = await fake.wait_for_bot_message(
        605, contains="7/10", after_message_id=question.message_id
    )
    assert "Objectif : palliation à court terme" in result.plain_text


async def test_other_script_digits_and_an_oversized_line_are_refused_clearly(
    running: Running,
) -> None:
    """Arabic-Indic digits are not read as points; a 300-character line is refused whole."""
    fake = running.fake
    fake.private_chat(603, "Dr Digits", "fr")
    await fake.send_text(603, 603, "/tomita \u0664+2+1")
    first = await fake.wait_for_bot_message(603, contains="Question 1/3")
    assert "« \u0664 » n'est pas un nombre de points (chiffres 0-9)" in first.plain_text
    await fake.send_text(603, 603, "/tomita " + "4+" * 150 + "1")
    second = await fake.wait_for_bot_message(
        603, contains="Ligne trop longue", after_message_id=first.message_id
    )
    assert "Question 1/3" in second.plain_text


async def test_a_one_line_frankel(running: Running) -> None:
    """/frankel D2: grade D2 (class D), carried into Tokuhashi as incomplete, 1 point."""
    fake = running.fake
    fake.private_chat(604, "Dr F", "en")
    await fake.send_text(604, 604, "/frankel D2")
    result = await fake.wait_for_bot_message(604, contains="Grade D2")
    assert "incomplete (Frankel C, D), 1 point" in result.plain_text


async def test_one_liners_in_a_group_reply_to_the_member_who_sent_them(running: Running) -> None:
    """Two members post one-liners in a group: each result replies to its own command."""
    fake = running.fake
    group = -1006000000001
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 611, "Dr A", "fr")
    fake.add_member(group, 612, "Dr B", "fr")
    await fake.send_text(group, 611, f"/sins@{BOT_USERNAME} 3+3+2+2+3+1")
    await fake.send_text(group, 612, f"/tomita@{BOT_USERNAME} 1+0+1")
    first = await fake.wait_for_bot_message(group, contains="14/18")
    second = await fake.wait_for_bot_message(group, contains="2/10")
    commands = {m.text: m for m in fake.messages(group) if not m.from_bot}
    sins = commands[f"/sins@{BOT_USERNAME} 3+3+2+2+3+1"]
    tomita = commands[f"/tomita@{BOT_USERNAME} 1+0+1"]
    assert first.reply_to is not None
    assert first.reply_to.message_id == sins.message_id
    assert second.reply_to is not None
    assert second.reply_to.message_id == tomita.message_id
    assert "Objectif : contrôle local à long terme" in second.plain_text
    # Each result belongs to its member: the other one's reopen button is refused.
    await fake.wait_until_idle()
    reopen = next(b for b in first.buttons if "callback_data" in b)
    query = await fake.press(group, 612, first.message_id, reopen["callback_data"])
    answer = await fake.wait_for_answer(query)
    assert answer is not None


async def test_a_tied_value_stays_named_after_changing_the_last_answer(running: Running) -> None:
    """/rades 5+6+5+10+4 names "NSCLC or unknown primary"; changing the last answer (onset
    8-14 days, 7 points: 33/44) keeps naming both, never NSCLC alone."""
    fake = running.fake
    fake.private_chat(606, "Dr R", "en")
    await fake.send_text(606, 606, "/rades 5+6+5+10+4")
    result = await fake.wait_for_bot_message(606, contains="30/44")
    both = "Non-small-cell lung cancer (NSCLC) or Unknown primary"
    assert f"Type of primary tumour: {both} — 5 pts" in result.plain_text
    await fake.wait_until_idle()
    query = await fake.press_button(606, 606, result.message_id, "◀ Change the last answer")
    await fake.wait_for_answer(query)
    question = await fake.wait_for_bot_message(
        606, contains="Question 5/5", after_message_id=result.message_id
    )
    assert f"✓ Type of primary tumour: {both} (5 pts)" in question.plain_text  # the recap too
    await fake.wait_until_idle()
    again = await fake.press_button(
        606, 606, question.message_id, lambda b: b["text"].startswith("7 pts")
    )
    await fake.wait_for_answer(again)
    changed = await fake.wait_for_bot_message(
        606, contains="33/44", after_message_id=question.message_id
    )
    assert f"Type of primary tumour: {both} — 5 pts" in changed.plain_text
