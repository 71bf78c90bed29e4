"""End to end: the real Application, scripted clinicians, the fake Telegram server over HTTP."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import pytest

from bot.callbacks import MAX_CALLBACK_BYTES, decode_group_payload
from tests.bot.conftest import Running, group_with_member, start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, StoredMessage

POINTS = re.compile(r"^(\d+) pts? · ")

# Expected maxima typed from shared/CLINICAL.md's ranges table.
MAXIMA = {
    "mirels": (4, "12/12", "Score ≥ 9 : risque fracturaire élevé"),
    "rades": (5, "44/44", "Groupe III"),
    "sins": (6, "18/18", "Instable (13-18)"),
    "tokuhashi": (6, "15/15", "Espérance de vie ≥ 1 an"),
    "tomita": (3, "10/10", "Soins de support"),
}


def best_button(message: StoredMessage) -> str:
    """The answer button worth the most points (labels start with "N pts · ")."""
    answers = [label for label in message.button_labels if POINTS.search(label)]
    return max(answers, key=lambda label: int(POINTS.search(label).group(1)))  # type: ignore[union-attr]


def option(start: str) -> Callable[[dict[str, Any]], bool]:
    """Find an answer button by the start of its label (after its "N pts · " prefix)."""
    return lambda button: button["text"].split(" · ", 1)[-1].startswith(start)


async def tap(fake: FakeTelegram, chat: int, user: int, message_id: int, label: Any) -> str:
    """Press a button; wait until the bot has answered it and edited the message."""
    edits = fake.message(chat, message_id).edit_count
    query = await fake.press_button(chat, user, message_id, label)
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(chat, message_id, edits)
    return query


async def run_by_buttons(
    fake: FakeTelegram, chat: int, user: int, score: str, questions: int, *, choose: Any = None
) -> StoredMessage:
    """Start `score` and answer every question by button; return the result message."""
    mark = fake.last_message_id(chat)
    command = f"/{score}@{BOT_USERNAME}" if chat < 0 else f"/{score}"
    await fake.send_text(chat, user, command)
    message = await fake.wait_for_bot_message(chat, contains="Question 1/", after_message_id=mark)
    for index in range(questions):
        current = fake.message(chat, message.message_id)
        edits = current.edit_count
        await tap(fake, chat, user, message.message_id, (choose or best_button)(current))
        if index < questions - 1:
            await fake.wait_for_edit(
                chat, message.message_id, edits, contains=f"Question {index + 2}/{questions}"
            )
    return await fake.wait_for_bot_message(chat, contains="/", after_message_id=message.message_id)


@pytest.mark.parametrize("score", sorted(MAXIMA))
async def test_every_score_from_start_to_result_in_private(running: Running, score: str) -> None:
    """From /start to the result by buttons, each summed score reaches its published maximum."""
    fake = running.fake
    fake.private_chat(10, "Dr A", "fr")
    await fake.send_text(10, 10, "/start")
    welcome = await fake.wait_for_bot_message(10, contains="/tokuhashi")
    assert "RCP" in welcome.plain_text
    questions, total, stratum = MAXIMA[score]
    result = await run_by_buttons(fake, 10, 10, score, questions)
    assert total in result.plain_text
    assert stratum in result.plain_text
    assert "Sources" in result.plain_text
    assert "pas une prescription" in result.plain_text
    # The question message lost its keyboard; the result offers to reopen the last question.
    question = fake.bot_messages(10)[-2]
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert question.button_labels == []
    assert result.button_labels == ["📋 Copier", "◀ Corriger la dernière réponse"]
    # The copy button holds the compact record: total/max and stratum, at most 256 chars.
    copied = result.buttons[0]["copy_text"]["text"]
    assert total.split("/")[0] + "/" in copied
    assert stratum in copied
    assert len(copied) <= 256


async def test_frankel_gives_the_grade_and_no_total(running: Running) -> None:
    """Frankel is one question: D2 gives grade D2, class D, and its description."""
    fake = running.fake
    fake.private_chat(11, "Dr F", "en")
    await fake.send_text(11, 11, "/frankel")
    message = await fake.wait_for_bot_message(11, contains="Question 1/1")
    assert [label.split(" — ")[0] for label in message.button_labels[:7]] == [
        "A", "B", "C", "D1", "D2", "D3", "E",
    ]  # fmt: skip
    await tap(fake, 11, 11, message.message_id, lambda b: b["text"].startswith("D2"))
    result = await fake.wait_for_bot_message(
        11, contains="Grade", after_message_id=message.message_id
    )
    assert "Grade D2" in result.plain_text
    assert "with a cane" in result.plain_text
    assert "Total" not in result.plain_text


async def test_typed_answers_numbers_and_labels(running: Running) -> None:
    """Typed numbers and label starts answer; each next question is a new message."""
    fake = running.fake
    fake.private_chat(12, "Dr T", "fr")
    await fake.send_text(12, 12, "/mirels")
    first = await fake.wait_for_bot_message(12, contains="Question 1/4")
    await fake.send_text(12, 12, "3")
    second = await fake.wait_for_bot_message(
        12, contains="Question 2/4", after_message_id=first.message_id
    )
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert fake.message(12, first.message_id).button_labels == []  # previous keyboard retired
    assert "3 points pour l'instant" in second.plain_text
    await fake.send_text(12, 12, "plus de 2")
    third = await fake.wait_for_bot_message(
        12, contains="Question 3/4", after_message_id=second.message_id
    )
    await fake.send_text(12, 12, "LYT")
    fourth = await fake.wait_for_bot_message(
        12, contains="Question 4/4", after_message_id=third.message_id
    )
    await fake.send_text(12, 12, "modérée")
    result = await fake.wait_for_bot_message(
        12, contains="11/12", after_message_id=fourth.message_id
    )
    # 3 (trochanteric) + 3 (> 2/3) + 3 (lytic) + 2 (moderate) = 11 -> high
    assert "risque fracturaire élevé" in result.plain_text


async def test_bad_typed_input_reasks_without_losing_anything(running: Running) -> None:
    """Junk, out-of-range numbers, ambiguity and a 10,000-character line re-ask the question."""
    fake = running.fake
    fake.private_chat(13, "Dr J", "fr")
    await fake.send_text(13, 13, "/sins")
    await fake.wait_for_bot_message(13, contains="Question 1/6")
    await fake.send_text(13, 13, "1")
    mark = (await fake.wait_for_bot_message(13, contains="Question 2/6")).message_id
    for junk, hint in [
        ("9", "Il n'y a pas de réponse à ce numéro"),
        ("🦴🦴", "Réponse non reconnue"),
        ("x" * 10_000, "Réponse trop longue"),
        ("<b>&", "Réponse non reconnue"),
    ]:
        await fake.send_text(13, 13, junk)
        reply = await fake.wait_for_bot_message(13, contains=hint, after_message_id=mark)
        assert "Question 2/6" in reply.plain_text
        assert "3 points pour l'instant" in reply.plain_text
        mark = reply.message_id
    await fake.send_text(13, 13, "2")
    await fake.wait_for_bot_message(13, contains="Question 3/6", after_message_id=mark)


async def test_navigation_back_restart_cancel(running: Running) -> None:
    """Back drops the last answer, restart goes to question 1, cancel ends the dialogue."""
    fake = running.fake
    fake.private_chat(14, "Dr N", "en")
    await fake.send_text(14, 14, "/tomita")
    message = await fake.wait_for_bot_message(14, contains="Question 1/3")
    await tap(fake, 14, 14, message.message_id, option("Rapid"))
    await fake.wait_for_edit(14, message.message_id, 0, contains="Question 2/3")
    assert "4 points so far" in fake.message(14, message.message_id).plain_text
    await tap(fake, 14, 14, message.message_id, "◀ Back")
    await fake.wait_for_edit(14, message.message_id, 1, contains="Question 1/3")
    await fake.send_text(14, 14, "/back")
    nothing = await fake.wait_for_bot_message(
        14, contains="Nothing to go back to", after_message_id=message.message_id
    )
    await fake.send_text(14, 14, "/restart")
    restarted = await fake.wait_for_bot_message(
        14, contains="Starting again", after_message_id=nothing.message_id
    )
    assert "Question 1/3" in restarted.plain_text
    await tap(fake, 14, 14, restarted.message_id, "✖ Cancel")
    await fake.wait_for_edit(
        14, restarted.message_id, 0, contains="Score cancelled. /help for the list."
    )
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert fake.message(14, restarted.message_id).button_labels == []
    await fake.send_text(14, 14, "2")
    await fake.wait_for_bot_message(
        14,
        contains="No score, pathway or decision aid in progress",
        after_message_id=restarted.message_id,
    )


async def test_stale_button_after_restart_changes_nothing(running: Running) -> None:
    """After /restart, a button of the old message is answered as expired and changes nothing."""
    fake = running.fake
    fake.private_chat(15, "Dr S", "fr")
    await fake.send_text(15, 15, "/rades")
    old = await fake.wait_for_bot_message(15, contains="Question 1/5")
    old_data = old.buttons[0]["callback_data"]
    await fake.send_text(15, 15, "/restart")
    new = await fake.wait_for_bot_message(
        15, contains="Question 1/5", after_message_id=old.message_id
    )
    query = await fake.press(15, 15, old.message_id, old_data)
    answer = await fake.wait_for_answer(query)
    assert answer is not None
    assert "expiré" in (answer.text or "")
    assert "Question 1/5" in fake.message(15, new.message_id).plain_text
    assert fake.message(15, new.message_id).edit_count == 0


async def test_double_tap_applies_once(running: Running) -> None:
    """Two presses of the same button before the first is handled apply one answer."""
    fake = running.fake
    fake.private_chat(16, "Dr D", "fr")
    await fake.send_text(16, 16, "/sins")
    message = await fake.wait_for_bot_message(16, contains="Question 1/6")
    data = message.buttons[0]["callback_data"]
    first = await fake.press(16, 16, message.message_id, data)
    second = await fake.press(16, 16, message.message_id, data)
    await fake.wait_for_answer(first)
    await fake.wait_for_answer(second)
    await fake.wait_until_idle()
    shown = fake.message(16, message.message_id).plain_text
    assert "Question 2/6" in shown
    assert "3 points pour l'instant" in shown


@pytest.mark.parametrize(
    "data",
    [
        "a|zzzzzz|sins|location|junctional",  # unknown dialogue run
        "a|AAAA|sins|location",  # answer without an option
        "x" * 64,
        "a|AAAA|sins|location|junctional|extra",
        "",
        "b|AAAA|sins|",
        "a|AAAA|sins|location|jonctionnelle;DROP",
    ],
)
async def test_forged_callbacks_are_answered_and_change_nothing(
    running: Running, data: str
) -> None:
    """A forged or malformed callback gets a short answer and leaves the dialogue as it was."""
    fake = running.fake
    fake.private_chat(17, "Dr X", "fr")
    await fake.send_text(17, 17, "/sins")
    message = await fake.wait_for_bot_message(17, contains="Question 1/6")
    query = await fake.press(17, 17, message.message_id, data)
    answer = await fake.wait_for_answer(query)
    assert answer is not None
    assert answer.text
    await fake.wait_until_idle()
    current = fake.message(17, message.message_id)
    assert current.edit_count == 0
    assert "Question 1/6" in current.plain_text


async def test_group_two_clinicians_foreign_tap_and_privacy(running: Running) -> None:
    """Two members each run a score in one group; foreign taps get an alert; chatter is ignored."""
    fake = running.fake
    group = -1001234567890
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 21, "Dr A", "fr")
    fake.add_member(group, 22, "Dr B", "en")
    await fake.send_text(group, 21, f"/sins@{BOT_USERNAME}")
    a = await fake.wait_for_bot_message(group, contains="Question 1/6")
    await fake.send_text(group, 22, f"/tomita@{BOT_USERNAME}")
    b = await fake.wait_for_bot_message(
        group, contains="Question 1/3", after_message_id=a.message_id
    )
    # Dr B taps Dr A's buttons: an alert, nothing changes.
    query = await fake.press_button(
        group, 22, a.message_id, best_button(fake.message(group, a.message_id))
    )
    answer = await fake.wait_for_answer(query)
    assert answer is not None
    assert answer.show_alert
    assert fake.message(group, a.message_id).edit_count == 0
    # Each clinician answers their own questions, interleaved.
    await tap(fake, group, 21, a.message_id, lambda x: "Jonctionnelle" in x["text"])
    await tap(fake, group, 22, b.message_id, option("Rapid"))
    await tap(fake, group, 22, b.message_id, option("None"))
    await tap(fake, group, 22, b.message_id, option("Solitary"))
    # 4 (rapid) + 0 (no visceral) + 1 (solitary) = 5 -> marginal or intralesional excision
    result_b = await fake.wait_for_bot_message(
        group, contains="5/10", after_message_id=b.message_id
    )
    assert "Marginal or intralesional excision" in result_b.plain_text
    assert "3 points pour l'instant" in fake.message(group, a.message_id).plain_text
    # A typed reply to the bot's question answers it; plain chatter is not delivered/handled.
    await fake.send_text(group, 21, "1", reply_to_message_id=a.message_id)
    reply = await fake.wait_for_bot_message(
        group, contains="Question 3/6", after_message_id=result_b.message_id
    )
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert fake.message(group, a.message_id).button_labels == []
    await fake.send_text(group, 21, "bonjour à tous")
    await fake.wait_until_idle()
    assert fake.last_bot_message(group).message_id == reply.message_id


async def test_group_private_continuation_posts_only_the_result(running: Running) -> None:
    """The private link continues a group score in private; only the result is posted back."""
    fake = running.fake
    group = -1009876543210
    group_with_member(fake, group, 31, "Dr P", "fr")
    await fake.send_text(group, 31, f"/tomita@{BOT_USERNAME}")
    message = await fake.wait_for_bot_message(group, contains="Question 1/3")
    link = next(b["url"] for b in message.buttons if b.get("url"))
    assert link.startswith(f"https://t.me/{BOT_USERNAME}?start=")
    payload = link.split("start=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
    assert decode_group_payload(running.bot.link_secret, payload, 31) == ("tomita", group)
    assert decode_group_payload(running.bot.link_secret, payload, 32) is None  # signed per user
    group_mark = fake.last_message_id(group)
    await fake.send_text(31, 31, f"/start {payload}")
    private = await fake.wait_for_bot_message(31, contains="Question 1/3")
    for label in ("Rapide", "Traitables", "Multiples"):
        edits = fake.message(31, private.message_id).edit_count
        await tap(fake, 31, 31, private.message_id, option(label))
        if label != "Multiples":
            await fake.wait_for_edit(31, private.message_id, edits)
    # 4 (rapid) + 2 (treatable) + 2 (multiple) = 8 -> supportive care
    await fake.wait_for_bot_message(31, contains="8/10", after_message_id=private.message_id)
    posted = await fake.wait_for_bot_message(group, contains="8/10", after_message_id=group_mark)
    assert "Soins de support" in posted.plain_text
    # The group's copy has the copy button, and nothing that would act on the dialogue.
    assert posted.button_labels == ["📋 Copier"]
    assert posted.buttons[0]["copy_text"]["text"].startswith("Score de Tomita 8/10 (4+2+2), ")
    await fake.wait_until_idle()
    assert [m.message_id for m in fake.bot_messages(group) if m.message_id > group_mark] == [
        posted.message_id
    ]


async def test_forget_deletes_everything_and_survives_restart(
    fake: FakeTelegram, tmp_path: Any
) -> None:
    """/forget deletes the dialogue and the language preference, also after a restart."""
    running = await start_bot(fake, tmp_path)
    try:
        fake.private_chat(41, "Dr F", "fr")
        await fake.send_text(41, 41, "/lang en")
        await fake.wait_for_bot_message(41, contains="Language: English")
        await fake.send_text(41, 41, "/sins")
        message = await fake.wait_for_bot_message(41, contains="Question 1/6")
        await tap(fake, 41, 41, message.message_id, option("Junctional"))
        old_data = fake.message(41, message.message_id).buttons[0]["callback_data"]
        await fake.send_text(41, 41, "/forget")
        await fake.wait_for_bot_message(41, contains="deleted", after_message_id=message.message_id)
        await fake.wait_until_idle()
        assert fake.message(41, message.message_id).button_labels == []  # keyboard retired
        assert running.bot.store.dialogues_of_user(41) == []
        assert running.bot.store.get_lang(41) is None
    finally:
        await stop_bot(running)
    running.assert_clean()
    again = await start_bot(fake, tmp_path)
    try:
        assert again.bot.store.dialogues_of_user(41) == []
        assert again.bot.store.get_lang(41) is None
        mark = fake.last_message_id(41)
        query = await fake.press(41, 41, message.message_id, old_data)  # an old client's tap
        answer = await fake.wait_for_answer(query)
        assert answer is not None
        assert "Ce bouton a expiré" in (answer.text or "")
        await fake.send_text(41, 41, "2")
        await fake.wait_for_bot_message(
            41, contains="Aucun score, parcours ou aide en cours", after_message_id=mark
        )
    finally:
        await stop_bot(again)
    again.assert_clean()


async def test_language_follows_telegram_and_lang_switches(running: Running) -> None:
    """An fr-CA client gets French, an en client English, and /lang switches mid-dialogue."""
    fake = running.fake
    fake.private_chat(51, "Dr Q", "fr-CA")
    fake.private_chat(52, "Dr R", "de")
    await fake.send_text(51, 51, "/mirels")
    await fake.wait_for_bot_message(51, contains="Localisation de la lésion")
    await fake.send_text(52, 52, "/mirels")
    await fake.wait_for_bot_message(52, contains="Site of the lesion")
    await fake.send_text(51, 51, "/lang en")
    switched = await fake.wait_for_bot_message(51, contains="Site of the lesion")
    assert "Language: English" in switched.plain_text


async def test_commands_menu_registered_in_both_languages(running: Running) -> None:
    """The command menu is set for private chats and groups, in French and English."""
    fake = running.fake
    for scope in ({"type": "all_private_chats"}, {"type": "all_group_chats"}):
        for language in ("", "fr"):
            names = [c["command"] for c in fake.commands_for(scope, language)]
            assert names[:2] == ["start", "help"]
            for command in ("mirels", "rades", "sins", "frankel", "tokuhashi", "tomita"):
                assert command in names
            for command in ("back", "restart", "cancel", "lang", "forget"):
                assert command in names


async def test_allowlist_refuses_other_chats_once(fake: FakeTelegram, tmp_path: Any) -> None:
    """A chat outside BONEMET_ALLOWED_CHATS gets one polite refusal, then silence."""
    running = await start_bot(fake, tmp_path, bonemet_allowed_chats="61")
    try:
        fake.private_chat(61, "Dr In", "fr")
        fake.private_chat(62, "Dr Out", "fr")
        await fake.send_text(61, 61, "/sins")
        await fake.wait_for_bot_message(61, contains="Question 1/6")
        await fake.send_text(62, 62, "/sins")
        await fake.wait_for_bot_message(62, contains="pas ouvert")
        await fake.send_text(62, 62, "/help")
        await fake.wait_until_idle()
        assert len(fake.bot_messages(62)) == 1
    finally:
        await stop_bot(running)
    running.assert_clean()


async def test_expired_dialogue_is_not_resumed(fake: FakeTelegram, tmp_path: Any) -> None:
    """A dialogue untouched for longer than the TTL is swept and its buttons expire."""
    running = await start_bot(fake, tmp_path, bonemet_dialogue_ttl_hours=0.0001)  # 0.36 s
    try:
        fake.private_chat(71, "Dr E", "fr")
        await fake.send_text(71, 71, "/sins")
        message = await fake.wait_for_bot_message(71, contains="Question 1/6")
        await fake.wait_until_idle()
        await asyncio.sleep(0.5)
        query = await fake.press_button(71, 71, message.message_id, best_button(message))
        answer = await fake.wait_for_answer(query)
        assert answer is not None
        assert "expiré" in (answer.text or "")
        assert running.bot.sweep() == 0
        assert running.bot.store.dialogues_of_user(71) == []
    finally:
        await stop_bot(running)
    running.assert_clean()


def test_callback_data_fit_telegram_limit_for_the_whole_catalogue() -> None:
    """Every button the bot can make, for every score, fits in 64 bytes of callback_data."""
    from bot.callbacks import Action, Callback
    from scoring import SCORES

    for score in SCORES:
        for item in score.items:
            for option in item.options:
                data = Callback(Action.ANSWER, "Zz9Zz9", score.id, item.id, option.id).encode()
                assert len(data.encode()) <= MAX_CALLBACK_BYTES, data


async def test_bare_lang_toggles_once(running: Running) -> None:
    """A bare /lang switches French to English (once), and again back to French."""
    fake = running.fake
    fake.private_chat(81, "Dr L", "fr")
    await fake.send_text(81, 81, "/lang")
    first = await fake.wait_for_bot_message(81, contains="Language: English")
    assert running.bot.store.get_lang(81) == "en"
    await fake.send_text(81, 81, "/lang")
    await fake.wait_for_bot_message(
        81, contains="Langue : français", after_message_id=first.message_id
    )
    assert running.bot.store.get_lang(81) == "fr"


async def test_group_reply_to_someone_elses_question_changes_nothing(running: Running) -> None:
    """In a group, a typed reply to another member's question is refused, not applied."""
    fake = running.fake
    group = -1005555555555
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 91, "Dr A", "fr")
    fake.add_member(group, 92, "Dr B", "fr")
    await fake.send_text(group, 91, f"/sins@{BOT_USERNAME}")
    a = await fake.wait_for_bot_message(group, contains="Question 1/6")
    await fake.send_text(group, 92, f"/mirels@{BOT_USERNAME}")
    b = await fake.wait_for_bot_message(
        group, contains="Question 1/4", after_message_id=a.message_id
    )
    # Dr B replies "1" to Dr A's SINS question: refused; neither dialogue moves.
    await fake.send_text(group, 92, "1", reply_to_message_id=a.message_id)
    refusal = await fake.wait_for_bot_message(
        group, contains="autre membre", after_message_id=b.message_id
    )
    await fake.wait_until_idle()
    assert fake.message(group, a.message_id).edit_count == 0
    assert fake.message(group, b.message_id).edit_count == 0
    assert fake.last_bot_message(group).message_id == refusal.message_id
    # Dr B replying to an old message of the bot is pointed to the current question.
    await fake.send_text(group, 92, "1", reply_to_message_id=refusal.message_id)
    await fake.wait_for_bot_message(
        group, contains="question en cours", after_message_id=refusal.message_id
    )
    # Replying to his own question works.
    await fake.send_text(group, 92, "1", reply_to_message_id=b.message_id)
    await fake.wait_for_bot_message(
        group, contains="Question 2/4", after_message_id=refusal.message_id
    )


