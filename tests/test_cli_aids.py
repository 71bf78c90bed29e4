"""`bonemet score` and `bonemet scores --json` with the decision aids: numbers as values,
boxes as comma-separated ids, the clearance computed or typed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bonemet.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command in-process; it must succeed. Its standard output."""
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _parts(summary: Any) -> dict[str, list[str]]:
    """A JSON summary's parts: id -> the lines shown (in the language asked)."""
    return {part["id"]: part["lines"] for part in summary["parts"]}


def test_typed_clearance_45_gives_3_3_mg(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's own example: `bonemet score antiresorptive life_expectancy=yes clearance=45`."""
    out = _run(
        ["score", "antiresorptive", "life_expectancy=yes", "clearance=45", "--lang", "en"], capsys
    )
    assert "Dose: 3.3 mg (clearance 40 to under 50 mL/min)." in out
    assert "120 mg subcutaneously every 4 weeks (the guideline says monthly)." in out


def test_computed_clearance_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """The compute path from the command line: decision 18's woman, 60.1 mL/min, 4.0 mg."""
    summary = json.loads(
        _run(
            [
                "score",
                "antiresorptif",
                "life_expectancy=yes",
                "clearance=compute",
                "age=70",
                "weight=65",
                "sex=female",
                "creatinine_unit=umol_l",
                "creatinine=79",
                "--json",
                "--lang",
                "en",
            ],
            capsys,
        )
    )
    assert [(c["id"], c["value"]) for c in summary["computed"]] == [("clearance_cg", "60.1")]
    assert _parts(summary)["zoledronic_acid"][0] == "Dose: 4.0 mg (clearance > 60 mL/min)."


def test_boxes_as_comma_separated_ids(capsys: pytest.CaptureFixture[str]) -> None:
    """`criteria=a,b` ticks those boxes; an empty value ticks none."""
    out = _run(
        [
            "score",
            "sbrt",
            "criteria=sites,volume,no_visceral,stable",
            "contraindications=",
            "--lang",
            "en",
        ],
        capsys,
    )
    assert "A rare indication, to validate at the RCP." in out
    assert "Not a candidate" not in out


def test_catalogue_json_describes_the_aids_items(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet scores --json`: the clearance with its unit, range and shortcut; the
    creatinine with one range per unit; the SBRT criteria with their boxes."""
    catalogue = json.loads(_run(["scores", "--json", "--lang", "en"], capsys))
    aids = {p["id"]: p for p in catalogue["pathways"] if p["kind"] == "aid"}
    assert list(aids) == ["antiresorptif", "rt_douleur", "sbrt", "cimentoplastie"]
    assert aids["antiresorptif"]["aliases"] == ["antiresorptive"]
    items = {s["item"]["id"]: s["item"] for s in aids["antiresorptif"]["steps"]}
    clearance = items["clearance"]
    assert clearance["kind"] == "number"
    assert [(r["unit"], r["min"], r["max"]) for r in clearance["ranges"]] == [
        ("mL/min", "1", "250")
    ]
    assert clearance["shortcut"]["id"] == "compute"
    assert clearance["when"] == {"op": "is", "item": "life_expectancy", "options": ["yes"]}
    creatinine = items["creatinine"]
    assert creatinine["unit_item"] == "creatinine_unit"
    assert [(r["when_unit"], r["unit"], r["min"], r["max"]) for r in creatinine["ranges"]] == [
        ("umol_l", "µmol/L", "15", "2000"),
        ("mg_dl", "mg/dL", "0.17", "22.6"),
    ]
    assert [
        (items[k]["ranges"][0]["min"], items[k]["ranges"][0]["max"]) for k in ("age", "weight")
    ] == [
        ("18", "120"),
        ("20", "300"),
    ]
    criteria = aids["sbrt"]["steps"][0]["item"]
    assert criteria["kind"] == "checklist"
    assert [b["id"] for b in criteria["boxes"]] == ["sites", "volume", "no_visceral", "stable"]
