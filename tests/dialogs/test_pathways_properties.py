"""The real spine and long-bone pathways run by the dialogue engine, with random answers,
random /back and a save-and-reload after every event (a restart): each score inside the
pathway totals and stratifies exactly as `scoring.evaluate` does on the same answers,
and a derived question is never asked."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.engine import Engine, Step
from scoring import evaluate
from scoring.flow import compile_flow, walk
from scoring.items import ChoiceItem
from scoring.pathways.long_bone import LONG_BONE
from scoring.pathways.spine import SPINE
from scoring.summary import Summary

ENGINE = Engine()
PATHWAYS = {p.id: p for p in (SPINE, LONG_BONE)}
DERIVED = {p.id: {d.target for d in p.derive} for p in PATHWAYS.values()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    name=st.sampled_from(["rachis", "spine", "os_long", "long_bone"]),
    lang=st.sampled_from(["fr", "en"]),
    data=st.data(),
)
def test_scores_inside_a_pathway_equal_evaluate(name: str, lang: str, data: st.DataObject) -> None:
    """Random answers, /back and reloads through a real pathway end on a summary whose
    scores equal `scoring.evaluate` of the answers given and derived."""
    step: Step = ENGINE.start(name, "fr" if lang == "fr" else "en")
    backs = 10  # at most this many /back, so that every dialogue ends
    for _ in range(200):
        session = step.session
        assert session is not None
        if step.result is not None:
            break
        question = step.question
        assert question is not None
        pathway = PATHWAYS[session.score]
        # A question with a derivation is asked only when its source's answer maps to None.
        if question.key in DERIVED[pathway.id]:
            derive = next(d for d in pathway.derive if d.target == question.key)
            source = session.answer_map()[derive.source]
            assert derive.map[source] is None
        if backs and data.draw(st.integers(0, 9), label="back?") == 0:
            backs -= 1
            step = ENGINE.back(session)
        else:
            assert isinstance(question.item, ChoiceItem)
            option = data.draw(st.sampled_from([o.id for o in question.item.options]))
            step = ENGINE.choose(session, question.key, option)
        assert step.session is not None
        step = ENGINE.load(step.session.to_json())  # the bot restarted meanwhile
    summary = step.result
    assert isinstance(summary, Summary)
    pathway = PATHWAYS[summary.pathway]
    assert step.session is not None
    answers = walk(compile_flow(pathway), step.session.answer_map()).answers
    for result in summary.results:
        score = next(s for s in pathway.scores if s.id == result.score)
        alone = evaluate(
            score,
            {
                a.key.split(".", 1)[1]: str(a.value)
                for a in answers
                if a.key.startswith(f"{score.id}.")
            },
        )
        assert (result.total, result.stratum.id, result.grade) == (
            alone.total,
            alone.stratum.id,
            alone.grade,
        )
