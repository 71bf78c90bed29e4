"""Process updates of different chats concurrently and the updates of each chat in order."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["PerChatUpdateProcessor", "ordering_key"]


def ordering_key(update: object) -> int | None:
    """Return the key whose updates must not overlap: chat id, else user id, else None."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            # A private chat's id is its user's id, so a user's chat-less updates (inline
            # queries...) queue behind that user's private chat, as they should.
            return update.effective_user.id
    return None


@dataclass
class _KeyLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Tasks holding or waiting for the lock: the entry is dropped when this reaches zero.
    users: int = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs up to ``max_concurrent_updates`` updates at once, one at a time per chat.

    Ordering relies on two FIFO guarantees: Application starts one task per update in arrival
    order, each of which reaches ``do_process_update`` without suspending unless the global
    semaphore is full (asyncio semaphores and locks wake their waiters first-come
    first-served), then queues on its chat's lock before its first suspension.

    Caveat: a task waiting for its chat's lock holds a slot of the global bound, so a single
    chat with ``max_concurrent_updates`` pending updates would delay every other chat.
    """

    __slots__ = ("_locks",)

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        """Bound the total number of updates in progress to ``max_concurrent_updates``."""
        super().__init__(max_concurrent_updates)
        self._locks: dict[int | None, _KeyLock] = {}

    @property
    def active_keys(self) -> int:
        """Number of chats (keys) with an update running or waiting right now."""
        return len(self._locks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` once every earlier update of the same chat has finished."""
        key = ordering_key(update)
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = _KeyLock()
        entry.users += 1
        started = False
        try:
            async with entry.lock:
                started = True
                await coroutine
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]
            if not started and inspect.iscoroutine(coroutine):
                # Cancelled while queued: close it to avoid a "never awaited" warning.
                coroutine.close()

    async def initialize(self) -> None:
        """Nothing to set up: locks are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: locks disappear with the last update of their chat."""
