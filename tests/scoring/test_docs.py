"""docs/deviations.md is generated from the scores' declared deviations and cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scoring import SCORES
from scoring.docs import deviations_markdown
from scoring.registry import PATHWAYS

ROOT = Path(__file__).resolve().parents[2]
DEVIATIONS = ROOT / "docs" / "deviations.md"

# The CLINICAL.md decisions that concern a score: 1-15 and 22 (SINS collapse at exactly
# 50 %). The others do not: 16 is the whole text, 17-18 zoledronic acid and creatinine
# clearance, 19-21 pathways (derivations, Tokuhashi and Tomita side by side, life
# expectancy for bone surgery).
SCORE_DECISIONS = (*range(1, 16), 22)

REGENERATE = "regenerate it: python -m scoring.docs > docs/deviations.md"


def _table_rows(markdown: str) -> list[list[str]]:
    """The deviation table's body rows, split into cells."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    header, *body = rows
    assert header == "| Score, pathway or aid | # | Guideline | What the bot does | Why |"
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in body]


def test_committed_page_equals_the_generated_one() -> None:
    """The committed docs/deviations.md is exactly what `deviations_markdown()` renders."""
    assert DEVIATIONS.read_text(encoding="utf-8") == deviations_markdown(), REGENERATE


def test_module_entry_point_prints_the_page() -> None:
    """`python -m scoring.docs` prints the page byte for byte, as UTF-8."""
    done = subprocess.run(
        [sys.executable, "-m", "scoring.docs"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert done.stdout.decode("utf-8") == deviations_markdown()


@pytest.mark.parametrize("decision", SCORE_DECISIONS)
def test_every_score_decision_is_documented(decision: int) -> None:
    """Every CLINICAL.md decision about a score (1-15, 22) has a row in the deviations table."""
    numbers = [row[1] for row in _table_rows(deviations_markdown())]
    assert str(decision) in numbers


def test_sins_collapse_row_is_decision_22() -> None:
    """The SINS collapse row carries decision 22 and CLINICAL.md's reason for it."""
    rows = [row for row in _table_rows(deviations_markdown()) if row[1] == "22"]
    assert len(rows) == 1
    score, _, guideline, bot, why = rows[0]
    assert score == "SINS (Spinal Instability Neoplastic Score)"
    assert "50 %" in guideline
    assert "Exactly 50% counts as collapse ≥ 50% (3 points)" in bot
    assert why == (
        "Fisher 2010 leaves 50% without a row; the higher score leads to the surgical "
        "opinion, the safer error."
    )


def test_one_row_per_declared_deviation_in_registry_order() -> None:
    """The table has one row per declared deviation, score by score then pathway by pathway,
    in the registry's order."""
    rows = _table_rows(deviations_markdown())
    expected = [
        (score.title.en, "—" if d.decision is None else str(d.decision))
        for score in (*SCORES, *PATHWAYS)
        for d in score.deviations
    ]
    assert [(row[0], row[1]) for row in rows] == expected
    assert all(len(row) == 5 and all(row) for row in rows)


def test_page_lists_every_scores_references() -> None:
    """The references list every score's and pathway's publications and guideline sections."""
    markdown = deviations_markdown()
    references = markdown.split("## Primary references", 1)[1]
    for score in (*SCORES, *PATHWAYS):
        assert f"### {score.title.en}" in references
        for source in score.sources:
            if source.kind == "publication":
                assert source.citation in references
            else:
                assert source.section is not None
                assert source.section in references


def test_page_explains_what_it_is() -> None:
    """The page says the tables were checked against the publications and the bot follows them."""
    markdown = deviations_markdown()
    assert markdown.startswith("# ")
    assert "original publications" in markdown
    assert "CLINICAL.md" in markdown
    assert markdown.endswith("\n")


@pytest.mark.parametrize("decision", [19, 20, 21])
def test_every_pathway_decision_is_documented(decision: int) -> None:
    """CLINICAL.md decisions 19-21 (derivations, §3.8.5 side by side, life-expectancy bands)
    have their rows, on the pathways that apply them."""
    rows = _table_rows(deviations_markdown())
    pathway_titles = {p.title.en for p in PATHWAYS}
    assert any(row[1] == str(decision) and row[0] in pathway_titles for row in rows)
