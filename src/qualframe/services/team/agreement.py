"""Agreement between coders: on units (speaker turns, paragraphs, sentences)
and on the text itself (spans), per code and overall.

**On units** each coder either applied a code to a unit (a coding overlaps
it by at least one character) or did not; a coder who coded nothing at all
in a document is *missing* for its units, not taken to have applied no
code. Per code: the figures of
:func:`~qualframe.analysis.agreement.binary_unit_agreement`. Overall: every
unit × code pair pooled as one binary rating (applied or not).

**On spans** the coders' codings are compared character by character
(:func:`~qualframe.analysis.unitizing.span_agreement`: Krippendorff's
unitizing α for "where" and "which code", and the character figures beside
the share of text nobody coded), the documents laid end to end. The
statistics take every coder for every character, so a document some coder
of the scope did not code at all is left out of the figures on the text
(missing, not disagreement), and the notes say so.

:func:`measure` also counts resolved passages as agreed (a round's "after"
figures): in each, every coder who coded the document is taken to have the
reading now there, the union of the current codings of the code in the
passage by the round's coders (a coder outside the round changes nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted, natural_key
from qualframe.services.team.material import Material, ScopeDocument, choose_scope
from qualframe.services.team.records import AgreementReport, CodeAgreement, CoderCount
from qualframe.services.team.units import (
    Interval,
    UnitIndex,
    clusters,
    document_units,
    outside_turns,
    overlaps,
    replaced_within,
)
from qualframe.storage import queries
from qualframe.vocabulary import AgreementUnit

if TYPE_CHECKING:
    from qualframe.analysis.agreement import UnitFigures
    from qualframe.analysis.unitizing import Span, SpanFigures

#: From this share of text nobody coded, the notes warn that κ on characters says little.
SWAMPED_SHARE = 0.5
#: Most documents a note names (the rest are counted).
NAMED_DOCUMENTS = 5


@dataclass(frozen=True)
class Agreed:
    """A resolved passage, counted as agreed: a document, a code, a span."""

    document_id: int
    code_id: int
    start: int
    end: int


def measure_agreement(
    uow: UnitOfWork,
    *,
    unit: AgreementUnit | str = "turn",
    documents: Sequence[Ref] | None = None,
    codes: Sequence[Ref] | None = None,
    coders: Sequence[str] | None = None,
) -> AgreementReport:
    """Agreement between coders on ``documents`` (ids or names) and ``codes``
    (ids or paths), measured on ``unit``: "turn" (speaker turns; a document
    without turns is measured on its paragraphs, and the notes say so),
    "paragraph", "sentence" or "span" (the text itself, character by
    character, with Krippendorff's unitizing α).

    Defaults: the documents coded by two coders or more (of ``coders`` when
    named), every codable code used in them, every coder with codings in
    them. A coder who coded nothing in a document is missing there, not in
    disagreement. Returns the figures per code and overall (on units: every
    unit × code pair pooled as one yes/no rating) with plain-language notes.
    Reads only.

    Raises :class:`~qualframe.errors.ValidationError` for an unknown unit,
    an empty list, or fewer than two coders ("Agreement needs at least two
    coders; only 'X' coded these documents"), and
    :class:`~qualframe.errors.NotFoundError` for an unknown document, code
    or coder (naming it)."""
    return measure(choose_scope(uow, unit, documents, codes, coders))


def list_coders(uow: UnitOfWork) -> list[CoderCount]:
    """Everyone who coded in the project (the name written on their codings),
    with the number of documents they coded and of their codings, by name.
    Reads only."""
    counts = queries.team.coder_counts(uow.session, uow.project_id)
    return [
        CoderCount(coder=coder, documents=documents, codings=codings)
        for coder, documents, codings in sorted(counts, key=lambda row: natural_key(row[0]))
    ]


def measure(material: Material, agreed: Sequence[Agreed] = ()) -> AgreementReport:
    """The report on ``material``, the ``agreed`` passages counted as agreed
    (see the module docstring). Pure: no session."""
    if material.unit is AgreementUnit.SPAN:
        return _span_report(material, agreed)
    return _unit_report(material, agreed)


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:NAMED_DOCUMENTS])
    more = len(names) - NAMED_DOCUMENTS
    return shown + (f" and {counted(more, 'other document')}" if more > 0 else "")


def _missing_notes(material: Material, left_out: bool) -> list[str]:
    """One note per coder who coded nothing in some documents of the scope."""
    notes = []
    for coder in material.coders:
        absent = [doc.name for doc in material.documents if coder not in doc.rated]
        if absent:
            note = f"{coder} coded nothing in {_listed(absent)}: missing there, not disagreement"
            if left_out:
                note += " (left out of the figures on the text, which compare every coder)"
            notes.append(note + ".")
    return notes


def _unused_notes(per_code: Sequence[CodeAgreement]) -> list[str]:
    return [
        f"No coder applied {item.code!r} in these documents: its figures say nothing about it."
        for item in per_code
        if not any(item.applied.values())
    ]


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class _Layout:
    """The units of every document laid end to end: each document's first
    global unit number and its units."""

    bases: Mapping[int, int]
    indexes: Mapping[int, UnitIndex]
    total: int
    fell_back: tuple[str, ...]
    outside: Mapping[str, int]  # unit "turn": document name -> units outside every turn

    @classmethod
    def of(cls, material: Material) -> _Layout:
        bases: dict[int, int] = {}
        indexes: dict[int, UnitIndex] = {}
        fell_back: list[str] = []
        outside: dict[str, int] = {}
        total = 0
        for doc in material.documents:
            units, paragraphs = document_units(material.unit, doc.text, doc.turns)
            bases[doc.id], indexes[doc.id] = total, UnitIndex(units)
            total += len(units)
            if paragraphs:
                fell_back.append(doc.name)
            if material.unit is AgreementUnit.TURN and doc.turns:
                extra = len(outside_turns(doc.text, doc.turns))
                if extra:
                    outside[doc.name] = extra
        return cls(bases, indexes, total, tuple(fell_back), outside)


def _unit_report(material: Material, agreed: Sequence[Agreed]) -> AgreementReport:
    layout = _Layout.of(material)
    rated: dict[str, set[int]] = {coder: set() for coder in material.coders}
    for doc in material.documents:
        base = layout.bases[doc.id]
        for coder in doc.rated:
            rated[coder].update(range(base, base + len(layout.indexes[doc.id])))
    applied: dict[int, dict[str, set[int]]] = {
        code_id: {coder: set() for coder in material.coders} for code_id, _ in material.codes
    }
    for coding in material.coders_codings():
        base = layout.bases[coding.document_id]
        found = layout.indexes[coding.document_id].overlapping(coding.start, coding.end)
        applied[coding.code_id][coding.coder].update(base + u for u in found)
    _count_agreed_units(material, layout, applied, agreed)
    per_code = tuple(
        CodeAgreement(
            code=path,
            code_id=code_id,
            applied={coder: len(units) for coder, units in applied[code_id].items()},
            units=_unit_figures(applied[code_id], layout.total, material.coders, rated),
            spans=None,
        )
        for code_id, path in material.codes
    )
    notes = _missing_notes(material, left_out=False)
    if layout.fell_back:
        notes.append(
            f"{_listed(layout.fell_back)} {'has' if len(layout.fell_back) == 1 else 'have'} "
            "no speaker turns: the paragraphs are the units there."
        )
    if layout.outside:
        extra = sum(layout.outside.values())
        notes.append(
            f"{counted(extra, 'paragraph')} outside every speaker turn (in "
            f"{_listed(list(layout.outside))}) {'counts' if extra == 1 else 'count'} as "
            f"{'a unit' if extra == 1 else 'units'} of {'its' if extra == 1 else 'their'} own."
        )
    return AgreementReport(
        scope=material.scope,
        unit_count=layout.total,
        overall_units=_pooled(applied, layout.total, material.coders, rated),
        overall_spans=None,
        per_code=per_code,
        notes=tuple(notes + _unused_notes(per_code)),
    )


def _count_agreed_units(
    material: Material,
    layout: _Layout,
    applied: dict[int, dict[str, set[int]]],
    agreed: Sequence[Agreed],
) -> None:
    """Give every coder who coded the document the reading now there in each
    unit of each agreed passage (applied when a current coding of the code,
    by anyone, overlaps the unit)."""
    documents = {doc.id: doc for doc in material.documents}
    current = material.by_passage
    coders = set(material.coders)
    for passage in agreed:
        doc = documents.get(passage.document_id)
        if doc is None or passage.code_id not in applied:
            continue
        index, base = layout.indexes[doc.id], layout.bases[doc.id]
        reading = [
            (c.start, c.end)
            for c in current.get((doc.id, passage.code_id), [])
            if c.coder in coders and overlaps((c.start, c.end), passage.start, passage.end)
        ]
        for u in index.overlapping(passage.start, passage.end):
            start, end = index.units[u]
            coded = any(overlaps(span, start, end) for span in reading)
            for coder in doc.rated:
                units = applied[passage.code_id][coder]
                (units.add if coded else units.discard)(base + u)


def _unit_figures(
    applied: Mapping[str, set[int]],
    total: int,
    coders: Sequence[str],
    rated: Mapping[str, set[int]],
) -> UnitFigures | None:
    """The figures of one code (None when there is no unit to compare)."""
    from qualframe.analysis.agreement import binary_unit_agreement

    if total < 1:
        return None
    return binary_unit_agreement(applied, total, coders, rated)


def _pooled(
    applied: Mapping[int, Mapping[str, set[int]]],
    total: int,
    coders: Sequence[str],
    rated: Mapping[str, set[int]],
) -> UnitFigures | None:
    """Every unit × code pair as one binary rating: code ``k``'s unit ``u`` is
    pooled unit ``k * total + u``."""
    codes = list(applied)
    pooled_applied = {
        coder: [k * total + u for k, code_id in enumerate(codes) for u in applied[code_id][coder]]
        for coder in coders
    }
    pooled_rated = {
        coder: [k * total + u for k in range(len(codes)) for u in rated[coder]] for coder in coders
    }
    return _unit_figures(
        {c: set(v) for c, v in pooled_applied.items()},
        total * len(codes),
        coders,
        {c: set(v) for c, v in pooled_rated.items()},
    )


# ---------------------------------------------------------------- spans


def _span_report(material: Material, agreed: Sequence[Agreed]) -> AgreementReport:
    coders = material.coders
    complete = [doc for doc in material.documents if set(coders) <= doc.rated]
    readings = _span_readings(material, agreed)
    spans_by_code: dict[int, list[Span]] = {code_id: [] for code_id, _ in material.codes}
    paths = dict(material.codes)
    by_document: dict[int, list[tuple[int, str, list[Interval]]]] = defaultdict(list)
    for (document_id, code_id, coder), intervals in readings.items():
        by_document[document_id].append((code_id, coder, intervals))
    offset = 0
    for doc in complete:
        for code_id, coder, intervals in by_document[doc.id]:
            spans_by_code[code_id] += _spans(coder, intervals, offset, paths[code_id])
        offset += len(doc.text)
    length = offset
    counts: dict[int, dict[str, int]] = {
        code_id: dict.fromkeys(coders, 0) for code_id in spans_by_code
    }
    for coding in material.coders_codings():
        counts[coding.code_id][coding.coder] += 1
    per_code = tuple(
        CodeAgreement(
            code=path,
            code_id=code_id,
            applied=counts[code_id],
            units=None,
            spans=_span_figures(spans_by_code[code_id], length, coders),
        )
        for code_id, path in material.codes
    )
    everything = [span for spans in spans_by_code.values() for span in spans]
    overall = _span_figures(everything, length, coders)
    notes = _missing_notes(material, left_out=True)
    warning = None
    if overall is not None and overall.uncoded_share >= SWAMPED_SHARE:
        warning = (
            "κ on characters is swamped by uncoded text: "
            f"{overall.uncoded_share:.0%} of the text no coder coded; read the unitizing α "
            "beside it."
        )
        notes.append(warning)
    if length == 0:
        notes.append("No document here was coded by every coder: there is no text to compare.")
    return AgreementReport(
        scope=material.scope,
        unit_count=length,
        overall_units=None,
        overall_spans=overall,
        per_code=per_code,
        notes=tuple(notes + _unused_notes(per_code)),
        character_warning=warning,
    )


def _span_readings(
    material: Material, agreed: Sequence[Agreed]
) -> dict[tuple[int, int, str], list[Interval]]:
    """``{(document id, code id, coder): the coder's coded stretches}``
    (overlapping codings joined), each agreed passage taking the reading now
    there for every coder who coded its document."""
    readings: dict[tuple[int, int, str], list[Interval]] = defaultdict(list)
    for coding in material.coders_codings():
        readings[coding.document_id, coding.code_id, coding.coder].append(
            (coding.start, coding.end)
        )
    for key, intervals in readings.items():
        readings[key] = clusters(intervals)
    documents = {doc.id: doc for doc in material.documents}
    current = material.by_passage
    codes = dict(material.codes)
    coders = set(material.coders)
    for passage in agreed:
        doc: ScopeDocument | None = documents.get(passage.document_id)
        if doc is None or passage.code_id not in codes:
            continue
        now = [
            (c.start, c.end)
            for c in current.get((doc.id, passage.code_id), [])
            if c.coder in coders and overlaps((c.start, c.end), passage.start, passage.end)
        ]
        for coder in doc.rated:
            key = (doc.id, passage.code_id, coder)
            readings[key] = replaced_within(readings[key], passage.start, passage.end, now)
    return readings


def _spans(coder: str, intervals: Iterable[Interval], offset: int, value: str) -> list[Span]:
    from qualframe.analysis.unitizing import Span

    return [Span(coder, start + offset, end + offset, value) for start, end in intervals]


def _span_figures(spans: Sequence[Span], length: int, coders: Sequence[str]) -> SpanFigures | None:
    """The figures on the text (None when there is no text to compare)."""
    from qualframe.analysis.unitizing import span_agreement

    if length < 1:
        return None
    return span_agreement(spans, length, coders)
