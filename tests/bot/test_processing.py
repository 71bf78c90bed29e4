"""Tests of bot.processing: concurrent across chats, strictly ordered within a chat."""

from __future__ import annotations

import asyncio
import inspect
import json
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Chat, InlineQuery, Message, Update, User
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import BaseRequest, RequestData

from bot.processing import Key, PerChatUpdateProcessor, ordering_key

BOT_ID = 123456


def message_update(update_id: int, chat_id: int, user_id: int | None = None) -> Update:
    """An Update carrying a text message in chat_id (a group when negative)."""
    user = User(id=user_id if user_id is not None else abs(chat_id), first_name="U", is_bot=False)
    chat = Chat(id=chat_id, type=Chat.PRIVATE if chat_id > 0 else Chat.GROUP)
    message = Message(
        message_id=update_id, date=datetime.now(UTC), chat=chat, from_user=user, text="/start"
    )
    return Update(update_id=update_id, message=message)


@dataclass
class Recorder:
    """Records the order and overlap of handler runs."""

    order: dict[Key, list[int]] = field(default_factory=lambda: defaultdict(list))
    running_per_key: dict[Key, int] = field(default_factory=lambda: defaultdict(int))
    in_flight: int = 0
    max_in_flight: int = 0
    overlapped_within_key: bool = False

    async def run(self, key: Key, seq: int, delay: float) -> None:
        """Pretend to handle update seq of key for delay seconds, noting what overlaps."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.running_per_key[key] += 1
        if self.running_per_key[key] > 1:
            self.overlapped_within_key = True
        self.order[key].append(seq)
        try:
            await asyncio.sleep(delay)
        finally:
            self.running_per_key[key] -= 1
            self.in_flight -= 1


async def feed(
    processor: PerChatUpdateProcessor,
    updates: list[Update],
    handler: Callable[[Update], Awaitable[None]],
) -> None:
    """Submit updates as Application does: one task per update, created in arrival order."""
    tasks = [
        asyncio.create_task(processor.process_update(update, handler(update))) for update in updates
    ]
    await asyncio.gather(*tasks)


@pytest.mark.parametrize("max_concurrent", [256, 3])
async def test_per_chat_order_kept_while_chats_overlap(max_concurrent: int) -> None:
    """50 updates over 5 chats with random durations: each chat in order, chats in parallel."""
    rng = random.Random(20240601)  # noqa: S311 - seeded test data, not security
    chats = [-1001, -1002, 7, 8, 9]
    updates = [message_update(seq, rng.choice(chats)) for seq in range(50)]
    delays = {update.update_id: rng.uniform(0, 0.004) for update in updates}
    recorder = Recorder()
    processor = PerChatUpdateProcessor(max_concurrent)

    async def handler(update: Update) -> None:
        await recorder.run(ordering_key(update), update.update_id, delays[update.update_id])

    await feed(processor, updates, handler)

    for chat in chats:
        expected = [
            u.update_id for u in updates if u.effective_chat and u.effective_chat.id == chat
        ]
        assert recorder.order[(chat, abs(chat))] == expected
    assert sum(len(seqs) for seqs in recorder.order.values()) == 50
    assert not recorder.overlapped_within_key
    assert recorder.max_in_flight > 1
    assert recorder.max_in_flight <= min(max_concurrent, len(chats))
    assert processor.active_keys == 0


async def test_locks_are_created_on_demand_and_dropped() -> None:
    """Keys exist only while a chat has an update running or waiting: memory does not grow."""
    processor = PerChatUpdateProcessor()
    release = asyncio.Event()
    seen_while_busy: list[int] = []

    async def handler(_update: Update) -> None:
        await release.wait()

    updates = [message_update(i, chat) for i, chat in enumerate([1, 2, 2, 3, -4, 1])]
    task = asyncio.create_task(feed(processor, updates, handler))
    await asyncio.sleep(0.01)
    seen_while_busy.append(processor.active_keys)
    release.set()
    await task

    assert seen_while_busy == [4]
    assert processor.active_keys == 0

    # Thousands of distinct chats later, nothing is left behind.
    async def noop(_update: Update) -> None:
        await asyncio.sleep(0)

    await feed(processor, [message_update(i, 10_000 + i) for i in range(2000)], noop)
    assert processor.active_keys == 0


async def test_different_chats_do_not_wait_for_each_other() -> None:
    """A slow update in one chat does not hold back another chat."""
    processor = PerChatUpdateProcessor()
    other_chat_done = asyncio.Event()

    async def handler(update: Update) -> None:
        if update.update_id == 1:
            # Would deadlock if chat 2's update had to wait for this one.
            await asyncio.wait_for(other_chat_done.wait(), timeout=2)
        else:
            other_chat_done.set()

    await feed(processor, [message_update(1, 1), message_update(2, 2)], handler)
    assert processor.active_keys == 0


async def test_global_bound_is_respected() -> None:
    """No more than max_concurrent_updates updates run at once, even across chats."""
    recorder = Recorder()
    processor = PerChatUpdateProcessor(2)

    async def handler(update: Update) -> None:
        await recorder.run(ordering_key(update), update.update_id, 0.002)

    await feed(processor, [message_update(i, 100 + i) for i in range(8)], handler)
    assert recorder.max_in_flight == 2
    assert processor.max_concurrent_updates == 2
    assert processor.current_concurrent_updates == 0


def test_default_bound_and_invalid_bound() -> None:
    """The default bound is 256 and a bound below 1 is refused."""
    assert PerChatUpdateProcessor().max_concurrent_updates == 256
    with pytest.raises(ValueError, match="positive"):
        PerChatUpdateProcessor(0)


async def test_failing_update_does_not_block_its_chat() -> None:
    """An exception reaches the caller and the chat's next update still runs."""
    processor = PerChatUpdateProcessor()
    ran: list[int] = []

    async def handler(update: Update) -> None:
        ran.append(update.update_id)
        if update.update_id == 1:
            raise RuntimeError("boom")

    first = asyncio.create_task(
        processor.process_update(message_update(1, 5), handler(message_update(1, 5)))
    )
    second = asyncio.create_task(
        processor.process_update(message_update(2, 5), handler(message_update(2, 5)))
    )
    with pytest.raises(RuntimeError, match="boom"):
        await first
    await second
    assert ran == [1, 2]
    assert processor.active_keys == 0


