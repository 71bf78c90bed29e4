"""Putting dialogue messages on screen: send, edit in place, retire, withdraw, post to a group.

Every function here talks to Telegram and records in the update's context what is now
shown (the context is written once, when the update is done).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Iterable
from typing import Any

from pydantic import ValidationError
from telegram import Bot, Message, User
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.context import Record, Services, UpdateContext
from bot.views import View, step_view
from dialogs.chat import Info, Outcome, line_problem
from dialogs.engine import RESULT, NoticeKind, Step
from dialogs.i18n import ui
from dialogs.oneline import named
from dialogs.render import HTML
from dialogs.session import Session
from scoring import Lang

logger = logging.getLogger("bonemet.bot")


def lost_in_transit(error: BaseException) -> bool:
    """A send that failed on the way (5xx, timeout, reset, flood control), not refused."""
    return type(error) in (NetworkError, TimedOut, RetryAfter)


async def quietly(call: Awaitable[Any]) -> None:
    """Run a cosmetic call (removing an old keyboard) that may legitimately fail."""
    try:
        await call
    except BadRequest as error:
        # e.g. "message is not modified", or a message deleted by the user meanwhile.
        logger.debug("cosmetic call refused: %s", type(error).__name__)


async def send(message: Message, view: View, *, reply: bool) -> Message:
    """Send `view` to the chat of `message` (as a reply to it if `reply`)."""
    return await message.get_bot().send_message(
        chat_id=message.chat_id,
        text=view.text,
        parse_mode=ParseMode.HTML,
        reply_markup=view.keyboard,
        reply_to_message_id=message.message_id if reply else None,
        # A reply to a message deleted meanwhile is sent anyway, not refused.
        allow_sending_without_reply=True,
    )


async def send_following(
    bot: Bot, chat_id: int, texts: tuple[str, ...], *, reply_to: int | None
) -> tuple[int, ...]:
    """Send the messages that follow a result (its record block), in order; the ids of
    those sent. One that fails is logged and ends the series: the result itself is shown,
    and its copy button still copies the essentials."""
    sent: list[int] = []
    for text in texts:
        try:
            message = await bot.send_message(
                chat_id=chat_id,
                text=text,
                parse_mode=ParseMode.HTML,
                reply_to_message_id=reply_to,
                allow_sending_without_reply=True,
            )
        except TelegramError as error:
            logger.warning("a result's following message failed: %s", type(error).__name__)
            break
        sent.append(message.message_id)
    return tuple(sent)


async def send_tracked(ctx: UpdateContext, session: Session, view: View) -> None:
    """Send the dialogue's new message and remember it (its buttons drive the dialogue),
    then the messages that follow it (in a group, as replies to it)."""
    sent = await send(ctx.message, view, reply=ctx.group)
    ctx.save(session, message_id=sent.message_id, shown=view.fingerprint(), record_messages=())
    await send_records(ctx, session, view, sent.message_id)


async def send_records(ctx: UpdateContext, session: Session, view: View, result: int) -> None:
    """Send the messages that follow the result `result` of the dialogue, and remember them."""
    if view.extra:
        reply_to = result if ctx.group else None
        ids = await send_following(
            ctx.message.get_bot(), ctx.chat.id, view.extra, reply_to=reply_to
        )
        ctx.save(session, record_messages=ids)


async def _edit_texts(bot: Bot, chat_id: int, edits: Iterable[tuple[int, str]]) -> None:
    """Replace the text of each (message id, HTML text), one after the other; a refusal
    (a message deleted by the user meanwhile) does not stop the others."""
    for message_id, text in edits:
        await quietly(
            bot.edit_message_text(
                chat_id=chat_id, message_id=message_id, text=text, parse_mode=ParseMode.HTML
            )
        )


async def withdraw_records(ctx: UpdateContext) -> None:
    """The messages following a withdrawn result (its record block) are withdrawn too."""
    record = ctx.record
    if record is None or not record.record_messages:
        return
    text = ctx.status(Session.from_json(record.session).score, "withdrawn")
    await _edit_texts(
        ctx.message.get_bot(), ctx.chat.id, ((m, text) for m in record.record_messages)
    )


async def redisplay_records(ctx: UpdateContext, session: Session, view: View, result: int) -> None:
    """The messages following a result shown again (in another language) are edited in
    place; more are sent if needed, and those no longer needed deleted."""
    record = ctx.record
    old = record.record_messages if record is not None else ()
    bot = ctx.message.get_bot()
    kept = old[: len(view.extra)]
    await _edit_texts(bot, ctx.chat.id, zip(kept, view.extra, strict=False))
    for message_id in old[len(view.extra) :]:
        await quietly(bot.delete_message(chat_id=ctx.chat.id, message_id=message_id))
    more = await send_following(
        bot, ctx.chat.id, view.extra[len(kept) :], reply_to=result if ctx.group else None
    )
    ctx.save(session, record_messages=kept + more)


async def edit(ctx: UpdateContext, step: Step) -> None:
    """Show `step` in the dialogue's own message, unless it already shows exactly that."""
    score = step.session.score if step.session else None
    view = step_view(step, ctx.lang, ctx.private_link(score))
    shown = view.fingerprint()
    if ctx.record is not None and ctx.record.shown == shown:
        return  # Telegram refuses an edit that changes nothing ("message is not modified")
    await quietly(
        ctx.message.edit_text(view.text, parse_mode=ParseMode.HTML, reply_markup=view.keyboard)
    )
    if step.session is not None:
        ctx.save(step.session, shown=shown)
        record = ctx.record
        if view.extra and record is not None and not record.record_messages:
            # A result shown in its question's message (its own message failed): the
            # record block follows it all the same.
            await send_records(ctx, step.session, view, ctx.message.message_id)


