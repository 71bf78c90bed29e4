"""Process updates concurrently, but each clinician's updates in a chat strictly in order.

The ordering key is (chat, user): every piece of state the bot keeps (a dialogue, its
message) belongs to one member in one chat, so that is the unit whose updates must not
overlap or reorder. Keying by chat alone would also be correct, but in a group it makes
each member's taps wait behind the others' (and behind the group's 20-messages-a-minute
budget when one of them is throttled): QA measured taps held for tens of seconds.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["Key", "PerChatUpdateProcessor", "ordering_key"]

Key = tuple[int, int] | None
"""(chat id, user id), or None for updates with neither."""


def ordering_key(update: object) -> Key:
    """Return the key whose updates must not overlap: (chat, user), else None."""
    if isinstance(update, Update):
        chat, user = update.effective_chat, update.effective_user
        if chat is not None:
            return (chat.id, user.id if user is not None else 0)
        if user is not None:
            # A private chat's id is its user's id, so a user's chat-less updates (inline
            # queries...) queue behind that user's private chat, as they should.
            return (user.id, user.id)
    return None


@dataclass
class _KeyLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Tasks holding or waiting for the lock: the entry is dropped when this reaches zero.
    users: int = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs up to ``max_concurrent_updates`` updates at once, one at a time per (chat, user).

    Ordering relies on two FIFO guarantees: Application starts one task per update in arrival
    order, each of which reaches ``do_process_update`` without suspending unless the global
    semaphore is full (asyncio semaphores and locks wake their waiters first-come
    first-served), then queues on its chat's lock before its first suspension.

    Caveat: a task waiting for its chat's lock holds a slot of the global bound, so a single
    chat with ``max_concurrent_updates`` pending updates would delay every other chat.
    """

    __slots__ = ("_locks", "_turn")

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        """Bound the total number of updates in progress to ``max_concurrent_updates``."""
        super().__init__(max_concurrent_updates)
        self._locks: dict[Key, _KeyLock] = {}
        self._turn = asyncio.Lock()

    @property
    def active_keys(self) -> int:
        """Number of (chat, user) keys with an update running or waiting right now."""
        return len(self._locks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` once every earlier update with the same key has finished."""
        key = ordering_key(update)
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = _KeyLock()
        entry.users += 1
        started = False
        try:
            async with entry.lock:
                started = True
                await self._in_turn(coroutine)
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]
            if not started and inspect.iscoroutine(coroutine):
                # Cancelled while queued: close it to avoid a "never awaited" warning.
                coroutine.close()

    async def _in_turn(self, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine``, its first step in turn: the next update's first step starts
        only after the tasks this one started (its Bot API calls) have run their own.

        Without it, the updates of one fetched batch all run their first step (decode, load,
        engine, render: the CPU part of a tap) before any of their calls is sent, since the
        calls' tasks queue behind the batch; so every tap of a batch waits for the whole
        batch. In turn, the first tap's edit leaves after one tap's work, the second's after
        two, and so on. The turn is held only while a first step runs (released as soon as
        it suspends, whatever it waits for), so a waiting update never holds up another.
        """
        await self._turn.acquire()
        loop = asyncio.get_running_loop()
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                loop.call_soon(self._turn.release)

        try:
            await _FirstSuspension(coroutine, release)
        finally:
            release()

    async def initialize(self) -> None:
        """Nothing to set up: locks are created on demand."""

    async def shutdown(self) -> None:
        """Nothing to free: locks disappear with the last update of their chat."""


class _FirstSuspension:
    """Awaits a coroutine as ``await`` would (values, exceptions and cancellation pass
    through both ways), calling ``on_suspend`` when the coroutine first suspends or ends."""

    __slots__ = ("_coroutine", "_on_suspend")

    def __init__(self, coroutine: Awaitable[Any], on_suspend: Callable[[], None]) -> None:
        self._coroutine = coroutine
        self._on_suspend = on_suspend

    def __await__(self) -> Any:
        inner = self._coroutine.__await__()
        try:
            yielded = next(inner)
        except StopIteration as stop:
            self._on_suspend()
            return stop.value
        self._on_suspend()
        while True:
            try:
                sent = yield yielded
            except GeneratorExit:
                inner.close()
                raise
            except BaseException as error:
                try:
                    yielded = inner.throw(error)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    yielded = inner.send(sent)
                except StopIteration as stop:
                    return stop.value
