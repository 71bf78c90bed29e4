"""Benchmark of the bot's Telegram plumbing: many clinicians tapping through SINS at once.

Run from the repository root (about 2 minutes with the defaults)::

    /tmp/venv/bin/python bench/bench_bot.py
    /tmp/venv/bin/python bench/bench_bot.py --clients 20 --seconds 3 --configs stock,ours

Not a test: it prints figures and asserts nothing.

The bot (the real handlers, bot.app.BonemetBot) runs in this process, by long polling, and
nothing else does, so ``time.process_time()`` here is the bot's CPU. The fake Telegram server
(tests/bot/fake_telegram.py, 50 ms of latency per Bot API call) and the scripted clinicians
run in a child process (this script with ``--driver``). Each clinician, in their own private
chat, sends /sins and presses one answer button after another, each press as soon as the
previous one's callback answer and edit have arrived, then starts again, for ``--seconds``;
the clinicians then finish the action in progress (so slow configurations drain their queue).

Configurations:

* ``stock``: python-telegram-bot as ApplicationBuilder makes it: one update at a time,
  default HTTPXRequest (256 connections), no rate limiter; same handlers.
* ``ours``: bot.app.build_application as it is (per-chat concurrency, bot/ratelimit.py at
  BONEMET_RATE_LIMIT=30 messages/s, bot/transport.py's aiohttp client, 16 connections).
* ``uncapped``: the same with BONEMET_RATE_LIMIT=0 (the bot's own capacity).
* ``p8`` / ``p16`` / ``p64`` / ``p256`` (and ``p32``, not run by default): the same pieces
  as build_application but no overall rate cap (BONEMET_RATE_LIMIT=0), so that many requests
  are in flight, and an HTTPXRequest with that many connections: what the pool costs.
* ``aiohttp``: the same, with bot/transport.py's aiohttp-based request class (256
  connections).

Figures per configuration: updates processed per second; press -> callback answer and
press -> edit, as the fake server receives them (p50 / p95 / max, in ms); the bot's CPU
milliseconds per update; the driver's CPU use (if near 100 %, the figures are the driver's
limit, not the bot's); handler errors (e.g. pool timeouts).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the fake server lives in tests/, not in the package

from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    ContextTypes,
)
from telegram.request import BaseRequest, HTTPXRequest  # noqa: E402

from bot.app import BonemetBot, build_application  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.main import ALLOWED_UPDATES  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.transport import AiohttpRequest  # noqa: E402
from tests.bot.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

LATENCY = 0.05  # seconds per Bot API call, by default
WAIT = 120.0  # seconds a scripted clinician waits for anything before giving up

App = Application[Any, Any, Any, Any, Any, Any]


# --------------------------------------------------------------------------------------------
# The bot under test (this process)
# --------------------------------------------------------------------------------------------


def build_stock(settings: Settings) -> tuple[App, BonemetBot]:
    """python-telegram-bot's defaults (sequential updates, default request), our handlers."""
    bonemet = BonemetBot(settings, Store.in_data_dir(settings.bonemet_data_dir))
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(str(settings.telegram_base_url))
        .post_init(bonemet.post_init)
        .post_shutdown(bonemet.post_shutdown)
    )
    app = builder.build()
    bonemet.register(app)
    return app, bonemet


def build_with(request: Callable[[], BaseRequest]) -> Callable[[Settings], tuple[App, BonemetBot]]:
    """build_application with another request object for the Bot API calls."""

    def build(settings: Settings) -> tuple[App, BonemetBot]:
        return build_application(settings, request=request())

    return build


@dataclass(frozen=True)
class Config:
    """One way to build the bot."""

    name: str
    build: Callable[[Settings], tuple[App, BonemetBot]]
    rate_limit: float


