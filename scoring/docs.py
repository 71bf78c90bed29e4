"""docs/deviations.md, rendered from the deviations declared on each score, pathway and aid.

The page is generated, never edited by hand; regenerate it with

    python -m scoring.docs > docs/deviations.md

and a test checks that the committed page equals `deviations_markdown()`, so the
documentation cannot drift from the data the bot scores with.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from scoring.model import Score
from scoring.pathway import Pathway
from scoring.registry import PATHWAYS, SCORES

_HEADER = ("Score, pathway or aid", "#", "Guideline", "What the bot does", "Why")


def _cell(text: str) -> str:
    """One table cell: a pipe would end the cell, a newline the row."""
    return " ".join(text.split()).replace("|", "\\|")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def deviations_markdown(scores: Sequence[Score | Pathway] = (*SCORES, *PATHWAYS)) -> str:
    """The deviations page: every score's, pathway's and aid's departures from the
    guideline, then their references."""
    lines = [
        "# Deviations from the guideline",
        "",
        "<!-- Generated from the definitions by `python -m scoring.docs > "
        "docs/deviations.md`; do not edit by hand. -->",
        "",
        "The score tables of the guideline *Métastases osseuses des cancers bronchiques* "
        "(OncoBFC, NEON, ONCORIF, 2022) were checked against the original publications. "
        "Where a table is incomplete, ambiguous or garbled, the bot departs from it and "
        "follows the original publication; each departure below is one of the binding "
        "clinical decisions of `shared/CLINICAL.md` (column #, the decision's number), or "
        "a correction found since (#: —). Nothing clinical is invented: every item, option, "
        "point value, threshold and action comes from the guideline or the cited paper. "
        "The pathways derive some answers from others (decision 19) and show only the "
        "guideline's own sentences for the answers given; the decision aids follow the "
        "guideline's text, and the product labels where it gives no dose table, formula or "
        "band edge (decisions 17 and 18). Where CLINICAL.md is silent, both take the most "
        "conservative reading, listed here (#: —).",
        "",
        _row(_HEADER),
        "|" + "|".join("---" for _ in _HEADER) + "|",
    ]
    for score in scores:
        for deviation in score.deviations:
            number = "—" if deviation.decision is None else str(deviation.decision)
            lines.append(
                _row(
                    (
                        score.title.en,
                        number,
                        deviation.guideline,
                        deviation.bot,
                        deviation.reason,
                    )
                )
            )
    guidelines = dict.fromkeys(
        src.citation for score in scores for src in score.sources if src.kind == "guideline"
    )
    lines += ["", "## Primary references", ""]
    lines += [f"Guideline: {citation}." for citation in guidelines]
    lines.append("")
    for score in scores:
        lines += [f"### {score.title.en}", ""]
        for source in score.sources:
            if source.kind == "guideline":
                lines.append(f"- Guideline, {source.section or 'whole text'}")
            else:
                lines.append(f"- {source.citation}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """Write the page to standard output, as UTF-8 whatever the locale."""
    sys.stdout.buffer.write(deviations_markdown().encode("utf-8"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
