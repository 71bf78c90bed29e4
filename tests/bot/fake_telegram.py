"""A small, honest fake of the Telegram Bot API, for end-to-end tests of the bot.

The fake is an aiohttp server on 127.0.0.1 that speaks the Bot API the way api.telegram.org
does, so the real python-telegram-bot ``Application`` (or a separate ``bonemet run`` process)
can be pointed at it::

    async with FakeTelegram() as fake:
        app = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build()
        fake.private_chat(1001, first_name="Dr A")
        await fake.send_text(1001, 1001, "/sins")
        reply = await fake.wait_for_bot_message(1001, contains="SINS")
        await fake.press_button(1001, 1001, reply.message_id, "Oui")

What it does like Telegram:

* requests as ``POST {base_url}{token}/{method}``, parameters form-encoded (non-string values
  JSON-encoded, which is how PTB sends them), multipart, JSON body or query string;
  method names are case-insensitive;
* answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description":
  ...}`` with Telegram's wording, so PTB raises its real exceptions (BadRequest, RetryAfter,
  Conflict, InvalidToken, Forbidden);
* validates text (empty, over 4096 UTF-16 code units after entity parsing), parse_mode HTML
  (TDLib's error messages), inline keyboards, callback answers, edits ("message is not
  modified", ``editMessageText`` without ``reply_markup`` removes the keyboard), commands;
* long polling with offsets, webhooks (getUpdates gives 409 while one is set), group flood
  control (429 with ``retry_after``), group privacy mode (in groups the bot only receives
  commands, replies to its messages and mentions), public groups (anyone reading one can
  press its buttons; only members write), optional latency.

Where it is deliberately *stricter* than Telegram, because the bot must not rely on leniency:
with ``strict_html=True`` (the default) a bare ``&`` that does not start ``&lt;`` ``&gt;``
``&amp;`` ``&quot;`` or a numeric reference, and ``<a>`` without ``href``, are rejected
(TDLib keeps such an ``&`` literally). It supports parse_mode HTML only: Markdown and
MarkdownV2 are refused with an explicit message rather than accepted unchecked.

Every call is recorded in :attr:`FakeTelegram.calls`, every refusal in
:attr:`FakeTelegram.rejected`, and a crash of the fake itself in :attr:`FakeTelegram.errors`.
"""

# The waiting helpers take ``timeout=`` on purpose: a test states how long it is willing to
# wait, and a timeout becomes an AssertionError that shows the conversation.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import socket
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import EllipsisType, TracebackType
from typing import Any, NamedTuple, Self, TypeVar

import aiohttp
from aiohttp import web

__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "TOKEN",
    "ApiCall",
    "CallbackAnswer",
    "FakeChat",
    "FakeTelegram",
    "FakeUser",
    "HtmlParseError",
    "Rejection",
    "StoredMessage",
    "parse_html",
    "utf16_len",
]

TOKEN = "123456:TEST-token"  # noqa: S105 - not a secret: only this fake accepts it
"""The only token the fake accepts; any other well-formed token gets 401 Unauthorized."""
BOT_ID = 123456
BOT_USERNAME = "bonemet_test_bot"
BOT_FIRST_NAME = "Bonemet"

MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_COPY_TEXT = 256
MAX_INLINE_QUERY = 256
MAX_INLINE_RESULTS = 50
MAX_INLINE_OFFSET = 64
MAX_BUTTONS = 100
MAX_ANSWER_TEXT = 200
MAX_COMMANDS = 100

JSON = dict[str, Any]
T = TypeVar("T")

_BOT_USER: JSON = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}
_TOKEN_SHAPE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE_CODE = re.compile(r"^([a-z]{2})?$")
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_BOT_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(@([A-Za-z0-9_]{3,32}))?")
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "link_preview_options",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "results",
        "button",
    }
)
_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "reply_to_message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "user_id",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "drop_pending_updates",
        "protect_content",
        "allow_sending_without_reply",
        "is_personal",
    }
)
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and "
    "reply markup are exactly the same as a current content and reply markup "
    "of the message"
)
_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


# --------------------------------------------------------------------------------------------
# parse_mode HTML, after TDLib's parse_html (td/telegram/MessageEntity.cpp)
# --------------------------------------------------------------------------------------------


class HtmlParseError(ValueError):
    """Telegram's "can't parse entities" error; the message is TDLib's tail."""


_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
_ALLOWED_TAGS = frozenset({*_SIMPLE_TAGS, "a", "code", "pre", "blockquote", "tg-emoji"})
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# How TDLib orders entities that share offset and length (outer kinds first).
_ENTITY_ORDER = (
    "blockquote",
    "expandable_blockquote",
    "pre",
    "code",
    "text_link",
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "spoiler",
    "custom_emoji",
)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's limits and offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(html: str, index: int) -> int:
    return len(html[:index].encode("utf-8"))


def _decode_reference(html: str, i: int) -> tuple[str, int] | None:
    """Decode the character reference starting at ``html[i] == "&"`` like TDLib.

    Returns the character and the index after the reference (``;`` is optional), or None if
    ``&`` does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` or a valid numeric reference.
    """
    j, n = i + 1, len(html)
    if j < n and html[j] == "#":
        j += 1
        base, digits = 10, "0123456789"
        if html[j : j + 1] == "x":
            base, digits, j = 16, "0123456789abcdefABCDEF", j + 1
        start = j
        while j < n and html[j] in digits:
            j += 1
        if j == start or j - i >= 10:
            return None
        code = int(html[start:j], base)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        start = j
        while j < n and html[j].isascii() and html[j].isalpha():
            j += 1
        if html[start:j] not in _NAMED_REFERENCES:
            return None
        char = _NAMED_REFERENCES[html[start:j]]
    return char, j + (html[j : j + 1] == ";")


@dataclass
class _OpenTag:
    tag: str
    attributes: dict[str, str]
    offset: int  # UTF-16 offset in the visible text where the tag's content starts
    out_index: int  # number of visible characters before the tag's content


