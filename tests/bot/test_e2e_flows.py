"""Pathways and aids in Telegram: the real Application, the fake server, the fixture flows.

Checklists (toggle, untoggle, Done with none, Done twice, toggle after Done, a foreign
tap in a group), a number typed as a reply in a group, a shortcut button, a summary
delivered like a result; callback data within 64 bytes for every question of every flow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import bot_commands
from bot.callbacks import MAX_CALLBACK_BYTES, Action, Callback, decode_callback
from bot.views import MAX_TEXT, step_view
from dialogs.engine import Engine, Step
from scoring import SCORES, ChoiceItem, Lang
from scoring.items import ChecklistItem, NumberItem
from tests.bot.conftest import Running, group_with_member, start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, utf16_len
from tests.dialogs.test_flows import AID, SPINE
from tests.dialogs.test_render import check_html

ENGINE = Engine((*SCORES, SPINE, AID))


@pytest.fixture
async def flows(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Running]:
    """The bot running the fixture flows; asserts a clean run at the end."""
    bot = await start_bot(fake, tmp_path, engine=ENGINE)
    try:
        yield bot
    finally:
        await stop_bot(bot)
    bot.assert_clean()


async def tap(fake: FakeTelegram, chat: int, user: int, message_id: int, label: str) -> str:
    """Press a button by label and wait for the answer and the edit."""
    edits = fake.message(chat, message_id).edit_count
    query = await fake.press_button(chat, user, message_id, label)
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(chat, message_id, edits)
    return query


async def to_checklist(fake: FakeTelegram, chat: int, user: int) -> int:
    """Start the fixture aid, answer 'yes', type a clearance; the checklist's message id."""
    mark = fake.last_message_id(chat)
    command = f"/fixture_aid@{BOT_USERNAME}" if chat < 0 else "/fixture_aid"
    await fake.send_text(chat, user, command)
    first = await fake.wait_for_bot_message(chat, contains="Question 1/8", after_message_id=mark)
    await tap(fake, chat, user, first.message_id, "yes")
    clearance = fake.message(chat, first.message_id)
    assert "mL/min" in clearance.plain_text
    assert {"Compute it (Cockcroft-Gault)", "Calculer (Cockcroft-Gault)"} & set(
        clearance.button_labels
    )
    reply = {"reply_to_message_id": first.message_id} if chat < 0 else {}
    await fake.send_text(chat, user, "45", **reply)
    checklist = await fake.wait_for_bot_message(
        chat, contains="☐ [1] a", after_message_id=first.message_id
    )
    await fake.wait_until_idle()  # the dialogue is saved once the update is done
    return checklist.message_id


async def test_checklist_toggle_untoggle_done(flows: Running) -> None:
    """Ticks edit the message in place; Done answers; the summary comes like a result."""
    fake = flows.fake
    fake.private_chat(40, "Dr C", "en")
    message_id = await to_checklist(fake, 40, 40)
    labels = fake.message(40, message_id).button_labels
    assert labels[:3] == ["☐ a", "☐ b", "✓ Done"]
    await tap(fake, 40, 40, message_id, "☐ a")
    assert fake.message(40, message_id).button_labels[:2] == ["☑ a", "☐ b"]
    assert "☑ [1] a" in fake.message(40, message_id).plain_text
    await tap(fake, 40, 40, message_id, "☐ b")
    await tap(fake, 40, 40, message_id, "☑ a")
    assert fake.message(40, message_id).button_labels[:2] == ["☐ a", "☑ b"]
    await tap(fake, 40, 40, message_id, "✓ Done")
    summary = await fake.wait_for_bot_message(
        40, contains="fixture aid — summary", after_message_id=message_id
    )
    assert "• criteria: b" in summary.plain_text
    assert "To paste into the record:" in summary.plain_text
    assert "◀ Change the last answer" in summary.button_labels


