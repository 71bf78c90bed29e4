"""Tests of the Mermaid state diagrams drawn by transitions from each score's machine."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dialogs.engine import RESULT, mermaid_diagram, question_state
from scoring import SCORES, Score

ROOT = Path(__file__).resolve().parents[2]

TOMITA_STATES = ("ask_growth", "ask_visceral_mets", "ask_bone_mets", "result")
"""Tomita's items in the guideline's order (growth, visceral, bone), then the result."""


def edges(diagram: str) -> set[tuple[str, str, str]]:
    """(source, destination, event) for every arrow of a Mermaid state diagram."""
    found: set[tuple[str, str, str]] = set()
    for source, dest, events in re.findall(r"^\s*(\w+) --> (\w+): (.+)$", diagram, re.MULTILINE):
        for event in events.split("|"):
            found.add((source, dest, event.strip()))
    return found


def test_bonemet_diagram_tomita_prints_mermaid() -> None:
    """`bonemet diagram tomita` prints a stateDiagram-v2 with every item state and the result."""
    done = subprocess.run(
        [sys.executable, "-m", "bonemet", "diagram", "tomita"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "stateDiagram-v2" in done.stdout
    for state in TOMITA_STATES:
        assert re.search(rf"^\s*state \"{state}\" as {state}$", done.stdout, re.MULTILINE), state
    assert "[*] --> ask_growth" in done.stdout
    found = edges(done.stdout)
    assert ("ask_growth", "ask_visceral_mets", "answer") in found
    assert ("ask_bone_mets", "result", "answer") in found
    assert ("result", "ask_bone_mets", "back") in found


def test_bonemet_diagram_unknown_score_is_a_usage_error() -> None:
    """`bonemet diagram karnofsky` exits 2 naming the valid scores, without a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "bonemet", "diagram", "karnofsky"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "tomita" in done.stderr


@pytest.mark.parametrize("s", SCORES, ids=lambda s: s.id)
def test_every_score_diagram_has_its_states_and_moves(s: Score) -> None:
    """Each score's diagram has one state per item plus the result, chained by answer and back."""
    diagram = mermaid_diagram(s)
    assert "stateDiagram-v2" in diagram
    states = [question_state(i) for i in s.items] + [RESULT]
    assert states[0] == f"ask_{s.items[0].id}"
    declared = re.findall(r"^\s*state \"(\w+)\" as \w+$", diagram, re.MULTILINE)
    assert declared == states
    found = edges(diagram)
    for here, there in itertools.pairwise(states):
        assert (here, there, "answer") in found
        assert (there, here, "back") in found
    assert {event for _, _, event in found} == {"answer", "back", "restart", "cancel [internal]"}
    # cancel is allowed from every state and moves nowhere (the engine drops the session)
    assert {(src, dst) for src, dst, ev in found if ev == "cancel [internal]"} == {
        (state, state) for state in states
    }
    # no auto transitions ("to_<state>") and no way back from the first question
    assert not any(event.startswith("to_") for _, _, event in found)
    assert not any(src == states[0] and ev == "back" for src, _, ev in found)
    assert f"[*] --> {states[0]}" in diagram
