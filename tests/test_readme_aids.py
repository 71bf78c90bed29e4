"""The README's console transcript of a decision aid is what `bonemet chat` prints.

Regenerate it with

    python -m tests.test_readme_aids
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.test_readme_pathways import transcript

README = Path(__file__).resolve().parents[1] / "README.md"

# CLINICAL.md decision 18's own patient: a woman of 70, 65 kg, creatinine 79 µmol/L:
# 60.1 mL/min by Cockcroft-Gault (59.9 with the rounded 1.04 constant), so 4.0 mg.
ANTIRESORPTIVE = ("/antiresorptive", "1", "compute", "70", "65", "1", "1", "79")


def test_readme_shows_the_real_transcript() -> None:
    """The README holds the console's real transcript of the anti-resorptive aid."""
    expected = transcript(ANTIRESORPTIVE)
    assert f"```text\n{expected}```" in README.read_text(encoding="utf-8"), (
        "regenerate: python -m tests.test_readme_aids"
    )


def main() -> None:
    """Print the transcript, fenced, for the README."""
    sys.stdout.write(f"```text\n{transcript(ANTIRESORPTIVE)}```\n")


if __name__ == "__main__":
    main()
