"""The `bonemet` command: list and compute scores, chat in the console, run the Telegram bot.

Telegram is imported only by the `run` and `webhook` subcommands, so the calculator and
the console chat work without a bot token or the network. Each subcommand imports what it
needs when it runs: `bonemet score sins 3+3+2+2+3+1` loads the scores, not the pathways and
aids, the dialogue engine or the bot (tests/test_cli_cold.py), so that it starts fast.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from scoring import (
    PATHWAYS,
    SCORES,
    AnyItem,
    ChecklistItem,
    ChoiceItem,
    Lang,
    NumberItem,
    Option,
    Result,
    Score,
    ScoringError,
    Text,
    evaluate,
)
from scoring.errors import UnknownItem, UnknownOption
from scoring.evaluate import find_option, position_of
from scoring.registry import flow_ids, get_flow

if TYPE_CHECKING:
    from scoring.conditions import Condition, Fact
    from scoring.pathway import Ask, Pathway, UseScore
    from scoring.summary import Summary


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as `usage` + one clear line, exit status 2.

    `describe`, when set, writes the description when the help is shown (it may need the
    whole catalogue, which a command that only scores does not load)."""

    describe: Callable[[], str] | None = None

    def format_help(self) -> str:
        if self.describe is not None:
            self.description = self.describe()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _text(text: Text | None, lang: Lang) -> str | None:
    return text(lang) if text is not None else None


def _condition(condition: Condition | None) -> Any:
    """A condition as JSON data (numbers as exact decimal strings), or None."""
    return condition.model_dump(mode="json") if condition is not None else None


def _option_json(option: Option, lang: Lang) -> dict[str, Any]:
    return {
        "id": option.id,
        "label": option.label(lang),
        "points": option.points,
        "aliases": list(option.aliases),
    }


def item_json(item: AnyItem, lang: Lang) -> dict[str, Any]:
    """One question of the catalogue: its kind, and its options, unit and ranges, or boxes.

    Numbers are exact decimal strings ("0.17"), never floats."""
    data: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "prompt": item.prompt(lang),
        "hint": _text(item.hint, lang),
        "when": _condition(item.when),
    }
    if isinstance(item, ChoiceItem):
        data["options"] = [_option_json(o, lang) for o in item.options]
    elif isinstance(item, NumberItem):
        data |= {
            "noun": item.noun(lang),
            "decimals": item.decimals,
            "unit_item": item.unit_item,
            "ranges": [
                {
                    "unit": r.unit(lang),
                    "symbols": list(r.symbols),
                    "min": str(r.min),
                    "max": str(r.max),
                    "when_unit": r.when_unit,
                }
                for r in item.ranges
            ],
            "shortcut": _option_json(item.shortcut, lang) if item.shortcut else None,
        }
    else:
        data["boxes"] = [
            {"id": b.id, "label": b.label(lang), "detail": _text(b.detail, lang)}
            for b in item.boxes
        ]
    return data


def _step_json(step: Ask | UseScore, lang: Lang) -> dict[str, Any]:
    from scoring.pathway import Ask

    if isinstance(step, Ask):
        return {"kind": "ask", "item": item_json(step.item, lang)}
    return {
        "kind": "score",
        "score": step.score,
        "when": _condition(step.when),
        "items": list(step.items) if step.items is not None else None,
    }


def pathway_json(pathway: Pathway, lang: Lang) -> dict[str, Any]:
    """A pathway or aid of the catalogue: its steps, the flat questions they compile to,
    its derivations, computed values and summary parts."""
    from scoring.flow import compile_flow

    flow = compile_flow(pathway)
    return {
        "id": pathway.id,
        "kind": pathway.kind,
        "aliases": list(pathway.aliases),
        "version": pathway.version,
        "versions": flow.versions,
        "title": pathway.title(lang),
        "purpose": pathway.purpose(lang),
        "steps": [_step_json(step, lang) for step in pathway.steps],
        "questions": [
            {
                "key": q.key,
                "owner": q.owner,
                "kind": q.item.kind,
                "when": _condition(q.when),
                "derived_from": q.derived.source if q.derived is not None else None,
            }
            for q in flow.questions
        ],
        "derive": [d.model_dump(mode="json") for d in pathway.derive],
        "computed": [
            {
                "id": c.id,
                "label": c.label(lang),
                "unit": c.unit(lang),
                "formula": c.formula,
                "inputs": c.inputs,
                "shown_formula": c.shown_formula(lang),
                "decimals": c.decimals,
                "when": _condition(c.when),
            }
            for c in pathway.computed
        ],
        "summary": [
            {"id": part.id, "title": part.title(lang), "section": part.section}
            for part in pathway.summary
        ],
        "sources": [src.model_dump(exclude_none=True) for src in pathway.sources],
    }


