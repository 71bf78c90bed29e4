"""bot/transport.py: the aiohttp Bot API client behaves like PTB's HTTPXRequest, faults included.

Most tests run the same calls through both classes against the fake Telegram server and
compare: same results, same exception classes, same messages. What HTTPXRequest does is the
specification; the fake injects the outages (error answers, closed connections, late answers).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.transport import POOL_TIMEOUT_MESSAGE, AiohttpRequest, PollingRequest
from tests.bot.conftest import start_bot, stop_bot
from tests.bot.fake_telegram import TOKEN, FakeTelegram

DOCTOR = 1001
SECRET_PART = TOKEN.split(":", 1)[1]
WEBHOOK_SECRET = "s3cret"  # noqa: S105 - the webhook secret of a test

Factory = Callable[..., BaseRequest]
CLIENTS: dict[str, Factory] = {"httpx": HTTPXRequest, "aiohttp": AiohttpRequest}


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A running fake with one clinician who has written to the bot."""
    async with FakeTelegram() as server:
        server.private_chat(DOCTOR, first_name="Dr A")
        yield server


async def outcome(
    fake: FakeTelegram, factory: Factory, call: Callable[[Bot], Any], **request: Any
) -> tuple[str, str] | Any:
    """Run `call` on a fresh PTB Bot using `factory(**request)`: its result or (class, text)."""
    async with Bot(TOKEN, base_url=fake.base_url, request=factory(**request)) as bot:
        try:
            return await call(bot)
        except TelegramError as error:
            return type(error).__name__, str(error)


async def both(
    fake: FakeTelegram, arrange: Callable[[], None], call: Callable[[Bot], Any], **request: Any
) -> tuple[Any, Any]:
    """The outcome of `call` through HTTPXRequest, then through AiohttpRequest."""
    results = []
    for factory in CLIENTS.values():
        arrange()
        results.append(await outcome(fake, factory, call, **request))
    assert fake.pending_faults() == 0
    return results[0], results[1]


def send(bot: Bot) -> Any:
    """A message with everything form encoding must carry: HTML, emoji, RTL, a keyboard."""
    return bot.send_message(
        DOCTOR,
        "<b>Score</b> &amp; 😀 עברית\n&lt;3 — 50 %",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Oui é", callback_data="a:1")]]),
    )


async def test_calls_arrive_exactly_as_httpx_sends_them(fake: FakeTelegram) -> None:
    """The fake decodes the same parameters from both clients, and both get the same Message
    but for what the bot never reads (the keyboard and entities of its own message)."""
    first, second = await both(fake, lambda: None, send)
    assert first.text == second.text == "Score & 😀 עברית\n<3 — 50 %"
    assert first.chat == second.chat
    assert first.message_id + 1 == second.message_id
    assert first.reply_markup is not None
    assert first.entities != ()
    assert second.reply_markup is None
    assert second.entities == ()
    sent = [call.params for call in fake.calls if call.method == "sendMessage"]
    assert len(sent) == 2
    assert sent[0] == sent[1]
    assert fake.rejected == []


@pytest.mark.parametrize(
    ("status", "description", "expected"),
    [
        (400, "Bad Request: message text is empty", "BadRequest"),
        (401, "Unauthorized", "InvalidToken"),
        (403, "Forbidden: bot was blocked by the user", "Forbidden"),
        (404, "Not Found", "InvalidToken"),
        (409, "Conflict: terminated by other getUpdates request", "Conflict"),
        (500, "Internal Server Error", "NetworkError"),
        (502, "Bad Gateway", "NetworkError"),
        (503, "Service Unavailable", "NetworkError"),
    ],
)
async def test_error_answers_become_the_same_exceptions(
    fake: FakeTelegram, status: int, description: str, expected: str
) -> None:
    """Each error status gives HTTPXRequest's exception class and message."""
    first, second = await both(
        fake, lambda: fake.fail_next("sendMessage", status, description), send
    )
    assert first == second
    assert first[0] == expected
    assert description.split(": ", 1)[-1].lower() in first[1].lower()


