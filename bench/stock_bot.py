"""A minimal stock python-telegram-bot bot with bonemet's dialogue shape: the baseline of
bench/bench_load.py.

Run (the benchmark starts it itself)::

    TELEGRAM_BOT_TOKEN=... TELEGRAM_BASE_URL=http://127.0.0.1:PORT/bot python bench/stock_bot.py

What ApplicationBuilder builds from a token and a base URL and nothing else: one update at
a time, the default HTTPXRequest, no rate limiter, no persistence; long polling for
messages and button presses. The dialogue is bonemet's for the six scores (``/sins``,
``/mirels``, ... also as ``/sins@bot`` in groups): question 1 as a message with one button
per option (a reply to the command in a group); a press is answered, then the message is
edited to the next question; the last press is answered, the question message loses its
keyboard and the result comes as a new message (a reply to the question in a group). The
questions, options and totals come from the same catalogue (scoring.SCORES,
scoring.evaluate); the dialogues live in a dict keyed by (chat, user).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the catalogue, when the package is not installed

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from scoring import SCORES, Lang, Score, evaluate  # noqa: E402

ANSWER = "a"
"""Callback data prefix of an answer button (as bonemet's): ``a|score|index|option``."""


@dataclass
class Dialogue:
    """One member's score in one chat."""

    score: Score
    message_id: int
    answers: dict[str, str] = field(default_factory=dict)


DIALOGUES: dict[tuple[int, int], Dialogue] = {}


def language(update: Update) -> Lang:
    """French unless the user's Telegram is in English."""
    user = update.effective_user
    return "en" if user is not None and user.language_code == "en" else "fr"


def question(score: Score, index: int, lang: Lang) -> tuple[str, InlineKeyboardMarkup]:
    """Question `index` of `score`: its text and one button per option."""
    item = score.items[index]
    lines = [
        f"{score.title(lang)} · Question {index + 1}/{len(score.items)}",
        "",
        item.prompt(lang),
    ]
    buttons = []
    for position, option in enumerate(item.options, 1):
        points = "" if option.points is None else f"{option.points} pts · "
        lines.append(f"[{position}] {option.label(lang)}")
        data = f"{ANSWER}|{score.id}|{index}|{option.id}"
        buttons.append([InlineKeyboardButton(points + option.label(lang), callback_data=data)])
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


def result(score: Score, answers: dict[str, str], lang: Lang) -> str:
    """The result message: total (or grade), stratum and action."""
    scored = evaluate(score, answers)
    total = f"Total : {scored.total}/{scored.max}" if scored.total is not None else ""
    grade = f"Grade {scored.grade}" if scored.grade is not None else ""
    lines = [f"{score.title(lang)} — résultat", total or grade, scored.stratum.label(lang)]
    lines.append(f"→ {scored.stratum.action(lang)}")
    return "\n".join(lines)


async def start_score(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/score: question 1, as a new message (a reply to the command in a group)."""
    message, user = update.message, update.effective_user
    if message is None or message.text is None or user is None:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    score = next(s for s in SCORES if s.id == name)
    text, keyboard = question(score, 0, language(update))
    sent = await message.reply_text(text, reply_markup=keyboard)
    DIALOGUES[(message.chat_id, user.id)] = Dialogue(score, sent.message_id)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An answer button: answer the press, then the next question or the result."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.data is None or user is None or query.message is None:
        return
    await query.answer()
    _, score_id, index, option_id = query.data.split("|")
    key = (query.message.chat.id, user.id)
    dialogue = DIALOGUES.get(key)
    if (
        dialogue is None
        or dialogue.score.id != score_id
        or dialogue.message_id != query.message.message_id
        or int(index) != len(dialogue.answers)
    ):
        return  # a stale button, or someone else's: answered, nothing changes
    score, lang = dialogue.score, language(update)
    dialogue.answers[score.items[int(index)].id] = option_id
    if len(dialogue.answers) < len(score.items):
        text, keyboard = question(score, len(dialogue.answers), lang)
        await query.edit_message_text(text, reply_markup=keyboard)
        return
    del DIALOGUES[key]
    await query.edit_message_text(f"✓ {score.title(lang)} : questionnaire complété.")
    if isinstance(query.message, Message):
        await query.message.reply_text(result(score, dialogue.answers, lang))


def main() -> None:
    """Poll until SIGINT or SIGTERM."""
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_BASE_URL"])
        .build()
    )
    app.add_handler(CommandHandler([s.id for s in SCORES], start_score))
    app.add_handler(CallbackQueryHandler(press, pattern=rf"^{ANSWER}\|"))
    app.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