def catalogue_json(
    scores: Sequence[Score], pathways: Sequence[Pathway], lang: Lang
) -> dict[str, Any]:
    """The whole catalogue (`bonemet scores --json`): the scores, then pathways and aids."""
    return {
        "lang": lang,
        "scores": [
            {
                "id": s.id,
                "version": s.version,
                "title": s.title(lang),
                "purpose": s.purpose(lang),
                "method": s.method,
                "note": s.note(lang) if s.note else None,
                "record_note": s.record_note(lang) if s.record_note else None,
                "min": s.min_total,
                "max": s.max_total,
                "items": [item_json(i, lang) for i in s.items],
                "strata": [
                    {
                        "id": st.id,
                        "min": st.min,
                        "max": st.max,
                        "label": st.label(lang),
                        "action": st.action(lang),
                    }
                    for st in s.strata
                ],
                "sources": [src.model_dump(exclude_none=True) for src in s.sources],
            }
            for s in scores
        ],
        "pathways": [pathway_json(p, lang) for p in pathways],
    }


def result_json(result: Result, lang: Lang) -> dict[str, Any]:
    """The result as the documented JSON object."""
    return {
        "score": result.score,
        "version": result.version,
        "title": result.title(lang),
        "lang": lang,
        "total": result.total,
        "min": result.min,
        "max": result.max,
        "stratum": result.stratum.id,
        "stratum_label": result.stratum.label(lang),
        "action": result.stratum.action(lang),
        "grade": result.grade,
        "description": result.description(lang) if result.description else None,
        "answers": [
            {
                "item": a.item,
                "option": a.option,
                "position": a.position,
                "points": a.points,
                "prompt": a.prompt(lang),
                "label": a.label(lang),
            }
            for a in result.answers
        ],
        "note": result.note(lang) if result.note else None,
        "sources": [src.model_dump(exclude_none=True) for src in result.sources],
    }


