"""`bonemet run` as a separate process: a dialogue survives a restart, bad configuration exits 2.

The fake Telegram server runs in the test's event loop and the bot process talks to it over
loopback, exactly as it would talk to api.telegram.org. The process's working directory is
an empty temporary directory and its environment holds no caller's TELEGRAM_* / BONEMET_*
variable, so neither a developer's ``.env`` nor their shell can leak into the test.
"""

# Waiting helpers take ``timeout=`` on purpose, as in fake_telegram.py: a test states how
# long it is willing to wait.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from scoring import evaluate, get_score
from tests.bot.fake_telegram import TOKEN, FakeTelegram

STARTUP = 30.0  # seconds a fresh process may take to import, start and reach its first poll
# (about 1 s on an idle machine; over 10 s was seen with several test suites at once)
STOP = 10.0  # seconds a process may take to stop after SIGTERM
SECRET_PART = TOKEN.split(":", 1)[1]


def bot_env(**values: str) -> dict[str, str]:
    """The caller's environment without any bot setting, plus `values`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("TELEGRAM_", "BONEMET_"))
    }
    env.update(values)
    return env


@dataclass
class BotProcess:
    """A `bonemet` subprocess whose stderr goes to a file."""

    process: asyncio.subprocess.Process
    stderr_path: Path

    @property
    def stderr(self) -> str:
        """Everything the process wrote to stderr so far."""
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    async def wait(self, timeout: float) -> int:
        """Wait for the exit; the event loop, and so the fake server, keeps running."""
        try:
            return await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"the bot process did not exit within {timeout} s\n{self.stderr}"
            ) from None

    async def terminate(self) -> int:
        """Send SIGTERM (what systemd and docker send) and return the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return await self.wait(STOP)


@asynccontextmanager
async def bonemet_process(
    command: str, env: dict[str, str], workdir: Path, name: str
) -> AsyncIterator[BotProcess]:
    """`python -m bonemet <command>` in `workdir`; killed on the way out if still running."""
    stderr_path = workdir / f"{name}.stderr"
    with stderr_path.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bonemet",
            command,
            env=env,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        yield BotProcess(process, stderr_path)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@asynccontextmanager
async def bonemet_run(
    fake: FakeTelegram, data_dir: Path, name: str, **extra_env: str
) -> AsyncIterator[BotProcess]:
    """`bonemet run` against `fake`, with `data_dir` as its data directory."""
    env = bot_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=fake.base_url,
        BONEMET_DATA_DIR=str(data_dir),
        **extra_env,
    )
    async with bonemet_process("run", env, data_dir.parent, name) as process:
        yield process


def assert_clean_exit(code: int, stderr: str, private: list[str]) -> None:
    """Exit status 0, no traceback or logged error, and nothing private in the log."""
    assert code == 0, stderr
    assert "Traceback" not in stderr, stderr
    assert " ERROR " not in stderr, stderr
    assert TOKEN not in stderr
    assert SECRET_PART not in stderr
    for text in private:
        assert text not in stderr, f"{text!r} was logged"


def assert_fake_clean(fake: FakeTelegram) -> None:
    """No call Telegram would reject, no crash of the fake, every button press answered."""
    assert fake.rejected == [], fake.rejected
    assert fake.errors == [], fake.errors
    assert fake.unanswered_callbacks() == [], fake.dump()


def data_dir_in(tmp_path: Path) -> Path:
    """The data directory, inside tmp_path so that logs can sit next to it."""
    path = tmp_path / "data"
    path.mkdir()
    return path


