"""Faults survived by the running bot (in this process, against the fake Telegram server).

Telegram failures (429, 5xx, timeouts, reset connections) on sendMessage, editMessageText,
answerCallbackQuery and getUpdates: the bot keeps running, retries what can be repeated
(edits, button answers within their window), never sends a result twice, and no dialogue
loses an answer.

Storage failures (a full disk, a read-only data directory): the user is told that the
answer could not be saved, the button press is answered exactly once, nothing is
half-written, and once the disk is back the dialogue continues from the last saved answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app import MAX_BACKLOG, UPDATES_AT_ONCE
from bot.main import _configure_logging
from bot.store import StoreWriteError
from bot.transport import AiohttpRequest
from tests.bot.conftest import (
    Running,
    group_with_member,
    start_application,
    start_bot,
    start_polling,
    stop_bot,
)
from tests.bot.fake_telegram import BOT_USERNAME, TOKEN, FakeTelegram

NOT_SAVED = "Votre réponse n'a pas pu être enregistrée"


def read_only(running: Running, on: bool) -> None:
    """Make the store's file refuse writes, as a read-only file system does (SQLITE_READONLY)."""
    running.bot.store._conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def take_errors(running: Running) -> list[type[BaseException]]:
    """The handler errors recorded so far (expected ones: the final check must not see them)."""
    found = [type(error) for error in running.errors]
    running.errors.clear()
    return found