async def test_retry_after_is_read_from_the_answer(fake: FakeTelegram) -> None:
    """429 with parameters.retry_after is RetryAfter carrying the delay, through both clients."""
    errors: list[RetryAfter] = []

    async def call(bot: Bot) -> None:
        try:
            await send(bot)
        except RetryAfter as error:
            errors.append(error)

    for factory in CLIENTS.values():
        fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
        await outcome(fake, factory, call)
    assert len(errors) == 2
    assert str(errors[0]) == str(errors[1]) == "Flood control exceeded. Retry in 7 seconds"


async def test_exception_classes_are_ptbs_own(fake: FakeTelegram) -> None:
    """The aiohttp client raises the very classes the bot's code catches."""
    expected = {
        400: BadRequest,
        401: InvalidToken,
        403: Forbidden,
        409: Conflict,
        502: NetworkError,
    }
    async with Bot(TOKEN, base_url=fake.base_url, request=AiohttpRequest()) as bot:
        for status, cls in expected.items():
            fake.fail_next("sendMessage", status, "x")
            with pytest.raises(cls):
                await send(bot)
        fake.fail_next("sendMessage", 429, "Too Many Requests", retry_after=3)
        with pytest.raises(RetryAfter):
            await send(bot)


@pytest.mark.parametrize("after", [False, True])
async def test_a_reset_connection_is_a_network_error_not_a_timeout(
    fake: FakeTelegram, after: bool
) -> None:
    """The connection closed without an answer: NetworkError naming the client's error class."""
    first, second = await both(fake, lambda: fake.reset_next("sendMessage", after=after), send)
    assert first[0] == second[0] == "NetworkError"
    assert first[1].startswith("httpx.")
    assert second[1].startswith("aiohttp.")
    assert SECRET_PART not in first[1] + second[1]
    # With after=True the message was sent anyway: the bot cannot know, as with Telegram.
    assert len(fake.bot_messages(DOCTOR)) == (2 if after else 0)


async def test_a_late_answer_is_timed_out(fake: FakeTelegram) -> None:
    """An answer later than the read timeout is TimedOut, and the client stays usable."""
    first, second = await both(
        fake,
        lambda: fake.hang_next("sendMessage", 1.0),
        send,
        read_timeout=0.2,
    )
    assert first[0] == second[0] == "TimedOut"
    assert first == second

    async with Bot(TOKEN, base_url=fake.base_url, request=AiohttpRequest(read_timeout=0.2)) as bot:
        fake.hang_next("sendMessage", 1.0)
        with pytest.raises(TimedOut):
            await send(bot)
        message = await send(bot)  # the next call goes through
        assert message.text.startswith("Score")


async def test_a_refused_connection_is_a_network_error(fake: FakeTelegram) -> None:
    """Nothing listening: NetworkError from both, without the token in any message."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}/bot"
    texts = []
    for factory in CLIENTS.values():
        request = factory()
        await request.initialize()
        try:
            with pytest.raises(NetworkError) as caught:
                await request.post(f"{base_url}{TOKEN}/getMe")
            assert type(caught.value) is NetworkError
            formatted = "".join(traceback.format_exception(caught.value))
            assert SECRET_PART not in formatted
            texts.append(str(caught.value))
        finally:
            await request.shutdown()
    assert texts[0].startswith("httpx.ConnectError")
    assert texts[1].startswith("aiohttp.ClientConnectorError")


async def test_a_full_pool_times_out_without_sending(fake: FakeTelegram) -> None:
    """With every connection busy past pool_timeout: TimedOut, HTTPXRequest's message, no call."""
    for factory in CLIENTS.values():
        request = factory(connection_pool_size=1, pool_timeout=0.1)
        async with Bot(TOKEN, base_url=fake.base_url, request=request) as bot:
            fake.hang_next("sendMessage", 0.5)
            busy = asyncio.create_task(send(bot))
            await fake.wait_for(lambda: fake.pending_faults() == 0, what="the slow call")
            before = len(fake.calls)
            with pytest.raises(TimedOut) as caught:
                await bot.send_message(DOCTOR, "second")
            assert str(caught.value) == POOL_TIMEOUT_MESSAGE
            assert len(fake.calls) == before  # not sent
            await busy
            await bot.send_message(DOCTOR, "third")  # the pool is free again
    texts = [m.plain_text for m in fake.bot_messages(DOCTOR)]
    assert texts.count("third") == 2
    assert "second" not in texts


