"""The fake Telegram server behaves like the Bot API, as seen through the real PTB ``Bot``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter

from tests.bot.fake_telegram import BOT_ID, BOT_USERNAME, TOKEN, FakeTelegram, parse_html

DOCTOR = 1001
GROUP = -4001
SECRET = "s3cret"  # noqa: S105 - the webhook secret of a test


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A running fake with one clinician who has already written to the bot."""
    async with FakeTelegram() as server:
        server.private_chat(DOCTOR, first_name="Dr A")
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """The real PTB Bot, talking to the fake."""
    async with Bot(TOKEN, base_url=fake.base_url) as ptb_bot:
        yield ptb_bot


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in labels_and_data]]
    )


async def test_get_me_describes_the_test_bot(bot: Bot) -> None:
    """getMe returns a complete bot User that PTB de-jsons, with privacy mode on."""
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (BOT_ID, BOT_USERNAME, "Bonemet", True)
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is False


async def test_send_stores_the_message_and_returns_it_complete(
    fake: FakeTelegram, bot: Bot
) -> None:
    """sendMessage with HTML and a keyboard returns a full Message and stores raw and plain text."""
    sent = await bot.send_message(
        DOCTOR,
        "<b>SINS</b> = 7 &lt; 13",
        parse_mode="HTML",
        reply_markup=keyboard(("Oui", "y"), ("Non", "n")),
    )
    assert sent.message_id == 1
    assert sent.text == "SINS = 7 < 13"
    assert sent.entities == (MessageEntity(MessageEntity.BOLD, 0, 4),)
    assert sent.from_user is not None
    assert sent.from_user.username == BOT_USERNAME
    assert sent.chat.id == DOCTOR
    assert sent.reply_markup == keyboard(("Oui", "y"), ("Non", "n"))
    stored = fake.last_bot_message(DOCTOR)
    assert stored.text == "<b>SINS</b> = 7 &lt; 13"
    assert stored.plain_text == "SINS = 7 < 13"
    assert stored.button_labels == ["Oui", "Non"]
    assert fake.calls_to("sendMessage")[0]["chat_id"] == DOCTOR
    assert fake.rejected == []


