"""A pathway's or an aid's summary, rendered for the console (plain) and Telegram (HTML).

Generic: every sentence comes from the summary (`scoring.summary.conclude`), which took
it from the pathway's data; this module only lays it out: the parts with their section
cited, each score's total/max (or grade), stratum and action, a table with the row each
score falls in marked, the computed values with their inputs and formula, the answers
(derived ones marked), the sources, and one plain record block for the whole summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.i18n import join, list_sep, sep, ui
from dialogs.render import COMPACT_MAX, Format, points, source_text
from scoring import Lang, Result
from scoring.numbers import format_number
from scoring.summary import ComputedValue, ShownAnswer, ShownPart, Summary


def _sentences(parts: Sequence[str], lang: Lang) -> str:
    """Pieces run together: after a full stop a space, otherwise a semicolon."""
    text = ""
    for piece in parts:
        if text:
            text += " " if text.endswith((".", "!", "?", "…")) else list_sep(lang)
        text += piece
    return text


def answer_value(answer: ShownAnswer, lang: Lang) -> str:
    """An answer's label, number with its unit, or ticked boxes; a derived one says from what."""
    t = ui(lang)
    if answer.value is not None:
        unit = answer.unit(lang) if answer.unit is not None else ""
        text = f"{format_number(answer.value, lang)} {unit}".strip()
    elif answer.boxes is not None:
        labels = [b.label(lang) for b in answer.boxes]
        text = join(labels, lang) if labels else t["no_box"]
    elif answer.label is not None:
        text = answer.label(lang)
    else:  # pragma: no cover - a shown answer has one of the three
        text = answer.option or ""
    if answer.derived_from is not None and answer.source_label is not None:
        text += f" ({t['derived_from']}{sep(lang)}{answer.source_label(lang)})"
    return text


def answer_line(answer: ShownAnswer, lang: Lang) -> str:
    """ "Question : answer"."""
    return f"{answer.prompt(lang)}{sep(lang)}{answer_value(answer, lang)}"


def score_line(result: Result, lang: Lang) -> str:
    """A score inside a summary: "SINS : 11/18 — stratum" or "Frankel : grade D2 — description"."""
    t = ui(lang)
    if result.total is not None:
        total = f"{result.total}/{result.max}"
        return f"{result.title(lang)}{sep(lang)}{total} — {result.stratum.label(lang)}"
    grade = result.grade or result.stratum.id
    description = result.description(lang) if result.description else result.stratum.label(lang)
    return f"{result.title(lang)}{sep(lang)}{t['grade']} {grade} — {description}"


def computed_line(value: ComputedValue, lang: Lang) -> str:
    """ "Clearance: 45.3 mL/min = formula (from: age 70 years; ...)"."""
    t = ui(lang)
    inputs = join([answer_line(a, lang) for a in value.inputs], lang)
    return (
        f"{value.label(lang)}{sep(lang)}{format_number(value.value, lang)} {value.unit(lang)}"
        f" = {value.shown_formula(lang)} ({t['computed_from']}{sep(lang)}{inputs})"
    )


def _titles(summary: Summary) -> dict[str, Result]:
    return {r.score: r for r in summary.results}


def _marked(part: ShownPart, results: dict[str, Result], row: int, lang: Lang) -> list[str]:
    """The titles of the scores that fall in the table's `row`."""
    return [results[m.score].title(lang) for m in part.marks if m.row == row and m.score in results]


def table_lines(part: ShownPart, summary: Summary, lang: Lang) -> list[str]:
    """The table as lines of cells, each row a score falls in marked with the score's name."""
    t = ui(lang)
    table = part.table
    if table is None:
        return []
    results = _titles(summary)
    lines: list[str] = []
    if table.header:
        lines.append(" | ".join(h(lang) for h in table.header))
    for index, row in enumerate(table.rows):
        line = " | ".join(cell.text(lang) for cell in row)
        marked = _marked(part, results, index, lang)
        if marked:
            line = f"▶ {line}  " + t["table_row"].format(scores=", ".join(marked))
        lines.append(line)
    for mark in part.marks:
        if mark.row is None and mark.score in results:
            lines.append(t["table_none"].format(score=results[mark.score].title(lang)))
    return lines


def marked_rows(part: ShownPart, summary: Summary, lang: Lang) -> list[str]:
    """For the record: only the rows a score falls in, each with the scores in it."""
    table = part.table
    if table is None:
        return []
    results = _titles(summary)
    rows: list[str] = []
    for index, row in enumerate(table.rows):
        marked = _marked(part, results, index, lang)
        if marked:
            rows.append(
                " | ".join(cell.text(lang) for cell in row)
                + " "
                + ui(lang)["table_row"].format(scores=", ".join(marked))
            )
    return rows


def _part_lines(part: ShownPart, summary: Summary, lang: Lang, fmt: Format) -> list[str]:
    lines = [fmt.bold(fmt.escape(f"{part.title(lang)} ({part.section})"))]
    for result in part.results:
        lines.append(fmt.bold(fmt.escape(score_line(result, lang))))
        lines.append(fmt.escape(f"→ {result.stratum.action(lang)}"))
    lines.extend(fmt.escape(line) for line in table_lines(part, summary, lang))
    lines.extend(fmt.escape(f"• {line(lang)}") for line in part.lines)
    return lines


def render_summary(summary: Summary, lang: Lang, fmt: Format, *, answers: bool = True) -> str:
    """The summary: first its parts (what the guideline says for these answers), then,
    folded, the computed values, the answers (unless left to the record block), the
    sources, the disclaimer and the record block."""
    return (
        render_summary_head(summary, lang, fmt)
        + "\n"
        + fmt.fold(render_summary_details(summary, lang, fmt, answers=answers))
    )