class _HtmlParser:
    """One pass over the source; see :func:`parse_html`."""

    def __init__(self, html: str, *, strict: bool) -> None:
        self.html, self.strict = html, strict
        self.out: list[str] = []
        self.u16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def fail(self, message: str) -> HtmlParseError:
        return HtmlParseError(message)

    def at(self, index: int) -> int:
        return _byte_offset(self.html, index)

    def emit(self, char: str) -> None:
        self.out.append(char)
        self.u16 += utf16_len(char)

    def run(self) -> tuple[str, list[JSON]]:
        html, i = self.html, 0
        while i < len(html):
            char = html[i]
            if char == "&":
                decoded = _decode_reference(html, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict:
                    raise self.fail(
                        f"Unsupported HTML entity at byte offset {self.at(i)}: "
                        f'escape a literal "&" as "&amp;" (fake: stricter than TDLib)'
                    )
            if char != "<":
                self.emit(char)
                i += 1
            elif html[i + 1 : i + 2] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        entities = sorted(
            self.entities, key=lambda e: (e["offset"], -e["length"], _ENTITY_ORDER.index(e["type"]))
        )
        for entity in entities:
            entity.pop("_language", None)
        return "".join(self.out), entities

    def skip_spaces(self, j: int) -> int:
        while j < len(self.html) and self.html[j].isspace():
            j += 1
        return j

    def start_tag(self, begin: int) -> int:
        html, j = self.html, begin + 1
        while j < len(html) and not html[j].isspace() and html[j] != ">":
            j += 1
        if j >= len(html):
            raise self.fail(f"Unclosed start tag at byte offset {self.at(begin)}")
        tag = html[begin + 1 : j].lower()
        if tag not in _ALLOWED_TAGS:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {self.at(begin)}')
        attributes, j = self.attributes(j, tag, begin)
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.fail(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.at(begin)}'
            )
        if tag == "a" and self.strict and not attributes.get("href"):
            raise self.fail(
                f'Tag "a" must have attribute "href" at byte offset '
                f"{self.at(begin)} (fake: stricter than TDLib)"
            )
        if tag == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise self.fail("Invalid custom emoji identifier specified")
        if self.strict:
            self.check_nesting(tag, begin)
        self.stack.append(_OpenTag(tag, attributes, self.u16, len(self.out)))
        return j + 1

    def check_nesting(self, tag: str, begin: int) -> None:
        """The Bot API's nesting rules, which TDLib enforces by silently dropping entities:
        bold, italic, underline, strikethrough and spoiler can contain and be part of any
        other entity except pre and code; blockquotes cannot be nested; all other entities
        cannot contain each other (<pre><code class="language-x"> is one entity)."""
        raw = ("pre", "code")
        for outer in self.stack:
            if {outer.tag, tag} == set(raw):
                continue
            simple = tag in _SIMPLE_TAGS or outer.tag in _SIMPLE_TAGS
            if simple and tag not in raw and outer.tag not in raw:
                continue
            raise self.fail(
                f'Tag "{tag}" can\'t be nested in "{outer.tag}" at byte offset '
                f"{self.at(begin)} (fake: stricter than TDLib, which drops the entity)"
            )

    def attributes(self, j: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
        """Parse attributes up to the closing ``>``; return them and the index of ``>``."""
        html, found = self.html, dict[str, str]()
        while True:
            j = self.skip_spaces(j)
            if j >= len(html):
                raise self.fail(f"Unclosed start tag at byte offset {self.at(begin)}")
            if html[j] == ">":
                return found, j
            start = j
            while j < len(html) and not html[j].isspace() and html[j] not in "=>":
                j += 1
            name = html[start:j].lower()
            if not name:
                raise self.fail(
                    f'Empty attribute name in the tag "{tag}" at byte offset {self.at(begin)}'
                )
            j = self.skip_spaces(j)
            if j >= len(html) or html[j] != "=":
                found[name] = ""  # a valueless attribute, e.g. <blockquote expandable>
                continue
            j = self.skip_spaces(j + 1)
            if j >= len(html):
                raise self.fail(f'Unclosed start tag "{tag}" at byte offset {self.at(begin)}')
            found[name], j = self.attribute_value(j, begin)

    def attribute_value(self, j: int, begin: int) -> tuple[str, int]:
        html = self.html
        if html[j] not in "\"'":
            start = j
            while j < len(html) and html[j].isascii() and (html[j].isalnum() or html[j] in ".-"):
                j += 1
            if j >= len(html) or not (html[j].isspace() or html[j] == ">"):
                raise self.fail(f"Unexpected end of name token at byte offset {self.at(start)}")
            return html[start:j].lower(), j
        quote, j, value = html[j], j + 1, []
        while j < len(html) and html[j] != quote:
            decoded = _decode_reference(html, j) if html[j] == "&" else None
            if decoded is not None:
                value.append(decoded[0])
                j = decoded[1]
                continue
            if html[j] == "&" and self.strict:
                raise self.fail(
                    f"Unsupported HTML entity at byte offset {self.at(j)}: escape "
                    f'a literal "&" as "&amp;" (fake: stricter than TDLib)'
                )
            value.append(html[j])
            j += 1
        if j >= len(html):
            raise self.fail(f"Unclosed start tag at byte offset {self.at(begin)}")
        return "".join(value), j + 1

    def end_tag(self, begin: int) -> int:
        html = self.html
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {self.at(begin)}")
        j = begin + 2
        while j < len(html) and not html[j].isspace() and html[j] != ">":
            j += 1
        name = html[begin + 2 : j].lower()
        j = self.skip_spaces(j)
        if j >= len(html) or html[j] != ">":
            raise self.fail(f"Unclosed end tag at byte offset {self.at(begin)}")
        top = self.stack.pop()
        if name and name != top.tag:  # "</>" closes whatever is open, as in TDLib
            raise self.fail(
                f"Unmatched end tag at byte offset {self.at(begin)}, "
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        self.close(top)
        return j + 1

    def close(self, top: _OpenTag) -> None:
        offset, length = top.offset, self.u16 - top.offset
        if length <= 0:
            return  # Telegram drops empty entities
        entity: JSON = {"offset": offset, "length": length}
        last = self.entities[-1] if self.entities else None
        same_range = last is not None and (last["offset"], last["length"]) == (offset, length)
        if top.tag in _SIMPLE_TAGS:
            entity["type"] = _SIMPLE_TAGS[top.tag]
        elif top.tag == "a":
            entity.update(
                type="text_link",
                url=top.attributes.get("href") or "".join(self.out[top.out_index :]),
            )
        elif top.tag == "blockquote":
            expandable = "expandable" in top.attributes
            entity["type"] = "expandable_blockquote" if expandable else "blockquote"
        elif top.tag == "tg-emoji":
            entity.update(type="custom_emoji", custom_emoji_id=top.attributes["emoji-id"])
        elif top.tag == "code":
            language = top.attributes.get("class", "").removeprefix("language-")
            if not top.attributes.get("class", "").startswith("language-"):
                language = ""
            if last is not None and same_range and last["type"] == "pre" and language:
                last["language"] = language  # <code class="language-x"><pre>..</pre></code>
                return
            entity.update(type="code", _language=language)
        elif last is not None and same_range and last["type"] == "code" and last["_language"]:
            # <pre><code class="language-x">..</code></pre> is one pre entity with a language
            self.entities[-1] = {
                "type": "pre",
                "offset": offset,
                "length": length,
                "language": last["_language"],
            }
            return
        else:
            entity["type"] = "pre"
        self.entities.append(entity)


def parse_html(html: str, *, strict: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram's HTML parse mode into the visible text and its entities.

    Follows TDLib: allowed tags b strong i em u ins s strike del span(class="tg-spoiler")
    tg-spoiler a code pre blockquote(expandable) tg-emoji, every tag closed and properly
    nested, entity offsets and lengths in UTF-16 code units. ``strict`` additionally rejects a
    bare ``&`` and ``<a>`` without ``href``. Raises :class:`HtmlParseError` with TDLib's wording.
    """
    return _HtmlParser(html, strict=strict).run()


def _trim(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Strip leading and trailing whitespace as Telegram does, keeping entities aligned."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


# --------------------------------------------------------------------------------------------
# Records and scripted participants
# --------------------------------------------------------------------------------------------


class ApiCall(NamedTuple):
    """One Bot API request: method as sent, decoded parameters, arrival (event-loop time)."""

    method: str
    params: JSON
    time: float


class CallSpan(NamedTuple):
    """When one non-polling Bot API call was in the server (event-loop times), and its chat."""

    method: str
    chat_id: object
    start: float
    end: float


class Rejection(NamedTuple):
    """One refused request: method, Telegram's description, decoded parameters."""

    method: str
    description: str
    params: JSON


@dataclass
class CallbackAnswer:
    """What the bot answered to a callback query."""

    text: str | None
    show_alert: bool
    url: str | None = None
    cache_time: int | None = None


@dataclass
class InlineAnswer:
    """What the bot answered to an inline query (answerInlineQuery), validated."""

    results: list[JSON]
    cache_time: int | None
    is_personal: bool
    next_offset: str | None
    button: JSON | None


@dataclass
class FakeUser:
    """A scripted human Telegram user."""

    id: int
    first_name: str
    language_code: str | None = "fr"
    username: str | None = None

    def to_api(self) -> JSON:
        """The user as a Bot API ``User`` object."""
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass
class FakeChat:
    """A chat the fake knows: a private chat (id == user id) or a group (negative id)."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    members: dict[int, FakeUser] = field(default_factory=dict)
    started: bool = True  # private chats: the user has written to the bot (else 403)
    blocked: bool = False  # private chats: the user blocked the bot (403)
    username: str | None = None  # groups: a public group (anyone can read it), else None

    def to_api(self) -> JSON:
        """The chat as a Bot API ``Chat`` object."""
        if self.type == "private":
            return {"id": self.id, "type": "private", "first_name": self.first_name}
        chat: JSON = {"id": self.id, "type": self.type, "title": self.title}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass
class StoredMessage:
    """A message in a chat as the fake stores it.

    ``text`` is the raw text as sent (HTML source when parse_mode was HTML), ``plain_text``
    the visible text after entity parsing and trimming; ``history`` holds earlier plain texts.
    """

    chat: FakeChat
    message_id: int
    date: int
    sender: FakeUser | None  # None: sent by the bot
    text: str
    plain_text: str
    entities: list[JSON] = field(default_factory=list)
    parse_mode: str | None = None
    reply_markup: JSON | None = None  # inline keyboards only, normalised
    reply_to: StoredMessage | None = None
    edit_count: int = 0
    edit_date: int | None = None
    deleted: bool = False
    history: list[str] = field(default_factory=list)

    @property
    def from_bot(self) -> bool:
        """Whether the bot sent this message."""
        return self.sender is None

    @property
    def keyboard(self) -> list[list[JSON]]:
        """The current inline keyboard, rows of button objects (empty if none)."""
        return self.reply_markup["inline_keyboard"] if self.reply_markup else []

    @property
    def buttons(self) -> list[JSON]:
        """All current inline buttons, row by row."""
        return [button for row in self.keyboard for button in row]

    @property
    def button_labels(self) -> list[str]:
        """The labels of all current inline buttons, row by row."""
        return [button["text"] for button in self.buttons]

    def find_button(self, text_or_predicate: str | Callable[[JSON], bool]) -> JSON:
        """The button with exactly this label, else the only one containing it, or matching.

        Raises AssertionError listing the current buttons when none or several match.
        """
        buttons = self.buttons
        if callable(text_or_predicate):
            found = [b for b in buttons if text_or_predicate(b)]
        else:
            found = [b for b in buttons if b["text"] == text_or_predicate] or [
                b for b in buttons if text_or_predicate in b["text"]
            ]
        if len(found) == 1 or (found and callable(text_or_predicate)):
            return found[0]
        problem = "several buttons match" if found else "no button matches"
        raise AssertionError(
            f"{problem} {text_or_predicate!r} on message {self.message_id} in chat "
            f"{self.chat.id}; buttons: {self.button_labels!r}\ntext: {self.plain_text!r}"
        )

    def to_api(self, *, with_reply: bool = True) -> JSON:
        """The message as a Bot API ``Message`` object, as Telegram would return it."""
        message: JSON = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat.to_api(),
            "from": _BOT_USER if self.sender is None else self.sender.to_api(),
            "text": self.plain_text,
        }
        if self.entities:
            message["entities"] = self.entities
        if self.reply_markup:
            message["reply_markup"] = self.reply_markup
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if with_reply and self.reply_to is not None:
            message["reply_to_message"] = self.reply_to.to_api(with_reply=False)
        return message

    def summary(self) -> str:
        """One line for failure dumps."""
        who = "bot" if self.sender is None else f"user {self.sender.id}"
        flags = (" [deleted]" if self.deleted else "") + (
            f" [edited x{self.edit_count}]" if self.edit_count else ""
        )
        text = self.plain_text if len(self.plain_text) <= 120 else self.plain_text[:117] + "..."
        keys = " | ".join(self.button_labels)
        return f"#{self.message_id} {who}{flags}: {text!r}" + (f"  [{keys}]" if keys else "")


class TelegramApiError(Exception):
    """A refusal, turned into Telegram's error JSON by the HTTP handler."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        record: bool = True,
    ) -> None:
        super().__init__(description)
        self.error_code, self.description = error_code, description
        self.retry_after, self.record = retry_after, record

    def body(self) -> JSON:
        """The JSON body Telegram sends for this error."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass(frozen=True)
class _Fault:
    """One injected outage: an error answer, a closed connection, or a late answer."""

    kind: str  # "error", "reset" or "hang"
    after: bool  # the call takes effect before the fault
    error: TelegramApiError | None = None
    seconds: float = 0.0


def _bad(description: str) -> TelegramApiError:
    return TelegramApiError(400, f"Bad Request: {description}")


def _as_int(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None


def _decode_params(raw: dict[str, Any]) -> JSON:
    """Undo PTB's encoding: JSON-decode structured fields, read integers and booleans."""
    params: JSON = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in _JSON_PARAMS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)  # noqa: PLW2901 - left as the string if malformed
        elif key in _INT_PARAMS and _as_int(value) is not None:
            value = _as_int(value)  # noqa: PLW2901
        elif key in _BOOL_PARAMS and isinstance(value, str):
            value = value.strip().lower() in ("true", "1")  # noqa: PLW2901
        params[key] = value
    return params


def _normalise_keyboard(markup: object) -> JSON | None:
    """Validate ``reply_markup`` like Telegram; return the inline keyboard or None.

    Non-inline markups (reply keyboards, remove, force reply) are accepted and give None.
    """
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if not {"keyboard", "remove_keyboard", "force_reply"} & markup.keys():
            raise _bad("can't parse reply keyboard markup JSON object")
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    buttons = [button for row in rows for button in row]
    if len(buttons) > MAX_BUTTONS:
        raise _bad("reply markup is too long")
    for button in buttons:
        _check_button(button)
    kept = [list(row) for row in rows if row]
    return {"inline_keyboard": kept} if kept else None


def _check_button(button: object) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise _bad(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise _bad(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise _bad("BUTTON_TEXT_INVALID")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise _bad(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _bad(prefix + f"exactly one of the optional fields must be used, got {actions}")
    data = button.get("callback_data")
    if "callback_data" in button and (
        not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    ):
        raise _bad("BUTTON_DATA_INVALID")
    copy = button.get("copy_text")
    if "copy_text" in button and not (
        isinstance(copy, dict)
        and isinstance(copy.get("text"), str)
        and 1 <= utf16_len(copy["text"]) <= MAX_COPY_TEXT
    ):
        # CopyTextButton: "The text to be copied to the clipboard; 1-256 characters".
        raise _bad("BUTTON_COPY_TEXT_INVALID (fake: 1-256 characters)")
    url = button.get("url")
    if "url" in button and not (
        isinstance(url, str) and re.match(r"^(https?|tg)://\S+$", url, re.IGNORECASE)
    ):
        raise _bad("BUTTON_URL_INVALID")


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeTelegram:
    """The fake Bot API server, plus the scripted users that talk to the bot through it."""

    def __init__(
        self,
        *,
        token: str = TOKEN,
        delay: float = 0.0,
        group_limit: int = 20,
        group_window: float = 60.0,
        strict_html: bool = True,
        group_privacy: bool = True,
        callback_window: float = 15.0,
        group_edits_limited: bool = False,
    ) -> None:
        """Configure the fake; nothing listens until :meth:`start`.

        ``callback_window``: seconds within which a callback query must be answered, as on
        Telegram (later answers get "query is too old").

        ``delay``: seconds of latency per Bot API call, half before and half after it is
        processed (concurrent calls are delayed in parallel). ``group_limit`` sendMessage
        calls per group chat per rolling ``group_window`` seconds, beyond which 429.
        ``strict_html``: see the module docstring. ``group_privacy``: Telegram's privacy
        mode, on by default for bots (getMe's ``can_read_all_group_messages`` is its negation).
        """
        self.token, self.delay, self.strict_html = token, delay, strict_html
        self.callback_window = callback_window
        self.group_edits_limited = group_edits_limited
        """Edits in a group count against its quota too (Telegram does, under load)."""
        self._query_issued: dict[str, float] = {}
        self.group_limit, self.group_window, self.group_privacy = (
            group_limit,
            group_window,
            group_privacy,
        )
        self.calls: list[ApiCall] = []
        self.rejected: list[Rejection] = []
        self.injected: list[tuple[str, JSON]] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self.uploads: list[tuple[str, str, bytes]] = []
        self.errors: list[str] = []
        self.callback_answers: dict[str, CallbackAnswer | None] = {}
        self.inline_answers: dict[str, InlineAnswer | None] = {}
        """Inline query id -> the bot's answer (None until answered)."""
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_deliveries: list[tuple[int, int]] = []
        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, FakeChat] = {}
        self._messages: dict[int, list[StoredMessage]] = {}
        self._pending: list[JSON] = []
        self.collected: dict[int, float] = {}
        """When a getUpdates first took each update (loop time), before its way back."""
        self._allowed_updates: list[str] | None = None
        self._next_update_id = 100_000
        self._next_query_id = 7_000_000_000_000_000
        self._delivered_up_to = 0
        self._poll_generation = 0
        self._group_sends: dict[int, deque[float]] = {}
        self._in_flight = 0
        self.peak_in_flight = 0
        """The most non-polling calls the server held at once."""
        self.dispatched: list[int] = []
        """The ids of the updates handed to the bot (queued for getUpdates, or POSTed to its
        webhook), in order: not those Telegram would not deliver."""
        self.spans: list[CallSpan] = []
        """Every finished non-polling call: method, chat and when it was in the server."""
        self._last_activity = 0.0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._handlers: dict[str, Callable[[JSON, web.Request], Any]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmydescription": self._set_my_description,
            "getmydescription": self._get_my_description,
            "setmyshortdescription": self._set_my_short_description,
            "getmyshortdescription": self._get_my_short_description,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "answerinlinequery": self._answer_inline_query,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
        }

    def fail_next(
        self,
        method: str,
        error_code: int = 502,
        description: str = "Bad Gateway",
        *,
        retry_after: int | None = None,
        after: bool = False,
    ) -> None:
        """Make the next call to `method` fail like an outage (kept in `injected`).

        The status and description are answered as Telegram (or a proxy in front of it) would,
        with ``parameters.retry_after`` if given. ``after=True``: the call takes effect first
        and only its answer is lost (a 502 from a proxy after Telegram sent the message).
        Faults queue up: each call of `method` consumes the oldest one.
        """
        error = TelegramApiError(error_code, description, retry_after=retry_after)
        self._queue_fault(method, _Fault("error", after, error=error))

    def reset_next(self, method: str, *, after: bool = False) -> None:
        """Make the next call to `method` end with the connection closed and no answer."""
        self._queue_fault(method, _Fault("reset", after))

    def hang_next(self, method: str, seconds: float, *, after: bool = False) -> None:
        """Make the next call to `method` wait `seconds` before answering (a client timeout).

        Without ``after`` the call is processed only after the wait (and only if the client
        is still connected, as a server would notice); with it, at once.
        """
        self._queue_fault(method, _Fault("hang", after, seconds=seconds))

    def _queue_fault(self, method: str, fault: _Fault) -> None:
        self._faults.setdefault(method.lower(), deque()).append(fault)

    def pending_faults(self) -> int:
        """How many injected faults have not happened yet."""
        return sum(len(queue) for queue in self._faults.values())

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Start listening on 127.0.0.1 on a free port."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Wake every long poll (they return no updates) and shut the server down."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return self._port

    @property
    def base_url(self) -> str:
        """What to give PTB as ``base_url`` (it appends the token, then ``/method``)."""
        if not self._port:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self._port}/bot"

    # -- scripted users ----------------------------------------------------------------------

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> FakeUser:
        return self._users.setdefault(user_id, FakeUser(user_id, first_name, language_code))

    def private_chat(
        self,
        user_id: int,
        first_name: str = "Dr A",
        language_code: str | None = "fr",
        *,
        started: bool = True,
    ) -> FakeChat:
        """Register a user and their private chat with the bot (chat id == user id).

        With ``started=False`` the user has not written yet: the bot gets 403 "bot can't
        initiate conversation with a user" until :meth:`send_text` or :meth:`press`.
        """
        user = self._user(user_id, first_name, language_code)
        chat = self._chats.setdefault(
            user_id, FakeChat(user_id, "private", first_name=user.first_name, started=started)
        )
        chat.members[user_id] = user
        return chat

    def group_chat(
        self,
        chat_id: int,
        title: str = "RCP thoracique",
        members: Iterable[int] = (),
        *,
        username: str | None = None,
    ) -> FakeChat:
        """Register a group the bot is a member of (id < 0; -100... makes a supergroup).

        With ``username`` the group is public (a supergroup): as on Telegram, anyone can
        open it by its name and read it without joining, and so press the inline buttons
        of its messages (:meth:`press` from a user who is not a member); only members can
        write in it.
        """
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        if username is not None and kind != "supergroup":
            raise ValueError("a public group is a supergroup (id <= -1000000000000)")
        chat = self._chats.setdefault(
            chat_id, FakeChat(chat_id, kind, title=title, username=username)
        )
        for user_id in members:
            self.add_member(chat_id, user_id)
        return chat

    def add_member(
        self, chat_id: int, user_id: int, first_name: str = "Dr B", language_code: str | None = "fr"
    ) -> FakeUser:
        """Add a user (created if unknown) to a registered group."""
        user = self._user(user_id, first_name, language_code)
        self._chat(chat_id).members[user_id] = user
        return user

    def block_bot(self, user_id: int) -> None:
        """The user blocks the bot: sending to their private chat gives 403."""
        self._chat(user_id).blocked = True

    def _chat(self, chat_id: int) -> FakeChat:
        if chat_id not in self._chats:
            raise AssertionError(
                f"chat {chat_id} is not registered; use private_chat or group_chat first"
            )
        return self._chats[chat_id]

    def _member(self, chat_id: int, user_id: int) -> tuple[FakeChat, FakeUser]:
        chat = self._chat(chat_id)
        if user_id not in chat.members:
            raise AssertionError(f"user {user_id} is not in chat {chat_id}; use add_member")
        chat.started = True
        return chat, chat.members[user_id]

    def _viewer(self, chat_id: int, user_id: int) -> tuple[FakeChat, FakeUser]:
        """Who can see the chat's messages (and press their buttons): its members, and in
        a public group anyone (a user the fake does not know yet is made up, in English)."""
        chat = self._chat(chat_id)
        if user_id in chat.members or chat.username is None:
            return self._member(chat_id, user_id)
        return chat, self._user(user_id, f"User {user_id}", "en")

    def _store(self, message: StoredMessage) -> StoredMessage:
        self._messages.setdefault(message.chat.id, []).append(message)
        self._notify()
        return message

    def _next_message_id(self, chat_id: int) -> int:
        messages = self._messages.get(chat_id, [])
        return messages[-1].message_id + 1 if messages else 1

    def _new_update(self, kind: str, payload: JSON) -> JSON:
        self._next_update_id += 1
        return {"update_id": self._next_update_id, kind: payload}

    def make_message_update(
        self, chat_id: int, user_id: int, text: str, reply_to_message_id: int | None = None
    ) -> JSON:
        """Store a user's text message in the chat and return its Update (not delivered).

        A leading command token (``/sins@bonemet_test_bot``) gets a ``bot_command`` entity.
        """
        chat, user = self._member(chat_id, user_id)
        reply_to = self.message(chat_id, reply_to_message_id) if reply_to_message_id else None
        command = _BOT_COMMAND.match(text)
        entities = (
            [{"type": "bot_command", "offset": 0, "length": utf16_len(command[0])}]
            if command
            else []
        )
        message = self._store(
            StoredMessage(
                chat,
                self._next_message_id(chat_id),
                int(time.time()),
                user,
                text,
                text,
                entities,
                reply_to=reply_to,
            )
        )
        return self._new_update("message", message.to_api())

    async def send_text(
        self, chat_id: int, user_id: int, text: str, reply_to_message_id: int | None = None
    ) -> int | None:
        """A user sends a text message; returns the update_id delivered to the bot.

        Returns None when Telegram would not deliver it: in a group with privacy mode, only
        commands (to this bot or to no bot in particular), replies to the bot and messages
        mentioning ``@bonemet_test_bot`` reach the bot. With a webhook set, the update is
        POSTed to it (AssertionError unless the bot answers 200); otherwise it is queued.
        """
        update = self.make_message_update(chat_id, user_id, text, reply_to_message_id)
        if not self._reaches_bot(update["message"]):
            return None
        await self._dispatch(update)
        return int(update["update_id"])

    async def edit_user_text(
        self, chat_id: int, user_id: int, message_id: int, text: str
    ) -> int | None:
        """A user edits one of their own messages; returns the edited_message update_id.

        Like :meth:`send_text`, None when Telegram would not deliver it (privacy mode).
        """
        message = self.message(chat_id, message_id)
        if message.sender is None or message.sender.id != user_id:
            raise AssertionError(f"user {user_id} can only edit their own messages")
        message.history.append(message.plain_text)
        message.text = message.plain_text = text
        message.edit_count += 1
        message.edit_date = int(time.time())
        payload = {**message.to_api(), "edit_date": message.edit_date}
        update = self._new_update("edited_message", payload)
        if not self._reaches_bot(payload):
            return None
        await self._dispatch(update)
        return int(update["update_id"])

    def _reaches_bot(self, message: JSON) -> bool:
        if message["chat"]["type"] == "private" or not self.group_privacy:
            return True
        command = _BOT_COMMAND.match(message["text"])
        replied = message.get("reply_to_message", {}).get("from", {}).get("id") == BOT_ID
        mentioned = f"@{BOT_USERNAME}".lower() in message["text"].lower()
        addressed = command is not None and command[3] in (None, BOT_USERNAME)
        return addressed or replied or mentioned

    def make_callback_update(
        self, chat_id: int, user_id: int, message_id: int, callback_data: str
    ) -> JSON:
        """Issue a callback query on a message with any data (forged or stale presses too).

        The update carries the message as it is now, or an inaccessible message (date 0) if it
        was deleted or never existed. Returns the Update; the query id is ``["callback_query"]
        ["id"]`` and counts as unanswered. The user must be a member of the chat, unless the
        group is public (see :meth:`group_chat`): then anyone reading it can press.
        """
        chat, user = self._viewer(chat_id, user_id)
        stored = next(
            (
                m
                for m in self._messages.get(chat_id, [])
                if m.message_id == message_id and not m.deleted
            ),
            None,
        )
        message = (
            stored.to_api()
            if stored
            else {"chat": chat.to_api(), "message_id": message_id, "date": 0}
        )
        self._next_query_id += 1
        query_id = str(self._next_query_id)
        self.callback_answers[query_id] = None
        self._query_issued[query_id] = time.monotonic()
        return self._new_update(
            "callback_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "message": message,
                "chat_instance": f"{abs(chat_id) * 7919}",
                "data": callback_data,
            },
        )

    def make_inline_update(self, user_id: int, query: str, chat_type: str = "sender") -> JSON:
        """A user types ``@bot <query>`` in a chat of `chat_type` (sender, private, group,
        supergroup, channel); returns the Update (not delivered). The query is cut to 256
        characters, as Telegram does."""
        user = self._users.get(user_id) or FakeUser(user_id, f"User {user_id}", "en")
        self._next_query_id += 1
        query_id = str(self._next_query_id)
        self.inline_answers[query_id] = None
        self._query_issued[query_id] = time.monotonic()
        return self._new_update(
            "inline_query",
            {
                "id": query_id,
                "from": user.to_api(),
                "query": query[:MAX_INLINE_QUERY],
                "offset": "",
                "chat_type": chat_type,
            },
        )

    async def inline_query(self, user_id: int, query: str, chat_type: str = "sender") -> str:
        """A user types ``@bot <query>``; returns the inline query id."""
        update = self.make_inline_update(user_id, query, chat_type)
        await self._dispatch(update)
        return str(update["inline_query"]["id"])

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 5.0) -> InlineAnswer:
        """Wait until the bot answers the inline query; return the answer."""
        return await self.wait_for(
            lambda: self.inline_answers.get(query_id),
            timeout,
            f"an answer to inline query {query_id}",
        )

    def choose_inline_result(
        self, chat_id: int, user_id: int, query_id: str, result_id: str
    ) -> StoredMessage:
        """The user taps a result: Telegram posts its message in the chat, from the user
        "via" the bot, with the result's keyboard."""
        answer = self.inline_answers.get(query_id)
        if answer is None:
            raise AssertionError(f"inline query {query_id} was not answered")
        result = next(r for r in answer.results if r["id"] == result_id)
        chat, user = self._member(chat_id, user_id)
        content = result["input_message_content"]
        raw, plain, entities, parse_mode = self._render_text(
            {"text": content["message_text"], "parse_mode": content.get("parse_mode")}
        )
        markup = result.get("reply_markup")
        return self._store(
            StoredMessage(
                chat,
                self._next_message_id(chat.id),
                int(time.time()),
                user,
                raw,
                plain,
                entities,
                parse_mode,
                _normalise_keyboard(markup) if markup is not None else None,
                None,
            )
        )

    def unanswered_inline_queries(self) -> list[str]:
        """Ids of inline queries the bot has not answered."""
        return [qid for qid, answer in self.inline_answers.items() if answer is None]

    async def press(self, chat_id: int, user_id: int, message_id: int, callback_data: str) -> str:
        """A user presses an inline button carrying ``callback_data``; returns the query id."""
        update = self.make_callback_update(chat_id, user_id, message_id, callback_data)
        await self._dispatch(update)
        return str(update["callback_query"]["id"])

    async def press_button(
        self,
        chat_id: int,
        user_id: int,
        message_id: int,
        text_or_predicate: str | Callable[[JSON], bool],
    ) -> str:
        """Press the button of the message's *current* keyboard found by label (exact, else
        unique substring) or predicate; returns the callback query id."""
        button = self.message(chat_id, message_id).find_button(text_or_predicate)
        if "callback_data" not in button:
            raise AssertionError(f"button {button['text']!r} has no callback_data: {button}")
        return await self.press(chat_id, user_id, message_id, button["callback_data"])

    async def send_update(self, kind: str, payload: JSON) -> int:
        """Deliver an update of any kind with this payload, as Telegram would (``poll``,
        ``chat_member``, ``channel_post``, ``message_reaction``...: the fake does not check
        it); returns its update_id."""
        update = self._new_update(kind, payload)
        await self._dispatch(update)
        return int(update["update_id"])

    async def _dispatch(self, update: JSON) -> None:
        if self.webhook_url:
            self.dispatched.append(int(update["update_id"]))
            status = await self.deliver_to_webhook(update)
            if status != 200:
                raise AssertionError(f"webhook answered {status} to update {update}")
            return
        kind = next(key for key in update if key != "update_id")
        if self._allowed_updates and kind not in self._allowed_updates:
            return  # Telegram does not even create updates the bot did not ask for
        self.dispatched.append(int(update["update_id"]))
        self._pending.append(update)
        self._notify()

    async def deliver_to_webhook(
        self, update: JSON, secret_token: str | EllipsisType | None = ...
    ) -> int:
        """POST an update to the URL set by setWebhook, as Telegram does; return the status.

        ``secret_token``: ``...`` (default) sends the secret registered by setWebhook, None
        sends no ``X-Telegram-Bot-Api-Secret-Token`` header, a string sends that string.
        """
        if not self.webhook_url:
            raise AssertionError("no webhook is set (the bot has not called setWebhook)")
        secret = self.webhook_secret if isinstance(secret_token, EllipsisType) else secret_token
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        timeout = aiohttp.ClientTimeout(total=10)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(self.webhook_url, data=json.dumps(update), headers=headers) as response,
        ):
            await response.read()
            self.webhook_deliveries.append((int(update.get("update_id", 0)), response.status))
            return response.status

    # -- inspection --------------------------------------------------------------------------

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        """The chat's messages (bot's and users'), oldest first."""
        return [m for m in self._messages.get(chat_id, []) if include_deleted or not m.deleted]

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        """One stored message (deleted ones included); AssertionError if it never existed."""
        for stored in self._messages.get(chat_id, []):
            if stored.message_id == message_id:
                return stored
        raise AssertionError(f"no message {message_id} in chat {chat_id}\n{self.dump(chat_id)}")

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in the chat, oldest first (deleted ones excluded)."""
        return [m for m in self.messages(chat_id) if m.from_bot]

    def last_bot_message(self, chat_id: int) -> StoredMessage:
        """The bot's latest message in the chat; AssertionError if it has sent none."""
        sent = self.bot_messages(chat_id)
        if not sent:
            raise AssertionError(
                f"the bot has sent nothing to chat {chat_id}\n{self.dump(chat_id)}"
            )
        return sent[-1]

    def last_message_id(self, chat_id: int) -> int:
        """The latest message id in the chat (0 if none), a mark for ``after_message_id``."""
        messages = self._messages.get(chat_id, [])
        return messages[-1].message_id if messages else 0

    def calls_to(self, method: str) -> list[JSON]:
        """The parameters of every call to ``method`` (case-insensitive), in order."""
        return [call.params for call in self.calls if call.method.lower() == method.lower()]

    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries the bot has not answered."""
        return [qid for qid, answer in self.callback_answers.items() if answer is None]

    def commands_for(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The commands set for this scope (default scope if None) and language."""
        return self.commands.get((_scope_key(scope), language_code), [])

    def dump(self, chat_id: int | None = None, last: int = 6) -> str:
        """A compact picture of the chats, for assertion messages."""
        chat_ids = [chat_id] if chat_id is not None else list(self._messages)
        lines = []
        for cid in chat_ids:
            messages = self._messages.get(cid, [])
            lines.append(f"chat {cid}: {len(messages)} message(s), last {last}:")
            lines.extend("  " + m.summary() for m in messages[-last:])
        undelivered = sum(u["update_id"] > self._delivered_up_to for u in self._pending)
        lines.append(
            f"updates not yet fetched: {undelivered}; unanswered callbacks: "
            f"{self.unanswered_callbacks()}"
        )
        lines.extend(f"rejected {r.method}: {r.description}" for r in self.rejected[-3:])
        lines.extend(f"FAKE ERROR: {e.splitlines()[-1]}" for e in self.errors[-3:])
        return "\n".join(lines)

    # -- waiting -----------------------------------------------------------------------------

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _wait_change(self, seconds: float) -> None:
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(seconds, 0.0))

    async def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float = 5.0,
        what: str = "condition",
        chat_id: int | None = None,
    ) -> T:
        """Wait until ``predicate()`` is truthy and return its value.

        Re-checked at every change the fake sees (and every 50 ms). On timeout raises
        AssertionError naming ``what`` with a dump of ``chat_id`` (or all chats).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"timed out after {timeout} s waiting for {what}\n{self.dump(chat_id)}"
                )
            await self._wait_change(min(remaining, 0.05))

    async def wait_for_bot_message(
        self,
        chat_id: int,
        contains: str | None = None,
        after_message_id: int | None = None,
        timeout: float = 5.0,
    ) -> StoredMessage:
        """The first bot message in the chat with id > ``after_message_id`` whose visible
        text contains ``contains`` (as it is now, edits included)."""

        def find() -> StoredMessage | None:
            return next(
                (
                    m
                    for m in self.bot_messages(chat_id)
                    if m.message_id > (after_message_id or 0)
                    and (contains is None or contains in m.plain_text)
                ),
                None,
            )

        what = f"a bot message in chat {chat_id} after #{after_message_id or 0}" + (
            f" containing {contains!r}" if contains is not None else ""
        )
        return await self.wait_for(find, timeout, what, chat_id)

    async def wait_for_edit(
        self,
        chat_id: int,
        message_id: int,
        since_edit_count: int,
        contains: str | None = None,
        timeout: float = 5.0,
    ) -> StoredMessage:
        """Wait until the message has been edited more than ``since_edit_count`` times (and
        its visible text contains ``contains``); return it."""

        def edited() -> StoredMessage | None:
            stored = self.message(chat_id, message_id)
            ok = stored.edit_count > since_edit_count and (
                contains is None or contains in stored.plain_text
            )
            return stored if ok else None

        return await self.wait_for(edited, timeout, f"an edit of message {message_id}", chat_id)

    async def wait_for_answer(self, query_id: str, timeout: float = 5.0) -> CallbackAnswer:
        """Wait until the bot answers the callback query; return the answer."""
        return await self.wait_for(
            lambda: self.callback_answers.get(query_id),
            timeout,
            f"an answer to callback query {query_id}",
        )

    async def wait_until_idle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until the bot has fetched every update, no call (other than a long poll) is
        in progress, and none has arrived for ``quiet`` seconds."""
        await self.wait_for(lambda: self.idle(quiet), timeout, "the bot to be idle")

    def idle(self, quiet: float = 0.0) -> bool:
        """Whether the bot has fetched every update, no call (other than a long poll) is in
        progress, and none has arrived for ``quiet`` seconds (call it in the event loop)."""
        loop = asyncio.get_running_loop()
        fetched = all(u["update_id"] <= self._delivered_up_to for u in self._pending)
        return fetched and self._in_flight == 0 and loop.time() - self._last_activity >= quiet

    # -- HTTP --------------------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json() if request.can_read_body else {}
            if not isinstance(body, dict):
                raise _bad("JSON object expected as the request body")
            raw.update(body)
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, str):
                    raw[key] = value
                else:
                    self.uploads.append((key, value.filename, value.file.read()))
                    raw[key] = f"<file {key}>"
        return raw

    async def _handle(self, request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        method = request.match_info["method"]
        polling = method.lower() == "getupdates"
        params: JSON = {}
        started = loop.time()
        if not polling:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
            self._last_activity = started
        try:
            try:
                params = _decode_params(await self._read_params(request))
            except (ValueError, UnicodeDecodeError):
                params = {}
                raise _bad("can't parse JSON encoded request body") from None
            finally:
                self.calls.append(ApiCall(method, params, loop.time()))
            if self.delay:
                await asyncio.sleep(self.delay / 2)
            queue = self._faults.get(method.lower())
            fault = queue.popleft() if queue else None
            if fault is None:
                status, body = await self._call(method, params, request)
            else:  # a simulated outage, not something Telegram rejects
                self.injected.append((method, params))
                status, body = await self._fault(fault, method, params, request)
            if self.delay:
                await asyncio.sleep(self.delay / 2)
        except TelegramApiError as error:
            self.rejected.append(Rejection(method, error.description, params))
            status, body = error.error_code, error.body()
        finally:
            if not polling:
                self._in_flight -= 1
                self._last_activity = loop.time()
                self.spans.append(
                    CallSpan(method, params.get("chat_id"), started, self._last_activity)
                )
                self._notify()
        return web.json_response(body, status=status)

    async def _fault(
        self, fault: _Fault, method: str, params: JSON, request: web.Request
    ) -> tuple[int, JSON]:
        status, body = 200, {}
        if fault.after:
            status, body = await self._call(method, params, request)
        if fault.kind == "hang":
            await asyncio.sleep(fault.seconds)
            gone = request.transport is None or request.transport.is_closing()
            if not fault.after and not gone:
                status, body = await self._call(method, params, request)
        elif fault.kind == "reset":
            if request.transport is not None:
                request.transport.abort()
            # The answer goes nowhere: the connection is gone.
            raise asyncio.CancelledError
        elif fault.error is not None:
            status, body = fault.error.error_code, fault.error.body()
        return status, body

    async def _call(self, method: str, params: JSON, request: web.Request) -> tuple[int, JSON]:
        token = request.match_info["token"]
        try:
            if not _TOKEN_SHAPE.match(token):
                raise TelegramApiError(404, "Not Found")
            if token != self.token:
                raise TelegramApiError(401, "Unauthorized")
            handler = self._handlers.get(method.lower())
            if handler is None:
                raise TelegramApiError(404, "Not Found")
            result = await handler(params, request)
        except TelegramApiError as error:
            if error.record:
                self.rejected.append(Rejection(method, error.description, params))
            return error.error_code, error.body()
        except Exception:  # a bug in the fake must not look like a bot bug
            self.errors.append(traceback.format_exc())
            self.rejected.append(Rejection(method, "Internal Server Error (fake)", params))
            return 500, {
                "ok": False,
                "error_code": 500,
                "description": "Internal Server Error: the fake crashed",
            }
        return 200, {"ok": True, "result": result}

    # -- Bot API methods ---------------------------------------------------------------------

    async def _get_me(self, params: JSON, request: web.Request) -> JSON:
        return {
            **_BOT_USER,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]

    async def _get_updates(self, params: JSON, request: web.Request) -> list[JSON]:
        if self.webhook_url:
            raise TelegramApiError(
                409,
                "Conflict: can't use getUpdates method while webhook "
                "is active; use deleteWebhook to delete the webhook "
                "first",
            )
        loop = asyncio.get_running_loop()
        self._confirm(_as_int(params.get("offset")) or 0)
        limit = min(max(_as_int(params.get("limit")) or 100, 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except ValueError:
            raise _bad("wrong parameter timeout in request") from None
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = params["allowed_updates"]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                await asyncio.sleep(0.05)  # let an abandoned client's disconnect arrive
                gone = request.transport is None or request.transport.is_closing()
                raise TelegramApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                    record=not gone,
                )
            batch = self._pending[:limit]
            if batch or self._closing or loop.time() >= deadline:
                if batch:
                    self._delivered_up_to = max(self._delivered_up_to, batch[-1]["update_id"])
                    now = loop.time()
                    for update in batch:
                        self.collected.setdefault(update["update_id"], now)
                return batch
            await self._wait_change(deadline - loop.time())

    async def _set_webhook(self, params: JSON, request: web.Request) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if url and not re.match(r"^https?://", url):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not _SECRET_TOKEN.match(str(secret)):
            raise _bad("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = params["allowed_updates"]
        self.webhook_url, self.webhook_secret = url or None, str(secret) if secret else None
        self._notify()
        return True

    async def _delete_webhook(self, params: JSON, request: web.Request) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = self.webhook_secret = None
        return True

    async def _get_webhook_info(self, params: JSON, request: web.Request) -> JSON:
        info: JSON = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url:
            info["max_connections"] = 40
        if self._allowed_updates:
            info["allowed_updates"] = self._allowed_updates
        return info

    @staticmethod
    def _scope_and_language(params: JSON) -> tuple[str, str]:
        scope = params.get("scope")
        if scope is not None and not (
            isinstance(scope, dict) and scope.get("type") in _SCOPE_TYPES
        ):
            raise _bad("can't parse BotCommandScope JSON object")
        language = str(params.get("language_code") or "")
        if not _LANGUAGE_CODE.match(language):
            raise _bad("invalid language code specified")
        return _scope_key(scope), language

    async def _set_my_commands(self, params: JSON, request: web.Request) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad(
                "can't parse commands JSON object"
                if "commands" in params
                else 'parameter "commands" is required'
            )
        if len(commands) > MAX_COMMANDS:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_NAME.match(
                str(command.get("command", ""))
            ):
                raise _bad("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._scope_and_language(params)
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, params: JSON, request: web.Request) -> list[JSON]:
        return self.commands.get(self._scope_and_language(params), [])

    async def _delete_my_commands(self, params: JSON, request: web.Request) -> bool:
        self.commands.pop(self._scope_and_language(params), None)
        return True

    async def _set_my_description(self, params: JSON, request: web.Request) -> bool:
        description = str(params.get("description") or "")
        if len(description) > 512:
            raise _bad("BOT_ABOUT_INVALID")
        self.descriptions[self._scope_and_language({**params, "scope": None})[1]] = description
        return True

    async def _get_my_description(self, params: JSON, request: web.Request) -> JSON:
        language = self._scope_and_language({**params, "scope": None})[1]
        return {"description": self.descriptions.get(language, "")}

    async def _set_my_short_description(self, params: JSON, request: web.Request) -> bool:
        short = str(params.get("short_description") or "")
        if len(short) > 120:
            raise _bad("BOT_ABOUT_INVALID")
        self.short_descriptions[self._scope_and_language({**params, "scope": None})[1]] = short
        return True

    async def _get_my_short_description(self, params: JSON, request: web.Request) -> JSON:
        language = self._scope_and_language({**params, "scope": None})[1]
        return {"short_description": self.short_descriptions.get(language, "")}

    def _target_chat(self, params: JSON) -> FakeChat:
        """The chat a bot call addresses, with Telegram's refusals."""
        if "chat_id" not in params or params["chat_id"] in ("", None):
            raise _bad("chat_id is empty")
        chat_id = _as_int(params["chat_id"])
        chat = self._chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            raise _bad("chat not found")
        if chat.blocked:
            raise TelegramApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.started:
            raise TelegramApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _render_text(self, params: JSON) -> tuple[str, str, list[JSON], str | None]:
        """Validate ``text`` and ``parse_mode``: (raw, visible, entities, parse_mode)."""
        raw = params.get("text")
        raw = "" if raw is None else str(raw)
        parse_mode = params.get("parse_mode") or None
        plain, entities = raw, list[JSON]()
        if parse_mode is not None:
            mode = str(parse_mode).lower()
            if mode in ("markdown", "markdownv2"):
                raise _bad(
                    f"the fake Telegram server implements parse_mode HTML only, got {parse_mode!r}"
                )
            if mode != "html":
                raise _bad(f"unsupported parse_mode {parse_mode!r}")
            try:
                plain, entities = parse_html(raw, strict=self.strict_html)
            except HtmlParseError as error:
                raise _bad(f"can't parse entities: {error}") from None
        plain, entities = _trim(plain, entities)
        if not plain:
            raise _bad("message text is empty")
        if utf16_len(plain) > MAX_TEXT_UTF16:
            raise _bad("message is too long")
        return raw, plain, entities, parse_mode

    def _flood_check(self, chat: FakeChat) -> None:
        if chat.id >= 0:
            return
        now = asyncio.get_running_loop().time()
        sent = self._group_sends.setdefault(chat.id, deque())
        while sent and sent[0] <= now - self.group_window:
            sent.popleft()
        if len(sent) >= self.group_limit:
            retry = max(1, math.ceil(sent[0] + self.group_window - now))
            raise TelegramApiError(
                429, f"Too Many Requests: retry after {retry}", retry_after=retry
            )
        sent.append(now)

    async def _send_message(self, params: JSON, request: web.Request) -> JSON:
        chat = self._target_chat(params)
        raw, plain, entities, parse_mode = self._render_text(params)
        markup = _normalise_keyboard(params["reply_markup"]) if "reply_markup" in params else None
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply"),
            }
        reply_to = None
        if reply is not None:
            if not isinstance(reply, dict) or _as_int(reply.get("message_id")) is None:
                raise _bad("can't parse reply parameters JSON object")
            reply_to = next(
                (m for m in self.messages(chat.id) if m.message_id == _as_int(reply["message_id"])),
                None,
            )
            if reply_to is None and not reply.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        self._flood_check(chat)
        message = self._store(
            StoredMessage(
                chat,
                self._next_message_id(chat.id),
                int(time.time()),
                None,
                raw,
                plain,
                entities,
                parse_mode,
                markup,
                reply_to,
            )
        )
        return message.to_api()

    def _editable(self, params: JSON) -> StoredMessage:
        if "inline_message_id" in params:
            raise _bad("the fake supports chat_id + message_id edits only")
        chat = self._target_chat(params)
        message_id = _as_int(params.get("message_id"))
        if message_id is None:
            raise _bad("message identifier is not specified")
        stored = next((m for m in self.messages(chat.id) if m.message_id == message_id), None)
        if stored is None:
            raise _bad("message to edit not found")
        if not stored.from_bot:
            raise _bad("message can't be edited")
        if self.group_edits_limited:
            self._flood_check(chat)
        return stored

    def _edit_markup(self, params: JSON) -> JSON | None:
        if "reply_markup" not in params:
            return None  # as on Telegram: an edit without reply_markup removes the keyboard
        markup = params["reply_markup"]
        if isinstance(markup, dict) and "inline_keyboard" not in markup:
            raise _bad("inline keyboard expected")
        return _normalise_keyboard(markup)

    def _apply_edit(self, stored: StoredMessage, plain: str, **changes: Any) -> JSON:
        stored.history.append(stored.plain_text)
        stored.plain_text = plain
        for name, value in changes.items():
            setattr(stored, name, value)
        stored.edit_count += 1
        stored.edit_date = int(time.time())
        self._notify()
        return stored.to_api()

    async def _edit_message_text(self, params: JSON, request: web.Request) -> JSON:
        stored = self._editable(params)
        raw, plain, entities, parse_mode = self._render_text(params)
        markup = self._edit_markup(params)
        if (plain, entities, markup) == (stored.plain_text, stored.entities, stored.reply_markup):
            raise TelegramApiError(400, _NOT_MODIFIED)
        return self._apply_edit(
            stored, plain, text=raw, entities=entities, parse_mode=parse_mode, reply_markup=markup
        )

    async def _edit_message_reply_markup(self, params: JSON, request: web.Request) -> JSON:
        stored = self._editable(params)
        markup = self._edit_markup(params)
        if markup == stored.reply_markup:
            raise TelegramApiError(400, _NOT_MODIFIED)
        return self._apply_edit(stored, stored.plain_text, reply_markup=markup)

    async def _answer_callback_query(self, params: JSON, request: web.Request) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self.callback_answers or self.callback_answers[query_id] is not None:
            raise _bad(_QUERY_INVALID)
        if time.monotonic() - self._query_issued.get(query_id, 0.0) > self.callback_window:
            raise _bad(_QUERY_INVALID)  # Telegram's answer window has closed
        text = params.get("text")
        if text is not None and len(str(text)) > MAX_ANSWER_TEXT:
            raise _bad("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = CallbackAnswer(
            None if text is None else str(text),
            bool(params.get("show_alert")),
            params.get("url"),
            _as_int(params.get("cache_time")),
        )
        self._notify()
        return True

    async def _answer_inline_query(self, params: JSON, request: web.Request) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self.inline_answers or self.inline_answers[query_id] is not None:
            raise _bad(_QUERY_INVALID)
        if time.monotonic() - self._query_issued.get(query_id, 0.0) > self.callback_window:
            raise _bad(_QUERY_INVALID)
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad("RESULTS_TOO_MUCH")
        ids = [self._check_inline_result(result) for result in results]
        if len(set(ids)) != len(ids):
            raise _bad("RESULT_ID_DUPLICATE")
        next_offset = params.get("next_offset")
        if next_offset is not None and len(str(next_offset).encode()) > MAX_INLINE_OFFSET:
            raise _bad("NEXT_OFFSET_INVALID")
        button = params.get("button")
        if button is not None:
            self._check_results_button(button)
        cache_time = _as_int(params.get("cache_time"))
        if "cache_time" in params and (cache_time is None or cache_time < 0):
            raise _bad("wrong cache_time")
        self.inline_answers[query_id] = InlineAnswer(
            results,
            cache_time,
            bool(params.get("is_personal")),
            None if next_offset is None else str(next_offset),
            button,
        )
        self._notify()
        return True

    def _check_inline_result(self, result: object) -> str:
        """An InlineQueryResultArticle as Telegram checks it; returns its id."""
        if not isinstance(result, dict):
            raise _bad("can't parse inline query result JSON object")
        if result.get("type") != "article":
            raise _bad(f"the fake supports article results only, got {result.get('type')!r}")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode()) <= 64:
            raise _bad("RESULT_ID_INVALID")
        if not isinstance(result.get("title"), str) or not result["title"].strip():
            raise _bad("RESULT_TITLE_EMPTY")
        description = result.get("description")
        if description is not None and not isinstance(description, str):
            raise _bad("can't parse inline query result description")
        content = result.get("input_message_content")
        if not isinstance(content, dict) or "message_text" not in content:
            raise _bad("MESSAGE_EMPTY")
        self._render_text(
            {"text": content["message_text"], "parse_mode": content.get("parse_mode")}
        )
        if "reply_markup" in result:
            markup = result["reply_markup"]
            if not isinstance(markup, dict) or "inline_keyboard" not in markup:
                raise _bad("inline keyboard expected")  # results take inline keyboards only
            _normalise_keyboard(markup)
        return result_id

    @staticmethod
    def _check_results_button(button: object) -> None:
        """InlineQueryResultsButton: a text and exactly one of start_parameter, web_app."""
        if not isinstance(button, dict) or not str(button.get("text") or "").strip():
            raise _bad("can't parse inline query results button")
        kinds = [key for key in ("start_parameter", "web_app") if key in button]
        if len(kinds) != 1:
            raise _bad("exactly one of start_parameter and web_app must be used")
        start = button.get("start_parameter")
        if "start_parameter" in button and not (
            isinstance(start, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start)
        ):
            raise _bad("START_PARAM_INVALID")

    async def _delete_message(self, params: JSON, request: web.Request) -> bool:
        chat = self._target_chat(params)
        message_id = _as_int(params.get("message_id"))
        stored = next((m for m in self.messages(chat.id) if m.message_id == message_id), None)
        if stored is None:
            raise _bad("message to delete not found")
        stored.deleted = True
        self._notify()
        return True

    async def _send_chat_action(self, params: JSON, request: web.Request) -> bool:
        self._target_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True


def _scope_key(scope: JSON | None) -> str:
    """A canonical key for a BotCommandScope (None is the default scope)."""
    return json.dumps(scope or {"type": "default"}, sort_keys=True)
