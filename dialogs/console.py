"""`bonemet chat`: the dialogue on stdin/stdout, interactive or driven by a pipe."""

from __future__ import annotations

from typing import TextIO

from dialogs.chat import Info, Outcome, carry_pending, handle_line, render_outcome
from dialogs.engine import Engine
from dialogs.i18n import sep, ui
from dialogs.render import PLAIN, compact_record
from dialogs.session import Session
from dialogs.summaries import compact_summary
from scoring import Lang, Result
from scoring.summary import Summary


def run_console(
    stdin: TextIO, stdout: TextIO, *, lang: Lang = "fr", engine: Engine | None = None
) -> int:
    """Chat until end of input; returns the exit status (0)."""
    engine = engine or Engine()
    interactive = stdin.isatty()
    session: Session | None = None
    pending: dict[str, str] = {}  # a one-line score's answers kept for later questions
    print(render_outcome(Outcome(None, lang, info=Info.WELCOME), PLAIN), file=stdout)
    print(ui(lang)["console_quit"], file=stdout)
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            line = ""
        if not line or line.strip().casefold() in ("/quit", "/exit"):
            break
        outcome = handle_line(engine, session, lang, line.rstrip("\n"))
        dialogue_id = session.dialogue_id if session is not None else None
        outcome, pending = carry_pending(engine, outcome, pending, dialogue_id)
        session, lang = outcome.session, outcome.lang
        print("", file=stdout)
        print(render_outcome(outcome, PLAIN, recap=False, echo_last=True), file=stdout)
        step = outcome.step
        if step is not None and isinstance(step.result, Summary):
            print(
                "\n" + ui(lang)["btn_copy"] + sep(lang) + compact_summary(step.result, lang),
                file=stdout,
            )
        elif step is not None and isinstance(step.result, Result):
            # Where Telegram puts its copy button: the compact record, on its own line.
            print(
                "\n" + ui(lang)["btn_copy"] + sep(lang) + compact_record(step.result, lang),
                file=stdout,
            )
        print("", file=stdout, flush=True)
    if interactive:
        print("\n" + ui(lang)["bye"], file=stdout)
    return 0
