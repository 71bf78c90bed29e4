"""The shared `transitions` machine of one flow: states per question key plus the result.

Built once per flow and shared by every session (the library's advice for many
concurrent users): an event borrows the machine for a throwaway model, fires, and gives
it back. Where the flow branches (conditions, derivations), each move carries a
condition naming its destination, so the machine holds exactly the moves the flow allows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from transitions import Machine, MachineError

from scoring import Score
from scoring.flow import Flow, FlowQuestion, compile_flow
from scoring.items import AnyItem, ChecklistItem
from scoring.pathway import Pathway

RESULT = "result"
"""Machine state once every question is answered."""


def question_state(item: AnyItem | str) -> str:
    """Machine state for a question: `ask_<key>` (a score's item: `ask_<item id>`)."""
    return f"ask_{item if isinstance(item, str) else item.id}"


class _Walker:
    """The plain model a shared machine drives for the length of one event."""

    def __init__(self, state: str) -> None:
        self.state = state


def skippable(question: FlowQuestion) -> bool:
    """Whether some answers can pass this question by (a condition, a derivation)."""
    return question.when is not None or question.derived is not None


def _to(dest: str) -> Callable[..., bool]:
    """The condition of a move to `dest`: the flow says `dest` comes next."""

    def check(dest_state: str = "", **_: object) -> bool:
        return dest_state == dest

    check.__name__ = f"next_is_{dest}"
    return check


class FlowMachine:
    """One flow's machine, shared by every session of that flow."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.states = [question_state(q.key) for q in flow.questions] + [RESULT]
        transitions: list[dict[str, Any]] = []
        self.transitions = transitions
        questions = flow.questions
        branching = any(skippable(q) for q in questions)
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
                if j == len(questions) or not skippable(questions[j]):
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


def mermaid_diagram(definition: Score | Pathway) -> str:
    """The flow's dialogue machine drawn by `transitions` as a Mermaid state diagram."""
    from transitions.extensions import GraphMachine

    shared = FlowMachine(compile_flow(definition))
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
