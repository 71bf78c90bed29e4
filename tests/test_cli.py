"""The `bonemet` command line: catalogue, one score, JSON output and every bad-input path.

Most tests call `bonemet.cli.main` in-process (fast); two run the real console
entry point in a subprocess (`python -m bonemet`) to check the exit status and that
no traceback ever reaches the clinician.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from bonemet.cli import catalogue_json, main
from scoring import PATHWAYS, get_score
from tests.scoring.fixture_flows import aid, spine

SINS_MAX = [
    "location=1",
    "pain=1",
    "lesion=1",
    "alignment=1",
    "collapse=1",
    "posterolateral=1",
]
MIRELS_ALL_3 = ["site=3", "size=3", "lesion=3", "pain=3"]
SCORE_IDS = ["mirels", "rades", "sins", "frankel", "tokuhashi", "tomita"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command in-process; it must succeed. Its standard output."""
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(_run(argv, capsys))


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command in-process; it must exit with status 2. Its standard error."""
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    return err


def _bonemet(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bonemet", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


# --- the catalogue -----------------------------------------------------------------------------


def test_scores_lists_the_six_scores(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet scores` prints one line per score, six in all, each starting with its id,
    then one line per pathway and aid (its id and aliases, its kind)."""
    lines = _run(["scores"], capsys).splitlines()
    assert [line.split()[0] for line in lines[:6]] == SCORE_IDS
    assert all("(pathway)" in line or "(aid)" in line for line in lines[6:])
    assert "4-12" in lines[0]  # Mirels' range, CLINICAL.md decision 4


