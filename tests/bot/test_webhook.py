"""Webhook mode: only requests carrying the secret Telegram was given are processed.

BONEMET_WEBHOOK_URL must be https (the bot sits behind a TLS proxy), so the in-process tests
start the webhook the way bot/main.py does but with an http URL on loopback, which the fake
server then POSTs to; the `bonemet webhook` process test keeps an https public URL and plays
the TLS proxy itself, POSTing to the plain-HTTP listener.
"""

# ruff: noqa: ASYNC109 - waiting helpers take timeout= on purpose, as in fake_telegram.py

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from bot import webhook
from bot.main import ALLOWED_UPDATES
from bot.webhook import WebhookServer
from tests.bot.conftest import Running, start_application, stop_bot
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.bot.test_process import STARTUP, bonemet_process, bot_env

SECRET = "wh-Secret_0123456789"  # noqa: S105 - the webhook secret of these tests
SECRET_HEADER = webhook.SECRET_HEADER


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_listening(port: int, timeout: float) -> None:
    """Wait until something accepts TCP connections on 127.0.0.1:`port`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if loop.time() > deadline:
                raise AssertionError(f"nothing listens on port {port} after {timeout} s") from None
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def post_update(url: str, update: dict[str, Any], headers: dict[str, str]) -> int:
    """POST an update to the bot's listener as a raw HTTP client; return the status."""
    timeout = aiohttp.ClientTimeout(total=10)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(
            url,
            data=json.dumps(update),
            headers={"Content-Type": "application/json", **headers},
        ) as response,
    ):
        await response.read()
        return response.status


async def start_webhook_bot(fake: FakeTelegram, data_dir: Path, url: str) -> Running:
    """Build and start the real Application in webhook mode on `url`, as bot/main.py does."""
    running = await start_application(fake, data_dir)
    parts = urlsplit(url)
    assert parts.hostname is not None
    assert parts.port is not None
    server = WebhookServer(
        running.app, host=parts.hostname, port=parts.port, path=parts.path, secret=SECRET
    )
    await server.start()
    running.webhook = server
    await running.app.bot.set_webhook(url, secret_token=SECRET, allowed_updates=ALLOWED_UPDATES)
    return running


@pytest.fixture
async def hooked(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Running]:
    """The bot in webhook mode against the fake; asserts a clean run at the end."""
    url = f"http://127.0.0.1:{free_port()}/telegram"
    running = await start_webhook_bot(fake, tmp_path, url)
    try:
        yield running
    finally:
        await stop_bot(running)
    running.assert_clean()


async def test_set_webhook_is_called_with_the_secret(hooked: Running) -> None:
    """At start the bot registers its URL with the secret token and the updates it handles."""
    fake = hooked.fake
    calls = fake.calls_to("setWebhook")
    assert len(calls) == 1
    assert calls[0]["secret_token"] == SECRET
    assert calls[0]["url"].endswith("/telegram")
    assert calls[0]["allowed_updates"] == ALLOWED_UPDATES
    assert fake.webhook_secret == SECRET
    assert fake.calls_to("getUpdates") == []


async def test_posts_without_the_right_secret_are_refused_and_ignored(hooked: Running) -> None:
    """A POST with no or a wrong secret gets 403 and is not processed; the right secret works."""
    fake = hooked.fake
    assert fake.webhook_url is not None
    fake.private_chat(1, "Dr A", "fr")
    forged = fake.make_message_update(1, 1, "/sins")
    assert await post_update(fake.webhook_url, forged, {}) == 403
    assert await post_update(fake.webhook_url, forged, {SECRET_HEADER: "wrong-secret"}) == 403
    assert await post_update(fake.webhook_url, forged, {SECRET_HEADER: SECRET[:-1]}) == 403
    # The genuine update comes after the forged ones in the same chat: updates of a chat are
    # processed in order, so had a forged one been accepted, its reply would come first.
    await fake.send_text(1, 1, "/tokuhashi")
    reply = await fake.wait_for_bot_message(1)
    assert "Question 1/6" in reply.plain_text
    assert "Tokuhashi" in reply.plain_text
    await fake.wait_until_idle()
    assert len(fake.bot_messages(1)) == 1
    assert len(fake.calls_to("sendMessage")) == 1
    assert [status for _, status in fake.webhook_deliveries] == [200]


