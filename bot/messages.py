"""Handlers for messages: commands and typed answers, other content, edited messages."""

from __future__ import annotations

import time

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.context import GROUP_TYPES, Services, UpdateContext, log_update
from bot.delivery import refuse, respond, retire_all, send
from bot.groups import is_reply_to_bot, reply_is_for_own_dialogue, start_from_group
from bot.views import View
from dialogs.chat import (
    Command,
    Outcome,
    carry_pending,
    deep_link,
    handle_line,
    kind_of,
    parse_command,
    parse_lang,
    render_outcome,
)
from dialogs.i18n import ui
from dialogs.render import HTML


async def on_text(services: Services, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command or a typed answer: load the context once, handle the line, save once."""
    started = time.perf_counter()
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.text is None or user.is_bot:
        return
    if chat.type not in (ChatType.PRIVATE, *GROUP_TYPES):
        return
    command = parse_command(message.text, context.bot.username)
    if (
        chat.type in GROUP_TYPES
        and command is None
        and not is_reply_to_bot(message, context.bot.id)
    ):
        return  # group chatter is not an answer: only commands and replies to the bot are
    ctx = UpdateContext.load(services, message, chat, user, context.bot.username)
    try:
        kind, score = await _handle_line(ctx, command, message.text)
    finally:
        ctx.flush()
    log_update(update, kind, score, started)


async def _handle_line(ctx: UpdateContext, command: Command | None, text: str) -> tuple[str, str]:
    """Handle one line; returns what it was and the score concerned, for the log."""
    if (
        command is not None
        and command.name == "start"
        and await start_from_group(ctx, command.argument)
    ):
        # Checked before the allowlist: a group's link is allowed when the group is.
        return "start_link", "-"
    if command is not None:
        # A deep link to a score is that score's command, for the allowlist too.
        command = deep_link(ctx.services.engine, command)
    stopped = await _gate(ctx, command)
    if stopped is not None:
        return stopped, "-"
    handled = await _before_dialogue(ctx, command)
    if handled is not None:
        return handled, "-"
    engine, lang, session = ctx.services.engine, ctx.lang, None
    if ctx.record is not None:
        loaded = engine.load(ctx.record.session)
        if loaded.notice is not None:  # the score changed, or the record is unreadable
            await respond(ctx, Outcome(loaded.session, lang, step=loaded))
            return "reload", loaded.session.score if loaded.session else "-"
        session = loaded.session
        if session is not None and session.lang != lang:
            # Typed labels are matched in the language the question is shown in.
            session = session.model_copy(update={"lang": lang})
    outcome = handle_line(engine, session, lang, text, ctx.bot_username)
    kept = ctx.record.pending or {} if ctx.record is not None else {}
    outcome, kept = carry_pending(engine, outcome, kept, session.dialogue_id if session else None)
    if outcome.step is None:
        await send(ctx.message, View(render_outcome(outcome, HTML)), reply=ctx.group)
    else:
        await respond(ctx, outcome)
        ctx.keep_pending(kept)
    return "command" if command else "answer", outcome.session.score if outcome.session else "-"


async def _gate(ctx: UpdateContext, command: Command | None) -> str | None:
    """/forget (always possible) and the allowlist; returns what stopped the update."""
    services, message = ctx.services, ctx.message
    if command is not None and command.name == "forget":
        # Erasing is a right, not a feature: it works even where the bot is not open.
        await retire_all(services, message, ctx.user)
        services.store.forget_user(ctx.user.id)
        await send(message, View(HTML.escape(ui(ctx.lang)["forgotten"])), reply=ctx.group)
        return "forget"
    if not services.allowed(message.chat_id, ctx.record):
        await refuse(services, message)
        return "refused"
    flow_id = services.engine.flow_id(command.name) if command is not None else None
    if flow_id is not None and not services.allowed(message.chat_id, None):
        # A private chat open only for a score continued from an allowed group.
        text = HTML.escape(ui(ctx.lang, kind_of(services.engine, flow_id))["only_group_scores"])
        await send(message, View(text), reply=ctx.group)
        return "refused_score"
    return None


async def _before_dialogue(ctx: UpdateContext, command: Command | None) -> str | None:
    """Handle what is not a step of the dialogue; returns what was handled, if anything."""
    if command is None:
        if ctx.group and not await reply_is_for_own_dialogue(ctx):
            return "reply_elsewhere"
        return None
    if command.name == "lang":
        # handle_line computes and shows the same switch from the current language.
        new_lang = parse_lang(command.argument, ctx.lang)
        if new_lang is not None:
            ctx.services.store.set_lang(ctx.user.id, new_lang)
    return None


async def on_other(services: Services, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo or voice note in private: ask for text."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if not services.allowed(message.chat_id, services.load_record(message.chat_id, user.id)):
        await refuse(services, message)
        return
    await send(message, View(HTML.escape(ui(services.lang(user))["not_text"])), reply=False)


async def on_edited(services: Services, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message in private: say that edits do not change recorded answers."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    if not services.allowed(message.chat_id, services.load_record(message.chat_id, user.id)):
        return
    # Telegram delivers an edit as `edited_message`, which has no message to reply to
    # but the edited one itself.
    await message.get_bot().send_message(
        chat_id=message.chat_id,
        text=HTML.escape(ui(services.lang(user))["edited"]),
        parse_mode=ParseMode.HTML,
        reply_to_message_id=message.message_id,
        allow_sending_without_reply=True,
    )