async def retire(
    ctx: UpdateContext,
    message_id: int,
    *,
    finished: bool,
    withdrawn: bool = False,
    abandoned: bool = False,
) -> None:
    """The previous dialogue message loses its keyboard (and says so once finished).

    A result whose last answer is being changed is withdrawn: its text is replaced,
    so nobody copies a superseded result into a record.
    """
    bot = ctx.message.get_bot()
    key = (
        "withdrawn"
        if withdrawn
        else "abandoned_message"
        if abandoned
        else "done"
        if finished
        else None
    )
    if key is not None and ctx.loaded is not None:
        score = Session.from_json(ctx.loaded.session).score
        call = bot.edit_message_text(
            chat_id=ctx.chat.id,
            message_id=message_id,
            text=ctx.status(score, key),
            parse_mode=ParseMode.HTML,
        )
    else:
        call = bot.edit_message_reply_markup(
            chat_id=ctx.chat.id, message_id=message_id, reply_markup=None
        )
    await quietly(call)


async def retire_all(services: Services, message: Message, user: User) -> None:
    """Remove the keyboards of every dialogue of `user` (before forgetting them)."""
    bot = message.get_bot()
    for stored in services.store.dialogues_of_user(user.id):
        try:
            record = Record.model_validate_json(stored.data)
        except ValidationError:
            continue
        if record.message_id is not None:
            await quietly(
                bot.edit_message_reply_markup(
                    chat_id=stored.chat_id, message_id=record.message_id, reply_markup=None
                )
            )


async def withdraw_group_post(ctx: UpdateContext) -> None:
    """Withdraw the copy of a result posted to the origin group, if there is one."""
    record = ctx.record
    if record is None or record.origin_chat is None or record.posted_message is None:
        return
    session = Session.from_json(record.session)
    lang = record.group_lang or ctx.lang  # the group's copy keeps the group's language
    text = ctx.services.status(session.score, lang, "withdrawn")
    posts = (record.posted_message, *record.posted_records)
    await _edit_texts(ctx.message.get_bot(), record.origin_chat, ((m, text) for m in posts))
    ctx.save(session, posted_message=None, posted_records=())


async def post_to_group(ctx: UpdateContext, step: Step, lang: Lang) -> None:
    """A result computed in private is also posted, alone, to the group it came from.

    It replies to the group's question message (itself a reply to the member's
    command), so the group sees whose score it is without the bot naming anyone.
    """
    record = ctx.record
    if record is None or record.origin_chat is None or step.session is None:
        return
    if not ctx.still_stored():  # forgotten (/forget) while the result was on its way
        return
    lang = record.group_lang or lang  # the group keeps the language it first saw
    view = step_view(Step(None, result=named(step).result), lang)
    try:
        posted = await ctx.message.get_bot().send_message(
            chat_id=record.origin_chat,
            text=view.text,
            parse_mode=ParseMode.HTML,
            reply_markup=view.keyboard,  # the copy button (no reopen: the dialogue is here)
            reply_to_message_id=record.origin_message,
            allow_sending_without_reply=True,
        )
    except TelegramError as error:
        logger.warning("posting a result to its group failed: %s", type(error).__name__)
        return
    # Remember it, so changing an answer afterwards can withdraw it there too.
    ctx.save(step.session, posted_message=posted.message_id, group_lang=lang, posted_records=())
    if view.extra:
        ids = await send_following(
            ctx.message.get_bot(), record.origin_chat, view.extra, reply_to=posted.message_id
        )
        ctx.save(step.session, posted_records=ids)


async def refuse(services: Services, message: Message) -> None:
    """One polite refusal per chat, then silence."""
    if message.chat_id in services.refused:
        return
    services.refused.add(message.chat_id)
    text = HTML.escape(ui("fr")["refused"] + "\n" + ui("en")["refused"])
    await send(message, View(text), reply=False)


