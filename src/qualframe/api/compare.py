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

Every comparison reads in one transaction; exports and charts write files
only (they open no transaction). Each method is its service function,
declared once in :mod:`qualframe.services.compare`.
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.compare import (
    answer_comparison,
    code_comparison,
    code_cooccurrence,
    coding_saturation,
    comparison_export,
    comparison_options,
)


class CompareAPI(Facade):
    """Comparisons of one project; each call is one (read-only) transaction."""

    #: What the project can be compared by (the comparison forms' choices).
    options = use_case(comparison_options.comparison_options)
    #: A code (or several) across the groups of an attribute.
    code = use_case(code_comparison.compare_code)
    #: Several codes at once: one table row per (code, group).
    codes = use_case(code_comparison.compare_codes)
    #: A structured question's answers across groups, with a test.
    answers = use_case(answer_comparison.compare_question)
    #: Which codes occur together.
    cooccurrence = use_case(code_cooccurrence.code_cooccurrence)
    #: New codes per interview, in interview order.
    saturation = use_case(coding_saturation.coding_saturation)

    # ------------------------------------------------------------ files (no transaction)

    export = staticmethod(comparison_export.export_comparisons)
    comparison_chart = staticmethod(comparison_export.comparison_chart)
    cooccurrence_chart = staticmethod(comparison_export.cooccurrence_chart)
    saturation_chart = staticmethod(comparison_export.saturation_chart)
    svg = staticmethod(comparison_export.chart_svg)