async def test_continuing_in_private_keeps_the_answers_and_closes_the_group_question(
    running: Running,
) -> None:
    """Answers given in the group carry over to private; the group question is closed."""
    fake = running.fake
    group = -1004444444444
    group_with_member(fake, group, 101, "Dr P", "fr")
    await fake.send_text(group, 101, f"/tomita@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Question 1/3")
    old_data = question.buttons[0]["callback_data"]
    await tap(fake, group, 101, question.message_id, lambda b: b["text"].startswith("4 pts"))
    link = next(b["url"] for b in fake.message(group, question.message_id).buttons if b.get("url"))
    await fake.send_text(101, 101, f"/start {link.split('start=', 1)[1]}")
    private = await fake.wait_for_bot_message(101, contains="Question 2/3")
    assert "4 points pour l'instant" in private.plain_text
    closed = fake.message(group, question.message_id)
    assert "suite en privé" in closed.plain_text
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert closed.button_labels == []
    # The group's old buttons no longer drive anything, and say where the score went.
    stale = await fake.press(group, 101, question.message_id, old_data)
    answer = await fake.wait_for_answer(stale)
    assert answer is not None
    assert "continue dans votre conversation privée" in (answer.text or "")
    await tap(fake, 101, 101, private.message_id, lambda b: b["text"].startswith("0 pt"))
    await tap(fake, 101, 101, private.message_id, lambda b: b["text"].startswith("1 pt"))
    # 4 (rapid) + 0 (no visceral) + 1 (solitary) = 5 -> marginal or intralesional excision
    posted = await fake.wait_for_bot_message(
        group, contains="5/10", after_message_id=question.message_id
    )
    assert posted.reply_to is not None
    assert posted.reply_to.message_id == question.message_id
    assert "Exérèse marginale ou intralésionnelle" in posted.plain_text


