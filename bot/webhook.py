"""The webhook listener: Telegram's POSTs in, checked, queued for the Application.

python-telegram-bot's own listener (tornado) compares the secret header with ``!=``,
whose time depends on how many leading characters match. This one compares SHA-256
digests with ``hmac.compare_digest``: its time depends neither on the secret nor on the
length of the guess. Otherwise it answers as PTB's does: 403 without the right secret or
for a body that is not JSON, 400 for an update that cannot be read, 200 once queued.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

__all__ = ["SECRET_HEADER", "WebhookServer", "secret_matches"]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name

logger = logging.getLogger("bonemet.bot")


def secret_matches(given: str | None, expected: bytes) -> bool:
    """Whether the header value equals the secret whose SHA-256 digest is ``expected``."""
    if given is None:
        return False
    digest = hashlib.sha256(given.encode("utf-8", "surrogateescape")).digest()
    return hmac.compare_digest(digest, expected)


class WebhookServer:
    """An aiohttp server on ``host:port`` taking updates on ``path`` for ``app``."""

    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        *,
        host: str,
        port: int,
        path: str,
        secret: str,
    ) -> None:
        """``path`` as in the public URL ("/telegram"); ``secret`` must not be empty."""
        if not secret:
            raise ValueError("a webhook needs a secret token")
        self._app = app
        self._host, self._port = host, port
        self._path = "/" + path.lstrip("/")
        self._digest = hashlib.sha256(secret.encode()).digest()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Start listening."""
        server = web.Application()
        server.router.add_post(self._path, self._receive)
        self._runner = web.AppRunner(server, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port, reuse_address=True).start()

    async def stop(self) -> None:
        """Stop listening (requests in flight are finished first)."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        # The secret first: nothing else about a forged request is looked at.
        if not secret_matches(request.headers.get(SECRET_HEADER), self._digest):
            return web.Response(status=403)
        if request.content_type != "application/json":
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self._app.bot)
        except Exception as error:  # as PTB's listener: any failure to read it is a 400
            # Never the body: it holds names and text.
            logger.warning("webhook: unreadable update (%s)", type(error).__name__)
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        await self._app.update_queue.put(update)
        return web.Response(status=200)
