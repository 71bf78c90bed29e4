"""Fixtures that run the real bot Application against the fake Telegram server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application, ContextTypes
from telegram.request import BaseRequest

from bot.app import BonemetBot, build_application
from bot.config import Settings, load_settings
from bot.webhook import WebhookServer
from dialogs.engine import Engine
from tests.bot.fake_telegram import TOKEN, FakeTelegram


@dataclass
class Running:
    """A started bot and the fake server it talks to."""

    fake: FakeTelegram
    app: Application[Any, Any, Any, Any, Any, Any]
    bot: BonemetBot
    settings: Settings
    errors: list[BaseException] = field(default_factory=list)
    webhook: WebhookServer | None = None
    """The webhook listener, when the bot gets its updates by webhook."""

    def assert_clean(self) -> None:
        """No handler error, no call Telegram would reject, every button press and inline
        query answered."""
        assert self.errors == [], self.errors
        assert self.fake.rejected == [], self.fake.rejected
        assert self.fake.errors == [], self.fake.errors
        assert self.fake.unanswered_callbacks() == [], self.fake.dump()
        assert self.fake.unanswered_inline_queries() == []


def group_with_member(
    fake: FakeTelegram, group: int, member: int, name: str = "Dr G", lang: str = "fr"
) -> None:
    """A group "RCP" whose one member also has a private chat with the bot (to continue a
    dialogue there)."""
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, member, name, lang)
    fake.private_chat(member, name, lang)


async def start_application(
    fake: FakeTelegram,
    data_dir: Path,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
    **overrides: Any,
) -> Running:
    """Build the real Application against `fake` and start it, without fetching updates
    (with `engine`: running its flows rather than the registry's; with `request`: calling
    Telegram through it rather than the default client)."""
    settings = load_settings(
        telegram_bot_token=TOKEN,
        telegram_base_url=fake.base_url,
        bonemet_data_dir=data_dir,
        **overrides,
    )
    app, bonemet = build_application(settings, engine=engine, request=request)
    running = Running(fake, app, bonemet, settings)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Application.process_update only logs handler exceptions: record them so tests fail.
        if context.error is not None:
            running.errors.append(context.error)

    app.add_error_handler(record)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    return running


async def start_bot(
    fake: FakeTelegram,
    data_dir: Path,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
    **overrides: Any,
) -> Running:
    """Build and start the real Application (long polling) against `fake`."""
    running = await start_application(fake, data_dir, engine=engine, request=request, **overrides)
    await start_polling(running)
    return running


async def start_polling(running: Running) -> None:
    """Start fetching updates (long polling) for an Application already started."""
    assert running.app.updater is not None
    await running.app.updater.start_polling(poll_interval=0.0, timeout=1)


async def stop_bot(running: Running) -> None:
    """Stop polling and shut the Application down (flushing the store)."""
    app = running.app
    if running.webhook is not None:
        await running.webhook.stop()
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    await app.shutdown()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A started fake Telegram server."""
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def running(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Running]:
    """The bot running against the fake server; asserts a clean run at the end."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    bot = await start_bot(fake, tmp_path)
    try:
        yield bot
    finally:
        await stop_bot(bot)
    bot.assert_clean()
