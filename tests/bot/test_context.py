"""An update loads its context once and writes it once (bot/context.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from bot.store import Store
from tests.bot.conftest import Running

COUNTED = ("get_dialogue", "get_lang", "put_dialogue", "update_dialogue", "delete_dialogue")


def count_store_calls(store: Store, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the calls to the store's dialogue and language methods from now on."""
    calls: Counter[str] = Counter()
    for name in COUNTED:
        original = getattr(store, name)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            calls[_name] += 1
            return _original(*args, **kw)

        monkeypatch.setattr(store, name, counted)
    return calls


async def processed(running: Running) -> None:
    """Until every update the bot fetched has been handled to its end, its save included.

    The fake server's idleness alone is not enough: an update writes the store after its
    last Bot API call, and on a loaded machine that can come after the quiet period.
    """
    await running.fake.wait_until_idle()
    app = running.app
    for _ in range(1000):
        if app.update_queue.empty() and app.update_processor.current_concurrent_updates == 0:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the bot did not finish processing its updates")


async def test_a_button_press_reads_once_and_writes_once(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decode, load once, engine, save once, deliver: one read and one write per press."""
    fake = running.fake
    fake.private_chat(401, "Dr Once", "en")
    await fake.send_text(401, 401, "/mirels")
    question = await fake.wait_for_bot_message(401, contains="Question 1/4")
    await processed(running)  # the command's own update has finished (and saved)
    calls = count_store_calls(running.bot.store, monkeypatch)
    edits = fake.message(401, question.message_id).edit_count
    query = await fake.press(401, 401, question.message_id, question.buttons[0]["callback_data"])
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(401, question.message_id, edits, contains="Question 2/4")
    await processed(running)
    assert calls == Counter(get_dialogue=1, get_lang=1, update_dialogue=1)


async def test_a_typed_answer_reads_once_and_writes_once(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typed answer too: one read, then the new question is sent and saved in one write."""
    fake = running.fake
    fake.private_chat(402, "Dr Typed", "fr")
    await fake.send_text(402, 402, "/tomita")
    question = await fake.wait_for_bot_message(402, contains="Question 1/3")
    await processed(running)  # the command's own update has finished (and saved)
    calls = count_store_calls(running.bot.store, monkeypatch)
    await fake.send_text(402, 402, "1")
    await fake.wait_for_bot_message(
        402, contains="Question 2/3", after_message_id=question.message_id
    )
    await processed(running)
    assert calls == Counter(get_dialogue=1, get_lang=1, update_dialogue=1)
