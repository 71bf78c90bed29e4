"""A summary too long for one Telegram message with its record block: the summary, then the
record block in messages of its own that live and die with it (withdrawn with it, posted to
the group with it, shown again in another language with it). A short summary stays one
message. The real Application against the fake Bot API server, which enforces Telegram's
HTML rules and its 4096-character limit."""

from __future__ import annotations

from bot.views import MAX_TEXT, _pieces, result_parts, step_view
from dialogs.engine import Engine
from dialogs.render import button_label
from dialogs.summaries import summary_record
from scoring import ChecklistItem, ChoiceItem, Lang
from scoring.registry import get_flow
from scoring.summary import conclude
from tests.bot.conftest import Running, group_with_member
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, StoredMessage, parse_html, utf16_len
from tests.bot.test_views import LONG_SPINE

WITHDRAWN = {
    "fr": "↩ Parcours rachis (métastase vertébrale) : résultat retiré (dernière réponse "
    "rouverte pour correction). Ne pas le reporter.",
    "en": "↩ Spine pathway (vertebral metastasis): result withdrawn (last answer reopened to "
    "be changed). Do not copy it.",
}
TITLE = {"fr": "À copier dans le dossier :", "en": "To paste into the record:"}


def walk(answers: dict[str, str], lang: Lang) -> list[tuple[str, int]]:
    """The spine pathway's questions as asked for `answers`: each answer's button label
    and its position in the list shown (what a clinician taps or types)."""
    engine = Engine()
    step = engine.start("rachis", lang)
    asked = []
    while step.question is not None:
        assert step.session is not None
        item = step.question.item
        assert isinstance(item, ChoiceItem)
        chosen = answers[step.question.key]
        position, option = next((i, o) for i, o in enumerate(item.options, 1) if o.id == chosen)
        asked.append((button_label(option.label(lang), option.points, lang), position))
        step = engine.choose(step.session, step.question.key, option.id)
    assert step.result is not None
    return asked


def pre_block(message: StoredMessage) -> str:
    """The text of the message's one <pre> block, as Telegram shows it."""
    [entity] = [e for e in message.entities if e["type"] == "pre"]
    units = message.plain_text.encode("utf-16-le")
    start, end = entity["offset"] * 2, (entity["offset"] + entity["length"]) * 2
    return units[start:end].decode("utf-16-le")


async def tap(fake: FakeTelegram, chat: int, user: int, message_id: int, label: str) -> None:
    edits = fake.message(chat, message_id).edit_count
    query = await fake.press_button(chat, user, message_id, label)
    await fake.wait_for_answer(query)
    await fake.wait_for_edit(chat, message_id, edits)


def assert_summary_then_record(
    messages: list[StoredMessage], lang: Lang, record: str, *, pieces: int = 1
) -> None:
    """The summary (its buttons, no record block in it), then the record block whole in
    `pieces` messages, each a title and one <pre>, every message within Telegram's limit."""
    summary, *records = messages
    assert len(records) == pieces, [m.plain_text[:60] for m in messages]
    assert TITLE[lang].rstrip(" :") not in summary.plain_text
    assert len(summary.buttons) == 2  # 📋 copy, ◀ change the last answer
    for message in messages:
        plain, _ = parse_html(message.text)  # valid Telegram HTML, strictly parsed
        assert utf16_len(plain) <= MAX_TEXT
    if pieces == 1:
        assert records[0].plain_text.startswith(TITLE[lang] + "\n")
    else:
        name, colon = TITLE[lang].rstrip(" :"), TITLE[lang][len(TITLE[lang].rstrip(" :")) :]
        for index, message in enumerate(records, 1):
            assert message.plain_text.startswith(f"{name} ({index}/{pieces}){colon}\n")
    assert "\n".join(pre_block(m) for m in records) == record
    assert all(m.buttons == [] for m in records)