async def test_cancelled_waiter_is_cleaned_up() -> None:
    """Cancelling an update queued behind its chat frees its key and closes its coroutine."""
    processor = PerChatUpdateProcessor()
    release = asyncio.Event()
    ran: list[int] = []

    async def handler(update: Update) -> None:
        ran.append(update.update_id)
        await release.wait()

    first = asyncio.create_task(
        processor.process_update(message_update(1, 5), handler(message_update(1, 5)))
    )
    queued_coroutine = handler(message_update(2, 5))
    queued = asyncio.create_task(processor.process_update(message_update(2, 5), queued_coroutine))
    third = asyncio.create_task(
        processor.process_update(message_update(3, 5), handler(message_update(3, 5)))
    )
    await asyncio.sleep(0)
    queued.cancel()
    with pytest.raises(asyncio.CancelledError):
        await queued
    assert inspect.getcoroutinestate(queued_coroutine) == inspect.CORO_CLOSED
    release.set()
    await asyncio.gather(first, third)
    assert ran == [1, 3]
    assert processor.active_keys == 0


def test_ordering_key() -> None:
    """(chat, user) when there is a chat, (user, user) for chat-less updates, else None."""
    assert ordering_key(message_update(1, -1001, user_id=7)) == (-1001, 7)
    inline = Update(
        update_id=2,
        inline_query=InlineQuery(
            id="q", from_user=User(id=7, first_name="U", is_bot=False), query="", offset=""
        ),
    )
    assert ordering_key(inline) == (7, 7)
    assert ordering_key(Update(update_id=3)) is None
    assert ordering_key("not an update") is None


async def test_updates_without_chat_or_user_share_one_queue() -> None:
    """Updates with neither chat nor user are serialized together."""
    recorder = Recorder()
    processor = PerChatUpdateProcessor()

    async def handler(update: Update) -> None:
        await recorder.run(ordering_key(update), update.update_id, 0.001)

    await feed(processor, [Update(update_id=i) for i in range(5)], handler)
    assert recorder.order[None] == [0, 1, 2, 3, 4]
    assert not recorder.overlapped_within_key


class OfflineRequest(BaseRequest):
    """A Bot API transport that answers getMe locally and refuses everything else."""

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        """Answer getMe with a fake bot; any other call is a test failure."""
        if url.endswith("/getMe"):
            bot = {"id": BOT_ID, "is_bot": True, "first_name": "Test", "username": "test_bot"}
            return 200, json.dumps({"ok": True, "result": bot}).encode()
        raise AssertionError("unexpected Bot API call in an offline test")


