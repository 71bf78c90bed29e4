"""What one update works on: the shared services, and the context loaded once per update.

An update (a typed line, a button press) loads its user's language and stored dialogue
once, works on them in memory, and writes the dialogue back once, when it is done
(`UpdateContext.flush`, called even if the update fails half-way, so what was decided
before a failed send is kept, and the next tap shows it).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, cast

from pydantic import BaseModel, ConfigDict, ValidationError
from telegram import Chat, Message, Update, User
from telegram.constants import ChatType

from bot.callbacks import group_payload
from bot.config import Settings
from bot.store import Store
from bot.views import status_text
from dialogs.engine import Engine
from dialogs.session import Session
from scoring import Lang

logger = logging.getLogger("bonemet.bot")

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)


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
    record_messages: tuple[int, ...] = ()
    """The messages that follow the result in `message_id` (its record block, when the
    two do not fit one message): withdrawn and redisplayed with it."""
    posted_records: tuple[int, ...] = ()
    """The same, following `posted_message` in the origin group."""
    group_lang: Lang | None = None
    """The language of the first result posted to the origin group: later posts and
    withdrawals there keep it, whatever /lang the member chooses in private."""
    shown: str | None = None
    """Fingerprint of what `message_id` shows now, so an edit never repeats it."""
    pending: dict[str, str] | None = None
    """A one-line score's answers to questions still ahead (item id -> option id), taken
    as soon as their question comes."""


class Owner(NamedTuple):
    """Whose dialogue a bot message belongs to, and what that dialogue runs."""

    user_id: int
    score: str
    """The flow id of the dialogue (a score, a pathway or an aid)."""


def lang_of(user: User | None, stored: str | None) -> Lang:
    """The user's language: their /lang choice, else French for fr* Telegram clients."""
    if stored in ("fr", "en"):
        return cast(Lang, stored)
    code = (user.language_code or "") if user else ""
    return "fr" if code.lower().startswith("fr") else "en"


@dataclass
class Services:
    """What every handler shares: settings, store, engine and a little per-process state."""

    settings: Settings
    store: Store
    engine: Engine
    link_secret: str
    """Signs the links that move a group's score to private: derived from the token."""
    ttl: float
    """Seconds after which an untouched dialogue is abandoned."""
    refused: set[int] = field(default_factory=set)
    """Chats already told that the bot is not open to them (told once, then silence)."""
    answered: set[str] = field(default_factory=set)
    """Callback queries answered by a handler that then failed: the error handler, which
    removes them, must not answer them again."""

    @classmethod
    def create(cls, settings: Settings, store: Store, engine: Engine | None = None) -> Services:
        """The services for `settings`; the link secret is never stored or logged."""
        token = (
            settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
        )
        secret = hashlib.sha256(b"bonemet-link|" + token.encode()).hexdigest()
        ttl = settings.bonemet_dialogue_ttl_hours * 3600.0
        return cls(settings, store, engine or Engine(), secret, ttl)

    def load_record(self, chat_id: int, user_id: int) -> Record | None:
        """The stored dialogue of `user_id` in `chat_id`; expired or unreadable ones are dropped."""
        stored = self.store.get_dialogue(chat_id, user_id)
        if stored is None:
            return None
        if time.time() - stored.updated_at > self.ttl:
            self.store.delete_dialogue(chat_id, user_id)
            return None
        try:
            return Record.model_validate_json(stored.data)
        except ValidationError:
            self.store.delete_dialogue(chat_id, user_id)
            return None

    def lang(self, user: User) -> Lang:
        """The language to answer `user` in."""
        return lang_of(user, self.store.get_lang(user.id))

    def allowed(self, chat_id: int, record: Record | None) -> bool:
        """Whether the bot works in `chat_id` (or for a score continued from an allowed group)."""
        allowed = self.settings.bonemet_allowed_chats
        if not allowed or chat_id in allowed:
            return True
        return record is not None and record.origin_chat in allowed

    def status(self, score_id: str, lang: Lang, key: str) -> str:
        """A status line about the score `score_id` (done, withdrawn, abandoned...)."""
        title = self.engine.definitions[score_id].title(lang)
        return status_text(key, title, lang, self.engine.flows[score_id].kind)

    def owner_of(
        self, chat_id: int, message_id: int, dialogue_id: str | None = None
    ) -> Owner | None:
        """The member whose dialogue the bot message `message_id` in `chat_id` belongs to:
        the dialogue it drives now; else the stored dialogue `dialogue_id` (a pressed
        button's), which made the message and has moved on since (to its result)."""
        made_it = None
        for stored in self.store.dialogues_in_chat(chat_id):
            try:
                record = Record.model_validate_json(stored.data)
                session = Session.from_json(record.session)
            except ValidationError:
                continue
            if record.message_id == message_id:
                return Owner(stored.user_id, session.score)
            if made_it is None and dialogue_id is not None and session.dialogue_id == dialogue_id:
                made_it = Owner(stored.user_id, session.score)
        return made_it


