"""The dialogue engine: one question per message, for any flow (a score, an aid, a pathway).

Each flow gets one `transitions` machine, built from its compiled definition
(`scoring.flow.compile_flow`) and shared by every session (the library's advice for
many concurrent users): a step borrows the machine for the session's model, fires one
event, and gives it back. The states are one per question key plus `result`. Which
question comes next (conditions, derivations) is `scoring.flow`'s pure answer; the
machine holds the moves the flow allows and refuses any other. The engine knows no
score, aid or pathway by name: what it asks, accepts and concludes all comes from
`scoring`.

Every call returns a `Step`: the new session (or None) and what to show. User
mistakes and invalid moves are values (a `Notice`), never exceptions. The machine is
`dialogs.machine`, typed answers are read by `dialogs.matching`, and the recap a
question shows is built by `dialogs.recap`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pydantic import ValidationError

from dialogs.i18n import FlowKind
from dialogs.machine import RESULT, FlowMachine, mermaid_diagram, question_state, skippable
from dialogs.matching import match_boxes, match_choice, match_number
from dialogs.notices import Notice, NoticeKind
from dialogs.recap import (
    Given,
    facts_of,
    given_answers,
    given_one,
    last_answers,
    remaining,
    running_total,
)
from dialogs.session import SESSION_SCHEMA, Answered, Session
from scoring import Lang, Result, Score, ScoringError, Text, evaluate
from scoring.conditions import Fact
from scoring.flow import Flow, FlowQuestion, compile_flow, next_question, walk
from scoring.items import AnyItem, ChecklistItem, ChoiceItem, NumberItem, NumberRange, Option
from scoring.numbers import expected, parse_number
from scoring.pathway import Pathway
from scoring.registry import PATHWAYS, SCORES
from scoring.summary import Summary, conclude

__all__ = [
    "RESULT",
    "Engine",
    "Given",
    "Notice",
    "NoticeKind",
    "Question",
    "Step",
    "mermaid_diagram",
    "question_state",
]

Definition = Score | Pathway
"""What a flow is compiled from."""


@dataclass(frozen=True)
class Question:
    """What to ask now."""

    flow: Flow
    """The flow running (its title heads every question)."""
    key: str
    """The question's key (what callback data and `choose`/`toggle`/`done` name)."""
    item: AnyItem
    """The question."""
    score: Score | None
    """The score this question belongs to (None for a pathway's own question)."""
    index: int
    """1-based number of this question among those asked."""
    count: int
    """Number of questions (at most: a pathway's later conditions may skip some)."""
    running_total: int | None
    """Points so far of this question's summed score (None otherwise)."""
    given: tuple[Given, ...]
    """Answers so far (given and derived), in order."""
    pending: tuple[str, ...] = ()
    """A checklist's boxes ticked so far (before Done)."""
    range: NumberRange | None = None
    """A number question's unit and range (following the unit answered before)."""
    expected: Text | None = None
    """A number question's text saying what it expects ("a clearance in mL/min...")."""
    position: int = 0
    """0-based position of the question in the flow (callback data may use it)."""
    last: tuple[Given, ...] = ()
    """The answer given last and the answers derived from it (the console echoes them)."""


@dataclass(frozen=True)
class Step:
    """The outcome of one event: the session to keep and what to show."""

    session: Session | None
    notice: Notice | None = None
    question: Question | None = None
    result: Result | Summary | None = None
    """A score's result, or an aid's or a pathway's summary."""