async def test_edit_rules_match_telegram(fake: FakeTelegram, bot: Bot) -> None:
    """An identical edit is "not modified", and editing text without reply_markup drops it."""
    sent = await bot.send_message(DOCTOR, "Score ?", reply_markup=keyboard(("Oui", "y")))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Score ?", DOCTOR, sent.message_id, reply_markup=keyboard(("Oui", "y"))
        )
    edited = await bot.edit_message_text(
        "<i>Score</i> : 7", DOCTOR, sent.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "Score : 7"
    assert edited.reply_markup is None
    assert edited.edit_date is not None
    stored = fake.message(DOCTOR, sent.message_id)
    assert (stored.edit_count, stored.reply_markup, stored.history) == (1, None, ["Score ?"])
    await bot.edit_message_reply_markup(
        DOCTOR, sent.message_id, reply_markup=keyboard(("Refaire", "r"))
    )
    assert fake.message(DOCTOR, sent.message_id).button_labels == ["Refaire"]
    assert [r.description for r in fake.rejected] == [
        "Bad Request: message is not modified: specified new message content and reply "
        "markup are exactly the same as a current content and reply markup of the message"
    ]


async def test_only_existing_bot_messages_can_be_edited(fake: FakeTelegram, bot: Bot) -> None:
    """Editing a missing message or a user's message is refused like Telegram does."""
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", DOCTOR, 99)
    await fake.send_text(DOCTOR, DOCTOR, "bonjour")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", DOCTOR, fake.last_message_id(DOCTOR))


async def test_text_length_is_counted_in_utf16_after_entity_parsing(bot: Bot) -> None:
    """Over 4096 UTF-16 code units of visible text is refused; markup and empty text are not."""
    await bot.send_message(DOCTOR, "a" * 4096)
    await bot.send_message(DOCTOR, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    await bot.send_message(DOCTOR, "😀" * 2048)
    for too_long in ("a" * 4097, "😀" * 2049):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(DOCTOR, too_long)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(DOCTOR, "<b> </b>", parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "tail"),
    [
        ("<b>SINS", 'Can\'t find end tag corresponding to start tag "b"'),
        ("Dupont & fils", "Unsupported HTML entity at byte offset 7"),
        ("<div>7</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("score < 7", 'Unsupported start tag "" at byte offset 6'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ('<span class="x">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_malformed_html_is_refused(
    fake: FakeTelegram, bot: Bot, html: str, tail: str
) -> None:
    """Malformed HTML gives "can't parse entities" with TDLib's explanation, and is recorded."""
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(DOCTOR, html, parse_mode="HTML")
    # PTB lower-cases the tail of the description; the recorded one is Telegram's wording.
    assert fake.rejected[-1].description.startswith("Bad Request: can't parse entities: " + tail)
    assert fake.rejected[-1].method == "sendMessage"
    assert fake.rejected[-1].params["text"] == html
    assert fake.messages(DOCTOR) == []


async def test_well_formed_html_is_accepted_with_its_entities(bot: Bot) -> None:
    """Escaped characters and every allowed tag parse into Telegram's entities."""
    html = (
        '7 &lt; 8 &amp;&amp; <i>«&quot;x&quot;»</i> <a href="https://ex.org/?a=1&amp;b=2">'
        'lien</a> <span class="tg-spoiler">s</span> <blockquote expandable>q</blockquote>'
        ' <pre><code class="language-python">x = 1</code></pre> &#233;'
    )
    sent = await bot.send_message(DOCTOR, html, parse_mode="HTML")
    assert sent.text == '7 < 8 && «"x"» lien s q x = 1 é'
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("italic", 9, 5),
        ("text_link", 15, 4),
        ("spoiler", 20, 1),
        ("expandable_blockquote", 22, 1),
        ("pre", 24, 5),
    ]
    assert sent.entities[1].url == "https://ex.org/?a=1&b=2"
    assert sent.entities[4].language == "python"


def test_entity_offsets_are_utf16() -> None:
    """parse_html counts astral characters as two UTF-16 code units, like Telegram."""
    text, entities = parse_html("😀 <b>é😀</b>")
    assert text == "😀 é😀"
    assert entities == [{"type": "bold", "offset": 3, "length": 3}]


async def test_callback_data_is_limited_to_64_bytes(fake: FakeTelegram, bot: Bot) -> None:
    """callback_data of 65 UTF-8 bytes is BUTTON_DATA_INVALID; 64 bytes is accepted."""
    await bot.send_message(DOCTOR, "ok", reply_markup=keyboard(("A", "é" * 32)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(DOCTOR, "ko", reply_markup=keyboard(("A", "é" * 32 + "x")))
    assert fake.rejected[-1].description == "Bad Request: BUTTON_DATA_INVALID"


async def test_callback_queries_must_be_live_to_be_answered(fake: FakeTelegram, bot: Bot) -> None:
    """A callback query is answered once; unknown, repeated or over-long answers are refused."""
    sent = await bot.send_message(DOCTOR, "?", reply_markup=keyboard(("Oui", "y")))
    query_id = await fake.press_button(DOCTOR, DOCTOR, sent.message_id, "Ou")
    assert fake.unanswered_callbacks() == [query_id]
    with pytest.raises(BadRequest, match="Message_too_long"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert await bot.answer_callback_query(query_id, text="Noté", show_alert=True)
    answer = await fake.wait_for_answer(query_id)
    assert (answer.text, answer.show_alert) == ("Noté", True)
    for bad_id in (query_id, "424242"):
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(bad_id)
    assert fake.unanswered_callbacks() == []
    with pytest.raises(AssertionError, match=r"\['Oui'\]"):
        await fake.press_button(DOCTOR, DOCTOR, sent.message_id, "Peut-être")


async def test_long_polling_returns_injected_updates_promptly(fake: FakeTelegram, bot: Bot) -> None:
    """A waiting getUpdates returns as soon as an update is injected, until confirmed."""
    # A long poll of 60 s that comes back at all within the 30 s guard was woken by the
    # update, not by its timeout (no duration is asserted: the machines are shared).
    poll = asyncio.create_task(bot.get_updates(timeout=60, read_timeout=65))
    await asyncio.sleep(0.05)
    update_id = await fake.send_text(DOCTOR, DOCTOR, "/sins@bonemet_test_bot rachis")
    (update,) = await asyncio.wait_for(poll, timeout=30)
    assert update.update_id == update_id
    assert update.message is not None
    assert update.message.text == "/sins@bonemet_test_bot rachis"
    assert update.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 22),)
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "fr"
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [update_id]
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()
    assert await bot.get_updates(timeout=0) == ()


async def test_a_press_delivers_the_current_message(fake: FakeTelegram, bot: Bot) -> None:
    """A callback_query update carries the data and the message as it is now, even if forged."""
    sent = await bot.send_message(DOCTOR, "Choix", reply_markup=keyboard(("Oui", "y")))
    await bot.edit_message_text("Choix fait", DOCTOR, sent.message_id)
    query_id = await fake.press(DOCTOR, DOCTOR, sent.message_id, "forged")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None
    assert (query.id, query.data) == (query_id, "forged")
    assert isinstance(query.message, Message)
    assert query.message.text == "Choix fait"


# PTB itself warns, when building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_group_flood_control_gives_retry_after() -> None:
    """Beyond the per-group limit sendMessage gets 429 with retry_after; edits do not count."""
    async with FakeTelegram(group_limit=3) as fake, Bot(TOKEN, base_url=fake.base_url) as bot:
        fake.group_chat(GROUP, members=[DOCTOR])
        fake.private_chat(DOCTOR)
        sent = [await bot.send_message(GROUP, f"n°{n}") for n in range(3)]
        await bot.edit_message_text("édité", GROUP, sent[0].message_id)
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(GROUP, "de trop")
        for n in range(4):
            await bot.send_message(DOCTOR, f"privé n°{n}")
    assert "Flood control exceeded" in raised.value.message
    assert fake.rejected[-1].description.startswith("Too Many Requests: retry after ")
    assert len(fake.messages(GROUP)) == 3


async def test_group_privacy_hides_plain_group_messages() -> None:
    """In a group, commands and replies to the bot are delivered; other chatter is not."""
    async with FakeTelegram() as fake:
        fake.group_chat(GROUP, members=[DOCTOR])
        assert await fake.send_text(GROUP, DOCTOR, "bonjour à tous") is None
        assert await fake.send_text(GROUP, DOCTOR, "/start@other_bot") is None
        assert await fake.send_text(GROUP, DOCTOR, "/start") is not None
        assert await fake.send_text(GROUP, DOCTOR, "/start@bonemet_test_bot") is not None


async def test_latency_is_applied_to_concurrent_calls_in_parallel() -> None:
    """With delay=0.2 each call is held 0.2 s, and concurrent calls are held side by side."""
    async with FakeTelegram(delay=0.2) as fake, Bot(TOKEN, base_url=fake.base_url) as slow:
        await asyncio.gather(slow.get_me(), slow.get_me())
    # Held side by side: both were in the server at once (not serialised).
    assert fake.peak_in_flight == 2
    # Held for the delay: measured on the server's own clock, a lower bound only.
    assert all(span.end - span.start >= 0.2 for span in fake.spans)


async def test_wrong_token_and_unknown_method(fake: FakeTelegram) -> None:
    """Another token gets 401 Unauthorized and an unknown method 404 Not Found, as JSON."""
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("654321:WRONG-token", base_url=fake.base_url):
            pass
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{fake.base_url}{TOKEN}/sendPigeon") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with session.post(
            f"{fake.base_url}{TOKEN}/sendmessage", json={"chat_id": DOCTOR, "text": "JSON body"}
        ) as response:
            assert (await response.json())["result"]["text"] == "JSON body"
    assert [r.description for r in fake.rejected] == ["Unauthorized", "Not Found"]


async def test_unknown_or_unreachable_chats_are_refused(fake: FakeTelegram, bot: Bot) -> None:
    """Unknown chats are "chat not found"; silent or blocking users give 403."""
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(999, "allo")
    fake.private_chat(1002, started=False)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(1002, "allo")
    fake.block_bot(DOCTOR)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(DOCTOR, "allo")


async def test_webhook_blocks_polling_and_receives_updates(fake: FakeTelegram, bot: Bot) -> None:
    """While a webhook is set getUpdates is a 409 and updates are POSTed with the secret."""
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        assert await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token=SECRET)
        assert (await bot.get_webhook_info()).url.endswith("/hook")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        update_id = await fake.send_text(DOCTOR, DOCTOR, "/start")
        ((secret, delivered),) = received
        assert (secret, delivered["update_id"]) == (SECRET, update_id)
        assert delivered["message"]["text"] == "/start"  # type: ignore[index]
        assert await fake.deliver_to_webhook({"update_id": 1}, secret_token=None) == 200
        assert received[-1][0] is None
        assert await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == ()
    finally:
        await runner.cleanup()


async def test_commands_are_validated_and_recorded(fake: FakeTelegram, bot: Bot) -> None:
    """setMyCommands checks names and descriptions and records commands per language."""
    assert await bot.set_my_commands([BotCommand("sins", "Score SINS")], language_code="fr")
    assert fake.commands_for(language_code="fr") == [
        {"command": "sins", "description": "Score SINS"}
    ]
    assert await bot.get_my_commands(language_code="fr") == (BotCommand("sins", "Score SINS"),)
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("SINS-score", "x")])
    with pytest.raises(BadRequest, match="Bot_command_description_invalid"):
        await bot.set_my_commands([BotCommand("sins", "x" * 257)])