async def test_real_application_keeps_chat_order() -> None:
    """Through a real Application's update queue, chats overlap and each stays in order."""
    processor = PerChatUpdateProcessor(64)
    app = (
        ApplicationBuilder()
        .token(f"{BOT_ID}:TEST-token")
        .request(OfflineRequest())
        .get_updates_request(OfflineRequest())
        .updater(None)
        .concurrent_updates(processor)
        .build()
    )
    rng = random.Random(7)  # noqa: S311 - seeded test data, not security
    chats = [1, 2, 3, -100, -200]
    updates = [message_update(seq, rng.choice(chats)) for seq in range(50)]
    recorder = Recorder()

    async def callback(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await recorder.run(ordering_key(update), update.update_id, rng.uniform(0, 0.004))

    app.add_handler(TypeHandler(Update, callback))
    async with app:
        assert app.update_processor is processor
        await app.start()
        for update in updates:
            await app.update_queue.put(update)
        await app.update_queue.join()
        await app.stop()

    for chat in chats:
        expected = [
            u.update_id for u in updates if u.effective_chat and u.effective_chat.id == chat
        ]
        assert recorder.order[(chat, abs(chat))] == expected
    assert not recorder.overlapped_within_key
    assert recorder.max_in_flight > 1
    assert processor.active_keys == 0


async def test_members_of_one_group_overlap_but_each_stays_in_order() -> None:
    """In one group, two members' updates run side by side; each member's stay in order."""
    rng = random.Random(7)  # noqa: S311 - seeded test data, not security
    members = [11, 12]
    updates = [message_update(seq, -1001, user_id=rng.choice(members)) for seq in range(30)]
    recorder = Recorder()
    processor = PerChatUpdateProcessor()

    async def handler(update: Update) -> None:
        await recorder.run(ordering_key(update), update.update_id, rng.uniform(0, 0.004))

    await feed(processor, updates, handler)
    for member in members:
        expected = [
            u.update_id for u in updates if u.effective_user and u.effective_user.id == member
        ]
        assert recorder.order[(-1001, member)] == expected
    assert not recorder.overlapped_within_key
    assert recorder.max_in_flight == 2


# --------------------------------------------------------------------------------------------
# First steps in turn: a batch's taps are not all decoded before the first call goes out
# --------------------------------------------------------------------------------------------


async def run_batch(
    processor: PerChatUpdateProcessor, handlers: list[Callable[[], Awaitable[None]]]
) -> None:
    """Start one task per update at once, as Application does for a fetched batch."""
    tasks = [
        asyncio.create_task(processor.process_update(message_update(n, 100 + n), handler()))
        for n, handler in enumerate(handlers)
    ]
    await asyncio.gather(*tasks)


async def test_each_updates_calls_start_before_the_next_update_starts() -> None:
    """An update's first step (its CPU part) ends by starting its Bot API calls as tasks:
    they run before the next update's first step, not after the whole batch."""
    events: list[str] = []

    def tap(n: int) -> Callable[[], Awaitable[None]]:
        async def call(name: str) -> None:
            events.append(f"{name} {n} sent")
            await asyncio.sleep(0.01)  # the round trip

        async def handle() -> None:
            events.append(f"tap {n}")
            await asyncio.gather(call("answer"), call("edit"))

        return handle

    await run_batch(PerChatUpdateProcessor(8), [tap(n) for n in range(3)])
    assert events == [
        "tap 0",
        "answer 0 sent",
        "edit 0 sent",
        "tap 1",
        "answer 1 sent",
        "edit 1 sent",
        "tap 2",
        "answer 2 sent",
        "edit 2 sent",
    ]


async def test_a_waiting_update_does_not_hold_the_turn() -> None:
    """The turn is released at an update's first suspension, whatever it waits for: an update
    held for a second (a throttled group) does not hold up the others."""
    released = asyncio.Event()
    events: list[str] = []

    async def throttled() -> None:
        events.append("throttled starts")
        await released.wait()
        events.append("throttled ends")

    async def quick() -> None:
        events.append("quick")

    async def release_later() -> None:
        await asyncio.sleep(0.05)
        events.append("released")
        released.set()

    await asyncio.gather(run_batch(PerChatUpdateProcessor(8), [throttled, quick]), release_later())
    assert events == ["throttled starts", "quick", "released", "throttled ends"]


async def test_results_exceptions_and_cancellation_pass_through_the_turn() -> None:
    """What the handler raises reaches the processor's caller, a cancelled handler is
    cancelled, and neither keeps the turn."""
    processor = PerChatUpdateProcessor(8)

    async def fails_after_a_suspension() -> None:
        await asyncio.sleep(0)
        raise ValueError("boom")

    async def fails_at_once() -> None:
        raise KeyError("at once")

    with pytest.raises(ValueError, match="boom"):
        await processor.process_update(message_update(1, 1), fails_after_a_suspension())
    with pytest.raises(KeyError):
        await processor.process_update(message_update(2, 2), fails_at_once())

    caught: list[str] = []

    async def catches_what_is_thrown_in() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            caught.append("cancelled inside")
            raise

    task = asyncio.create_task(
        processor.process_update(message_update(3, 3), catches_what_is_thrown_in())
    )
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert caught == ["cancelled inside"]

    done: list[int] = []

    async def after() -> None:
        done.append(4)

    await asyncio.wait_for(processor.process_update(message_update(4, 4), after()), 1)
    assert done == [4]
    assert processor.active_keys == 0
