"""Telegram messages built from the engine's steps: HTML text and inline keyboards."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, Callback
from dialogs.engine import Question, Step
from dialogs.i18n import ui
from dialogs.oneline import named
from dialogs.render import (
    HTML,
    PLAIN,
    button_label,
    compact_record,
    render_notice,
    render_step,
)
from dialogs.session import Session
from dialogs.summaries import compact_summary, render_summary_details, render_summary_head
from scoring import ChoiceItem, Lang, NumberItem, Result
from scoring.summary import Summary

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


def _answer_rows(
    session: Session, question: Question, lang: Lang
) -> list[list[InlineKeyboardButton]]:
    """The buttons that answer the question: one per option; a number's shortcut; one per
    box of a checklist (☐/☑, toggled in place) and Done."""
    item = question.item

    def data(action: Action, option: str = "") -> str:
        return Callback.for_question(
            action,
            session.dialogue_id,
            session.score,
            question.key,
            question.position,
            option=option,
        ).encode()

    if isinstance(item, ChoiceItem):
        return [
            [
                InlineKeyboardButton(
                    button_label(option.label(lang), option.points, lang),
                    callback_data=data(Action.ANSWER, option.id),
                )
            ]
            for option in item.options
        ]
    if isinstance(item, NumberItem):
        if item.shortcut is None:
            return []
        return [
            [
                InlineKeyboardButton(
                    item.shortcut.label(lang), callback_data=data(Action.ANSWER, item.shortcut.id)
                )
            ]
        ]
    rows = [
        [
            InlineKeyboardButton(
                f"{'☑' if box.id in question.pending else '☐'} {box.label(lang)}",
                callback_data=data(Action.TOGGLE, box.id),
            )
        ]
        for box in item.boxes
    ]
    rows.append([InlineKeyboardButton(ui(lang)["btn_done"], callback_data=data(Action.DONE))])
    return rows


def question_keyboard(
    session: Session, question: Question, lang: Lang, private_link: str | None = None
) -> InlineKeyboardMarkup:
    """The answer buttons in the guideline's order, then back/cancel (and private link)."""
    t = ui(lang)
    rows = _answer_rows(session, question, lang)
    navigation = []
    if question.index > 1:
        navigation.append(
            InlineKeyboardButton(
                t["btn_back"],
                callback_data=Callback.for_question(
                    Action.BACK, session.dialogue_id, session.score, question.key, question.position
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


def result_keyboard(
    result: Result | Summary, session: Session | None, lang: Lang
) -> InlineKeyboardMarkup:
    """Under a result or a summary: copy its compact record; reopen the last question
    (for a mis-tap)."""
    t = ui(lang)
    compact = (
        compact_summary(result, lang)
        if isinstance(result, Summary)
        else compact_record(result, lang)
    )
    rows = [[InlineKeyboardButton(t["btn_copy"], copy_text=CopyTextButton(compact))]]
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


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _plain(html_text: str) -> str:
    """What Telegram counts of an HTML text: without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def result_text(result: Result | Summary, lang: Lang) -> str:
    """The result or summary as one message. A summary too long for one message leaves
    its list of answers to the record block (which has them all); if still too long, the
    folded details end at the last whole line that fits, with a line saying so."""
    text = render_step(Step(None, result=result), lang, HTML)
    if not isinstance(result, Summary) or _utf16(_plain(text)) <= MAX_TEXT:
        return text
    head = render_summary_head(result, lang, HTML)
    details = render_summary_details(result, lang, PLAIN, answers=False)
    cut = "\n" + ui(lang)["record_cut"]
    room = MAX_TEXT - _utf16(_plain(head)) - 2
    if _utf16(details) > room:
        kept = details[: max(room - _utf16(cut), 0)]
        # Never end inside a sentence: back to the end of the last whole line or sentence.
        end = max(kept.rfind("\n"), kept.rfind(". ") + 1, kept.rfind(" ; ") + 1)
        details = (kept[:end] if end > 0 else kept).rstrip() + cut
    return head + "\n" + HTML.fold(HTML.escape(details))


def step_view(step: Step, lang: Lang, private_link: str | None = None) -> View:
    """The message for a step: question with keyboard, result, or a notice alone."""
    step = named(step)  # a tied one-line value names every option it stands for
    session = step.session
    if step.result is not None:
        text = result_text(step.result, lang)
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
