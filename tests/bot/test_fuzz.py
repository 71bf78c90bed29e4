"""Bad input, fuzzed (hypothesis, bounded so CI stays fast) against the real bot and the fake.

Random sequences of commands, texts (empty, over 4,096 characters, control characters,
right-to-left text, emoji, ``<b>`` and ``&``), edited messages, presses of the current
buttons, of old buttons, twice in a row, with forged data, and updates of kinds the bot
does not handle. Whatever the sequence, the bot never raises into the error handler,
answers every callback query exactly once, and never makes a call Telegram would refuse
(the fake validates text length, HTML, keyboards and callback answers as Telegram does).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bot.conftest import start_bot, stop_bot
from tests.bot.fake_telegram import FakeTelegram

DOCTOR = 9001
PRESSES: list[int] = []  # button presses per example, to check that the fuzzing presses

COMMANDS = [
    "/start",
    "/help",
    "/sins",
    "/mirels",
    "/tomita",
    "/frankel",
    "/back",
    "/restart",
    "/cancel",
    "/lang",
    "/lang en",
    "/lang fr",
    "/forget",
    "/nosuchcommand",
]
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "x" * 4097,
        "é" * 5000,
        "\x00\x01\x1b[31m\u202e",
        "עברית ومعنى",
        "😀👍🏽🇫🇷",
        "<b>bold</b> & <i>",
        "&amp; &lt; &#x1F600; &",
        "1",
        "2",
        "99",
        "0",
        "-1",
        "lyt",
        "non",
        "T12",
        "D2",
        "/sins@other_bot",
    ]
)
TEXT = st.one_of(
    st.sampled_from(COMMANDS),
    ODD_TEXT,
    st.text(max_size=60),
)
EVENT = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("press"), st.integers(min_value=0, max_value=8)),
    st.tuples(st.just("press"), st.integers(min_value=0, max_value=8)),
    st.tuples(st.just("double"), st.integers(min_value=0, max_value=8)),
    st.tuples(st.just("old"), st.integers(min_value=0, max_value=8)),
    st.tuples(st.just("forged"), st.text(min_size=1, max_size=64)),
    st.tuples(st.just("edit"), TEXT),
    st.tuples(st.just("sticker"), st.none()),
)


async def play(events: list[tuple[str, Any]]) -> None:
    """Run `events` against a fresh bot; check the invariants at the end."""
    with TemporaryDirectory() as data_dir:
        async with FakeTelegram() as fake:
            fake.private_chat(DOCTOR, "Dr Fuzz", "fr")
            running = await start_bot(fake, Path(data_dir))
            try:
                for kind, value in events:
                    await step(fake, kind, value)
                await fake.wait_until_idle(quiet=0.1, timeout=10)
            finally:
                await stop_bot(running)
            assert running.errors == [], running.errors
            assert fake.rejected == [], fake.rejected
            assert fake.errors == [], fake.errors
            assert fake.unanswered_callbacks() == [], fake.dump(DOCTOR)
            answers = Counter(c["callback_query_id"] for c in fake.calls_to("answerCallbackQuery"))
            assert [q for q, n in answers.items() if n > 1] == []
            PRESSES.append(len(answers))


async def step(fake: FakeTelegram, kind: str, value: Any) -> None:
    """One user action; waits until the bot has dealt with it."""
    with_buttons = [m for m in fake.bot_messages(DOCTOR) if m.buttons]
    callback_buttons = [
        (m.message_id, b["callback_data"])
        for m in with_buttons
        for b in m.buttons
        if "callback_data" in b
    ]
    if kind == "text":
        await fake.send_text(DOCTOR, DOCTOR, value)
    elif kind == "edit":
        own = [m for m in fake.messages(DOCTOR) if not m.from_bot]
        if not own:
            return
        await fake.edit_user_text(DOCTOR, DOCTOR, own[-1].message_id, value or ".")
    elif kind == "sticker":
        update = fake.make_message_update(DOCTOR, DOCTOR, "")
        message = update["message"]
        del message["text"]
        message["sticker"] = {
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        await fake._dispatch(update)
    elif kind == "forged":
        if not with_buttons:
            return
        await fake.press(DOCTOR, DOCTOR, with_buttons[-1].message_id, value)
    elif callback_buttons:
        if kind == "old":  # a button of any message, possibly an old one
            message_id, data = callback_buttons[value % len(callback_buttons)]
        else:  # a button of the latest message with buttons
            latest = [b for b in callback_buttons if b[0] == with_buttons[-1].message_id]
            message_id, data = latest[value % len(latest)]
        presses = [fake.press(DOCTOR, DOCTOR, message_id, data)]
        if kind == "double":  # two taps within milliseconds
            presses.append(fake.press(DOCTOR, DOCTOR, message_id, data))
        await asyncio.gather(*presses)
    await fake.wait_until_idle(quiet=0.03, timeout=10)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same sequences in every run: CI is reproducible and bounded
)
@given(
    st.sampled_from(["/sins", "/mirels", "/tomita", "/tokuhashi", "/rades", "/frankel"]),
    st.lists(EVENT, min_size=5, max_size=14),
)
def test_random_sequences_never_break_the_bot(start: str, events: list[tuple[str, Any]]) -> None:
    """Whatever the user does once a score is started: no error, every press answered once."""
    asyncio.run(play([("text", start), *events]))


def test_the_fuzzing_did_press_buttons() -> None:
    """The sequences above are not all typing: most examples pressed buttons."""
    if not PRESSES:  # run alone, without the fuzz test
        test_random_sequences_never_break_the_bot()
    assert sum(1 for n in PRESSES if n > 0) >= len(PRESSES) // 2, PRESSES
