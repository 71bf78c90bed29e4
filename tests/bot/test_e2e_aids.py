"""The four decision aids of issue 8 in Telegram: the real Application, the registry's
aids, scripted clinicians on the fake server.

Buttons for choices, the compute shortcut and checklist boxes (ticked, unticked, Done
with none, Done twice, a toggle after Done, a foreign tap in a group), numbers typed
(in a group as a reply). Expected doses and sentences are typed by hand from the
guideline and CLINICAL.md decisions 17-18.
"""

from __future__ import annotations

from pathlib import Path

from tests.bot.conftest import Running, start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, StoredMessage


async def tap(fake: FakeTelegram, chat: int, user: int, message_id: int, label: str) -> None:
    """Press a button by label; wait until it is answered and the message edited."""
    edits = fake.message(chat, message_id).edit_count
    query = await fake.press_button(chat, user, message_id, label)
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(chat, message_id, edits)


async def start(fake: FakeTelegram, chat: int, user: int, command: str) -> StoredMessage:
    """Send the aid's command; its first question."""
    mark = fake.last_message_id(chat)
    await fake.send_text(chat, user, f"/{command}@{BOT_USERNAME}" if chat < 0 else f"/{command}")
    return await fake.wait_for_bot_message(chat, contains="Question 1/", after_message_id=mark)


async def type_answer(
    fake: FakeTelegram, chat: int, user: int, question: StoredMessage, text: str, *, expect: str
) -> StoredMessage:
    """Type an answer to `question` (as a reply in a group); the bot's next message."""
    reply = {"reply_to_message_id": question.message_id} if chat < 0 else {}
    await fake.send_text(chat, user, text, **reply)
    return await fake.wait_for_bot_message(
        chat, contains=expect, after_message_id=question.message_id
    )


async def test_antiresorptive_compute_by_buttons_and_typed_numbers(running: Running) -> None:
    """Yes, the compute button, 70 y, 65 kg, woman, µmol/L, 79: 60.1 mL/min and 4.0 mg."""
    fake = running.fake
    fake.private_chat(60, "Dr Z", "fr")
    first = await start(fake, 60, 60, "antiresorptif")
    assert first.button_labels[:2] == ["Oui, plus de 3 mois", "Non, 3 mois ou moins"]
    await tap(fake, 60, 60, first.message_id, "Oui, plus de 3 mois")
    clearance = fake.message(60, first.message_id)
    assert "Tapez une clairance en mL/min entre 1 et 250, 1 décimale au plus." in (
        clearance.plain_text
    )
    await tap(fake, 60, 60, first.message_id, "Calculer (Cockcroft-Gault)")
    assert "Âge, en années ?" in fake.message(60, first.message_id).plain_text
    weight = await type_answer(fake, 60, 60, first, "70", expect="Poids actuel, en kg ?")
    sex = await type_answer(fake, 60, 60, weight, "65", expect="Sexe ?")
    await tap(fake, 60, 60, sex.message_id, "Femme")
    await tap(fake, 60, 60, sex.message_id, "µmol/L")
    assert "Créatinine sérique ?" in fake.message(60, sex.message_id).plain_text
    assert "entre 15 et 2000" in fake.message(60, sex.message_id).plain_text
    summary = await type_answer(fake, 60, 60, sex, "79", expect="synthèse")
    text = summary.plain_text
    # 70 x 65 = 4550; 79 / 88.4 = 0.89367; 4550 / (72 x 0.89367) = 70.714; x 0.85 = 60.107
    assert "60,1 mL/min" in text
    assert "Dose : 4,0 mg (clairance > 60 mL/min)." in text
    assert "120 mg par voie sous-cutanée toutes les 4 semaines" in text
    assert "◀ Corriger la dernière réponse" in summary.button_labels