async def test_done_with_none_then_done_twice_and_toggle_after_done(flows: Running) -> None:
    """Done with no box is an answer; a second Done or a toggle on the old message changes
    nothing and is answered."""
    fake = flows.fake
    fake.private_chat(41, "Dr D", "fr")
    message_id = await to_checklist(fake, 41, 41)
    keyboard = {b["text"]: b["callback_data"] for b in fake.message(41, message_id).buttons}
    await tap(fake, 41, 41, message_id, "✓ Valider")
    summary = await fake.wait_for_bot_message(
        41, contains="fixture aid — synthèse", after_message_id=message_id
    )
    assert "• criteria : aucune" in summary.plain_text
    await fake.wait_until_idle()
    count = len(fake.bot_messages(41))
    for data in (keyboard["✓ Valider"], keyboard["☐ b"]):
        query = await fake.press(41, 41, message_id, data)
        answer = await fake.wait_for_answer(query)
        assert answer.text
    await fake.wait_until_idle()
    assert len(fake.bot_messages(41)) == count
    assert fake.message(41, summary.message_id).edit_count == 0


async def test_stale_toggle_on_the_current_message_is_answered(flows: Running) -> None:
    """A toggle for a box of another question, on the current message, changes nothing."""
    fake = flows.fake
    fake.private_chat(42, "Dr S", "en")
    message_id = await to_checklist(fake, 42, 42)
    session_id = decode_callback(fake.message(42, message_id).buttons[0]["callback_data"])
    assert session_id is not None
    forged = Callback(
        Action.TOGGLE, session_id.dialogue_id, "fixture_aid", "clearance", "a"
    ).encode()
    query = await fake.press(42, 42, message_id, forged)
    answer = await fake.wait_for_answer(query)
    assert answer.text == "That question has expired: here is the current one."
    assert fake.message(42, message_id).button_labels[:2] == ["☐ a", "☐ b"]


async def test_group_checklist_foreign_tap_and_number_as_a_reply(flows: Running) -> None:
    """In a group the number is typed as a reply; another member's tap gets the alert."""
    fake = flows.fake
    group = -1005550001
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 51, "Dr A", "en")
    fake.add_member(group, 52, "Dr B", "en")
    message_id = await to_checklist(fake, group, 51)
    edits = fake.message(group, message_id).edit_count
    query = await fake.press_button(group, 52, message_id, "☐ a")
    answer = await fake.wait_for_answer(query)
    assert answer.show_alert
    await fake.wait_until_idle()
    assert fake.message(group, message_id).edit_count == edits
    await tap(fake, group, 51, message_id, "☐ a")
    assert fake.message(group, message_id).button_labels[:2] == ["☑ a", "☐ b"]
    assert "📱 Continue in private" in fake.message(group, message_id).button_labels
    await tap(fake, group, 51, message_id, "✓ Done")
    summary = await fake.wait_for_bot_message(
        group, contains="fixture aid — summary", after_message_id=message_id
    )
    assert "• clearance: 45 mL/min" in summary.plain_text


async def test_shortcut_button_and_pathway_by_alias(flows: Running) -> None:
    """The shortcut is a button; a pathway starts by its alias and shows derived answers."""
    fake = flows.fake
    fake.private_chat(43, "Dr K", "en")
    await fake.send_text(43, 43, "/fixture_aid")
    first = await fake.wait_for_bot_message(43, contains="Question 1/8")
    await tap(fake, 43, 43, first.message_id, "yes")
    await tap(fake, 43, 43, first.message_id, "Compute it (Cockcroft-Gault)")
    assert "Type age in years between 18 and 120" in fake.message(43, first.message_id).plain_text
    await fake.send_text(43, 43, "/fixture_rachis")
    spine = await fake.wait_for_bot_message(43, contains="fixture spine · Question 1/16")
    await tap(fake, 43, 43, spine.message_id, "nsclc")
    text = fake.message(43, spine.message_id).plain_text
    assert "(from: nsclc)" in text
    assert "Question 2/13" in text


