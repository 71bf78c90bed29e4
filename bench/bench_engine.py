"""Benchmark of the dialogue engine alone: how long one step takes, for every score.

Run from the repository root::

    python bench/bench_engine.py

Not a test: it prints figures and asserts nothing. Each round starts a dialogue, answers
every question by its displayed number, round-trips the session through JSON after each
step (as the bot does when it saves), and ends on the result.
"""

from __future__ import annotations

import time

from dialogs.engine import Engine
from dialogs.session import Session
from scoring import SCORES

ROUNDS = 2000


def main() -> None:
    """Print microseconds per step, per score."""
    engine = Engine()
    print(f"{'score':<10} {'steps':>7} {'µs/step':>9} {'µs/step with JSON':>18}")
    for score in SCORES:
        for with_json in (False, True):
            steps = 0
            started = time.perf_counter()
            for _ in range(ROUNDS):
                step = engine.start(score.id, "fr")
                while step.question is not None and step.session is not None:
                    session = step.session
                    if with_json:
                        session = Session.from_json(session.to_json())
                    step = engine.answer_text(session, "1")
                    steps += 1
            elapsed = time.perf_counter() - started
            if not with_json:
                plain = elapsed / steps * 1e6
            else:
                print(f"{score.id:<10} {steps:>7} {plain:>9.0f} {elapsed / steps * 1e6:>18.0f}")


if __name__ == "__main__":
    main()
