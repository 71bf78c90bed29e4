"""CI runs exactly the README's test command, so a fresh clone proves what CI proves."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_test_command() -> str:
    """The command in the first sh block after "Install and run the tests"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split("Install and run the tests", 1)[1]
    block = re.search(r"```sh\n(.*?)\n```", after, re.DOTALL)
    assert block is not None, "the README has no test command block"
    return block.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    """The last line of .ci/run is the README's test command, character for character."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert script[-1] == readme_test_command()


def test_the_test_command_lints_formats_type_checks_and_tests() -> None:
    """The README's test command runs ruff (lint and format check), mypy and pytest."""
    steps = [step.strip() for step in readme_test_command().split("&&")]
    assert steps == [
        "python -m pip install -e '.[test]'",
        "python -m ruff check .",
        "python -m ruff format --check .",
        "python -m mypy",
        "python -m pytest -q",
    ]