async def test_a_typed_answer_on_a_read_only_disk_is_reported_and_can_be_given_again(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """Mirels typed: the third answer cannot be saved; said so; given again, it counts once."""
    fake = running.fake
    fake.private_chat(301, "Dr Disk", "fr")
    await fake.send_text(301, 301, "/mirels")
    first = await fake.wait_for_bot_message(301, contains="Question 1/4")
    await fake.send_text(301, 301, "3")  # trochantérienne: 3 pts
    second = await fake.wait_for_bot_message(
        301, contains="Question 2/4", after_message_id=first.message_id
    )
    await fake.send_text(301, 301, "plus de 2")  # > 2/3 of the cortex: 3 pts
    third = await fake.wait_for_bot_message(
        301, contains="Question 3/4", after_message_id=second.message_id
    )
    await fake.wait_until_idle()
    before = running.bot.store.get_dialogue(301, 301)

    read_only(running, True)
    with caplog.at_level(logging.ERROR, logger="bonemet"):
        await fake.send_text(301, 301, "LYT")
        warning = await fake.wait_for_bot_message(
            301, contains=NOT_SAVED, after_message_id=third.message_id
        )
        await fake.wait_until_idle()
    assert take_errors(running) == [StoreWriteError]
    assert running.bot.store.get_dialogue(301, 301) == before  # nothing half-written
    logged = [r.getMessage() for r in caplog.records if r.name == "bonemet.bot"]
    assert any("not saved" in line and "SQLITE_READONLY" in line for line in logged), logged

    read_only(running, False)
    await fake.send_text(301, 301, "LYT")  # lytique: 3 pts, as the saved dialogue expects it
    fourth = await fake.wait_for_bot_message(
        301, contains="Question 4/4", after_message_id=warning.message_id
    )
    assert "9 points pour l'instant" in fourth.plain_text  # 3 + 3 + 3, the lytic counted once
    await fake.send_text(301, 301, "modérée")  # 2 pts
    result = await fake.wait_for_bot_message(
        301, contains="11/12", after_message_id=fourth.message_id
    )
    assert "risque fracturaire élevé" in result.plain_text
    await fake.wait_until_idle()
    # The failed update had already taken the keyboard off question 3; removing it again
    # after the retyped answer is refused as "not modified", harmlessly (bot.delivery.quietly).
    assert [(r.method, r.params["message_id"]) for r in fake.rejected] == [
        ("editMessageReplyMarkup", third.message_id)
    ]
    fake.rejected.clear()


async def test_a_button_press_on_a_full_disk_is_answered_once_and_reported(
    running: Running,
) -> None:
    """SINS by buttons: a press that cannot be saved is answered once, then the user is told."""
    fake = running.fake
    fake.private_chat(302, "Dr Full", "fr")
    await fake.send_text(302, 302, "/sins")
    question = await fake.wait_for_bot_message(302, contains="Question 1/6")
    query = await fake.press_button(302, 302, question.message_id, "Jonctionnelle")
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(302, question.message_id, 0, contains="Question 2/6")
    await fake.wait_until_idle()

    read_only(running, True)
    query = await fake.press_button(302, 302, question.message_id, "Mécanique")
    warning = await fake.wait_for_bot_message(
        302, contains=NOT_SAVED, after_message_id=question.message_id
    )
    await fake.wait_until_idle()
    assert take_errors(running) == [StoreWriteError]
    answers = [c for c in fake.calls_to("answerCallbackQuery") if c["callback_query_id"] == query]
    assert len(answers) == 1  # answered by the handler, not a second time by the error handler
    stored = running.bot.store.get_dialogue(302, 302)
    assert stored is not None
    assert '"pain"' not in stored.data  # the unsaved answer is not there

    # The message had been edited to question 3 before the save failed: it is put back to
    # what is saved, question 2, with the pain question's buttons.
    shown = fake.message(302, question.message_id)
    assert "Question 2/6" in shown.plain_text
    assert "Mécanique" not in shown.plain_text.split("\n\n")[0]  # not shown as answered
    assert fake.message(302, question.message_id).button_labels[0].endswith("Mécanique")

    read_only(running, False)
    for label in ("Mécanique", "Lytique", "Alignement normal", "Tassement < 50", "Unilatérale"):
        edits = fake.message(302, question.message_id).edit_count
        query = await fake.press_button(302, 302, question.message_id, label)
        await fake.wait_for_answer(query)
        await fake.wait_for_edit(302, question.message_id, edits)
    result = await fake.wait_for_bot_message(
        302, contains="Total : 11/18", after_message_id=warning.message_id
    )
    # 3 (jonctionnelle) + 3 (mécanique) + 2 (lytique) + 0 + 2 + 1 = 11, as in the README
    assert "Potentiellement instable" in result.plain_text


# -- Telegram failures -------------------------------------------------------------------------

READ_TIMEOUT = 1.0  # the bot's read timeout here, so that a late answer is a timeout soon
HANG = 1.5  # seconds a "late" answer is held: past READ_TIMEOUT

# SINS as in the README: 3 + 3 + 2 + 0 + 2 + 1 = 11/18, "potentiellement instable".
SINS = ("Jonctionnelle", "Mécanique", "Lytique", "Alignement normal", "Tassement < 50")
LAST = "Unilatérale"

Fault = Callable[[FakeTelegram, str], None]
FAULTS: dict[str, Fault] = {
    "502": lambda fake, method: fake.fail_next(method, 502, "Bad Gateway"),
    "502-after": lambda fake, method: fake.fail_next(method, 502, "Bad Gateway", after=True),
    "500": lambda fake, method: fake.fail_next(method, 500, "Internal Server Error"),
    "reset": lambda fake, method: fake.reset_next(method),
    "reset-after": lambda fake, method: fake.reset_next(method, after=True),
    "timeout": lambda fake, method: fake.hang_next(method, HANG),
    "timeout-after": lambda fake, method: fake.hang_next(method, HANG, after=True),
}


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Running]:
    """The real bot (aiohttp client with a short read timeout) against the fake, polling."""
    async with FakeTelegram() as fake:
        request = AiohttpRequest(connection_pool_size=16, read_timeout=READ_TIMEOUT)
        running = await start_application(fake, tmp_path, request=request)
        # getUpdates's own client (the builder holds this very object): a short read
        # timeout too, so that a late poll is a timeout within the test's patience.
        running.bot.polling._read_timeout = READ_TIMEOUT / 2
        await start_polling(running)
        try:
            yield running
        finally:
            await stop_bot(running)


async def press(
    fake: FakeTelegram, chat: int, message_id: int, label: str, *, answered: bool = True
) -> str:
    """Press the button `label`; wait until the bot is idle again; return the query id.

    With a fault pending, "idle" must outlast a retry's pause (0.2 s, bot/ratelimit.py).
    """
    faulty = fake.pending_faults() > 0
    query = await fake.press_button(chat, chat, message_id, label)
    await fake.wait_for(lambda: fake.pending_faults() == 0, timeout=10, what="the fault")
    if answered:
        await fake.wait_for_answer(query, timeout=10)
    await fake.wait_until_idle(quiet=0.3 if faulty else 0.05, timeout=10)
    return query


