"""The dialogue engine: one question per message, for any score of the catalogue.

Each score gets one `transitions` machine, built from its definition and shared by
every session (the library's advice for many concurrent users): a step borrows the
machine for the session's model, fires one event, and gives it back. The engine
knows no score by name; what it asks, accepts and computes all comes from `scoring`.

Every call returns a `Step`: the new session (or None) and what to show. User
mistakes and invalid moves are values (a `Notice`), never exceptions.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError
from transitions import Machine, MachineError

from dialogs.session import SESSION_SCHEMA, Answered, Session
from scoring import (
    SCORES,
    ChoiceItem,
    Item,
    Lang,
    Option,
    Result,
    Score,
    ScoringError,
    evaluate,
)

RESULT = "result"
"""Machine state once every question is answered."""
MAX_INPUT = 200
"""Longer typed answers are refused without being read further."""
NEGATIONS = frozenset({"no", "non", "not", "ne", "pas", "sans", "without", "none"})
"""Words that, typed first, must not be read as the start of a longer label."""
MIN_LETTERS = 3
"""Letters a typed label start needs before it is read as one (else: type the number)."""


def question_state(item: Item) -> str:
    """Machine state for an item."""
    return f"ask_{item.id}"


class NoticeKind(StrEnum):
    """Why the engine is saying something other than the next question."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    NO_MATCH = "no_match"
    AMBIGUOUS = "ambiguous"
    STALE = "stale"
    NOTHING_TO_GO_BACK = "nothing_to_go_back"
    CANCELLED = "cancelled"
    NO_DIALOGUE = "no_dialogue"
    AFTER_RESULT = "after_result"
    SCORE_UPDATED = "score_updated"
    SESSION_UNREADABLE = "session_unreadable"
    RESTARTED = "restarted"
    REOPENED = "reopened"
    ABANDONED = "abandoned"
    CLOSED = "closed"


@dataclass(frozen=True)
class Notice:
    """A message about the input or the dialogue (rendered by `dialogs.render`)."""

    kind: NoticeKind
    count: int = 0
    """For OUT_OF_RANGE and NO_MATCH: how many options there are."""
    candidates: tuple[int, ...] = ()
    """For AMBIGUOUS: the positions that matched."""
    example: str = ""
    """For NO_MATCH: the start of an answer of this question, to show what typing works."""


@dataclass(frozen=True)
class Given:
    """An answer already given, for the recap above a question."""

    item: Item
    option: Option
    position: int


@dataclass(frozen=True)
class Question:
    """What to ask now."""

    score: Score
    item: Item
    index: int
    """1-based number of this question."""
    count: int
    """Number of questions."""
    running_total: int | None
    """Points so far (None for a classification)."""
    given: tuple[Given, ...]
    """Answers so far, in order."""


@dataclass(frozen=True)
class Step:
    """The outcome of one event: the session to keep and what to show."""

    session: Session | None
    notice: Notice | None = None
    question: Question | None = None
    result: Result | None = None


class _Walker:
    """The plain model a shared machine drives for the length of one event."""

    def __init__(self, state: str) -> None:
        self.state = state


