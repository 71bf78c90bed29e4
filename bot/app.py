"""The python-telegram-bot application: handler registration, lifecycle, errors.

Every dialogue lives in the store, keyed by (chat, user), so several clinicians can
each run their own score in the same group and a restart of the process loses
nothing. Button presses edit one message in place; typed answers and results come
as new messages. Only ids, score ids, timings and error types are logged.

Where things are:
- bot/context.py: the services every handler shares, and an update's context (the
  user's language and stored dialogue), loaded once and written once per update;
- bot/messages.py: commands and typed answers (and other content, edits);
- bot/buttons.py: button presses;
- bot/inline.py: inline queries (`@bot sins 3+3+2+2+3+1` in any chat);
- bot/groups.py: the group flow and the move of a member's score to private;
- bot/delivery.py: sending, editing, retiring and withdrawing dialogue messages;
- bot/views.py and bot/callbacks.py: what a message looks like, what a button carries.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import traceback
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import buttons, inline, messages
from bot.config import Settings
from bot.context import GROUP_TYPES, Record, Services, lang_of
from bot.processing import PerChatUpdateProcessor
from bot.ratelimit import TelegramRateLimiter
from bot.store import Store, StoreWriteError
from bot.transport import AiohttpRequest, PollingRequest
from dialogs.engine import Engine
from dialogs.i18n import ui
from dialogs.render import HTML
from scoring import Lang

__all__ = ["GROUP_TYPES", "BonemetBot", "Record", "bot_commands", "build_application", "lang_of"]

logger = logging.getLogger("bonemet.bot")

UPDATES_AT_ONCE = 64
"""Updates handled at once. Each waits mostly on Telegram (one to three calls of 50-200 ms), so
64 at once is 300-600 updates a second, ten times what Telegram lets a bot send; more only
raises the peak memory of a burst (bench/bench_load.py, scenario C: 10,000 users at once)."""
MAX_BACKLOG = 128
"""Fetched updates not finished yet beyond which the bot stops fetching: the rest of a burst
waits at Telegram, not in this process's memory."""

SWEEP_EVERY_SECONDS = 600.0


def bot_commands(lang: Lang, engine: Engine) -> list[BotCommand]:
    """The command menu in `lang`: start, help, one command per score, then navigation."""
    t = ui(lang)
    commands = [BotCommand("start", t["cmd_start"]), BotCommand("help", t["cmd_help"])]
    commands += [
        BotCommand(name, engine.definitions[flow_id].title(lang)[:256])
        for name, flow_id in engine.names.items()
    ]
    commands += [
        BotCommand(name, t[f"cmd_{name}"])
        for name in ("back", "restart", "cancel", "lang", "forget")
    ]
    return commands