async def test_a_long_spine_summary_by_buttons_then_its_answer_changed(running: Running) -> None:
    """/rachis tapped through: the summary, then the record block (complete, copyable in
    one <pre>); the summary's ◀ withdraws both; the same answer again gives both again."""
    fake = running.fake
    fake.private_chat(70, "Dr L", "fr")
    await fake.send_text(70, 70, "/rachis")
    question = await fake.wait_for_bot_message(70, contains="Type de cancer primitif")
    asked = walk(LONG_SPINE, "fr")
    for label, _ in asked:
        await tap(fake, 70, 70, question.message_id, label)
    await fake.wait_for_bot_message(70, contains=TITLE["fr"], after_message_id=question.message_id)
    await fake.wait_until_idle()
    record = summary_record(conclude(get_flow("rachis"), LONG_SPINE), "fr")
    first = fake.bot_messages(70)[1:]
    assert first[0].plain_text.startswith("Parcours rachis (métastase vertébrale) — synthèse")
    assert "SINS ≥ 7 : solliciter un avis chirurgical est recommandé." in first[0].plain_text
    assert_summary_then_record(first, "fr", record)

    reopen = next(label for label in first[0].button_labels if label.startswith("◀"))
    query = await fake.press_button(70, 70, first[0].message_id, reopen)
    await fake.wait_for_answer(query)
    reopened = await fake.wait_for_bot_message(
        70, contains="Compression médullaire", after_message_id=first[-1].message_id
    )
    await fake.wait_until_idle()
    for message in first:  # nobody copies a superseded summary or record
        assert fake.message(70, message.message_id).plain_text == WITHDRAWN["fr"]

    await tap(fake, 70, 70, reopened.message_id, asked[-1][0])
    await fake.wait_for_bot_message(70, contains=TITLE["fr"], after_message_id=reopened.message_id)
    await fake.wait_until_idle()
    again = [m for m in fake.bot_messages(70) if m.message_id > reopened.message_id]
    assert_summary_then_record(again, "fr", record)
    running.assert_clean()


async def test_typed_answers_then_another_language_edits_both_in_place(running: Running) -> None:
    """/spine answered by typing positions: the summary and its record block; /lang fr
    shows both again in French, in the same messages."""
    fake = running.fake
    fake.private_chat(71, "Dr T", "en")
    await fake.send_text(71, 71, "/spine")
    await fake.wait_for_bot_message(71, contains="Primary cancer")
    for _, position in walk(LONG_SPINE, "en"):
        mark = fake.last_message_id(71)
        await fake.send_text(71, 71, str(position))
        await fake.wait_for_bot_message(71, after_message_id=mark)
    await fake.wait_for_bot_message(71, contains=TITLE["en"])
    await fake.wait_until_idle()
    summary = fake.bot_messages(71)[-2]
    shown = [summary, fake.bot_messages(71)[-1]]
    answers = conclude(get_flow("rachis"), LONG_SPINE)
    assert_summary_then_record(shown, "en", summary_record(answers, "en"))

    await fake.send_text(71, 71, "/lang fr")
    await fake.wait_for_edit(71, shown[-1].message_id, shown[-1].edit_count)
    await fake.wait_until_idle()
    french = [fake.message(71, m.message_id) for m in shown]
    assert french[0].plain_text.startswith("Parcours rachis (métastase vertébrale) — synthèse")
    assert_summary_then_record(french, "fr", summary_record(answers, "fr"))
    assert [m.message_id for m in fake.bot_messages(71)][-2:] == [m.message_id for m in shown]
    running.assert_clean()


