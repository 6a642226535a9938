"""What the agreement pages show, worked out from the facade's records: each
figure with its name, meaning and value in words, the before/after rows of a
round, and a disagreement's readings as pieces of the passage marked where
each coder coded it.

Nothing here reads the database; every function takes records and returns
plain values for the templates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualframe.vocabulary import AgreementUnit, Resolution

if TYPE_CHECKING:
    from qualframe.services.team.records import (
        AgreementReport,
        CoderReading,
        Disagreement,
        ResolutionRecord,
    )

#: Each unit in words: as the heading's "agreement on ..." names it, one of
#: them, and what is compared.
UNIT_WORDS = {
    AgreementUnit.TURN: (
        "speaker turns",
        "speaker turn",
        "did each coder apply the code to each turn?",
    ),
    AgreementUnit.PARAGRAPH: (
        "paragraphs",
        "paragraph",
        "did each coder apply the code to each paragraph?",
    ),
    AgreementUnit.SENTENCE: (
        "sentences",
        "sentence",
        "did each coder apply the code to each sentence?",
    ),
    AgreementUnit.SPAN: (
        "the text itself (spans)",
        "character",
        "character by character, where did each coder code, and with which code?",
    ),
}


def unit_words(unit: AgreementUnit | str) -> str:
    """ "speaker turns", "paragraphs", ...: the unit as a heading names it."""
    return UNIT_WORDS[AgreementUnit(unit)][0]


def one_unit(unit: AgreementUnit | str) -> str:
    """ "speaker turn", "paragraph", ..., "character": one of the units compared."""
    return UNIT_WORDS[AgreementUnit(unit)][1]


def unit_choices() -> list[tuple[str, str]]:
    """(value, label) of each unit, for the form's radio buttons."""
    return [
        (unit.value, f"{words[0][:1].upper()}{words[0][1:]}: {words[2]}")
        for unit, words in UNIT_WORDS.items()
    ]


def figure_text(value: float | None, *, share: bool = False) -> str:
    """A figure for people: a share as a percentage, a coefficient with two
    decimals and a true minus sign, "not defined" when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not defined"
    text = f"{value:.0%}" if share else f"{value:.2f}"
    return text.replace("-", "\u2212")


def figures_shown(unit: AgreementUnit | str) -> Sequence[Any]:
    """The figures a report on ``unit`` shows, in order (the one to report first)."""
    from qualframe.services.team.figures import SPAN_FIGURES, UNIT_FIGURES

    return SPAN_FIGURES if AgreementUnit(unit) is AgreementUnit.SPAN else UNIT_FIGURES


def reading_guide() -> dict[str, str]:
    """How to read the coefficients and which figure to report (the legend's
    sentences, for the templates)."""
    from qualframe.services.team.figures import PREFERRED, SCALE

    return {"figure_scale": SCALE, "figure_preferred": PREFERRED}


@dataclass(frozen=True)
class FigureValue:
    """One figure as shown: its description (key, name, short, meaning, share)
    and its value in words."""

    figure: Any
    value: str
    before: str = ""


def figure_values(figures: object, unit: AgreementUnit | str) -> list[FigureValue]:
    """Each figure of ``unit`` with its value in ``figures`` (a UnitFigures or
    SpanFigures; None: every figure "not defined")."""
    return [
        FigureValue(f, figure_text(getattr(figures, f.key, None), share=f.share))
        for f in figures_shown(unit)
    ]


def overall_of(report: AgreementReport) -> object:
    """The report's overall figures on its unit (spans or units)."""
    if AgreementUnit(report.scope.unit) is AgreementUnit.SPAN:
        return report.overall_spans
    return report.overall_units


def uncoded_share(report: AgreementReport) -> str | None:
    """The share of the text no coder coded, in words, on a span report (None
    on units, where every unit counts whether coded or not)."""
    if AgreementUnit(report.scope.unit) is not AgreementUnit.SPAN or report.overall_spans is None:
        return None
    return figure_text(report.overall_spans.uncoded_share, share=True)


def notes_shown(report: AgreementReport) -> list[str]:
    """The report's caveats to show below its figures: on spans, the page
    already warns about uncoded text beside the character figures
    (:func:`uncoded_share`), so the report's own note saying so (its
    ``character_warning``) is left out."""
    if uncoded_share(report) is None or report.character_warning is None:
        return list(report.notes)
    return [note for note in report.notes if note != report.character_warning]


