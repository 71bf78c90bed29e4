"""bench/trace_taps.py end to end, tiny: it runs `bonemet run` and splits every press.

Timings are never asserted: only that presses were traced and every figure was printed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def test_two_clinicians_for_a_second_are_traced() -> None:
    """Two clinicians' presses are split into their parts, and none is left out."""
    spec = importlib.util.spec_from_file_location("trace_taps", ROOT / "bench" / "trace_taps.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["trace_taps"] = module
    spec.loader.exec_module(module)
    line = await module.trace(clinicians=2, seconds=1.0, delay=0.01)
    match = re.fullmatch(
        r"presses (\d+); medians: press -> collected (\d+) ms, collected -> answer sent "
        r"(\d+) ms \(of which 5 ms the poll's way back\), press -> answer sent (\d+) ms; "
        r"a poll every (\d+) ms",
        line,
    )
    assert match is not None, line
    assert int(match[1]) >= 2
