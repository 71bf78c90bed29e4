"""The python-telegram-bot application: thin handlers that decode, call the engine, save, render.

Every dialogue lives in the store, keyed by (chat, user), so several clinicians can
each run their own score in the same group and a restart of the process loses
nothing. Button presses edit one message in place; typed answers and results come
as new messages. Only ids, score ids, timings and error types are logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, ValidationError
from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Chat,
    Message,
    Update,
    User,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.callbacks import Action, Callback, decode_callback, decode_group_payload, group_payload
from bot.config import Settings
from bot.processing import PerChatUpdateProcessor
from bot.ratelimit import TelegramRateLimiter
from bot.store import Store
from bot.views import View, status_text, step_view
from dialogs.chat import (
    Command,
    Info,
    Outcome,
    handle_line,
    parse_command,
    parse_lang,
    render_outcome,
)
from dialogs.engine import RESULT, Engine, NoticeKind, Step
from dialogs.i18n import ui
from dialogs.render import HTML, PLAIN, render_notice
from dialogs.session import Session
from scoring import Lang

logger = logging.getLogger("bonemet.bot")

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
STALE_KINDS = (NoticeKind.STALE, NoticeKind.NOTHING_TO_GO_BACK)
SWEEP_EVERY_SECONDS = 600.0


class Record(BaseModel):
    """What the bot stores for one dialogue: the engine's session and where it is shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    v: Literal[1] = 1
    """Format of this record."""
    session: str
    """The dialogue session's JSON (dialogs.session.Session)."""
    message_id: int | None = None
    """The message whose buttons drive this dialogue."""
    origin_chat: int | None = None
    """For a dialogue continued in private: the group where the result is also posted."""
    origin_message: int | None = None
    """The group message the dialogue came from (the posted result replies to it)."""
    posted_message: int | None = None
    """The result last posted to the origin group, withdrawn there if an answer changes."""
    shown: str | None = None
    """Fingerprint of what `message_id` shows now, so an edit never repeats it."""


@dataclass(frozen=True)
class _Press:
    """Where a button press happened."""

    message: Message
    chat: Chat
    user: User
    lang: Lang
    bot_username: str | None
    record: Record | None


def lang_of(user: User | None, stored: str | None) -> Lang:
    """The user's language: their /lang choice, else French for fr* Telegram clients."""
    if stored in ("fr", "en"):
        return cast(Lang, stored)
    code = (user.language_code or "") if user else ""
    return "fr" if code.lower().startswith("fr") else "en"


def bot_commands(lang: Lang, engine: Engine) -> list[BotCommand]:
    """The command menu in `lang`: start, help, one command per score, then navigation."""
    t = ui(lang)
    commands = [BotCommand("start", t["cmd_start"]), BotCommand("help", t["cmd_help"])]
    commands += [BotCommand(s.id, s.title(lang)[:256]) for s in engine.scores.values()]
    commands += [
        BotCommand(name, t[f"cmd_{name}"])
        for name in ("back", "restart", "cancel", "lang", "forget")
    ]
    return commands


