"""The caveats of issue 11 where the clinician meets them: the record block, the console,
the question screens, and the answers typed to the relabelled options.

Expected texts are typed from the issue and the guideline, never from the code.
"""

from __future__ import annotations

import pytest

from dialogs.chat import handle_line
from dialogs.engine import Engine, NoticeKind
from dialogs.render import PLAIN, compact_record, record_block, render_step
from scoring import Lang
from tests.dialogs._clinical import FRANKEL_ORDER, typed_answer, walk_positions
from tests.dialogs.test_console import chat, lines

ENGINE = Engine()

# The short caveat each score carries into the patient record (issue 11, point 4).
CAVEAT = {
    ("mirels", "fr"): "certaines sources : fraction du diamètre de l'os",
    ("mirels", "en"): "some sources: fraction of the bone's diameter",
    ("rades", "fr"): "Score établi chez des patients avec déficit moteur",
    ("rades", "en"): "Score built in patients with a motor deficit",
    ("frankel", "fr"): "D1-D3 : sous-grades du Frankel modifié (§3.8.2), pas de Frankel 1969.",
    ("frankel", "en"): "D1-D3: sub-grades of the modified Frankel classification",
    ("tokuhashi", "fr"): (
        "Aucun score pronostique n'est assez fiable pour alimenter de façon pertinente la "
        "discussion chirurgicale (§3.8.3)."
    ),
    ("tokuhashi", "en"): (
        "No prognostic score is reliable enough to usefully inform the surgical discussion "
        "(§3.8.3)."
    ),
    ("tomita", "fr"): "À confronter au score de Tokuhashi révisé (§3.8.5).",
    ("tomita", "en"): "To be weighed with the revised Tokuhashi score (§3.8.5).",
}

