"""`bonemet run` as an operator meets it on a bad day: a second copy, a revoked token, a conflict.

Each test runs the real console script as a separate process against the fake Telegram
server (tests/bot/test_process.py has the helpers), and checks what the operator sees:
a clear log line and the exit status, never a silent deaf loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
from pathlib import Path

import aiohttp

from bot.store import DB_FILENAME
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.bot.test_process import (
    SECRET_PART,
    STARTUP,
    TOKUHASHI_BUTTONS,
    assert_clean_exit,
    assert_fake_clean,
    bonemet_run,
    data_dir_in,
    tap_tokuhashi,
)

EXIT = 30.0  # seconds a process may take to start, meet the fault and stop, on a busy machine


async def test_a_second_process_on_the_same_data_directory_refuses_to_start(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """The second `bonemet run` exits 1 naming the directory; the first keeps serving."""
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(1, "Dr A", "fr")
    async with bonemet_run(fake, data_dir, "first") as first:
        await fake.send_text(1, 1, "/mirels")
        question = await fake.wait_for_bot_message(1, contains="Question 1/4", timeout=STARTUP)
        async with bonemet_run(fake, data_dir, "second") as second:
            code = await second.wait(EXIT)
        assert code == 1, second.stderr
        assert "in use by another bonemet process" in second.stderr
        assert str(data_dir) in second.stderr
        assert "Traceback" not in second.stderr
        # The first one was not disturbed: it still answers, from the same file.
        query = await fake.press(1, 1, question.message_id, question.buttons[0]["callback_data"])
        await fake.wait_for_answer(query)
        await fake.wait_for_edit(1, question.message_id, 0, contains="Question 2/4")
        await fake.wait_until_idle()
        assert_clean_exit(await first.terminate(), first.stderr, ["Dr A"])
    assert_fake_clean(fake)
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM dialogues").fetchall() == [(1,)]
    finally:
        conn.close()


async def test_a_revoked_token_stops_the_process_with_a_clear_line(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """401 on getUpdates (token revoked in BotFather): log line, exit 3, no token shown."""
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(1, "Dr A", "fr")
    async with bonemet_run(fake, data_dir, "revoked") as process:
        await fake.send_text(1, 1, "/help")
        await fake.wait_for_bot_message(1, timeout=STARTUP)
        fake.token = "123456:REVOKED-token"  # noqa: S105 - every call with the old one: 401
        await fake.send_text(1, 1, "/help")  # ends the long poll in flight
        code = await process.wait(EXIT)
    log = process.stderr
    assert code == 3, log
    assert "Telegram refuses the bot token" in log
    assert "@BotFather" in log
    assert TOKEN not in log
    assert SECRET_PART not in log
    assert "stopped" in log  # a clean shutdown, store closed


async def test_another_instance_polling_stops_the_process_with_a_clear_line(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """409 on getUpdates, again and again (another copy polls the same token): exit 3."""
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(1, "Dr A", "fr")

    async def rogue_poller() -> None:
        """Another copy of the bot, elsewhere, polling with the same token."""
        url = f"{fake.base_url}{TOKEN}/getUpdates"
        async with aiohttp.ClientSession() as session:
            while True:
                async with session.post(url, data={"timeout": "1"}) as response:
                    await response.read()
                await asyncio.sleep(0.2)

    async with bonemet_run(fake, data_dir, "displaced") as process:
        await fake.send_text(1, 1, "/help")
        await fake.wait_for_bot_message(1, timeout=STARTUP)
        rogue = asyncio.create_task(rogue_poller())
        try:
            code = await process.wait(EXIT)
        finally:
            rogue.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await rogue
    log = process.stderr
    assert code == 3, log
    assert "conflict (409)" in log
    assert "another process is polling with this token" in log
    assert "Traceback" not in log
    assert SECRET_PART not in log


async def test_sigkill_mid_dialogue_resumes_from_the_last_acknowledged_answer(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """SIGKILL (no shutdown code runs) after two acknowledged taps: the restarted process
    continues from the third question, and the lock of the dead process is gone."""
    data_dir = data_dir_in(tmp_path)
    labels = [label for _, _, label in TOKUHASHI_BUTTONS]
    fake.private_chat(7, "Dr K", "fr")

    async with bonemet_run(fake, data_dir, "killed") as first:
        await fake.send_text(7, 7, "/tokuhashi")
        message = await fake.wait_for_bot_message(7, contains="Question 1/6", timeout=EXIT)
        for index in range(2):
            await tap_tokuhashi(fake, 7, message.message_id, index)
        await fake.wait_until_idle()
        first.process.send_signal(signal.SIGKILL)
        assert await first.wait(EXIT) == -signal.SIGKILL

    async with bonemet_run(fake, data_dir, "restarted") as second:
        await tap_tokuhashi(fake, 7, message.message_id, 2, timeout=EXIT)
        for index in range(3, 6):
            await tap_tokuhashi(fake, 7, message.message_id, index)
        # Tokuhashi's hand sum in tests/bot/test_process.py: 2+2+2+2+0+1 = 9 -> 9-11.
        result = await fake.wait_for_bot_message(
            7, contains="Total : 9/15", after_message_id=message.message_id
        )
        await fake.wait_until_idle()
        assert_clean_exit(await second.terminate(), second.stderr, labels)
    for label in labels:
        assert label in result.plain_text
    assert_fake_clean(fake)
