"""Inline mode through the fake server: `@bot <query>` from any chat."""

from __future__ import annotations

from pathlib import Path

from tests.bot.conftest import Running, start_bot, stop_bot
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram
from tests.dialogs._clinical import ALL_SCORES


async def test_an_empty_query_lists_every_score_with_its_syntax(running: Running) -> None:
    """`@bot` alone: one result per score (its one-line syntax as description), then the
    pathways and aids; personal, briefly cached; the results button opens the welcome."""
    fake = running.fake
    fake.private_chat(701, "Dr I", "en")
    answer = await fake.wait_for_inline_answer(await fake.inline_query(701, ""))
    ids = [r["id"] for r in answer.results]
    assert ids[: len(ALL_SCORES)] == [f"flow-{s}" for s in ALL_SCORES]
    assert ids[len(ALL_SCORES) :] == [f"flow-{f}" for f in running.bot.engine.flows][6:]
    assert len(ids) > len(ALL_SCORES)
    sins = next(r for r in answer.results if r["id"] == "flow-sins")
    assert sins["description"].startswith("In one line: /sins 3+3+2+4+3+3")
    assert answer.is_personal
    assert answer.cache_time is not None
    assert 0 < answer.cache_time <= 60
    assert answer.button == {"text": "Answer step by step in private", "start_parameter": "help"}


async def test_a_partial_query_narrows_the_list_and_its_button_opens_that_score(
    running: Running,
) -> None:
    """`@bot tok` offers Tokuhashi; the results button's start parameter opens it in private."""
    fake = running.fake
    fake.private_chat(702, "Dr P", "fr")
    answer = await fake.wait_for_inline_answer(await fake.inline_query(702, "tok"))
    assert [r["id"] for r in answer.results] == ["flow-tokuhashi"]
    assert answer.button is not None
    start = answer.button["start_parameter"]
    assert start == "tokuhashi"
    # Telegram opens the private chat with /start <parameter>: the score's question 1.
    await fake.send_text(702, 702, f"/start {start}")
    first = await fake.wait_for_bot_message(702, contains="Question 1/6")
    assert first.plain_text.startswith("Score de Tokuhashi révisé")


async def test_a_complete_query_offers_the_result_and_posting_it_shows_it(
    running: Running,
) -> None:
    """`@bot sins 3+3+2+2+3+1` in a group: title "… 14/18 — Unstable (13-18)", the action as
    description; the posted message is the phone-screen result with its Copy button."""
    fake = running.fake
    group = -1007000000001
    fake.group_chat(group, "Ward", members=())
    fake.add_member(group, 703, "Dr C", "en")
    fake.private_chat(703, "Dr C", "en")
    query = await fake.inline_query(703, "sins 3+3+2+2+3+1", chat_type="supergroup")
    answer = await fake.wait_for_inline_answer(query)
    assert len(answer.results) == 1
    result = answer.results[0]
    assert result["title"] == (
        "SINS (Spinal Instability Neoplastic Score) 14/18 — Unstable (13-18)"
    )
    assert result["description"] == "Ask for a surgical opinion."
    assert answer.button is not None
    assert answer.button["start_parameter"] == "sins"
    posted = fake.choose_inline_result(group, 703, query, result["id"])
    assert posted.plain_text.startswith(
        "SINS (Spinal Instability Neoplastic Score) — result\nTotal: 14/18\nUnstable (13-18)"
    )
    assert any(e["type"] == "expandable_blockquote" for e in posted.entities)
    assert posted.button_labels == ["📋 Copy"]
    assert posted.buttons[0]["copy_text"]["text"].startswith(
        "SINS (Spinal Instability Neoplastic Score) 14/18 (3+3+2+2+3+1), Unstable (13-18): "
    )