async def test_reopening_a_result_withdraws_it(running: Running) -> None:
    """Changing the last answer after a result withdraws the old result's text."""
    fake = running.fake
    fake.private_chat(111, "Dr W", "fr")
    result = await run_by_buttons(fake, 111, 111, "mirels", 4)
    assert "12/12" in result.plain_text
    await tap(fake, 111, 111, result.message_id, "◀ Corriger la dernière réponse")
    reopened = await fake.wait_for_bot_message(
        111, contains="Question 4/4", after_message_id=result.message_id
    )
    withdrawn = fake.message(111, result.message_id)
    assert "résultat retiré" in withdrawn.plain_text
    assert "12/12" not in withdrawn.plain_text
    await tap(fake, 111, 111, reopened.message_id, lambda b: b["text"].startswith("1 pt"))
    # 3 + 3 + 3 + 1 (mild pain) = 10 -> high
    await fake.wait_for_bot_message(111, contains="10/12", after_message_id=reopened.message_id)
    # The same with a typed /back after the new result.
    second = fake.last_bot_message(111)
    await fake.send_text(111, 111, "/back")
    await fake.wait_for_bot_message(
        111, contains="Question 4/4", after_message_id=second.message_id
    )
    assert "résultat retiré" in fake.message(111, second.message_id).plain_text


