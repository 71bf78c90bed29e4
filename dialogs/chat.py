"""One line of chat in, what to say out: commands and typed answers, shared by every front end."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from dialogs.engine import RESULT, Engine, Notice, NoticeKind, Question, Step
from dialogs.i18n import FlowKind, ui
from dialogs.oneline import (
    apply_pending,
    named,
    pending_after,
    render_line_error,
    start_line,
)
from dialogs.render import Format, render_help, render_step, render_welcome
from dialogs.session import Session
from scoring import Lang, get_score
from scoring.oneline import ParsedLine


class Info(StrEnum):
    """A reply that is not part of a score's dialogue."""

    WELCOME = "welcome"
    HELP = "help"
    LANG_SET = "lang_set"
    LANG_UNKNOWN = "lang_unknown"
    UNKNOWN_COMMAND = "unknown_command"


@dataclass(frozen=True)
class Command:
    """A parsed `/name[@bot] [argument]`."""

    name: str
    argument: str


@dataclass(frozen=True)
class Outcome:
    """The session and language after one line, and what to show."""

    session: Session | None
    lang: Lang
    step: Step | None = None
    info: Info | None = None
    line: ParsedLine | None = None
    """A score typed in one line (`/<score> 3+3+2+2+3+1`): what the line gave."""
    current: Question | None = None
    """With help shown mid-dialogue: the question still waiting for an answer."""


HELP_COMMANDS = frozenset({"help", "scores", "aide"})
NAVIGATION = ("back", "restart", "cancel")
MAX_COMMAND = 1000
"""Longest text read as a command."""


def parse_command(text: str, bot_username: str | None = None) -> Command | None:
    """The command in `text`, or None if it is not one (or is addressed to another bot)."""
    stripped = text.strip()
    # Long enough for a one-line score's refusal to name its problem (scoring.oneline
    # accepts 200 characters of arguments); anything longer is not a command.
    if not stripped.startswith("/") or len(stripped) > MAX_COMMAND:
        return None
    head, _, argument = stripped[1:].partition(" ")
    name, _, addressee = head.partition("@")
    if addressee and bot_username and addressee.casefold() != bot_username.casefold():
        return None
    return Command(name=name.casefold(), argument=argument.strip())


def parse_lang(argument: str, current: Lang) -> Lang | None:
    """`/lang fr`, `/lang en`, a bare `/lang` (the other language); None for anything else."""
    wanted = argument.strip().casefold()
    if not wanted:
        return "en" if current == "fr" else "fr"
    if wanted in ("fr", "français", "francais", "french"):
        return "fr"
    if wanted in ("en", "english", "anglais"):
        return "en"
    return None


def kind_of(engine: Engine, flow_id: str | None) -> FlowKind | None:
    """What the flow `flow_id` runs (a score, a pathway, an aid), as its catalogue entry
    declares it; None for an id the engine does not run (forged data)."""
    flow = engine.flows.get(flow_id) if flow_id is not None else None
    return flow.kind if flow is not None else None


def deep_link(engine: Engine, command: Command) -> Command:
    """`/start <id>` (what Telegram sends for the link t.me/<bot>?start=<id>) is `/<id>`:
    a bookmark, a ward's QR code or a protocol's link opens that score directly."""
    target = command.argument.strip().casefold()
    if command.name == "start" and engine.flow_id(target) is not None:
        return Command(name=target, argument="")
    return command


def handle_command(
    engine: Engine, session: Session | None, lang: Lang, command: Command
) -> Outcome:
    """Run a command against the current session."""
    command = deep_link(engine, command)
    name = command.name
    if name == "start":
        return Outcome(session, lang, info=Info.WELCOME)
    if name in HELP_COMMANDS:
        current = engine.show(session).question if session is not None else None
        return Outcome(session, lang, info=Info.HELP, current=current)
    flow_id = engine.flow_id(name)
    if flow_id is not None:
        notice = _abandoned(engine, session)
        if command.argument and flow_id in engine.scores:
            step, line = start_line(engine, flow_id, lang, command.argument, notice)
            return Outcome(step.session, lang, step=step, line=line)
        step = engine.start(flow_id, lang, notice=notice)
        return Outcome(step.session, lang, step=step)
    if name == "lang":
        new_lang = parse_lang(command.argument, lang)
        if new_lang is None:
            return Outcome(session, lang, info=Info.LANG_UNKNOWN)
        if session is None:
            return Outcome(None, new_lang, info=Info.LANG_SET)
        step = engine.with_lang(session, new_lang)
        return Outcome(step.session, new_lang, step=step, info=Info.LANG_SET)
    if name in NAVIGATION:
        if session is None:
            step = engine.cancel(None)
        elif name == "back":
            step = engine.back(session)
        elif name == "restart":
            step = engine.restart(session)
        else:
            step = engine.cancel(session)
        return Outcome(step.session, lang, step=step)
    return Outcome(session, lang, info=Info.UNKNOWN_COMMAND)


