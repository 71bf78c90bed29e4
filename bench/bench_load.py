"""Load benchmark: `bonemet run` against the stock python-telegram-bot bot, one table.

Run from the repository root, in the project's virtual environment with the test extras
(about 6 minutes with the defaults; ``--quick`` for a smoke run of about 2 minutes)::

    python bench/bench_load.py
    python bench/bench_load.py --quick
    python bench/bench_load.py --scenarios A,B --seconds 10 --seed 2

Not a test: it prints figures and asserts nothing (tests/test_bench_load.py runs a tiny
configuration end to end).

This process runs the fake Telegram Bot API server (tests/bot/fake_telegram.py) and the
scripted users; every bot is a separate process talking to it over loopback, started
afresh for each scenario with an empty data directory, its stderr going to a file:

* ``stock``: bench/stock_bot.py, python-telegram-bot as ApplicationBuilder makes it (one
  update at a time, default HTTPXRequest, no rate limiter, dialogues in a dict), with
  bonemet's dialogue shape and catalogue;
* ``bonemet-nocap``: ``bonemet run`` with BONEMET_RATE_LIMIT=0 (the bot's own capacity);
* ``bonemet``: ``bonemet run`` with the default overall cap (BONEMET_RATE_LIMIT unset).

Each scripted user runs one complete dialogue: a score drawn (seeded) among the six, in a
private chat, or for 3 users in 15 in a group of 3 members who start together (``/id@bot``),
pressing a random answer button (callback data ``a|...``) as soon as the previous action got
its callback answer and its reply. Scenarios:

* A: 50 ms per Bot API call, ``--users`` 200, 20 in flight;
* B: no added latency, 1000 users, 100 in flight;
  (A and B: after ``--seconds`` no new user starts, users in progress finish);
* C: no added latency, ``--burst`` 10,000 users each send /sins at once; wait until every
  one has question 1 (or ``--burst-seconds``, 30), drop the updates the bot has not
  fetched by then, wait until it is idle (at most 20 s, else "busy"); memory before (RSS
  after start-up and one warm-up dialogue), peak (VmHWM) and after (RSS, idle again),
  kept per open dialogue = (after - before) / dialogues opened (question 1 received);
* D: cold start of ``bonemet score sins 3+3+2+2+3+1`` against ``python -c "from pydantic
  import BaseModel"`` (bench/bench_cold.py's ``measure`` when present).

Figures: updates/s = user actions answered (command or press: callback answer and reply
both arrived) / wall time until the last user finished; tap -> reply = action sent ->
the fake applies its reply (question 1, the next question's edit, or the result message);
Bot API calls per action = the bot's calls other than getUpdates / user actions sent, and
the most calls made for one press between two questions (calls attributed to a user by
chat, message, reply and callback query, counted until the user's next action); CPU per
update from /proc/<pid>/stat (utime + stime, descendants and reaped children included)
until the bot is idle after the run; errors = calls the fake refused (fake.rejected),
crashes of the fake, callback queries never answered or answered twice, users who waited
more than 60 s for something (in C: whose command was fetched but never got question 1),
replies that were neither a question nor a result (e.g. an error message). The driver's
CPU is printed too: near 100 %, the driver was the limit, not the bot. Every bot's stderr
is kept in ``--logs`` (a temporary directory by default, named at the end); no figure
comes from it.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import functools
import importlib.util
import logging
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the fake server lives in tests/, not in the package

from aiohttp import web  # noqa: E402

from scoring import SCORES  # noqa: E402
from tests.bot.fake_telegram import (  # noqa: E402
    BOT_USERNAME,
    TOKEN,
    ApiCall,
    FakeTelegram,
    StoredMessage,
)

JSON = dict[str, Any]

WAIT = 60.0
"""Seconds a scripted user waits for a reply before giving up (counted as timed out)."""
STARTUP = 30.0
"""Seconds a bot process may take to start and fall idle."""
CLK_TCK = os.sysconf("SC_CLK_TCK")
SCORE_IDS = tuple(score.id for score in SCORES)
GROUP_EVERY, GROUP_SIZE = 15, 3
"""GROUP_SIZE users in every GROUP_EVERY share a group chat (1 in 5), the rest are alone."""


# --------------------------------------------------------------------------------------------
# The bots
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bot:
    """A bot under test: its command line and extra environment."""

    key: str
    title: str
    legend: str
    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()


def bonemet_command() -> tuple[str, ...]:
    """`bonemet run` through this environment's console script."""
    script = Path(sys.executable).parent / "bonemet"
    if script.exists():
        return (str(script), "run")
    found = shutil.which("bonemet")
    return (found, "run") if found else (sys.executable, "-m", "bonemet", "run")