async def _start_in_group(fake: FakeTelegram, group: int, member: int, score: str) -> Any:
    mark = fake.last_message_id(group)
    await fake.send_text(group, member, f"/{score}@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Question 1/", after_message_id=mark)
    link = next(b["url"] for b in question.buttons if b.get("url"))
    return question, link.split("start=", 1)[1]


async def test_group_results_reply_to_their_question(running: Running) -> None:
    """A result computed in the group replies to its question, so the group sees whose it is."""
    fake = running.fake
    group = -1003000000001
    group_with_member(fake, group, 121)
    result = await run_by_buttons(fake, group, 121, "tomita", 3)
    question = fake.bot_messages(group)[-2]
    assert result.reply_to is not None
    assert result.reply_to.message_id == question.message_id
    assert question.reply_to is not None  # the question replies to the member's command
    assert question.reply_to.text.startswith("/tomita")


async def test_link_after_the_group_score_finished_leaves_the_result_alone(
    running: Running,
) -> None:
    """Opening an old private link after the group result keeps that result intact."""
    fake = running.fake
    group = -1003000000002
    group_with_member(fake, group, 122)
    question, payload = await _start_in_group(fake, group, 122, "tomita")
    for _ in range(3):
        await tap(
            fake,
            group,
            122,
            fake.message(group, question.message_id).message_id,
            lambda b: b["text"].startswith("1 pt") or b["text"].startswith("0 pt"),
        )
    result = await fake.wait_for_bot_message(
        group, contains="/10", after_message_id=question.message_id
    )
    before = fake.message(group, result.message_id).plain_text
    await fake.send_text(122, 122, f"/start {payload}")
    private = await fake.wait_for_bot_message(122, contains="Question 1/3")
    assert "ne sera pas publié dans le groupe" in private.plain_text
    await fake.wait_until_idle()
    assert fake.message(group, result.message_id).plain_text == before


