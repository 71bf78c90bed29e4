"""Property tests: random event sequences fired at the engine never break a dialogue."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.engine import RESULT, Engine, NoticeKind, Step
from dialogs.session import Session
from scoring import SCORES, Score, evaluate

ENGINE = Engine()
BY_ID = {s.id: s for s in SCORES}

ITEM_IDS = sorted({i.id for s in SCORES for i in s.items} | {"", "nope"})
OPTION_IDS = sorted(
    {o.id for s in SCORES for i in s.items for o in i.options} | {"", "1", "LYTIC", "zz"}
)
LABELS = sorted(
    {o.label(lang) for s in SCORES for i in s.items for o in i.options for lang in ["fr", "en"]}
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@st.composite
def label_prefix(draw: st.DrawFn) -> str:
    """The start of some option label, in random case, with or without accents."""
    label = draw(st.sampled_from(LABELS))
    prefix = label[: draw(st.integers(0, len(label)))]
    if draw(st.booleans()):
        prefix = _strip_accents(prefix)
    return draw(st.sampled_from([prefix, prefix.upper(), prefix.lower(), f"  {prefix} "]))


TEXT = st.one_of(
    st.integers(-3, 12).map(str),
    st.sampled_from(["٣", "²", "３", "0", "00", "1 2", "-1", "+1", "3.", "😀", "🦴💀", "\u0301"]),
    label_prefix(),
    st.sampled_from(OPTION_IDS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=260),
)

ANSWER = st.one_of(
    st.tuples(st.just("choose_current"), st.integers(0, 9)),
    st.tuples(st.just("text"), st.integers(1, 4).map(str)),
)
"""Events that move forward, drawn often so that dialogues reach their result."""

EVENT = st.one_of(
    ANSWER,
    ANSWER,
    ANSWER,
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("choose_any"), st.sampled_from(ITEM_IDS), st.sampled_from(OPTION_IDS)),
    st.tuples(st.just("back"), st.sampled_from(["none", "current", "other"])),
    st.tuples(st.just("restart")),
    st.tuples(st.just("show")),
    st.tuples(st.just("json")),
    st.tuples(st.just("lang"), st.sampled_from(["fr", "en"])),
    st.tuples(st.just("cancel")),
    st.tuples(st.just("start"), st.sampled_from(sorted(BY_ID))),
)

INPUT_PROBLEMS = {
    NoticeKind.EMPTY,
    NoticeKind.TOO_LONG,
    NoticeKind.OUT_OF_RANGE,
    NoticeKind.NO_MATCH,
    NoticeKind.AMBIGUOUS,
    NoticeKind.STALE,
    NoticeKind.NOTHING_TO_GO_BACK,
    NoticeKind.AFTER_RESULT,
}
"""Notices that must leave the session exactly as it was."""


def _current_item_id(session: Session) -> str | None:
    if session.state == RESULT:
        return None
    return session.state.removeprefix("ask_")


def fire(session: Session, event: tuple[Any, ...]) -> Step:
    """Apply one random event to the engine."""
    kind = event[0]
    score = BY_ID[session.score]
    if kind == "text":
        return ENGINE.answer_text(session, event[1])
    if kind == "choose_current":
        item_id = _current_item_id(session) or score.items[-1].id
        item = score.item(item_id)
        assert item is not None
        option = item.options[event[1] % len(item.options)]
        return ENGINE.choose(session, item_id, option.id)
    if kind == "choose_any":
        return ENGINE.choose(session, event[1], event[2])
    if kind == "back":
        expected = {
            "none": None,
            "current": _current_item_id(session),
            "other": score.items[0].id,
        }[event[1]]
        return ENGINE.back(session, expected)
    if kind == "restart":
        return ENGINE.restart(session)
    if kind == "show":
        return ENGINE.show(session)
    if kind == "json":
        return Engine().load(session.to_json())
    if kind == "lang":
        return ENGINE.with_lang(session, event[1])
    if kind == "cancel":
        return ENGINE.cancel(session)
    assert kind == "start"
    return ENGINE.start(event[1], session.lang)


def check(score: Score, before: Session, event: tuple[Any, ...], step: Step) -> None:
    """Every invariant a step must keep."""
    if event[0] == "cancel":
        assert step.session is None
        assert step.notice is not None
        # Cancelling a finished score closes it (its result stands); otherwise cancels it.
        expected = NoticeKind.CLOSED if before.state == RESULT else NoticeKind.CANCELLED
        assert step.notice.kind is expected
        return
    session = step.session
    assert session is not None, (event, step.notice)
    assert Session.model_validate_json(session.to_json()) == session
    reloaded = Engine().load(session.to_json())
    assert reloaded.session == session
    assert reloaded.notice is None
    score = BY_ID[session.score]
    answers = session.answers
    if session.state == RESULT:
        assert step.question is None
        assert len(answers) == len(score.items)
        expected = evaluate(score, session.answer_map())
        if step.result is not None:
            assert step.result == expected
        else:
            assert step.notice is not None
            assert step.notice.kind is NoticeKind.AFTER_RESULT
        assert reloaded.result == expected
    else:
        assert step.result is None
        assert step.question is not None
        assert len(answers) == step.question.index - 1
        assert [a.item for a in answers] == [i.id for i in score.items[: len(answers)]]
    if step.notice is not None and step.notice.kind in INPUT_PROBLEMS:
        assert session == before
    if event[0] in ("text", "choose_current", "choose_any"):
        # an answer only ever adds one: it never rewrites an earlier one
        assert answers[: len(before.answers)] == before.answers
        assert len(answers) - len(before.answers) in (0, 1)
    if event[0] == "back":
        assert answers == before.answers[: len(answers)]
        assert len(before.answers) - len(answers) in (0, 1)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    start=st.sampled_from(sorted(BY_ID)),
    lang=st.sampled_from(["fr", "en"]),
    warmup=st.lists(st.integers(0, 9), max_size=7),
    events=st.lists(EVENT, max_size=40),
)
def test_random_event_sequences_never_break_the_dialogue(
    start: str, lang: str, warmup: list[int], events: list[tuple[Any, ...]]
) -> None:
    """Any sequence of events never raises, keeps the session valid, and scores like evaluate."""
    step = ENGINE.start(start, "fr" if lang == "fr" else "en")
    session = step.session
    assert session is not None
    # a few answers first, so that many sequences begin mid-dialogue or at the result
    for event in [("choose_current", n) for n in warmup] + events:
        step = fire(session, event)
        check(BY_ID[session.score], session, event, step)
        if step.session is None:  # cancelled: the clinician starts another score
            step = ENGINE.start(start, session.lang)
        assert step.session is not None
        session = step.session
