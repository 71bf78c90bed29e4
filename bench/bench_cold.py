"""Cold start of the one-shot calculator, against importing pydantic alone.

Run from the repository root, in the project's virtual environment::

    python bench/bench_cold.py [--runs 15] [--no-bytecode-cache] [--floor]

Not a test: it prints figures and asserts nothing. Each run is a fresh process, timed
from outside (wall time of `subprocess.run`), of

- `bonemet score sins 3+3+2+2+3+1` (the console script of this environment), and
- `python -c "from pydantic import BaseModel"` (the same interpreter),

alternated so that the machine's load weighs on both alike. It prints the median and the
best of each and their ratio (target: the calculator within 1.5x of importing pydantic).

`--floor` also times a process that declares and validates one frozen pydantic model
(`FLOOR_CODE`): the first model pulls in the parts of pydantic that importing BaseModel
does not (pydantic.fields and its types, the plugin loader and importlib.metadata), which
any program validating its data at import pays, whatever else it does.

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
FLOOR_CODE = (
    "from pydantic import BaseModel, ConfigDict, Field\n"
    "class A(BaseModel):\n"
    "    model_config = ConfigDict(frozen=True, extra='forbid')\n"
    "    x: int = Field(ge=0)\n"
    "A(x=1)"
)


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


def measure(
    runs: int = 15, *, bytecode_cache: bool = True, floor: bool = False
) -> dict[str, float]:
    """Median and best wall times (seconds) of both commands over `runs` runs each:
    {"bonemet_s", "pydantic_s", "ratio", "bonemet_best_s", "pydantic_best_s", "best_ratio"}
    (ratio: of the medians; best_ratio: of the bests); with `floor`, also "floor_s",
    "floor_best_s" and "floor_ratio" (one validated model, see FLOOR_CODE)."""
    env = _environment(bytecode_cache)
    commands = {
        "bonemet": _calculator_command(),
        "pydantic": [sys.executable, "-c", PYDANTIC_CODE],
    }
    if floor:
        commands["floor"] = [sys.executable, "-c", FLOOR_CODE]
    if bytecode_cache:  # the first run writes the byte-code cache, as an install does
        for command in commands.values():
            _wall(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_wall(command, env))
    figures: dict[str, float] = {}
    for name, walls in times.items():
        figures[f"{name}_s"] = statistics.median(walls)
        figures[f"{name}_best_s"] = min(walls)
    figures["ratio"] = figures["bonemet_s"] / figures["pydantic_s"]
    figures["best_ratio"] = figures["bonemet_best_s"] / figures["pydantic_best_s"]
    if floor:
        figures["floor_ratio"] = figures["floor_s"] / figures["pydantic_s"]
    return figures


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (15)")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run with PYTHONDONTWRITEBYTECODE=1 (bonemet's modules compiled at every run)",
    )
    parser.add_argument(
        "--floor", action="store_true", help="also time declaring and validating one model"
    )
    args = parser.parse_args()
    figures = measure(args.runs, bytecode_cache=not args.no_bytecode_cache, floor=args.floor)
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
    if args.floor:
        print(
            f"{'one validated pydantic model (floor)':<45} "
            f"{figures['floor_s']:>7.3f}s {figures['floor_best_s']:>7.3f}s"
        )
    ratio, best_ratio = figures["ratio"], figures["best_ratio"]
    print(f"{'ratio bonemet/pydantic':<45} {ratio:>7.2f}x {best_ratio:>7.2f}x")
    if args.floor:
        print(f"{'ratio floor/pydantic':<45} {figures['floor_ratio']:>7.2f}x")


if __name__ == "__main__":
    main()
