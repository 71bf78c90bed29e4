"""Tests of dialogs.render: questions, results and the record block, in plain text and HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest

from dialogs.engine import Engine, Notice, NoticeKind, Step
from dialogs.render import (
    HTML,
    PLAIN,
    Format,
    record_block,
    render_help,
    render_notice,
    render_step,
    render_welcome,
)
from scoring import SCORES, ChoiceItem, Lang, Option, Score, Source, Stratum, Text
from tests.dialogs._clinical import (
    FRANKEL,
    FRANKEL_ORDER,
    MAX_PATH,
    MAX_TOTAL,
    MIN_PATH,
    SUMMED,
    session_of,
    walk_positions,
)

ENGINE = Engine()
LANGS: tuple[Lang, ...] = ("fr", "en")


def steps_along(
    engine: Engine, score_id: str, positions: tuple[int, ...], lang: Lang
) -> list[Step]:
    """Every step of a walk: each question, then the result."""
    steps = [engine.start(score_id, lang)]
    for position in positions:
        steps.append(engine.answer_text(session_of(steps[-1]), str(position)))
    return steps


def x_over_max(text: str, maximum: int) -> list[str]:
    """Every "x/max" written in `text`."""
    return re.findall(rf"\d+\s*/\s*{maximum}(?!\d)", text)


# -- questions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Question 4/6 · 7 points pour l'instant"),
        ("en", "Question 4/6 · 7 points so far"),
    ],
)
def test_question_shows_progress_and_points_so_far(lang: Lang, expected: str) -> None:
    """SINS after junctional (3), mechanical pain (3) and mixed (1): "Question 4/6", 7 points."""
    step = walk_positions(ENGINE, "sins", (1, 1, 2), lang)
    text = render_step(step, lang, PLAIN)
    assert expected in text
    assert not x_over_max(text, 18)


@pytest.mark.parametrize("score_id", SUMMED)
@pytest.mark.parametrize("lang", LANGS)
def test_no_total_over_max_before_the_result(score_id: str, lang: Lang) -> None:
    """Every question shows "Question i/n" and points so far, never a total written as x/max."""
    maximum = MAX_TOTAL[score_id]
    so_far = "pour l'instant" if lang == "fr" else "so far"
    for path in (MIN_PATH[score_id], MAX_PATH[score_id]):
        steps = steps_along(ENGINE, score_id, path, lang)
        for index, step in enumerate(steps[:-1], 1):
            for fmt in (PLAIN, HTML):
                text = render_step(step, lang, fmt)
                assert f"Question {index}/{len(path)}" in text
                if index > 1:
                    assert so_far in text
                assert not x_over_max(text, maximum), text
        assert f"/{maximum}" in render_step(steps[-1], lang, PLAIN)


def test_points_so_far_uses_points_not_a_fraction_at_zero() -> None:
    """After answers worth nothing the running total still reads as points ("0 point")."""
    fr = render_step(walk_positions(ENGINE, "sins", (4, 3), "fr"), "fr", PLAIN)
    en = render_step(walk_positions(ENGINE, "sins", (4, 3), "en"), "en", PLAIN)
    assert "Question 3/6 · 0 point pour l'instant" in fr
    assert "Question 3/6 · 0 points so far" in en


@pytest.mark.parametrize(
    ("lang", "score_id", "answered", "expected"),
    [
        ("fr", "mirels", 2, ["[1] Condensante — 1 pt", "[2] Mixte — 2 pts", "[3] Lytique — 3 pts"]),
        ("en", "mirels", 2, ["[1] Blastic — 1 pt", "[2] Mixed — 2 pts", "[3] Lytic — 3 pts"]),
        (
            "fr",
            "rades",
            0,
            [
                "[1] Sein — 8 pts",
                "[2] Prostate — 7 pts",
                "[3] Myélome / lymphome — 9 pts",
                "[4] Cancer bronchique non à petites cellules (CBNPC) — 5 pts",
                "[5] Cancer bronchique à petites cellules (CBPC) — 6 pts",
                "[6] Primitif inconnu — 5 pts",
                "[7] Rein — 6 pts",
                "[8] Colorectal — 6 pts",
                "[9] Autres — 6 pts",
            ],
        ),
        (
            "fr",
            "sins",
            4,
            [
                "[1] Tassement ≥ 50 % — 3 pts",
                "[2] Tassement < 50 % — 2 pts",
                "[3] Pas de tassement, corps vertébral envahi à > 50 % — 1 pt",
                "[4] Aucune de ces situations — 0 pt",
            ],
        ),
    ],
)
def test_options_are_numbered_in_the_guideline_order(
    lang: Lang, score_id: str, answered: int, expected: list[str]
) -> None:
    """Options are printed "[1] label — points" in the order of the guideline's table."""
    step = walk_positions(ENGINE, score_id, (1,) * answered, lang)
    lines = render_step(step, lang, PLAIN).splitlines()
    assert [line for line in lines if line.startswith("[")] == expected