async def test_files_are_uploaded_as_multipart(fake: FakeTelegram, tmp_path: Path) -> None:
    """An InputFile (setWebhook's certificate) arrives as a file part with its bytes and name."""
    certificate = tmp_path / "cert.pem"
    certificate.write_bytes(b"-----BEGIN CERTIFICATE-----\nabc\x00\xff\n")

    async def call(bot: Bot) -> bool:
        with certificate.open("rb") as handle:
            return await bot.set_webhook(
                "https://bot.example.org/hook", certificate=handle, secret_token=WEBHOOK_SECRET
            )

    first, second = await both(fake, lambda: None, call)
    assert first is second is True
    assert fake.uploads == [
        ("certificate", "cert.pem", certificate.read_bytes()),
        ("certificate", "cert.pem", certificate.read_bytes()),
    ]
    hooks = [call.params for call in fake.calls if call.method == "setWebhook"]
    assert hooks[0] == hooks[1]
    assert hooks[1]["secret_token"] == WEBHOOK_SECRET


async def test_lifecycle_matches_httpx(fake: FakeTelegram) -> None:
    """Use before initialize fails clearly; shutdown twice is harmless; it can start again."""
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(f"{fake.base_url}{TOKEN}/getMe", "POST")
    assert request.read_timeout == 5.0
    for _ in range(2):
        async with Bot(TOKEN, base_url=fake.base_url, request=request) as bot:
            assert (await bot.get_me()).username
    await request.shutdown()
    with pytest.raises(ValueError, match="at least 1"):
        AiohttpRequest(connection_pool_size=0)


def test_proxies_come_from_the_environment_once_per_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTPS_PROXY / HTTP_PROXY / NO_PROXY as httpx reads them; an explicit proxy wins."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    request = AiohttpRequest()
    assert request._proxy_for("https://api.telegram.org/bot1:x/getMe") == (
        "http://proxy.example:3128"
    )
    assert request._proxy_for("http://127.0.0.1:8081/bot1:x/getMe") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://other.example:3128")
    # Looked up once per origin, not per request.
    assert request._proxy_for("https://api.telegram.org/bot1:x/sendMessage") == (
        "http://proxy.example:3128"
    )
    explicit = AiohttpRequest(proxy="http://mine.example:8080")
    assert explicit._proxy_for("http://127.0.0.1:8081/bot1:x/getMe") == "http://mine.example:8080"


