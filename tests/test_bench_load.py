"""bench/bench_load.py end to end, at the smallest size: both bots run whole dialogues.

The benchmark's figures are not checked (timings are never asserted): only that it runs
the stock bot and `bonemet run` as processes against the fake server, that every scripted
user completes a dialogue with no error, and that the table has its rows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_bench() -> ModuleType:
    """bench/bench_load.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "bench_load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


async def test_quick_run_both_bots_complete_dialogues(tmp_path: Path) -> None:
    """Scenario B with a handful of users: stock and bonemet finish every dialogue."""
    bench = load_bench()
    options = bench.Options(
        scenarios=("B",),
        bots=("stock", "bonemet-nocap"),
        seconds=30.0,  # a budget no user reaches: all 6 start
        users_b=6,
        in_flight_b=6,
        logs=tmp_path,
        quiet=0.1,
    )
    report = await bench.run(options, echo=lambda line: None)
    for key in ("stock", "bonemet-nocap"):
        tally = report.tallies["B"][key]
        assert tally.started == 6, key
        assert tally.finished == 6, key
        assert tally.done >= 6 * 2, key  # a command and at least one press each
        assert tally.errors == 0, (key, tally)
        assert tally.latencies, key
    labels = [line.strip() for line in report.table.splitlines()]
    for row in (
        "updates/s",
        "tap -> reply p50 ms",
        "tap -> reply p95 ms",
        "tap -> reply p99 ms",
        "Bot API calls per action",
        "max calls per press (between qs)",
        "CPU ms per update",
        "unanswered callback queries",
        "users timed out",
    ):
        assert any(label.startswith(row) for label in labels), row
    header = report.table.splitlines()[0]
    assert "stock PTB" in header
    assert "bm cap=0" in header
    assert (tmp_path / "B-bonemet-nocap.stderr").exists()
