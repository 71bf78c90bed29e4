"""Rate limits as Telegram states them: about 20 messages a minute per group, 30 a second overall.

python-telegram-bot's AIORateLimiter did not fit a group of clinicians scoring at once,
as QA measured:

- it counts edits against a group's 20-a-minute budget, so taps (each an edit in
  place) waited seconds behind it, although Telegram's limit is on messages sent;
- its per-group limiter is a leaky bucket (20 at once, then one every 3 s), which lets
  about 40 messages through in the first minute, so Telegram answered 429;
- on any 429 it pauses every request of the bot, private chats and button answers
  included, for as long as Telegram says (58 s in that run).

This limiter counts only sent messages against a strict rolling window per group,
keeps the overall cap for every call that names a chat, never throttles button answers
(they name no chat), and when Telegram answers 429 for a group it holds back that
group's calls only; a 429 anywhere else pauses chat calls, as Telegram asks, but not
button answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

from bot.transport import POOL_TIMEOUT_MESSAGE

logger = logging.getLogger("bonemet.bot")

JSONDict = dict[str, Any]
Result = bool | JSONDict | list[JSONDict]
_Call = tuple[Callable[..., Coroutine[Any, Any, Result]], Any, dict[str, Any]]

EDITS = frozenset({"editMessageText", "editMessageReplyMarkup"})
"""Calls that change a message in place rather than sending one."""

REPEATABLE = EDITS | frozenset(
    {"answerCallbackQuery", "deleteMessage", "getMe", "setMyCommands", "deleteWebhook"}
)
"""Calls whose repetition changes nothing: retried after a transport failure (a 5xx, a
timeout, a reset connection), after which Telegram may or may not have done them. A sent
message is not among them: sent twice, it would show twice."""

ANSWER_WINDOW = 10.0
"""Seconds within which a button answer is still worth retrying (Telegram refuses
answers after about 15 s)."""


def _transport_failure(error: NetworkError) -> bool:
    """A 5xx answer, a timeout or a broken connection: not a refusal by Telegram."""
    return type(error) in (NetworkError, TimedOut)


class _Window:
    """At most `rate` acquisitions in any `period` seconds, first come first served."""

    def __init__(self, rate: int, period: float) -> None:
        self.rate, self.period = rate, period
        self.times: deque[float] = deque()
        self.lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self.lock:
            while True:
                now = time.monotonic()
                while self.times and now - self.times[0] >= self.period:
                    self.times.popleft()
                if len(self.times) < self.rate:
                    self.times.append(now)
                    return
                await asyncio.sleep(self.times[0] + self.period - now)


def _seconds(error: RetryAfter) -> float:
    # The public `retry_after` property warns in python-telegram-bot 22.
    value: object = error._retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)  # type: ignore[arg-type]


class TelegramRateLimiter(BaseRateLimiter[int]):
    """Per-group budget on sent messages, overall cap on chat calls, 429s kept local."""

    def __init__(
        self,
        *,
        overall_max_rate: float = 30.0,
        group_max_rate: int = 20,
        group_time_period: float = 60.0,
        max_retries: int = 3,
    ) -> None:
        """`overall_max_rate` per second (0: no overall cap); `group_max_rate` per period."""
        self._overall = AsyncLimiter(overall_max_rate, 1) if overall_max_rate > 0 else None
        self._group_rate, self._group_period = group_max_rate, group_time_period
        self._groups: dict[int | str, _Window] = {}
        self._max_retries = max_retries
        # Monotonic time until which Telegram asked us to hold chat calls: per group, and
        # for the whole bot (key None). Deadlines, not events, so overlapping 429s add up.
        self._paused_until: dict[int | str | None, float] = {}
        # Edits of a paused group's messages, latest only per message, and the task
        # sending each message's latest edit once the pause is over.
        self._latest_edit: dict[tuple[int | str, Any], _Call] = {}
        self._edit_flushers: dict[tuple[int | str, Any], asyncio.Task[None]] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Drop edits still waiting for a group's pause (the store has the state shown)."""
        for task in list(self._edit_flushers.values()):
            task.cancel()
        for task in list(self._edit_flushers.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._latest_edit.clear()

    def _paused(self, chat: int | str) -> bool:
        now = time.monotonic()
        return self._paused_until.get(chat, 0.0) > now or self._paused_until.get(None, 0.0) > now

    def _edit_must_wait(self, chat: Any, message_id: Any) -> bool:
        """An edit waits if its group is paused, or an earlier edit of it still waits."""
        return self._paused(chat) or (chat, message_id) in self._edit_flushers

    def _defer_edit(self, chat: int | str, message_id: Any, call: _Call) -> Result:
        """Keep only the latest edit of this message; send it once the group's pause is over.

        The update that asked for it finishes at once, so the member's next tap is answered
        at once too, and a group flooded past its quota catches up with one edit per
        message instead of every intermediate state.
        """
        key = (chat, message_id)
        self._latest_edit[key] = call
        if key not in self._edit_flushers:
            self._edit_flushers[key] = asyncio.create_task(
                self._flush_edits(key), name=f"bonemet-edits-{chat}"
            )
        return True  # what Telegram answers an edit that returns no message

    async def _flush_edits(self, key: tuple[int | str, Any]) -> None:
        chat = key[0]
        try:
            while True:
                await self._wait_pause(None)
                await self._wait_pause(chat)
                call = self._latest_edit.pop(key, None)
                if call is None:
                    return
                if self._overall is not None:
                    await self._overall.acquire()
                callback, args, kwargs = call
                try:
                    await callback(*args, **kwargs)
                except RetryAfter as error:
                    until = time.monotonic() + _seconds(error) + 0.1
                    self._paused_until[chat] = max(self._paused_until.get(chat, 0.0), until)
                    self._latest_edit.setdefault(key, call)  # unless a newer one came
                except TelegramError as error:
                    logger.warning("a deferred edit failed: %s", type(error).__name__)
        finally:
            self._edit_flushers.pop(key, None)

    def _window(self, chat: int | str) -> _Window:
        window = self._groups.get(chat)
        if window is None:
            window = self._groups[chat] = _Window(self._group_rate, self._group_period)
        # Forget groups that have been quiet for a whole period, so memory stays bounded.
        if len(self._groups) > 1024:
            now = time.monotonic()
            for key in [
                k
                for k, w in self._groups.items()
                if k != chat
                and not w.lock.locked()
                and (not w.times or now - w.times[-1] >= w.period)
            ]:
                del self._groups[key]
        return window

    async def _wait_pause(self, key: int | str | None) -> None:
        """Sleep until Telegram's latest requested pause for `key` is over."""
        while (until := self._paused_until.get(key)) is not None:
            remaining = until - time.monotonic()
            if remaining <= 0:
                if self._paused_until.get(key) == until:
                    del self._paused_until[key]
                return
            await asyncio.sleep(remaining)

    async def _spend(self, chat: Any, group: bool, endpoint: str) -> None:
        """Wait for Telegram's pauses and for the budgets a chat call spends."""
        await self._wait_pause(None)
        if group:
            await self._wait_pause(chat)
        if group and endpoint not in EDITS and self._group_rate:
            await self._window(chat).acquire()
        if self._overall is not None:
            await self._overall.acquire()

    async def process_request(  # noqa: PLR0917 - python-telegram-bot's signature
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """Wait for the budgets `endpoint` spends, call it, and retry after a 429."""
        chat = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat)  # type: ignore[arg-type]
        group = (isinstance(chat, int) and chat < 0) or isinstance(chat, str)
        message_id = data.get("message_id")
        if (
            group
            and endpoint in EDITS
            and isinstance(chat, int | str)
            and self._edit_must_wait(chat, message_id)
        ):
            return self._defer_edit(chat, message_id, (callback, args, kwargs))
        retries = rate_limit_args if rate_limit_args is not None else self._max_retries
        for attempt in range(retries + 1):
            if chat is not None:
                await self._spend(chat, group, endpoint)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                delay = _seconds(error) + 0.1
                if endpoint == "answerCallbackQuery" and delay > ANSWER_WINDOW:
                    raise  # it would come after Telegram stops accepting it
                logger.warning("Telegram asked to wait %.0f s (%s)", delay, endpoint)
                if chat is None:
                    await asyncio.sleep(delay)  # a button answer: retry it alone
                else:
                    # This group's calls, or every chat call for a flood elsewhere, wait.
                    key = chat if group else None
                    until = time.monotonic() + delay
                    self._paused_until[key] = max(self._paused_until.get(key, 0.0), until)
                    if group and endpoint in EDITS and isinstance(chat, int | str):
                        # The edit waits for the pause without holding up the member's
                        # next tap, and is replaced by any later edit of the message.
                        return self._defer_edit(chat, message_id, (callback, args, kwargs))
            except NetworkError as error:
                not_sent = str(error) == POOL_TIMEOUT_MESSAGE  # any call may be retried then
                if attempt == retries or not (
                    not_sent or (endpoint in REPEATABLE and _transport_failure(error))
                ):
                    raise
                logger.warning("%s failed (%s): retrying", endpoint, type(error).__name__)
                await asyncio.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
