"""Tests of dialogs.engine: walking every score, navigation, and reading typed answers."""

from __future__ import annotations

import threading

import pytest

from dialogs.engine import RESULT, Engine, NoticeKind, Step, question_state
from dialogs.session import Session
from scoring import SCORES, ChoiceItem, Lang, Score, Source, Stratum, Text, evaluate
from scoring.scores._common import opt
from tests.dialogs._clinical import (
    ALL_SCORES,
    FRANKEL,
    FRANKEL_ORDER,
    MAX_PATH,
    MAX_STRATUM,
    MAX_TOTAL,
    MIN_PATH,
    MIN_STRATUM,
    MIN_TOTAL,
    QUESTION_COUNT,
    SUMMED,
    score,
    session_of,
    walk_positions,
)

SUMMED_SCORES = [s for s in SCORES if s.method == "sum"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    """One engine for the module: it holds nothing but the shared machines."""
    return Engine()


def at_question(engine: Engine, score_id: str, answered: int, lang: Lang = "fr") -> Step:
    """A dialogue of `score_id` with the first `answered` questions answered with option 1."""
    return walk_positions(engine, score_id, (1,) * answered, lang)


def walk_by_points(engine: Engine, s: Score, pick: str, lang: Lang = "fr") -> Step:
    """Press the button of the lowest (`pick="min"`) or highest-scoring option at each question."""
    step = engine.start(s.id, lang)
    for item in s.items:
        assert step.question is not None
        assert step.question.item.id == item.id
        points = [o.points or 0 for o in item.options]
        best = min(points) if pick == "min" else max(points)
        option = next(o for o in item.options if o.points == best)
        step = engine.choose(session_of(step), item.id, option.id)
        assert step.notice is None
    return step


def test_catalogue_is_the_one_these_expectations_were_typed_for() -> None:
    """The catalogue offers exactly the six scores whose expected values are typed here."""
    assert tuple(s.id for s in SCORES) == ALL_SCORES
    assert {s.id for s in SUMMED_SCORES} == set(SUMMED)
    assert {s.id: len(s.items) for s in SCORES} == QUESTION_COUNT


# -- full walks -------------------------------------------------------------------------


@pytest.mark.parametrize("s", SUMMED_SCORES, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_min_path_gives_the_published_minimum(engine: Engine, s: Score, lang: Lang) -> None:
    """Choosing the lowest-scoring option at every question gives the score's published minimum."""
    step = walk_by_points(engine, s, "min", lang)
    result = step.result
    assert result is not None
    assert step.question is None
    assert result.total == MIN_TOTAL[s.id]
    assert (result.min, result.max) == (MIN_TOTAL[s.id], MAX_TOTAL[s.id])
    assert result.stratum.id == MIN_STRATUM[s.id]
    session = session_of(step)
    assert session.state == RESULT
    assert result == evaluate(s, session.answer_map())


@pytest.mark.parametrize("s", SUMMED_SCORES, ids=lambda s: s.id)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_max_path_gives_the_published_maximum(engine: Engine, s: Score, lang: Lang) -> None:
    """Choosing the highest-scoring option at every question gives the score's published maximum."""
    step = walk_by_points(engine, s, "max", lang)
    result = step.result
    assert result is not None
    assert result.total == MAX_TOTAL[s.id]
    assert result.max == MAX_TOTAL[s.id]
    assert result.stratum.id == MAX_STRATUM[s.id]
    assert result == evaluate(s, session_of(step).answer_map())


FIRST_AND_LAST_ROWS = {
    # score: (result when every first row is chosen, result when every last row is chosen)
    "mirels": (4, 12),
    "rades": (33, 32),  # 8+6+5+10+4 / 6+8+8+1+9
    "sins": (18, 0),
    "frankel": ("A", "E"),
    "tokuhashi": (0, 15),  # 0 x 6 / 2+2+2+2+5+2 (last primary row: thyroid, breast... 5)
    "tomita": (2, 10),
}


@pytest.mark.parametrize("s", SCORES, ids=lambda s: s.id)
def test_every_score_scores_its_first_and_last_rows(engine: Engine, s: Score) -> None:
    """For every score, the first rows and the last rows give the table's result, like evaluate."""
    for row, expected in zip(("first", "last"), FIRST_AND_LAST_ROWS[s.id], strict=True):
        step = engine.start(s.id, "fr")
        for item in s.items:
            option = item.options[0] if row == "first" else item.options[-1]
            step = engine.choose(session_of(step), item.id, option.id)
        result = step.result
        assert result is not None
        assert result == evaluate(s, session_of(step).answer_map())
        if s.method == "classification":
            assert result.grade == expected
            assert result.total is None
        else:
            assert result.total == expected


@pytest.mark.parametrize("score_id", SUMMED)
def test_typed_positions_from_the_tables_give_the_same_totals(
    engine: Engine, score_id: str
) -> None:
    """Typing the displayed numbers of the min and max rows of the tables gives the same totals."""
    low = walk_positions(engine, score_id, MIN_PATH[score_id], "fr").result
    high = walk_positions(engine, score_id, MAX_PATH[score_id], "fr").result
    assert low is not None
    assert high is not None
    assert (low.total, high.total) == (MIN_TOTAL[score_id], MAX_TOTAL[score_id])


@pytest.mark.parametrize("s", SUMMED_SCORES, ids=lambda s: s.id)
def test_each_question_shows_progress_and_running_total(engine: Engine, s: Score) -> None:
    """Question i of n is numbered i/n and carries the points of the answers so far."""
    step = engine.start(s.id, "fr")
    expected_total = 0
    for index, item in enumerate(s.items, 1):
        question = step.question
        assert question is not None
        assert (question.index, question.count) == (index, QUESTION_COUNT[s.id])
        assert question.running_total == expected_total
        assert len(session_of(step).answers) == index - 1
        option = item.options[-1]
        expected_total += option.points or 0
        step = engine.choose(session_of(step), item.id, option.id)
    assert step.result is not None
    assert step.result.total == expected_total


@pytest.mark.parametrize("grade", FRANKEL_ORDER)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_frankel_result_is_the_grade_and_its_description(
    engine: Engine, grade: str, lang: Lang
) -> None:
    """Frankel is one question whose result is the grade and its description, with no total."""
    klass, fr, en, palsy_points = FRANKEL[grade]
    step = engine.start("frankel", lang)
    assert step.question is not None
    assert (step.question.index, step.question.count) == (1, 1)
    assert step.question.running_total is None
    step = engine.choose(session_of(step), "grade", grade)
    result = step.result
    assert result is not None
    assert result.total is None
    assert result.max is None
    assert result.min is None
    assert result.grade == grade
    assert result.stratum.id == klass
    assert result.description is not None
    assert result.description(lang) == (fr if lang == "fr" else en)
    # CLINICAL.md decision 15: A-B / C-D / E map onto Tokuhashi's palsy item (0 / 1 / 2).
    assert f"{palsy_points} point" in result.stratum.action(lang)
    assert result == evaluate(score("frankel"), session_of(step).answer_map())


@pytest.mark.parametrize(
    ("typed", "grade"), [("1", "A"), ("d2", "D2"), ("D3", "D3"), ("e", "E"), ("4", "D1")]
)
def test_frankel_grade_by_position_or_id(engine: Engine, typed: str, grade: str) -> None:
    """A Frankel grade is read from its displayed number or its id ("d2")."""
    step = engine.answer_text(session_of(engine.start("frankel", "fr")), typed)
    assert step.notice is None
    assert step.result is not None
    assert step.result.grade == grade


# -- navigation ---------------------------------------------------------------------------


def test_back_reopens_the_previous_question_and_drops_only_its_answer(engine: Engine) -> None:
    """/back reopens the previous question and removes its answer, keeping the earlier ones."""
    step = walk_positions(engine, "mirels", (3, 2), "fr")
    before = session_of(step)
    assert [a.option for a in before.answers] == ["trochanteric", "third_to_two_thirds"]
    step = engine.back(before)
    assert step.notice is None
    assert step.question is not None
    assert step.question.item.id == "size"
    assert [a.option for a in session_of(step).answers] == ["trochanteric"]
    assert session_of(step).dialogue_id == before.dialogue_id
    step = engine.back(session_of(step))
    assert step.question is not None
    assert step.question.index == 1
    assert session_of(step).answers == ()


def test_back_at_first_question_changes_nothing(engine: Engine) -> None:
    """/back at question 1 says there is nothing to go back to and shows the same question."""
    first = engine.start("sins", "fr")
    step = engine.back(session_of(first))
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.NOTHING_TO_GO_BACK
    assert step.session == first.session
    assert step.question == first.question


def test_back_with_an_old_expected_item_is_stale(engine: Engine) -> None:
    """A /back button made for another question changes nothing."""
    step = at_question(engine, "tokuhashi", 3)
    again = engine.back(session_of(step), expected_item="general_condition")
    assert again.notice is not None
    assert again.notice.kind is NoticeKind.STALE
    assert again.session == step.session
    ok = engine.back(session_of(step), expected_item="visceral_mets")
    assert ok.notice is None
    assert len(session_of(ok).answers) == 2


@pytest.mark.parametrize("answered", [1, 3])
def test_restart_starts_a_new_dialogue(engine: Engine, answered: int) -> None:
    """/restart returns to question 1 with no answers and a new dialogue id."""
    step = at_question(engine, "rades", answered)
    old = session_of(step)
    step = engine.restart(old)
    new = session_of(step)
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.RESTARTED
    assert new.answers == ()
    assert new.dialogue_id != old.dialogue_id
    assert (new.score, new.lang) == (old.score, old.lang)
    assert step.question is not None
    assert step.question.index == 1


def test_restart_after_the_result(engine: Engine) -> None:
    """/restart after a result starts the same score again at question 1."""
    done = walk_positions(engine, "tomita", (1, 1, 1), "en")
    step = engine.restart(session_of(done))
    assert step.question is not None
    assert step.question.index == 1
    assert session_of(step).answers == ()
    assert session_of(step).lang == "en"


def test_cancel_drops_the_dialogue(engine: Engine) -> None:
    """/cancel drops the session; with no session it says there is no dialogue."""
    step = engine.cancel(session_of(at_question(engine, "mirels", 2)))
    assert step.session is None
    assert step.question is None
    assert step.result is None
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.CANCELLED
    none = engine.cancel(None)
    assert none.session is None
    assert none.notice is not None
    assert none.notice.kind is NoticeKind.NO_DIALOGUE


def test_answer_after_the_result_is_refused(engine: Engine) -> None:
    """A typed answer after the result gets AFTER_RESULT and changes nothing."""
    done = walk_positions(engine, "mirels", (3, 3, 3, 3), "fr")
    for typed in ("1", "lytique", "", "😀"):
        step = engine.answer_text(session_of(done), typed)
        assert step.notice is not None
        assert step.notice.kind is NoticeKind.AFTER_RESULT
        assert step.session == done.session
        assert step.question is None


def test_button_after_the_result_is_stale(engine: Engine) -> None:
    """A button of the last question pressed after the result changes nothing."""
    done = walk_positions(engine, "mirels", (3, 3, 3, 3), "fr")
    step = engine.choose(session_of(done), "pain", "mild")
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.STALE
    assert step.session == done.session
    assert step.result is not None
    assert step.result.total == 12


def test_back_after_the_result_reopens_the_last_question(engine: Engine) -> None:
    """/back after the result reopens the last question, its answer removed, the others kept."""
    done = walk_positions(engine, "mirels", (3, 3, 3, 3), "fr")
    step = engine.back(session_of(done))
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.REOPENED
    assert step.question is not None
    assert step.question.item.id == "pain"
    assert step.question.index == 4
    assert step.question.running_total == 9
    assert [a.item for a in session_of(step).answers] == ["site", "size", "lesion"]
    step = engine.answer_text(session_of(step), "1")
    assert step.result is not None
    assert step.result.total == 10


# -- stale buttons ----------------------------------------------------------------------


def test_button_for_a_previous_question_changes_nothing(engine: Engine) -> None:
    """A button of an earlier question (an old message) changes nothing."""
    step = at_question(engine, "sins", 2)
    again = engine.choose(session_of(step), "location", "rigid")
    assert again.notice is not None
    assert again.notice.kind is NoticeKind.STALE
    assert again.session == step.session
    assert again.question == step.question


def test_double_tap_counts_once(engine: Engine) -> None:
    """The second press of the same button (double tap) is stale and records nothing."""
    first = engine.start("mirels", "fr")
    once = engine.choose(session_of(first), "site", "lower_limb")
    twice = engine.choose(session_of(once), "site", "lower_limb")
    assert twice.notice is not None
    assert twice.notice.kind is NoticeKind.STALE
    assert twice.session == once.session
    assert [a.option for a in session_of(twice).answers] == ["lower_limb"]


@pytest.mark.parametrize(
    ("item", "option"),
    [("site", "nope"), ("site", "LOWER_LIMB"), ("site", "2"), ("growth", "slow"), ("", "")],
)
def test_button_with_unknown_ids_changes_nothing(engine: Engine, item: str, option: str) -> None:
    """A button with an unknown item or option id (or a position) is stale and records nothing."""
    first = engine.start("mirels", "fr")
    step = engine.choose(session_of(first), item, option)
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.STALE
    assert step.session == first.session


# -- typed answers ----------------------------------------------------------------------

BAD_INPUT = [
    ("", {NoticeKind.EMPTY}),
    ("   \t ", {NoticeKind.EMPTY}),
    ("x" * 10_000, {NoticeKind.TOO_LONG}),
    ("3" * 10_000, {NoticeKind.TOO_LONG}),
    ("0", {NoticeKind.OUT_OF_RANGE}),
    ("00", {NoticeKind.OUT_OF_RANGE}),
    ("4", {NoticeKind.OUT_OF_RANGE}),
    ("99", {NoticeKind.OUT_OF_RANGE}),
    ("9" * 150, {NoticeKind.OUT_OF_RANGE}),
    ("-1", {NoticeKind.OUT_OF_RANGE, NoticeKind.NO_MATCH}),
    ("٣", {NoticeKind.OUT_OF_RANGE}),  # Arabic-Indic three: not a displayed number
    ("²", {NoticeKind.OUT_OF_RANGE}),
    ("３", {NoticeKind.OUT_OF_RANGE}),  # fullwidth three
    ("1 2", {NoticeKind.NO_MATCH}),
    ("3.", {NoticeKind.NO_MATCH}),
    ("😀", {NoticeKind.NO_MATCH}),
    ("🦴💀🔥", {NoticeKind.NO_MATCH}),
    ("\x00", {NoticeKind.NO_MATCH}),
    ("\u200b", {NoticeKind.NO_MATCH}),
    ("Ω≈ç√∫", {NoticeKind.NO_MATCH}),
    ("<b>lytique</b>", {NoticeKind.NO_MATCH}),
    ("'; DROP TABLE sessions; --", {NoticeKind.NO_MATCH}),
    ("blast", {NoticeKind.NO_MATCH}),  # English label start in a French session
    # A lone combining accent normalises to nothing; whatever the hint, it must re-ask.
    ("\u0301", {NoticeKind.EMPTY, NoticeKind.NO_MATCH, NoticeKind.AMBIGUOUS}),
]


# Ids from the typed text only: a set's order varies between processes (hash seeds), and
# pytest-xdist's workers must collect the same ids.
@pytest.mark.parametrize(
    ("typed", "kinds"), BAD_INPUT, ids=[repr(typed)[:20] for typed, _ in BAD_INPUT]
)
def test_unreadable_input_reasks_the_same_question(
    engine: Engine, typed: str, kinds: set[NoticeKind]
) -> None:
    """Anything that is not a number, id or label start re-asks the same question with a hint."""
    step = at_question(engine, "mirels", 2)  # question 3: lesion type, 3 options
    again = engine.answer_text(session_of(step), typed)
    assert again.notice is not None
    assert again.notice.kind in kinds
    assert again.notice.count == 3
    assert again.session == step.session
    assert again.question == step.question
    assert again.result is None


@pytest.mark.parametrize(
    ("lang", "typed", "option"),
    [
        ("fr", "lytique", "lytic"),
        ("fr", "Lyt", "lytic"),
        ("fr", "LYT", "lytic"),
        ("fr", "  lyt  ", "lytic"),
        ("fr", "condens", "blastic"),
        ("fr", "CONDENSANTE", "blastic"),
        ("fr", "mixte", "mixed"),
        ("fr", "3", "lytic"),
        ("fr", "lytic", "lytic"),  # option id
        ("fr", "BLASTIC", "blastic"),  # option id, any case
        ("en", "lyt", "lytic"),
        ("en", "Blast", "blastic"),
        ("en", "MIX", "mixed"),
        ("en", "1", "blastic"),
    ],
)
def test_label_start_number_or_id_is_accepted(
    engine: Engine, lang: Lang, typed: str, option: str
) -> None:
    """A number, an id, or a case-insensitive label start in the session's language is accepted."""
    step = at_question(engine, "mirels", 2, lang)
    after = engine.answer_text(session_of(step), typed)
    assert after.notice is None
    assert session_of(after).answers[-1].option == option
    assert session_of(after).answers[:-1] == session_of(step).answers


@pytest.mark.parametrize(
    ("typed", "option"),
    [("legere", "mild"), ("LÉGÈRE", "mild"), ("Legère", "mild"), ("modéree", "moderate")],
)
def test_accents_are_ignored(engine: Engine, typed: str, option: str) -> None:
    """Typed answers match labels whatever their accents ("legere" reads "Légère")."""
    step = at_question(engine, "mirels", 3)
    after = engine.answer_text(session_of(step), typed)
    assert after.result is not None
    assert after.result.answers[-1].option == option


def test_english_session_does_not_read_french_labels(engine: Engine) -> None:
    """In an English session a French label start is not an answer (and vice versa)."""
    step = at_question(engine, "mirels", 2, "en")
    after = engine.answer_text(session_of(step), "condens")
    assert after.notice is not None
    assert after.notice.kind is NoticeKind.NO_MATCH
    assert after.session == step.session


def test_a_number_is_always_a_position_even_when_a_label_starts_with_it(engine: Engine) -> None:
    """A bare number is the displayed position, even where a label starts with that digit."""
    # Mirels size: [1] Moins d'1/3 ... [2] 1/3 à 2/3 ...
    step = at_question(engine, "mirels", 1)
    assert session_of(engine.answer_text(session_of(step), "1")).answers[-1].option == (
        "under_third"
    )
    # Rades onset: [1] 1 à 7 jours, [2] 8 à 14 jours, [3] Plus de 14 jours: "8" is out of range.
    step = at_question(engine, "rades", 4)
    eight = engine.answer_text(session_of(step), "8")
    assert eight.notice is not None
    assert eight.notice.kind is NoticeKind.OUT_OF_RANGE
    assert eight.session == step.session
    fourteen = engine.answer_text(session_of(step), "14")
    assert fourteen.notice is not None
    assert fourteen.notice.kind is NoticeKind.OUT_OF_RANGE


def test_tokuhashi_counts_read_as_positions(engine: Engine) -> None:
    """On Tokuhashi's count questions "1" is the first row (three or more), never "one"."""
    step = at_question(engine, "tokuhashi", 2)  # vertebral body metastases
    assert step.question is not None
    assert step.question.item.id == "vertebral_body_mets"
    after = engine.answer_text(session_of(step), "1")
    assert session_of(after).answers[-1].option == "three_or_more"


@pytest.mark.parametrize(
    ("where", "typed", "candidates"),
    [
        (("sins", 4, "fr"), "tassement", (1, 2)),
        (("sins", 4, "fr"), "TASSEMENT", (1, 2)),
        (("sins", 4, "en"), "collapse", (1, 2)),
        (("frankel", 0, "fr"), "D", (4, 5, 6)),
        (("frankel", 0, "en"), "d", (4, 5, 6)),
        (("rades", 3, "fr"), "ambulatoire", (1, 2)),
        (("tokuhashi", 0, "fr"), "m", (1, 2)),
        (("tokuhashi", 0, "fr"), "moy", (2,)),  # unique: accepted
    ],
)
def test_ambiguous_label_start_lists_the_candidates(
    engine: Engine, where: tuple[str, int, Lang], typed: str, candidates: tuple[int, ...]
) -> None:
    """A label start shared by several options re-asks with their numbers; a unique one answers."""
    step = at_question(engine, *where)
    after = engine.answer_text(session_of(step), typed)
    if len(candidates) == 1:
        assert after.notice is None
        assert step.question is not None
        assert session_of(after).answers[-1].option == step.question.item.options[1].id
        return
    assert after.notice is not None
    assert after.notice.kind is NoticeKind.AMBIGUOUS
    assert after.notice.candidates == candidates
    assert after.session == step.session


def test_ambiguous_label_start_wins_over_a_matching_option_id(engine: Engine) -> None:
    """ "ambulatory" starts two English labels, so it must re-ask, not pick the 10-point one.

    Rades, motor function, English session: [1] Ambulatory without aid (10 pts),
    [2] Ambulatory with aid (9 pts). The ids are hidden from the clinician, but "ambulatory"
    is also the id of option 1, so the engine silently records "without aid".
    """
    step = at_question(engine, "rades", 3, "en")
    assert step.question is not None
    assert step.question.item.id == "motor"
    after = engine.answer_text(session_of(step), "ambulatory")
    assert after.notice is not None
    assert after.notice.kind is NoticeKind.AMBIGUOUS
    assert after.session == step.session


def _demo_score() -> Score:
    """A made-up score (not clinical) whose labels are prefixes of one another."""
    return Score(
        id="demo",
        version=1,
        title=Text(fr="Démo", en="Demo"),
        purpose=Text(fr="Essai", en="Test"),
        method="sum",
        items=(
            ChoiceItem(
                id="kind",
                prompt=Text(fr="Type", en="Kind"),
                options=(
                    opt("plain", 1, "Mixte", "Mixed"),
                    opt("extended", 2, "Mixte étendue", "Mixed extended"),
                    opt("other", 3, "Autre", "Other"),
                ),
            ),
        ),
        strata=(
            Stratum(
                id="all",
                min=1,
                max=3,
                label=Text(fr="Tout", en="All"),
                action=Text(fr="Rien", en="Nothing"),
            ),
        ),
        sources=(Source(kind="guideline", citation="Demo", section="§0"),),
    )


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("fr", "mixte", "plain"),
        ("fr", "MIXTE", "plain"),
        ("fr", "Mixte etendue", "extended"),
        ("fr", "mixte é", "extended"),
        ("en", "mixed", "plain"),
        ("en", "mixed ext", "extended"),
        ("fr", "mix", None),
        ("en", "MIX", None),
    ],
)
def test_exact_label_wins_over_longer_labels(lang: Lang, typed: str, expected: str | None) -> None:
    """A whole label wins over longer labels it begins; a shorter shared start is ambiguous."""
    engine = Engine((_demo_score(),))
    step = engine.answer_text(session_of(engine.start("demo", lang)), typed)
    if expected is None:
        assert step.notice is not None
        assert step.notice.kind is NoticeKind.AMBIGUOUS
        assert step.notice.candidates == (1, 2)
        return
    assert step.result is not None
    assert step.result.answers[0].option == expected