BOTS = {
    "stock": Bot(
        "stock",
        "stock PTB",
        "bench/stock_bot.py (python-telegram-bot as ApplicationBuilder makes it)",
        (sys.executable, str(ROOT / "bench" / "stock_bot.py")),
    ),
    "bonemet-nocap": Bot(
        "bonemet-nocap",
        "bm cap=0",
        "bonemet run, BONEMET_RATE_LIMIT=0",
        bonemet_command(),
        (("BONEMET_RATE_LIMIT", "0"),),
    ),
    "bonemet": Bot(
        "bonemet",
        "bm default",
        "bonemet run, default overall cap (BONEMET_RATE_LIMIT unset)",
        bonemet_command(),
    ),
}


def bot_env(data_dir: Path, base_url: str, extra: Sequence[tuple[str, str]]) -> dict[str, str]:
    """This environment without any TELEGRAM_* / BONEMET_* setting, plus the bot's own."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("TELEGRAM_", "BONEMET_"))
    }
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=base_url, BONEMET_DATA_DIR=str(data_dir))
    env.update(extra)
    return env


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its descendants (and of their reaped children)."""
    ticks = 0
    for member in process_tree(pid):
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += sum(int(value) for value in fields[11:15])
    return ticks / CLK_TCK


def memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of `pid`, in bytes."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) * 1024
    return values["VmRSS"], values["VmHWM"]


