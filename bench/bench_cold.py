"""Cold start of the one-shot calculator, against importing pydantic alone.

Run from the repository root, in the project's virtual environment::

    python bench/bench_cold.py [--runs 15] [--no-bytecode-cache]

Not a test: it prints figures and asserts nothing. Each run is a fresh process, timed
from outside (wall time of `subprocess.run`), of

- `bonemet score sins 3+3+2+2+3+1` (the console script of this environment), and
- `python -c "from pydantic import BaseModel"` (the same interpreter),

alternated so that the machine's load weighs on both alike. It prints the median and the
best of each and their ratio (target: the calculator within 1.5x of importing pydantic).

Byte-code: an installed package has its modules compiled (pip does it, or the first run
writes `__pycache__`), as pydantic's are in site-packages. So by default the children run
with byte-code caching allowed even if PYTHONDONTWRITEBYTECODE is set here, after one
untimed warm-up run of each command. `--no-bytecode-cache` keeps PYTHONDONTWRITEBYTECODE=1
(and no warm-up): bonemet's own modules are then compiled from source at every run
(pydantic's are precompiled in site-packages either way).

`measure(runs)` returns the figures for the main benchmark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

CALCULATOR_ARGS = ("score", "sins", "3+3+2+2+3+1")
PYDANTIC_CODE = "from pydantic import BaseModel"


def _calculator_command() -> list[str]:
    """`bonemet score sins 3+3+2+2+3+1` through this environment's console script."""
    script = Path(sys.executable).parent / "bonemet"
    if script.exists():
        return [str(script), *CALCULATOR_ARGS]
    found = shutil.which("bonemet")
    if found is not None:
        return [found, *CALCULATOR_ARGS]
    return [sys.executable, "-m", "bonemet", *CALCULATOR_ARGS]


def _environment(bytecode_cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _wall(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - started


def measure(runs: int = 15, *, bytecode_cache: bool = True) -> dict[str, float]:
    """Median and best wall times (seconds) of both commands over `runs` runs each:
    {"bonemet_s", "pydantic_s", "ratio", "bonemet_best_s", "pydantic_best_s", "best_ratio"}
    (ratio: of the medians; best_ratio: of the bests)."""
    env = _environment(bytecode_cache)
    calculator = _calculator_command()
    pydantic = [sys.executable, "-c", PYDANTIC_CODE]
    if bytecode_cache:  # the first run writes the byte-code cache, as an install does
        _wall(calculator, env)
        _wall(pydantic, env)
    times: dict[str, list[float]] = {"bonemet": [], "pydantic": []}
    for _ in range(runs):
        times["bonemet"].append(_wall(calculator, env))
        times["pydantic"].append(_wall(pydantic, env))
    bonemet, pyd = statistics.median(times["bonemet"]), statistics.median(times["pydantic"])
    bonemet_best, pyd_best = min(times["bonemet"]), min(times["pydantic"])
    return {
        "bonemet_s": bonemet,
        "pydantic_s": pyd,
        "ratio": bonemet / pyd,
        "bonemet_best_s": bonemet_best,
        "pydantic_best_s": pyd_best,
        "best_ratio": bonemet_best / pyd_best,
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (15)")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run with PYTHONDONTWRITEBYTECODE=1 (bonemet's modules compiled at every run)",
    )
    args = parser.parse_args()
    figures = measure(args.runs, bytecode_cache=not args.no_bytecode_cache)
    cache = "without" if args.no_bytecode_cache else "with"
    print(f"{args.runs} runs each, {cache} byte-code cache")
    print(f"{'command':<45} {'median':>8} {'best':>8}")
    print(
        f"{'bonemet ' + ' '.join(CALCULATOR_ARGS):<45} "
        f"{figures['bonemet_s']:>7.3f}s {figures['bonemet_best_s']:>7.3f}s"
    )
    print(
        f"{'python -c ' + repr(PYDANTIC_CODE):<45} "
        f"{figures['pydantic_s']:>7.3f}s {figures['pydantic_best_s']:>7.3f}s"
    )
    print(f"{'ratio':<45} {figures['ratio']:>7.2f}x {figures['best_ratio']:>7.2f}x")


if __name__ == "__main__":
    main()