# -- the machine --------------------------------------------------------------------------


def test_one_shared_machine_per_score_without_auto_transitions(engine: Engine) -> None:
    """Each score has one machine with answer/back/restart/cancel events, empty after use
    (the pathways and aids have theirs too)."""
    machines = engine._machines
    assert set(ALL_SCORES) <= set(machines)
    for s in SCORES:
        shared = machines[s.id]
        before = shared.machine
        walk_positions(engine, s.id, (1,) * len(s.items), "fr")
        assert shared.machine is before
        assert shared.machine.models == []
        states = [question_state(i) for i in s.items] + [RESULT]
        assert list(shared.machine.states) == states
        assert set(shared.machine.events) == {"answer", "back", "restart", "cancel"}


def test_concurrent_sessions_share_the_machines_safely(engine: Engine) -> None:
    """Many threads walking dialogues at once on one engine all get the right totals."""
    errors: list[str] = []

    def worker(score_id: str) -> None:
        for _ in range(30):
            low = walk_positions(engine, score_id, MIN_PATH[score_id], "fr").result
            high = walk_positions(engine, score_id, MAX_PATH[score_id], "en").result
            if (
                low is None
                or high is None
                or (low.total, high.total)
                != (
                    MIN_TOTAL[score_id],
                    MAX_TOTAL[score_id],
                )
            ):
                errors.append(score_id)

    threads = [threading.Thread(target=worker, args=(sid,)) for sid in SUMMED * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_with_lang_keeps_the_answers(engine: Engine) -> None:
    """Switching language mid-dialogue keeps the answers and the current question."""
    step = at_question(engine, "sins", 3)
    switched = engine.with_lang(session_of(step), "en")
    assert session_of(switched).lang == "en"
    assert session_of(switched).answers == session_of(step).answers
    assert switched.question is not None
    assert step.question is not None
    assert switched.question.item == step.question.item
    assert isinstance(session_of(switched), Session)
