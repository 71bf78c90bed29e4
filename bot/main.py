"""`bonemet run` (long polling) and `bonemet webhook`: start the bot, stop it cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Any
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.app import build_application
from bot.config import ConfigError, WebhookConfig, load_settings
from bot.store import StoreError
from bot.transport import PollingRequest
from bot.webhook import WebhookServer

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "inline_query"]

logger = logging.getLogger("bonemet.bot")


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request URL at INFO, and the URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # At DEBUG, python-telegram-bot logs its API URL (which holds the token), every
    # request's parameters and every update (names, texts): never below INFO for it.
    logging.getLogger("telegram").setLevel(max(logging.getLevelName(level), logging.INFO))
    # transitions logs every state change at INFO: noise, and item ids say what was asked.
    logging.getLogger("transitions").setLevel(logging.WARNING)


EXIT_CANNOT_START = 1
"""The data directory is in use by another process or cannot be written, or Telegram
cannot be reached at start-up."""
EXIT_CONFIG = 2
"""The configuration is invalid (one line per problem on stderr)."""
EXIT_REFUSED = 3
"""Telegram refuses this bot: token revoked or wrong, or another process polling with it.
Restarting cannot help: a systemd unit should not restart on it (RestartPreventExitStatus)."""


def run_bot(mode: str) -> int:
    """Run until SIGINT/SIGTERM; returns the exit status (see the EXIT_* constants)."""
    try:
        settings = load_settings()
        settings.require_token()
        webhook = settings.require_webhook() if mode == "webhook" else None
    except ConfigError as error:
        print(f"bonemet: configuration error:\n{error}", file=sys.stderr)
        return EXIT_CONFIG
    _configure_logging(settings.bonemet_log_level)
    try:
        app, bonemet = build_application(settings)
    except StoreError as error:
        # Another process on the same data directory, or a directory that cannot be written.
        logger.critical("cannot start: %s", error)
        return EXIT_CANNOT_START
    return asyncio.run(serve(app, bonemet.polling, webhook))


def _log_polling_error(error: TelegramError) -> None:
    # One line, not PTB's traceback; Telegram's descriptions hold no user text.
    logger.warning("getUpdates failed: %s: %s", type(error).__name__, error)


async def _start(
    app: Application[Any, Any, Any, Any, Any, Any], webhook: WebhookConfig | None
) -> WebhookServer | None:
    """Initialize and start `app`, fetching updates by long polling or by webhook."""
    await app.initialize()  # getMe: a wrong token stops here
    if app.post_init is not None:
        await app.post_init(app)
    server = None
    if webhook is None:
        logger.info("starting (long polling)")
        assert app.updater is not None  # noqa: S101 - build_application makes one
        await app.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, error_callback=_log_polling_error
        )
    else:
        logger.info("starting (webhook on %s:%d)", webhook.host, webhook.port)
        server = WebhookServer(
            app,
            host=webhook.host,
            port=webhook.port,
            # The public URL's path, so a reverse proxy can pass requests as they are.
            path=urlsplit(webhook.url).path,
            secret=webhook.secret,
        )
        await server.start()
        await app.bot.set_webhook(
            webhook.url, secret_token=webhook.secret, allowed_updates=ALLOWED_UPDATES
        )
    await app.start()
    return server


async def _shutdown(
    app: Application[Any, Any, Any, Any, Any, Any], server: WebhookServer | None
) -> None:
    """Stop fetching, finish the updates in progress, close everything (the store last)."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if server is not None:
        await server.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def serve(
    app: Application[Any, Any, Any, Any, Any, Any],
    polling: PollingRequest,
    webhook: WebhookConfig | None,
) -> int:
    """Run `app` until a stop signal or until Telegram refuses the bot; shut down cleanly
    either way; return the exit status."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    refused: list[str] = []

    def give_up(reason: str) -> None:
        if not refused:
            refused.append(reason)
            logger.critical("stopping: %s", reason)
        stop.set()

    polling.on_fatal = give_up
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server: WebhookServer | None = None
    status = 0
    try:
        server = await _start(app, webhook)
        await stop.wait()
    except InvalidToken as error:
        give_up(f"Telegram refuses the bot token ({error}): get the current one from @BotFather")
    except NetworkError as error:
        # Unreachable at start (DNS, proxy, outage): a restart later may work.
        logger.critical("cannot reach Telegram: %s: %s", type(error).__name__, error)
        status = EXIT_CANNOT_START
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await _shutdown(app, server)
    logger.info("stopped")
    return EXIT_REFUSED if refused else status