# One finished path per score (positions as shown), low totals where it matters: the
# Tokuhashi path is a "< 6 months" result, the one that must not travel without its caveat.
PATHS = {
    "mirels": (1, 2, 3, 3),
    "rades": (4, 1, 1, 3, 1),
    "frankel": (FRANKEL_ORDER.index("D2") + 1,),
    "tokuhashi": (1, 1, 1, 1, 1, 2),
    "tomita": (3, 2, 2),
    "sins": (1, 1, 1, 1, 1, 1),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("score_id", sorted(PATHS))
def test_record_block_carries_the_caveat(score_id: str, lang: Lang) -> None:
    """The block to paste into the record has the score's caveat on its own line,
    after the answers and before the sources; SINS has none and stays five lines."""
    result = walk_positions(ENGINE, score_id, PATHS[score_id], lang).result
    assert result is not None
    block = record_block(result, lang).splitlines()
    caveat = CAVEAT.get((score_id, lang))
    if caveat is None:
        assert score_id == "sins"
        assert len(block) == 5
        return
    assert len(block) == 6
    assert caveat in block[3]
    assert block[4].startswith("Sources")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("position", range(1, len(FRANKEL_ORDER) + 1))
def test_every_frankel_grade_copies_the_caveat(position: int, lang: Lang) -> None:
    """The one-line copy of each Frankel grade has room for the D1-D3 caveat, whole."""
    result = walk_positions(ENGINE, "frankel", (position,), lang).result
    assert result is not None
    assert CAVEAT[("frankel", lang)] in compact_record(result, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("score_id", ["tokuhashi", "tomita"])
def test_spinal_prognosis_copies_carry_the_caveat(score_id: str, lang: Lang) -> None:
    """The one-line copy of a Tokuhashi "< 6 months" or a Tomita result has its caveat."""
    result = walk_positions(ENGINE, score_id, PATHS[score_id], lang).result
    assert result is not None
    assert CAVEAT[(score_id, lang)] in compact_record(result, lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_tokuhashi_under_6_months_is_never_recorded_without_the_caveat(lang: Lang) -> None:
    """A Tokuhashi "< 6 months" goes into the record with the reliability caveat."""
    result = walk_positions(ENGINE, "tokuhashi", PATHS["tokuhashi"], lang).result
    assert result is not None
    assert result.total == 1  # 0 + 0 + 0 + 0 + 0 + incomplete 1
    block = record_block(result, lang)
    stratum = "Espérance de vie < 6 mois" if lang == "fr" else "Life expectancy < 6 months"
    assert stratum in block.splitlines()[0]
    assert CAVEAT[("tokuhashi", lang)] in block
    assert "on its own" not in block


def test_console_prints_the_caveat_in_the_record() -> None:
    """`bonemet chat` prints the record block with the caveat, in French and English."""
    for lang in ("fr", "en"):
        done = chat(lines("/tokuhashi", PATHS["tokuhashi"]), "--lang", lang)
        assert done.returncode == 0, done.stderr
        # The record block follows its title, at the end of the result.
        title = "À copier dans le dossier :" if lang == "fr" else "To paste into the record:"
        record = done.stdout.split(f"\n{title}\n")[1].split("\n\n")[0]
        assert CAVEAT[("tokuhashi", lang)] in record


@pytest.mark.parametrize(
    ("lang", "hint"),
    [
        (
            "fr",
            "Fonctionnelle : douleur déclenchée ou aggravée par l'usage du membre ou la mise "
            "en charge (Mirels 1989)",
        ),
        (
            "en",
            "Functional: pain brought on or made worse by using the limb or bearing weight "
            "(Mirels 1989)",
        ),
    ],
)
def test_mirels_pain_question_shows_the_functional_hint(lang: Lang, hint: str) -> None:
    """The pain question shows the definition of functional pain under it."""
    step = walk_positions(ENGINE, "mirels", (1, 1, 1), lang)
    assert step.question is not None
    assert step.question.item.id == "pain"
    assert hint in render_step(step, lang, PLAIN)


def test_rades_deficit_question_defines_the_onset() -> None:
    """The deficit-onset question says what is measured, in both languages."""
    for lang, text in (
        (
            "fr",
            "Temps entre l'apparition des premiers signes moteurs et le début de la radiothérapie",
        ),
        ("en", "Time from the first motor symptoms to the start of radiotherapy"),
    ):
        step = walk_positions(ENGINE, "rades", (1, 1, 1, 1), lang)
        assert step.question is not None
        assert text in render_step(step, lang, PLAIN)


# -- typed answers to the relabelled options ------------------------------------------------

# (score, language, answers before the question, typed, why it must be asked again)
REFUSED = [
    # SINS pain option 2 now starts with a negation: "Non mécanique (occasionnelle)".
    ("sins", "fr", ["1"], "non", "a bare 'non' must not become 'Non mécanique' (1 pt)"),
    ("sins", "fr", ["1"], "non méca", "a negation start never picks a longer label"),
    ("sins", "fr", ["1"], "non mécanique", "a negation start never picks a longer label"),
    ("sins", "fr", ["1"], "pas de douleur", "'pain-free' (0) or not: ask"),
    ("sins", "en", ["1"], "no", "a bare 'no' must not become 'Not mechanical' (1 pt)"),
    ("sins", "en", ["1"], "not mech", "a negation start never picks a longer label"),
    ("sins", "en", ["1"], "not mechanical", "a negation start never picks a longer label"),
    ("sins", "en", ["1"], "non-mechanical", "a hyphenated negation"),
    ("sins", "en", ["1"], "none", "'None (pain-free lesion)' is not spelt out whole"),
    # Tokuhashi visceral metastases, English: "Unresectable" (0) / "Resectable" (1) / "None".
    ("tokuhashi", "en", ["1"] * 3, "un", "two letters are a guess"),
    ("tokuhashi", "en", ["1"] * 3, "no", "'none' (2) or 'not resectable' (0): ask"),
    ("tokuhashi", "en", ["1"] * 3, "not resectable", "a negation start is not taken"),
    # Rades: "Primitif inconnu" no longer starts with "Cancer".
    ("rades", "fr", [], "cancer", "NSCLC or SCLC: ask"),
]


@pytest.mark.parametrize(("score", "lang", "before", "typed", "meant"), REFUSED)
def test_risky_answers_to_relabelled_options_are_asked_again(
    score: str, lang: Lang, before: list[str], typed: str, meant: str
) -> None:
    """The input is refused (hint or candidates): the same question is asked again."""
    engine = Engine()
    outcome = handle_line(engine, None, lang, f"/{score}")
    for answer in before:
        outcome = handle_line(engine, outcome.session, lang, answer)
    asked = outcome.session
    reply = handle_line(engine, asked, lang, typed)
    assert reply.session == asked, meant
    assert reply.step is not None
    assert reply.step.notice is not None
    assert reply.step.notice.kind in (NoticeKind.NO_MATCH, NoticeKind.AMBIGUOUS), meant


ACCEPTED = [
    ("sins", "fr", ["1"], "méca", "mechanical"),
    ("sins", "fr", ["1"], "Non mécanique (occasionnelle)", "occasional"),
    ("sins", "fr", ["1"], "occasionnelle", "occasional"),
    ("sins", "en", ["1"], "mech", "mechanical"),
    ("sins", "en", ["1"], "Not mechanical (occasional)", "occasional"),
    ("sins", "en", ["1"], "occasional", "occasional"),
    ("sins", "fr", ["1"], "aucune", "pain_free"),
    ("tokuhashi", "en", ["1"] * 3, "unres", "unresectable"),
    ("tokuhashi", "en", ["1"] * 3, "resectable", "resectable"),
    ("tokuhashi", "en", ["1"] * 3, "none", "none"),
    ("tokuhashi", "fr", ["1"] * 4, "primitif inconnu", "liver_group"),
    ("tokuhashi", "en", ["1"] * 4, "unknown primary", "liver_group"),
    ("rades", "fr", [], "primitif inconnu", "unknown_primary"),
    ("rades", "en", [], "unknown primary", "unknown_primary"),
    ("tomita", "fr", [], "primitif inconnu", "rapid"),
    ("tomita", "en", [], "unknown primary", "rapid"),
    ("mirels", "fr", [], "région", "trochanteric"),
    ("mirels", "en", [], "peri", "trochanteric"),
    # The word the hint defines answers the pain question in both languages.
    ("mirels", "fr", ["1"] * 3, "fonctionnelle", "functional"),
    ("mirels", "fr", ["1"] * 3, "handi", "functional"),
    ("mirels", "en", ["1"] * 3, "functional", "functional"),
]


@pytest.mark.parametrize(("score", "lang", "before", "typed", "option"), ACCEPTED)
def test_clear_answers_to_relabelled_options_are_taken(
    score: str, lang: Lang, before: list[str], typed: str, option: str
) -> None:
    """Whole labels, whole list items and clear starts still answer the relabelled items."""
    assert typed_answer(score, lang, before, typed) == option