async def start_sins(fake: FakeTelegram, chat: int) -> int:
    """A private chat with /sins sent; the question message's id."""
    fake.private_chat(chat, f"Dr {chat}", "fr")
    await fake.send_text(chat, chat, "/sins")
    return (await fake.wait_for_bot_message(chat, contains="Question 1/6")).message_id


def answers_to(fake: FakeTelegram, query: str) -> int:
    """How many times the bot called answerCallbackQuery for `query`."""
    return sum(1 for c in fake.calls_to("answerCallbackQuery") if c["callback_query_id"] == query)


def assert_sins_result(fake: FakeTelegram, chat: int, question: int) -> None:
    """Exactly one place shows the 11/18 result: the result message, or the question itself."""
    texts = [m.plain_text for m in fake.bot_messages(chat)]
    shown = [t for t in texts if "Total : 11/18" in t]
    assert len(shown) == 1, fake.dump(chat)
    assert "Potentiellement instable" in shown[0]
    assert not any("Une erreur est survenue" in t for t in texts), fake.dump(chat)
    del question


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_result_message_that_fails_is_shown_once_and_never_lost(
    bot: Running, fault: str
) -> None:
    """The result's sendMessage fails: the result is shown (in place if need be), once."""
    fake = bot.fake
    question = await start_sins(fake, 401)
    for label in SINS:
        await press(fake, 401, question, label)
    FAULTS[fault](fake, "sendMessage")
    query = await press(fake, 401, question, LAST)
    assert answers_to(fake, query) == 1
    assert fake.callback_answers[query] is not None
    assert bot.errors == []
    texts = [m.plain_text for m in fake.bot_messages(401)]
    results = [t for t in texts if "Total : 11/18" in t]
    assert results, fake.dump(401)
    assert "Potentiellement instable" in results[0]
    assert not any("Une erreur est survenue" in t for t in texts), fake.dump(401)
    sent = [c for c in fake.calls_to("sendMessage") if c["chat_id"] == 401]
    assert len(sent) == 2  # the first question and the result: never sent a second time
    if fault.endswith("-after"):
        # Telegram had sent it; only the answer was lost: the result shows twice, once as
        # the message, once in place of the question (an edit, not a second message).
        assert len(results) == 2
    else:
        assert len(results) == 1
        assert "Total : 11/18" in fake.message(401, question).plain_text
    assert fake.rejected == []


@pytest.mark.parametrize("fault", ["502", "502-after", "reset-after", "timeout"])
async def test_an_edit_that_fails_is_retried_and_no_answer_is_lost(
    bot: Running, fault: str
) -> None:
    """editMessageText fails mid-dialogue: retried; every answer counts, once."""
    fake = bot.fake
    question = await start_sins(fake, 402)
    await press(fake, 402, question, SINS[0])
    FAULTS[fault](fake, "editMessageText")
    await press(fake, 402, question, SINS[1])
    assert "Question 3/6" in fake.message(402, question).plain_text, fake.dump(402)
    for label in (*SINS[2:], LAST):
        await press(fake, 402, question, label)
    assert bot.errors == []
    assert_sins_result(fake, 402, question)
    assert fake.unanswered_callbacks() == []
    # A retried edit that had gone through the first time is refused as "not modified".
    assert all("not modified" in r.description for r in fake.rejected), fake.rejected


@pytest.mark.parametrize("fault", ["502", "502-after", "reset", "timeout"])
async def test_a_button_answer_that_fails_is_retried_once_in_its_window(
    bot: Running, fault: str
) -> None:
    """answerCallbackQuery fails: retried; the press is applied either way."""
    fake = bot.fake
    question = await start_sins(fake, 403)
    FAULTS[fault](fake, "answerCallbackQuery")
    query = await press(fake, 403, question, SINS[0])
    assert fake.callback_answers[query] is not None
    assert answers_to(fake, query) == 2  # the failed one and its retry
    assert "Question 2/6" in fake.message(403, question).plain_text
    assert bot.errors == []
    if fault == "502-after":  # the first had arrived: Telegram refuses the second, harmlessly
        assert [r.method for r in fake.rejected] == ["answerCallbackQuery"]
    else:
        assert fake.rejected == []