async def _send_or_show_in(
    ctx: UpdateContext, session: Session, view: View, in_place: int | None
) -> bool:
    """Send the dialogue's new message; if it is lost on its way, show it in `in_place`
    instead (sending again could show it twice). Returns whether it went there."""
    try:
        await send_tracked(ctx, session, view)
    except TelegramError as error:
        if not lost_in_transit(error) or in_place is None:
            raise
        logger.warning("message failed (%s): shown in place", type(error).__name__)
        await show_in_place(ctx, session, view, in_place)
        return True
    return False


async def show_in_place(ctx: UpdateContext, session: Session, view: View, in_place: int) -> None:
    """Show the dialogue's new message in its message `in_place` instead (its own was lost
    on its way, and sending it again could show it twice), and make that the dialogue's."""
    await ctx.message.get_bot().edit_message_text(
        chat_id=ctx.chat.id,
        message_id=in_place,
        text=view.text,
        parse_mode=ParseMode.HTML,
        reply_markup=view.keyboard,
    )
    ctx.save(session, message_id=in_place, shown=view.fingerprint(), record_messages=())
    await send_records(ctx, session, view, in_place)


async def respond(ctx: UpdateContext, outcome: Outcome) -> None:
    """Show a step as a new message; the previous dialogue message loses its keyboard."""
    step, lang = outcome.step, outcome.lang
    assert step is not None  # noqa: S101 - the caller checked
    message, chat, reply = ctx.message, ctx.chat, ctx.group
    session = step.session
    if session is not None and step.question is None and step.result is None:
        # A notice about a dialogue that stays as it is (e.g. typing after a result):
        # its message and buttons stay live.
        await send(message, step_view(step, lang), reply=reply)
        return
    record = ctx.record
    old = Session.from_json(record.session) if record is not None else None
    new_dialogue = old is None or (session is not None and old.dialogue_id != session.dialogue_id)
    previous = record.message_id if record is not None else None
    was_result = old is not None and old.state == RESULT
    # The same result shown again (e.g. after /lang): the old one stays valid.
    redisplay = was_result and step.result is not None and not new_dialogue
    withdrawn = was_result and not new_dialogue and step.question is not None
    if withdrawn and previous is not None:
        # First of all: nobody must copy a result whose answer is being changed.
        await retire(ctx, previous, finished=False, withdrawn=True)
        await withdraw_records(ctx)
        await withdraw_group_post(ctx)
    link = ctx.private_link(session.score if session else None)
    prefix = ""
    if outcome.info is Info.LANG_SET:
        prefix = HTML.escape(ui(lang)["lang_set"]) + "\n\n"
    problem = line_problem(outcome, HTML)  # a one-line score's bad token, before its question
    if problem:
        prefix += problem + "\n\n"
    view = step_view(step, lang, link)
    if redisplay and previous is not None and session is not None:
        # The same result in another language: edited in place (without the "Language: …"
        # line), so there is only ever one copy of a result to withdraw if an answer
        # changes later.
        await quietly(
            message.get_bot().edit_message_text(
                chat_id=chat.id,
                message_id=previous,
                text=view.text,
                parse_mode=ParseMode.HTML,
                reply_markup=view.keyboard,
            )
        )
        ctx.save(session, shown=view.fingerprint())
        await redisplay_records(ctx, session, view, previous)
        return
    view = step_view(step, lang, link, before=prefix)
    if session is None:
        ctx.drop()
        await send(message, view, reply=reply)
    else:
        if (
            new_dialogue
            and record is not None
            and record.origin_chat is not None
            and step.notice is not None
            and step.notice.kind in (NoticeKind.RESTARTED, NoticeKind.SCORE_UPDATED)
        ):
            # A restart of a score continued from a group: its result still goes there.
            ctx.save(
                session,
                fresh=True,
                origin_chat=record.origin_chat,
                origin_message=record.origin_message,
                group_lang=record.group_lang,
            )
        else:
            ctx.save(session, fresh=new_dialogue)
        # The new state is kept even if sending fails (the context is written at the end
        # of the update in any case). A message lost on its way is not sent again (it may
        # have arrived): the dialogue's previous message is edited to show it instead.
        in_place = previous if not (new_dialogue or withdrawn) else None
        if await _send_or_show_in(ctx, session, view, in_place):
            previous = None  # it is the dialogue's message again: nothing to retire
        if step.result is not None and not redisplay:
            await post_to_group(ctx, step, lang)
    if previous is not None and not withdrawn:
        await retire(
            ctx,
            previous,
            finished=step.result is not None and not new_dialogue,
            abandoned=new_dialogue
            and old is not None
            and old.state != RESULT
            and bool(old.answers),
        )