def test_scores_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet scores --json` has scores, each with items, options, strata and sources."""
    data = _json(["scores", "--json"], capsys)
    assert [s["id"] for s in data["scores"]] == SCORE_IDS
    for score in data["scores"]:
        assert {"id", "title", "items", "strata", "sources"} <= score.keys()
        assert isinstance(score["title"], str)
        assert score["title"]
        for item in score["items"]:
            assert {"id", "prompt", "options"} <= item.keys()
            for option in item["options"]:
                assert {"id", "label", "points"} <= option.keys()
                assert option["label"]
        for stratum in score["strata"]:
            assert {"id", "min", "max", "label", "action"} <= stratum.keys()
        assert score["sources"]
        assert any(src["kind"] == "guideline" for src in score["sources"])
    sins = data["scores"][2]
    assert [(st["id"], st["min"], st["max"]) for st in sins["strata"]] == [
        ("stable", 0, 6),
        ("indeterminate", 7, 12),
        ("unstable", 13, 18),
    ]
    frankel = data["scores"][3]
    assert all(o["points"] is None for o in frankel["items"][0]["options"])
    assert all(s["min"] is None and s["max"] is None for s in frankel["strata"])


def test_scores_json_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet scores --json --lang en` gives English titles and labels."""
    data = _json(["scores", "--json", "--lang", "en"], capsys)
    rades = data["scores"][1]
    assert rades["title"] == get_score("rades").title.en
    interval = next(i for i in rades["items"] if i["id"] == "interval")
    assert [o["label"] for o in interval["options"]] == [
        "15 months or less (≤ 15)",
        "More than 15 months (> 15)",
    ]


# --- one score -----------------------------------------------------------------------------------


def test_acceptance_check_sins_all_first_options_is_18_unstable() -> None:
    """The issue's acceptance check, through the real console entry point: SINS 18, unstable."""
    done = _bonemet("score", "sins", *SINS_MAX, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # 3 + 3 + 2 + 4 + 3 + 3 = 18 -> unstable
    assert result["total"] == 18
    assert result["stratum"] == "unstable"


def test_result_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON result has score, total, min, max, stratum, label, action and scored answers."""
    result = _json(["score", "sins", *SINS_MAX, "--json"], capsys)
    assert {
        "score",
        "total",
        "min",
        "max",
        "stratum",
        "stratum_label",
        "action",
        "answers",
    } <= result.keys()
    assert (result["score"], result["total"], result["min"], result["max"]) == ("sins", 18, 0, 18)
    assert result["stratum"] == "unstable"
    assert result["stratum_label"]
    assert result["action"]
    assert [(a["item"], a["option"], a["points"]) for a in result["answers"]] == [
        ("location", "junctional", 3),
        ("pain", "mechanical", 3),
        ("lesion", "lytic", 2),
        ("alignment", "subluxation", 4),
        ("collapse", "over_half", 3),
        ("posterolateral", "bilateral", 3),
    ]


def test_frankel_json_has_null_total(capsys: pytest.CaptureFixture[str]) -> None:
    """Frankel's JSON result has a null total, min and max, the letter and the sub-grade."""
    result = _json(["score", "frankel", "grade=D2", "--json"], capsys)
    assert result["total"] is None
    assert result["min"] is None
    assert result["max"] is None
    assert result["stratum"] == "D"
    assert result["grade"] == "D2"
    assert [(a["item"], a["option"], a["points"]) for a in result["answers"]] == [
        ("grade", "D2", None)
    ]


def test_lang_en_gives_english_labels(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang en` gives the English labels and French is the default."""
    english = _json(["score", "sins", *SINS_MAX, "--json", "--lang", "en"], capsys)
    french = _json(["score", "sins", *SINS_MAX, "--json"], capsys)
    sins = get_score("sins")
    assert english["stratum_label"] == sins.stratum("unstable").label.en
    assert french["stratum_label"] == sins.stratum("unstable").label.fr
    assert english["answers"][1]["label"] == "Mechanical"
    assert french["answers"][1]["label"] == "Mécanique"
    assert english["total"] == french["total"] == 18


def test_positions_and_ids_give_the_same_result(capsys: pytest.CaptureFixture[str]) -> None:
    """Options given by position and by id give the same JSON result."""
    by_position = _json(
        ["score", "tomita", "growth=3", "visceral_mets=1", "bone_mets=1", "--json"], capsys
    )
    by_id = _json(
        ["score", "tomita", "growth=rapid", "visceral_mets=none", "bone_mets=solitary", "--json"],
        capsys,
    )
    assert by_position == by_id
    # 4 + 0 + 1 = 5 -> marginal_intralesional
    assert (by_id["total"], by_id["stratum"]) == (5, "marginal_intralesional")


def test_text_output_shows_total_over_max_and_stratum(capsys: pytest.CaptureFixture[str]) -> None:
    """The text output of Mirels all-3 shows 12/12 and the stratum's label and action."""
    out = _run(["score", "mirels", *MIRELS_ALL_3], capsys)
    high = get_score("mirels").stratum("high")
    assert "12/12" in out
    assert high.label.fr in out
    assert "Chirurgie prophylactique" in out
    out = _run(["score", "mirels", *MIRELS_ALL_3, "--lang", "en"], capsys)
    assert "12/12" in out
    assert high.label.en in out


def test_text_output_of_a_classification(capsys: pytest.CaptureFixture[str]) -> None:
    """Frankel's text output names the sub-grade and the class, and prints no empty total."""
    out = _run(["score", "frankel", "grade=D2", "--lang", "en"], capsys)
    assert "D2" in out
    assert "Grade D" in out
    assert "None" not in out


def test_score_id_is_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    """The score id is accepted whatever its case."""
    assert _json(["score", "SINS", *SINS_MAX, "--json"], capsys)["total"] == 18


# --- every bad-input path: exit 2, the bad token and the valid choices, no traceback ---------

COMPLETE_MIRELS = ["site=1", "size=1", "lesion=1", "pain=1"]

BAD_INPUTS = [
    pytest.param(
        ["score", "karnofsky", "a=1"],
        ["'karnofsky'", *SCORE_IDS],
        id="unknown-score",
    ),
    pytest.param(
        ["score", "mirels", "site=1"],
        ["missing", "size", "lesion", "pain"],
        id="missing-item",
    ),
    pytest.param(
        ["score", "mirels"],
        ["missing", "site", "size", "lesion", "pain"],
        id="no-answers",
    ),
    pytest.param(
        ["score", "mirels", *COMPLETE_MIRELS, "colour=1"],
        ["'colour'", "site", "size", "lesion", "pain"],
        id="unknown-item",
    ),
    pytest.param(
        ["score", "mirels", "site=femur", *COMPLETE_MIRELS[1:]],
        ["'femur'", "upper_limb", "lower_limb", "trochanteric", "1-3"],
        id="unknown-option",
    ),
    pytest.param(
        ["score", "mirels", "site=4", *COMPLETE_MIRELS[1:]],
        ["'4'", "upper_limb", "lower_limb", "trochanteric", "1-3"],
        id="position-too-high",
    ),
    pytest.param(
        ["score", "mirels", "site=0", *COMPLETE_MIRELS[1:]],
        ["'0'", "upper_limb", "lower_limb", "trochanteric", "1-3"],
        id="position-zero",
    ),
    pytest.param(
        ["score", "frankel", "grade=F"],
        ["'F'", "A, B, C, D1, D2, D3, E"],
        id="unknown-frankel-grade",
    ),
    pytest.param(
        ["score", "mirels", "site1", *COMPLETE_MIRELS[1:]],
        ["'site1'", "ITEM=OPTION"],
        id="malformed-no-equals",
    ),
    pytest.param(
        ["score", "mirels", "site=", *COMPLETE_MIRELS[1:]],
        ["'site='", "ITEM=OPTION"],
        id="empty-option",
    ),
    pytest.param(
        ["score", "mirels", "=1", *COMPLETE_MIRELS[1:]],
        ["'=1'", "ITEM=OPTION"],
        id="empty-item",
    ),
    pytest.param(
        ["score", "mirels", *COMPLETE_MIRELS, "site=2"],
        ["'site'", "twice", "'site=2'"],
        id="duplicate-item",
    ),
    pytest.param(
        ["score", "mirels", *COMPLETE_MIRELS, "--lang", "de"],
        ["'de'", "'fr'", "'en'"],
        id="bad-lang",
    ),
    pytest.param(
        ["scores", "--lang", "de"],
        ["'de'", "'fr'", "'en'"],
        id="bad-lang-catalogue",
    ),
    pytest.param(
        ["frobnicate"],
        ["'frobnicate'", "scores", "score"],
        id="unknown-command",
    ),
]


@pytest.mark.parametrize(("argv", "expected"), BAD_INPUTS)
def test_bad_input_exits_2_with_a_clear_message(
    argv: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad input exits with status 2 and one error line naming the bad token and the choices."""
    err = _fails(argv, capsys)
    assert "error:" in err
    message = err.split("error:", 1)[1]
    for fragment in expected:
        assert fragment in message, (fragment, err)


def test_bad_input_in_a_real_process_has_no_traceback() -> None:
    """Through the real entry point, a bad option exits 2 with the message and no traceback."""
    done = _bonemet("score", "mirels", "site=9", "size=1", "lesion=1", "pain=1")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "'9'" in done.stderr
    assert "trochanteric" in done.stderr


# --- the catalogue of the new item kinds and of pathways ------------------------------------


def test_scores_json_lists_pathways(capsys: pytest.CaptureFixture[str]) -> None:
    """`bonemet scores --json` has a "pathways" list next to the scores."""
    data = _json(["scores", "--json"], capsys)
    assert list(data) == ["lang", "scores", "pathways"]
    assert [p["id"] for p in data["pathways"]] == [p.id for p in PATHWAYS]
    assert all(i["when"] is None for s in data["scores"] for i in s["items"])


def test_catalogue_json_of_each_item_kind_and_of_a_pathway() -> None:
    """Fixture pathways (tests/scoring/fixture_flows.py): each item with its kind, its
    unit and range or its boxes; a pathway with its steps, questions and derivations."""
    data = json.loads(json.dumps(catalogue_json((), (spine(), aid()), "en")))
    spine_json, aid_json = data["pathways"]
    assert spine_json["kind"] == "pathway"
    assert spine_json["aliases"] == ["fixture_rachis"]
    assert spine_json["versions"] == {
        "fixture_spine": 1,
        "frankel": 1,
        "tokuhashi": 1,
        "tomita": 1,
        "rades": 1,
    }
    assert [s["kind"] for s in spine_json["steps"]] == [
        "ask",
        "score",
        "score",
        "score",
        "ask",
        "score",
    ]
    assert spine_json["steps"][5] == {
        "kind": "score",
        "score": "rades",
        "when": {"op": "is", "item": "compression", "options": ["yes"]},
        "items": None,
    }
    questions = {q["key"]: q for q in spine_json["questions"]}
    assert questions["tokuhashi.palsy"]["derived_from"] == "frankel.grade"
    assert questions["tokuhashi.palsy"]["owner"] == "tokuhashi"
    assert questions["primary"]["owner"] is None
    assert spine_json["derive"][0]["map"]["D2"] == "incomplete"
    assert spine_json["derive"][1]["map"]["other"] is None

    items = {s["item"]["id"]: s["item"] for s in aid_json["steps"]}
    assert items["life"]["kind"] == "choice"
    assert [o["id"] for o in items["life"]["options"]] == ["yes", "no"]
    clearance = items["clearance"]
    assert clearance["kind"] == "number"
    assert clearance["decimals"] == 1
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
    assert clearance["when"] == {"op": "is", "item": "life", "options": ["yes"]}
    creatinine = items["creatinine"]
    assert creatinine["unit_item"] == "creatinine_unit"
    assert [(r["when_unit"], r["min"], r["max"]) for r in creatinine["ranges"]] == [
        ("umol_l", "15", "2000"),
        ("mg_dl", "0.17", "22.6"),
    ]
    criteria = items["criteria"]
    assert criteria["kind"] == "checklist"
    assert [b["id"] for b in criteria["boxes"]] == ["a", "b"]
    assert "options" not in criteria
    (cg,) = aid_json["computed"]
    assert cg["formula"] == "cockcroft_gault"
    assert cg["inputs"]["creatinine_unit"] == "creatinine_unit"
    assert [p["section"] for p in aid_json["summary"]] == ["§3.4", "§3.4", "§3.4"]


def test_a_reader_that_goes_away_gets_no_traceback() -> None:
    """`bonemet chat | head -3`: the pipe closes early; the command stops without a traceback."""
    done = subprocess.run(  # noqa: S602 - a fixed shell pipeline of our own command
        f"printf '/help\\n' | {sys.executable} -m bonemet chat | head -3",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert len(done.stdout.splitlines()) == 3
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr


@pytest.mark.parametrize(
    "answer", ["grade=" + "9" * 5000, "criteria=" + "1" * 5000], ids=["option", "box"]
)
def test_a_position_of_thousands_of_digits_is_a_clear_error(answer: str) -> None:
    """A 5,000-digit 'position' names no option: exit 2 with a clear line, no traceback
    (Python refuses to turn more than 4,300 digits into an int)."""
    flow = "frankel" if answer.startswith("grade") else "sbrt"
    done = _bonemet("score", flow, answer)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unknown option" in done.stderr