# A lung-cancer vignette for the revised Tokuhashi score, items in the score's order
# (scoring/scores/tokuhashi.py; points from Tokuhashi 2005, CLINICAL.md decision 1):
#   general condition Karnofsky 80-100 %       2
#   extraspinal bone metastases: none          2
#   vertebral body metastases: only one        2
#   visceral metastases: none                  2
#   primary: lung                              0
#   palsy: incomplete (Frankel C, D)           1
#                                       total  9  -> 9-11: life expectancy >= 6 months,
#                                                    palliative surgery
TOKUHASHI_BUTTONS = [
    ("general_condition", "kps_80_100", "Bon (Karnofsky 80-100 %)"),
    ("extraspinal_bone_mets", "none", "Aucun"),
    ("vertebral_body_mets", "one", "Une seule"),
    ("visceral_mets", "none", "Aucune"),
    ("primary", "lung_group", "Poumon, ostéosarcome"),
    ("palsy", "incomplete", "Incomplet (Frankel C, D)"),
]


async def tap_tokuhashi(
    fake: FakeTelegram, chat: int, message_id: int, index: int, timeout: float = 5.0
) -> None:
    """In the private chat `chat`, press the button of TOKUHASHI_BUTTONS[index] on the
    question message `message_id`; wait for the answer and (but for the last) the next
    question."""
    edits = fake.message(chat, message_id).edit_count
    query = await fake.press_button(chat, chat, message_id, TOKUHASHI_BUTTONS[index][2])
    await fake.wait_for_answer(query, timeout=timeout)
    if index < 5:
        await fake.wait_for_edit(
            chat, message_id, edits, contains=f"Question {index + 2}/6", timeout=timeout
        )


