"""Benchmark of a busy group: several clinicians scoring SINS in one group at once.

Run from the repository root::

    python bench/bench_group.py                 # 6 members, 50 ms per Bot API call
    python bench/bench_group.py --members 8 --typing 3

Not a test: it prints figures and asserts nothing. The real bot runs in this process
against the fake Telegram server (tests/bot/fake_telegram.py), which enforces Telegram's
20 messages a minute per group (rolling window) and answers 429 beyond it. Each member
sends /sins@bot, then answers the six questions by button (or, for the first --typing
members, by typed replies, which cost group messages), as soon as the previous answer
has arrived. Prints press -> callback answer and press -> edit latencies, the group's
sendMessage count, and any call Telegram would have rejected.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bot.conftest import start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram

GROUP = -1001000000001


async def member(fake: FakeTelegram, uid: int, typing: bool, lat: dict[str, list[float]]) -> None:
    """One clinician: start SINS in the group and answer every question with option 1."""
    mark = fake.last_message_id(GROUP)
    await fake.send_text(GROUP, uid, f"/sins@{BOT_USERNAME}")
    question = await fake.wait_for(
        lambda: next(
            (
                m
                for m in fake.bot_messages(GROUP)
                if m.message_id > mark
                and m.reply_to is not None
                and m.reply_to.text.startswith("/sins")
                and m.reply_to.sender is not None
                and m.reply_to.sender.id == uid
            ),
            None,
        ),
        timeout=300,
    )
    current = question.message_id
    for index in range(6):
        started = time.monotonic()
        if typing:
            before = fake.last_message_id(GROUP)
            await fake.send_text(GROUP, uid, "1", reply_to_message_id=current)
            reply = await fake.wait_for(
                lambda before=before: next(
                    (
                        m
                        for m in fake.bot_messages(GROUP)
                        if m.message_id > before
                        and m.reply_to is not None
                        and m.reply_to.sender is not None
                        and m.reply_to.sender.id == uid
                    ),
                    None,
                ),
                timeout=300,
            )
            lat["typed"].append(time.monotonic() - started)
            current = reply.message_id
        else:
            message = fake.message(GROUP, current)
            edits = message.edit_count
            query = await fake.press(GROUP, uid, current, message.buttons[0]["callback_data"])
            await fake.wait_for_answer(query, timeout=300)
            lat["answer"].append(time.monotonic() - started)
            await fake.wait_for(
                lambda edits=edits, current=current: (
                    fake.message(GROUP, current).edit_count > edits or None
                ),
                timeout=300,
            )
            lat["edit"].append(time.monotonic() - started)
        del index


def line(name: str, values: list[float]) -> str:
    """p50 / p95 / max in ms."""
    if not values:
        return f"{name:<18} -"
    values = sorted(values)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    return (
        f"{name:<18} n={len(values):<4} p50={statistics.median(values) * 1000:7.0f} ms "
        f"p95={p95 * 1000:7.0f} ms  max={values[-1] * 1000:7.0f} ms"
    )


async def main(members: int, typing: int, delay: float) -> None:
    """Run the scenario once and print the figures."""
    logging.disable(logging.WARNING)
    async with FakeTelegram(delay=delay, group_limit=20) as fake:
        running = await start_bot(fake, Path(tempfile.mkdtemp()))
        try:
            fake.group_chat(GROUP, "RCP", members=())
            for uid in range(1, members + 1):
                fake.add_member(GROUP, uid, f"Dr {uid}", "fr")
            lat: dict[str, list[float]] = {"answer": [], "edit": [], "typed": []}
            started = time.monotonic()
            await asyncio.gather(
                *(member(fake, uid, uid <= typing, lat) for uid in range(1, members + 1))
            )
            await fake.wait_until_idle(timeout=300)
            elapsed = time.monotonic() - started
        finally:
            await stop_bot(running)
        sends = sum(
            1
            for call in fake.calls
            if call.method.lower() == "sendmessage" and call.params.get("chat_id") == GROUP
        )
        print(
            f"{members} members ({typing} typing), {delay * 1000:.0f} ms per call: "
            f"{elapsed:.1f} s in all, {sends} messages sent to the group"
        )
        print(line("tap -> answer", lat["answer"]))
        print(line("tap -> edit", lat["edit"]))
        print(line("typed -> question", lat["typed"]))
        print(f"rejected calls: {len(fake.rejected)}; handler errors: {len(running.errors)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", type=int, default=6)
    parser.add_argument("--typing", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.05)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.members, arguments.typing, arguments.delay))
