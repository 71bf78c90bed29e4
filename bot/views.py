"""Telegram messages built from the engine's steps: HTML text and inline keyboards."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import Action, Callback
from dialogs.engine import Question, Step
from dialogs.i18n import FlowKind, ui
from dialogs.oneline import named
from dialogs.render import (
    HTML,
    button_label,
    compact_record,
    render_step,
    step_notice,
)
from dialogs.session import Session
from dialogs.summaries import (
    compact_summary,
    render_summary_details,
    render_summary_head,
    summary_record,
)
from scoring import ChoiceItem, Lang, NumberItem, Result
from scoring.summary import Summary

MAX_TEXT = 4096
"""Telegram's limit on a message's text (after entity parsing)."""


@dataclass(frozen=True)
class View:
    """A message to send or to edit in place."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    extra: tuple[str, ...] = ()
    """Messages that follow this one and share its life (a summary's record block when
    the summary and its record do not fit one message)."""

    def fingerprint(self) -> str:
        """A digest of text and keyboard, to tell whether an edit would change anything.

        Read off the buttons' fields rather than PTB's ``to_json`` (3 % of the bot's CPU
        under load). Digests saved before this wording differ once: the next edit of such a
        dialogue is sent, and Telegram's "message is not modified" is ignored (``quietly``).
        """
        parts = [self.text]
        if self.keyboard is not None:
            for row in self.keyboard.inline_keyboard:
                parts.append("\x1e")
                for button in row:
                    copied = button.copy_text.text if button.copy_text is not None else None
                    parts.append(f"{button.text}\x1d{button.callback_data}\x1d{button.url}")
                    parts.append(f"\x1d{copied}\x1f")
        return hashlib.sha256("".join(parts).encode()).hexdigest()[:16]


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


def fits(html_text: str) -> bool:
    """Whether an HTML text fits one Telegram message."""
    return _utf16(_plain(html_text)) <= MAX_TEXT


def result_parts(
    result: Result | Summary, lang: Lang, before: str = ""
) -> tuple[str, tuple[str, ...]]:
    """The result or summary as one message, its record block folded in; and the
    messages that follow it: none, unless a summary with its record block is too long for
    one message. Then the block comes on its own (`record_texts`), and the summary's list
    of answers too if still too long (the record block has them all). `before` (HTML)
    is put before the result's text."""
    text = before + render_step(Step(None, result=result), lang, HTML)
    if not isinstance(result, Summary) or fits(text):
        return text, ()
    head = before + render_summary_head(result, lang, HTML)
    for answers in (True, False):
        details = render_summary_details(result, lang, HTML, answers=answers, record=False)
        text = head + "\n" + HTML.fold(details)
        if fits(text):
            break
    return text, record_texts(result, lang)


def result_text(result: Result | Summary, lang: Lang) -> str:
    """The result's or summary's own message (see `result_parts`)."""
    return result_parts(result, lang)[0]


def _titled(title: str, index: int, count: int) -> str:
    """ "To paste into the record (1/2):" for one of several pieces."""
    if count == 1:
        return title
    name = title.rstrip(" :\u00a0")
    return f"{name} ({index}/{count}){title[len(name) :]}"


def _wrapped(line: str, room: int) -> list[str]:
    """A line longer than `room` as several, split between words (a word longer than
    `room` is split too): nothing is ever dropped."""
    chunks = []
    while _utf16(line) > room:
        cut = room
        while _utf16(line[:cut]) > room:
            cut -= 1
        space = line.rfind(" ", 0, cut + 1)
        cut = space if space > 0 else cut
        chunks.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return [*chunks, line]


def _pieces(lines: list[str], room: int) -> list[list[str]]:
    """Consecutive lines grouped so that each group, joined by newlines, fits `room`."""
    groups: list[list[str]] = [[]]
    size = 0
    for line in (chunk for whole in lines for chunk in _wrapped(whole, room)):
        added = _utf16(line) + (1 if groups[-1] else 0)
        if groups[-1] and size + added > room:
            groups.append([])
            size, added = 0, _utf16(line)
        groups[-1].append(line)
        size += added
    return groups


def record_texts(summary: Summary, lang: Lang) -> tuple[str, ...]:
    """The summary's record block as messages of its own: a title, then the block in a
    <pre> (Telegram offers to copy it); several messages, split at line boundaries and
    numbered, only if the block alone is longer than one message."""
    title = ui(lang)["record_title"]
    lines = summary_record(summary, lang).split("\n")
    # Room for the block: the longest possible title ("… (99/99) :") and its newline.
    room = MAX_TEXT - _utf16(_titled(title, 99, 99)) - 1
    groups = _pieces(lines, room)
    return tuple(
        HTML.escape(_titled(title, i, len(groups))) + "\n" + HTML.block(HTML.escape("\n".join(g)))
        for i, g in enumerate(groups, 1)
    )


def step_view(step: Step, lang: Lang, private_link: str | None = None, before: str = "") -> View:
    """The message for a step: question with keyboard, result, or a notice alone;
    `before` (HTML, e.g. "Language: English.") first."""
    step = named(step)  # a tied one-line value names every option it stands for
    session = step.session
    if step.result is not None:
        notice = step_notice(step, lang, HTML) + "\n\n" if step.notice else ""
        text, extra = result_parts(step.result, lang, before + notice)
        return View(text, result_keyboard(step.result, session, lang), extra)
    text = before + render_step(step, lang, HTML)
    if step.question is not None and session is not None:
        return View(text, question_keyboard(session, step.question, lang, private_link))
    return View(text)


def status_text(key: str, title: str, lang: Lang, kind: FlowKind | None = None) -> str:
    """A one-line status that replaces a dialogue message ("done", "withdrawn", ...),
    naming what the dialogue ran (`kind`) where it says so ("parcours abandonné")."""
    return HTML.escape(ui(lang, kind)[key].format(title=title))