async def test_button_dialogue_survives_a_restart_of_the_process(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Buttons of a dialogue started before SIGTERM keep working in a new process, same result."""
    data_dir = data_dir_in(tmp_path)
    labels = [label for _, _, label in TOKUHASHI_BUTTONS]
    answers = {item: option for item, option, _ in TOKUHASHI_BUTTONS}
    assert evaluate(get_score("tokuhashi"), answers).total == 9  # the hand sum above
    fake.private_chat(1, "Dr A", "fr")

    async with bonemet_run(fake, data_dir, "first") as first:
        await fake.send_text(1, 1, "/tokuhashi")
        message = await fake.wait_for_bot_message(1, contains="Question 1/6", timeout=STARTUP)
        for index in range(3):
            await tap_tokuhashi(fake, 1, message.message_id, index)
        await fake.wait_until_idle()
        assert "6 points" in fake.message(1, message.message_id).plain_text
        code = await first.terminate()
        assert_clean_exit(code, first.stderr, labels)

    async with bonemet_run(fake, data_dir, "second") as second:
        # The first tap waits for the new process to start and fetch it.
        await tap_tokuhashi(fake, 1, message.message_id, 3, timeout=STARTUP)
        for index in range(4, 6):
            await tap_tokuhashi(fake, 1, message.message_id, index)
        result = await fake.wait_for_bot_message(
            1, contains="Total : 9/15", after_message_id=message.message_id
        )
        await fake.wait_until_idle()
        code = await second.terminate()
        assert_clean_exit(code, second.stderr, labels)

    text = result.plain_text
    assert "Espérance de vie ≥ 6 mois" in text
    assert "Chirurgie palliative." in text
    assert "Score de Tokuhashi révisé : 9/15 — Espérance de vie ≥ 6 mois" in text
    for label in labels:  # the three answers given before the restart were kept
        assert label in text
    questions = fake.message(1, message.message_id)
    assert questions.edit_count == 6  # five next questions, then "completed": nothing twice
    assert questions.button_labels == []
    assert [m.message_id for m in fake.bot_messages(1)] == [message.message_id, result.message_id]
    assert_fake_clean(fake)


async def test_typed_dialogue_survives_a_restart_of_the_process(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Answers typed as numbers before SIGTERM are kept by a new process, which finishes them."""
    # A breast-cancer vignette, typed as positions in each list (tokuhashi.py option order):
    #   "2" Karnofsky 50-70 %          1
    #   "2" extraspinal bone: 1 or 2   1
    #   "2" vertebral body: two        1
    #   "3" visceral: none             2
    #   "6" thyroid, breast, ...       5
    #   "3" palsy: none (Frankel E)    2
    #                           total 12 -> 12-15: life expectancy >= 1 year, excisional surgery
    typed = ["2", "2", "2", "3", "6", "3"]
    labels = ["Moyen (Karnofsky 50-70 %)", "Un ou deux", "Deux", "Aucune",
              "Thyroïde, prostate, sein", "Aucun (Frankel E)"]  # fmt: skip
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(2, "Dr B", "fr")

    async def type_answer(index: int, after: int, timeout: float = 5.0) -> int:
        await fake.send_text(2, 2, typed[index])
        expected = f"Question {index + 2}/6" if index < 5 else "Total : 12/15"
        reply = await fake.wait_for_bot_message(
            2, contains=expected, after_message_id=after, timeout=timeout
        )
        return reply.message_id

    async with bonemet_run(fake, data_dir, "first") as first:
        await fake.send_text(2, 2, "/tokuhashi")
        last = await fake.wait_for_bot_message(2, contains="Question 1/6", timeout=STARTUP)
        last_id = last.message_id
        for index in range(3):
            last_id = await type_answer(index, last_id)
        await fake.wait_until_idle()
        code = await first.terminate()
        assert_clean_exit(code, first.stderr, labels)

    async with bonemet_run(fake, data_dir, "second") as second:
        last_id = await type_answer(3, last_id, timeout=STARTUP)
        for index in range(4, 6):
            last_id = await type_answer(index, last_id)
        await fake.wait_until_idle()
        code = await second.terminate()
        assert_clean_exit(code, second.stderr, labels)

    text = fake.message(2, last_id).plain_text
    assert "Score de Tokuhashi révisé : 12/15 — Espérance de vie ≥ 1 an" in text
    assert "Chirurgie ablative (exérèse)." in text
    for label in labels:
        assert label in text
    # One question message per answer, then the result; only the result keeps a keyboard.
    bot_messages = fake.bot_messages(2)
    assert len(bot_messages) == 7
    assert [m.message_id for m in bot_messages if m.buttons] == [last_id]
    assert_fake_clean(fake)


async def test_debug_log_level_logs_no_token_name_or_text(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Even with BONEMET_LOG_LEVEL=DEBUG the log holds no token, user name or message text."""
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(5, "Dr Confidential", "fr")
    async with bonemet_run(fake, data_dir, "debug", BONEMET_LOG_LEVEL="DEBUG") as process:
        await fake.send_text(5, 5, "/sins")
        message = await fake.wait_for_bot_message(5, contains="Question 1/6", timeout=STARTUP)
        query = await fake.press_button(5, 5, message.message_id, "Jonctionnelle")
        await fake.wait_for_answer(query)
        await fake.wait_until_idle()
        code = await process.terminate()
    assert_fake_clean(fake)
    assert_clean_exit(code, process.stderr, ["Confidential", "Jonctionnelle", "Localisation"])


def run_config_error(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`bonemet run` with only `env` set, in an empty directory; it must stop by itself."""
    return subprocess.run(
        [sys.executable, "-m", "bonemet", "run"],
        env=bot_env(BONEMET_DATA_DIR=str(tmp_path / "data"), **env),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=STARTUP,
        check=False,
    )


def test_run_without_token_exits_2_naming_the_variable(tmp_path: Path) -> None:
    """`bonemet run` without TELEGRAM_BOT_TOKEN exits 2 with one clear message, no traceback."""
    done = run_config_error(tmp_path)
    assert done.returncode == 2, done.stderr
    assert "TELEGRAM_BOT_TOKEN is not set" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()  # nothing created before the configuration is valid


def test_run_with_malformed_rate_limit_exits_2_naming_it(tmp_path: Path) -> None:
    """A malformed BONEMET_RATE_LIMIT makes `bonemet run` exit 2 naming it, token never shown."""
    done = run_config_error(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, BONEMET_RATE_LIMIT="thirty")
    assert done.returncode == 2, done.stderr
    assert "BONEMET_RATE_LIMIT" in done.stderr
    assert "Traceback" not in done.stderr
    assert SECRET_PART not in done.stderr + done.stdout