def render_summary_head(summary: Summary, lang: Lang, fmt: Format) -> str:
    """The title, then each part with its section, score lines, table and sentences."""
    t = ui(lang)
    blocks = [[fmt.bold(fmt.escape(f"{summary.title(lang)} — {t['summary']}"))]]
    blocks.extend(_part_lines(part, summary, lang, fmt) for part in summary.parts)
    return "\n\n".join("\n".join(block) for block in blocks)


def render_summary_details(
    summary: Summary, lang: Lang, fmt: Format, *, answers: bool = True, record: bool = True
) -> str:
    """Computed values with inputs and formula, the answers (derived ones marked), the
    sources, the disclaimer, then the record block (unless it comes on its own)."""
    t = ui(lang)
    blocks: list[list[str]] = []
    if summary.computed:
        blocks.append(
            [fmt.bold(fmt.escape(t["summary_computed"]))]
            + [fmt.escape(f"• {computed_line(c, lang)}") for c in summary.computed]
        )
    if answers:
        blocks.append(
            [fmt.escape(t["summary_answers"])]
            + [
                fmt.escape(f"• {answer_line(a, lang)}{_points_of(a, summary, lang)}")
                for a in summary.answers
            ]
        )
    blocks.append(
        [fmt.escape(t["sources"])] + [fmt.escape(f"– {source_text(s)}") for s in summary.sources]
    )
    blocks.append([fmt.italic(fmt.escape(t["disclaimer"]))])
    if record:
        blocks.append([fmt.escape(t["record_title"]), fmt.escape(summary_record(summary, lang))])
    return "\n" + "\n\n".join("\n".join(block) for block in blocks)


def _scored(answer: ShownAnswer, summary: Summary) -> int | None:
    """The points an answer to a summed score's item gave; None otherwise."""
    if answer.owner is None or answer.option is None:
        return None
    result = _titles(summary).get(answer.owner)
    if result is None:
        return None
    item = answer.key.split(".", 1)[-1]
    scored = next((a for a in result.answers if a.item == item), None)
    return scored.points if scored is not None else None


def _points_of(answer: ShownAnswer, summary: Summary, lang: Lang) -> str:
    """ " — 3 pts" for an answer to a summed score's item."""
    value = _scored(answer, summary)
    return "" if value is None else f" — {points(value, lang)}"


def _sections(summary: Summary) -> list[str]:
    """Each guideline section cited once, in the order the summary cites them."""
    cited = [p.section for p in summary.parts] + [
        s.section for s in summary.sources if s.kind == "guideline" and s.section
    ]
    return list(dict.fromkeys(c.strip() for text in cited for c in text.split(",") if c.strip()))


def summary_record(summary: Summary, lang: Lang) -> str:
    """One plain block for the whole summary, to paste into the record or the RCP form:
    every part that says something (a table by the rows the scores fall in), the computed
    values, the answers, each guideline section once, the papers, the disclaimer."""
    t = ui(lang)
    colon = sep(lang)
    lines = [f"{summary.title(lang)} — {t['summary']}"]
    for part in summary.parts:
        content = [score_line(r, lang) + f" → {r.stratum.action(lang)}" for r in part.results]
        content += marked_rows(part, summary, lang) if part.marks else []
        content += [line(lang) for line in part.lines]
        if not content:
            continue
        lines.append(f"{part.title(lang)} ({part.section}){colon}{_sentences(content, lang)}")
    if summary.computed:
        lines.append(
            t["summary_computed"].rstrip(" :")
            + colon
            + join([computed_line(c, lang) for c in summary.computed], lang)
        )
    lines.append(
        t["summary_answers"].rstrip(" :")
        + colon
        + join([answer_line(a, lang) for a in summary.answers], lang)
    )
    papers = [s.citation.rstrip(".") for s in summary.sources if s.kind == "publication"]
    lines.append(
        t["record_source"]
        .format(section=", ".join(_sections(summary)), papers=join(papers, lang))
        .replace(" ; .", ".")
        .replace("; .", ".")
    )
    lines.append(t["record_disclaimer"])
    return "\n".join(lines)


def compact_summary(summary: Summary, lang: Lang) -> str:
    """One line for the clipboard, at most 256 characters: the title, each score's
    total/max (or grade) and stratum, then the parts' first sentences while they fit,
    and the guideline sections ("…" where it was cut; the message has it all)."""
    t = ui(lang)
    long_scores = [
        f"{r.title(lang)} {r.total}/{r.max} ({r.stratum.label(lang)})"
        if r.total is not None
        else f"{r.title(lang)} {r.grade or r.stratum.id}"
        for r in summary.results
    ]
    short_scores = [
        f"{r.title(lang)} {r.total}/{r.max}"
        if r.total is not None
        else f"{r.title(lang)} {r.grade or r.stratum.id}"
        for r in summary.results
    ]
    sentences = [part.lines[0](lang) for part in summary.parts if part.lines]
    cited = [c.strip() for part in summary.parts for c in part.section.split(",")]
    sections = ", ".join(dict.fromkeys(c for c in cited if c))
    reference = " " + t["compact_source"].format(section=sections).strip()
    head = f"{summary.title(lang)}{sep(lang)}"
    # Every score with its stratum if that fits, else every score without; then sentences.
    scores = long_scores
    if len(head + _sentences(long_scores, lang) + reference) > COMPACT_MAX:
        scores = short_scores
    taken: list[str] = []
    for piece in [*scores, *sentences]:
        if len(head + _sentences([*taken, piece], lang) + reference) > COMPACT_MAX:
            taken.append("…")
            break
        taken.append(piece)
    line = head + _sentences(taken, lang)
    if len(line + reference) > COMPACT_MAX:
        line = line[: COMPACT_MAX - len(reference) - 1].rstrip() + "…"
    return line + reference