async def test_a_button_answer_is_never_retried_past_its_window(bot: Running) -> None:
    """429 on a button answer asking for 30 s: not retried (Telegram would refuse it)."""
    fake = bot.fake
    question = await start_sins(fake, 404)
    fake.fail_next("answerCallbackQuery", 429, "Too Many Requests: retry after 30", retry_after=30)
    query = await press(fake, 404, question, SINS[0], answered=False)
    assert answers_to(fake, query) == 1
    assert "Question 2/6" in fake.message(404, question).plain_text  # applied anyway
    assert bot.errors == []


@pytest.mark.parametrize("fault", ["502", "500", "reset", "timeout"])
async def test_polling_survives_failing_get_updates(bot: Running, fault: str) -> None:
    """getUpdates fails: polling goes on, and the next messages are answered, once."""
    fake = bot.fake
    fake.private_chat(405, "Dr 405", "fr")
    if fault == "timeout":  # past the poll's 1 s plus its read timeout
        fake.hang_next("getUpdates", 3.0)
    else:
        FAULTS[fault](fake, "getUpdates")
    await fake.send_text(405, 405, "/mirels")
    await fake.wait_for_bot_message(405, contains="Question 1/4", timeout=15)
    await fake.wait_until_idle()
    assert len(fake.bot_messages(405)) == 1
    assert bot.errors == []


# -- languages ---------------------------------------------------------------------------------


async def test_lang_in_private_leaves_a_result_posted_to_the_group_alone(
    running: Running,
) -> None:
    """/lang en in private re-shows the private result in English; the group's copy, and its
    withdrawal when an answer changes, stay in the language the group saw (French)."""
    fake = running.fake
    group = -1009876500001
    group_with_member(fake, group, 41, "Dr L", "fr")
    await fake.send_text(group, 41, f"/tomita@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Question 1/3")
    link = next(b["url"] for b in question.buttons if b.get("url"))
    group_mark = fake.last_message_id(group)
    await fake.send_text(41, 41, f"/start {link.split('start=', 1)[1]}")
    private = await fake.wait_for_bot_message(41, contains="Question 1/3")
    for label in ("4 pts", "2 pts", "2 pts"):
        edits = fake.message(41, private.message_id).edit_count
        query = await fake.press_button(
            41, 41, private.message_id, lambda b, label=label: b["text"].startswith(label)
        )
        await fake.wait_for_answer(query)
        await fake.wait_for_edit(41, private.message_id, edits)
    result = await fake.wait_for_bot_message(
        41, contains="8/10", after_message_id=private.message_id
    )
    posted = await fake.wait_for_bot_message(group, contains="8/10", after_message_id=group_mark)
    await fake.wait_until_idle()
    posted_text, posted_edits = posted.plain_text, posted.edit_count
    assert "Soins de support" in posted_text

    edits = fake.message(41, result.message_id).edit_count
    await fake.send_text(41, 41, "/lang en")
    await fake.wait_for_edit(41, result.message_id, edits, contains="Tomita score — result")
    await fake.wait_until_idle()
    group_copy = fake.message(group, posted.message_id)
    assert (group_copy.plain_text, group_copy.edit_count) == (posted_text, posted_edits)

    await fake.send_text(41, 41, "/back")  # changing an answer withdraws the group's copy
    again = await fake.wait_for_bot_message(
        41, contains="Question 3/3", after_message_id=result.message_id
    )
    await fake.wait_until_idle()
    withdrawn = fake.message(group, posted.message_id).plain_text
    assert "résultat retiré" in withdrawn, withdrawn
    # The new result: English in private, French in the group, as the group first saw it.
    mark = fake.last_message_id(group)
    query = await fake.press_button(
        41, 41, again.message_id, lambda b: b["text"].startswith("1 pt")
    )
    await fake.wait_for_answer(query)
    # 4 (rapid) + 2 (treatable) + 1 (solitary) = 7
    await fake.wait_for_bot_message(41, contains="7/10", after_message_id=again.message_id)
    reposted = await fake.wait_for_bot_message(group, contains="7/10", after_message_id=mark)
    assert "Score de Tomita" in reposted.plain_text


# -- privacy -----------------------------------------------------------------------------------

NAME = "Zorglub-Privé"
TYPED = "Mme Secretname née 1942, lésion L3 ?"  # typed text that is not an answer