@pytest.mark.parametrize("s", SCORES, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", LANGS)
def test_every_question_lists_every_option_in_order(s: Score, lang: Lang) -> None:
    """Each question lists all its options once, numbered 1..n, in catalogue order."""
    steps = steps_along(ENGINE, s.id, (1,) * len(s.items), lang)
    for step, item in zip(steps, s.items, strict=False):
        lines = render_step(step, lang, PLAIN).splitlines()
        numbered = [line for line in lines if re.match(r"\[\d+\] ", line)]
        assert len(numbered) == len(item.options)
        for position, (line, option) in enumerate(zip(numbered, item.options, strict=True), 1):
            assert line.startswith(f"[{position}] {option.label(lang)}")


@pytest.mark.parametrize(
    ("lang", "answered", "labels"),
    [
        ("fr", 1, ["Trois ou plus", "Un ou deux", "Aucun"]),
        ("fr", 2, ["Trois ou plus", "Deux", "Une seule"]),
        ("en", 1, ["Three or more", "One or two", "None"]),
        ("en", 2, ["Three or more", "Two", "Only one"]),
    ],
)
def test_tokuhashi_counts_are_words(lang: Lang, answered: int, labels: list[str]) -> None:
    """Tokuhashi's counts are written in words, so "1" can only mean the first row."""
    step = walk_positions(ENGINE, "tokuhashi", (1,) * answered, lang)
    lines = [ln for ln in render_step(step, lang, PLAIN).splitlines() if ln.startswith("[")]
    assert [re.sub(r"^\[\d\] | — .*$", "", ln) for ln in lines] == labels
    assert not any(re.match(r"\[\d\] \d", ln) for ln in lines)


# -- results ------------------------------------------------------------------------------

SINS_14 = (1, 1, 1, 1, 2, 3)
"""Junctional 3, mechanical 3, lytic 2, subluxation 4, collapse < 50% 2, no posterolateral 0."""

RESULT_TEXT = {
    "fr": [
        "Total : 14/18",
        "Instable (13-18)",
        "Solliciter un avis chirurgical.",
        "Localisation : Jonctionnelle (occiput-C2, C7-T2, T11-L1, L5-S1) — 3 pts",
        "Douleur : Mécanique — 3 pts",
        "Lésion osseuse : Lytique — 2 pts",
        "Subluxation / translation présente — 4 pts",
        "Tassement < 50 % — 2 pts",
        "Atteinte postéro-latérale des éléments rachidiens : Aucune — 0 pt",
        "Sources",
        "§3.8.1",
        "Fisher CG et al. Spine 2010;35:E1221-9.",
        "RCP",
        "pas une prescription",
    ],
    "en": [
        "Total: 14/18",
        "Unstable (13-18)",
        "Ask for a surgical opinion.",
        "Location: Junctional (occiput-C2, C7-T2, T11-L1, L5-S1) — 3 pts",
        "Pain: Mechanical — 3 pts",
        "Bone lesion: Lytic — 2 pts",
        "Subluxation / translation present — 4 pts",
        "Collapse < 50% — 2 pts",
        "Posterolateral involvement of the spinal elements: None — 0 pts",
        "Sources",
        "§3.8.1",
        "Fisher CG et al. Spine 2010;35:E1221-9.",
        "RCP",
        "not a prescription",
    ],
}


@pytest.mark.parametrize("lang", LANGS)
def test_result_shows_answers_total_stratum_action_sources_disclaimer(lang: Lang) -> None:
    """A SINS result shows every answer with its points, 14/18, stratum, action, sources, RCP."""
    step = walk_positions(ENGINE, "sins", SINS_14, lang)
    text = render_step(step, lang, PLAIN)
    for expected in RESULT_TEXT[lang]:
        assert expected in text, expected
    disclaimer = next(
        line for line in text.splitlines() if "RCP" in line and "prescription" in line
    )
    assert ("Aide à la décision" if lang == "fr" else "decision aid") in disclaimer


@pytest.mark.parametrize(
    ("score_id", "path", "fr", "en"),
    [
        ("mirels", (2, 2, 2, 2), "Total : 8/12", "Total: 8/12"),
        ("rades", MAX_PATH["rades"], "Total : 44/44", "Total: 44/44"),
        ("tokuhashi", MIN_PATH["tokuhashi"], "Total : 0/15", "Total: 0/15"),
        ("tomita", (3, 2, 2), "Total : 8/10", "Total: 8/10"),
    ],
)
def test_result_total_over_max(score_id: str, path: tuple[int, ...], fr: str, en: str) -> None:
    """Results write their total as total/max (Mirels 8/12, Rades 44/44, Tomita 8/10...)."""
    assert fr in render_step(walk_positions(ENGINE, score_id, path, "fr"), "fr", PLAIN)
    assert en in render_step(walk_positions(ENGINE, score_id, path, "en"), "en", PLAIN)


@pytest.mark.parametrize("lang", LANGS)
def test_mirels_borderline_says_discuss_at_rcp(lang: Lang) -> None:
    """Mirels 8 is the borderline stratum whose action is discussion at the RCP."""
    text = render_step(walk_positions(ENGINE, "mirels", (2, 2, 2, 2), lang), lang, PLAIN)
    assert ("Score = 8 : situation limite" if lang == "fr" else "Score = 8: borderline") in text
    rcp = "Discussion en RCP." if lang == "fr" else "multidisciplinary team meeting (RCP)"
    assert rcp in text


@pytest.mark.parametrize("grade", FRANKEL_ORDER)
@pytest.mark.parametrize("lang", LANGS)
def test_frankel_result_is_a_grade_without_total(grade: str, lang: Lang) -> None:
    """A Frankel result shows the grade and its description and no total."""
    _, fr, en, _ = FRANKEL[grade]
    position = FRANKEL_ORDER.index(grade) + 1
    step = walk_positions(ENGINE, "frankel", (position,), lang)
    text = render_step(step, lang, PLAIN)
    assert f"Grade {grade} — {fr if lang == 'fr' else en}" in text
    assert "Total" not in text
    assert not re.search(r"\d+/\d+", text)
    assert step.result is not None
    block = record_block(step.result, lang)
    assert f"Grade {grade}" in block
    assert not re.search(r"\d+/\d+", block)


# -- record block -------------------------------------------------------------------------

MARKUP = re.compile(r"</?[A-Za-z][^>]*>|&(?:[a-z]+|#\d+);|\*\*|__|`")


def all_results() -> Iterator[tuple[str, Lang, Step]]:
    """A finished step for the min and max path of every summed score and every Frankel grade."""
    for lang in LANGS:
        for score_id in SUMMED:
            for path in (MIN_PATH[score_id], MAX_PATH[score_id]):
                yield score_id, lang, walk_positions(ENGINE, score_id, path, lang)
        for position in range(1, len(FRANKEL_ORDER) + 1):
            yield "frankel", lang, walk_positions(ENGINE, "frankel", (position,), lang)


def test_record_block_is_plain_text() -> None:
    """The record block is a few plain lines, no markup, with total/max and the RCP line."""
    for score_id, lang, step in all_results():
        assert step.result is not None
        block = record_block(step.result, lang)
        assert not MARKUP.search(block), (score_id, block)
        assert len(block.splitlines()) <= 6
        assert "RCP" in block
        if step.result.total is not None:
            assert f"{step.result.total}/{MAX_TOTAL[score_id]}" in block.splitlines()[0]


@pytest.mark.parametrize(
    ("lang", "head"),
    [
        ("fr", "Score de Mirels : 12/12 — Score ≥ 9 : risque fracturaire élevé"),
        ("en", "Mirels score: 12/12 — Score ≥ 9: high fracture risk"),
    ],
)
def test_record_block_content(lang: Lang, head: str) -> None:
    """The Mirels 12/12 record names the score, total, stratum, action, answers, the size
    caveat (cortex or diameter) and the source."""
    result = walk_positions(ENGINE, "mirels", (3, 3, 3, 3), lang).result
    assert result is not None
    lines = record_block(result, lang).splitlines()
    assert lines[0] == head
    assert ("Chirurgie prophylactique" if lang == "fr" else "Prophylactic surgery") in lines[1]
    assert ("Lytique (3 pts)" if lang == "fr" else "Lytic (3 pts)") in lines[2]
    assert lines[3] == (
        "Taille : fraction de la corticale (référentiel) ; certaines sources : fraction du "
        "diamètre de l'os."
        if lang == "fr"
        else "Size: fraction of the cortex (guideline); some sources: fraction of the bone's "
        "diameter."
    )
    assert "§3.5.2" in lines[4]


# -- HTML -----------------------------------------------------------------------------------

ALLOWED_TAGS = {"b", "i", "pre", "blockquote"}
TOKEN = re.compile(r"<[^>]*>|&[^;\s]*;?|[^<&]+|[<&]")


def check_html(text: str) -> str:
    """Parse Telegram-style HTML strictly (b, i, pre, one top-level expandable blockquote
    holding only b and i, three entities, balanced); its plain text."""
    stack: list[str] = []
    plain: list[str] = []
    for token in TOKEN.findall(text):
        if token.startswith("<"):
            match = re.fullmatch(r"<(/?)([a-z]+)( expandable)?>", token)
            assert match is not None, f"stray '<' or malformed tag {token!r} in {text!r}"
            closing, tag, expandable = match.groups()
            assert tag in ALLOWED_TAGS, token
            assert (tag == "blockquote" and not closing) == bool(expandable), token
            if closing:
                assert stack, f"unbalanced {token!r} in {text!r}"
                assert stack[-1] == tag, f"misnested {token!r} in {text!r}"
                stack.pop()
            else:
                # Telegram's nesting rules: a blockquote contains only bold/italic and
                # is inside nothing; pre contains nothing.
                assert tag != "blockquote" or not stack, f"nested {token!r} in {text!r}"
                assert "pre" not in stack, f"{token!r} inside <pre> in {text!r}"
                assert tag != "pre" or "blockquote" not in stack, f"<pre> in a quote: {text!r}"
                stack.append(tag)
        elif token.startswith("&"):
            assert token in ("&lt;", "&gt;", "&amp;"), f"bad entity {token!r} in {text!r}"
            plain.append(html.unescape(token))
        else:
            plain.append(token)
    assert not stack, f"unclosed {stack} in {text!r}"
    return "".join(plain)


def every_step(engine: Engine, scores: tuple[Score, ...]) -> Iterator[tuple[Lang, Step]]:
    """Every question (reached through each option of the previous one), notice and result."""
    for lang in LANGS:
        for s in scores:
            for position in range(1, max(len(i.options) for i in s.items) + 1):
                step = engine.start(s.id, lang)
                yield lang, step
                for item in s.items:
                    choice = min(position, len(item.options))
                    step = engine.answer_text(session_of(step), str(choice))
                    yield lang, step
                yield lang, engine.back(session_of(step))
            yield lang, engine.answer_text(session_of(engine.start(s.id, lang)), "<&>")


def assert_html_matches_plain(engine: Engine, scores: tuple[Score, ...]) -> None:
    for lang, step in every_step(engine, scores):
        plain = render_step(step, lang, PLAIN)
        assert check_html(render_step(step, lang, HTML)) == plain


def test_html_rendering_of_the_whole_catalogue_is_strict_and_escaped() -> None:
    """Every question, notice and result of the catalogue renders as strict HTML of its text."""
    assert_html_matches_plain(ENGINE, SCORES)
    for lang in LANGS:
        assert check_html(render_help(lang, HTML)) == render_help(lang, PLAIN)
        assert check_html(render_welcome(lang, HTML)) == render_welcome(lang, PLAIN)
        for kind in NoticeKind:
            notice = Notice(kind, count=3, candidates=(1, 2))
            assert check_html(render_notice(notice, lang, HTML)) == render_notice(
                notice, lang, PLAIN
            )


def test_catalogue_texts_with_angle_brackets_are_escaped() -> None:
    """Labels such as "Tassement < 50 %" appear as "&lt;" in HTML, never as a raw "<"."""
    step = walk_positions(ENGINE, "sins", (1, 1, 1, 1), "fr")
    text = render_step(step, "fr", HTML)
    assert "Tassement &lt; 50 %" in text
    assert "Tassement < 50 %" not in text


def _hostile(text: str) -> Text:
    return Text(fr=f"{text} fr", en=f"{text} en")


def _hostile_score() -> Score:
    """A made-up score whose every text is full of HTML metacharacters."""
    evil = "<b>x</b> & <i>y</i> <pre>z &amp; </script> a<b"
    return Score(
        id="evil",
        version=1,
        title=_hostile("Title " + evil),
        purpose=_hostile("Purpose " + evil),
        method="sum",
        items=(
            ChoiceItem(
                id="q",
                prompt=_hostile("Prompt " + evil),
                hint=_hostile("Hint " + evil),
                options=(
                    Option(id="one", points=1, label=_hostile("One " + evil)),
                    Option(id="two", points=2, label=_hostile("Two & <two>")),
                ),
            ),
        ),
        strata=(
            Stratum(
                id="all", min=1, max=2, label=_hostile("Stratum " + evil), action=_hostile(evil)
            ),
        ),
        note=_hostile("Note " + evil),
        sources=(
            Source(kind="guideline", citation="Guide " + evil, section="§<1>&"),
            Source(kind="publication", citation="Paper " + evil),
        ),
    )


def test_html_escapes_every_kind_of_text() -> None:
    """Title, prompt, hint, labels, stratum, action, note and sources are all escaped in HTML."""
    evil = _hostile_score()
    assert_html_matches_plain(Engine((evil,)), (evil,))
    for lang in LANGS:
        assert check_html(render_help(lang, HTML, (evil,))) == render_help(lang, PLAIN, (evil,))


def test_plain_format_adds_no_markup() -> None:
    """The console format leaves text as is and adds no tags."""
    assert isinstance(PLAIN, Format)
    for lang, step in every_step(ENGINE, SCORES):
        assert not re.search(r"</?(b|i|pre)>", render_step(step, lang, PLAIN))


@pytest.mark.parametrize(
    ("kind", "fr", "en"),
    [
        (NoticeKind.OUT_OF_RANGE, "1 à 3", "1 to 3"),
        (NoticeKind.NO_MATCH, "1 à 3", "1 to 3"),
        (NoticeKind.EMPTY, "1 à 3", "1 to 3"),
        (NoticeKind.TOO_LONG, "1 à 3", "1 to 3"),
    ],
)
def test_input_hints_are_one_short_line_with_the_range(kind: NoticeKind, fr: str, en: str) -> None:
    """An input hint is one short line naming the valid numbers."""
    for lang, expected in (("fr", fr), ("en", en)):
        text = render_notice(Notice(kind, count=3), lang, PLAIN)  # type: ignore[arg-type]
        assert expected in text
        assert "\n" not in text
        assert len(text) < 140


def test_ambiguous_hint_names_the_candidates() -> None:
    """The ambiguity hint lists the numbers of the options that matched."""
    step = walk_positions(ENGINE, "sins", (1, 1, 1, 1), "fr")
    again = ENGINE.answer_text(session_of(step), "tassement")
    text = render_step(again, "fr", PLAIN)
    assert text.splitlines()[0] == (
        "Plusieurs réponses commencent ainsi (1, 2) : tapez le numéro de la réponse voulue."
    )


@pytest.mark.parametrize(
    "bad",
    ["<b>open", "a < b", "x & y", "&nbsp;", "<u>u</u>", "<b><i>x</b></i>", "</b>", '<b class="x">'],
)
def test_the_strict_html_checker_rejects_bad_markup(bad: str) -> None:
    """The checker used above refuses raw metacharacters, unknown tags and unbalanced tags."""
    with pytest.raises(AssertionError):
        check_html(bad)
