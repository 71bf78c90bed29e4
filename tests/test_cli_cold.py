"""The one-shot calculator imports only what it needs (issue 10: it must start fast), while
everything else still sees the whole catalogue, validated once.

What a command imports is checked in a fresh interpreter (`sys.modules` after it ran);
how long it takes is measured by bench/bench_cold.py, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from scoring import Score, Text
from scoring.items import ChoiceItem
from scoring.model import Source, Stratum
from scoring.scores._common import opt

NOT_FOR_A_SCORE = (
    "telegram",
    "aiohttp",
    "transitions",
    "bot",
    "dialogs.engine",
    "dialogs.machine",
    "dialogs.session",
    "dialogs.summaries",
    "scoring.pathway",
    "scoring.pathways",
    "scoring.aids",
    "scoring.flow",
    "scoring.summary",
)
"""What `bonemet score <score id> ...` must not import: the bot, the dialogue engine, the
pathways and aids (their model, data, flows and summaries)."""


def _child(code: str) -> Any:
    """Run `code` in a fresh interpreter; what it printed last, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _command(argv: list[str]) -> Any:
    """Run `bonemet <argv>` in a fresh interpreter: exit status, output, modules loaded."""
    return _child(
        "import contextlib, io, sys\n"
        "from bonemet.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main({argv!r})\n"
        "import json\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules)}))"
    )


def _loaded(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "sins", "3+3+2+2+3+1"],
        ["score", "frankel", "D2", "--lang", "en"],
        ["score", "mirels", "site=3", "size=3", "lesion=3", "pain=3", "--json"],
    ],
)
def test_scoring_one_score_imports_no_engine_no_pathway_no_bot(argv: list[str]) -> None:
    ran = _command(argv)
    assert ran["code"] == 0
    assert ran["out"].strip()
    assert _loaded(ran["modules"], NOT_FOR_A_SCORE) == []


def test_the_one_line_result_is_the_guideline_total() -> None:
    """SINS 3+3+2+2+3+1 = 14, "Instable (13-18)" (§3.8.1), as the chat gives it."""
    ran = _command(["score", "sins", "3+3+2+2+3+1"])
    assert "Total : 14/18" in ran["out"]
    assert "Instable (13-18)" in ran["out"]


def test_the_catalogue_command_still_lists_every_flow() -> None:
    ran = _command(["scores", "--lang", "en"])
    assert ran["code"] == 0
    assert [line.split()[0] for line in ran["out"].splitlines()] == [
        "mirels",
        "rades",
        "sins",
        "frankel",
        "tokuhashi",
        "tomita",
        "rachis/spine",
        "os_long/long_bone",
        "antiresorptif/antiresorptive",
        "rt_douleur/rt_pain",
        "sbrt",
        "cimentoplastie/cementoplasty",
    ]


def test_the_pathways_are_imported_on_first_use_and_validated_once() -> None:
    """Importing `scoring` (and looking a score up) does not build the pathways; reading
    `PATHWAYS` from either module, or looking a pathway up, gives the same objects."""
    seen = _child(
        "import json, sys\n"
        "import scoring, scoring.registry as registry\n"
        "registry.get_flow('SINS ')\n"
        "before = [m for m in sys.modules if m.startswith(('scoring.pathway', 'scoring.aids'))]\n"
        "first = list(scoring.PATHWAYS)\n"
        "same = all(a is b for a, b in zip(first, registry.PATHWAYS, strict=True))\n"
        "spine = registry.get_flow('spine')\n"
        "print(json.dumps({'before': before, 'ids': [p.id for p in first], 'same': same,\n"
        "    'spine': spine is first[0], 'pathway': scoring.Pathway.__module__,\n"
        "    'len': len(registry.PATHWAYS), 'last': registry.PATHWAYS[-1].id}))"
    )
    assert seen["before"] == []
    assert seen["ids"] == [
        "rachis",
        "os_long",
        "antiresorptif",
        "rt_douleur",
        "sbrt",
        "cimentoplastie",
    ]
    assert seen["same"] is True
    assert seen["spine"] is True
    assert seen["pathway"] == "scoring.pathway"
    assert (seen["len"], seen["last"]) == (6, "cimentoplastie")


def test_an_unknown_name_still_lists_every_flow(capsys: pytest.CaptureFixture[str]) -> None:
    from bonemet.cli import main

    with pytest.raises(SystemExit):
        main(["score", "sinss", "3+3"])
    err = capsys.readouterr().err
    for flow_id in ("sins", "tomita", "rachis", "os_long", "cimentoplastie"):
        assert flow_id in err


def test_the_score_help_lists_every_flow(capsys: pytest.CaptureFixture[str]) -> None:
    from bonemet.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["score", "--help"])
    assert caught.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "FLOW is one of: mirels, rades, sins, frankel, tokuhashi, tomita, rachis," in out


def _score(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "toy",
        "version": 1,
        "title": Text(fr="Jouet", en="Toy"),
        "purpose": Text(fr="Essai", en="Test"),
        "method": "sum",
        "items": (
            ChoiceItem(
                id="a",
                prompt=Text(fr="A", en="A"),
                options=(opt("no", 0, "Non", "No"), opt("yes", 2, "Oui", "Yes")),
            ),
        ),
        "strata": (
            Stratum(
                id="low", min=0, max=1, label=Text(fr="Bas", en="Low"), action=Text(fr="x", en="x")
            ),
            Stratum(
                id="high",
                min=2,
                max=2,
                label=Text(fr="Haut", en="High"),
                action=Text(fr="y", en="y"),
            ),
        ),
        "sources": (Source(kind="guideline", citation="Guideline", section="§1"),),
    }
    return data | changes


def test_the_catalogue_validators_still_reject_bad_data() -> None:
    """Validation at import is untouched: a well-formed definition loads, a gap in the
    strata, a duplicate option, a float or an unknown field fails when it is declared."""
    assert Score(**_score()).max_total == 2
    with pytest.raises(ValidationError, match="gap"):
        Score(
            **_score(
                strata=(_score()["strata"][0].model_copy(update={"max": 0}), _score()["strata"][1])
            )
        )
    with pytest.raises(ValidationError, match="duplicate option ids"):
        ChoiceItem(
            id="a",
            prompt=Text(fr="A", en="A"),
            options=(opt("no", 0, "Non", "No"), opt("NO", 2, "Oui", "Yes")),
        )
    with pytest.raises(ValidationError, match="extra"):
        Text(fr="a", en="b", de="c")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Text(fr="", en="b")
