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
mistakes and invalid moves are values (a `Notice`), never exceptions.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from transitions import Machine, MachineError

from dialogs.matching import match_boxes, match_choice, match_number
from dialogs.notices import Notice, NoticeKind
from dialogs.session import SESSION_SCHEMA, Answered, Session
from scoring import Lang, Result, Score, ScoringError, evaluate
from scoring.conditions import Fact, Facts, Is, Ticked, Within, atoms
from scoring.flow import Flow, FlowQuestion, Walk, compile_flow, next_question, walk
from scoring.items import AnyItem, Box, ChecklistItem, ChoiceItem, NumberItem, NumberRange, Option
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

RESULT = "result"
"""Machine state once every question is answered."""

Definition = Score | Pathway
"""What a flow is compiled from."""


def question_state(item: AnyItem | str) -> str:
    """Machine state for a question: `ask_<key>` (a score's item: `ask_<item id>`)."""
    return f"ask_{item if isinstance(item, str) else item.id}"


@dataclass(frozen=True)
class Given:
    """An answer already given or derived, for the recap above a question."""

    key: str
    """Question key."""
    item: AnyItem
    """The question."""
    option: Option | None = None
    """A choice's option (or a number question's shortcut)."""
    position: int = 0
    """1-based position of that option in the list shown (0 for a shortcut or a number)."""
    value: Decimal | None = None
    """A number answer."""
    unit: NumberRange | None = None
    """The unit and range of a number answer."""
    boxes: tuple[Box, ...] | None = None
    """A checklist's ticked boxes (possibly none)."""
    source: Given | None = None
    """For a derived answer: the answer it was derived from."""


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
    expected: Any = None
    """A number question's `Text` saying what it expects ("a clearance in mL/min...")."""
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


class _Walker:
    """The plain model a shared machine drives for the length of one event."""

    def __init__(self, state: str) -> None:
        self.state = state


def _facts_of(answers: Sequence[Answered]) -> dict[str, Fact]:
    """Key -> fact, from stored answers."""
    found: dict[str, Fact] = {}
    for a in answers:
        if a.option is not None:
            found[a.item] = a.option
        elif a.value is not None:
            found[a.item] = Decimal(a.value)
        elif a.boxes is not None:
            found[a.item] = frozenset(a.boxes)
    return found


def _skippable(question: FlowQuestion) -> bool:
    """Whether some answers can pass this question by (a condition, a derivation)."""
    return question.when is not None or question.derived is not None


def _to(dest: str) -> Callable[..., bool]:
    """The condition of a move to `dest`: the flow says `dest` comes next."""

    def check(dest_state: str = "", **_: object) -> bool:
        return dest_state == dest

    check.__name__ = f"next_is_{dest}"
    return check