def _cmd_scores(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    lang = cast(Lang, args.lang)
    if args.json:
        _print_json(catalogue_json(SCORES, PATHWAYS, lang))
        return 0
    colon = " : " if lang == "fr" else ": "
    for s in SCORES:
        span = (
            f"{s.min_total}-{s.max_total}"
            if s.method == "sum"
            else f"{s.strata[0].id}-{s.strata[-1].id}"
        )
        print(f"{s.id:<10} {s.title(lang)} ({span}){colon}{s.purpose(lang)}")
    for p in PATHWAYS:
        names = "/".join((p.id, *p.aliases))
        print(f"{names:<10} {p.title(lang)} ({p.kind}){colon}{p.purpose(lang)}")
    return 0


def _parse_pairs(
    parser: argparse.ArgumentParser, score: Score, pairs: Sequence[str]
) -> dict[str, str]:
    answers: dict[str, str] = {}
    for token in pairs:
        item, sep, option = token.partition("=")
        item, option = item.strip().lower(), option.strip()
        if not sep or not item or not option:
            known = score.item(item)
            choices = (
                f"; options for {item}: {', '.join(o.id for o in known.options)}"
                if known is not None
                else f"; items: {', '.join(i.id for i in score.items)}"
            )
            parser.error(f"malformed argument {token!r}: expected ITEM=OPTION{choices}")
        if item in answers:
            parser.error(f"item {item!r} is given twice ({token!r})")
        answers[item] = option
    return answers


def _answer(item: AnyItem, key: str, flow_id: str, text: str, unit: str | None) -> Fact:
    """One `KEY=VALUE` of a pathway: an option (id or position), a number in the item's
    unit (or its shortcut's id), or a checklist's boxes (`a,b`; empty or `none`: none)."""
    from scoring.numbers import NumberError, parse_number

    if isinstance(item, ChoiceItem):
        option = find_option(item, text)
        if option is None:
            raise UnknownOption(flow_id, key, text, [o.id for o in item.options])
        return option.id
    if isinstance(item, NumberItem):
        if item.shortcut is not None and text.casefold() == item.shortcut.id.casefold():
            return item.shortcut.id
        parsed = parse_number(item, text, unit)
        if isinstance(parsed, NumberError):
            raise ScoringError(f"{key}={text!r}: {parsed.line('en')}")
        return parsed
    assert isinstance(item, ChecklistItem)  # noqa: S101 - the three kinds
    if text.casefold() in ("", "none", "0"):
        return frozenset()
    ticked: set[str] = set()
    for token in (t.strip() for t in text.split(",")):
        position = position_of(token)
        box = item.box(token) or (
            item.boxes[position - 1]
            if position is not None and 1 <= position <= len(item.boxes)
            else None
        )
        if box is None:
            raise UnknownOption(flow_id, key, token, [b.id for b in item.boxes])
        ticked.add(box.id)
    return frozenset(ticked)


def _pathway_answers(pathway: Pathway, pairs: Sequence[tuple[str, str]]) -> dict[str, Fact]:
    """Read the answers in the flow's order (a number's unit comes before it); a key the
    flow does not have, derives or does not reach with these answers is an error."""
    from scoring.flow import compile_flow, walk
    from scoring.numbers import expected

    flow = compile_flow(pathway)
    given = dict(pairs)
    keys = [q.key for q in flow.questions]
    for key in given:
        if flow.question(key) is None:
            raise UnknownItem(pathway.id, key, keys)
    answers: dict[str, Fact] = {}
    for question in flow.questions:
        if question.key not in given:
            continue
        item = question.item
        unit = None
        if isinstance(item, NumberItem) and item.unit_item is not None:
            chosen = answers.get(item.unit_item)
            if not isinstance(chosen, str):
                raise ScoringError(
                    f"{question.key} needs {item.unit_item}= first "
                    f"(then {expected(item, item.ranges[0].when_unit).en})"
                )
            unit = chosen
        answers[question.key] = _answer(item, question.key, pathway.id, given[question.key], unit)
    status = dict(zip(keys, walk(flow, answers).status, strict=True))
    for key in given:
        if status[key] == "derived":
            raise ScoringError(f"{key} is derived from an earlier answer: leave it out")
        if status[key] != "asked":
            raise ScoringError(f"{key} is not asked with these answers: leave it out")
    return answers


def summary_json(summary: Summary, lang: Lang) -> dict[str, Any]:
    """The summary as JSON (texts in `lang`)."""

    def texts(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"fr", "en"}:
                return value[lang]
            return {k: texts(v) for k, v in value.items()}
        if isinstance(value, list):
            return [texts(v) for v in value]
        return value

    data: dict[str, Any] = texts(summary.model_dump(mode="json"))
    data["lang"] = lang
    return data


def _print_json(data: dict[str, Any]) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def _cmd_score(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    lang = cast(Lang, args.lang)
    try:
        flow = get_flow(args.score)
        if isinstance(flow, Score):
            if args.answers and not any("=" in token for token in args.answers):
                result = _one_line(parser, flow, " ".join(args.answers), lang)
            else:
                result = evaluate(flow, _parse_pairs(parser, flow, args.answers))
        else:
            from scoring.summary import conclude

            summary = conclude(flow, _pathway_answers(flow, _pairs(parser, args.answers)))
    except ScoringError as error:
        parser.error(str(error))
    if isinstance(flow, Score):
        if args.json:
            _print_json(result_json(result, lang))
        else:
            from dialogs.render import PLAIN, render_result

            print(render_result(result, lang, PLAIN))
        return 0
    if args.json:
        _print_json(summary_json(summary, lang))
    else:
        from dialogs.render import PLAIN
        from dialogs.summaries import render_summary, summary_record

        print(render_summary(summary, lang, PLAIN))
        print("\n---\n" + summary_record(summary, lang) + "\n---")
    return 0


def _one_line(parser: argparse.ArgumentParser, score: Score, line: str, lang: Lang) -> Result:
    """`bonemet score sins 3+3+2+2+3+1` (or `frankel D2`): the one-line syntax of the chat."""
    from dialogs.oneline import name_ties, render_line_error
    from dialogs.render import PLAIN
    from scoring.oneline import parse_line

    parsed = parse_line(score, line)
    if parsed.error is not None:
        parser.error(render_line_error(parsed.error, score, lang, PLAIN))
    return name_ties(evaluate(score, parsed.answers), score, parsed)


def _pairs(parser: argparse.ArgumentParser, tokens: Sequence[str]) -> list[tuple[str, str]]:
    """`KEY=VALUE` tokens of a pathway (a checklist's VALUE may be empty: none ticked)."""
    pairs: list[tuple[str, str]] = []
    for token in tokens:
        key, sep, value = token.partition("=")
        key = key.strip().lower()
        if not sep or not key:
            parser.error(f"malformed argument {token!r}: expected KEY=VALUE")
        if key in dict(pairs):
            parser.error(f"{key!r} is given twice ({token!r})")
        pairs.append((key, value.strip()))
    return pairs


def _cmd_chat(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from dialogs.console import run_console

    # A stray byte or a terminal that cannot show "≤" must not end the chat.
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    return run_console(sys.stdin, sys.stdout, lang=cast(Lang, args.lang))


def _cmd_diagram(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from dialogs.engine import mermaid_diagram

    try:
        flow = get_flow(args.score)
    except ScoringError as error:
        parser.error(str(error))
    print(mermaid_diagram(flow))
    return 0


def _cmd_bot(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from bot.main import run_bot

    return run_bot(mode=args.command)


def _score_description() -> str:
    """`bonemet score --help`'s description, which lists every flow."""
    ids = ", ".join(flow_ids())
    return (
        f"Compute one score, pathway or aid. FLOW is one of: {ids} (or an alias). "
        "For a choice, VALUE is the option's id or its 1-based position in the list (a bare "
        "number is always a position); for a number question, the number in its unit (or the "
        "shortcut's id); for a checklist, the box ids or positions separated by commas "
        "(KEY= or KEY=none: none ticked). A score also takes the chat's one-line syntax: "
        "the points of every item in the guideline's order, joined by '+' ('bonemet score "
        "sins 3+3+2+2+3+1'), or the option alone for a one-item score ('bonemet score "
        "frankel D2')."
    )


def build_parser() -> argparse.ArgumentParser:
    """The `bonemet` argument parser."""
    parser = _Parser(prog="bonemet", description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("scores", help="list the scores, pathways and aids")
    p.add_argument("--json", action="store_true", help="print the whole catalogue as JSON")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(handler=_cmd_scores, parser=p)

    p = sub.add_parser(
        "score",
        help="compute one score, pathway or aid",
        epilog="Keys, option and box ids: bonemet scores --json (or a wrong KEY=VALUE, whose "
        "error lists the valid choices).",
    )
    p.add_argument("score", metavar="FLOW")
    p.add_argument("answers", nargs="*", metavar="KEY=VALUE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(handler=_cmd_score, parser=p)
    p.describe = _score_description

    p = sub.add_parser("chat", help="the dialogue in this terminal (no Telegram needed)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr")
    p.set_defaults(handler=_cmd_chat, parser=p)

    p = sub.add_parser(
        "diagram", help="print a score's, pathway's or aid's state machine as a Mermaid diagram"
    )
    p.add_argument("score", metavar="FLOW")
    p.set_defaults(handler=_cmd_diagram, parser=p)

    p = sub.add_parser("run", help="run the Telegram bot (long polling)")
    p.set_defaults(handler=_cmd_bot, parser=p)
    p = sub.add_parser("webhook", help="run the Telegram bot behind a webhook")
    p.set_defaults(handler=_cmd_bot, parser=p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `bonemet` console script."""
    args = build_parser().parse_args(argv)
    handler = cast(Any, args.handler)
    try:
        return int(handler(args.parser, args))
    except BrokenPipeError:
        # The reader went away (`bonemet chat | head`): stop quietly, as Unix tools do,
        # with no traceback; stdout goes to devnull so the interpreter's final flush is
        # silent too (the recipe of Python's signal documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
