"""Rate limits as Telegram states them: about 20 messages a minute per group, 30 a second overall.

python-telegram-bot's AIORateLimiter counts every call that names a group chat against
the group's 20-a-minute budget, edits included. In a meeting where four clinicians tap
through their scores in the group, that made every tap after the first few wait seconds
behind the limiter (and the chat's later updates behind it). Telegram's per-group limit
is on messages sent; an edit in place is what keeps the group within it. So edits go
under the overall cap only, and if Telegram ever answers 429 the limiter still waits and
retries as told.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]

EDITS = frozenset({"editMessageText", "editMessageReplyMarkup"})
"""Calls that change a message in place rather than sending one."""


class TelegramRateLimiter(AIORateLimiter):
    """AIORateLimiter with the per-group budget spent on sent messages only."""

    async def process_request(  # noqa: PLR0917 - python-telegram-bot's signature
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Throttle `endpoint`: edits count against the overall cap, not the group's."""
        if endpoint in EDITS and "chat_id" in data:
            # A non-negative chat id reads as "a chat, not a group" to AIORateLimiter: the
            # overall limiter applies, the group limiter does not. `data` is only used to
            # choose limiters; the request itself is unchanged.
            data = {**data, "chat_id": 0}
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