def _normalise(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for matching typed labels."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def _bracketed(label: str) -> list[str]:
    """What a (normalised) label gives in brackets: "(cbnpc)" -> "cbnpc", "(> 15)" -> "> 15"."""
    return [part.split(")", 1)[0].strip() for part in label.split("(")[1:]]


def _alternatives(option: Option, lang: Lang) -> set[str]:
    """Whole words that name this option: its aliases, what its label gives in brackets,
    and the parts of its lists ("Rein, utérus" -> "rein"; "(ex. sein, thyroïde)" ->
    "sein"). A part that starts with a negation is left out: "Pas de tassement, corps
    envahi" must not be answered by "pas de tassement"."""
    label = _normalise(option.label(lang))
    found = {_normalise(alias) for alias in option.aliases}
    outside = label.split("(", 1)[0]
    pieces = [outside, *_bracketed(label)]
    found.update(_bracketed(label))
    for piece in pieces:
        for part in piece.replace("/", ",").split(","):
            words = part.strip().removeprefix("ex.").removeprefix("e.g.").strip()
            if words and _first_word(words) not in NEGATIONS:
                found.add(words)
    return found


def _first_word(text: str) -> str:
    """The first word, hyphens and apostrophes counting as breaks ("non-small" -> "non")."""
    return re.split(r"[\s\-']+", text.strip(), maxsplit=1)[0]


def _starts(label: str, wanted: str) -> bool:
    """`wanted` starts `label` without stopping inside a number ("plus de 1" ≠ "plus de 15")."""
    if not label.startswith(wanted):
        return False
    rest = label[len(wanted) :]
    return not (wanted[-1].isdigit() and rest[:1].isdigit())


def _example(item: ChoiceItem, lang: Lang) -> str:
    """A word that, typed, answers this question: the start of one label and of no other."""
    labels = [_normalise(o.label(lang)) for o in item.options]
    for option in item.options:
        for raw in option.label(lang).split():
            word = raw.strip(".,:;()")
            norm = _normalise(word)
            if (
                sum(c.isalpha() for c in norm) >= MIN_LETTERS
                and _first_word(norm) not in NEGATIONS
                and sum(label.startswith(norm) for label in labels) == 1
            ):
                return word
            break
    return ""


class _ScoreMachine:
    """One score's machine, shared by every session of that score."""

    def __init__(self, score: Score) -> None:
        self.score = score
        self.states = [question_state(i) for i in score.items] + [RESULT]
        transitions: list[dict[str, str | None]] = []
        self.transitions = transitions
        for here, there in zip(self.states, self.states[1:], strict=False):
            transitions.append({"trigger": "answer", "source": here, "dest": there})
            transitions.append({"trigger": "back", "source": there, "dest": here})
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

    def fire(self, state: str, event: str) -> str | None:
        """The state after `event` from `state`, or None if the move is invalid."""
        walker = _Walker(state)
        with self._lock:
            self.machine.add_model(walker, initial=state)
            try:
                walker_trigger = getattr(walker, "trigger")  # noqa: B009 - added by transitions
                walker_trigger(event)
            except MachineError:
                return None
            finally:
                self.machine.remove_model(walker)
        return walker.state


class Engine:
    """Drives any score's dialogue; stateless apart from the shared machines."""

    def __init__(self, scores: Sequence[Score] = SCORES) -> None:
        self.scores = {s.id: s for s in scores}
        self._machines = {s.id: _ScoreMachine(s) for s in scores}

    # -- starting and resuming ---------------------------------------------------------

    def start(self, score_id: str, lang: Lang, *, notice: Notice | None = None) -> Step:
        """A new dialogue for `score_id` (which must be in the catalogue), at question 1."""
        score = self.scores[score_id]
        session = Session(
            score=score.id,
            score_version=score.version,
            lang=lang,
            state=question_state(score.items[0]),
        )
        return self._show(session, notice)

    def load(self, data: str) -> Step:
        """Resume a stored session; an unreadable or outdated one is restarted or dropped."""
        try:
            session = Session.from_json(data)
        except ValidationError:
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        score = self.scores.get(session.score)
        if session.schema_version != SESSION_SCHEMA or score is None:
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        if session.score_version != score.version:
            return self.start(score.id, session.lang, notice=Notice(NoticeKind.SCORE_UPDATED))
        if not self._consistent(session, score):
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        return self._show(session)

    def show(self, session: Session) -> Step:
        """What to show for `session` as it stands."""
        return self._show(session)

    # -- events ------------------------------------------------------------------------

    def answer_text(self, session: Session, text: str) -> Step:
        """A typed answer: the option's number, id, or an unambiguous start of its label."""
        item = self._current_item(session)
        if item is None:
            return Step(session, Notice(NoticeKind.AFTER_RESULT))
        option_or_notice = self._match(item, text, session.lang)
        if isinstance(option_or_notice, Notice):
            return self._show(session, option_or_notice)
        return self._accept(session, item, option_or_notice)

    def choose(self, session: Session, item_id: str, option_id: str) -> Step:
        """A button press: the option id for the item the button was made for."""
        item = self._current_item(session)
        if item is None or item.id != item_id:
            return self._show(session, Notice(NoticeKind.STALE))
        option = next((o for o in item.options if o.id == option_id), None)
        if option is None:
            return self._show(session, Notice(NoticeKind.STALE))
        return self._accept(session, item, option)

    def back(self, session: Session, expected_item: str | None = None) -> Step:
        """Reopen the previous question (from the result: the last one), dropping its answer."""
        if expected_item is not None:
            item = self._current_item(session)
            if item is None or item.id != expected_item:
                return self._show(session, Notice(NoticeKind.STALE))
        state = self._machines[session.score].fire(session.state, "back")
        if state is None or not session.answers:
            return self._show(session, Notice(NoticeKind.NOTHING_TO_GO_BACK))
        reopened = session.state == RESULT
        session = session.model_copy(update={"state": state, "answers": session.answers[:-1]})
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

    def _accept(self, session: Session, item: Item, option: Option) -> Step:
        state = self._machines[session.score].fire(session.state, "answer")
        if state is None:  # pragma: no cover - the current item always has an answer event
            return self._show(session, Notice(NoticeKind.STALE))
        answers = (*session.answers, Answered(item=item.id, option=option.id))
        return self._show(session.model_copy(update={"state": state, "answers": answers}))

    def _current_item(self, session: Session) -> Item | None:
        score = self.scores[session.score]
        return next((i for i in score.items if question_state(i) == session.state), None)

    def _consistent(self, session: Session, score: Score) -> bool:
        """The stored state and answers describe a position the machine can be in."""
        states = self._machines[score.id].states
        if session.state not in states:
            return False
        expected = [a.item for a in session.answers]
        if expected != [i.id for i in score.items[: len(expected)]]:
            return False
        if states.index(session.state) != len(expected):
            return False
        return all(
            any(o.id == a.option for o in item.options)
            for a, item in zip(session.answers, score.items, strict=False)
        )

    def _show(self, session: Session, notice: Notice | None = None) -> Step:
        score = self.scores[session.score]
        if session.state == RESULT:
            try:
                result = evaluate(score, session.answer_map())
            except ScoringError:  # pragma: no cover - _consistent guards stored sessions
                return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
            return Step(session, notice, result=result)
        item = self._current_item(session)
        if item is None:  # pragma: no cover - states are checked on load
            return Step(None, Notice(NoticeKind.SESSION_UNREADABLE))
        given = tuple(self._given(score, session.answers))
        total = sum(g.option.points or 0 for g in given) if score.method == "sum" else None
        question = Question(
            score=score,
            item=item,
            index=score.items.index(item) + 1,
            count=len(score.items),
            running_total=total,
            given=given,
        )
        return Step(session, notice, question=question)

    @staticmethod
    def _given(score: Score, answers: Iterable[Answered]) -> Iterable[Given]:
        for answered in answers:
            item = score.item(answered.item)
            if item is None:  # pragma: no cover - checked on load
                continue
            option = item.option(answered.option)
            if option is not None:
                yield Given(item=item, option=option, position=item.position(option.id))

    @staticmethod
    def _match(item: ChoiceItem, text: str, lang: Lang) -> Option | Notice:
        """Read a typed answer. A bare number is always a position in the list shown."""
        count = len(item.options)
        if len(text) > MAX_INPUT:
            return Notice(NoticeKind.TOO_LONG, count=count)
        typed = text.strip()
        if not typed:
            return Notice(NoticeKind.EMPTY, count=count)
        if typed.isdigit():
            if typed.isascii() and 1 <= int(typed) <= count:
                return item.options[int(typed) - 1]
            return Notice(NoticeKind.OUT_OF_RANGE, count=count)
        wanted = _normalise(typed)
        if not wanted:  # only combining marks or spaces
            return Notice(NoticeKind.EMPTY, count=count)
        return _match_words(item, wanted, lang)


def _match_words(item: ChoiceItem, wanted: str, lang: Lang) -> Option | Notice:
    """Read typed words (normalised): a whole label, a bracketed abbreviation, a safe start."""
    count = len(item.options)
    labels = [(o, _normalise(o.label(lang))) for o in item.options]
    exact = [o for o, label in labels if label == wanted]
    if len(exact) == 1:
        return exact[0]
    # Whole words that name one option: an alias ("T12"), a bracketed abbreviation
    # ("CBNPC", "> 15"), an item of its list ("sein"). Never a partial one.
    named = [o for o in item.options if wanted in _alternatives(o, lang)]
    if len(named) == 1:
        return named[0]
    hint = Notice(NoticeKind.NO_MATCH, count=count, example=_example(item, lang))
    if _first_word(wanted) in NEGATIONS:
        # "non" typed for "no visceral metastasis" must not become "Non traitables",
        # nor "pas de tassement" the one row that goes on "…, corps envahi > 50 %":
        # text that starts with a negation answers only a label it spells out whole.
        return hint
    starts = [o for o, label in labels if _starts(label, wanted)]
    by_id = [o for o in item.options if o.id.casefold() == wanted]
    if by_id and any(o.id.casefold().startswith(wanted + "_") for o in item.options):
        # A hidden id that begins another ("ambulatory", "ambulatory_with_aid").
        by_id += [o for o in item.options if o.id.casefold().startswith(wanted + "_")]
    if sum(c.isalpha() for c in wanted) < MIN_LETTERS:
        # Shorter starts ("C", "po", "1/3") are guesses: never taken on their own.
        # Only an exact id (Frankel's "D2") or a list of the candidates comes back.
        if len(by_id) == 1:
            return by_id[0]
        if len(starts) + len(by_id) < 2:
            return hint
    candidates = list(dict.fromkeys(starts + by_id))
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return Notice(
            NoticeKind.AMBIGUOUS,
            count=count,
            candidates=tuple(sorted(item.position(o.id) for o in candidates)),
        )
    return hint


def mermaid_diagram(score: Score) -> str:
    """The score's dialogue machine drawn by `transitions` as a Mermaid state diagram."""
    from transitions.extensions import GraphMachine

    shared = _ScoreMachine(score)
    graph = GraphMachine(
        model=None,
        states=shared.states,
        transitions=shared.transitions,
        initial=shared.states[0],
        auto_transitions=False,
        graph_engine="mermaid",
        title=score.title("en"),
    )
    walker = _Walker(shared.states[0])
    graph.add_model(walker)
    get_graph = getattr(walker, "get_graph")  # noqa: B009 - added by transitions
    source: str = get_graph().draw(None)
    return source