class _FlowMachine:
    """One flow's machine, shared by every session of that flow."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.states = [question_state(q.key) for q in flow.questions] + [RESULT]
        transitions: list[dict[str, Any]] = []
        self.transitions = transitions
        questions = flow.questions
        branching = any(_skippable(q) for q in questions)
        for i, here in enumerate(self.states[:-1]):
            # The questions an answer here may move to: the next one, and past it as long
            # as the ones in between may be skipped or derived.
            for j in range(i + 1, len(self.states)):
                there = self.states[j]
                move: dict[str, Any] = {"source": here, "dest": there}
                if branching:
                    move["conditions"] = [_to(there)]
                transitions.append({"trigger": "answer", **move})
                transitions.append(
                    {"trigger": "back", "source": there, "dest": here}
                    | ({"conditions": [_to(here)]} if branching else {})
                )
                if j == len(questions) or not _skippable(questions[j]):
                    break
        if any(isinstance(q.item, ChecklistItem) for q in questions):
            # Ticking a box keeps the question: an internal transition on each checklist.
            for q in questions:
                if isinstance(q.item, ChecklistItem):
                    state = question_state(q.key)
                    transitions.append({"trigger": "toggle", "source": state, "dest": None})
        transitions.append({"trigger": "restart", "source": "*", "dest": self.states[0]})
        # Cancel is allowed anywhere and ends the dialogue: the engine then drops the
        # session (an internal transition: there is no "cancelled" state to store).
        transitions.append({"trigger": "cancel", "source": "*", "dest": None})
        self.machine = Machine(
            model=None,
            states=self.states,
            transitions=transitions,
            initial=self.states[0],
            auto_transitions=False,
        )
        # add_model/remove_model mutate the machine's model list: one event at a time.
        self._lock = threading.Lock()

    def fire(self, state: str, event: str, dest: str = "") -> str | None:
        """The state after `event` from `state` (towards `dest` where the flow branches),
        or None if the move is invalid."""
        walker = _Walker(state)
        with self._lock:
            self.machine.add_model(walker, initial=state)
            try:
                walker_trigger = getattr(walker, "trigger")  # noqa: B009 - added by transitions
                if not walker_trigger(event, dest_state=dest):
                    return None
            except MachineError:
                return None
            finally:
                self.machine.remove_model(walker)
        return walker.state


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
        self._machines = {f.id: _FlowMachine(self.flows[f.id]) for f in flows}
        self._positions = {
            flow.id: {question_state(q.key): (i, q) for i, q in enumerate(flow.questions)}
            for flow in self.flows.values()
        }
        """Flow id -> machine state -> (position, question)."""
        self._linear = frozenset(
            flow.id
            for flow in self.flows.values()
            if not any(_skippable(q) for q in flow.questions)
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
            return Step(session, Notice(NoticeKind.AFTER_RESULT))
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
        if session.state == RESULT:
            return Step(None, Notice(NoticeKind.CLOSED))
        return Step(None, Notice(NoticeKind.CANCELLED))

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
        dest = self._after(flow, _facts_of(answers), question.key)
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
        value = _facts_of(session.answers).get(item.unit_item)
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
            state = self._after(flow, _facts_of(replayed), answer.item)
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
            unit = _facts_of(before).get(item.unit_item) if item.unit_item else None
            if item.unit_item is not None and not isinstance(unit, str):
                return False
            parsed = parse_number(item, answer.value, unit if isinstance(unit, str) else None)
            return isinstance(parsed, Decimal) and str(parsed) == answer.value
        if answer.boxes is None:
            return False
        ids = [b.id for b in item.boxes]
        return list(answer.boxes) == [b for b in ids if b in answer.boxes]

    def _show(self, session: Session, notice: Notice | None = None) -> Step:
        flow = self.flows[session.score]
        definition = self.definitions[session.score]
        facts = _facts_of(session.answers)
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
                _given_one(q, fact, facts)
                for q, fact in ((flow.questions[i], facts[k]) for i, k in self._keys(session))
            )
            count = len(flow.questions)
        else:
            walked = walk(flow, facts)
            given = self._given(flow, walked.answers, facts)
            count = len(session.answers) + self._remaining(flow, walked, position)
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
            running_total=self._running_total(flow, owner, given),
            given=given,
            pending=session.pending if isinstance(item, ChecklistItem) else (),
            range=number_range,
            expected=wanted,
            position=position,
            last=self._last(session, given),
        )
        return Step(session, notice, question=question)

    @staticmethod
    def _last(session: Session, given: Sequence[Given]) -> tuple[Given, ...]:
        if not session.answers:
            return ()
        key = session.answers[-1].item
        return tuple(
            g for g in given if g.key == key or (g.source is not None and g.source.key == key)
        )

    def _keys(self, session: Session) -> list[tuple[int, str]]:
        """(position, key) of each answer given."""
        positions = self._positions[session.score]
        return [(positions[question_state(a.item)][0], a.item) for a in session.answers]

    @staticmethod
    def _remaining(flow: Flow, walked: Walk, position: int) -> int:
        """Questions from `position` on that may still be asked: the current one, those
        the answers so far let through, and those whose condition reads an answer still
        to come (so the count shrinks as answers skip questions, never grows)."""
        count = 0
        for i in range(position, len(flow.questions)):
            status = walked.status[i]
            derived = flow.questions[i].derived
            if derived is not None:
                source = walked.facts.answers.get(derived.source)
                if None not in derived.map.values() or (
                    isinstance(source, str) and derived.map.get(source) is not None
                ):
                    continue  # derived (or always derived): never asked
            if status in ("asked", "open"):
                count += 1
            elif status == "skipped":
                when = flow.questions[i].when
                if when is not None and any(
                    not _settled(atom_ref, walked.facts) for atom_ref in _refs(when)
                ):
                    count += 1
        return count

    @staticmethod
    def _running_total(flow: Flow, owner: Score | None, given: Sequence[Given]) -> int | None:
        if owner is None or owner.method != "sum":
            return None
        if flow.kind != "score" and not any(
            flow.question(g.key) is not None and flow.question(g.key).owner == owner.id  # type: ignore[union-attr]
            for g in given
        ):
            return None
        owned = {q.key for q in flow.questions if q.owner == owner.id}
        return sum(g.option.points or 0 for g in given if g.key in owned and g.option is not None)

    @staticmethod
    def _given(
        flow: Flow, effective: Sequence[Any], facts: Mapping[str, Fact]
    ) -> tuple[Given, ...]:
        shown: dict[str, Given] = {}
        for answer in effective:
            question = flow.question(answer.key)
            if question is None:  # pragma: no cover - the walk only yields flow keys
                continue
            given = _given_one(question, answer.value, facts)
            if answer.derived_from is not None:
                source = shown.get(answer.derived_from)
                given = Given(
                    key=given.key,
                    item=given.item,
                    option=given.option,
                    position=given.position,
                    source=source,
                )
            shown[answer.key] = given
        return tuple(shown.values())


def _given_one(question: FlowQuestion, value: Fact, facts: Mapping[str, Fact]) -> Given:
    item = question.item
    if isinstance(item, ChoiceItem) and isinstance(value, str):
        option = item.option(value)
        return Given(
            key=question.key,
            item=item,
            option=option,
            position=item.position(option.id) if option else 0,
        )
    if isinstance(item, NumberItem):
        if isinstance(value, Decimal):
            unit = facts.get(item.unit_item) if item.unit_item else None
            rng = item.range_for(unit if isinstance(unit, str) else None)
            return Given(key=question.key, item=item, value=value, unit=rng)
        return Given(key=question.key, item=item, option=item.shortcut)
    if isinstance(item, ChecklistItem) and isinstance(value, frozenset):
        return Given(
            key=question.key, item=item, boxes=tuple(b for b in item.boxes if b.id in value)
        )
    return Given(key=question.key, item=item)  # pragma: no cover - the walk checks answers


def _refs(condition: Any) -> list[tuple[str, str]]:
    """(kind, name) of every fact a condition reads: ("answer", key), ("number", ref),
    ("score", id)."""
    found: list[tuple[str, str]] = []
    for atom in atoms(condition):
        if isinstance(atom, Is | Ticked):
            found.append(("answer", atom.item))
        elif isinstance(atom, Within):
            found.append(("number", atom.ref))
        else:
            found.append(("score", atom.score))
    return found


def _settled(ref: tuple[str, str], facts: Facts) -> bool:
    """Whether the fact a condition reads is known already."""
    kind, name = ref
    if kind == "answer":
        return name in facts.answers
    if kind == "score":
        return name in facts.results
    return facts.number(name) is not None


def mermaid_diagram(definition: Definition) -> str:
    """The flow's dialogue machine drawn by `transitions` as a Mermaid state diagram."""
    from transitions.extensions import GraphMachine

    shared = _FlowMachine(compile_flow(definition))
    graph = GraphMachine(
        model=None,
        states=shared.states,
        transitions=shared.transitions,
        initial=shared.states[0],
        auto_transitions=False,
        graph_engine="mermaid",
        title=definition.title("en"),
    )
    walker = _Walker(shared.states[0])
    graph.add_model(walker)
    get_graph = getattr(walker, "get_graph")  # noqa: B009 - added by transitions
    source: str = get_graph().draw(None)
    # Mermaid ids take no dots ("sins.location" inside a pathway): the id gets "__",
    # the label keeps the state's name.
    for state in shared.states:
        if "." in state:
            safe = state.replace(".", "__")
            source = re.sub(rf"(?<![\w.\"]){re.escape(state)}(?![\w.\"])", safe, source)
            source = source.replace(f'state "{safe}" as {safe}', f'state "{state}" as {safe}')
    return source
