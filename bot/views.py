"""Telegram messages built from the engine's steps: HTML text and inline keyboards."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, Callback
from dialogs.engine import Question, Step
from dialogs.i18n import ui
from dialogs.render import HTML, button_label, compact_record, render_notice, render_step
from dialogs.session import Session
from scoring import Lang, Result

MAX_TEXT = 4096
"""Telegram's limit on a message's text (after entity parsing)."""


@dataclass(frozen=True)
class View:
    """A message to send or to edit in place."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None

    def fingerprint(self) -> str:
        """A digest of text and keyboard, to tell whether an edit would change anything."""
        keyboard = self.keyboard.to_json() if self.keyboard is not None else ""
        return hashlib.sha256(f"{self.text}\x00{keyboard}".encode()).hexdigest()[:16]


def question_keyboard(
    session: Session, question: Question, lang: Lang, private_link: str | None = None
) -> InlineKeyboardMarkup:
    """One button per option in the guideline's order, then back/cancel (and private link)."""
    t = ui(lang)
    rows = [
        [
            InlineKeyboardButton(
                button_label(option.label(lang), option.points, lang),
                callback_data=Callback(
                    Action.ANSWER, session.dialogue_id, session.score, question.item.id, option.id
                ).encode(),
            )
        ]
        for option in question.item.options
    ]
    navigation = []
    if question.index > 1:
        navigation.append(
            InlineKeyboardButton(
                t["btn_back"],
                callback_data=Callback(
                    Action.BACK, session.dialogue_id, session.score, question.item.id
                ).encode(),
            )
        )
    navigation.append(
        InlineKeyboardButton(
            t["btn_cancel"],
            callback_data=Callback(Action.CANCEL, session.dialogue_id, session.score).encode(),
        )
    )
    rows.append(navigation)
    if private_link is not None:
        rows.append([InlineKeyboardButton(t["btn_private"], url=private_link)])
    return InlineKeyboardMarkup(rows)


def result_keyboard(result: Result, session: Session | None, lang: Lang) -> InlineKeyboardMarkup:
    """Under a result: copy its compact record; reopen the last question (for a mis-tap)."""
    t = ui(lang)
    rows = [
        [
            InlineKeyboardButton(
                t["btn_copy"], copy_text=CopyTextButton(compact_record(result, lang))
            )
        ]
    ]
    if session is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    t["btn_reopen"],
                    callback_data=Callback(
                        Action.REOPEN, session.dialogue_id, session.score
                    ).encode(),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def step_view(step: Step, lang: Lang, private_link: str | None = None) -> View:
    """The message for a step: question with keyboard, result, or a notice alone."""
    session = step.session
    if step.result is not None:
        text = render_step(Step(None, result=step.result), lang, HTML)
        if step.notice is not None:
            text = render_notice(step.notice, lang, HTML) + "\n\n" + text
        return View(text, result_keyboard(step.result, session, lang))
    text = render_step(step, lang, HTML)
    if step.question is not None and session is not None:
        return View(text, question_keyboard(session, step.question, lang, private_link))
    return View(text)


def status_text(key: str, title: str, lang: Lang) -> str:
    """A one-line status that replaces a dialogue message ("done", "withdrawn", ...)."""
    return HTML.escape(ui(lang)[key].format(title=title))
