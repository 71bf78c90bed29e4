"""Everything the product says, rendered once for the console (plain) and Telegram (HTML).

Clinical text comes from `scoring`; the interface's own words live in `dialogs.i18n`.
The running total is written as points ("7 points so far"); the `x/max` form belongs
to results only, so a half-finished score is never mistaken for a result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialogs.i18n import join, sep, ui
from scoring import PATHWAYS, SCORES, Lang, Result, Score, Source
from scoring.items import ChoiceItem, NumberItem

# Rendering a result (`bonemet score sins 3+3+2+2+3+1`) loads neither the dialogue engine
# nor the pathways: what only a dialogue's messages need is imported where they are made.
if TYPE_CHECKING:
    from dialogs.engine import Given, Notice, Question, Step
    from scoring.pathway import Pathway


@dataclass(frozen=True)
class Format:
    """How to mark text up for one front end."""

    escape: Callable[[str], str]
    bold: Callable[[str], str]
    italic: Callable[[str], str]
    block: Callable[[str], str]
    """A pre-formatted block a clinician can copy as is."""
    fold: Callable[[str], str] = lambda s: s
    """Details shown folded, opened on demand (a result's answers, sources, record block)."""


def _escape_html(text: str) -> str:
    """Escape for Telegram's HTML: &, < and > (`html.escape(text, quote=False)`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


PLAIN = Format(
    escape=lambda s: s,
    bold=lambda s: s,
    italic=lambda s: s,
    block=lambda s: s,
)
"""Terminal output: no markup."""

HTML = Format(
    escape=_escape_html,
    bold=lambda s: f"<b>{s}</b>",
    italic=lambda s: f"<i>{s}</i>",
    block=lambda s: f"<pre>{s}</pre>",
    # Telegram shows the first lines of an expandable quote and opens it on a tap. Only
    # bold, italic, underline, strikethrough and spoiler may be nested in it (no <pre>).
    fold=lambda s: f"<blockquote expandable>{s}</blockquote>",
)
"""Telegram's HTML parse mode (every dynamic text is escaped)."""


def points(value: int | None, lang: Lang) -> str:
    """ "3 pts", "1 pt", "0 pt" (fr) / "0 points" (en)."""
    if value is None:
        return ""
    if lang == "fr":
        return f"{value} pt" if value in (0, 1) else f"{value} pts"
    return f"{value} pt" if value == 1 else f"{value} pts"


def option_line(position: int, label: str, value: int | None, lang: Lang) -> str:
    """One option as listed: its number set apart from the label, then its points."""
    tail = f" — {points(value, lang)}" if value is not None else ""
    return f"[{position}] {label}{tail}"


def button_label(label: str, value: int | None, lang: Lang) -> str:
    """A button's text: points first, so a phone that cuts long labels still shows them."""
    return f"{points(value, lang)} · {label}" if value is not None else label


def render_notice(notice: Notice, lang: Lang, fmt: Format) -> str:
    """One line explaining what happened to the input or the dialogue."""
    from dialogs.notices import NoticeKind

    t = ui(lang, notice.flow_kind)
    kind = notice.kind
    if kind is NoticeKind.AMBIGUOUS:
        numbers = ", ".join(str(c) for c in notice.candidates)
        return fmt.escape(t["ambiguous"].format(numbers=numbers))
    if kind is NoticeKind.NUMBER_INVALID:
        line = notice.expected(lang) if notice.expected is not None else t["number_invalid"]
        if notice.example:
            line += " " + t["number_or_shortcut"].format(word=notice.example)
        return fmt.escape(line)
    if kind in (
        NoticeKind.OUT_OF_RANGE,
        NoticeKind.NO_MATCH,
        NoticeKind.EMPTY,
        NoticeKind.TOO_LONG,
        NoticeKind.BOXES_INVALID,
    ):
        return fmt.escape(t[kind.value].format(n=notice.count, example=notice.example))
    return fmt.escape(t[kind.value])


def step_notice(step: Step, lang: Lang, fmt: Format) -> str:
    """The step's notice ("" if none); it names what its dialogue runs ("Parcours annulé")
    as the engine stamped it."""
    return render_notice(step.notice, lang, fmt) if step.notice is not None else ""


def given_value(given: Given, lang: Lang) -> str:
    """An answer as the recap shows it: the option with its points, the number with its
    unit, the ticked boxes; a derived one says what it was derived from."""
    from scoring.numbers import format_number

    t = ui(lang)
    if given.value is not None:
        unit = given.unit.unit(lang) if given.unit is not None else ""
        text = f"{format_number(given.value, lang)} {unit}".strip()
    elif given.boxes is not None:
        labels = [b.label(lang) for b in given.boxes]
        text = join(labels, lang) if labels else t["no_box"]
    elif given.option is not None:
        text = given.option.label(lang)
        if given.option.points is not None:
            text += f" ({points(given.option.points, lang)})"
    else:  # pragma: no cover - an answer has one of the three
        text = ""
    source = given.source
    if source is not None and source.option is not None:
        text += f" ({t['derived_from']}{sep(lang)}{source.option.label(lang)})"
    return text


def _head(question: Question, lang: Lang) -> str:
    """The question's first line: flow (and score inside a pathway), progress, points."""
    t = ui(lang)
    progress = t["progress"].format(index=question.index, count=question.count)
    head = question.flow.title(lang)
    if question.score is not None and question.flow.kind != "score":
        head += f" · {question.score.title(lang)}"
    head += f" · {progress}"
    if question.running_total is not None and question.index > 1:
        total = question.running_total
        unit = "point" if (total in (0, 1) and lang == "fr") or total == 1 else "points"
        head += " · " + t["so_far"].format(points=f"{total} {unit}")
    return head


def box_line(position: int, label: str, ticked: bool) -> str:
    """One checklist box as listed: ☑/☐, its number, its label."""
    return f"{'☑' if ticked else '☐'} [{position}] {label}"


def _body(question: Question, lang: Lang, fmt: Format, options: bool) -> list[str]:
    """What answers this question: its numbered options, boxes, or the number expected."""
    t = ui(lang)
    item = question.item
    lines: list[str] = []
    if isinstance(item, ChoiceItem):
        if options:
            for position, option in enumerate(item.options, 1):
                lines.append(
                    fmt.escape(option_line(position, option.label(lang), option.points, lang))
                )
    elif isinstance(item, NumberItem):
        if question.expected is not None:
            lines.append(fmt.escape(t["number_expected"].format(expected=question.expected(lang))))
        if item.shortcut is not None:
            from dialogs.matching import shortcut_word  # the dialogue's own: loaded with it

            lines.append(
                fmt.escape(
                    t["number_shortcut"].format(
                        word=shortcut_word(item.shortcut, lang), label=item.shortcut.label(lang)
                    )
                )
            )
    else:
        for position, box in enumerate(item.boxes, 1):
            line = box_line(position, box.label(lang), box.id in question.pending)
            if box.detail is not None:
                line += f" — {box.detail(lang)}"
            lines.append(fmt.escape(line))
        lines.append(fmt.italic(fmt.escape(t["boxes_how"].format(n=len(item.boxes)))))
    return lines


def render_question(
    question: Question,
    lang: Lang,
    fmt: Format,
    *,
    recap: bool = True,
    options: bool = True,
    echo_last: bool = False,
) -> str:
    """The question with its progress, running total, recap of answers and what answers
    it (numbered options, numbered boxes, or the number expected and its unit)."""
    item = question.item
    lines = [fmt.bold(fmt.escape(_head(question, lang)))]
    shown = question.given if recap else question.last if echo_last else ()
    for given in shown:
        lines.append(
            fmt.escape(f"✓ {given.item.prompt(lang)}{sep(lang)}{given_value(given, lang)}")
        )
    lines.append("")
    lines.append(fmt.bold(fmt.escape(item.prompt(lang))))
    if item.hint is not None:
        lines.append(fmt.italic(fmt.escape(item.hint(lang))))
    lines.extend(_body(question, lang, fmt, options))
    return "\n".join(lines)


def source_text(source: Source) -> str:
    """A source as listed: its citation, then its section if it has one."""
    if source.section:
        return f"{source.citation}, {source.section}"
    return source.citation


def render_result(result: Result, lang: Lang, fmt: Format) -> str:
    """The result: first what fits a phone screen (score, total/max or grade, stratum,
    action), then, folded, every answer with its points, the note, the sources and the
    block to copy into the patient record."""
    return (
        render_result_head(result, lang, fmt)
        + "\n"
        + fmt.fold(render_result_details(result, lang, fmt))
    )


def render_result_head(result: Result, lang: Lang, fmt: Format) -> str:
    """The lines read at a glance: score, total/max (or grade), stratum, action."""
    t = ui(lang)
    lines = [fmt.bold(fmt.escape(f"{result.title(lang)} — {t['result']}"))]
    if result.total is not None:
        lines.append(fmt.bold(fmt.escape(f"{t['total']}{sep(lang)}{result.total}/{result.max}")))
    else:
        grade = result.grade or result.stratum.id
        description = result.description(lang) if result.description else ""
        head = f"{t['grade']} {grade} — {description}"
        if grade != result.stratum.id:  # a sub-grade: name its class once, here
            head += f" ({result.stratum.label(lang)})"
        lines.append(fmt.bold(fmt.escape(head)))
    if result.total is not None:
        lines.append(fmt.bold(fmt.escape(result.stratum.label(lang))))
    lines.append(fmt.escape(f"→ {result.stratum.action(lang)}"))
    return "\n".join(lines)


def render_result_details(result: Result, lang: Lang, fmt: Format) -> str:
    """Every answer with its points, the note, sources, disclaimer, then the record block."""
    t = ui(lang)
    lines = [""]
    for answer in result.answers:
        value = f" — {points(answer.points, lang)}" if answer.points is not None else ""
        lines.append(fmt.escape(f"• {answer.prompt(lang)}{sep(lang)}{answer.label(lang)}{value}"))
    if result.note is not None:
        lines.append("")
        lines.append(fmt.italic(fmt.escape(result.note(lang))))
    lines.append("")
    lines.append(fmt.escape(t["sources"]))
    lines.extend(fmt.escape(f"– {source_text(s)}") for s in result.sources)
    lines.append("")
    lines.append(fmt.italic(fmt.escape(t["disclaimer"])))
    lines.append("")
    lines.append(fmt.escape(t["record_title"]))
    lines.append(fmt.escape(record_block(result, lang)))
    return "\n".join(lines)


COMPACT_MAX = 256
"""Telegram's limit on the text a copy button puts on the clipboard."""
COMPACT_LABEL_MIN = 24
"""A stratum label shortened for the compact record keeps at least this many characters."""


def compact_record(result: Result, lang: Lang) -> str:
    """One line for the clipboard, at most 256 characters: score, total/max and points per
    item (or grade), stratum, action, the score's short caveat where it fits, and the
    guideline section, e.g. "Score SINS (…) 14/18 (3+3+2+2+3+1), Instable (13-18) :
    Solliciter un avis chirurgical. Réf. MO CBP 2022 §3.8.1".

    The caveat (`Score.record_note`) goes in whole or not at all. If the line is still
    too long, the points per item go, then the stratum's label is shortened, else the
    action, with "…" (the message above the button has them whole); the total/max (or
    grade), the start of the stratum's label and the reference always stay.
    """
    t = ui(lang)
    if result.total is not None:
        values = "+".join(str(a.points) for a in result.answers)
        head = f"{result.title(lang)} {result.total}/{result.max} ({values})"
    else:
        values = ""
        head = f"{result.title(lang)} {result.grade or result.stratum.id}"
    guideline = next((s for s in result.sources if s.kind == "guideline"), None)
    section = guideline.section if guideline is not None and guideline.section else ""
    reference = t["compact_source"].format(section=section).strip()
    stratum = f"{result.stratum.label(lang)}{sep(lang)}"
    action = result.stratum.action(lang).strip()
    if not action.endswith((".", "!", "?", "…")):
        action += "."
    score = next((s for s in SCORES if s.id == result.score), None)
    note = score.record_note(lang) + " " if score is not None and score.record_note else ""
    total = f"{result.title(lang)} {result.total}/{result.max}" if values else head
    # Longest first: with the caveat, then without it, then without the points per item.
    for line in (
        f"{head}, {stratum}{action} {note}{reference}",
        f"{head}, {stratum}{action} {reference}",
        f"{total}, {stratum}{action} {reference}",
    ):
        if len(line) <= COMPACT_MAX:
            return line
    # Then the stratum's label is shortened (its name comes first), the action kept whole;
    # only if the label would lose too much is the action cut instead.
    label, colon = result.stratum.label(lang), sep(lang)
    room = COMPACT_MAX - len(f"{total}, {colon}{action} {reference}")
    if room >= COMPACT_LABEL_MIN:
        return f"{total}, {_shorten(label, room)}{colon}{action} {reference}"
    room = COMPACT_MAX - len(f"{total}, {stratum} {reference}")
    return f"{total}, {stratum}{_shorten(action, room)} {reference}"


def _shorten(text: str, room: int) -> str:
    """`text` cut to `room` characters: after its last whole sentence that fits, marked
    " (…)", else at a word, marked "…"."""
    cut = text[: max(room - 1, 0)]
    sentence = text[: max(room - 3, 0)].rfind(". ")
    if sentence > 0:
        return text[: sentence + 1] + " (…)"
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def record_block(result: Result, lang: Lang) -> str:
    """A compact plain-text block to paste into a patient record (no markup).

    The score's caveat goes with it, in its short form (`Score.record_note`): a
    Tokuhashi "< 6 months" must not reach the record without its reliability caveat.
    """
    t = ui(lang)
    colon = sep(lang)
    if result.total is not None:
        head = (
            f"{result.title(lang)}{colon}{result.total}/{result.max} — {result.stratum.label(lang)}"
        )
    else:
        head = f"{result.title(lang)}{colon}{t['grade']} {result.grade}"
    parts = [
        f"{a.prompt(lang)}{colon}{a.label(lang)}"
        + (f" ({points(a.points, lang)})" if a.points is not None else "")
        for a in result.answers
    ]
    guideline = next((s for s in result.sources if s.kind == "guideline"), None)
    papers = [s.citation.rstrip(".") for s in result.sources if s.kind == "publication"]
    source = t["record_source"].format(
        section=guideline.section if guideline and guideline.section else "",
        papers=join(papers, lang),
    )
    score = next((s for s in SCORES if s.id == result.score), None)
    note = score.record_note if score is not None else None
    return "\n".join(
        [
            head,
            f"{t['action']}{colon}{result.stratum.action(lang)}",
            join(parts, lang),
            *([note(lang)] if note is not None else []),
            source,
            t["record_disclaimer"],
        ]
    )


def render_step(
    step: Step, lang: Lang, fmt: Format, *, recap: bool = True, echo_last: bool = False
) -> str:
    """Notice (if any) then the question or the result, as one message.

    `echo_last` (with recap off) repeats the answer just recorded, so a clinician typing
    numbers sees at once which line was taken.
    """
    parts: list[str] = []
    if step.notice is not None:
        parts.append(step_notice(step, lang, fmt))
    if step.question is not None:
        parts.append(
            render_question(
                step.question,
                lang,
                fmt,
                recap=recap,
                echo_last=echo_last and step.notice is None,
            )
        )
    if isinstance(step.result, Result):
        parts.append(render_result(step.result, lang, fmt))
    elif step.result is not None:  # a pathway's or an aid's summary
        from dialogs.summaries import render_summary  # it builds on this module

        parts.append(render_summary(step.result, lang, fmt))
    return "\n\n".join(parts)


def render_help(lang: Lang, fmt: Format, flows: tuple[Score | Pathway, ...] | None = None) -> str:
    """The scores, then the pathways and the aids (`flows`, by default the catalogue's),
    each with its commands, then the navigation commands."""
    if flows is None:
        flows = (*SCORES, *PATHWAYS)
    t = ui(lang)
    lines: list[str] = []
    for kind, title in (
        ("score", "scores_title"),
        ("pathway", "pathways_title"),
        ("aid", "aids_title"),
    ):
        listed = [f for f in flows if ("score" if isinstance(f, Score) else f.kind) == kind]
        if not listed:
            continue
        if lines:
            lines.append("")
        lines.append(fmt.bold(fmt.escape(t[title])))
        for flow in listed:
            aliases = () if isinstance(flow, Score) else flow.aliases
            names = " ".join(f"/{name}" for name in (flow.id, *aliases))
            lines.append(fmt.escape(f"{names} — {flow.title(lang)}{sep(lang)}{flow.purpose(lang)}"))
    lines.append("")
    lines.append(fmt.escape(t["commands"]))
    scores = tuple(f for f in flows if isinstance(f, Score))
    lines.append(fmt.escape(_one_line_help(scores, lang)))
    return "\n".join(lines)


def _one_line_help(scores: tuple[Score, ...], lang: Lang) -> str:
    """The one-line syntax, with examples taken from the catalogue's first scores."""
    summed = next(
        (s for s in scores if all(o.points is not None for i in s.items for o in i.options)),
        None,
    )
    single = next((s for s in scores if len(s.items) == 1 and s is not summed), None)
    if summed is None:
        return ""
    values = "+".join(str(max(o.points or 0 for o in i.options)) for i in summed.items)
    pairs = " ".join(f"{i.id}={i.options[0].id}" for i in summed.items[:2])
    option = ""
    if single is not None:
        item = single.items[0]
        option = f", /{single.id} {item.options[len(item.options) // 2].id}"
    return ui(lang)["oneline_help"].format(
        points=f"/{summed.id} {values}", pairs=f"/{summed.id} {pairs} …", option=option
    )


def render_welcome(lang: Lang, fmt: Format) -> str:
    """What the bot is and is not, then the list of scores."""
    t = ui(lang)
    return "\n".join(
        [
            fmt.bold(fmt.escape(t["welcome_title"])),
            fmt.escape(t["welcome"]),
            "",
            render_help(lang, fmt),
        ]
    )