class BonemetBot:
    """The handlers, bound to one engine, one store and the settings."""

    def __init__(self, settings: Settings, store: Store, engine: Engine | None = None) -> None:
        self.settings = settings
        self.store = store
        self.engine = engine or Engine()
        token = (
            settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
        )
        # Deep-link signatures: derived from the token, never stored or logged.
        self._link_secret = hashlib.sha256(b"bonemet-link|" + token.encode()).hexdigest()
        self._ttl = settings.bonemet_dialogue_ttl_hours * 3600.0
        self._refused: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None

    # -- wiring --------------------------------------------------------------------------

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the handlers to `app`."""
        app.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.on_text))
        app.add_handler(
            MessageHandler(
                filters.UpdateType.MESSAGE & ~filters.TEXT & filters.ChatType.PRIVATE,
                self.on_other,
            )
        )
        app.add_handler(
            MessageHandler(
                filters.UpdateType.EDITED_MESSAGE & filters.ChatType.PRIVATE, self.on_edited
            )
        )
        app.add_handler(CallbackQueryHandler(self.on_callback))
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
        """Delete abandoned dialogues (older than the TTL)."""
        deleted = self.store.sweep(older_than_seconds=self._ttl)
        if deleted:
            logger.info("swept %d expired dialogues", deleted)
        return deleted

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(min(SWEEP_EVERY_SECONDS, self._ttl))
            self.sweep()

    # -- storage -------------------------------------------------------------------------

    def _load(self, chat_id: int, user_id: int) -> Record | None:
        stored = self.store.get_dialogue(chat_id, user_id)
        if stored is None:
            return None
        if time.time() - stored.updated_at > self._ttl:
            self.store.delete_dialogue(chat_id, user_id)
            return None
        try:
            return Record.model_validate_json(stored.data)
        except ValidationError:
            self.store.delete_dialogue(chat_id, user_id)
            return None

    def _save(
        self,
        chat_id: int,
        user_id: int,
        session: Session | None,
        record: Record | None,
        **changes: Any,
    ) -> Record | None:
        if session is None:
            self.store.delete_dialogue(chat_id, user_id)
            return None
        if record is not None and self.store.get_dialogue(chat_id, user_id) is None:
            # Deleted while this update awaited Telegram (/forget in another chat, a move
            # to private, the sweep): never write it back.
            return None
        base = record or Record(session=session.to_json())
        restart = (
            record is None or Session.from_json(record.session).dialogue_id != session.dialogue_id
        )
        new = base.model_copy(update={"session": session.to_json(), **changes})
        self.store.put_dialogue(chat_id, user_id, new.model_dump_json(), restart=restart)
        return new

    def _owner_of(self, chat_id: int, message_id: int) -> int | None:
        for stored in self.store.dialogues_in_chat(chat_id):
            try:
                record = Record.model_validate_json(stored.data)
            except ValidationError:
                continue
            if record.message_id == message_id:
                return stored.user_id
        return None

    def _continued_in_private(self, group_id: int, user_id: int) -> bool:
        """Whether the member's score from this group now continues in their private chat."""
        record = self._load(user_id, user_id)
        return record is not None and record.origin_chat == group_id

    def _allowed(self, chat_id: int, record: Record | None) -> bool:
        allowed = self.settings.bonemet_allowed_chats
        if not allowed or chat_id in allowed:
            return True
        return record is not None and record.origin_chat in allowed

    def _lang(self, user: User) -> Lang:
        return lang_of(user, self.store.get_lang(user.id))

    def _private_link(
        self, bot_username: str | None, chat: Chat, user: User, score: str
    ) -> str | None:
        if chat.type not in GROUP_TYPES or not bot_username:
            return None
        payload = group_payload(self._link_secret, score, chat.id, user.id)
        return f"https://t.me/{bot_username}?start={payload}"

    # -- sending -------------------------------------------------------------------------

    @staticmethod
    async def _quietly(call: Awaitable[Any]) -> None:
        """Run a cosmetic call (removing an old keyboard) that may legitimately fail."""
        try:
            await call
        except BadRequest as error:
            logger.debug("cosmetic call refused: %s", type(error).__name__)

    async def _send(self, message: Message, view: View, *, reply: bool) -> Message:
        return await message.get_bot().send_message(
            chat_id=message.chat_id,
            text=view.text,
            parse_mode=ParseMode.HTML,
            reply_markup=view.keyboard,
            reply_to_message_id=message.message_id if reply else None,
            allow_sending_without_reply=True,
        )

    async def _send_tracked(
        self,
        message: Message,
        user_id: int,
        session: Session,
        record: Record | None,
        view: View,
        *,
        reply: bool,
    ) -> Record | None:
        """Send the dialogue's new message and remember it (its buttons drive the dialogue)."""
        sent = await self._send(message, view, reply=reply)
        return self._save(
            message.chat_id,
            user_id,
            session,
            record,
            message_id=sent.message_id,
            shown=view.fingerprint(),
        )

    # -- handlers ------------------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command or a typed answer."""
        started = time.perf_counter()
        message, chat, user = update.effective_message, update.effective_chat, update.effective_user
        if message is None or chat is None or user is None or message.text is None or user.is_bot:
            return
        if chat.type not in (ChatType.PRIVATE, *GROUP_TYPES):
            return
        bot_username = context.bot.username
        command = parse_command(message.text, bot_username)
        group = chat.type in GROUP_TYPES
        if group and command is None and not self._is_reply_to_bot(message, context.bot.id):
            return  # group chatter is not an answer: only commands and replies to the bot are
        lang = self._lang(user)
        if (
            command is not None
            and command.name == "start"
            and await self._start_from_group(message, user, lang, command.argument)
        ):
            # Checked before the allowlist: a group's link is allowed when the group is.
            self._log(update, "start_link", "-", started)
            return
        record = self._load(chat.id, user.id)
        refused = await self._gate(message, user, record, lang, command)
        if refused is not None:
            self._log(update, refused, "-", started)
            return
        handled = await self._before_dialogue(message, user, record, lang, command)
        if handled is not None:
            self._log(update, handled, "-", started)
            return

        session: Session | None = None
        if record is not None:
            loaded = self.engine.load(record.session)
            if loaded.notice is not None:  # the score changed, or the record is unreadable
                ctx = _Press(message, chat, user, lang, bot_username, record)
                await self._respond(ctx, Outcome(loaded.session, lang, step=loaded))
                self._log(
                    update, "reload", loaded.session.score if loaded.session else "-", started
                )
                return
            session = loaded.session
            if session is not None and session.lang != lang:
                # Typed labels are matched in the language the question is shown in.
                session = session.model_copy(update={"lang": lang})

        outcome = handle_line(self.engine, session, lang, message.text, bot_username)
        if outcome.step is None:
            await self._send(message, View(render_outcome(outcome, HTML)), reply=group)
        else:
            ctx = _Press(message, chat, user, lang, bot_username, record)
            await self._respond(ctx, outcome)
        score_id = outcome.session.score if outcome.session else "-"
        self._log(update, "command" if command else "answer", score_id, started)

    async def _before_dialogue(
        self,
        message: Message,
        user: User,
        record: Record | None,
        lang: Lang,
        command: Command | None,
    ) -> str | None:
        """Handle what is not a step of the dialogue; returns what was handled, if anything."""
        group = message.chat.type in GROUP_TYPES
        if command is None:
            if group and not await self._reply_is_for_own_dialogue(message, user, record, lang):
                return "reply_elsewhere"
            return None
        if command.name == "lang":
            # handle_line computes and shows the same switch from the current language.
            new_lang = parse_lang(command.argument, lang)
            if new_lang is not None:
                self.store.set_lang(user.id, new_lang)
        return None

    async def _gate(
        self,
        message: Message,
        user: User,
        record: Record | None,
        lang: Lang,
        command: Command | None,
    ) -> str | None:
        """/forget (always possible) and the allowlist; returns what stopped the update."""
        if command is not None and command.name == "forget":
            # Erasing is a right, not a feature: it works even where the bot is not open.
            await self._forget(message, user, lang)
            return "forget"
        if not self._allowed(message.chat_id, record):
            await self._refuse(message)
            return "refused"
        if (
            command is not None
            and command.name in self.engine.scores
            and not self._allowed(message.chat_id, None)
        ):
            # A private chat open only for a score continued from an allowed group.
            reply = message.chat.type in GROUP_TYPES
            await self._send(message, View(HTML.escape(ui(lang)["only_group_scores"])), reply=reply)
            return "refused_score"
        return None

    async def _forget(self, message: Message, user: User, lang: Lang) -> None:
        """/forget: retire the user's keyboards, delete everything stored, confirm."""
        await self._retire_all(message, user)
        self.store.forget_user(user.id)
        reply = message.chat.type in GROUP_TYPES
        await self._send(message, View(HTML.escape(ui(lang)["forgotten"])), reply=reply)

    async def _retire_all(self, message: Message, user: User) -> None:
        """Remove the keyboards of every dialogue of `user` (before forgetting them)."""
        bot = message.get_bot()
        for stored in self.store.dialogues_of_user(user.id):
            try:
                record = Record.model_validate_json(stored.data)
            except ValidationError:
                continue
            if record.message_id is not None:
                await self._quietly(
                    bot.edit_message_reply_markup(
                        chat_id=stored.chat_id, message_id=record.message_id, reply_markup=None
                    )
                )

    async def _reply_is_for_own_dialogue(
        self, message: Message, user: User, record: Record | None, lang: Lang
    ) -> bool:
        """In a group, a typed answer must reply to the member's own current question.

        A reply to someone else's question is refused (it would otherwise answer the
        member's own dialogue by accident); a reply to an old message gets a pointer to
        the current one; a reply with no score in progress is ordinary conversation.
        """
        replied = message.reply_to_message
        target = replied.message_id if replied is not None else None
        if record is not None and target == record.message_id:
            return True
        owner = self._owner_of(message.chat_id, target) if target is not None else None
        if owner is not None and owner != user.id:
            text = ui(lang)["foreign_own" if record is not None else "foreign"]
            await self._send(message, View(HTML.escape(text)), reply=True)
        elif record is not None:
            await self._send(message, View(HTML.escape(ui(lang)["reply_current"])), reply=True)
        return False

    async def _respond(self, ctx: _Press, outcome: Outcome) -> None:
        """Show a step as a new message; the previous dialogue message loses its keyboard."""
        step, lang = outcome.step, outcome.lang
        assert step is not None  # noqa: S101 - the caller checked
        message, chat, user, record = ctx.message, ctx.chat, ctx.user, ctx.record
        reply = chat.type in GROUP_TYPES
        session = step.session
        if session is not None and step.question is None and step.result is None:
            # A notice about a dialogue that stays as it is (e.g. typing after a result):
            # its message and buttons stay live.
            await self._send(message, step_view(step, lang), reply=reply)
            return
        old = Session.from_json(record.session) if record is not None else None
        new_dialogue = old is None or (
            session is not None and old.dialogue_id != session.dialogue_id
        )
        previous = record.message_id if record is not None else None
        was_result = old is not None and old.state == RESULT
        # The same result shown again (e.g. after /lang): the old one stays valid.
        redisplay = was_result and step.result is not None and not new_dialogue
        withdrawn = was_result and not new_dialogue and step.question is not None
        if withdrawn and record is not None and previous is not None:
            # First of all: nobody must copy a result whose answer is being changed.
            await self._retire(ctx, previous, finished=False, withdrawn=True)
            record = await self._withdraw_group_post(ctx, record)
        link = self._private_link(ctx.bot_username, chat, user, session.score) if session else None
        prefix = ""
        if outcome.info is Info.LANG_SET:
            prefix = HTML.escape(ui(lang)["lang_set"]) + "\n\n"
        view = step_view(step, lang, link)
        view = View(prefix + view.text, view.keyboard)
        if redisplay and previous is not None and session is not None:
            # The same result in another language: edited in place, so there is only
            # ever one copy of a result to withdraw if an answer changes later.
            view = step_view(step, lang, link)  # the result alone, no "Language: …" line
            await self._quietly(
                message.get_bot().edit_message_text(
                    chat_id=chat.id,
                    message_id=previous,
                    text=view.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=view.keyboard,
                )
            )
            self._save(chat.id, user.id, session, record, shown=view.fingerprint())
            return
        if session is None:
            self._save(chat.id, user.id, None, record)
            await self._send(message, view, reply=reply)
        else:
            base = None if new_dialogue else record
            if (
                new_dialogue
                and record is not None
                and record.origin_chat is not None
                and step.notice is not None
                and step.notice.kind in (NoticeKind.RESTARTED, NoticeKind.SCORE_UPDATED)
            ):
                # A restart of a score continued from a group: its result still goes there.
                base = Record(
                    session=session.to_json(),
                    origin_chat=record.origin_chat,
                    origin_message=record.origin_message,
                )
            # Save, then send, then retire the old message: if anything fails in between,
            # the old message keeps its buttons, and its next tap re-shows the current
            # state in it instead of losing the answer.
            saved = self._save(chat.id, user.id, session, base)
            saved = await self._send_tracked(message, user.id, session, saved, view, reply=reply)
            if step.result is not None and saved is not None and not redisplay:
                await self._post_to_group(message, user.id, saved, step, lang)
        if previous is not None and not withdrawn:
            await self._retire(
                ctx,
                previous,
                finished=step.result is not None and not new_dialogue,
                abandoned=new_dialogue
                and old is not None
                and old.state != RESULT
                and bool(old.answers),
            )

    async def _retire(
        self,
        ctx: _Press,
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
        if key is not None and ctx.record is not None:
            score = Session.from_json(ctx.record.session).score
            call = bot.edit_message_text(
                chat_id=ctx.chat.id,
                message_id=message_id,
                text=self._status(score, ctx.lang, key),
                parse_mode=ParseMode.HTML,
            )
        else:
            call = bot.edit_message_reply_markup(
                chat_id=ctx.chat.id, message_id=message_id, reply_markup=None
            )
        await self._quietly(call)

    async def _withdraw_group_post(self, ctx: _Press, record: Record) -> Record:
        """Withdraw the copy of a result posted to the origin group, if there is one."""
        if record.origin_chat is None or record.posted_message is None:
            return record
        await self._quietly(
            ctx.message.get_bot().edit_message_text(
                chat_id=record.origin_chat,
                message_id=record.posted_message,
                text=self._status(Session.from_json(record.session).score, ctx.lang, "withdrawn"),
                parse_mode=ParseMode.HTML,
            )
        )
        return record.model_copy(update={"posted_message": None})

    def _status(self, score_id: str, lang: Lang, key: str) -> str:
        """A status line about the score `score_id` (done, withdrawn, abandoned...)."""
        return status_text(key, self.engine.scores[score_id].title(lang), lang)

    async def _start_from_group(
        self, message: Message, user: User, lang: Lang, payload: str
    ) -> bool:
        """`/start <payload>` from a group's private link: the group's score continues here.

        Only a score in progress in the group moves (with its answers); pressing the link
        again re-shows the question where it is; a link whose group score has ended
        starts a private score that is not posted to the group.
        """
        if message.chat.type != ChatType.PRIVATE or not payload.startswith("g-"):
            return False
        decoded = decode_group_payload(self._link_secret, payload, user.id)
        if decoded is None or decoded[0] not in self.engine.scores:
            await self._send(message, View(HTML.escape(ui(lang)["link_not_yours"])), reply=False)
            return True
        score_id, group_id = decoded
        allowed = self.settings.bonemet_allowed_chats
        if allowed and group_id not in allowed and message.chat.id not in allowed:
            await self._refuse(message)
            return True
        here = self._load(message.chat.id, user.id)
        if here is not None and here.origin_chat == group_id:
            loaded = self.engine.load(here.session)
            if (
                loaded.notice is None
                and loaded.session is not None
                and loaded.session.score == score_id
                and loaded.session.state != RESULT
            ):
                ctx = _Press(message, message.chat, user, lang, None, here)
                await self._respond(ctx, Outcome(loaded.session, lang, step=loaded))
                return True
        step, origin_message = await self._take_over_group_dialogue(
            message, user, lang, score_id, group_id
        )
        assert step.session is not None  # noqa: S101 - start and show give a session
        if here is not None and here.message_id is not None:
            await self._quietly(
                message.get_bot().edit_message_reply_markup(
                    chat_id=message.chat.id, message_id=here.message_id, reply_markup=None
                )
            )
        linked = origin_message is not None
        if not linked and allowed and message.chat.id not in allowed:
            # Only the group is open: a private score not tied to it could not go on.
            await self._send(
                message, View(HTML.escape(ui(lang)["group_ended_closed"])), reply=False
            )
            return True
        record = Record(
            session=step.session.to_json(),
            origin_chat=group_id if linked else None,
            origin_message=origin_message,
        )
        self.store.put_dialogue(message.chat.id, user.id, record.model_dump_json(), restart=True)
        view = step_view(step, lang)
        hint = HTML.escape(ui(lang)["group_started" if linked else "group_ended"])
        view = View(hint + "\n\n" + view.text, view.keyboard)
        await self._send_tracked(message, user.id, step.session, record, view, reply=False)
        return True

    async def _take_over_group_dialogue(
        self, message: Message, user: User, lang: Lang, score_id: str, group_id: int
    ) -> tuple[Step, int | None]:
        """The member's score in progress in the group, moved here with its answers.

        The group's question message is closed with a pointer, so the score cannot run
        on in both places, and the result will reply to it in the group. Without a score
        in progress there: a new score, and no group message to reply to (None).
        """
        record = self._load(group_id, user.id)
        if record is None:
            return self.engine.start(score_id, lang), None
        loaded = self.engine.load(record.session)
        session = loaded.session
        if (
            loaded.notice is not None
            or session is None
            or session.score != score_id
            or session.state == RESULT
        ):
            return self.engine.start(score_id, lang), None
        self.store.delete_dialogue(group_id, user.id)
        if record.message_id is not None:
            text = self._status(score_id, lang, "continued_private")
            await self._quietly(
                message.get_bot().edit_message_text(
                    chat_id=group_id, message_id=record.message_id, text=text
                )
            )
        return self.engine.with_lang(session, lang), record.message_id

    async def _post_to_group(
        self, message: Message, user_id: int, record: Record, step: Step, lang: Lang
    ) -> None:
        """A result computed in private is also posted, alone, to the group it came from.

        It replies to the group's question message (itself a reply to the member's
        command), so the group sees whose score it is without the bot naming anyone.
        """
        if record.origin_chat is None or step.session is None:
            return
        view = step_view(Step(None, result=step.result), lang)
        try:
            posted = await message.get_bot().send_message(
                chat_id=record.origin_chat,
                text=view.text,
                parse_mode=ParseMode.HTML,
                reply_to_message_id=record.origin_message,
                allow_sending_without_reply=True,
            )
            # Remember it, so changing an answer afterwards can withdraw it there too.
            self._save(
                message.chat.id,
                user_id,
                step.session,
                record,
                posted_message=posted.message_id,
            )
        except TelegramError as error:
            logger.warning("posting a result to its group failed: %s", type(error).__name__)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: answered every time, applied only if it matches the stored dialogue."""
        started = time.perf_counter()
        query = update.callback_query
        if query is None:
            return
        user = query.from_user
        lang = self._lang(user)
        t = ui(lang)
        callback = decode_callback(query.data)
        message = query.message
        if callback is None or not isinstance(message, Message):
            await query.answer(t["expired"])
            self._log(update, "callback_invalid", "-", started)
            return
        chat = message.chat
        record = self._load(chat.id, user.id)
        if not self._allowed(chat.id, record):
            await query.answer(t["refused"], show_alert=True)
            return
        if record is None or record.message_id != message.message_id:
            owner = self._owner_of(chat.id, message.message_id)
            foreign = owner is not None and owner != user.id
            if foreign:
                text = t["foreign"]
            elif record is None and self._continued_in_private(chat.id, user.id):
                text = t["continued_elsewhere"]
            else:
                text = t["expired" if record else "expired_none"]
            await query.answer(text, show_alert=foreign)
            self._log(update, "callback_foreign" if foreign else "callback_stale", "-", started)
            return
        ctx = _Press(message, chat, user, lang, context.bot.username, record)
        loaded = self.engine.load(record.session)
        session = loaded.session
        if loaded.notice is not None or session is None:
            if session is None:  # unreadable: drop it, as a typed message would
                self._save(chat.id, user.id, None, record)
            await asyncio.gather(
                query.answer(self._plain_notice(loaded, lang)), self._edit(ctx, loaded)
            )
            return
        if callback.dialogue_id != session.dialogue_id or callback.score != session.score:
            await query.answer(t["expired"])
            self._log(update, "callback_stale", session.score, started)
            return
        step = self._apply(session, callback)
        if step.notice is not None and step.notice.kind in STALE_KINDS:
            # A double tap or an old keyboard: say so, and re-show the current state.
            await asyncio.gather(
                query.answer(self._plain_notice(step, lang)),
                self._edit(ctx, self.engine.show(session)),
            )
            self._log(update, "callback_stale", session.score, started)
            return
        await self._show_press(query.answer, ctx, callback, step)
        self._log(update, f"callback_{callback.action.name.lower()}", session.score, started)

    def _apply(self, session: Session, callback: Callback) -> Step:
        """The engine event a button stands for."""
        if callback.action is Action.ANSWER:
            return self.engine.choose(session, callback.item, callback.option)
        if callback.action is Action.BACK:
            return self.engine.back(session, expected_item=callback.item)
        if callback.action is Action.CANCEL:
            return self.engine.cancel(session)
        if session.state == RESULT:  # REOPEN, from a result's button
            return self.engine.back(session)
        return self.engine.show(session)

    async def _show_press(
        self,
        answer: Callable[..., Awaitable[Any]],
        ctx: _Press,
        callback: Callback,
        step: Step,
    ) -> None:
        """Answer the press and show its step: edit in place, or a new message for results."""
        chat_id, user_id, record, lang = ctx.chat.id, ctx.user.id, ctx.record, ctx.lang
        session = step.session
        if session is None:  # cancelled
            self._save(chat_id, user_id, None, record)
            text = render_notice(step.notice, lang, HTML) if step.notice else ""
            await asyncio.gather(answer(), ctx.message.edit_text(text, parse_mode=ParseMode.HTML))
            return
        saved = self._save(chat_id, user_id, session, record)
        if callback.action is Action.REOPEN:
            # The result stays readable; the reopened question comes as a new message.
            withdrawn = self._status(session.score, lang, "withdrawn")
            await asyncio.gather(
                answer(),
                self._quietly(ctx.message.edit_text(withdrawn, parse_mode=ParseMode.HTML)),
            )
            if saved is not None:
                saved = await self._withdraw_group_post(ctx, saved)
            view = step_view(
                step, lang, self._private_link(ctx.bot_username, ctx.chat, ctx.user, session.score)
            )
            await self._send_tracked(
                ctx.message, user_id, session, saved, view, reply=ctx.chat.type in GROUP_TYPES
            )
        elif step.result is not None:
            # The result first: if sending it fails, the question keeps its buttons and
            # the next tap shows the result in it. In a group the result replies to the
            # question (itself a reply to the member's command): everyone sees whose it is.
            _, saved = await asyncio.gather(
                answer(),
                self._send_tracked(
                    ctx.message,
                    user_id,
                    session,
                    saved,
                    step_view(step, lang),
                    reply=ctx.chat.type in GROUP_TYPES,
                ),
            )
            await self._quietly(
                ctx.message.edit_text(
                    self._status(session.score, lang, "done"), parse_mode=ParseMode.HTML
                )
            )
            if saved is not None:
                await self._post_to_group(ctx.message, user_id, saved, step, lang)
        else:
            if saved is None:  # the dialogue was deleted meanwhile (/forget elsewhere)
                await answer()
                return
            await asyncio.gather(
                answer(self._plain_notice(step, lang) or None),
                self._edit(replace(ctx, record=saved), step),
            )

    @staticmethod
    def _plain_notice(step: Step, lang: Lang) -> str:
        """A notice as a callback answer (plain text, no markup)."""
        return render_notice(step.notice, lang, PLAIN) if step.notice else ""

    async def _edit(self, ctx: _Press, step: Step) -> None:
        """Show `step` in the dialogue's own message, unless it already shows exactly that."""
        score = step.session.score if step.session else None
        link = self._private_link(ctx.bot_username, ctx.chat, ctx.user, score) if score else None
        view = step_view(step, ctx.lang, link)
        shown = view.fingerprint()
        if ctx.record is not None and ctx.record.shown == shown:
            return  # Telegram refuses an edit that changes nothing ("message is not modified")
        await self._quietly(
            ctx.message.edit_text(view.text, parse_mode=ParseMode.HTML, reply_markup=view.keyboard)
        )
        if step.session is not None:
            self._save(ctx.chat.id, ctx.user.id, step.session, ctx.record, shown=shown)

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, photo or voice note in private: ask for text."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        record = self._load(message.chat_id, user.id)
        if not self._allowed(message.chat_id, record):
            await self._refuse(message)
            return
        await self._send(message, View(HTML.escape(ui(self._lang(user))["not_text"])), reply=False)

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message in private: say that edits do not change recorded answers."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or user.is_bot:
            return
        if not self._allowed(message.chat_id, self._load(message.chat_id, user.id)):
            return
        text = HTML.escape(ui(self._lang(user))["edited"])
        await message.get_bot().send_message(
            chat_id=message.chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_to_message_id=message.message_id,
            allow_sending_without_reply=True,
        )

    async def _refuse(self, message: Message) -> None:
        """One polite refusal per chat, then silence."""
        if message.chat_id in self._refused:
            return
        self._refused.add(message.chat_id)
        await self._send(
            message,
            View(HTML.escape(ui("fr")["refused"] + "\n" + ui("en")["refused"])),
            reply=False,
        )

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
        # The error's message is not logged: it may quote a user's text.
        logger.error("update %s failed: %s at %s", update_id, type(error).__name__, frames)
        if not isinstance(update, Update):
            return
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                chat_id=chat.id, text=HTML.escape(ui(lang_of(user, None))["error"])
            )

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _is_reply_to_bot(message: Message, bot_id: int) -> bool:
        replied = message.reply_to_message
        return (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot_id
        )

    @staticmethod
    def _log(update: Update, kind: str, score: str, started: float) -> None:
        logger.info(
            "update=%s kind=%s score=%s ms=%.1f",
            update.update_id,
            kind,
            score,
            (time.perf_counter() - started) * 1000,
        )


def build_application(
    settings: Settings,
    store: Store | None = None,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
) -> tuple[Application[Any, Any, Any, Any, Any, Any], BonemetBot]:
    """The configured Application (not started) and its handlers.

    The HTTP pool is small on purpose: with many chats in flight, httpcore's pool
    bookkeeping grows with its size (bench/bench_bot.py: 16 connections kept up with the
    30 msg/s cap at 50 clinicians on 50-200 ms round trips, for less CPU per update
    than 64 or PTB's default 256).
    """
    token = settings.require_token()
    store = store or Store.in_data_dir(settings.bonemet_data_dir)
    bonemet = BonemetBot(settings, store, engine)
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(
            TelegramRateLimiter(
                overall_max_rate=settings.bonemet_rate_limit,
                group_max_rate=20,
                group_time_period=60,
                max_retries=3,
            )
        )
        .request(request or HTTPXRequest(connection_pool_size=16))
        .get_updates_request(HTTPXRequest(connection_pool_size=1, read_timeout=40))
        .post_init(bonemet.post_init)
        .post_shutdown(bonemet.post_shutdown)
    )
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    app = builder.build()
    bonemet.register(app)
    return app, bonemet