async def test_the_secret_is_compared_in_constant_time(
    hooked: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every check goes through hmac.compare_digest on digests of equal length, guess or not."""
    fake = hooked.fake
    assert fake.webhook_url is not None
    compared: list[tuple[int, int]] = []
    original = webhook.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((len(a), len(b)))
        return original(a, b)

    monkeypatch.setattr(webhook.hmac, "compare_digest", spy)
    fake.private_chat(4, "Dr D", "fr")
    forged = fake.make_message_update(4, 4, "/sins")
    for guess in ("w", SECRET[:-1], SECRET + "x", "x" * 256):
        assert await post_update(fake.webhook_url, forged, {SECRET_HEADER: guess}) == 403
    assert await post_update(fake.webhook_url, forged, {SECRET_HEADER: SECRET}) == 200
    assert compared == [(32, 32)] * 5  # SHA-256 digests: the guess's length does not show
    await fake.wait_for_bot_message(4, contains="Question 1/6")


async def test_a_body_that_is_not_an_update_is_refused(hooked: Running) -> None:
    """With the right secret, a body that is not JSON (or not JSON at all) is not queued."""
    fake = hooked.fake
    assert fake.webhook_url is not None
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for body, content_type, expected in (
            ("not json", "application/json", 400),
            ('{"update_id": "x", "message": 5}', "application/json", 400),
            ("{}", "text/plain", 403),
        ):
            headers = {"Content-Type": content_type, SECRET_HEADER: SECRET}
            async with session.post(fake.webhook_url, data=body, headers=headers) as response:
                assert response.status == expected, body
    await fake.wait_until_idle()
    assert fake.calls_to("sendMessage") == []


async def test_a_dialogue_runs_through_the_webhook(hooked: Running) -> None:
    """Commands and button presses delivered by webhook run a whole score to its result."""
    fake = hooked.fake
    fake.private_chat(2, "Dr B", "fr")
    await fake.send_text(2, 2, "/sins")
    message = await fake.wait_for_bot_message(2, contains="Question 1/6")
    # Junctional 3 + mechanical pain 3 + lytic 2 + subluxation 4 + collapse >= 50 % 3
    # + bilateral 3 = 18, the maximum: unstable.
    for index in range(6):
        edits = fake.message(2, message.message_id).edit_count
        labels = fake.message(2, message.message_id).button_labels
        query = await fake.press_button(2, 2, message.message_id, labels[0])
        await fake.wait_for_answer(query)
        if index < 5:
            await fake.wait_for_edit(2, message.message_id, edits, f"Question {index + 2}/6")
    result = await fake.wait_for_bot_message(
        2, contains="18/18", after_message_id=message.message_id
    )
    assert "Instable (13-18)" in result.plain_text
    await fake.wait_until_idle()
    assert len(fake.webhook_deliveries) == 7
    assert all(status == 200 for _, status in fake.webhook_deliveries)


async def test_bonemet_webhook_process_checks_the_secret(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """`bonemet webhook` listens on the public URL's path, refuses a wrong secret, stops cleanly."""
    port = free_port()
    public_url = "https://bot.example.org/telegram"
    env = bot_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=fake.base_url,
        BONEMET_DATA_DIR=str(tmp_path / "data"),
        BONEMET_WEBHOOK_URL=public_url,
        BONEMET_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        BONEMET_WEBHOOK_SECRET=SECRET,
    )
    async with bonemet_process("webhook", env, tmp_path, "webhook") as process:
        await fake.wait_for(lambda: fake.calls_to("setWebhook"), STARTUP, "setWebhook")
        (call,) = fake.calls_to("setWebhook")
        assert call["url"] == public_url
        assert call["secret_token"] == SECRET
        assert fake.webhook_secret == SECRET
        # PTB registers the webhook while its listener starts: wait for the listener too.
        await wait_listening(port, STARTUP)
        # The fake must never try to reach bot.example.org: updates are POSTed by this test,
        # which plays the TLS proxy in front of the plain-HTTP listener.
        fake.webhook_url = None
        local = f"http://127.0.0.1:{port}/telegram"
        fake.private_chat(3, "Dr C", "fr")
        forged = fake.make_message_update(3, 3, "/sins")
        assert await post_update(local, forged, {}) == 403
        assert await post_update(local, forged, {SECRET_HEADER: "nope"}) == 403
        genuine = fake.make_message_update(3, 3, "/mirels")
        assert await post_update(local, genuine, {SECRET_HEADER: SECRET}) == 200
        reply = await fake.wait_for_bot_message(3)
        assert "Mirels" in reply.plain_text
        await fake.wait_until_idle()
        assert len(fake.bot_messages(3)) == 1
        code = await process.terminate()
    log = process.stderr
    assert code == 0, log
    assert "Traceback" not in log
    assert " ERROR " not in log
    assert TOKEN.split(":", 1)[1] not in log
    assert SECRET not in log
    assert fake.rejected == [], fake.rejected
    assert fake.errors == [], fake.errors
    assert fake.unanswered_callbacks() == []


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"BONEMET_WEBHOOK_URL": "http://127.0.0.1:8443/telegram"}, "BONEMET_WEBHOOK_URL"),
        ({"BONEMET_WEBHOOK_URL": "https://bot.example.org/telegram"}, "BONEMET_WEBHOOK_SECRET"),
    ],
)
def test_bonemet_webhook_refuses_a_bad_configuration(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    """`bonemet webhook` with an http URL or no secret exits 2 naming the variable, no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "bonemet", "webhook"],
        env=bot_env(TELEGRAM_BOT_TOKEN=TOKEN, BONEMET_DATA_DIR=str(tmp_path / "data"), **env),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=STARTUP,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert named in done.stderr
    assert "Traceback" not in done.stderr