async def test_pressing_the_private_link_twice_keeps_the_answers(running: Running) -> None:
    """A second press of the same link re-shows the private question where it is."""
    fake = running.fake
    group = -1003000000003
    group_with_member(fake, group, 123)
    question, payload = await _start_in_group(fake, group, 123, "sins")
    await tap(fake, group, 123, question.message_id, option("Jonctionnelle"))
    await fake.send_text(123, 123, f"/start {payload}")
    private = await fake.wait_for_bot_message(123, contains="Question 2/6")
    await tap(fake, 123, 123, private.message_id, option("Mécanique"))
    await fake.send_text(123, 123, f"/start {payload}")
    again = await fake.wait_for_bot_message(
        123, contains="Question 3/6", after_message_id=private.message_id
    )
    assert "6 points pour l'instant" in again.plain_text
    await fake.wait_until_idle()  # the old keyboard goes after the new message
    assert fake.message(123, private.message_id).button_labels == []


async def test_changing_an_answer_after_a_posted_result_withdraws_the_group_copy(
    running: Running,
) -> None:
    """Reopening a private result also withdraws its copy in the group; the new one follows."""
    fake = running.fake
    group = -1003000000004
    group_with_member(fake, group, 124)
    question, payload = await _start_in_group(fake, group, 124, "tomita")
    await fake.send_text(124, 124, f"/start {payload}")
    private = await fake.wait_for_bot_message(124, contains="Question 1/3")
    for start in ("Rapide", "Aucune", "Unique"):
        await tap(fake, 124, 124, private.message_id, option(start))
    # 4 + 0 + 1 = 5
    posted = await fake.wait_for_bot_message(
        group, contains="5/10", after_message_id=question.message_id
    )
    result = fake.last_bot_message(124)
    await tap(fake, 124, 124, result.message_id, "◀ Corriger la dernière réponse")
    reopened = await fake.wait_for_bot_message(
        124, contains="Question 3/3", after_message_id=result.message_id
    )
    withdrawn = fake.message(group, posted.message_id)
    assert "résultat retiré" in withdrawn.plain_text
    assert withdrawn.button_labels == []  # nothing left to copy from a withdrawn result
    await tap(fake, 124, 124, reopened.message_id, option("Multiples"))
    # 4 + 0 + 2 = 6 -> palliative surgery
    new = await fake.wait_for_bot_message(
        group, contains="6/10", after_message_id=posted.message_id
    )
    assert "Chirurgie palliative" in new.plain_text