async def test_summary_of_a_pathway_in_telegram(flows: Running) -> None:
    """Through every question of the spine fixture by buttons, to one summary message."""
    fake = flows.fake
    fake.private_chat(44, "Dr R", "en")
    await fake.send_text(44, 44, "/fixture_spine")
    message = await fake.wait_for_bot_message(44, contains="Question 1/16")
    while True:
        current = fake.message(44, message.message_id)
        if not current.button_labels or "Question" not in current.plain_text:
            break
        await tap(fake, 44, 44, message.message_id, current.button_labels[0])
    summary = await fake.wait_for_bot_message(
        44, contains="fixture spine — summary", after_message_id=message.message_id
    )
    assert "prognosis (§3.8.5)" in summary.plain_text
    assert "compression (§3.5.3)" in summary.plain_text  # first option: yes


def test_command_menu_has_every_flow_and_alias() -> None:
    for lang in ("fr", "en"):
        names = [c.command for c in bot_commands(lang, ENGINE)]  # type: ignore[arg-type]
        assert {"fixture_spine", "fixture_rachis", "fixture_aid", "sins"} <= set(names)
        assert len(names) == len(set(names))


def _all_buttons(engine: Engine) -> list[tuple[str, str, Callback]]:
    """Every button any question of any flow can carry (dialogue ids have 6 characters)."""
    found: list[tuple[str, str, Callback]] = []
    for flow in engine.flows.values():
        for index, question in enumerate(flow.questions):
            item = question.item
            if isinstance(item, ChoiceItem):
                pressed = [(Action.ANSWER, o.id) for o in item.options]
            elif isinstance(item, NumberItem):
                pressed = [(Action.ANSWER, item.shortcut.id)] if item.shortcut else []
            else:
                assert isinstance(item, ChecklistItem)
                pressed = [(Action.TOGGLE, b.id) for b in item.boxes] + [(Action.DONE, "")]
            pressed.append((Action.BACK, ""))
            for action, option in pressed:
                callback = Callback.for_question(
                    action, "Zz9Zz9", flow.id, question.key, index, option=option
                )
                found.append((flow.id, question.key, callback))
    return found


@pytest.mark.parametrize(
    "engine",
    [Engine(), ENGINE],
    ids=["registry", "fixtures"],
)
def test_callback_data_fit_64_bytes_for_every_question_of_every_flow(engine: Engine) -> None:
    """From the data: every button of every question decodes back to its question."""
    buttons = _all_buttons(engine)
    assert buttons
    for flow_id, key, callback in buttons:
        data = callback.encode()
        assert len(data.encode()) <= MAX_CALLBACK_BYTES, data
        decoded = decode_callback(data)
        assert decoded == callback, data
        index = decoded.index()
        named = engine.flows[flow_id].questions[index].key if index is not None else decoded.item
        assert named == key


def test_a_key_too_long_for_the_64_bytes_goes_by_its_index() -> None:
    """The longest ids allowed: the key is replaced by its index, and still decodes."""
    callback = Callback.for_question(
        Action.ANSWER, "Zz9Zz9", "f" * 24, "s" * 24 + "." + "i" * 31, 7, option="o" * 24
    )
    assert callback.item == "~7"
    data = callback.encode()
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode_callback(data) == callback


@pytest.mark.parametrize(
    "data",
    [
        "t|abc123|fixture_aid|criteria",  # toggle without a box
        "d|abc123|fixture_aid",  # done without a question
        "a|abc123|fixture_aid|~1234|x",  # index too long
        "t|abc123|fixture_aid|a..b|x",
        "q|abc123|fixture_aid|criteria|a",
    ],
)
def test_malformed_new_callbacks_are_refused(data: str) -> None:
    assert decode_callback(data) is None