_UNCHANGED: Any = object()


class UpdateContext:
    """One user's dialogue in one chat, for the time of one update.

    `loaded` is the record as stored when the update began; `record` is what the update
    has made of it so far. `save` and `drop` change it in memory only; `flush` writes it.
    """

    def __init__(
        self,
        services: Services,
        message: Message,
        *,
        chat: Chat,
        user: User,
        lang: Lang,
        bot_username: str | None,
        record: Record | None,
    ) -> None:
        self.services = services
        self.message = message
        """The update's message: the user's line, or the bot message whose button was pressed."""
        self.chat = chat
        self.user = user
        self.lang = lang
        self.bot_username = bot_username
        self.loaded = record
        self._pending: Record | None = _UNCHANGED
        self._fresh = False
        """The pending record starts a new row: written even if the stored one vanished."""

    @classmethod
    def load(
        cls,
        services: Services,
        message: Message,
        chat: Chat,
        user: User,
        bot_username: str | None,
    ) -> UpdateContext:
        """Read the user's language and dialogue once, for the whole update."""
        record = services.load_record(chat.id, user.id)
        lang = services.lang(user)
        return cls(
            services,
            message,
            chat=chat,
            user=user,
            lang=lang,
            bot_username=bot_username,
            record=record,
        )

    @property
    def group(self) -> bool:
        """Whether the update happened in a group (replies then name whose dialogue it is)."""
        return self.chat.type in GROUP_TYPES

    @property
    def record(self) -> Record | None:
        """The dialogue as this update has left it so far."""
        return self.loaded if self._pending is _UNCHANGED else self._pending

    def save(self, session: Session, *, fresh: bool = False, **changes: Any) -> Record:
        """Keep `session` (and `changes` to the record) as the dialogue's new state.

        `fresh` starts a new record (a new dialogue, or a restart that keeps only where
        its result goes): nothing of the current record is kept but what `changes` say.
        """
        base = None if fresh else self.record
        if base is None:
            self._fresh = True
            base = Record(session=session.to_json())
        self._pending = base.model_copy(update={"session": session.to_json(), **changes})
        return self._pending

    def keep_pending(self, pending: dict[str, str]) -> None:
        """Remember a one-line score's answers still ahead (none: forget them)."""
        record = self.record
        if record is not None and (record.pending or None) != (pending or None):
            self._pending = record.model_copy(update={"pending": pending or None})

    def replace(self, record: Record) -> None:
        """Make `record` the dialogue's new state, as a new row."""
        self._pending = record
        self._fresh = True

    def drop(self) -> None:
        """The dialogue ends: delete it."""
        self._pending = None
        self._fresh = False

    def still_stored(self) -> bool:
        """Whether the dialogue this update began with is still stored (not forgotten since)."""
        stored = self.services.store.get_dialogue(self.chat.id, self.user.id)
        return self.loaded is None or stored is not None

    def flush(self) -> None:
        """Write the dialogue once, if the update changed it.

        A dialogue deleted while this update awaited Telegram (/forget in another chat, a
        move to private, the sweep) is never written back, unless the update started a
        new one.
        """
        pending, self._pending = self._pending, _UNCHANGED
        if pending is _UNCHANGED:
            return
        store, chat_id, user_id = self.services.store, self.chat.id, self.user.id
        if pending is None:
            store.delete_dialogue(chat_id, user_id)
        else:
            before = Session.from_json(self.loaded.session) if self.loaded is not None else None
            after = Session.from_json(pending.session)
            restart = before is None or before.dialogue_id != after.dialogue_id
            data = pending.model_dump_json()
            if self._fresh or self.loaded is None:
                store.put_dialogue(chat_id, user_id, data, restart=restart)
            else:
                store.update_dialogue(chat_id, user_id, data, restart=restart)
        self.loaded, self._fresh = pending, False

    def private_link(self, score: str | None) -> str | None:
        """In a group, the link that moves the member's score `score` to their private chat."""
        if score is None or not self.group or not self.bot_username:
            return None
        payload = group_payload(self.services.link_secret, score, self.chat.id, self.user.id)
        return f"https://t.me/{self.bot_username}?start={payload}"

    def status(self, score_id: str, key: str) -> str:
        """A status line about `score_id` in the user's language."""
        return self.services.status(score_id, self.lang, key)


def log_update(update: Update, kind: str, score: str, started: float) -> None:
    """One log line per update: ids, kind, score and timing, never any text."""
    logger.info(
        "update=%s kind=%s score=%s ms=%.1f",
        update.update_id,
        kind,
        score,
        (time.perf_counter() - started) * 1000,
    )
