"""The comparison part of the Python API: groups, structured answers, co-occurrence, saturation.

::

    result = project.compare.code("Hope", by="stakeholder group", quotes_per_group=5)
    result.table                      # one row per group: participants, shares, codings...
    result.quotes["peer worker"]      # quotes side by side
    project.compare.answers("Q3", by="employer").summary()
    project.compare.cooccurrence(theme="Barriers", level="participant").counts
    project.compare.saturation(order_by="interview date", by="stakeholder group").summary()
    project.compare.export([result], "hope.html")
    project.compare.comparison_chart(result, path="hope.svg")

Every method reads in one transaction; exports and charts write files only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.api.facade import Facade
from qualframe.vocabulary import CooccurrenceLevel, CooccurrenceMode, CooccurrenceValue

if TYPE_CHECKING:
    # Imported when used: scipy and matplotlib make ``import qualframe`` slow.
    from matplotlib.figure import Figure

    from qualframe.services.compare.answer_comparison import AnswersByGroup
    from qualframe.services.compare.code_comparison import CodeComparison
    from qualframe.services.compare.code_cooccurrence import CodeCooccurrence
    from qualframe.services.compare.coding_saturation import Saturation
    from qualframe.services.compare.comparison_export import Comparison
    from qualframe.services.compare.comparison_options import ComparisonOptions

CodeRef = int | str
Where = Mapping[str, str | Sequence[str]]


def _saved(figure: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        from qualframe.analysis.charts import save_figure

        save_figure(figure, path)
    return figure


class CompareAPI(Facade):
    """Comparisons of one project; each call is one (read-only) transaction."""

    def options(self) -> ComparisonOptions:
        """What the project can be compared by: the attributes that group
        participants (typologies included), the structured questions, the
        orders of a saturation curve, and how many codes, documents and
        codings exist. See :mod:`qualframe.services.compare.comparison_options`."""
        from qualframe.services.compare.comparison_options import comparison_options

        return self._run(comparison_options)

    def code(
        self,
        code: CodeRef | Sequence[CodeRef],
        *,
        by: str | int,
        include_subcodes: bool = True,
        quotes_per_group: int | None = 5,
        interviewed_only: bool = False,
    ) -> CodeComparison:
        """Compare a code (a theme with its sub-codes by default), or several, across
        the groups of attribute ``by``: participants and cases with the code and
        their shares, codings, coded characters, "not asked" apart from "no data",
        and quotes side by side. See :mod:`qualframe.services.compare.code_comparison`."""
        from qualframe.services.compare import code_comparison

        return self._run(
            code_comparison.compare_code,
            code,
            by=by,
            include_subcodes=include_subcodes,
            quotes_per_group=quotes_per_group,
            interviewed_only=interviewed_only,
        )

    def codes(
        self,
        codes: Sequence[CodeRef],
        *,
        by: str | int,
        include_subcodes: bool = True,
        quotes_per_group: int | None = 5,
        interviewed_only: bool = False,
    ) -> CodeComparison:
        """Several codes at once: one table row per (code, group)."""
        return self.code(
            list(codes),
            by=by,
            include_subcodes=include_subcodes,
            quotes_per_group=quotes_per_group,
            interviewed_only=interviewed_only,
        )

    def answers(self, question: str | int, *, by: str | int) -> AnswersByGroup:
        """Compare a structured question's answers across groups, with the test the
        scale calls for (Fisher / chi-square, Mann–Whitney / Kruskal–Wallis)."""
        from qualframe.services.compare import answer_comparison

        return self._run(answer_comparison.compare_question, question, by=by)

    def cooccurrence(
        self,
        codes: Sequence[CodeRef] | None = None,
        *,
        theme: CodeRef | None = None,
        include_subcodes: bool = False,
        level: CooccurrenceLevel = "segment",
        mode: CooccurrenceMode = "overlap",
        unit: str = "participant",
        where: Where | None = None,
        coder: str | None = None,
    ) -> CodeCooccurrence:
        """Which codes occur together: overlapping codings or codings in one speaker
        turn (``level="segment"``), or the same participant (``"participant"``)."""
        from qualframe.services.compare import code_cooccurrence

        return self._run(
            code_cooccurrence.code_cooccurrence,
            codes=codes,
            theme=theme,
            include_subcodes=include_subcodes,
            level=level,
            mode=mode,
            unit=unit,
            where=where,
            coder=coder,
        )

    def saturation(
        self, *, order_by: str = "position", by: str | int | None = None, coder: str | None = None
    ) -> Saturation:
        """New codes per interview in interview order (``"position"``,
        ``"imported"`` or a document date attribute), per group with ``by``."""
        from qualframe.services.compare import coding_saturation

        return self._run(coding_saturation.coding_saturation, order_by=order_by, by=by, coder=coder)

    # ------------------------------------------------------------ files

    def export(
        self, comparisons: Comparison | Sequence[Comparison], path: str | Path, *, title: str = ""
    ) -> Path:
        """Write comparisons to ``.csv`` (the tables), ``.xlsx`` (a sheet each plus
        quotes) or ``.html`` (a report with charts, tables and quotes)."""
        from qualframe.services.compare.comparison_export import export_comparisons

        return export_comparisons(comparisons, path, title=title)

    def comparison_chart(
        self, result: CodeComparison, *, path: str | Path | None = None, title: str | None = None
    ) -> Figure:
        """Bars of each group's share of participants with the code; saved
        to ``path`` (.png or .svg) when given."""
        from qualframe.services.compare.comparison_export import comparison_chart

        return _saved(comparison_chart(result, title=title), path)

    def cooccurrence_chart(
        self,
        result: CodeCooccurrence,
        *,
        value: CooccurrenceValue = "counts",
        path: str | Path | None = None,
        title: str | None = None,
    ) -> Figure:
        """The co-occurrence heat map; saved to ``path`` (.png or .svg) when given."""
        return _saved(result.chart(value=value, title=title), path)

    def saturation_chart(
        self, result: Saturation, *, path: str | Path | None = None, title: str | None = None
    ) -> Figure:
        """The cumulative saturation curve; saved to ``path`` (.png or .svg) when given."""
        return _saved(result.chart(title=title), path)

    @staticmethod
    def svg(figure: Figure) -> str:
        """A chart as an SVG document whose text stays text, to embed in a page
        or send as ``image/svg+xml``."""
        from qualframe.analysis.charts import figure_svg

        return figure_svg(figure)
