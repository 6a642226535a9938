"""What each agreement figure is called and means, in words for researchers who
are not statisticians: the CLI and the pages show these beside the numbers.

Pure data. Each :class:`Figure`'s ``key`` is a field of
:class:`~qualframe.analysis.agreement.UnitFigures` or
:class:`~qualframe.analysis.unitizing.SpanFigures` and a column of
:func:`~qualframe.services.team.frames.agreement_frame`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One figure: its ``key`` (field and column name), its ``name`` spelled
    out, a ``short`` column heading, a one-line ``meaning``, and whether it is
    a ``share`` 0..1 (shown as a percentage) rather than a coefficient."""

    key: str
    name: str
    short: str
    meaning: str
    share: bool = False


#: How to read a chance-corrected coefficient.
SCALE = "1 = perfect agreement, 0 = what chance would give, below 0 = worse than chance."

#: The figure to report.
PREFERRED = (
    "Krippendorff's α is the figure to report: it takes any number of coders and "
    "coders who did not code some documents (O'Connor & Joffe 2020)."
)

#: How the overall figures on units are made.
POOLED = (
    "Overall, every unit × code pair counts as one yes/no question (was the code applied "
    "to the unit?), pooled over the codes."
)

UNIT_FIGURES: tuple[Figure, ...] = (
    Figure(
        "krippendorff_alpha",
        "Krippendorff's alpha (α)",
        "α",
        "Agreement beyond chance for any number of coders; a coder who did not code a "
        "document is missing there, not disagreeing.",
    ),
    Figure(
        "percent",
        "Percent agreement",
        "%",
        "The share of units on which the coders made the same choice; it does not allow "
        "for chance, so rare codes look good.",
        share=True,
    ),
    Figure(
        "cohen_kappa",
        "Cohen's kappa (κ)",
        "Cohen κ",
        "Agreement beyond chance between exactly two coders, over the units both coded "
        "(not given for three coders or more).",
    ),
    Figure(
        "fleiss_kappa",
        "Fleiss' kappa (κ)",
        "Fleiss κ",
        "Agreement beyond chance for any number of coders; only when every coder coded "
        "every document.",
    ),
    Figure(
        "gwet_ac1",
        "Gwet's AC1",
        "AC1",
        "Agreement beyond chance that stays steady when a code is rare, where κ can drop "
        "although coders almost always agree.",
    ),
)

SPAN_FIGURES: tuple[Figure, ...] = (
    Figure(
        "alpha_binary",
        "Unitizing alpha, where (|uα)",
        "α where",
        "Do the coders mark the same stretches of text? Coded and uncoded text both count.",
    ),
    Figure(
        "alpha_codes",
        "Unitizing alpha, which code (cuα)",
        "α which code",
        "Where the coders marked text, do they give it the same code?",
    ),
    Figure(
        "alpha_u",
        "Unitizing alpha (uα)",
        "uα",
        "Krippendorff's α over the text itself: where and which code together.",
    ),
    Figure(
        "char_percent",
        "Percent of characters agreed",
        "% chars",
        "The share of characters coded alike (uncoded text counts as agreement).",
        share=True,
    ),
    Figure(
        "char_kappa",
        "Cohen's kappa on characters (κ)",
        "κ chars",
        "κ counting each character as a unit (two coders only); it is swamped by uncoded "
        "text: read it with the uncoded share.",
    ),
    Figure(
        "uncoded_share",
        "Uncoded share",
        "uncoded",
        "The share of the text no coder coded: the larger it is, the less the character "
        "figures say.",
        share=True,
    ),
)

#: Every figure by its key.
FIGURES: dict[str, Figure] = {figure.key: figure for figure in (*UNIT_FIGURES, *SPAN_FIGURES)}