class BotProcess:
    """A bot running as a child process against `fake`."""

    def __init__(self, bot: Bot, fake: BenchFake, workdir: Path, log: Path) -> None:
        """Nothing runs until start()."""
        self.bot, self.fake, self.workdir, self.log = bot, fake, workdir, log
        self.process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        """The process id."""
        if self.process is None:
            raise RuntimeError("not started")
        return self.process.pid

    async def start(self, quiet: float) -> None:
        """Start the process; return once it polls and has been idle for `quiet` seconds."""
        data_dir = self.workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as stderr:
            self.process = await asyncio.create_subprocess_exec(
                *self.bot.command,
                env=bot_env(data_dir, self.fake.base_url, self.bot.env),
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        polling = asyncio.ensure_future(self.fake.first_poll.wait())
        exited = asyncio.ensure_future(self.process.wait())
        done, _ = await asyncio.wait(
            (polling, exited), timeout=STARTUP, return_when=asyncio.FIRST_COMPLETED
        )
        polling.cancel()
        exited.cancel()
        if polling not in done:
            raise RuntimeError(f"{self.bot.key} did not start; see {self.log}")
        await self.fake.wait_until_idle(quiet=quiet, timeout=STARTUP)

    async def alongside(self, work: Awaitable[None]) -> None:
        """Run `work`; if the bot exits meanwhile, cancel it and say so."""
        if self.process is None:
            raise RuntimeError("not started")
        running = asyncio.ensure_future(work)
        exited = asyncio.ensure_future(self.process.wait())
        await asyncio.wait((running, exited), return_when=asyncio.FIRST_COMPLETED)
        if not running.done():
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            raise RuntimeError(f"{self.bot.key} exited ({exited.result()}); see {self.log}")
        exited.cancel()
        running.result()

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL after 5 s (stock PTB works through its queue first)."""
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 5.0)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


# --------------------------------------------------------------------------------------------
# The fake server, observed
# --------------------------------------------------------------------------------------------


def answer_keys(message: StoredMessage) -> tuple[str, ...]:
    """The callback data of the message's answer buttons."""
    return tuple(
        data
        for button in message.buttons
        if isinstance(data := button.get("callback_data"), str) and data.startswith("a|")
    )


class BenchFake(FakeTelegram):
    """The fake, telling `observer` at once what the bot sent, edited and answered, so that
    the users wait on futures instead of re-checking predicates at every change."""

    def __init__(self, *, delay: float) -> None:
        """A fake with `delay` seconds per Bot API call."""
        super().__init__(delay=delay)
        self.observer: Observer | None = None
        self.first_poll = asyncio.Event()
        self.answered_twice = 0

    def _store(self, message: StoredMessage) -> StoredMessage:
        stored = super()._store(message)
        if stored.from_bot and self.observer is not None:
            self.observer.sent(stored)
        return stored

    def _apply_edit(self, stored: StoredMessage, plain: str, **changes: Any) -> JSON:
        result = super()._apply_edit(stored, plain, **changes)
        if self.observer is not None:
            self.observer.edited(stored)
        return result

    async def _answer_callback_query(self, params: JSON, request: web.Request) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if self.callback_answers.get(query_id) is not None:
            self.answered_twice += 1
        answered = await super()._answer_callback_query(params, request)
        if self.observer is not None:
            self.observer.answered(query_id)
        return answered

    async def _get_updates(self, params: JSON, request: web.Request) -> list[JSON]:
        self.first_poll.set()
        return await super()._get_updates(params, request)

    def drop_unfetched(self) -> int:
        """Forget the updates the bot has not fetched yet; return how many."""
        kept = [u for u in self._pending if u["update_id"] <= self._delivered_up_to]
        dropped = len(self._pending) - len(kept)
        self._pending = kept
        return dropped


@dataclass(frozen=True)
class Plan:
    """One scripted user: who, where, which score."""

    user: int
    chat: int
    score: str
    lang: str

    @property
    def command(self) -> str:
        """The command that starts the score."""
        return f"/{self.score}@{BOT_USERNAME}" if self.chat < 0 else f"/{self.score}"


def plan_users(count: int, seed: int) -> list[Plan]:
    """`count` users; GROUP_SIZE in every GROUP_EVERY share a group (listed together)."""
    rng = random.Random(seed)  # noqa: S311 - a benchmark's script, not a secret
    plans = []
    for index in range(count):
        user = 100_000 + index
        grouped = index % GROUP_EVERY < GROUP_SIZE
        chat = -(1_000_000 + index // GROUP_EVERY) if grouped else user
        plans.append(Plan(user, chat, rng.choice(SCORE_IDS), rng.choice(("fr", "fr", "en"))))
    return plans


@dataclass
class User:
    """A scripted user's state while the run lasts."""

    plan: Plan
    rng: random.Random
    question: StoredMessage | None = None
    keys: tuple[str, ...] = ()
    result: StoredMessage | None = None
    reply: asyncio.Future[float] | None = None
    answer: asyncio.Future[float] | None = None
    actions: list[float] = field(default_factory=list)
    """When each action was sent (event-loop time)."""
    between: list[bool] = field(default_factory=list)
    """For each action: a press answered by the next question."""


def settle(future: asyncio.Future[float] | None, now: float) -> None:
    """Resolve `future` with the time `now`, if it is still waiting."""
    if future is not None and not future.done():
        future.set_result(now)


@dataclass
class Tally:
    """What one bot did in one scenario."""

    sent: int = 0
    done: int = 0
    started: int = 0
    finished: int = 0
    timed_out: int = 0
    unexpected: int = 0
    latencies: list[float] = field(default_factory=list)
    elapsed: float = math.nan
    calls: int = 0
    press_calls: list[int] = field(default_factory=list)
    cpu: float = math.nan
    driver_cpu: float = math.nan
    idle: bool = True
    rss_before: int = 0
    rss_peak: int = 0
    rss_after: int = 0
    opened: int = 0
    burst_seconds: float = math.nan
    dropped: int = 0
    rejected: int = 0
    fake_errors: int = 0
    unanswered: int = 0
    answered_twice: int = 0

    @property
    def errors(self) -> int:
        """Everything that should not happen, summed."""
        return (
            self.rejected
            + self.fake_errors
            + self.unanswered
            + self.answered_twice
            + self.timed_out
            + self.unexpected
        )


class Observer:
    """The scripted users, and what the fake tells about the bot's calls."""

    def __init__(self, fake: BenchFake, seed: int) -> None:
        """Users are added by run_user and burst."""
        self.fake, self.seed = fake, seed
        self.loop = asyncio.get_running_loop()
        self.private: dict[int, User] = {}
        self.by_message: dict[tuple[int, int], User] = {}
        self.queries: dict[str, User] = {}
        self.all_queries: dict[str, User] = {}
        self.users: list[User] = []
        self.tally = Tally()
        self.questions = 0
        self.questions_wanted = -1
        self.last_question = math.nan
        self.all_questions = asyncio.Event()
        fake.observer = self

    # -- what the fake reports -------------------------------------------------------------

    def sent(self, message: StoredMessage) -> None:
        """The bot sent a message: question 1 (or a new question message), or a result."""
        chat = message.chat.id
        if chat > 0:
            user = self.private.get(chat)
        else:
            reply_to = message.reply_to
            user = None if reply_to is None else self.by_message.get((chat, reply_to.message_id))
        if user is None:
            return  # e.g. a record block following a result, as a reply to the result
        now, keys = self.loop.time(), answer_keys(message)
        if keys:
            if user.question is None:
                self.questions += 1
                self.last_question = now
                if self.questions == self.questions_wanted:
                    self.all_questions.set()
            user.question, user.keys = message, keys
            self.by_message[(chat, message.message_id)] = user
            settle(user.reply, now)
        elif user.question is not None and user.result is None:
            user.result = message
            if "Total" not in message.plain_text and "Grade" not in message.plain_text:
                self.tally.unexpected += 1
            settle(user.reply, now)
        elif user.result is None:
            self.tally.unexpected += 1  # neither a question nor a result

    def edited(self, message: StoredMessage) -> None:
        """The bot edited a message: the next question, if its answer buttons changed."""
        user = self.by_message.get((message.chat.id, message.message_id))
        if user is None or user.question is not message:
            return
        keys = answer_keys(message)
        if keys and keys != user.keys:
            user.keys = keys
            settle(user.reply, self.loop.time())

    def answered(self, query_id: str) -> None:
        """The bot answered a callback query."""
        user = self.queries.pop(query_id, None)
        if user is not None:
            settle(user.answer, self.loop.time())

    # -- the users -------------------------------------------------------------------------

    def add(self, plan: Plan) -> User:
        """Register the user and their chat with the fake."""
        fake = self.fake
        user = User(plan, random.Random(self.seed * 1_000_003 + plan.user))  # noqa: S311
        if plan.chat > 0:
            fake.private_chat(plan.user, f"Dr {plan.user}", plan.lang)
            self.private[plan.chat] = user
        else:
            fake.group_chat(plan.chat, f"RCP {-plan.chat}")
            fake.add_member(plan.chat, plan.user, f"Dr {plan.user}", plan.lang)
        self.users.append(user)
        return user

    async def command(self, user: User) -> None:
        """Send the user's command (registering it so that a reply to it is theirs)."""
        plan = user.plan
        user.reply = self.loop.create_future()
        user.actions.append(self.loop.time())
        self.tally.sent += 1
        await self.fake.send_text(plan.chat, plan.user, plan.command)
        if plan.chat < 0:
            # send_text does not suspend: the last message is the command just sent.
            self.by_message[(plan.chat, self.fake.last_message_id(plan.chat))] = user

    async def press(self, user: User, data: str) -> None:
        """Press an answer button of the user's question."""
        plan, question = user.plan, user.question
        if question is None:
            raise RuntimeError("no question to answer")
        user.reply = self.loop.create_future()
        user.answer = self.loop.create_future()
        user.actions.append(self.loop.time())
        self.tally.sent += 1
        query = await self.fake.press(plan.chat, plan.user, question.message_id, data)
        self.queries[query] = self.all_queries[query] = user

    async def outcome(self, user: User) -> bool:
        """Wait for the action's reply (and callback answer); record the latency."""
        waits = [f for f in (user.reply, user.answer) if f is not None]
        try:
            async with asyncio.timeout(WAIT):
                replied = await waits[0]
                for other in waits[1:]:
                    await other
        except TimeoutError:
            self.tally.timed_out += 1
            return False
        finally:
            user.reply = user.answer = None
        self.tally.latencies.append(1000 * (replied - user.actions[-1]))
        self.tally.done += 1
        return True

    async def run_user(self, plan: Plan) -> None:
        """One complete dialogue: the command, then a random answer per question."""
        user = self.add(plan)
        self.tally.started += 1
        await self.command(user)
        user.between.append(False)
        if not await self.outcome(user):
            return
        while user.result is None:
            if not user.keys:
                self.tally.unexpected += 1
                return
            await self.press(user, user.rng.choice(user.keys))
            ok = await self.outcome(user)
            user.between.append(ok and user.result is None)
            if not ok:
                return
        self.tally.finished += 1

    # -- Bot API calls ---------------------------------------------------------------------

    def owner(self, call: ApiCall) -> User | None:
        """The user a call of the bot was made for."""
        params = call.params
        if "callback_query_id" in params:
            return self.all_queries.get(str(params["callback_query_id"]))
        chat = params.get("chat_id")
        if not isinstance(chat, int):
            return None
        if chat > 0:
            return self.private.get(chat)
        message_id = params.get("message_id")
        if message_id is None:
            reply = params.get("reply_parameters")
            message_id = (
                reply.get("message_id")
                if isinstance(reply, dict)
                else params.get("reply_to_message_id")
            )
        return self.by_message.get((chat, message_id)) if isinstance(message_id, int) else None

    def count_calls(self, since: float) -> None:
        """Bot API calls other than getUpdates since `since`, and per press between questions."""
        calls = [c for c in self.fake.calls if c.time >= since and c.method.lower() != "getupdates"]
        self.tally.calls = len(calls)
        buckets: dict[int, list[int]] = {id(u): [0] * len(u.actions) for u in self.users}
        for call in calls:
            user = self.owner(call)
            if user is None or not user.actions:
                continue
            index = bisect.bisect_right(user.actions, call.time) - 1
            if index >= 0:
                buckets[id(user)][index] += 1
        for user in self.users:
            counts = buckets[id(user)]
            self.tally.press_calls.extend(
                n for n, between in zip(counts, user.between, strict=False) if between
            )

    def close(self) -> None:
        """The fake's own counts."""
        fake, tally = self.fake, self.tally
        tally.rejected = len(fake.rejected)
        tally.fake_errors = len(fake.errors)
        tally.unanswered = len(fake.unanswered_callbacks())
        tally.answered_twice = fake.answered_twice


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """A dialogue scenario: latency per call, users, users in flight, time budget."""

    latency: float
    users: int
    in_flight: int
    seconds: float


async def warm_up(observer: Observer) -> None:
    """One user gets question 1 of SINS: first-use costs stay out of the figures."""
    user = observer.add(Plan(99_999, 99_999, "sins", "fr"))
    await observer.command(user)
    await observer.outcome(user)
    observer.tally = Tally()
    observer.users.remove(user)
    observer.questions = 0


async def dialogues(observer: Observer, load: Load, seed: int) -> None:
    """Users start as slots free up, until all have or the time budget is spent."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + load.seconds
    slots = asyncio.Semaphore(load.in_flight)
    tasks = []
    for plan in plan_users(load.users, seed):
        await slots.acquire()
        if loop.time() >= deadline:
            slots.release()
            break
        task = asyncio.create_task(observer.run_user(plan))
        task.add_done_callback(lambda _: slots.release())
        tasks.append(task)
    await asyncio.gather(*tasks)


async def burst(observer: Observer, count: int, seconds: float) -> None:
    """`count` users send /sins at once; wait until each has question 1 or `seconds`, then
    forget the updates the bot has not fetched."""
    observer.questions_wanted = count
    for index in range(count):
        user = observer.add(Plan(200_000 + index, 200_000 + index, "sins", "fr"))
        await observer.command(user)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(observer.all_questions.wait(), seconds)
    observer.tally.dropped = observer.fake.drop_unfetched()


def burst_done(observer: Observer) -> None:
    """Once the bot is idle: how many dialogues it opened, and when the last one."""
    tally = observer.tally
    tally.opened = observer.questions
    tally.timed_out = len(observer.users) - observer.questions - tally.dropped
    if observer.users:
        tally.burst_seconds = observer.last_question - observer.users[0].actions[0]


async def measure_bot(
    bot: Bot,
    *,
    latency: float,
    seed: int,
    logs: Path,
    label: str,
    work: Callable[[Observer], Awaitable[None]],
    drain: float,
    quiet: float,
) -> Tally:
    """Start `bot` against a fresh fake, warm it up, run `work`, and measure."""
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory(prefix="bonemet-load-") as workdir:
        async with BenchFake(delay=latency) as fake:
            process = BotProcess(bot, fake, Path(workdir), logs / f"{label}-{bot.key}.stderr")
            try:
                await process.start(quiet)
                observer = Observer(fake, seed)
                await warm_up(observer)
                await fake.wait_until_idle(quiet=quiet, timeout=STARTUP)
                tally = observer.tally
                tally.rss_before = memory(process.pid)[0]
                cpu, driver, start = cpu_seconds(process.pid), time.process_time(), loop.time()
                await process.alongside(work(observer))
                tally.elapsed = loop.time() - start
                try:
                    await fake.wait_until_idle(quiet=quiet, timeout=drain)
                except AssertionError:
                    tally.idle = False
                tally.cpu = cpu_seconds(process.pid) - cpu
                tally.driver_cpu = (time.process_time() - driver) / (loop.time() - start)
                tally.rss_after, tally.rss_peak = memory(process.pid)
                observer.count_calls(start)
                observer.close()
                if observer.questions_wanted > 0:
                    burst_done(observer)
            finally:
                fake.observer = None
                await process.stop()
    return tally


def cold_start(runs: int) -> dict[str, float]:
    """bench/bench_cold.py's measure(runs) if it is there, else the same measured here."""
    path = ROOT / "bench" / "bench_cold.py"
    if path.exists():
        spec = importlib.util.spec_from_file_location("bench_cold", path)
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            figures: dict[str, float] = module.measure(runs)
            return figures
    calculator = [*bonemet_command()[:-1], "score", "sins", "3+3+2+2+3+1"]
    pydantic = [sys.executable, "-c", "from pydantic import BaseModel"]
    times: dict[str, list[float]] = {"bonemet": [], "pydantic": []}
    for _ in range(runs):
        for name, command in (("bonemet", calculator), ("pydantic", pydantic)):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
            times[name].append(time.perf_counter() - started)
    bonemet, pyd = statistics.median(times["bonemet"]), statistics.median(times["pydantic"])
    return {"bonemet_s": bonemet, "pydantic_s": pyd, "ratio": bonemet / pyd}


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; NaN if empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def per_bot(tallies: dict[str, Tally], figure: Callable[[Tally], float]) -> dict[str, float]:
    """A figure of every bot's tally, by bot."""
    return {key: figure(tally) for key, tally in tallies.items()}


def per(numerator: float, denominator: float) -> float:
    """A ratio, NaN when the denominator is zero."""
    return numerator / denominator if denominator else math.nan


MIB = 1024 * 1024


@dataclass
class Row:
    """One line of the table: a figure for each bot, the ratios, a target and its verdict."""

    label: str
    values: dict[str, float]
    digits: int = 1
    ratio: bool = True
    target: str = ""
    met: Callable[[str], bool | None] | None = None
    notes: dict[str, str] = field(default_factory=dict)


def scenario_rows(tallies: dict[str, Tally], load: Load) -> list[Row]:
    """The rows of a dialogue scenario (A or B)."""

    each = functools.partial(per_bot, tallies)

    return [
        Row("users started", each(lambda t: t.started), 0, ratio=False),
        Row("dialogues completed", each(lambda t: t.finished), 0, ratio=False),
        Row("updates (actions answered)", each(lambda t: t.done), 0, ratio=False),
        Row("updates/s", each(lambda t: per(t.done, t.elapsed))),
        Row("tap -> reply p50 ms", each(lambda t: pct(t.latencies, 50)), 0),
        Row("tap -> reply p95 ms", each(lambda t: pct(t.latencies, 95)), 0),
        Row("tap -> reply p99 ms", each(lambda t: pct(t.latencies, 99)), 0),
        Row("Bot API calls per action", each(lambda t: per(t.calls, t.sent)), 2),
        Row(
            "max calls per press (between qs)",
            each(lambda t: max(t.press_calls, default=math.nan)),
            0,
        ),
        Row("CPU ms per update", each(lambda t: 1000 * per(t.cpu, t.done)), 2),
        Row("peak RSS MiB", each(lambda t: t.rss_peak / MIB)),
        Row("driver CPU % (fake + users)", each(lambda t: 100 * t.driver_cpu), 0, ratio=False),
        *error_rows(tallies),
    ]


def error_rows(tallies: dict[str, Tally], timed_out: str = "users timed out") -> list[Row]:
    """The error counts."""

    each = functools.partial(per_bot, tallies)

    return [
        Row("calls refused by the fake", each(lambda t: t.rejected), 0, ratio=False),
        Row("fake crashes", each(lambda t: t.fake_errors), 0, ratio=False),
        Row("unanswered callback queries", each(lambda t: t.unanswered), 0, ratio=False),
        Row("callback queries answered twice", each(lambda t: t.answered_twice), 0, ratio=False),
        Row(timed_out, each(lambda t: t.timed_out), 0, ratio=False),
        Row("unexpected replies", each(lambda t: t.unexpected), 0, ratio=False),
    ]


def add_targets_a(rows: list[Row]) -> None:
    """Target A: >= 20x stock's throughput, tap -> reply p50 < 90 ms."""
    by = {row.label: row for row in rows}
    stock = by["updates/s"].values.get("stock", math.nan)
    by["updates/s"].target = ">= 20x stock"
    by["updates/s"].met = lambda key: by["updates/s"].values[key] >= 20 * stock
    by["tap -> reply p50 ms"].target = "< 90 ms"
    by["tap -> reply p50 ms"].met = lambda key: by["tap -> reply p50 ms"].values[key] < 90


def add_targets_b(rows: list[Row]) -> None:
    """Target B: >= 2x throughput at <= 0.5x CPU per update, <= 2 calls per press, no errors."""
    by = {row.label: row for row in rows}

    def ratio_at_least(label: str, factor: float, target: str) -> None:
        row = by[label]
        stock = row.values.get("stock", math.nan)
        row.target = target
        row.met = lambda key: row.values[key] >= factor * stock

    ratio_at_least("updates/s", 2, ">= 2x stock")
    cpu = by["CPU ms per update"]
    cpu.target = "<= 0.5x stock"
    cpu.met = lambda key: cpu.values[key] <= 0.5 * cpu.values.get("stock", math.nan)
    press = by["max calls per press (between qs)"]
    press.target = "<= 2"
    press.met = lambda key: press.values[key] <= 2
    for label in (
        "calls refused by the fake",
        "fake crashes",
        "unanswered callback queries",
        "callback queries answered twice",
        "users timed out",
        "unexpected replies",
    ):
        row = by[label]
        row.target = "0"
        row.met = lambda key, row=row: row.values[key] == 0


def burst_rows(tallies: dict[str, Tally], count: int) -> list[Row]:
    """The rows of the memory scenario (C)."""

    each = functools.partial(per_bot, tallies)

    peak = Row("peak RSS (VmHWM) MiB", each(lambda t: t.rss_peak / MIB), target="<= stock")
    peak.met = lambda key: peak.values[key] <= peak.values.get("stock", math.nan)
    kept = Row(
        "kept per open dialogue, bytes",
        each(lambda t: per(t.rss_after - t.rss_before, t.opened)),
        0,
        target="< 1024",
    )
    kept.met = lambda key: kept.values[key] < 1024
    kept.notes = {key: "busy" for key, tally in tallies.items() if not tally.idle}
    return [
        Row("users sending /sins at once", each(lambda t: count), 0, ratio=False),
        Row("got question 1 (open dialogues)", each(lambda t: t.opened), 0, ratio=False),
        Row("seconds until the last question 1", each(lambda t: t.burst_seconds)),
        Row("updates dropped unfetched", each(lambda t: t.dropped), 0, ratio=False),
        Row("RSS before MiB", each(lambda t: t.rss_before / MIB)),
        peak,
        Row("RSS after MiB", each(lambda t: t.rss_after / MIB), notes=kept.notes),
        kept,
        Row("driver CPU % (fake + users)", each(lambda t: 100 * t.driver_cpu), 0, ratio=False),
        *error_rows(tallies, "fetched, never got question 1"),
    ]


def cold_rows(figures: dict[str, float]) -> list[Row]:
    """The cold start: `import pydantic` in the stock column, `bonemet score` in bonemet's."""
    row = Row(
        "cold start ms (stock: pydantic)",
        {"stock": 1000 * figures["pydantic_s"], "bonemet": 1000 * figures["bonemet_s"]},
        0,
        target="<= 1.5x",
    )
    row.met = lambda key: figures["ratio"] <= 1.5
    return [row]


def render(sections: list[tuple[str, list[Row]]], keys: list[str]) -> str:
    """The whole table, as text (values, then each bonemet column / stock, target, verdicts)."""
    others = [k for k in keys if k != "stock"]
    short = {k: "cap=0" if k == "bonemet-nocap" else "default" for k in others}
    header = f"{'figure':<35}" + "".join(f"{BOTS[k].title:>12}" for k in keys)
    if "stock" in keys:
        header += "".join(f"{short[k] + '/stock':>14}" for k in others)
    header += f"  {'target':<15}met?"
    lines = [header, "-" * len(header)]
    for title, rows in sections:
        lines.append(title)
        for row in rows:
            line = f"  {row.label:<33}"
            for key in keys:
                value = row.values.get(key)
                text = "" if value is None or math.isnan(value) else f"{value:.{row.digits}f}"
                text += f" ({row.notes[key]})" if key in row.notes else ""
                line += f"{text:>12}"
            if "stock" in keys:
                stock = row.values.get("stock", math.nan)
                for key in others:
                    value = row.values.get(key, math.nan)
                    ratio = per(value, stock) if row.ratio else math.nan
                    line += f"{'' if math.isnan(ratio) else f'{ratio:.2f}x':>14}"
            if row.target:
                line += f"  {row.target:<15}"
                verdicts = []
                for key in others:
                    if key not in row.values:
                        continue
                    met = row.met(key) if row.met is not None else None
                    verdicts.append("?" if met is None else "yes" if met else "NO")
                line += "/".join(verdicts)
            lines.append(line.rstrip())
    lines.append("")
    lines += [f"{BOTS[k].title:>10} = {BOTS[k].legend}" for k in keys]
    lines.append(f"{'met?':>10} = the target, for {' / '.join(short.values())}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What to run."""

    scenarios: tuple[str, ...] = ("A", "B", "C", "D")
    bots: tuple[str, ...] = tuple(BOTS)
    seconds: float = 15.0
    users_a: int = 200
    users_b: int = 1000
    in_flight_a: int = 20
    in_flight_b: int = 100
    burst: int = 10_000
    burst_seconds: float = 30.0
    cold_runs: int = 11
    seed: int = 1
    logs: Path | None = None
    quiet: float = 0.5
    """Seconds without a Bot API call that make a bot idle."""


QUICK = {
    "seconds": 3.0,
    "users_a": 20,
    "users_b": 60,
    "in_flight_a": 5,
    "in_flight_b": 20,
    "burst": 500,
    "burst_seconds": 15.0,
    "cold_runs": 3,
}


@dataclass
class Report:
    """The figures of a run and its table."""

    tallies: dict[str, dict[str, Tally]] = field(default_factory=dict)
    cold: dict[str, float] | None = None
    table: str = ""


async def run(options: Options, echo: Callable[[str], None] = print) -> Report:
    """Run the scenarios asked for; return the figures and the table."""
    logs = options.logs or Path(tempfile.mkdtemp(prefix="bonemet-bench-load-logs-"))
    logs.mkdir(parents=True, exist_ok=True)
    report = Report()
    sections: list[tuple[str, list[Row]]] = []
    loads = {
        "A": Load(0.05, options.users_a, options.in_flight_a, options.seconds),
        "B": Load(0.0, options.users_b, options.in_flight_b, options.seconds),
    }

    async def measure_bots(
        scenario: str,
        latency: float,
        work: Callable[[Observer], Awaitable[None]],
        *,
        drain: float,
    ) -> dict[str, Tally]:
        """Every bot asked for, one after the other, through the same scenario."""
        tallies: dict[str, Tally] = {}
        for key in options.bots:
            echo(f"scenario {scenario}: {BOTS[key].title} ...")
            tallies[key] = await measure_bot(
                BOTS[key],
                latency=latency,
                seed=options.seed,
                logs=logs,
                label=scenario,
                work=work,
                drain=drain,
                quiet=options.quiet,
            )
        return tallies

    for scenario in options.scenarios:
        tallies: dict[str, Tally] = {}
        if scenario in loads:
            load = loads[scenario]

            async def work(observer: Observer, load: Load = load) -> None:
                await dialogues(observer, load, options.seed)

            tallies = await measure_bots(scenario, load.latency, work, drain=15.0)
            rows = scenario_rows(tallies, load)
            (add_targets_a if scenario == "A" else add_targets_b)(rows)
            title = (
                f"{scenario}: {1000 * load.latency:.0f} ms per Bot API call, {load.users} users, "
                f"{load.in_flight} in flight, {options.seconds:g} s to start"
            )
            sections.append((title, rows))
        elif scenario == "C":

            async def flood(observer: Observer) -> None:
                await burst(observer, options.burst, options.burst_seconds)

            tallies = await measure_bots("C", 0.0, flood, drain=20.0)
            title = f"C: no added latency, {options.burst} users send /sins at once"
            sections.append((title, burst_rows(tallies, options.burst)))
        elif scenario == "D":
            echo("scenario D: cold start ...")
            report.cold = await asyncio.to_thread(cold_start, options.cold_runs)
            sections.append(
                (f"D: cold start, median of {options.cold_runs} runs", cold_rows(report.cold))
            )
        report.tallies[scenario] = tallies
    report.table = render(sections, list(options.bots))
    report.table += f"\n\nbots' stderr: {logs}"
    return report


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--scenarios", default="A,B,C,D", help="among A,B,C,D (all)")
    parser.add_argument("--bots", default=",".join(BOTS), help=f"among {','.join(BOTS)} (all)")
    parser.add_argument("--seconds", type=float, help="time budget of A and B (15 s; quick: 3)")
    parser.add_argument("--users", type=int, help="users of A (200) and B (1000, or 5x this)")
    parser.add_argument("--burst", type=int, help="users of C (10,000; quick: 500)")
    parser.add_argument(
        "--burst-seconds", type=float, help="longest wait for C's questions (30 s; quick: 15)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the users' choices (1)")
    parser.add_argument("--logs", type=Path, help="directory for the bots' stderr (a temp dir)")
    args = parser.parse_args(argv)
    values: dict[str, Any] = dict(QUICK) if args.quick else {}
    if args.seconds is not None:
        values["seconds"] = args.seconds
    if args.users is not None:
        values["users_a"], values["users_b"] = args.users, 5 * args.users
    if args.burst is not None:
        values["burst"] = args.burst
    if args.burst_seconds is not None:
        values["burst_seconds"] = args.burst_seconds
    scenarios = tuple(s.strip().upper() for s in args.scenarios.split(",") if s.strip())
    bots = tuple(b.strip() for b in args.bots.split(",") if b.strip())
    if unknown := [s for s in scenarios if s not in "ABCD"] + [b for b in bots if b not in BOTS]:
        parser.error(f"unknown scenarios or bots: {unknown}")
    options = Options(scenarios, bots, seed=args.seed, logs=args.logs, **values)
    load = os.getloadavg()
    print(
        f"{sys.implementation.name} {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        flush=True,
    )
    # A bot killed in the middle of a request (stock PTB does not stop within 5 s with a
    # queue of updates) makes aiohttp log the fake's lost connection: not a figure.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    with contextlib.suppress(KeyboardInterrupt):
        report = asyncio.run(run(options, lambda line: print(line, file=sys.stderr, flush=True)))
        print(report.table, flush=True)


if __name__ == "__main__":
    main()