async def test_a_long_spine_summary_continued_from_a_group(running: Running) -> None:
    """/rachis in a group, continued in private: the group gets the summary and its record
    block too; changing the last answer in private withdraws both there as well."""
    fake = running.fake
    group = -1005550070
    group_with_member(fake, group, 72)
    await fake.send_text(group, 72, f"/rachis@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Type de cancer primitif")
    asked = walk(LONG_SPINE, "fr")
    await tap(fake, group, 72, question.message_id, asked[0][0])
    link = next(b["url"] for b in fake.message(group, question.message_id).buttons if b.get("url"))
    group_mark = fake.last_message_id(group)
    await fake.send_text(72, 72, f"/start {link.split('start=', 1)[1]}")
    private = await fake.wait_for_bot_message(72, contains="Localisation")
    for label, _ in asked[1:]:
        await tap(fake, 72, 72, private.message_id, label)
    await fake.wait_for_bot_message(group, contains=TITLE["fr"], after_message_id=group_mark)
    await fake.wait_until_idle()
    record = summary_record(conclude(get_flow("rachis"), LONG_SPINE), "fr")
    mine = [m for m in fake.bot_messages(72) if m.message_id > private.message_id]
    assert_summary_then_record(mine, "fr", record)
    posted = [m for m in fake.bot_messages(group) if m.message_id > group_mark]
    assert len(posted) == 2
    assert posted[1].reply_to is not None
    assert posted[1].reply_to.message_id == posted[0].message_id
    assert "\n".join(pre_block(m) for m in posted[1:]) == record
    assert [b["text"] for b in posted[0].buttons] == ["📋 Copier"]

    reopen = next(label for label in mine[0].button_labels if label.startswith("◀"))
    query = await fake.press_button(72, 72, mine[0].message_id, reopen)
    await fake.wait_for_answer(query)
    await fake.wait_for_bot_message(
        72, contains="Compression médullaire", after_message_id=mine[-1].message_id
    )
    await fake.wait_until_idle()
    for chat, message in [(72, m) for m in mine] + [(group, m) for m in posted]:
        assert fake.message(chat, message.message_id).plain_text == WITHDRAWN["fr"]
    running.assert_clean()


def test_a_short_summary_keeps_its_record_folded_in_one_message() -> None:
    """/sbrt's summary and its record block fit one message: nothing follows it."""
    engine = Engine()
    for lang in ("fr", "en"):
        step = engine.start("sbrt", lang)
        while step.question is not None:
            assert step.session is not None
            item, key = step.question.item, step.question.key
            if isinstance(item, ChoiceItem):
                step = engine.choose(step.session, key, item.options[0].id)
            else:  # a checklist: every box ticked
                assert isinstance(item, ChecklistItem)
                for box in item.boxes:
                    step = engine.toggle(step.session, key, box.id)
                    assert step.session is not None
                step = engine.done(step.session, key)
        assert step.result is not None
        view = step_view(step, lang)
        assert view.extra == ()
        plain, _ = parse_html(view.text)
        assert TITLE[lang] in plain
        assert summary_record(step.result, lang) in plain  # type: ignore[arg-type]


def test_the_record_block_is_split_at_line_boundaries_only_when_needed() -> None:
    """Lines are grouped whole; a line longer than a message is split between words; no
    character of the block is lost."""
    assert _pieces(["ab", "cd"], 5) == [["ab", "cd"]]
    assert _pieces(["abc", "de", "f"], 5) == [["abc"], ["de", "f"]]
    assert _pieces(["aaa bbb ccc", "d"], 8) == [["aaa bbb"], ["ccc", "d"]]
    assert _pieces(["abcdefghij"], 4) == [["abcd"], ["efgh"], ["ij"]]


def test_the_spine_summaries_fit_with_their_record_in_numbered_messages() -> None:
    """The long spine summary in both languages: the summary within the limit, its parts
    whole above the fold, the record block whole in the message(s) after it."""
    summary = conclude(get_flow("rachis"), LONG_SPINE)
    opinion = {
        "fr": "SINS ≥ 7 : solliciter un avis chirurgical est recommandé.",
        "en": "SINS ≥ 7: a surgical opinion is recommended.",
    }
    for lang in ("fr", "en"):
        text, extra = result_parts(summary, lang)
        plain, _ = parse_html(text)
        assert utf16_len(plain) <= MAX_TEXT
        assert opinion[lang] in plain
        assert TITLE[lang] not in plain
        assert "4096" not in plain  # nothing says it was cut: nothing is
        blocks = []
        for piece in extra:
            shown, entities = parse_html(piece)
            assert utf16_len(shown) <= MAX_TEXT
            assert [e["type"] for e in entities] == ["pre"]
            blocks.append(shown.split("\n", 1)[1])
        assert "\n".join(blocks) == summary_record(summary, lang)