def code_figures(code: Any, unit: AgreementUnit | str) -> object:
    """One code's figures on ``unit`` (its spans or units figures)."""
    return code.spans if AgreementUnit(unit) is AgreementUnit.SPAN else code.units


@dataclass(frozen=True)
class BeforeAfterRow:
    """A row of the round's before/after table: a code (or "All codes") and
    its values at opening and now, figure by figure."""

    label: str
    values: tuple[tuple[str, str], ...]


def before_after(before: AgreementReport, after: AgreementReport) -> list[BeforeAfterRow]:
    """The overall row, then one row per code of the round, each figure's
    value at opening and now."""
    unit = AgreementUnit(before.scope.unit)
    shown = figures_shown(unit)

    def pair(then: object, now: object) -> tuple[tuple[str, str], ...]:
        return tuple(
            (
                figure_text(getattr(then, f.key, None), share=f.share),
                figure_text(getattr(now, f.key, None), share=f.share),
            )
            for f in shown
        )

    rows = [BeforeAfterRow("All codes", pair(overall_of(before), overall_of(after)))]
    # By id: a code renamed or moved since the round opened is the same code,
    # labelled with its path now.
    later = {code.code_id: code for code in after.per_code}
    for code in before.per_code:
        now = later.get(code.code_id)
        rows.append(
            BeforeAfterRow(
                now.code if now is not None else code.code,
                pair(code_figures(code, unit), code_figures(now, unit) if now else None),
            )
        )
    return rows


# ---------------------------------------------------------------- readings


@dataclass(frozen=True)
class Piece:
    """A piece of a passage's text, ``marked`` where the coder coded it."""

    text: str
    marked: bool


@dataclass(frozen=True)
class ReadingView:
    """One coder's reading of a passage: the passage in pieces (coded ones
    marked), the coded stretches in characters, whether they applied the
    code here (``applied``), and whether they coded the document at all
    (``coded_document``: else they are missing there, and their reading
    cannot be kept)."""

    coder: str
    pieces: tuple[Piece, ...]
    spans: tuple[tuple[int, int], ...]
    applied: bool
    coded_document: bool

    @property
    def can_keep(self) -> bool:
        """Whether "keep this reading" is a choice: the coder read the document
        (not applying the code here is a reading too)."""
        return self.applied or self.coded_document


def marked_pieces(text: str, start: int, spans: Sequence[tuple[int, int]]) -> list[Piece]:
    """``text`` (the passage, starting at offset ``start`` of its document) cut
    into pieces, marked where one of ``spans`` (document offsets, end
    exclusive, clipped to the passage, overlapping ones joined) covers it."""
    end = start + len(text)
    clipped = sorted(
        (max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start
    )
    joined: list[list[int]] = []
    for a, b in clipped:
        if joined and a <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], b)
        else:
            joined.append([a, b])
    pieces: list[Piece] = []
    at = 0
    for a, b in joined:
        if a > at:
            pieces.append(Piece(text[at:a], False))
        pieces.append(Piece(text[a:b], True))
        at = b
    if at < len(text):
        pieces.append(Piece(text[at:], False))
    return pieces


def reading_view(item: Disagreement, reading: CoderReading) -> ReadingView:
    """``reading`` of ``item``'s passage, its coded stretches marked."""
    spans = tuple((coding.start, coding.end) for coding in reading.codings)
    return ReadingView(
        coder=reading.coder,
        pieces=tuple(marked_pieces(item.text, item.start, spans)),
        spans=spans,
        applied=bool(reading.codings),
        coded_document=bool(reading.codings) or reading.coded_document,
    )


def outcome_words(resolution: ResolutionRecord) -> str:
    """How a disagreement was resolved, in words."""
    outcome = Resolution(resolution.outcome)
    if outcome is Resolution.KEEP_ONE:
        return f"kept {resolution.kept_coder}'s reading"
    if outcome is Resolution.KEEP_BOTH:
        return "kept every reading"
    if outcome is Resolution.MERGE:
        return "merged the spans (each coder who applied the code: one coding over them all)"
    return f"recoded to {resolution.recoded_to}"
