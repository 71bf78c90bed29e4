"""The bot's result message carries each score's caveat into the block to copy (issue 11)."""

from __future__ import annotations

import pytest

from bot.views import step_view
from dialogs.engine import Engine
from scoring import Lang
from tests.bot.fake_telegram import parse_html
from tests.dialogs._clinical import walk_positions

# Typed from the issue: the Tokuhashi reliability caveat (§3.8.3), in both languages.
CAVEAT = {
    "fr": (
        "Aucun score pronostique n'est assez fiable pour alimenter de façon pertinente la "
        "discussion chirurgicale (§3.8.3)."
    ),
    "en": (
        "No prognostic score is reliable enough to usefully inform the surgical discussion "
        "(§3.8.3)."
    ),
}
TITLE = {"fr": "À copier dans le dossier :", "en": "To paste into the record:"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_result_message_copies_the_caveat(lang: Lang) -> None:
    """A Tokuhashi "< 6 months" result: the block after the record title has the caveat."""
    step = walk_positions(Engine(), "tokuhashi", (1, 1, 1, 1, 1, 1), lang)
    plain, _ = parse_html(step_view(step, lang).text)
    record = plain.split(TITLE[lang], 1)[1]
    assert CAVEAT[lang] in record
