"""End to end: what the bot says about a dialogue names what it runs (score, pathway,
decision aid), and an old button of another member's dialogue says whose it is.

Expected texts are typed in by hand.
"""

from __future__ import annotations

from tests.bot.conftest import Running
from tests.bot.fake_telegram import BOT_USERNAME, CallbackAnswer, FakeTelegram, StoredMessage
from tests.bot.test_e2e import option, tap


def _group(fake: FakeTelegram, group: int, *members: int) -> None:
    fake.group_chat(group, "RCP", members=())
    for member in members:
        fake.add_member(group, member, f"Dr {member}", "fr")


async def _start_in_group(
    fake: FakeTelegram, group: int, owner: int, command: str, contains: str
) -> tuple[StoredMessage, str]:
    """`owner` starts `command` in `group`; its first question and its first button's data
    (to press once the button is old)."""
    mark = fake.last_message_id(group)
    await fake.send_text(group, owner, f"/{command}@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains=contains, after_message_id=mark)
    return question, fake.message(group, question.message_id).buttons[0]["callback_data"]


async def _answer(
    fake: FakeTelegram, chat: int, user: int, message_id: int, data: str
) -> CallbackAnswer:
    """Press a button carrying `data` (an old or forged one); the answer."""
    query = await fake.press(chat, user, message_id, data)
    answer = await fake.wait_for_answer(query)
    assert answer is not None
    return answer


async def _answer_text(fake: FakeTelegram, chat: int, user: int, message_id: int, data: str) -> str:
    """Press a button carrying `data` (an old or forged one); the answer's text."""
    return (await _answer(fake, chat, user, message_id, data)).text or ""


async def test_a_pathways_cancel_button_says_pathway(running: Running) -> None:
    fake = running.fake
    fake.private_chat(201, "Dr P", "fr")
    await fake.send_text(201, 201, "/rachis")
    question = await fake.wait_for_bot_message(201, contains="Type de cancer primitif")
    await tap(fake, 201, 201, question.message_id, "✖ Annuler")
    assert fake.message(201, question.message_id).plain_text == (
        "Parcours annulé. /help pour la liste."
    )
    running.assert_clean()


async def test_an_aid_given_up_says_so_in_the_feminine(running: Running) -> None:
    """Cementoplasty with one checklist answered, then /sins: its message and the new one
    both say that the aid, not a score, was abandoned."""
    fake = running.fake
    fake.private_chat(202, "Dr C", "fr")
    await fake.send_text(202, 202, "/cimentoplastie")
    aid = await fake.wait_for_bot_message(202, contains="Question 1/3")
    await tap(fake, 202, 202, aid.message_id, lambda b: "Mauvais contrôle" in b["text"])
    await tap(fake, 202, 202, aid.message_id, "✓ Valider")
    await fake.send_text(202, 202, "/sins")
    sins = await fake.wait_for_bot_message(
        202, contains="Question 1/6", after_message_id=aid.message_id
    )
    assert "L'aide précédente, inachevée, a été abandonnée." in sins.plain_text
    await fake.wait_until_idle()
    assert fake.message(202, aid.message_id).plain_text == (
        "✖ Cimentoplastie : aide abandonnée (inachevée)."
    )
    running.assert_clean()


async def test_a_stale_button_of_a_finished_score_tells_others_it_is_not_theirs(
    running: Running,
) -> None:
    """Member A finishes Tomita in a group; member B taps A's old question button: told it
    is another member's (an alert). A tapping it is told the score is finished (nothing is
    in progress to answer)."""
    fake, group = running.fake, -1004000000001
    _group(fake, group, 211, 212)
    question, old = await _start_in_group(fake, group, 211, "tomita", "Question 1/3")
    await tap(fake, group, 211, question.message_id, option("Rapide"))
    await tap(fake, group, 211, question.message_id, option("Aucune"))
    await tap(fake, group, 211, question.message_id, option("Unique"))
    await fake.wait_for_bot_message(group, contains="5/10", after_message_id=question.message_id)
    assert fake.message(group, question.message_id).button_labels == []  # finished

    answer = await _answer(fake, group, 212, question.message_id, old)
    assert answer.text == "Ce score est celui d'un autre membre du groupe. Lancez le vôtre : /help"
    assert answer.show_alert
    text = await _answer_text(fake, group, 211, question.message_id, old)
    assert text == (
        "Ce score est terminé. /help pour la liste, ou /back pour corriger la dernière réponse."
    )
    running.assert_clean()


async def test_a_stale_button_of_a_cancelled_pathway_says_pathway_and_whose(
    running: Running,
) -> None:
    """A's spine pathway is cancelled (nothing of it is stored any more): B's tap on its old
    button is still told it is another member's pathway; A's, that the button expired."""
    fake, group = running.fake, -1004000000002
    _group(fake, group, 221, 222)
    question, old = await _start_in_group(fake, group, 221, "rachis", "Type de cancer primitif")
    await fake.send_text(group, 221, f"/cancel@{BOT_USERNAME}")
    await fake.wait_for_bot_message(
        group,
        contains="Parcours annulé. /help pour la liste.",
        after_message_id=question.message_id,
    )
    await fake.wait_until_idle()
    assert running.bot.store.dialogues_in_chat(group) == []

    answer = await _answer(fake, group, 222, question.message_id, old)
    assert answer.text == (
        "Ce parcours est celui d'un autre membre du groupe. Lancez le vôtre : /help"
    )
    assert answer.show_alert
    text = await _answer_text(fake, group, 221, question.message_id, old)
    assert text == "Ce bouton a expiré. Lancez un parcours : /help"
    running.assert_clean()


async def test_a_member_running_their_own_dialogue_is_told_an_old_aid_is_not_theirs(
    running: Running,
) -> None:
    """B, with a score of their own in progress, taps A's finished aid's old button."""
    fake, group = running.fake, -1004000000003
    _group(fake, group, 231, 232)
    question, old = await _start_in_group(fake, group, 231, "cimentoplastie", "Question 1/3")
    for _ in range(3):
        await tap(fake, group, 231, question.message_id, "✓ Valider")
    await fake.wait_for_bot_message(
        group, contains="synthèse", after_message_id=question.message_id
    )
    mark = fake.last_message_id(group)
    await fake.send_text(group, 232, f"/sins@{BOT_USERNAME}")
    await fake.wait_for_bot_message(group, contains="Question 1/6", after_message_id=mark)
    text = await _answer_text(fake, group, 232, question.message_id, old)
    assert text == "Cette aide est celle d'un autre membre du groupe. Lancez la vôtre : /help"
    running.assert_clean()
