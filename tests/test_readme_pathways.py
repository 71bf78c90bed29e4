"""The README's console transcripts of the two pathways are what `bonemet chat` prints.

Each transcript is the real output of the console for the typed lines shown ("> 3"),
so the README cannot drift from the dialogue. Regenerate both with

    python -m tests.test_readme_pathways
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.dialogs.test_console import chat

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# NSCLC, solitary lytic junctional metastasis, neurologically intact, no compression
# (the first spine patient of tests/scoring/test_pathway_summaries.py): SINS 8,
# Tokuhashi 10 (9-11) and Tomita 5 (4-5) fall in different rows of §3.8.5.
SPINE = ("/spine", "1", "1", "1", "1", "3", "4", "3", "7", "3", "3", "3", "3", "1", "1", "2")
# No fracture; Mirels 2 + 3 + 3 + 2 = 10; femoral neck; over 6 months up to 1 year.
LONG_BONE = ("/long_bone", "2", "2", "3", "3", "2", "2", "3")

_QUESTION_OR_SUMMARY = re.compile(r"^.+ (· Question \d+/\d+.*|— summary)$")


def transcript(typed: tuple[str, ...]) -> str:
    """The console's English output for `typed`, each reply after the line typed."""
    done = chat("\n".join(typed) + "\n", "--lang", "en")
    assert done.returncode == 0, done.stderr
    replies: list[list[str]] = []
    for line in done.stdout.splitlines():
        # A new reply starts at each question, and at the summary (whose copyable record
        # repeats its title: that one stays in the summary's reply).
        at_summary = bool(replies) and replies[-1][0].endswith("— summary")
        if _QUESTION_OR_SUMMARY.match(line) and not at_summary:
            replies.append([])
        if replies:
            replies[-1].append(line.rstrip())
    assert len(replies) == len(typed), (len(replies), len(typed))
    out: list[str] = []
    for line, reply in zip(typed, replies, strict=True):
        while reply and not reply[-1]:
            reply.pop()
        out += [f"> {line}", *reply, ""]
    return "\n".join(out).rstrip("\n") + "\n"


@pytest.mark.parametrize("typed", [SPINE, LONG_BONE], ids=["spine", "long_bone"])
def test_readme_shows_the_real_transcript(typed: tuple[str, ...]) -> None:
    """The README holds the console's real transcript of each pathway, word for word."""
    expected = transcript(typed)
    assert f"```text\n{expected}```" in README.read_text(encoding="utf-8"), (
        "regenerate: python -m tests.test_readme_pathways"
    )


def main() -> None:
    """Print both transcripts, fenced, for the README."""
    for typed in (SPINE, LONG_BONE):
        sys.stdout.write(f"```text\n{transcript(typed)}```\n\n")


if __name__ == "__main__":
    main()