class Engine:
    """Drives any flow's dialogue; stateless apart from the shared machines."""

    def __init__(self, flows: Sequence[Definition] = (*SCORES, *PATHWAYS)) -> None:
        self.definitions: dict[str, Definition] = {f.id: f for f in flows}
        self.flows: dict[str, Flow] = {f.id: compile_flow(f) for f in flows}
        self.scores: dict[str, Score] = {f.id: f for f in flows if isinstance(f, Score)}
        """The scores among the flows, by id."""
        self.names: dict[str, str] = {}
        """Every command name (id or alias) -> flow id."""
        for definition in flows:
            aliases = definition.aliases if isinstance(definition, Pathway) else ()
            for name in (definition.id, *aliases):
                self.names[name] = definition.id
        self._machines = {f.id: FlowMachine(self.flows[f.id]) for f in flows}
        self._positions = {
            flow.id: {question_state(q.key): (i, q) for i, q in enumerate(flow.questions)}
            for flow in self.flows.values()
        }
        """Flow id -> machine state -> (position, question)."""
        self._linear = frozenset(
            flow.id for flow in self.flows.values() if not any(skippable(q) for q in flow.questions)
        )
        """Flows whose questions are all asked, in order (every score)."""

    def flow_id(self, name: str) -> str | None:
        """The flow a command name (an id or an alias) runs, if any."""
        return self.names.get(name.strip().casefold())

    # -- starting and resuming ---------------------------------------------------------

    def start(self, flow_id: str, lang: Lang, *, notice: Notice | None = None) -> Step:
        """A new dialogue for `flow_id` (an id or alias of the catalogue), at question 1."""
        flow = self.flows[self.names.get(flow_id, flow_id)]
        first = next_question(flow, {})
        session = Session(
            score=flow.id,
            score_version=flow.versions[flow.id],
            versions=self._included_versions(flow),
            lang=lang,
            state=question_state(first.key) if first is not None else RESULT,
        )
        return self._show(session, notice)

    def load(self, data: str) -> Step:
        """Resume a stored session; an unreadable or outdated one is restarted or dropped."""
        try:
            session = Session.from_json(data)
        except ValidationError:
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        flow = self.flows.get(session.score)
        if session.schema_version != SESSION_SCHEMA or flow is None:
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        outdated = session.score_version != flow.versions[flow.id]
        if outdated or session.versions != self._included_versions(flow):
            return self.start(flow.id, session.lang, notice=Notice(NoticeKind.SCORE_UPDATED))
        if not self._consistent(session, flow):
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        return self._show(session)

    def show(self, session: Session) -> Step:
        """What to show for `session` as it stands."""
        return self._show(session)

    # -- events ------------------------------------------------------------------------

    def answer_text(self, session: Session, text: str) -> Step:
        """A typed answer: a choice's number, id or words; a number; a checklist's boxes."""
        question = self._current(session)
        if question is None:
            return Step(session, Notice(NoticeKind.AFTER_RESULT, flow_kind=self._kind(session)))
        item, lang = question.item, session.lang
        if isinstance(item, ChoiceItem):
            option = match_choice(item, text, lang)
            if isinstance(option, Notice):
                return self._show(session, option)
            return self._accept(session, question, Answered(item=question.key, option=option.id))
        if isinstance(item, NumberItem):
            unit = self._unit_answer(session, item)
            read = match_number(item, text, unit, lang)
            if isinstance(read, Notice):
                return self._show(session, read)
            if isinstance(read, Option):
                return self._accept(session, question, Answered(item=question.key, option=read.id))
            return self._accept(session, question, Answered(item=question.key, value=str(read)))
        boxes = match_boxes(item, text, lang)
        if isinstance(boxes, Notice):
            return self._show(session, boxes)
        return self._accept(session, question, Answered(item=question.key, boxes=boxes))

    def choose(self, session: Session, key: str, option_id: str) -> Step:
        """A button press: the option id (or a number question's shortcut) for the question
        `key` the button was made for."""
        question = self._current(session)
        if question is None or question.key != key:
            return self._show(session, Notice(NoticeKind.STALE))
        item = question.item
        if isinstance(item, ChoiceItem):
            option = next((o for o in item.options if o.id == option_id), None)
        elif isinstance(item, NumberItem) and item.shortcut is not None:
            option = item.shortcut if item.shortcut.id == option_id else None
        else:
            option = None
        if option is None:
            return self._show(session, Notice(NoticeKind.STALE))
        return self._accept(session, question, Answered(item=key, option=option.id))

    def toggle(self, session: Session, key: str, box_id: str) -> Step:
        """Tick or untick one box of the checklist `key` (kept in the session until Done)."""
        question = self._current(session)
        if (
            question is None
            or question.key != key
            or not isinstance(question.item, ChecklistItem)
            or question.item.box(box_id) is None
        ):
            return self._show(session, Notice(NoticeKind.STALE))
        if self._machines[session.score].fire(session.state, "toggle") is None:
            return self._show(session, Notice(NoticeKind.STALE))  # pragma: no cover
        ticked = set(session.pending) ^ {box_id}
        pending = tuple(b.id for b in question.item.boxes if b.id in ticked)
        return self._show(session.model_copy(update={"pending": pending}))

    def done(self, session: Session, key: str) -> Step:
        """The checklist `key` is answered with the boxes ticked (none ticked is an answer)."""
        question = self._current(session)
        if question is None or question.key != key or not isinstance(question.item, ChecklistItem):
            return self._show(session, Notice(NoticeKind.STALE))
        return self._accept(session, question, Answered(item=key, boxes=session.pending))

    def back(self, session: Session, expected_item: str | None = None) -> Step:
        """Reopen the last question asked (from the result: the last one), dropping its
        answer; derived and skipped questions are stepped over."""
        if expected_item is not None:
            question = self._current(session)
            if question is None or question.key != expected_item:
                return self._show(session, Notice(NoticeKind.STALE))
        if not session.answers:
            return self._show(session, Notice(NoticeKind.NOTHING_TO_GO_BACK))
        last = session.answers[-1]
        target = question_state(last.item)
        state = self._machines[session.score].fire(session.state, "back", target)
        if state is None:  # pragma: no cover - stored sessions are replayed on load
            return self._show(session, Notice(NoticeKind.NOTHING_TO_GO_BACK))
        reopened = session.state == RESULT
        # A checklist reopens with the boxes it had, to change them rather than redo them.
        pending = last.boxes if last.boxes is not None else ()
        session = session.model_copy(
            update={"state": state, "answers": session.answers[:-1], "pending": pending}
        )
        return self._show(session, Notice(NoticeKind.REOPENED) if reopened else None)

    def restart(self, session: Session) -> Step:
        """Back to question 1 with no answers (a new dialogue id: old buttons go stale)."""
        return self.start(session.score, session.lang, notice=Notice(NoticeKind.RESTARTED))

    def cancel(self, session: Session | None) -> Step:
        """Drop the dialogue."""
        if session is None:
            return Step(None, Notice(NoticeKind.NO_DIALOGUE))
        if self._machines[session.score].fire(session.state, "cancel") is None:
            return self._show(session, Notice(NoticeKind.STALE))  # pragma: no cover
        kind = NoticeKind.CLOSED if session.state == RESULT else NoticeKind.CANCELLED
        return Step(None, Notice(kind, flow_kind=self._kind(session)))

    def with_lang(self, session: Session, lang: Lang) -> Step:
        """The same dialogue, shown in another language."""
        return self._show(session.model_copy(update={"lang": lang}))

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _included_versions(flow: Flow) -> dict[str, int]:
        """The versions a session records besides the flow's own: its included scores'."""
        if flow.kind == "score":
            return {}
        return {k: v for k, v in flow.versions.items() if k != flow.id}

    def _after(self, flow: Flow, facts: Mapping[str, Fact], key: str) -> str:
        """The state after answering `key` with these facts."""
        if flow.id in self._linear:  # nothing conditional or derived: the next one
            index = self._positions[flow.id][question_state(key)][0] + 1
            questions = flow.questions
            return question_state(questions[index].key) if index < len(questions) else RESULT
        following = next_question(flow, facts, after_key=key)
        return RESULT if following is None else question_state(following.key)

    def _accept(self, session: Session, question: FlowQuestion, answer: Answered) -> Step:
        answers = (*session.answers, answer)
        flow = self.flows[session.score]
        dest = self._after(flow, facts_of(answers), question.key)
        state = self._machines[session.score].fire(session.state, "answer", dest)
        if state is None:  # pragma: no cover - the flow only moves where the machine goes
            return self._show(session, Notice(NoticeKind.STALE))
        update = {"state": state, "answers": answers, "pending": ()}
        return self._show(session.model_copy(update=update))

    def _flow_question(self, session: Session) -> FlowQuestion | None:
        found = self._positions[session.score].get(session.state)
        return found[1] if found is not None else None

    def _current(self, session: Session) -> FlowQuestion | None:
        """The question the session is at (None at the result)."""
        return self._flow_question(session)

    def _unit_answer(self, session: Session, item: NumberItem) -> str | None:
        """The option answered at the number's unit question (None without one)."""
        if item.unit_item is None:
            return None
        value = facts_of(session.answers).get(item.unit_item)
        return value if isinstance(value, str) else None

    def _consistent(self, session: Session, flow: Flow) -> bool:
        """Replayed through the flow from its start, the stored answers lead to the stored
        state: each answers the question the flow asks at that point, with a valid answer."""
        first = next_question(flow, {})
        state = question_state(first.key) if first is not None else RESULT
        replayed: list[Answered] = []
        for answer in session.answers:
            if state != question_state(answer.item):
                return False
            question = flow.question(answer.item)
            if question is None or not self._valid(question, answer, replayed):
                return False
            replayed.append(answer)
            state = self._after(flow, facts_of(replayed), answer.item)
        if state != session.state:
            return False
        if session.pending:
            question = flow.question(state.removeprefix("ask_")) if state != RESULT else None
            if question is None or not isinstance(question.item, ChecklistItem):
                return False
            boxes = [b.id for b in question.item.boxes]
            if list(session.pending) != [b for b in boxes if b in session.pending]:
                return False
        return True

    @staticmethod
    def _valid(question: FlowQuestion, answer: Answered, before: Sequence[Answered]) -> bool:
        """Whether a stored answer is one the question accepts."""
        item = question.item
        if isinstance(item, ChoiceItem):
            return answer.option is not None and any(o.id == answer.option for o in item.options)
        if isinstance(item, NumberItem):
            if answer.option is not None:
                return item.shortcut is not None and answer.option == item.shortcut.id
            if answer.value is None:
                return False
            unit = facts_of(before).get(item.unit_item) if item.unit_item else None
            if item.unit_item is not None and not isinstance(unit, str):
                return False
            parsed = parse_number(item, answer.value, unit if isinstance(unit, str) else None)
            return isinstance(parsed, Decimal) and str(parsed) == answer.value
        if answer.boxes is None:
            return False
        ids = [b.id for b in item.boxes]
        return list(answer.boxes) == [b for b in ids if b in answer.boxes]

    def _kind(self, session: Session) -> FlowKind:
        """What the session's flow runs (a score, a pathway, an aid): notices about the
        dialogue name it ("Parcours annulé")."""
        return self.flows[session.score].kind

    def _show(self, session: Session, notice: Notice | None = None) -> Step:
        flow = self.flows[session.score]
        if notice is not None and notice.flow_kind is None:
            notice = replace(notice, flow_kind=flow.kind)
        definition = self.definitions[session.score]
        facts = facts_of(session.answers)
        if session.state == RESULT:
            try:
                if isinstance(definition, Score):
                    result: Result | Summary = evaluate(definition, session.answer_map())
                else:
                    result = conclude(definition, facts)
            except ScoringError:  # pragma: no cover - _consistent guards stored sessions
                return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
            return Step(session, notice, result=result)
        current = self._flow_question(session)
        if current is None:  # pragma: no cover - states are checked on load
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        position = self._positions[flow.id][session.state][0]
        if flow.id in self._linear:
            given = tuple(
                given_one(q, fact, facts)
                for q, fact in ((flow.questions[i], facts[k]) for i, k in self._keys(session))
            )
            count = len(flow.questions)
        else:
            walked = walk(flow, facts)
            given = given_answers(flow, walked.answers, facts)
            count = len(session.answers) + remaining(flow, walked, position)
        owner = next((s for s in flow.scores if s.id == current.owner), None)
        item = current.item
        number_range = None
        wanted = None
        if isinstance(item, NumberItem):
            unit = self._unit_answer(session, item)
            number_range = item.range_for(unit)
            wanted = expected(item, unit)
        question = Question(
            flow=flow,
            key=current.key,
            item=item,
            score=owner,
            index=len(session.answers) + 1,
            count=count,
            running_total=running_total(flow, owner, given),
            given=given,
            pending=session.pending if isinstance(item, ChecklistItem) else (),
            range=number_range,
            expected=wanted,
            position=position,
            last=last_answers(session, given),
        )
        return Step(session, notice, question=question)

    def _keys(self, session: Session) -> list[tuple[int, str]]:
        """(position, key) of each answer given."""
        positions = self._positions[session.score]
        return [(positions[question_state(a.item)][0], a.item) for a in session.answers]