async def test_restart_in_private_still_posts_to_the_group(running: Running) -> None:
    """/restart of a score continued from a group keeps its result going to the group."""
    fake = running.fake
    group = -1003000000005
    group_with_member(fake, group, 125)
    question, payload = await _start_in_group(fake, group, 125, "tomita")
    await fake.send_text(125, 125, f"/start {payload}")
    private = await fake.wait_for_bot_message(125, contains="Question 1/3")
    await fake.send_text(125, 125, "/restart")
    restarted = await fake.wait_for_bot_message(
        125, contains="On recommence", after_message_id=private.message_id
    )
    for start in ("Lente", "Aucune", "Unique"):
        await tap(fake, 125, 125, restarted.message_id, option(start))
    # 1 + 0 + 1 = 2 -> en bloc
    await fake.wait_for_bot_message(group, contains="2/10", after_message_id=question.message_id)


async def test_private_link_works_when_only_the_group_is_allowed(
    fake: FakeTelegram, tmp_path: Any
) -> None:
    """With BONEMET_ALLOWED_CHATS naming the group only, its private link still works."""
    group = -1003000000006
    running = await start_bot(fake, tmp_path, bonemet_allowed_chats=str(group))
    try:
        group_with_member(fake, group, 126)
        question, payload = await _start_in_group(fake, group, 126, "tomita")
        await fake.send_text(126, 126, f"/start {payload}")
        private = await fake.wait_for_bot_message(126, contains="Question 1/3")
        for start in ("Rapide", "Traitables", "Multiples"):
            await tap(fake, 126, 126, private.message_id, option(start))
        # 4 + 2 + 2 = 8 -> supportive care
        await fake.wait_for_bot_message(
            group, contains="8/10", after_message_id=question.message_id
        )
        # Another private chat, with no link, is still refused.
        fake.private_chat(127, "Dr Other", "fr")
        await fake.send_text(127, 127, "/tomita")
        await fake.wait_for_bot_message(127, contains="pas ouvert")
    finally:
        await stop_bot(running)
    running.assert_clean()


