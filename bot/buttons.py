"""Handler for button presses: decode, load the context once, engine, deliver, save once.

Every press is answered (Telegram shows a spinner on the button until it is), and
applied only if it matches the stored dialogue: button data are never trusted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.callbacks import Action, Callback, decode_callback
from bot.context import Services, UpdateContext, log_update
from bot.delivery import (
    edit,
    lost_in_transit,
    post_to_group,
    quietly,
    send_tracked,
    show_in_place,
    withdraw_group_post,
    withdraw_records,
)
from bot.groups import continued_in_private
from bot.store import StoreWriteError
from bot.views import step_view
from dialogs.chat import kind_of
from dialogs.engine import RESULT, Engine, NoticeKind, Step
from dialogs.i18n import ui
from dialogs.oneline import apply_pending
from dialogs.render import HTML, PLAIN, step_notice
from dialogs.session import Session
from scoring import Lang

logger = logging.getLogger("bonemet.bot")

STALE_KINDS = (NoticeKind.STALE, NoticeKind.NOTHING_TO_GO_BACK)


async def on_callback(
    services: Services, update: Update, context: ContextTypes.DEFAULT_TYPE
) -> None:
    """A button press: answered every time, applied only if it matches the stored dialogue."""
    started = time.perf_counter()
    query = update.callback_query
    if query is None:
        return
    callback = decode_callback(query.data)
    message = query.message
    # An old message (over 48 h) comes as InaccessibleMessage: nothing to edit there.
    if callback is None or not isinstance(message, Message):
        await query.answer(ui(services.lang(query.from_user))["expired"])
        log_update(update, "callback_invalid", "-", started)
        return
    ctx = UpdateContext.load(services, message, message.chat, query.from_user, context.bot.username)
    press = Press(query)
    try:
        try:
            logged = await _press(ctx, press, callback)
        finally:
            ctx.flush()
    except Exception as error:
        if press.answered:  # the error handler must not answer it a second time
            services.answered.add(query.id)
        if isinstance(error, StoreWriteError):
            await _show_stored(ctx)
        raise
    if logged is not None:
        log_update(update, *logged, started)


class Press:
    """A button press's callback query, remembering whether its answer has been sent."""

    __slots__ = ("_query", "answered")

    def __init__(self, query: CallbackQuery) -> None:
        self._query = query
        self.answered = False

    async def answer(self, text: str | None = None, *, show_alert: bool = False) -> None:
        """Answer the press (marked before the call: an answer is never sent twice).

        A failed answer (after the rate limiter's retries) does not stop the press from
        being applied: it only leaves the button's spinner until Telegram drops it.
        """
        self.answered = True
        try:
            await self._query.answer(text, show_alert=show_alert)
        except TelegramError as error:
            logger.warning("answering a button press failed: %s", type(error).__name__)


async def _press(ctx: UpdateContext, query: Press, callback: Callback) -> tuple[str, str] | None:
    """Check the press against the stored dialogue, run it, show it; returns what to log."""
    services, record, t = ctx.services, ctx.record, ui(ctx.lang)
    chat_id, message_id = ctx.chat.id, ctx.message.message_id
    if not services.allowed(chat_id, record):
        await query.answer(t["refused"], show_alert=True)
        return None
    if record is None or record.message_id != message_id:
        # Not the user's current dialogue message: whose is it? The dialogue it drives or
        # was made for, if still stored; else the member its question answered.
        owner = services.owner_of(chat_id, message_id, callback.dialogue_id)
        owner_id = owner.user_id if owner is not None else _member_replied_to(ctx.message)
        foreign = owner_id is not None and owner_id != ctx.user.id
        about = ui(ctx.lang, kind_of(services.engine, owner.score if owner else callback.score))
        if foreign:
            text = about["foreign"]
        elif record is None and continued_in_private(services, chat_id, ctx.user.id):
            text = about["continued_elsewhere"]
        elif record is None:
            text = about["expired_none"]
        else:
            text = _stale_for_owner(services.engine, record.session, ctx.lang)
        await query.answer(text, show_alert=foreign)
        return "callback_foreign" if foreign else "callback_stale", "-"
    loaded = services.engine.load(record.session)
    session = loaded.session
    if loaded.notice is not None or session is None:
        if session is None:  # unreadable: drop it, as a typed message would
            ctx.drop()
        await asyncio.gather(query.answer(_plain_notice(loaded, ctx.lang)), edit(ctx, loaded))
        return None
    if callback.dialogue_id != session.dialogue_id or callback.score != session.score:
        await query.answer(t["expired"])
        return "callback_stale", session.score
    step = _apply(services.engine, session, callback)
    if step.notice is not None and step.notice.kind in STALE_KINDS:
        # A double tap or an old keyboard: say so, and re-show the current state.
        await asyncio.gather(
            query.answer(_plain_notice(step, ctx.lang)),
            edit(ctx, services.engine.show(session)),
        )
        return "callback_stale", session.score
    # A one-line score's answers to the questions that follow are taken at once.
    step, kept = apply_pending(services.engine, step, record.pending or {})
    await _show(query.answer, ctx, callback, step)
    ctx.keep_pending(kept)
    return f"callback_{callback.action.name.lower()}", session.score