async def test_logs_and_database_of_complete_sessions_hold_no_private_data(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    """Every log line of complete sessions (private, group, typed, buttons, /lang, /forget),
    at DEBUG with production's logger settings, and the SQLite file's bytes: no name, no
    typed text, no answer label, no token. /forget then leaves no row of the user."""
    _configure_logging("DEBUG")  # production's clamps on library loggers
    fake = running.fake
    group = -1009876500002
    fake.group_chat(group, "RCP " + NAME, members=())
    fake.add_member(group, 51, "Dr " + NAME, "fr")
    fake.private_chat(51, "Dr " + NAME, "fr")
    labels: list[str] = []
    with caplog.at_level(logging.DEBUG):
        # Mirels typed, with a line that is no answer first.
        await fake.send_text(51, 51, "/mirels")
        first = await fake.wait_for_bot_message(51, contains="Question 1/4")
        labels += [label.split(" · ", 1)[-1] for label in first.button_labels]
        await fake.send_text(51, 51, TYPED)
        mark = await fake.wait_for_bot_message(51, after_message_id=first.message_id)
        for text in ("3", "plus de 2", "LYT", "modérée"):
            await fake.send_text(51, 51, text)
            mark = await fake.wait_for_bot_message(51, after_message_id=mark.message_id)
        assert "11/12" in mark.plain_text
        # SINS by buttons in the group, moved to private, result posted back.
        await fake.send_text(group, 51, f"/sins@{BOT_USERNAME}")
        question = await fake.wait_for_bot_message(group, contains="Question 1/6")
        link = next(b["url"] for b in question.buttons if b.get("url"))
        await fake.send_text(51, 51, f"/start {link.split('start=', 1)[1]}")
        private = await fake.wait_for_bot_message(
            51, contains="Question 1/6", after_message_id=mark.message_id
        )
        for label in (*SINS, LAST):
            current = fake.message(51, private.message_id)
            labels += [b.split(" · ", 1)[-1] for b in current.button_labels if " · " in b]
            edits = current.edit_count
            query = await fake.press_button(51, 51, private.message_id, label)
            await fake.wait_for_answer(query)
            if label != LAST:
                await fake.wait_for_edit(51, private.message_id, edits)
        await fake.wait_for_bot_message(group, contains="11/18")
        await fake.send_text(51, 51, "/lang en")
        await fake.wait_until_idle()
        db = running.bot.store.path
        stored = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
        assert running.bot.store.dialogues_of_user(51) != []
        await fake.send_text(51, 51, "/forget")
        await fake.wait_for_bot_message(51, contains="has been deleted")
        await fake.wait_until_idle()

    lines = [record.getMessage() + (record.exc_text or "") for record in caplog.records]
    assert len(lines) >= 16  # the sessions were logged: one line per update at least
    private_data = [NAME, "Secretname", TYPED, "plus de 2", "modérée", TOKEN.split(":", 1)[1]]
    private_data += sorted({label for label in labels if len(label) > 4})
    for text in private_data:
        leaked = [line for line in lines if text in line]
        assert leaked == [], f"{text!r} logged: {leaked[:3]}"
        assert text.encode() not in stored, f"{text!r} in the SQLite file"
    # /forget: no row of the user, in any table, anywhere.
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM dialogues WHERE user_id = 51").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM languages WHERE user_id = 51").fetchone() == (0,)
    finally:
        conn.close()


async def test_a_press_between_questions_costs_two_bot_api_calls(bot: Running) -> None:
    """A tap between two questions: its answer and one edit, nothing else."""
    fake = bot.fake
    question = await start_sins(fake, 406)
    await press(fake, 406, question, SINS[0])
    before = len(fake.calls)
    await press(fake, 406, question, SINS[1])
    calls = sorted(c.method for c in fake.calls[before:] if c.method != "getUpdates")
    assert calls == ["answerCallbackQuery", "editMessageText"]


# -- a burst -----------------------------------------------------------------------------------


async def test_a_burst_waits_at_telegram_not_in_memory(bot: Running) -> None:
    """150 users at once: no new poll while `max_backlog` fetched updates are unfinished,
    so at most that plus one poll's batch (100) are held; every user is answered."""
    fake, polling = bot.fake, bot.bot.polling
    polling.max_backlog = 20
    assert polling.backlog is not None
    backlog = polling.backlog
    users = range(20_000, 20_150)
    for user in users:
        fake.private_chat(user, f"Dr {user}", "fr")
    seen: list[int] = []

    async def watch() -> None:
        while True:
            seen.append(backlog())
            await asyncio.sleep(0.005)

    watcher = asyncio.create_task(watch())
    try:
        for user in users:
            await fake.send_text(user, user, "/help")
        await fake.wait_for(
            lambda: all(fake.bot_messages(user) for user in users), timeout=60, what="replies"
        )
    finally:
        watcher.cancel()
    assert 20 <= max(seen) <= 20 + 100, max(seen)