async def test_waiting_times_out_with_a_picture_of_the_chat(fake: FakeTelegram, bot: Bot) -> None:
    """wait_for_bot_message gives up quickly with an AssertionError showing the last messages."""
    await bot.send_message(DOCTOR, "Âge du patient ?")
    found = await fake.wait_for_bot_message(DOCTOR, contains="Âge")
    assert found.message_id == 1
    with pytest.raises(AssertionError, match="Âge du patient"):
        await fake.wait_for_bot_message(DOCTOR, contains="SINS", timeout=0.1)


async def test_a_second_poller_terminates_the_first(fake: FakeTelegram, bot: Bot) -> None:
    """Two bot instances polling at once: the older getUpdates gets 409 like on Telegram."""
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    async with Bot(TOKEN, base_url=fake.base_url) as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_a_callback_answered_after_the_window_is_refused() -> None:
    """Like Telegram, a callback query answered after its window gets 'query is too old'."""
    async with FakeTelegram(callback_window=0.1) as fake:
        fake.private_chat(9, "Dr W", "fr")
        async with Bot(TOKEN, base_url=fake.base_url) as bot:
            sent = await bot.send_message(chat_id=9, text="q")
            query = await fake.press(9, 9, sent.message_id, "data")
            await asyncio.sleep(0.2)
            with pytest.raises(BadRequest):
                await bot.answer_callback_query(query)
        assert fake.rejected[-1].method == "answerCallbackQuery"
