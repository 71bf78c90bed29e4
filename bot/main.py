"""`bonemet run` (long polling) and `bonemet webhook`: start the bot, stop it cleanly."""

from __future__ import annotations

import logging
import signal
import sys
from urllib.parse import urlsplit

from bot.app import build_application
from bot.config import ConfigError, load_settings
from bot.store import StoreError

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


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


def run_bot(mode: str) -> int:
    """Run until SIGINT/SIGTERM; returns the exit status (2 for a configuration error)."""
    try:
        settings = load_settings()
        settings.require_token()
        webhook = settings.require_webhook() if mode == "webhook" else None
    except ConfigError as error:
        print(f"bonemet: configuration error:\n{error}", file=sys.stderr)
        return 2
    _configure_logging(settings.bonemet_log_level)
    try:
        app, _ = build_application(settings)
    except StoreError as error:
        # Another process on the same data directory, or a directory that cannot be written.
        logging.getLogger("bonemet.bot").critical("cannot start: %s", error)
        return 1
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    if webhook is None:
        logging.getLogger("bonemet.bot").info("starting (long polling)")
        app.run_polling(allowed_updates=ALLOWED_UPDATES, stop_signals=stop_signals)
    else:
        logging.getLogger("bonemet.bot").info(
            "starting (webhook on %s:%d)", webhook.host, webhook.port
        )
        app.run_webhook(
            listen=webhook.host,
            port=webhook.port,
            # Listen on the public URL's path, so a reverse proxy can pass requests as they are.
            url_path=urlsplit(webhook.url).path.lstrip("/"),
            webhook_url=webhook.url,
            secret_token=webhook.secret,
            allowed_updates=ALLOWED_UPDATES,
            stop_signals=stop_signals,
        )
    logging.getLogger("bonemet.bot").info("stopped")
    return 0