CONFIGS = {
    "stock": Config("stock", build_stock, 30.0),
    "ours": Config("ours", build_application, 30.0),
    # build_application as it is, without the overall cap (BONEMET_RATE_LIMIT=0).
    "uncapped": Config("uncapped", build_application, 0.0),
    "p8": Config("p8", build_with(lambda: HTTPXRequest(connection_pool_size=8)), 0.0),
    "p16": Config("p16", build_with(lambda: HTTPXRequest(connection_pool_size=16)), 0.0),
    "p32": Config("p32", build_with(lambda: HTTPXRequest(connection_pool_size=32)), 0.0),
    "p64": Config("p64", build_with(lambda: HTTPXRequest(connection_pool_size=64)), 0.0),
    "p256": Config("p256", build_with(lambda: HTTPXRequest(connection_pool_size=256)), 0.0),
    "aiohttp": Config("aiohttp", build_with(lambda: AiohttpRequest(256)), 0.0),
    # With the production rate cap (30 messages/s), other pool sizes / clients:
    "ours8": Config("ours8", build_with(lambda: HTTPXRequest(connection_pool_size=8)), 30.0),
    "ours16": Config("ours16", build_with(lambda: HTTPXRequest(connection_pool_size=16)), 30.0),
    "ours-aio": Config("ours-aio", build_with(lambda: AiohttpRequest(64)), 30.0),
}


DEFAULT_CONFIGS = ("stock", "ours", "p8", "p16", "p64", "p256", "aiohttp")


@dataclass
class Row:
    """The figures of one run."""

    config: str
    clients: int
    updates: int
    seconds: float
    answer_ms: list[float]
    edit_ms: list[float]
    bot_cpu: float
    driver_cpu: float
    errors: Counter[str] = field(default_factory=Counter)
    timeouts: int = 0
    rejected: int = 0


async def run_config(config: Config, clients: int, seconds: float, latency: float) -> Row:
    """Start a driver, run the bot against it for `seconds`, return the figures."""
    driver = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        "--driver",
        "--clients",
        str(clients),
        "--seconds",
        str(seconds),
        "--latency",
        str(latency),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
    )
    if driver.stdin is None or driver.stdout is None:
        raise RuntimeError("the driver's pipes are missing")
    try:
        base_url = json.loads(await driver.stdout.readline())["base_url"]
        with tempfile.TemporaryDirectory(prefix="bonemet-bench-") as data_dir:
            settings = load_settings(
                telegram_bot_token=TOKEN,
                telegram_base_url=base_url,
                bonemet_data_dir=Path(data_dir),
                bonemet_rate_limit=config.rate_limit,
                bonemet_allowed_chats=frozenset(),
            )
            app, _ = config.build(settings)
            errors: Counter[str] = Counter()

            async def count(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
                errors[type(context.error).__name__] += 1

            app.add_error_handler(count)
            await app.initialize()
            if app.post_init is not None:
                await app.post_init(app)
            await app.start()
            if app.updater is None:
                raise RuntimeError("the Application has no Updater")
            await app.updater.start_polling(
                poll_interval=0.0, timeout=10, allowed_updates=ALLOWED_UPDATES
            )
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            driver.stdin.write(b"go\n")
            await driver.stdin.drain()
            report = json.loads(await driver.stdout.readline())
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            await app.updater.stop()
            await app.stop()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)
            await app.shutdown()
        driver.stdin.write(b"stop\n")
        await driver.stdin.drain()
        await asyncio.wait_for(driver.wait(), 30)
    finally:
        if driver.returncode is None:
            driver.kill()
            await driver.wait()
    return Row(
        config.name,
        clients,
        report["updates"],
        wall,
        report["answer_ms"],
        report["edit_ms"],
        cpu,
        report["driver_cpu"],
        errors,
        report["timeouts"],
        report["rejected"],
    )


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; NaN if empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


COLUMNS = (
    f"{'config':<8} {'N':>3} {'upd':>5} {'upd/s':>6}  "
    f"{'answer p50/p95/max ms':>22}  {'edit p50/p95/max ms':>22}  "
    f"{'bot CPU ms/upd':>14} {'driver CPU':>10}  errors"
)


def print_header() -> None:
    """The table's header."""
    print(COLUMNS)
    print("-" * len(COLUMNS), flush=True)


def print_row(r: Row) -> None:
    """The figures of one run, as a line of the table."""
    answer = "/".join(f"{pct(r.answer_ms, q):.0f}" for q in (50, 95, 100))
    edit = "/".join(f"{pct(r.edit_ms, q):.0f}" for q in (50, 95, 100))
    per_update = 1000 * r.bot_cpu / r.updates if r.updates else float("nan")
    errors = ", ".join(f"{k} x{v}" for k, v in r.errors.items()) or "-"
    if r.timeouts:
        errors += f"; clinicians timed out: {r.timeouts}"
    if r.rejected:
        errors += f"; calls refused by the fake: {r.rejected}"
    print(
        f"{r.config:<8} {r.clients:>3} {r.updates:>5} {r.updates / r.seconds:>6.1f}  "
        f"{answer:>22}  {edit:>22}  {per_update:>14.2f} "
        f"{100 * r.driver_cpu / r.seconds:>9.0f}%  {errors}",
        flush=True,
    )