async def test_a_forwarded_private_link_says_it_is_someone_elses(running: Running) -> None:
    """A member opening another member's link is told so, and nothing moves."""
    fake = running.fake
    group = -1003000000007
    group_with_member(fake, group, 128)
    fake.add_member(group, 129, "Dr H", "fr")
    fake.private_chat(129, "Dr H", "fr")
    question, payload = await _start_in_group(fake, group, 128, "sins")
    await fake.send_text(129, 129, f"/start {payload}")
    await fake.wait_for_bot_message(129, contains="réservé au membre")
    await fake.wait_until_idle()
    assert fake.message(group, question.message_id).button_labels != []


async def test_lang_at_a_result_shows_it_again_without_withdrawing_it(running: Running) -> None:
    """/lang after a result shows the same result in the new language, in the same message."""
    fake = running.fake
    fake.private_chat(131, "Dr L", "fr")
    result = await run_by_buttons(fake, 131, 131, "mirels", 4)
    edits = fake.message(131, result.message_id).edit_count
    await fake.send_text(131, 131, "/lang en")
    shown = await fake.wait_for_edit(
        131, result.message_id, edits, contains="Mirels score — result"
    )
    assert "12/12" in shown.plain_text
    assert "withdrawn" not in shown.plain_text
    assert shown.button_labels == ["📋 Copy", "◀ Change the last answer"]
    assert shown.buttons[0]["copy_text"]["text"].startswith("Mirels score 12/12")
    await fake.wait_until_idle()
    assert fake.last_bot_message(131).message_id == result.message_id  # one copy only
    # Changing the last answer now withdraws that one copy.
    await fake.send_text(131, 131, "/back")
    await fake.wait_for_bot_message(
        131, contains="Question 4/4", after_message_id=result.message_id
    )
    assert "result withdrawn" in fake.message(131, result.message_id).plain_text


