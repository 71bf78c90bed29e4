"""Telegram's limits, checked from the data: every message the catalogue can produce fits."""

from __future__ import annotations

import itertools

import pytest
from telegram import CopyTextButton, InlineKeyboardButton, InlineKeyboardMarkup

from bot.views import MAX_TEXT, View, step_view
from dialogs.engine import Engine
from dialogs.render import button_label
from scoring import SCORES, Lang, Score
from tests.bot.fake_telegram import parse_html, utf16_len

LINK = "https://t.me/bonemet_test_bot?start=g-tokuhashi-m1001234567890-AAAAAAAAAAAA"


def longest_walk(engine: Engine, score: Score, lang: Lang) -> list[str]:
    """Texts of every step when each answer is the option with the longest label."""
    step = engine.start(score.id, lang)
    texts = [step_view(step, lang, LINK).text]
    while step.question is not None:
        assert step.session is not None
        option = max(step.question.item.options, key=lambda o: len(o.label(lang)))
        step = engine.choose(step.session, step.question.item.id, option.id)
        texts.append(step_view(step, lang, LINK).text)
    return texts


@pytest.mark.parametrize(("score", "lang"), list(itertools.product(SCORES, ("fr", "en"))))
def test_every_message_fits_and_is_valid_html(score: Score, lang: Lang) -> None:
    """Questions (with the longest recap) and results are valid Telegram HTML under 4096."""
    for text in longest_walk(Engine(), score, lang):
        plain, _ = parse_html(text)
        assert 0 < utf16_len(plain) < MAX_TEXT


@pytest.mark.parametrize("score", SCORES, ids=lambda s: s.id)
def test_buttons_list_every_option_in_order_then_navigation(score: Score) -> None:
    """The keyboard has one button per option in the guideline's order, then back/cancel."""
    engine = Engine()
    step = engine.start(score.id, "en")
    assert step.session is not None
    assert step.question is not None
    view = step_view(step, "en")
    assert view.keyboard is not None
    rows = view.keyboard.inline_keyboard
    first = score.items[0]
    assert [row[0].text for row in rows[: len(first.options)]] == [
        button_label(o.label("en"), o.points, "en") for o in first.options
    ]
    assert [b.text for b in rows[len(first.options)]] == ["✖ Cancel"]


# A spine pathway whose summary does not fit one message with its record block: NSCLC,
# SINS 2+1+0+2+3+0 = 8, Frankel A, Tokuhashi 1+1+2+0 (+ lung 0, palsy complete 0) = 4,
# Tomita rapid 4 + none 0 + multiple 2 = 6, no cord compression.
LONG_SPINE = {
    "primary": "nsclc",
    "sins.location": "mobile",
    "sins.pain": "occasional",
    "sins.lesion": "blastic",
    "sins.alignment": "deformity",
    "sins.collapse": "over_half",
    "sins.posterolateral": "none",
    "frankel.grade": "A",
    "tokuhashi.general_condition": "kps_50_70",
    "tokuhashi.extraspinal_bone_mets": "one_or_two",
    "tokuhashi.vertebral_body_mets": "one",
    "tokuhashi.visceral_mets": "unresectable",
    "tomita.visceral_mets": "none",
    "tomita.bone_mets": "multiple",
    "compression": "no",
}


def test_fingerprints_tell_apart_every_change_an_edit_would_show() -> None:
    """Equal views share a fingerprint; a change of text, of any button's label, data, link
    or copied text, or of how buttons are laid out in rows, changes it."""

    def view(text: str = "Q1", **changes: object) -> View:
        buttons = {
            "a": InlineKeyboardButton("Oui", callback_data="a|d1|sins|pain|yes"),
            "b": InlineKeyboardButton("Lien", url="https://t.me/bonemet_bot?start=x"),
            "c": InlineKeyboardButton("Copier", copy_text=CopyTextButton("SINS 11/18")),
        }
        buttons.update(changes)  # type: ignore[arg-type]
        rows = [[buttons["a"], buttons["b"]], [buttons["c"]]]
        if changes.get("layout") == "flat":
            rows = [[buttons["a"]], [buttons["b"]], [buttons["c"]]]
        return View(text, InlineKeyboardMarkup(rows))

    base = view().fingerprint()
    assert view().fingerprint() == base
    variants = [
        view("Q2"),
        view(a=InlineKeyboardButton("Non", callback_data="a|d1|sins|pain|yes")),
        view(a=InlineKeyboardButton("Oui", callback_data="a|d1|sins|pain|no")),
        view(b=InlineKeyboardButton("Lien", url="https://t.me/bonemet_bot?start=y")),
        view(c=InlineKeyboardButton("Copier", copy_text=CopyTextButton("SINS 12/18"))),
        view(layout="flat"),
        View("Q1"),
    ]
    fingerprints = {variant.fingerprint() for variant in variants}
    assert base not in fingerprints
    assert len(fingerprints) == len(variants)
