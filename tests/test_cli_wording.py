"""`bonemet scores --json` carries issue 11's wording: hints, caveats and their short forms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bonemet.cli import main


def _catalogue(lang: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["scores", "--json", "--lang", lang]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return {score["id"]: score for score in data["scores"]}


def _item(score: dict[str, Any], item_id: str) -> dict[str, Any]:
    item: dict[str, Any] = next(i for i in score["items"] if i["id"] == item_id)
    return item


def test_json_carries_the_french_wording(capsys: pytest.CaptureFixture[str]) -> None:
    """French: Mirels functional pain hint, SINS 1-point pain, Tokuhashi record caveat."""
    scores = _catalogue("fr", capsys)
    assert _item(scores["mirels"], "pain")["hint"].startswith(
        "Fonctionnelle : douleur déclenchée ou aggravée par l'usage du membre ou la mise en "
        "charge (Mirels 1989)"
    )
    pain = _item(scores["sins"], "pain")["options"]
    assert [o["label"] for o in pain][1] == "Non mécanique (occasionnelle)"
    assert scores["tokuhashi"]["record_note"] == (
        "Aucun score pronostique n'est assez fiable pour alimenter de façon pertinente la "
        "discussion chirurgicale (§3.8.3)."
    )
    assert scores["sins"]["record_note"] is None


def test_json_carries_the_english_wording(capsys: pytest.CaptureFixture[str]) -> None:
    """English: titles without possessive, Tokuhashi caveat at full strength, Rades hint."""
    scores = _catalogue("en", capsys)
    assert scores["mirels"]["title"] == "Mirels score"
    assert scores["rades"]["title"] == "Rades score"
    assert "on its own" not in scores["tokuhashi"]["note"]
    assert "usefully inform the surgical discussion" in scores["tokuhashi"]["note"]
    assert _item(scores["rades"], "deficit_onset")["hint"].startswith(
        "Time from the first motor symptoms to the start of radiotherapy"
    )
    assert scores["frankel"]["record_note"] == (
        "D1-D3: sub-grades of the modified Frankel classification (§3.8.2), not Frankel 1969."
    )
