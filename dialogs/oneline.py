"""A score typed in one line (`/<score> 3+3+2+2+3+1`): the result at once, or the guided
dialogue from the first missing or invalid question, the valid answers before it kept.

Shared by the bot and `bonemet chat`; the parsing itself is `scoring.oneline`. The
result's part (`name_ties`, `render_line_error`) does not import the dialogue engine, so
that `bonemet score sins 3+3+2+2+3+1` does not load it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dialogs.i18n import join, sep, ui
from scoring import ChoiceItem, Lang, Result, Score, Text, get_score
from scoring.oneline import LineError, LineProblem, ParsedLine, Tie, parse_line, point_values

if TYPE_CHECKING:
    from dialogs.engine import Engine, Notice, Step
    from dialogs.render import Format


def start_line(
    engine: Engine, score_id: str, lang: Lang, text: str, notice: Notice | None = None
) -> tuple[Step, ParsedLine]:
    """Start `score_id` with the answers of `text`, in the guideline's order.

    The dialogue answers item after item while the line gives a valid answer; it stops
    at the first item the line leaves out or gets wrong (the valid answers after it are
    kept apart: `pending_after`, `apply_pending`). A line with a problem never gives a
    result at once: if every item was valid (the problem is a token naming no item), the
    last question is asked again, after the problem is shown.
    """
    score = engine.scores[score_id]
    parsed = parse_line(score, text)
    step = engine.start(score_id, lang, notice=notice)
    items = score.items if parsed.error is None else score.items[:-1]
    for item in items:
        option = parsed.answers.get(item.id)
        question, session = step.question, step.session
        if option is None or question is None or session is None or question.item != item:
            break
        step = engine.choose(session, item.id, option)
    if parsed.ties and step.session is not None:
        ties = tuple((t.item, *t.options) for t in parsed.ties)
        step = replace(step, session=step.session.model_copy(update={"ties": ties}))
    return named(step), parsed


def named(step: Step) -> Step:
    """`step` with its result (or its question's recap) naming every option a tied
    one-line value stands for, while the recorded answer is still the one the value gave."""
    session = step.session
    if session is None or not session.ties or (step.result is None and step.question is None):
        return step
    answers = session.answer_map()
    ties = tuple(Tie(tie[0], 0, tie[1:]) for tie in session.ties if answers.get(tie[0]) == tie[1])
    if not ties:
        return step
    score = get_score(session.score)
    if isinstance(step.result, Result):
        return replace(step, result=name_ties(step.result, score, ParsedLine(ties=ties)))
    if step.question is None:  # a pathway's summary: no tie to name
        return step
    by_item = {tie.item: tie for tie in ties}
    given = []
    for answer in step.question.given:
        tie = by_item.get(answer.item.id)
        if tie is not None and isinstance(answer.item, ChoiceItem) and answer.option is not None:
            labels = [o.label for o in answer.item.options if o.id in tie.options]
            label = Text(fr=_either(labels, "fr"), en=_either(labels, "en"))
            option = answer.option.model_copy(update={"label": label})
            given.append(replace(answer, option=option))
        else:
            given.append(answer)
    return replace(step, question=replace(step.question, given=tuple(given)))


def pending_after(parsed: ParsedLine, step: Step) -> dict[str, str]:
    """The valid answers of the line the dialogue could not take yet (they come after the
    question it stopped at): kept, and taken as soon as their question comes."""
    from dialogs.machine import RESULT

    session = step.session
    if session is None or session.state == RESULT:
        return {}
    given = set(session.answer_map())
    if step.question is not None:  # the question asked now is the clinician's to answer
        given.add(step.question.item.id)
    return {item: option for item, option in parsed.answers.items() if item not in given}


def apply_pending(
    engine: Engine, step: Step, pending: dict[str, str]
) -> tuple[Step, dict[str, str]]:
    """Answer, from `pending`, every question that comes next and has a kept answer; the
    answers left (none once the dialogue has a result or has ended)."""
    left = dict(pending)
    while step.question is not None and step.session is not None:
        option = left.pop(step.question.item.id, None)
        if option is None:
            break
        step = engine.choose(step.session, step.question.item.id, option)
    if step.session is None or step.result is not None:
        left = {}
    return step, left


def name_ties(result: Result, score: Score, parsed: ParsedLine) -> Result:
    """The result with each tied answer naming every option its value stands for
    ("NSCLC or unknown primary"), since the line did not say which one."""
    ties = {tie.item: tie for tie in parsed.ties}
    answers = []
    for answer in result.answers:
        tie = ties.get(answer.item)
        item = score.item(answer.item)
        if tie is None or item is None:
            answers.append(answer)
            continue
        labels = [o.label for o in item.options if o.id in tie.options]
        answers.append(
            answer.model_copy(
                update={"label": Text(fr=_either(labels, "fr"), en=_either(labels, "en"))}
            )
        )
    return result.model_copy(update={"answers": tuple(answers)})


def _either(labels: list[Text], lang: Lang) -> str:
    words = [label(lang) for label in labels]
    conjunction = " ou " if lang == "fr" else " or "
    return ", ".join(words[:-1]) + conjunction + words[-1] if len(words) > 1 else words[0]


def render_line_error(error: LineError, score: Score, lang: Lang, fmt: Format) -> str:
    """The problem of a one-line score: the token, its item and what the item accepts."""
    t = ui(lang)
    item = score.item(error.item) if error.item else None
    prompt = item.prompt(lang) if item is not None else ""
    if item is None:
        accepted = ", ".join(i.id for i in score.items)
    elif error.problem in (LineProblem.NOT_A_NUMBER, LineProblem.NOT_A_VALUE, LineProblem.TOO_FEW):
        accepted = _values(item, lang)
    else:
        accepted = ", ".join(f"{n} {o.id}" for n, o in enumerate(item.options, 1))
    text = t[f"line_{error.problem.value}"].format(
        token=error.token,
        item=prompt,
        accepted=accepted,
        expected=error.expected,
        got=error.got,
        score=score.title(lang),
    )
    return fmt.escape(text) + "\n" + fmt.italic(fmt.escape(line_syntax(score, lang)))


def _values(item: ChoiceItem, lang: Lang) -> str:
    """ "3 : Jonctionnelle ; 2 : Mobile ; ...": each point value and what it stands for."""
    parts = []
    for value in point_values(item):
        labels = [o.label for o in item.options if o.points == value]
        parts.append(f"{value}{sep(lang)}{_either(labels, lang)}")
    return join(parts, lang)


def line_syntax(score: Score, lang: Lang) -> str:
    """How to type `score` in one line, with an example from its own data."""
    t = ui(lang)
    first = score.items[0]
    if all(o.points is None for o in first.options) and len(score.items) == 1:
        example = f"/{score.id} {first.options[-1].id}"
        return t["line_syntax_option"].format(example=example, item=first.id)
    points = "+".join(str(point_values(i)[0]) for i in score.items)
    pairs = " ".join(f"{i.id}={i.options[0].id}" for i in score.items[:2])
    return t["line_syntax"].format(points=f"/{score.id} {points}", pairs=f"/{score.id} {pairs} …")