class BonemetBot:
    """The bot's services, its handlers' registration and its lifecycle (sweeper, errors)."""

    def __init__(self, settings: Settings, store: Store, engine: Engine | None = None) -> None:
        self.services = Services.create(settings, store, engine)
        self._sweeper: asyncio.Task[None] | None = None
        self.polling = PollingRequest(max_backlog=MAX_BACKLOG)
        """The getUpdates client; set its `on_fatal` to learn that polling cannot go on."""

    @property
    def settings(self) -> Settings:
        """The settings the bot runs with."""
        return self.services.settings

    @property
    def store(self) -> Store:
        """Where dialogues and language choices are kept."""
        return self.services.store

    @property
    def engine(self) -> Engine:
        """The dialogue engine."""
        return self.services.engine

    @property
    def link_secret(self) -> str:
        """The key signing links that move a group's score to private (never logged)."""
        return self.services.link_secret

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the handlers to `app`."""
        services = self.services
        app.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE & filters.TEXT,
                functools.partial(messages.on_text, services),
            )
        )
        app.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE & ~filters.TEXT & filters.ChatType.PRIVATE,
                functools.partial(messages.on_other, services),
            )
        )
        app.add_handler(
            MessageHandler(
                filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE,
                functools.partial(messages.on_edited, services),
            )
        )
        app.add_handler(CallbackQueryHandler(functools.partial(buttons.on_callback, services)))
        app.add_handler(InlineQueryHandler(functools.partial(inline.on_inline_query, services)))
        app.add_error_handler(self.on_error)

    async def post_init(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the command menus (fr and en, private and groups); start the sweeper."""
        for scope in (BotCommandScopeAllPrivateChats(), BotCommandScopeAllGroupChats()):
            await app.bot.set_my_commands(bot_commands("en", self.engine), scope=scope)
            await app.bot.set_my_commands(
                bot_commands("fr", self.engine), scope=scope, language_code="fr"
            )
        self.sweep()
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="bonemet-sweeper")

    async def post_shutdown(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop the sweeper and close the store (everything is already committed)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        self.store.close()

    def sweep(self) -> int:
        """Delete abandoned dialogues (older than the TTL); a failed sweep waits for the next."""
        try:
            deleted = self.store.sweep(older_than_seconds=self.services.ttl)
        except StoreWriteError as error:
            logger.warning("sweep failed: %s", error)
            return 0
        if deleted:
            logger.info("swept %d expired dialogues", deleted)
        return deleted

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(min(SWEEP_EVERY_SECONDS, self.services.ttl))
            self.sweep()

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error with the update id only, and tell the user their answers are kept."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        frames = (
            " < ".join(
                f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}"
                for f in reversed(traceback.extract_tb(error.__traceback__))
            )
            if error is not None
            else ""
        )
        if isinstance(error, StoreWriteError):
            # Its message is ours (the SQLite error name): full disk, read-only, I/O error.
            logger.error("update %s not saved: %s", update_id, error)
        else:
            # The error's message is not logged: it may quote a user's text.
            logger.error("update %s failed: %s at %s", update_id, type(error).__name__, frames)
        if not isinstance(update, Update):
            return
        query = update.callback_query
        if query is not None and query.id not in self.services.answered:
            with contextlib.suppress(TelegramError):
                await query.answer()
        if query is not None:
            self.services.answered.discard(query.id)
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        with contextlib.suppress(TelegramError):
            key = "not_saved" if isinstance(error, StoreWriteError) else "error"
            await context.bot.send_message(
                chat_id=chat.id, text=HTML.escape(ui(lang_of(user, None))[key])
            )


def build_application(
    settings: Settings,
    store: Store | None = None,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
) -> tuple[Application[Any, Any, Any, Any, Any, Any], BonemetBot]:
    """The configured Application (not started) and its handlers.

    Bot API calls go through bot/transport.py's aiohttp client (a fraction of httpx's CPU
    per call, bench/bench_bot.py), 32 connections for UPDATES_AT_ONCE updates; getUpdates
    has its own client, which reports a revoked token or a second poller to the runner
    (`bonemet.polling.on_fatal`).
    """
    token = settings.require_token()
    store = store or Store.in_data_dir(settings.bonemet_data_dir)
    bonemet = BonemetBot(settings, store, engine)
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(PerChatUpdateProcessor(UPDATES_AT_ONCE))
        .rate_limiter(
            TelegramRateLimiter(
                overall_max_rate=settings.bonemet_rate_limit,
                group_max_rate=20,
                group_time_period=60,
                max_retries=3,
            )
        )
        # Enough connections for the updates handled at once (most make one or two calls at
        # a time); a call waiting for one waits up to 5 s (a local queue, nothing sent yet)
        # rather than HTTPXRequest's 1 s, which failed updates during a burst of 10,000.
        .request(request or AiohttpRequest(connection_pool_size=32, pool_timeout=5.0))
        .get_updates_request(bonemet.polling)
        .post_init(bonemet.post_init)
        .post_shutdown(bonemet.post_shutdown)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    app = builder.build()
    queue = app.update_queue
    # asyncio.Queue counts the items not yet marked done; PTB marks an update done once
    # processed: the number of fetched updates still in this process.
    bonemet.polling.backlog = lambda: int(getattr(queue, "_unfinished_tasks", 0))
    bonemet.register(app)
    return app, bonemet
