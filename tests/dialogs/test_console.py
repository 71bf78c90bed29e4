"""End-to-end tests of `bonemet chat`: the console dialogue driven through a pipe."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.dialogs._clinical import ALL_SCORES, FRANKEL, FRANKEL_ORDER, MAX_PATH, MIN_PATH

ROOT = Path(__file__).resolve().parents[2]


def chat(
    stdin: str | bytes, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bonemet chat ARGS` with `stdin` piped in; the finished process."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "bonemet", "chat", *args],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", errors="replace"),
        done.stderr.decode("utf-8", errors="replace"),
    )


def lines(*entries: str | tuple[int, ...]) -> str:
    """Stdin text: commands as given, paths as one number per line."""
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, tuple):
            out.extend(str(n) for n in entry)
        else:
            out.append(entry)
    return "\n".join(out) + "\n"


def totals(stdout: str, lang: str = "fr") -> list[str]:
    """Every "Total : x/y" line of the results, in order."""
    label = "Total : " if lang == "fr" else "Total: "
    return re.findall(rf"^{label}(\d+/\d+)$", stdout, flags=re.MULTILINE)


def test_printf_mirels_3333_prints_12_of_12() -> None:
    """`printf '/mirels\\n3\\n3\\n3\\n3\\n' | bonemet chat` prints the result 12/12 and exits 0."""
    done = chat("/mirels\n3\n3\n3\n3\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert totals(done.stdout) == ["12/12"]
    assert "Score ≥ 9 : risque fracturaire élevé" in done.stdout
    assert "Score de Mirels : 12/12 — Score ≥ 9 : risque fracturaire élevé" in done.stdout


SUMMED_PATHS = ("mirels", "rades", "sins", "tokuhashi", "tomita")
EXPECTED_TOTALS = [
    "4/12",
    "12/12",
    "21/44",
    "44/44",
    "0/18",
    "18/18",
    "0/15",
    "15/15",
    "2/10",
    "10/10",
]
"""Min then max of Mirels, Rades, SINS, Tokuhashi, Tomita (CLINICAL.md ranges)."""


def test_min_and_max_path_of_every_score_in_french() -> None:
    """Typing the min and max rows of every summed score prints its published range as totals."""
    script = lines(
        *[
            part
            for score_id in SUMMED_PATHS
            for part in (f"/{score_id}", MIN_PATH[score_id], f"/{score_id}", MAX_PATH[score_id])
        ]
    )
    done = chat(script)
    assert done.returncode == 0, done.stderr
    assert totals(done.stdout) == EXPECTED_TOTALS
    assert "non reconnue" not in done.stdout
    # the welcome, then each result and its record block
    assert done.stdout.count("pas une prescription") == 1 + len(EXPECTED_TOTALS) * 2


def test_min_and_max_path_of_every_score_in_english() -> None:
    """With --lang en the same paths print the same totals, in English."""
    script = lines(
        *[
            part
            for score_id in SUMMED_PATHS
            for part in (f"/{score_id}", MIN_PATH[score_id], f"/{score_id}", MAX_PATH[score_id])
        ]
    )
    done = chat(script, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert totals(done.stdout, "en") == EXPECTED_TOTALS
    assert "Available scores" in done.stdout
    assert "Question 2/4 · 3 points so far" in done.stdout
    assert "not a prescription" in done.stdout


def test_frankel_prints_each_grade_without_total() -> None:
    """Each Frankel row typed by number prints its grade and description, never a total."""
    script = lines(*[part for n in range(1, 8) for part in ("/frankel", str(n))])
    done = chat(script)
    assert done.returncode == 0, done.stderr
    for grade in FRANKEL_ORDER:
        _, fr, _, _ = FRANKEL[grade]
        assert f"Grade {grade} — {fr}" in done.stdout
        assert f"Classification de Frankel : Grade {grade}" in done.stdout  # record block
    assert "Total" not in done.stdout
    assert "Question 1/1" in done.stdout


def test_help_lists_every_score_command() -> None:
    """/help, /scores and /aide list every score command and the navigation commands."""
    done = chat("/help\n/scores\n/aide\n")
    assert done.returncode == 0
    replies = done.stdout.split("Scores disponibles")
    assert len(replies) == 1 + 4  # the welcome, then one per command
    for reply in replies[1:]:
        for score_id in ALL_SCORES:
            assert f"/{score_id} — " in reply
        for command in ("/back", "/restart", "/cancel"):
            assert command in reply


def test_unknown_command_gets_a_hint() -> None:
    """An unknown command says so and points to /help, then the chat carries on."""
    done = chat("/karnofsky\n/\n/mirels\n3\n3\n3\n3\n")
    assert done.returncode == 0
    assert done.stdout.count("Commande inconnue. /help pour la liste des commandes.") == 2
    assert totals(done.stdout) == ["12/12"]


def test_back_restart_cancel() -> None:
    """/back drops the last answer, /restart starts over, /cancel drops the score."""
    script = lines(
        "/mirels",
        "3",
        "/back",  # back to question 1: the 3 is gone
        "/back",  # nothing to go back to
        (1, 1, 1, 1),  # 4/12
        "/back",  # reopens the last question (pain)
        "3",  # 6/12
        "/restart",
        (3, 3),
        "/restart",
        (2, 2, 2, 2),  # 8/12
        "/tomita",
        "3",
        "/cancel",
        "2",  # no score running
        "/back",
    )
    done = chat(script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert totals(out) == ["4/12", "6/12", "8/12"]
    assert "Impossible de revenir en arrière : c'est la première question." in out
    assert "Dernière question rouverte." in out
    assert out.count("On recommence.") == 2
    assert "Score annulé. /help pour la liste." in out
    none = "Aucun score, parcours ou aide en cours. Choisissez dans la liste : /help"
    assert out.count(none) == 2


def test_answer_after_the_result_asks_to_start_a_score() -> None:
    """An answer typed after a result is refused with a hint to start a score or go back."""
    done = chat("/tomita\n1\n1\n1\n2\nlytique\n")
    assert totals(done.stdout) == ["2/10"]
    assert done.stdout.count("Ce score est terminé. /help pour la liste, ou /back") == 2


def test_bad_input_reasks_and_the_score_still_completes() -> None:
    """Empty, huge, emoji, out-of-range and odd-digit lines re-ask; the score still completes."""
    bad = ["", "   ", "0", "99", "-1", "٣", "²", "😀🦴", "x" * 10_000, "\x00", "tassement"]
    script = lines("/mirels", *bad, "3", "3", "Lyt", "handicap")
    done = chat(script)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert totals(done.stdout) == ["12/12"]  # 3, 3, "Lyt" is lytic (3), "handicap" (3)
    assert done.stdout.count("Score de Mirels · Question 1/4") == 1 + len(bad)
    assert "Réponse trop longue" in done.stdout
    assert "Il n'y a pas de réponse à ce numéro : tapez un numéro de 1 à 3." in done.stdout


def test_invalid_utf8_with_a_lenient_decoder_is_a_wrong_answer() -> None:
    """With a lenient stdin decoder an invalid byte is just an unrecognised answer."""
    done = chat(
        b"/mirels\n\xff\xfe\n3\n3\n3\n3\n", env={"PYTHONIOENCODING": "utf-8:surrogateescape"}
    )
    assert done.returncode == 0, done.stderr
    assert "Réponse non reconnue" in done.stdout
    assert totals(done.stdout) == ["12/12"]


def test_invalid_utf8_line_does_not_end_the_chat() -> None:
    """One invalid UTF-8 byte must not end the chat; the following lines must still count.

    With a strict stdin decoder (what Python uses under a fr_FR.UTF-8 or en_US.UTF-8
    locale), dialogs.console treats UnicodeDecodeError as end of input: the buffered chunk
    is lost, so even the `/mirels` line before the bad byte is never answered.
    """
    done = chat(b"/mirels\n\xff\n3\n3\n3\n3\n", env={"PYTHONIOENCODING": "utf-8:strict"})
    assert done.returncode == 0
    assert "Score de Mirels · Question 1/4" in done.stdout
    assert totals(done.stdout) == ["12/12"]


def test_empty_input_exits_zero_after_the_welcome() -> None:
    """End of input with nothing typed prints the welcome and exits 0."""
    done = chat("")
    assert done.returncode == 0
    assert done.stderr == ""
    assert "bonemet — scores des métastases osseuses" in done.stdout
    assert "RCP" in done.stdout


def test_end_of_input_mid_dialogue_exits_zero() -> None:
    """End of input in the middle of a score exits 0 without a result or a traceback."""
    done = chat("/rades\n1\n2")  # last line without a newline
    assert done.returncode == 0
    assert done.stderr == ""
    assert "Question 3/5" in done.stdout
    assert totals(done.stdout) == []


def test_options_are_printed_numbered_in_the_guideline_order() -> None:
    """The console prints each option as "[n] label — points" in the table's order."""
    done = chat("/mirels\n")
    expected = "[1] Membre supérieur — 1 pt\n[2] Membre inférieur — 2 pts\n"
    assert expected + "[3] Région péritrochantérienne — 3 pts" in done.stdout


def test_lang_switch_mid_dialogue_keeps_the_answers() -> None:
    """/lang en in the middle of a score keeps the answers and carries on in English."""
    done = chat("/mirels\n3\n3\n/lang en\nlyt\nfunc\n")
    assert done.returncode == 0
    assert "Language: English." in done.stdout
    assert "Mirels score · Question 3/4 · 6 points so far" in done.stdout
    assert totals(done.stdout, "en") == ["12/12"]


def test_english_labels_are_read_in_english() -> None:
    """With --lang en a French label start is not read, an English one is."""
    done = chat("/mirels\n1\n1\ncondens\nblast\n1\n", "--lang", "en")
    assert "Answer not recognised" in done.stdout
    assert totals(done.stdout, "en") == ["4/12"]


def test_quit_leaves_the_console() -> None:
    """/quit ends the chat with status 0; nothing after it is read."""
    done = chat("/mirels\n/quit\n3\n")
    assert done.returncode == 0
    assert "Pour quitter : /quit ou Ctrl-D." in done.stdout
    assert "Question 2/4" not in done.stdout
