"""Callback data and deep-link payloads: self-describing, validated, within Telegram's limits.

Button data name the dialogue run, score, item and option they were made for, so a
button keeps working after a restart of the bot (nothing lives in memory) and a stale
or forged one is recognised by comparing it with the stored dialogue, never trusted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum

MAX_CALLBACK_BYTES = 64
"""Telegram's limit on callback_data."""
MAX_PAYLOAD = 64
"""Telegram's limit on a /start deep-link payload (A-Za-z0-9_-)."""


class Action(StrEnum):
    """What a button does."""

    ANSWER = "a"
    """An option (or a number question's shortcut) for a question."""
    TOGGLE = "t"
    """Tick or untick one box of a checklist."""
    DONE = "d"
    """A checklist is answered with the boxes ticked."""
    BACK = "b"
    CANCEL = "x"
    REOPEN = "z"
    """Back from a result: reopen the last question."""


@dataclass(frozen=True)
class Callback:
    """A decoded button press."""

    action: Action
    dialogue_id: str
    score: str
    item: str = ""
    """The question's key, or `~<index>` (its position in the flow) when the key is too
    long for the 64 bytes."""
    option: str = ""
    """The option's or the box's id."""

    def encode(self) -> str:
        """The callback_data string (at most 64 bytes; checked by the tests from the data)."""
        parts = [self.action.value, self.dialogue_id, self.score]
        if self.item:
            parts.append(self.item)
        if self.option:
            parts.append(self.option)
        return "|".join(parts)

    @classmethod
    def for_question(
        cls, action: Action, dialogue_id: str, flow: str, key: str, index: int, *, option: str = ""
    ) -> Callback:
        """A button of the question `key` (at `index` in the flow): named by its key when
        that fits in 64 bytes, by its index otherwise."""
        named = cls(action, dialogue_id, flow, key, option)
        if len(named.encode().encode()) <= MAX_CALLBACK_BYTES:
            return named
        return cls(action, dialogue_id, flow, f"~{index}", option)

    def index(self) -> int | None:
        """The question's index when the button names it by index."""
        return int(self.item[1:]) if self.item.startswith("~") else None


_KEY = r"[A-Za-z][A-Za-z0-9_]{0,31}(?:\.[A-Za-z][A-Za-z0-9_]{0,31})?|~\d{1,3}"
_CALLBACK = re.compile(
    r"^(?P<action>[atdbxz])\|(?P<dialogue>[A-Za-z0-9]{1,12})\|(?P<score>[a-z][a-z0-9_]{0,23})"
    rf"(?:\|(?P<item>{_KEY}))?(?:\|(?P<option>[A-Za-z][A-Za-z0-9_]{{0,23}}))?$"
)


def decode_callback(data: str | None) -> Callback | None:
    """The button press, or None for anything malformed (forged, truncated, foreign)."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    match = _CALLBACK.match(data)
    if match is None:
        return None
    action = Action(match["action"])
    item, option = match["item"] or "", match["option"] or ""
    with_option = action in (Action.ANSWER, Action.TOGGLE)
    with_item = with_option or action in (Action.DONE, Action.BACK)
    if with_option != bool(option) or (with_item and not item):
        return None
    return Callback(action, match["dialogue"], match["score"], item, option)


def _signature(secret: str, score: str, chat_id: int, user_id: int) -> str:
    message = f"{score}|{chat_id}|{user_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode().rstrip("=")


def group_payload(secret: str, score: str, chat_id: int, user_id: int) -> str:
    """A /start payload that continues `score` in private and posts the result to `chat_id`.

    Signed for this user, so a forwarded link cannot post into the group. Group ids are
    negative: the minus sign is written "m" (payloads allow only A-Za-z0-9_-).
    """
    chat = f"m{-chat_id}" if chat_id < 0 else str(chat_id)
    return f"g-{score}-{chat}-{_signature(secret, score, chat_id, user_id)}"


_PAYLOAD = re.compile(
    r"^g-(?P<score>[a-z][a-z0-9_]{0,23})-(?P<chat>m?\d{1,20})-(?P<sig>[A-Za-z0-9_-]{12})$"
)


def group_payload_score(payload: str) -> str | None:
    """The score id a group link names, signature unchecked: only to word a refusal."""
    match = _PAYLOAD.match(payload)
    return match["score"] if match is not None else None


def decode_group_payload(secret: str, payload: str, user_id: int) -> tuple[str, int] | None:
    """(score id, group chat id) from a deep-link payload made for this user, else None."""
    match = _PAYLOAD.match(payload)
    if match is None or len(payload) > MAX_PAYLOAD:
        return None
    chat_text = match["chat"]
    chat_id = -int(chat_text[1:]) if chat_text.startswith("m") else int(chat_text)
    expected = _signature(secret, match["score"], chat_id, user_id)
    if not hmac.compare_digest(expected, match["sig"]):
        return None
    return match["score"], chat_id