async def bench(configs: list[str], clients: list[int], seconds: float, latency: float) -> None:
    """Run every configuration with every number of clinicians, printing a line for each."""
    print(
        f"{sys.implementation.name} {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        f"latency {latency * 1000:.0f} ms per Bot API call; {seconds:g} s of tapping per run\n",
        flush=True,
    )
    print_header()
    for n in clients:
        for name in configs:
            print_row(await run_config(CONFIGS[name], n, seconds, latency))


# --------------------------------------------------------------------------------------------
# The driver (child process): the fake Telegram server and the scripted clinicians
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the clinicians measured."""

    updates: int = 0
    timeouts: int = 0
    answer_ms: list[float] = field(default_factory=list)
    edit_ms: list[float] = field(default_factory=list)


async def clinician(fake: FakeTelegram, user_id: int, deadline: float, tally: Tally) -> None:
    """/sins, then a random answer per question as fast as the bot allows, until `deadline`."""
    rng = random.Random(user_id)  # noqa: S311 - choosing answers, not keys
    fake.private_chat(user_id, f"Dr {user_id}", "fr")
    last = 0
    try:
        while time.perf_counter() < deadline:
            await fake.send_text(user_id, user_id, "/sins")
            message = await fake.wait_for_bot_message(
                user_id, contains="Question 1/6", after_message_id=last, timeout=WAIT
            )
            tally.updates += 1
            for _ in range(6):
                if time.perf_counter() >= deadline:
                    return
                stored = fake.message(user_id, message.message_id)
                edits = stored.edit_count
                answers = [b for b in stored.buttons if b.get("callback_data", "")[:2] == "a|"]
                pressed = time.perf_counter()
                query = await fake.press(
                    user_id, user_id, message.message_id, rng.choice(answers)["callback_data"]
                )
                await fake.wait_for_answer(query, timeout=WAIT)
                tally.answer_ms.append(1000 * (time.perf_counter() - pressed))
                await fake.wait_for_edit(user_id, message.message_id, edits, timeout=WAIT)
                tally.edit_ms.append(1000 * (time.perf_counter() - pressed))
                tally.updates += 1
            result = await fake.wait_for_bot_message(
                user_id, contains="Total :", after_message_id=message.message_id, timeout=WAIT
            )
            last = result.message_id
    except AssertionError:  # a wait timed out: count it, stop this clinician
        tally.timeouts += 1


async def drive(clients: int, seconds: float, latency: float) -> None:
    """Serve the fake; on "go" run the clinicians and report; on "stop" shut down."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    async with FakeTelegram(delay=latency) as fake:
        print(json.dumps({"base_url": fake.base_url}), flush=True)
        await reader.readline()  # go
        tally = Tally()
        cpu = time.process_time()
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(clinician(fake, 1000 + i, deadline, tally) for i in range(clients)))
        report = {
            "updates": tally.updates,
            "timeouts": tally.timeouts,
            "answer_ms": tally.answer_ms,
            "edit_ms": tally.edit_ms,
            "driver_cpu": time.process_time() - cpu,
            "rejected": len(fake.rejected),
        }
        print(json.dumps(report), flush=True)
        await reader.readline()  # stop: the bot has shut down


def main() -> None:
    """Parse the command line; run the benchmark, or the driver."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", default="20,50", help="clinician counts (default 20,50)")
    parser.add_argument("--seconds", type=float, default=4.0, help="tapping time per run")
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds per API call")
    parser.add_argument(
        "--configs",
        default=",".join(DEFAULT_CONFIGS),
        help=f"configurations to run, among {','.join(CONFIGS)}",
    )
    parser.add_argument("--driver", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    clients = [int(n) for n in args.clients.split(",")]
    if args.driver:
        asyncio.run(drive(clients[0], args.seconds, args.latency))
        return
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configurations {unknown}; choose among {list(CONFIGS)}")
    # As in production (bot/main.py), but to /dev/null: the bot's INFO lines are formatted.
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=open(os.devnull, "w"),  # noqa: SIM115 - for the life of the process
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(bench(configs, clients, args.seconds, args.latency))


if __name__ == "__main__":
    main()