async def test_an_invalid_query_offers_one_result_that_explains(running: Running) -> None:
    """`@bot sins 3+3+7+2+3+1`: one result naming "7" and its item, never an empty list."""
    fake = running.fake
    fake.private_chat(704, "Dr E", "fr")
    answer = await fake.wait_for_inline_answer(await fake.inline_query(704, "sins 3+3+7+2+3+1"))
    assert len(answer.results) == 1
    error = answer.results[0]
    assert error["title"] == "Non compris : « 7 »"
    assert "« 7 » n'est pas une valeur de « Lésion osseuse »" in error["description"]
    unknown = await fake.wait_for_inline_answer(await fake.inline_query(704, "sinus 3+3"))
    assert [r["title"] for r in unknown.results] == ["Aucun score « sinus »"]
    tied = await fake.wait_for_inline_answer(await fake.inline_query(704, "rades 5+6+5+10+4"))
    assert "CBNPC" in tied.results[0]["input_message_content"]["message_text"]
    assert "Primitif inconnu" in tied.results[0]["input_message_content"]["message_text"]


async def test_an_incomplete_or_over_long_query_says_so(running: Running) -> None:
    """Some answers missing: one result saying how many; 256 characters: refused as too long."""
    fake = running.fake
    fake.private_chat(705, "Dr L", "en")
    partial = await fake.wait_for_inline_answer(
        await fake.inline_query(705, "sins location=junctional pain=mechanical")
    )
    assert [r["title"] for r in partial.results] == [
        "SINS (Spinal Instability Neoplastic Score): 2 of 6 answers"
    ]
    long = await fake.wait_for_inline_answer(await fake.inline_query(705, "sins " + "3+" * 200))
    assert len(long.results) == 1
    assert long.results[0]["title"].startswith("Not understood")
    assert "Line too long" in long.results[0]["description"]


async def test_a_user_outside_the_allowlist_gets_one_explaining_result(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """With BONEMET_ALLOWED_CHATS set, only users whose private chat is listed get scores."""
    running = await start_bot(fake, tmp_path, bonemet_allowed_chats=[706, -100777])
    try:
        fake.private_chat(706, "Dr In", "en")
        fake.private_chat(707, "Dr Out", "en")
        inside = await fake.wait_for_inline_answer(await fake.inline_query(706, "sins 3+3+2+2+3+1"))
        assert inside.results[0]["id"] == "result-sins"
        outside = await fake.wait_for_inline_answer(
            await fake.inline_query(707, "sins 3+3+2+2+3+1")
        )
        assert [r["id"] for r in outside.results] == ["refused"]
        assert outside.results[0]["title"] == "bonemet is not open to you"
        assert outside.button is None
    finally:
        await stop_bot(running)
    running.assert_clean()


async def test_a_pathway_is_offered_to_answer_in_private(running: Running) -> None:
    """`@bot rachis …`: a pathway has no one-line form; it is offered with its deep link."""
    fake = running.fake
    fake.private_chat(709, "Dr S", "fr")
    answer = await fake.wait_for_inline_answer(await fake.inline_query(709, "rachis 3+3"))
    assert [r["id"] for r in answer.results] == ["flow-rachis"]
    assert answer.button is not None
    assert answer.button["start_parameter"] == "rachis"
    assert answer.results[0]["description"] == "Répondre pas à pas en privé."


async def test_listing_posts_a_deep_link(running: Running) -> None:
    """Posting a listed score shares its syntax and a button opening it in private."""
    fake = running.fake
    fake.private_chat(708, "Dr D", "en")
    query = await fake.inline_query(708, "frankel")
    answer = await fake.wait_for_inline_answer(query)
    posted = fake.choose_inline_result(708, 708, query, answer.results[0]["id"])
    assert posted.plain_text.startswith("Frankel classification")
    assert posted.buttons[0]["url"] == f"https://t.me/{BOT_USERNAME}?start=frankel"


async def test_a_refused_keyboard_still_gets_the_result_offered(running: Running) -> None:
    """If Telegram refuses a result's buttons, the results are offered again without them."""
    fake = running.fake
    fake.private_chat(710, "Dr K", "en")
    fake.fail_next("answerInlineQuery", 400, "Bad Request: BUTTON_TYPE_INVALID")
    answer = await fake.wait_for_inline_answer(await fake.inline_query(710, "tomita 1+0+1"))
    assert [r["id"] for r in answer.results] == ["result-tomita"]
    assert "reply_markup" not in answer.results[0]
    assert "2/10" in answer.results[0]["title"]
    fake.rejected.clear()  # the injected refusal