def _walk_to_summary(engine: Engine, flow_id: str, lang: Lang, pick: int) -> Step:
    """Answer every question of a flow: the `pick`-th option (wrapping), a number's
    shortcut when `pick` is odd else its lowest value, the first `pick` boxes."""
    step = engine.start(flow_id, lang)
    while step.question is not None and step.session is not None:
        question, session = step.question, step.session
        item = question.item
        if isinstance(item, ChoiceItem):
            step = engine.choose(session, question.key, item.options[pick % len(item.options)].id)
        elif isinstance(item, NumberItem):
            if item.shortcut is not None and pick % 2:
                step = engine.choose(session, question.key, item.shortcut.id)
            else:
                assert question.range is not None
                step = engine.answer_text(session, str(question.range.min))
        else:
            for box in item.boxes[:pick]:
                step = engine.toggle(session, question.key, box.id)
                assert step.session is not None
                session = step.session
            step = engine.done(session, question.key)
        assert step.notice is None, (flow_id, question.key, step.notice)
    return step


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("pick", [0, 1, 2])
def test_every_registered_summary_fits_one_telegram_message(lang: Lang, pick: int) -> None:
    """Every pathway and aid of the registry, walked three ways, gives one valid message
    within Telegram's 4096 characters and a copy text within 256."""
    engine = Engine()
    flows = [f for f in engine.flows.values() if f.kind != "score"]
    assert flows
    for flow in flows:
        step = _walk_to_summary(engine, flow.id, lang, pick)
        assert step.result is not None, flow.id
        view = step_view(step, lang)
        plain = check_html(view.text)
        assert utf16_len(plain) <= MAX_TEXT, (flow.id, utf16_len(plain))
        assert view.keyboard is not None
        copy = view.keyboard.inline_keyboard[0][0].copy_text
        assert copy is not None
        assert len(copy.text) <= 256


async def test_group_pathway_continued_in_private_posts_only_the_summary(
    flows: Running,
) -> None:
    """A pathway started in a group moves to private with its answers; only its summary
    is posted back to the group."""
    fake = flows.fake
    group = -1005550002
    group_with_member(fake, group, 61, "Dr P", "en")
    await fake.send_text(group, 61, f"/fixture_aid@{BOT_USERNAME}")
    message = await fake.wait_for_bot_message(group, contains="Question 1/8")
    await tap(fake, group, 61, message.message_id, "yes")
    link = next(b["url"] for b in fake.message(group, message.message_id).buttons if b.get("url"))
    group_mark = fake.last_message_id(group)
    await fake.send_text(61, 61, "/start " + link.split("start=", 1)[1])
    private = await fake.wait_for_bot_message(61, contains="Question 2/8")
    assert "✓ life: yes" in private.plain_text
    await fake.send_text(61, 61, "45")
    checklist = await fake.wait_for_bot_message(
        61, contains="☐ [1] a", after_message_id=private.message_id
    )
    await fake.wait_until_idle()
    await tap(fake, 61, 61, checklist.message_id, "✓ Done")
    posted = await fake.wait_for_bot_message(
        group, contains="fixture aid — summary", after_message_id=group_mark
    )
    assert "• clearance: 45 mL/min" in posted.plain_text
    assert posted.button_labels == ["📋 Copy"]


async def test_pathway_resumes_after_a_restart_of_the_bot(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Stopped mid-pathway, a new process continues from the same buttons."""
    first = await start_bot(fake, tmp_path, engine=ENGINE)
    try:
        fake.private_chat(62, "Dr R", "en")
        await fake.send_text(62, 62, "/fixture_spine")
        message = await fake.wait_for_bot_message(62, contains="Question 1/16")
        await tap(fake, 62, 62, message.message_id, "nsclc")
        await tap(fake, 62, 62, message.message_id, "E — Normal neurological function")
        await fake.wait_until_idle()
    finally:
        await stop_bot(first)
    first.assert_clean()
    second = await start_bot(fake, tmp_path, engine=Engine((*SCORES, SPINE, AID)))
    try:
        text = fake.message(62, message.message_id).plain_text
        assert "Revised Tokuhashi score · Question 3/" in text
        await tap(fake, 62, 62, message.message_id, "◀ Back")
        assert "Frankel" in fake.message(62, message.message_id).plain_text
        assert "Question 2/13" in fake.message(62, message.message_id).plain_text
    finally:
        await stop_bot(second)
    second.assert_clean()
