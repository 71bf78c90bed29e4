"""`bonemet score`, `scores --json` and `diagram` for pathways and aids (fixture flows put
in the command's registry for the test)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bonemet import cli
from dialogs.engine import mermaid_diagram
from scoring import get_score
from scoring.pathway import Pathway
from tests.dialogs.test_flows import AID, SPINE

FLOWS: dict[str, Pathway] = {"fixture_spine": SPINE, "fixture_rachis": SPINE, "fixture_aid": AID}


@pytest.fixture(autouse=True)
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command sees the fixture flows as if they were registered."""
    real = cli.get_flow
    monkeypatch.setattr(cli, "get_flow", lambda name: FLOWS.get(name.lower()) or real(name))
    monkeypatch.setattr(cli, "PATHWAYS", (SPINE, AID))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err.split("error:", 1)[1]


AID_COMPUTED = [
    "life=yes",
    "clearance=compute",
    "age=70",
    "weight=60",
    "sex=male",
    "creatinine_unit=mg_dl",
    "creatinine=1.2",
    "criteria=a,b",
]


def test_score_an_aid_with_numbers_units_and_boxes(capsys: pytest.CaptureFixture[str]) -> None:
    """(140 - 70) x 60 / (72 x 1.2) = 48.6 mL/min: the 40-to-under-50 band."""
    data: dict[str, Any] = json.loads(
        run(["score", "fixture_aid", *AID_COMPUTED, "--json", "--lang", "en"], capsys)
    )
    assert data["pathway"] == "fixture_aid"
    assert data["computed"][0]["value"] == "48.6"
    lines = [line for part in data["parts"] for line in part["lines"]]
    assert "3.3 mg" in lines
    assert "a ticked" in lines
    answers = {a["key"]: a for a in data["answers"]}
    assert answers["creatinine"]["value"] == "1.2"
    assert [b["id"] for b in answers["criteria"]["boxes"]] == ["a", "b"]


@pytest.mark.parametrize("none", ["criteria=", "criteria=none", "criteria=0"])
def test_a_checklist_with_none_ticked(none: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["score", "fixture_aid", "life=yes", "clearance=45", none, "--lang", "en"], capsys)
    assert "• none ticked" in out.splitlines()
    assert "• 3.3 mg" in out.splitlines()  # 45: 40 to under 50


def test_score_a_pathway_by_its_alias_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    """Positions name options as in the chat; derived items are left out."""
    out = run(
        [
            "score",
            "fixture_rachis",
            "primary=1",
            "frankel.grade=E",
            "tokuhashi.general_condition=3",
            "tokuhashi.extraspinal_bone_mets=3",
            "tokuhashi.vertebral_body_mets=3",
            "tokuhashi.visceral_mets=3",
            "tomita.visceral_mets=1",
            "tomita.bone_mets=1",
            "compression=no",
            "--lang",
            "en",
        ],
        capsys,
    )
    assert "Revised Tokuhashi score: 10/15 — Life expectancy ≥ 6 months" in out.splitlines()
    assert "Tomita score: 5/10 — Goal: middle-term local control" in out.splitlines()


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["life=yes", "clearance=300", "criteria="], ["clearance", "between 1 and 250"]),
        (["life=yes", "clearance=45", "criteria=zz"], ["'zz'", "a, b"]),
        (["life=yes", "clearance=45"], ["criteria"]),
        (["life=yes", "clearance=45", "criteria=", "age=70"], ["age", "not asked"]),
        (["life=maybe"], ["'maybe'", "yes", "no"]),
        (["life=yes", "clearance=45", "criteria=", "height=2"], ["'height'", "clearance"]),
        (["life=yes", "clearance=compute", "creatinine=1"], ["creatinine_unit"]),
        (["life=yes", "life=no"], ["twice"]),
    ],
)
def test_bad_pathway_answers_exit_2(
    argv: list[str], fragments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    message = fails(["score", "fixture_aid", *argv], capsys)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_derived_key_given_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    message = fails(["score", "fixture_spine", "primary=nsclc", "tokuhashi.primary=1"], capsys)
    assert "tokuhashi.primary" in message
    assert "derived" in message


def test_catalogue_json_lists_kinds_units_ranges_boxes_and_pathway_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = json.loads(run(["scores", "--json", "--lang", "en"], capsys))
    sins = next(s for s in data["scores"] if s["id"] == "sins")
    assert {i["kind"] for i in sins["items"]} == {"choice"}
    aid = next(p for p in data["pathways"] if p["id"] == "fixture_aid")
    assert aid["kind"] == "aid"
    items = {s["item"]["id"]: s["item"] for s in aid["steps"] if s["kind"] == "ask"}
    clearance = items["clearance"]
    assert clearance["kind"] == "number"
    assert clearance["ranges"] == [
        {
            "unit": "mL/min",
            "symbols": ["ml/min", "ml/mn"],
            "min": "1",
            "max": "250",
            "when_unit": None,
        }
    ]
    assert clearance["shortcut"]["id"] == "compute"
    assert clearance["shortcut"]["label"] == "Compute it (Cockcroft-Gault)"
    assert [r["when_unit"] for r in items["creatinine"]["ranges"]] == ["umol_l", "mg_dl"]
    assert [b["id"] for b in items["criteria"]["boxes"]] == ["a", "b"]
    spine = next(p for p in data["pathways"] if p["id"] == "fixture_spine")
    assert spine["aliases"] == ["fixture_rachis"]
    assert [s.get("score") for s in spine["steps"] if s["kind"] == "score"] == [
        "frankel",
        "tokuhashi",
        "tomita",
        "rades",
    ]
    keys = [q["key"] for q in spine["questions"]]
    assert keys[:2] == ["primary", "frankel.grade"]
    assert len(keys) == 1 + 1 + len(get_score("tokuhashi").items) + 3 + 1 + 5


def test_scores_text_lists_pathways(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["scores", "--lang", "en"], capsys)
    assert any(line.startswith("fixture_spine/fixture_rachis") for line in out.splitlines())


def test_diagram_of_a_pathway(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(["diagram", "fixture_rachis"], capsys)
    assert out.strip() == mermaid_diagram(SPINE).strip()
    assert 'state "ask_frankel.grade" as ask_frankel__grade' in out
    # a lung primary skips three derived questions: answer may jump over them
    assert "ask_tokuhashi__visceral_mets --> ask_tomita__visceral_mets: answer" in out
    assert "ask_compression --> result: answer" in out
    assert "result --> ask_compression: back" in out