def test_the_application_bounds_a_burst(bot: Running) -> None:
    """The bot as built holds at most MAX_BACKLOG fetched updates (plus one poll's batch) and
    handles UPDATES_AT_ONCE of them at once: enough fetched to keep every slot busy."""
    assert bot.bot.polling.max_backlog == MAX_BACKLOG
    assert bot.app.update_processor.max_concurrent_updates == UPDATES_AT_ONCE
    assert UPDATES_AT_ONCE < MAX_BACKLOG


# -- a flooded group ---------------------------------------------------------------------------


async def test_a_flooded_group_coalesces_its_edits_and_slows_nobody_else(tmp_path: Path) -> None:
    """A group past its quota (edits counted, as Telegram does under load): every tap is
    answered at once (taps on a question not yet shown are told so), each member's queued
    edits collapse into the latest one, the group ends up showing every member's current
    question, and a private chat meanwhile is not held up."""
    members = (61, 62, 63)
    group = -1009876500003
    async with FakeTelegram(group_limit=4, group_window=3.0, group_edits_limited=True) as fake:
        fake.group_chat(group, "RCP", members=())
        for member in members:
            fake.add_member(group, member, f"Dr {member}", "fr")
        fake.private_chat(64, "Dr P", "fr")
        running = await start_bot(fake, tmp_path)
        try:
            questions = {}
            for member in members:
                mark = fake.last_message_id(group)
                await fake.send_text(group, member, f"/sins@{BOT_USERNAME}")
                questions[member] = await fake.wait_for_bot_message(
                    group, contains="Question 1/", after_message_id=mark
                )

            async def flood(member: int) -> list[str]:
                """Five answers, each tapped as soon as the previous one is answered."""
                message_id, queries = questions[member].message_id, []
                for _ in range(5):  # always the first option of the question shown
                    current = fake.message(group, message_id)
                    query = await fake.press(
                        group, member, message_id, current.buttons[0]["callback_data"]
                    )
                    await fake.wait_for_answer(query, timeout=10)
                    queries.append(query)
                return queries

            async def private_dialogue() -> None:
                question = await start_sins(fake, 64)
                for label in (*SINS, LAST):
                    await fake.press_button(64, 64, question, label)
                    await fake.wait_until_idle(quiet=0.05)
                await fake.wait_for_bot_message(64, contains="Total : 11/18")

            flooded = asyncio.gather(*(flood(member) for member in members))
            await private_dialogue()
            private_done = len(fake.calls)
            all_queries = [q for queries in await flooded for q in queries]

            def caught_up() -> bool:
                """Each member's message shows the question after their stored answers."""
                for member, question in questions.items():
                    stored = running.bot.store.get_dialogue(group, member)
                    assert stored is not None
                    answered = len(json.loads(json.loads(stored.data)["session"])["answers"])
                    shown = fake.message(group, question.message_id).plain_text
                    if f"Question {answered + 1}/6" not in shown:
                        return False
                return True

            await fake.wait_for(caught_up, timeout=20, what="the group catching up")
            await fake.wait_until_idle()
        finally:
            await stop_bot(running)
    assert all(fake.callback_answers[q] is not None for q in all_queries)
    assert running.errors == []
    edits = [
        c for c in fake.calls if c.method == "editMessageText" and c.params.get("chat_id") == group
    ]
    refused = [r for r in fake.rejected if r.description.startswith("Too Many Requests")]
    assert refused, "the group was not flooded"
    assert [r for r in fake.rejected if r not in refused] == []
    # Coalesced: fewer edits reached Telegram than taps asked for (15), 429s included.
    assert len(edits) < 15, len(edits)
    # The private chat finished while group edits were still waiting for the quota.
    assert any(c is e for e in edits for c in fake.calls[private_done:]), "no edit was held"


