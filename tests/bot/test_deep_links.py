"""Deep links: t.me/<bot>?start=<score> opens that score in private, for every score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogs.engine import Engine
from tests.bot.conftest import Running, start_bot, stop_bot
from tests.bot.fake_telegram import FakeTelegram
from tests.dialogs._clinical import ALL_SCORES, QUESTION_COUNT

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = tuple(Engine().flows)
"""Every score, pathway and aid."""


def test_the_catalogue_is_the_typed_list() -> None:
    """The links below are built from the engine's catalogue: every flow of it is tested."""
    assert set(CATALOGUE) >= set(ALL_SCORES)
    assert len(CATALOGUE) > len(ALL_SCORES)  # the pathways and aids too


@pytest.mark.parametrize("flow_id", CATALOGUE)
async def test_a_deep_link_opens_its_flow_in_private(running: Running, flow_id: str) -> None:
    """`/start <id>` (what Telegram sends for t.me/<bot>?start=<id>) shows question 1."""
    fake = running.fake
    fake.private_chat(501, "Dr Link", "en")
    await fake.send_text(501, 501, f"/start {flow_id}")
    title = running.bot.engine.definitions[flow_id].title("en")
    count = QUESTION_COUNT.get(flow_id)
    first = await fake.wait_for_bot_message(501, contains="Question 1")
    assert first.plain_text.startswith(title)
    if count is not None:
        assert f"Question 1/{count}" in first.plain_text
    assert first.button_labels  # answerable at once, by buttons


async def test_an_unknown_start_parameter_gets_the_welcome(running: Running) -> None:
    """A link with a parameter that names no score (an old or mistyped link) welcomes."""
    fake = running.fake
    fake.private_chat(502, "Dr Old", "fr")
    await fake.send_text(502, 502, "/start sinus")
    welcome = await fake.wait_for_bot_message(502, contains="/tokuhashi")
    assert "Question" not in welcome.plain_text


async def test_a_deep_link_obeys_the_allowlist(fake: FakeTelegram, tmp_path: Path) -> None:
    """Outside BONEMET_ALLOWED_CHATS a deep link is refused like the score's command."""
    running = await start_bot(fake, tmp_path, bonemet_allowed_chats=[-100777])
    try:
        fake.private_chat(503, "Dr Out", "fr")
        await fake.send_text(503, 503, "/start sins")
        refusal = await fake.wait_for_bot_message(503)
        assert "Question" not in refusal.plain_text
        await fake.wait_until_idle()
        assert running.bot.store.get_dialogue(503, 503) is None
    finally:
        await stop_bot(running)
    running.assert_clean()


def test_the_readme_lists_a_link_per_flow() -> None:
    """README lists t.me/<bot>?start=<id> for every score, pathway and aid."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"t\.me/<bot>\?start=([a-z0-9_]+)", readme))
    assert listed >= set(CATALOGUE)