async def test_typed_labels_match_the_language_shown(running: Running) -> None:
    """A dialogue started in English and shown in French matches French labels."""
    fake = running.fake
    fake.private_chat(132, "Dr M", "en")
    await fake.send_text(132, 132, "/tomita")
    first = await fake.wait_for_bot_message(132, contains="Growth of the primary tumour")
    running.bot.store.set_lang(132, "fr")  # e.g. the client's language changed
    await fake.send_text(132, 132, "rapide")
    second = await fake.wait_for_bot_message(
        132, contains="Question 2/3", after_message_id=first.message_id
    )
    assert "4 points pour l'instant" in second.plain_text


async def test_forget_wins_over_a_tap_in_flight_elsewhere(tmp_path: Any) -> None:
    """A tap being handled in a group when /forget arrives cannot write the dialogue back."""
    async with FakeTelegram(delay=0.2) as fake:
        running = await start_bot(fake, tmp_path)
        try:
            group = -1003000000010
            group_with_member(fake, group, 133)
            question, _ = await _start_in_group(fake, group, 133, "sins")
            data = question.buttons[0]["callback_data"]
            # /forget (which first retires keyboards, waiting on Telegram), then a tap in
            # the group that is handled meanwhile and saves again after its own edit.
            await fake.wait_until_idle()
            await fake.send_text(133, 133, "/forget")
            tap_query = await fake.press(group, 133, question.message_id, data)
            await fake.wait_for_answer(tap_query, timeout=10)
            await fake.wait_for_bot_message(133, contains="effacé", timeout=10)
            await fake.wait_until_idle(timeout=10)
            assert running.bot.store.dialogues_of_user(133) == []
        finally:
            await stop_bot(running)
        running.assert_clean()


async def test_a_chat_open_only_for_group_scores_refuses_new_ones(
    fake: FakeTelegram, tmp_path: Any
) -> None:
    """With only the group allowed, a score continued in private cannot be swapped for another."""
    group = -1003000000011
    running = await start_bot(fake, tmp_path, bonemet_allowed_chats=str(group))
    try:
        group_with_member(fake, group, 134)
        _question, payload = await _start_in_group(fake, group, 134, "tomita")
        await fake.send_text(134, 134, f"/start {payload}")
        private = await fake.wait_for_bot_message(134, contains="Question 1/3")
        await fake.send_text(134, 134, "/sins")
        await fake.wait_for_bot_message(
            134, contains="lancez ce score dans le groupe", after_message_id=private.message_id
        )
        # The continued score still works.
        await tap(fake, 134, 134, private.message_id, option("Rapide"))
        # After the group score is over, its link cannot open an orphan private score.
        await fake.send_text(134, 134, "/cancel")
        await fake.wait_for_bot_message(134, contains="Score annulé")  # unfinished: cancelled
        mark = fake.last_message_id(134)
        await fake.send_text(134, 134, f"/start {payload}")
        await fake.wait_for_bot_message(
            134, contains="relancez-le dans le groupe", after_message_id=mark
        )
        # /forget works even in a chat the allowlist does not open.
        await fake.send_text(134, 134, "/forget")
        await fake.wait_for_bot_message(134, contains="effacé")
    finally:
        await stop_bot(running)
    running.assert_clean()


async def test_an_abandoned_score_says_so_in_its_message(running: Running) -> None:
    """Starting another score mid-way marks the first one's message as abandoned."""
    fake = running.fake
    fake.private_chat(141, "Dr A", "fr")
    await fake.send_text(141, 141, "/rades")
    first = await fake.wait_for_bot_message(141, contains="Question 1/5")
    await tap(fake, 141, 141, first.message_id, option("Sein"))
    await fake.send_text(141, 141, "/sins")
    second = await fake.wait_for_bot_message(
        141, contains="Question 1/6", after_message_id=first.message_id
    )
    assert "Le score précédent, inachevé, a été abandonné." in second.plain_text
    await fake.wait_until_idle()
    old = fake.message(141, first.message_id)
    assert "score abandonné" in old.plain_text
    assert old.button_labels == []


async def test_editing_a_typed_answer_says_it_changes_nothing(running: Running) -> None:
    """Editing a sent answer in Telegram gets a pointer to /back; the answer stays as recorded."""
    from bot.app import Record
    from dialogs.session import Session

    fake = running.fake
    fake.private_chat(151, "Dr E", "fr")
    await fake.send_text(151, 151, "/mirels")
    first = await fake.wait_for_bot_message(151, contains="Question 1/4")
    await fake.send_text(151, 151, "3")
    second = await fake.wait_for_bot_message(
        151, contains="Question 2/4", after_message_id=first.message_id
    )
    typed = [m for m in fake.messages(151) if not m.from_bot and m.text == "3"][-1]
    await fake.edit_user_text(151, 151, typed.message_id, "1")
    note = await fake.wait_for_bot_message(
        151, contains="/back", after_message_id=second.message_id
    )
    assert "ne change pas la réponse enregistrée" in note.plain_text
    stored = running.bot.store.get_dialogue(151, 151)
    assert stored is not None
    session = Session.from_json(Record.model_validate_json(stored.data).session)
    assert session.answer_map() == {"site": "trochanteric"}