async def test_antiresorptive_in_a_group_typed_as_a_reply(running: Running) -> None:
    """In a group, 29.9 typed as a reply: zoledronic acid not recommended, the calcium caution."""
    fake = running.fake
    group = -1006660001
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 61, "Dr G", "en")
    first = await start(fake, group, 61, "antiresorptive")
    await tap(fake, group, 61, first.message_id, "Yes, over 3 months")
    # Plain chatter (not a reply) does not answer the question.
    await fake.send_text(group, 61, "29.9")
    await fake.wait_until_idle()
    assert "synthèse" not in fake.last_bot_message(group).plain_text
    assert "summary" not in fake.last_bot_message(group).plain_text
    summary = await type_answer(fake, group, 61, first, "29.9", expect="summary")
    text = summary.plain_text
    assert (
        "Clearance < 30 mL/min: zoledronic acid not recommended (contraindicated per the "
        "guideline)." in text
    )
    assert "higher risk of hypocalcaemia (product label); monitor calcium." in text
    assert "Dose: " not in text


async def test_sbrt_toggle_untoggle_and_done(running: Running) -> None:
    """Boxes tick and untick in place; Done moves on; one contraindication names /sins."""
    fake = running.fake
    fake.private_chat(62, "Dr R", "en")
    first = await start(fake, 62, 62, "sbrt")
    mid = first.message_id
    assert first.button_labels[:5] == [
        "☐ 1 to 3 bone metastatic sites",
        "☐ Limited size, volume well delimited on imaging",
        "☐ No visceral metastasis",
        "☐ Stabilised disease",
        "✓ Done",
    ]
    await tap(fake, 62, 62, mid, "☐ 1 to 3 bone metastatic sites")
    await tap(fake, 62, 62, mid, "☐ Stabilised disease")
    await tap(fake, 62, 62, mid, "☑ Stabilised disease")  # untick
    assert fake.message(62, mid).button_labels[:4] == [
        "☑ 1 to 3 bone metastatic sites",
        "☐ Limited size, volume well delimited on imaging",
        "☐ No visceral metastasis",
        "☐ Stabilised disease",
    ]
    for label in (
        "☐ Limited size, volume well delimited on imaging",
        "☐ No visceral metastasis",
        "☐ Stabilised disease",
    ):
        await tap(fake, 62, 62, mid, label)
    await tap(fake, 62, 62, mid, "✓ Done")
    assert "Contraindications present?" in fake.message(62, mid).plain_text
    await tap(fake, 62, 62, mid, "☐ Vertebral instability")
    await tap(fake, 62, 62, mid, "✓ Done")
    summary = await fake.wait_for_bot_message(62, contains="summary", after_message_id=mid)
    text = summary.plain_text
    assert "Not a candidate" in text
    assert "Contraindication: vertebral instability (assess with the SINS: /sins)." in text
    assert "Criterion not met" not in text
    assert "A spread normofractionated treatment may be proposed at a pseudo-curative dose." in (
        text
    )


async def test_sbrt_candidate_with_no_contraindication(running: Running) -> None:
    """Every criterion, then Done with no contraindication ticked: a candidate, in French."""
    fake = running.fake
    fake.private_chat(63, "Dr C", "fr")
    first = await start(fake, 63, 63, "sbrt")
    mid = first.message_id
    for label in first.button_labels[:4]:
        await tap(fake, 63, 63, mid, label)
    await tap(fake, 63, 63, mid, "✓ Valider")
    await tap(fake, 63, 63, mid, "✓ Valider")
    summary = await fake.wait_for_bot_message(63, contains="synthèse", after_message_id=mid)
    assert "Indication rare, à valider en RCP." in summary.plain_text


async def test_cementoplasty_done_with_none_then_stale_buttons(running: Running) -> None:
    """Done with nothing ticked, three times: not a candidate; the old Done and a toggle
    pressed again are answered and change nothing."""
    fake = running.fake
    fake.private_chat(64, "Dr V", "en")
    first = await start(fake, 64, 64, "cementoplasty")
    mid = first.message_id
    old = {b["text"]: b["callback_data"] for b in first.buttons}
    await tap(fake, 64, 64, mid, "✓ Done")
    await tap(fake, 64, 64, mid, "✓ Done")
    await tap(fake, 64, 64, mid, "✓ Done")
    summary = await fake.wait_for_bot_message(64, contains="summary", after_message_id=mid)
    assert "None of the main indications." in summary.plain_text
    await fake.wait_until_idle()
    count = len(fake.bot_messages(64))
    edits = fake.message(64, summary.message_id).edit_count
    for data in (
        old["✓ Done"],
        old["☐ Pain poorly controlled by analgesic drugs"],
    ):
        query = await fake.press(64, 64, mid, data)
        answer = await fake.wait_for_answer(query)
        assert answer.text
    await fake.wait_until_idle()
    assert len(fake.bot_messages(64)) == count
    assert fake.message(64, summary.message_id).edit_count == edits


