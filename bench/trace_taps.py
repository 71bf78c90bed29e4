"""Where a tap's latency goes: `bonemet run` against the fake Bot API, one line of medians.

Run from the repository root, in the project's virtual environment with the test extras::

    python bench/trace_taps.py [--clinicians 20] [--seconds 5] [--delay 0.05]

Not a test: it prints figures and asserts nothing. It starts `bonemet run` as a separate
process (BONEMET_RATE_LIMIT=0) against the fake Bot API with ``--delay`` seconds per call
(half before the fake looks at a call, half before it answers: 25 ms each by default, as
in bench_load.py's scenario A), and ``--clinicians`` scripted clinicians who run SINS
dialogues, each pressing an answer as soon as the previous press was answered and its
question edited. For every press it splits the time until its callback answer reaches the
fake into:

- press -> collected: until the long poll in flight takes the press (the fake decides
  what a getUpdates returns, then waits the second half of its delay);
- collected -> answer sent: from then until the bot's answerCallbackQuery reaches the fake,
  i.e. the poll's way back (half the delay) and the bot's own work, including the presses
  fetched with this one and handled before it;

and prints the median of each, of the whole, and the mean interval between polls.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bot.fake_telegram import FakeTelegram  # noqa: E402
from tests.bot.test_process import bonemet_run, data_dir_in  # noqa: E402


async def trace(clinicians: int, seconds: float, delay: float) -> str:
    """Run the clinicians for `seconds`; return the line of figures."""
    loop = asyncio.get_running_loop()
    presses: list[tuple[float, int, str]] = []  # when pressed, update id, callback query id
    async with FakeTelegram(delay=delay) as fake:
        with tempfile.TemporaryDirectory() as tmp:
            async with bonemet_run(fake, data_dir_in(Path(tmp)), "bot", BONEMET_RATE_LIMIT="0"):

                async def clinician(user: int) -> None:
                    rng = random.Random(user)  # noqa: S311 - choosing answers, not keys
                    fake.private_chat(user, f"Dr {user}", "fr")
                    await asyncio.sleep(rng.random() * 0.5)
                    end = loop.time() + seconds
                    while loop.time() < end:
                        await fake.send_text(user, user, "/sins")
                        question = await fake.wait_for_bot_message(
                            user, contains="Question 1/", timeout=30
                        )
                        while True:
                            shown = fake.message(user, question.message_id)
                            answers = [
                                b for b in shown.buttons if b.get("callback_data", "")[:2] == "a|"
                            ]
                            if not answers:
                                break
                            edits = shown.edit_count
                            sent = loop.time()
                            data = rng.choice(answers)["callback_data"]
                            press = fake.make_callback_update(
                                user, user, question.message_id, data
                            )["callback_query"]
                            update_id = await fake.send_update("callback_query", press)
                            query = str(press["id"])
                            presses.append((sent, update_id, query))
                            await fake.wait_for_answer(query, timeout=30)
                            await fake.wait_for_edit(user, question.message_id, edits, timeout=30)

                await asyncio.gather(*(clinician(5000 + n) for n in range(clinicians)))
        answered = {
            call.params.get("callback_query_id"): call.time
            for call in fake.calls
            if call.method == "answerCallbackQuery"
        }
        collected = fake.collected
        polls = [call.time for call in fake.calls if call.method == "getUpdates"]
    waits, work, whole = [], [], []
    for sent, update_id, query in presses:
        if update_id in collected and query in answered:
            waits.append(1000 * (collected[update_id] - sent))
            work.append(1000 * (answered[query] - collected[update_id]))
            whole.append(1000 * (answered[query] - sent))
    interval = 1000 * (polls[-1] - polls[0]) / max(1, len(polls) - 1)
    return (
        f"presses {len(whole)}; medians: press -> collected {statistics.median(waits):.0f} ms, "
        f"collected -> answer sent {statistics.median(work):.0f} ms "
        f"(of which {500 * delay:.0f} ms the poll's way back), "
        f"press -> answer sent {statistics.median(whole):.0f} ms; "
        f"a poll every {interval:.0f} ms"
    )


def main() -> None:
    """Parse the options, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinicians", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds per Bot API call")
    args = parser.parse_args()
    print(asyncio.run(trace(args.clinicians, args.seconds, args.delay)))


if __name__ == "__main__":
    main()
