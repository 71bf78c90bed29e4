"""`bonemet run` as an operator meets it on a bad day: a second copy, a revoked token, a conflict.

Each test runs the real console script as a separate process against the fake Telegram
server (tests/bot/test_process.py has the helpers), and checks what the operator sees:
a clear log line and the exit status, never a silent deaf loop.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.store import DB_FILENAME
from tests.bot.fake_telegram import FakeTelegram
from tests.bot.test_process import (
    STARTUP,
    assert_clean_exit,
    assert_fake_clean,
    bonemet_run,
    data_dir_in,
)


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
            code = await second.wait(STARTUP)
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
