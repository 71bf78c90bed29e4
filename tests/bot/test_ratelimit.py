"""The rate limiter spends a group's 20-a-minute budget on sent messages, not on edits."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.ratelimit import TelegramRateLimiter

GROUP = -1001234567890


async def call(limiter: TelegramRateLimiter, endpoint: str, calls: list[str]) -> None:
    """Send one request through the limiter, as python-telegram-bot does."""

    async def request(*args: Any, **kwargs: Any) -> bool:
        calls.append(endpoint)
        return True

    await limiter.process_request(request, (), {}, endpoint, {"chat_id": GROUP}, None)


@pytest.fixture
async def limiter() -> TelegramRateLimiter:
    """A limiter allowing one group message a minute, so throttling is unmistakable."""
    limiter = TelegramRateLimiter(overall_max_rate=0, group_max_rate=1, group_time_period=60)
    await limiter.initialize()
    return limiter


async def test_edits_in_a_group_are_not_held_by_the_group_budget(
    limiter: TelegramRateLimiter,
) -> None:
    """Once the group's budget is spent by a message, edits still go through at once."""
    calls: list[str] = []
    await call(limiter, "sendMessage", calls)
    for _ in range(5):
        # A guard, not a timing: a throttled edit would wait the full minute.
        await asyncio.wait_for(call(limiter, "editMessageText", calls), timeout=10)
        await asyncio.wait_for(call(limiter, "editMessageReplyMarkup", calls), timeout=10)
    assert calls.count("editMessageText") == 5
    assert calls.count("editMessageReplyMarkup") == 5


async def test_messages_in_a_group_still_wait_for_the_group_budget(
    limiter: TelegramRateLimiter,
) -> None:
    """A second message to the same group within the period is held back by the limiter."""
    calls: list[str] = []
    await call(limiter, "sendMessage", calls)
    second = asyncio.create_task(call(limiter, "sendMessage", calls))
    await asyncio.sleep(0.3)
    assert calls == ["sendMessage"]
    assert not second.done()
    second.cancel()
