"""Inline mode: `@<bot> sins 3+3+2+2+3+1` in any chat offers the result to post.

An empty or partial query offers the scores (with their one-line syntax), pathways
and aids; a complete line
offers its result (posted as the phone-screen result, with the Copy button); an invalid
one offers one result that explains the problem (never an empty list that looks broken).
The results button opens the bot in private on the score (its deep link's parameter).

Allowlist: inline queries carry no chat the bot could check (only the kind of chat), so
a user may use inline mode if BONEMET_ALLOWED_CHATS is empty or lists the user's own id,
i.e. their private chat with the bot is open. Results are personal (they depend on the
user's language and on this rule) and cached briefly.
"""

from __future__ import annotations

import logging
import time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.context import Services, log_update
from bot.views import step_view
from dialogs.engine import Step
from dialogs.i18n import sep, ui
from dialogs.oneline import line_syntax, name_ties, render_line_error
from dialogs.render import HTML, PLAIN
from scoring import Lang, Pathway, Score, evaluate
from scoring.oneline import parse_line

logger = logging.getLogger("bonemet.bot")

CACHE_SECONDS = 10
"""How long Telegram may reuse an answer for the same user and query."""
MAX_LISTED = 20
"""Most scores listed for an empty or partial query (Telegram allows 50 results)."""
HOME = "help"
"""Start parameter of the results button when no score is named: the welcome message."""


def inline_allowed(services: Services, user_id: int) -> bool:
    """Whether `user_id` may use inline mode: the allowlist is empty or holds their
    private chat (whose id is the user's id)."""
    allowed = services.settings.bonemet_allowed_chats
    return not allowed or user_id in allowed


async def on_inline_query(
    services: Services, update: Update, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """An inline query: always answered, with at least one result."""
    started = time.perf_counter()
    query = update.inline_query
    if query is None:
        return
    lang = services.lang(query.from_user)
    t = ui(lang)
    if not inline_allowed(services, query.from_user.id):
        refused = _article("refused", t["inline_refused_title"], t["inline_refused"], lang)
        await query.answer([refused], cache_time=CACHE_SECONDS, is_personal=True)
        log_update(update, "inline_refused", "-", started)
        return
    results, start, kind = offer(services, query.query, lang, context.bot.username)
    button = InlineQueryResultsButton(t["inline_private"], start_parameter=start)
    try:
        await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, button=button)
    except BadRequest as error:
        # Telegram refuses some button kinds in inline results (BUTTON_TYPE_INVALID, as
        # for web_app); a refused answer is not an answer, so offer the results again
        # without their buttons rather than nothing (the folded record stays).
        logger.warning("inline answer refused, sent without buttons: %s", type(error).__name__)
        bare = [replace_markup(result) for result in results]
        await query.answer(bare, cache_time=CACHE_SECONDS, is_personal=True, button=button)
    log_update(update, f"inline_{kind}", start if start != HOME else "-", started)


def replace_markup(result: InlineQueryResultArticle) -> InlineQueryResultArticle:
    """The same result without its inline keyboard."""
    return InlineQueryResultArticle(
        id=result.id,
        title=result.title,
        description=result.description,
        input_message_content=result.input_message_content,
    )


def offer(
    services: Services, text: str, lang: Lang, bot_username: str | None
) -> tuple[list[InlineQueryResultArticle], str, str]:
    """The results for the query `text`, the results button's start parameter, and what
    was offered (for the log): list, result, error or incomplete."""
    engine, t = services.engine, ui(lang)
    words = text.split(maxsplit=1)
    name = words[0].lstrip("/").split("@")[0].casefold() if words else ""
    flow_id = engine.flow_id(name) if name else None
    if flow_id is None:
        matching = [
            d
            for d in engine.definitions.values()
            if d.id.startswith(name) or name in d.title(lang).casefold()
        ][:MAX_LISTED]
        if not matching:
            ids = ", ".join(engine.definitions)
            body = t["inline_unknown"].format(name=name, ids=ids)
            error = _article("unknown", t["inline_unknown_title"].format(name=name), body, lang)
            return [error], HOME, "error"
        start = matching[0].id if len(matching) == 1 else HOME
        return [_listing(d, lang, bot_username) for d in matching], start, "list"
    line = words[1] if len(words) > 1 else ""
    score = engine.scores.get(flow_id)
    if score is None or not line.strip():
        # A pathway or aid has no one-line form: it is answered step by step in private.
        return [_listing(engine.definitions[flow_id], lang, bot_username)], flow_id, "list"
    parsed = parse_line(score, line)
    if parsed.error is not None:
        explanation = render_line_error(parsed.error, score, lang, PLAIN)
        title = t["inline_error_title"].format(token=parsed.error.token or line.strip()[:24])
        return [_article("error", title, explanation, lang)], score.id, "error"
    if len(parsed.answers) < len(score.items):
        title = t["inline_incomplete_title"].format(
            score=score.title(lang), given=len(parsed.answers), count=len(score.items)
        )
        body = t["inline_incomplete"] + "\n" + line_syntax(score, lang)
        return [_article("incomplete", title, body, lang)], score.id, "incomplete"
    result = name_ties(evaluate(score, parsed.answers), score, parsed)
    view = step_view(Step(None, result=result), lang)
    if result.total is not None:
        head = f"{result.title(lang)} {result.total}/{result.max} — {result.stratum.label(lang)}"
    else:
        head = f"{result.title(lang)} {result.grade} — {result.stratum.label(lang)}"
    article = InlineQueryResultArticle(
        id=f"result-{score.id}",
        title=head,
        description=result.stratum.action(lang),
        input_message_content=InputTextMessageContent(view.text, parse_mode=ParseMode.HTML),
        reply_markup=view.keyboard,  # the Copy button
    )
    return [article], score.id, "result"


def _listing(
    flow: Score | Pathway, lang: Lang, bot_username: str | None
) -> InlineQueryResultArticle:
    """A score, pathway or aid offered for an empty or partial query: a score's one-line
    syntax (a pathway or aid is answered in private); posting it shares the name, the
    syntax and the deep link."""
    t = ui(lang)
    syntax = line_syntax(flow, lang) if isinstance(flow, Score) else t["inline_private"] + "."
    text = HTML.bold(HTML.escape(flow.title(lang))) + "\n" + HTML.escape(syntax)
    keyboard = None
    if bot_username:
        link = f"https://t.me/{bot_username}?start={flow.id}"
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(t["inline_private"], url=link)]])
    return InlineQueryResultArticle(
        id=f"flow-{flow.id}",
        title=f"{flow.title(lang)}{sep(lang)}{flow.purpose(lang)}",
        description=syntax,
        input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
        reply_markup=keyboard,
    )


def _article(result_id: str, title: str, body: str, lang: Lang) -> InlineQueryResultArticle:
    """A result that only explains something (posting it posts the explanation)."""
    text = HTML.bold(HTML.escape(title)) + "\n" + HTML.escape(body)
    return InlineQueryResultArticle(
        id=result_id,
        title=title,
        description=body.split("\n", maxsplit=1)[0],
        input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML),
    )