@pytest.mark.parametrize("fault", ["502", "reset", "timeout", "502-after"])
async def test_a_typed_answers_message_that_fails_is_shown_in_place(
    bot: Running, fault: str
) -> None:
    """Typed answers: the next question, then the result, lost on their way: each is shown
    in the previous question's message instead; never sent twice, no answer lost."""
    fake = bot.fake
    fake.private_chat(407, "Dr 407", "fr")
    await fake.send_text(407, 407, "/mirels")
    first = await fake.wait_for_bot_message(407, contains="Question 1/4")
    await fake.send_text(407, 407, "3")  # trochantérienne: 3 pts
    second = await fake.wait_for_bot_message(
        407, contains="Question 2/4", after_message_id=first.message_id
    )
    await fake.wait_until_idle()
    FAULTS[fault](fake, "sendMessage")
    await fake.send_text(407, 407, "plus de 2")  # 3 pts; question 3 is lost on its way
    await fake.wait_for(lambda: fake.pending_faults() == 0, timeout=10, what="the fault")
    await fake.wait_until_idle(quiet=0.3, timeout=10)
    texts = [m.plain_text for m in fake.bot_messages(407)]
    assert any("Question 3/4" in t for t in texts), fake.dump(407)
    assert not any("Une erreur est survenue" in t for t in texts), fake.dump(407)
    for text in ("LYT", "modérée"):  # 3 + 2
        await fake.send_text(407, 407, text)
        await fake.wait_until_idle(quiet=0.1)
    results = [m for m in fake.bot_messages(407) if "11/12" in m.plain_text]
    assert len(results) == 1, fake.dump(407)
    assert "risque fracturaire élevé" in results[0].plain_text
    sent = [c["text"] for c in fake.calls_to("sendMessage") if c["chat_id"] == 407]
    # Questions 1 to 4 and the result, each sent once: the lost one is not sent again.
    assert len(sent) == 5, sent
    assert sum("Question 3/4" in text for text in sent) == 1
    assert bot.errors == []
    in_place = fake.message(407, second.message_id).plain_text
    assert "Question 3/4" in in_place  # question 2's message showed question 3
    if fault == "502-after":  # it had arrived after all: it shows twice, sent once
        assert sum("Question 3/4" in m.plain_text for m in fake.bot_messages(407)) == 2
    assert fake.rejected == []


@pytest.mark.parametrize("typed", [False, True], ids=["buttons", "typed"])
async def test_a_long_summary_lost_on_its_way_is_shown_in_place_with_its_record(
    bot: Running, typed: bool
) -> None:
    """A spine summary too long for one message with its record block, lost on its way:
    the question's message shows it instead, and the record block still follows it."""
    from dialogs.summaries import summary_record
    from scoring.registry import get_flow
    from scoring.summary import conclude
    from tests.bot.test_record_messages import TITLE, pre_block, walk
    from tests.bot.test_views import LONG_SPINE

    fake, chat = bot.fake, 408 + typed
    fake.private_chat(chat, f"Dr {chat}", "fr")
    await fake.send_text(chat, chat, "/rachis")
    question = (
        await fake.wait_for_bot_message(chat, contains="Type de cancer primitif")
    ).message_id
    asked = walk(LONG_SPINE, "fr")
    for label, position in asked[:-1]:
        if typed:
            mark = fake.last_message_id(chat)
            await fake.send_text(chat, chat, str(position))
            question = (await fake.wait_for_bot_message(chat, after_message_id=mark)).message_id
            await fake.wait_until_idle()
        else:
            await press(fake, chat, question, label)
    FAULTS["502"](fake, "sendMessage")
    if typed:
        await fake.send_text(chat, chat, str(asked[-1][1]))
        await fake.wait_for(lambda: fake.pending_faults() == 0, timeout=10, what="the fault")
        await fake.wait_until_idle(quiet=0.3, timeout=10)
    else:
        await press(fake, chat, question, asked[-1][0])
    assert bot.errors == []
    summary = fake.message(chat, question)
    assert summary.plain_text.startswith("Parcours rachis (métastase vertébrale) — synthèse")
    records = [m for m in fake.bot_messages(chat) if m.message_id > question]
    assert [m.plain_text.split("\n", 1)[0] for m in records] == [TITLE["fr"]], fake.dump(chat)
    record = summary_record(conclude(get_flow("rachis"), LONG_SPINE), "fr")
    assert pre_block(records[0]) == record
    assert fake.rejected == []