async def test_a_whole_dialogue_runs_on_the_aiohttp_client(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """The real Application with AiohttpRequest: a complete SINS dialogue, every tap answered."""
    running = await start_bot(fake, tmp_path, request=AiohttpRequest(connection_pool_size=16))
    try:
        await fake.send_text(DOCTOR, DOCTOR, "/sins")
        question = await fake.wait_for_bot_message(DOCTOR, contains="Question 1/6")
        for label in ("Jonctionnelle", "Mécanique", "Lytique", "Alignement normal"):
            await fake.press_button(DOCTOR, DOCTOR, question.message_id, label)
            await fake.wait_until_idle()
        edits = fake.message(DOCTOR, question.message_id).edit_count
        fake.fail_next("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
        await fake.press_button(DOCTOR, DOCTOR, question.message_id, "Tassement < 50")
        await fake.wait_for_edit(
            DOCTOR, question.message_id, edits, contains="Question 6/6", timeout=10
        )
        await fake.press_button(DOCTOR, DOCTOR, question.message_id, "Unilatérale")
        result = await fake.wait_for_bot_message(DOCTOR, contains="Total : 11/18")
        assert "Potentiellement instable" in result.plain_text
    finally:
        await stop_bot(running)
    assert fake.injected[0][0] == "editMessageText"
    fake.rejected.clear()  # the injected 429 is not recorded as a rejection, but be explicit
    running.assert_clean()


# --------------------------------------------------------------------------------------------
# Answers the bot never reads are dropped before PTB builds objects of them
# --------------------------------------------------------------------------------------------


async def test_an_edit_answers_true_instead_of_the_whole_message(fake: FakeTelegram) -> None:
    """The edit is applied as sent; only its answer, which the bot never reads, is dropped."""

    async def edit(bot: Bot) -> Any:
        sent = await send(bot)
        return await bot.edit_message_text(
            "<b>Question 2/6</b>",
            chat_id=DOCTOR,
            message_id=sent.message_id,
            parse_mode="HTML",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Non", callback_data="a:2")]]),
        )

    through_httpx, through_aiohttp = await both(fake, lambda: None, edit)
    assert through_httpx.text == "Question 2/6"  # a Message
    assert through_aiohttp is True
    edited = fake.message(DOCTOR, 2)
    assert edited.plain_text == "Question 2/6"
    assert [button["text"] for button in edited.buttons] == ["Non"]
    assert fake.rejected == []


async def test_a_presss_message_comes_without_keyboard_but_users_messages_keep_entities(
    fake: FakeTelegram,
) -> None:
    """A button press's message (the bot's own) loses its keyboard and entities; a clinician's
    command keeps its entities, its text and everything else."""
    async with Bot(
        TOKEN,
        base_url=fake.base_url,
        request=AiohttpRequest(),
        get_updates_request=PollingRequest(),
    ) as bot:
        question = await send(bot)
        await fake.press(DOCTOR, DOCTOR, question.message_id, "a:1")
        await fake.send_text(DOCTOR, DOCTOR, "/sins@bonemet_test_bot 3+3")
        press, command = await bot.get_updates(timeout=0)
    assert press.callback_query is not None
    assert press.callback_query.data == "a:1"
    message = press.callback_query.message
    assert message is not None
    assert message.message_id == question.message_id
    assert message.chat.id == DOCTOR
    assert message.reply_markup is None
    assert message.entities == ()
    assert command.message is not None
    assert command.message.text == "/sins@bonemet_test_bot 3+3"
    assert [entity.type for entity in command.message.entities] == ["bot_command"]
    assert command.message.from_user is not None
    assert command.message.from_user.id == DOCTOR


async def test_errors_reach_ptb_untouched(fake: FakeTelegram) -> None:
    """An error answer to an edit is the same exception through both clients."""

    def arrange() -> None:
        fake.fail_next("editMessageText", 400, "Bad Request: message is not modified")

    def edit(bot: Bot) -> Any:
        return bot.edit_message_text("x", chat_id=DOCTOR, message_id=1)

    through_httpx, through_aiohttp = await both(fake, arrange, edit)
    assert through_httpx == through_aiohttp == ("BadRequest", "Message is not modified")


def test_an_unreadable_answer_is_an_error_and_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """PTB logs an unreadable answer whole; it may hold a clinician's message: not here."""
    caplog.set_level(logging.DEBUG)
    for payload in (b'{"ok": true, "result": [{"text": "Mme Dupont, T12', b"[1, 2]", b"\xff"):
        with pytest.raises(TelegramError, match="Invalid server response"):
            AiohttpRequest.parse_json_payload(payload)
    assert "Dupont" not in caplog.text
    assert caplog.records == []


# --------------------------------------------------------------------------------------------
# PollingRequest: the next long poll is sent as soon as a batch arrives
# --------------------------------------------------------------------------------------------


def polls(fake: FakeTelegram) -> list[dict[str, Any]]:
    """The parameters of every getUpdates call the fake received, in order."""
    return [call.params for call in fake.calls if call.method == "getUpdates"]


async def test_the_next_poll_is_sent_before_the_batch_is_handed_over(fake: FakeTelegram) -> None:
    """A batch arrives: the poll PTB makes next is already on its way, with the next offset,
    and PTB's next call takes its answer instead of sending another one."""
    first = await fake.send_text(DOCTOR, DOCTOR, "/sins")
    second = await fake.send_text(DOCTOR, DOCTOR, "/mirels")
    assert first is not None
    assert second is not None
    async with Bot(TOKEN, base_url=fake.base_url, get_updates_request=PollingRequest()) as bot:
        batch = await bot.get_updates(offset=0, timeout=1)
        assert [u.update_id for u in batch] == [first, second]
        # Nobody has asked for the next batch yet, and the poll is at Telegram already.
        ahead = await fake.wait_for(lambda: polls(fake)[1:], what="a poll sent ahead")
        assert ahead[0]["offset"] == second + 1
        assert ahead[0]["timeout"] == 1
        third = await fake.send_text(DOCTOR, DOCTOR, "/rades")
        following = await bot.get_updates(offset=second + 1, timeout=1)
        assert [u.update_id for u in following] == [third]
        # That answer was the poll sent ahead; one more is on its way, nothing else was sent.
        await fake.wait_for(lambda: len(polls(fake)) == 3, what="the next poll sent ahead")
        assert polls(fake)[2]["offset"] == third + 1
    assert fake.rejected == []


async def test_a_call_with_other_parameters_replaces_the_poll_sent_ahead(
    fake: FakeTelegram,
) -> None:
    """PTB's last call at shutdown (timeout 0) is sent as asked; no update is lost or repeated."""
    first = await fake.send_text(DOCTOR, DOCTOR, "/sins")
    assert first is not None
    async with Bot(TOKEN, base_url=fake.base_url, get_updates_request=PollingRequest()) as bot:
        assert [u.update_id for u in await bot.get_updates(offset=0, timeout=5)] == [first]
        await fake.wait_for(lambda: polls(fake)[1:], what="a poll sent ahead")
        assert await bot.get_updates(offset=first + 1, timeout=0) == ()
        assert (polls(fake)[-1]["offset"], polls(fake)[-1]["timeout"]) == (first + 1, 0)
        later = await fake.send_text(DOCTOR, DOCTOR, "/mirels")
        again = await bot.get_updates(offset=first + 1, timeout=0)
        assert [u.update_id for u in again] == [later]
    # The dropped poll's connection was closed: Telegram's "terminated by other getUpdates
    # request" went nowhere.
    assert fake.rejected == []


async def test_a_failed_poll_sent_ahead_fails_the_call_that_takes_it() -> None:
    """An outage on the poll sent ahead is PTB's next call's error, which PTB retries."""
    async with FakeTelegram(delay=1.0) as fake:
        fake.private_chat(DOCTOR, first_name="Dr A")
        first = await fake.send_text(DOCTOR, DOCTOR, "/sins")
        assert first is not None
        async with Bot(TOKEN, base_url=fake.base_url, get_updates_request=PollingRequest()) as bot:
            await bot.get_updates(offset=0, timeout=1)
            # The poll sent ahead is on its way (half a second before the fake looks at it).
            fake.fail_next("getUpdates", 502, "Bad Gateway")
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.get_updates(offset=first + 1, timeout=1)
            assert fake.pending_faults() == 0
            later = await fake.send_text(DOCTOR, DOCTOR, "/mirels")
            retried = await bot.get_updates(offset=first + 1, timeout=1)
            assert [u.update_id for u in retried] == [later]


async def test_no_poll_is_sent_ahead_while_the_backlog_is_full(fake: FakeTelegram) -> None:
    """Updates wait at Telegram, not in memory, when the bot is behind."""
    first = await fake.send_text(DOCTOR, DOCTOR, "/sins")
    assert first is not None
    polling = PollingRequest(max_backlog=2)
    backlog = [0]
    polling.backlog = lambda: backlog[0]
    async with Bot(TOKEN, base_url=fake.base_url, get_updates_request=polling) as bot:
        backlog[0] = 1  # with this batch's update, 2: full
        await bot.get_updates(offset=0, timeout=1)
        await asyncio.sleep(0.3)
        assert len(polls(fake)) == 1
        backlog[0] = 0
        later = await fake.send_text(DOCTOR, DOCTOR, "/mirels")
        assert [u.update_id for u in await bot.get_updates(offset=first + 1, timeout=1)] == [later]
