"""Writing comparisons to files: CSV tables, Excel workbooks, HTML reports, charts.

The file type follows the suffix:

- ``.csv``: the table (UTF-8 with BOM, so Excel shows accents); several
  comparisons are stacked, with a ``comparison`` column in front;
- ``.xlsx``: one sheet per comparison, then a sheet of its quotes (code
  comparisons) — the test and the exclusions go in the notes under an
  answers table; a test on groups below
  :data:`~qualframe.analysis.statistics.MIN_GROUP_SIZE` people is marked
  "Not reliable" there (and in the HTML report), after its caveat;
- ``.html``: one self-contained, printable report: per comparison the bar
  chart (share of participants with the code per group), the table and
  the quotes side by side per group.

Charts are matplotlib Figures, saved as ``.png`` or ``.svg`` when given a
path. Nothing here touches the database: comparisons are computed first
(each in its own transaction) and then written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.errors import ValidationError
from qualframe.services.compare.answer_comparison import AnswersByGroup
from qualframe.services.compare.code_comparison import CodeComparison, participants_share_frame
from qualframe.vocabulary import CooccurrenceValue

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from qualframe.formats.html_report import ReportSection
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation

Comparison = CodeComparison | AnswersByGroup
SUFFIXES = (".csv", ".xlsx", ".html")

#: How coded characters are counted, for the notes of every export.
CHARACTERS_NOTE = (
    "Characters: code points of coded text; overlapping codings of one participant in one "
    "document are merged first, so text coded twice counts once."
)
DENOMINATOR_NOTE = (
    "participants = participants_coded + not_asked + asked_no_data. Not asked: recorded as "
    "not asked every interview question covering the code; asked_no_data: everyone else "
    "without a coding."
)


def export_comparisons(
    comparisons: Comparison | Sequence[Comparison], path: str | Path, *, title: str = ""
) -> Path:
    """Write comparisons to ``path``: ``.csv`` (the tables, stacked with a
    ``comparison`` column when several), ``.xlsx`` (a sheet each, plus
    quotes and notes) or ``.html`` (a self-contained report with charts,
    tables and quotes). Touches no database.

    Returns the path. Raises :class:`ValidationError` for another suffix or
    nothing to write, ``OSError`` when the file cannot be written.
    """
    items = (
        [comparisons]
        if isinstance(comparisons, (CodeComparison, AnswersByGroup))
        else list(comparisons)
    )
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            f"{target.name}: comparisons are exported as {', '.join(SUFFIXES)} files."
        )
    if not items:
        raise ValidationError("There is no comparison to export.")
    heading = title or ("Comparison: " + items[0].title if len(items) == 1 else "Comparisons")
    if suffix == ".csv":
        _write_csv(items, target)
    elif suffix == ".xlsx":
        _write_xlsx(items, target, heading)
    else:
        _write_html(items, target, heading)
    return target


def comparison_chart(
    comparison: CodeComparison, *, path: str | Path | None = None, title: str | None = None
) -> Figure:
    """Bars of each group's share of participants with the code (a Figure),
    saved to ``path`` (``.png`` or ``.svg``) when given."""
    from qualframe.analysis.charts import comparison_bars

    figure = comparison_bars(
        participants_share_frame(comparison),
        title=title or comparison.title,
        xlabel="percent of the group's participants with the code",
    )
    return _saved(figure, path)


def cooccurrence_chart(
    result: CodeCooccurrence,
    *,
    value: CooccurrenceValue = "counts",
    path: str | Path | None = None,
    title: str | None = None,
) -> Figure:
    """The co-occurrence heat map of the counts or the similarity (a Figure),
    saved to ``path`` (``.png`` or ``.svg``) when given."""
    return _saved(result.chart(value=value, title=title), path)


def saturation_chart(
    result: Saturation, *, path: str | Path | None = None, title: str | None = None
) -> Figure:
    """The cumulative saturation curve (a Figure), saved to ``path`` (``.png``
    or ``.svg``) when given."""
    return _saved(result.chart(title=title), path)


def chart_svg(figure: Figure) -> str:
    """A chart as an SVG document whose text stays text, to embed in a page
    or send as ``image/svg+xml``."""
    from qualframe.analysis.charts import figure_svg

    return figure_svg(figure)


def _saved(figure: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        from qualframe.analysis.charts import save_figure

        save_figure(figure, path)
    return figure


# ---------------------------------------------------------------- writers


def _write_csv(items: Sequence[Comparison], path: Path) -> None:
    import pandas as pd

    frames = [item.to_frame() for item in items]
    if len(items) > 1:
        frames = [f.assign(comparison=i.title) for f, i in zip(frames, items, strict=True)]
        frames = [f[["comparison", *[c for c in f.columns if c != "comparison"]]] for f in frames]
    frame = pd.concat(frames, ignore_index=True)
    from qualframe.formats.csv_safety import csv_text
    from qualframe.formats.tables import write_atomically

    data = csv_text(frame).encode("utf-8-sig")
    write_atomically(path, lambda stream: stream.write(data))


def _notes(item: Comparison) -> tuple[str, ...]:
    if isinstance(item, AnswersByGroup):
        # The summary ends with the test's own warning: the caveats need not repeat it.
        # A test on groups below the minimum size is marked in its summary, and its
        # caveat (first of the caveats) comes before it, so nobody reads the p alone.
        test = item.comparison.test
        caveats = [c for c in item.caveats() if c not in (test.warning, test.caveat)]
        leading = (test.caveat,) if test.caveat else ()
        return (item.question_text, *leading, item.summary(), *caveats)
    questions = "; ".join(
        f"{code}: {', '.join(q) if q else 'none recorded'}"
        for code, q in item.covering_questions.items()
    )
    unattributed = sum(item.unattributed.values())
    return (
        f"Grouped by {item.attribute} ({item.level.value} attribute)"
        + ("; only participants interviewed." if item.interviewed_only else "."),
        ("Codes with their sub-codes' codings." if item.include_subcodes else "Codes alone."),
        DENOMINATOR_NOTE,
        f"Questions covering the codes: {questions}.",
        CHARACTERS_NOTE,
        *((f"{unattributed} coding(s) spoken by nobody (e.g. the interviewer) left out.",)
          if unattributed else ()),
    )  # fmt: skip


def _write_xlsx(items: Sequence[Comparison], path: Path, title: str) -> None:
    from qualframe.formats.framework_workbook import TableSheet, write_workbook

    sheets = []
    for item in items:
        # Sheet names are short and cannot start with a quote mark: plain names.
        if isinstance(item, CodeComparison):
            codes = ", ".join(item.codes)
            sheets.append(TableSheet(f"{codes} by {item.attribute}", item.to_frame(), _notes(item)))
            sheets.append(TableSheet(f"Quotes {codes}", item.quotes_frame()))
        else:
            sheets.append(TableSheet(item.title, item.to_frame(), _notes(item)))
    write_workbook(path, sheets, title=title)


def _display_table(item: CodeComparison) -> pd.DataFrame:
    """The table with shares as percentages, for people."""
    import pandas as pd

    frame = item.to_frame()
    for column in ("participants_share", "cases_share"):
        frame[column] = [f"{s:.0%}" if pd.notna(s) else "–" for s in frame[column]]
    if len(item.codes) == 1:
        frame = frame.drop(columns="code")
    return frame


def _section(item: Comparison) -> ReportSection:
    from qualframe.analysis.charts import figure_svg
    from qualframe.formats.html_report import ReportSection

    if isinstance(item, AnswersByGroup):
        return ReportSection(
            heading=item.title,
            intro=item.question_text,
            table=item.to_frame(),
            notes=_notes(item)[1:],
        )
    figure = comparison_chart(item)
    several = len(item.codes) > 1
    quotes = tuple(
        (
            quote.group,
            (f"[{quote.code}] " if several else "") + f"{quote.text} — {quote.location()}",
        )
        for group in item.groups
        for quote in item.quotes.get(group, [])
    )
    return ReportSection(
        heading=item.title,
        intro=f"Who said it, how much, and what, per group of {item.attribute}.",
        table=_display_table(item),
        figures=(figure_svg(figure),),
        figure_captions=("Share of each group's participants with at least one coding.",),
        quotes=quotes,
        notes=_notes(item),
    )


def _write_html(items: Sequence[Comparison], path: Path, title: str) -> None:
    from qualframe.formats.html_report import write_report

    write_report(path, title, [_section(item) for item in items])