async def test_cementoplasty_foreign_tap_in_a_group(running: Running) -> None:
    """Another member's tap on a box gets an alert and changes nothing; the owner's counts."""
    fake = running.fake
    group = -1006660002
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 65, "Dr A", "fr")
    fake.add_member(group, 66, "Dr B", "fr")
    first = await start(fake, group, 65, "cimentoplastie")
    mid = first.message_id
    label = "☐ Complication ou mauvaise tolérance du traitement par opiacés"
    query = await fake.press_button(group, 66, mid, label)
    answer = await fake.wait_for_answer(query)
    assert answer.show_alert
    await fake.wait_until_idle()
    assert fake.message(group, mid).edit_count == 0
    await tap(fake, group, 65, mid, label)
    await tap(fake, group, 65, mid, "✓ Valider")
    await tap(fake, group, 65, mid, "✓ Valider")
    await tap(fake, group, 65, mid, "✓ Valider")
    summary = await fake.wait_for_bot_message(group, contains="synthèse", after_message_id=mid)
    assert "À discuter avec les radiologues interventionnels en RCP" in summary.plain_text
    assert "bilan de la coagulation" in summary.plain_text


async def test_pain_radiotherapy_both_settings(running: Running) -> None:
    """By buttons: within the indication, the schedules; after surgery, 30 Gy in 10."""
    fake = running.fake
    fake.private_chat(67, "Dr P", "en")
    first = await start(fake, 67, 67, "rt_pain")
    await tap(fake, 67, 67, first.message_id, "Painful bone metastasis")
    await tap(fake, 67, 67, first.message_id, "Yes, all of this")
    summary = await fake.wait_for_bot_message(
        67, contains="summary", after_message_id=first.message_id
    )
    assert "24 Gy in 6 fractions." in summary.plain_text
    assert "8 Gy in a single fraction" in summary.plain_text
    second = await start(fake, 67, 67, "rt_douleur")
    await tap(fake, 67, 67, second.message_id, "After surgery on the metastasis")
    after = await fake.wait_for_bot_message(
        67, contains="summary", after_message_id=second.message_id
    )
    assert "Schedule usually recommended: 30 Gy in 10 fractions." in after.plain_text
    assert "24 Gy" not in after.plain_text


async def test_ticks_in_progress_survive_a_restart_of_the_bot(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Boxes ticked before the bot stops are still ticked after it starts again, on the
    same message; Done then answers with them."""
    first = await start_bot(fake, tmp_path)
    try:
        fake.private_chat(68, "Dr T", "en")
        question = await start(fake, 68, 68, "sbrt")
        mid = question.message_id
        await tap(fake, 68, 68, mid, "☐ 1 to 3 bone metastatic sites")
        await tap(fake, 68, 68, mid, "☐ Stabilised disease")
        await fake.wait_until_idle()
    finally:
        await stop_bot(first)
    first.assert_clean()
    again = await start_bot(fake, tmp_path)
    try:
        await tap(fake, 68, 68, mid, "☐ No visceral metastasis")
        assert fake.message(68, mid).button_labels[:4] == [
            "☑ 1 to 3 bone metastatic sites",
            "☐ Limited size, volume well delimited on imaging",
            "☑ No visceral metastasis",
            "☑ Stabilised disease",
        ]
        await tap(fake, 68, 68, mid, "✓ Done")
        await tap(fake, 68, 68, mid, "✓ Done")
        summary = await fake.wait_for_bot_message(68, contains="summary", after_message_id=mid)
        assert summary.plain_text.count("• Criterion not met") == 1  # the bulleted summary
        assert "Criterion not met: limited size, volume well delimited on imaging." in (
            summary.plain_text
        )
    finally:
        await stop_bot(again)
    again.assert_clean()