async def _show_stored(ctx: UpdateContext) -> None:
    """After a failed save: the message may show an answer that was not kept; show what is.

    Then the screen and the store agree again (the error handler tells the user why).
    """
    record = ctx.loaded
    if record is None or record.message_id != ctx.message.message_id:
        return
    session = ctx.services.engine.load(record.session).session
    if session is None:
        return
    step = ctx.services.engine.show(session)
    view = step_view(step, ctx.lang, ctx.private_link(session.score))
    with contextlib.suppress(TelegramError):
        await ctx.message.edit_text(
            view.text, parse_mode=ParseMode.HTML, reply_markup=view.keyboard
        )


def _apply(engine: Engine, session: Session, callback: Callback) -> Step:
    """The engine event a button stands for."""
    key = callback.item
    index = callback.index()
    if index is not None:  # a question named by its position in the flow
        questions = engine.flows[session.score].questions
        key = questions[index].key if index < len(questions) else ""
    if callback.action is Action.ANSWER:
        return engine.choose(session, key, callback.option)
    if callback.action is Action.TOGGLE:
        return engine.toggle(session, key, callback.option)
    if callback.action is Action.DONE:
        return engine.done(session, key)
    if callback.action is Action.BACK:
        return engine.back(session, expected_item=key)
    if callback.action is Action.CANCEL:
        return engine.cancel(session)
    if session.state == RESULT:  # REOPEN, from a result's button
        return engine.back(session)
    return engine.show(session)


async def _show(
    answer: Callable[..., Awaitable[Any]], ctx: UpdateContext, callback: Callback, step: Step
) -> None:
    """Answer the press and show its step: edit in place, or a new message for results."""
    lang, session = ctx.lang, step.session
    if session is None:  # cancelled
        ctx.drop()
        text = step_notice(step, lang, HTML)
        await asyncio.gather(answer(), ctx.message.edit_text(text, parse_mode=ParseMode.HTML))
        return
    ctx.save(session)
    if callback.action is Action.REOPEN:
        # The result stays readable; the reopened question comes as a new message.
        withdrawn = ctx.status(session.score, "withdrawn")
        await asyncio.gather(
            answer(), quietly(ctx.message.edit_text(withdrawn, parse_mode=ParseMode.HTML))
        )
        await withdraw_records(ctx)
        await withdraw_group_post(ctx)
        await send_tracked(ctx, session, step_view(step, lang, ctx.private_link(session.score)))
    elif step.result is not None:
        # The result first: if sending it fails, the question keeps its buttons and the
        # next tap shows the result in it. In a group the result replies to the question
        # (itself a reply to the member's command): everyone sees whose it is.
        view = step_view(step, lang)
        _, sent = await asyncio.gather(
            answer(), send_tracked(ctx, session, view), return_exceptions=True
        )
        if isinstance(sent, BaseException):
            if not lost_in_transit(sent):
                raise sent
            # Sending again could show it twice (Telegram may have sent it before the
            # failure): the question itself becomes the result, which an edit cannot repeat.
            logger.warning("result message failed (%s): shown in place", type(sent).__name__)
            await show_in_place(ctx, session, view, ctx.message.message_id)
        else:
            done = ctx.status(session.score, "done")
            await quietly(ctx.message.edit_text(done, parse_mode=ParseMode.HTML))
        await post_to_group(ctx, step, lang)
    else:
        await asyncio.gather(answer(_plain_notice(step, lang) or None), edit(ctx, step))


def _stale_for_owner(engine: Engine, stored: str, lang: Lang) -> str:
    """What an old button tells its owner, by where their current dialogue here stands:
    finished (nothing to answer: it says so), else in progress (answer the current one)."""
    current = engine.load(stored).session
    if current is not None and current.state == RESULT:
        return ui(lang, kind_of(engine, current.score))["after_result"]
    return ui(lang)["expired"]


def _plain_notice(step: Step, lang: Lang) -> str:
    """A notice as a callback answer (plain text, no markup)."""
    return step_notice(step, lang, PLAIN)


def _member_replied_to(message: Message) -> int | None:
    """The member a dialogue message replies to: in a group, a score's messages reply to
    its member's command or typed answer (a tap's new message replies to the bot's)."""
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    return author.id if author is not None and not author.is_bot else None