def _abandoned(engine: Engine, session: Session | None) -> Notice | None:
    """What starting a new dialogue over `session` says: that an unfinished one with
    answers is abandoned (naming what it ran, maybe not what the new one runs)."""
    if session is None or session.state == RESULT or not session.answers:
        return None
    return Notice(NoticeKind.ABANDONED, flow_kind=kind_of(engine, session.score))


def handle_line(
    engine: Engine,
    session: Session | None,
    lang: Lang,
    text: str,
    bot_username: str | None = None,
) -> Outcome:
    """A command, or a typed answer to the current question."""
    command = parse_command(text, bot_username)
    if command is not None:
        return handle_command(engine, session, lang, command)
    if text.strip().startswith("/"):  # addressed to another bot, or not a command we know
        return Outcome(session, lang, info=Info.UNKNOWN_COMMAND)
    if session is None:
        return Outcome(None, lang, step=engine.cancel(None))
    step = engine.answer_text(session, text)
    return Outcome(step.session, lang, step=step)


def render_outcome(
    outcome: Outcome, fmt: Format, *, recap: bool = True, echo_last: bool = False
) -> str:
    """The outcome as one message."""
    lang = outcome.lang
    parts: list[str] = []
    if outcome.info in (Info.WELCOME, Info.HELP):
        parts.append(
            render_welcome(lang, fmt) if outcome.info is Info.WELCOME else render_help(lang, fmt)
        )
        current = outcome.current
        if current is not None:
            # Help mid-score must not hide the score: the next number still answers it.
            parts.append(
                fmt.italic(
                    fmt.escape(
                        ui(lang, current.flow.kind)["in_progress"].format(
                            title=current.flow.title(lang),
                            index=current.index,
                            count=current.count,
                        )
                    )
                )
            )
    elif outcome.info is not None:
        parts.append(fmt.escape(ui(lang)[outcome.info.value]))
    parts.append(line_problem(outcome, fmt))
    if outcome.step is not None:
        step = named(outcome.step)  # a tied one-line value names every option it stands for
        parts.append(render_step(step, lang, fmt, recap=recap, echo_last=echo_last))
    return "\n\n".join(p for p in parts if p)


def line_problem(outcome: Outcome, fmt: Format) -> str:
    """What was wrong with a one-line score (shown before the question it resumes at), or ""."""
    line, session = outcome.line, outcome.session
    if line is None or line.error is None or session is None:
        return ""
    text = render_line_error(line.error, get_score(session.score), outcome.lang, fmt)
    if session.state != RESULT:
        text += "\n" + fmt.escape(ui(outcome.lang)["line_continue"])
    return text


def carry_pending(
    engine: Engine, outcome: Outcome, pending: dict[str, str], dialogue_id: str | None
) -> tuple[Outcome, dict[str, str]]:
    """The answers a one-line score gave after the question it stopped at: kept after
    the line, then taken as soon as their question comes (`dialogue_id`: the dialogue
    they belong to). Returns the outcome to show and the answers still kept."""
    step = outcome.step
    if outcome.line is not None and step is not None:
        return outcome, pending_after(outcome.line, step)
    if step is None:
        return outcome, pending  # help, an unknown command...: the dialogue is unchanged
    session = step.session
    if not pending or session is None or session.dialogue_id != dialogue_id:
        return outcome, {}
    step, left = apply_pending(engine, step, pending)
    return replace(outcome, session=step.session, step=step), left
