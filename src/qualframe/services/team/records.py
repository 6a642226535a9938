"""The records the team's use cases return: agreement reports, rounds,
disagreements and their resolutions, cell-status agreement.

Every record is frozen and holds plain values (names and paths beside ids),
so nothing depends on an open session. The figures themselves are the
statistics modules' records (:class:`~qualframe.analysis.agreement.UnitFigures`
for units, :class:`~qualframe.analysis.unitizing.SpanFigures` for the text
itself). An :class:`AgreementReport` turns into JSON and back
(:meth:`AgreementReport.to_json`): a round stores its figures at opening so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.vocabulary import AgreementUnit, Resolution

if TYPE_CHECKING:
    from qualframe.analysis.agreement import UnitFigures
    from qualframe.analysis.unitizing import SpanFigures


@dataclass(frozen=True, kw_only=True)
class AgreementScope:
    """What agreement is measured on: the ``unit`` (turns, paragraphs,
    sentences or the text itself, ``span``), the documents (names, in
    document order), the codes (paths, in codebook order) and the coders
    (the names written on their codings)."""

    unit: AgreementUnit
    documents: tuple[str, ...]
    codes: tuple[str, ...]
    coders: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CodeAgreement:
    """The agreement of the coders on one code (a path).

    ``applied``: per coder, on units how many units the coder applied the
    code to, on spans how many codings of the code the coder made. ``units``
    holds the figures on units (None on spans), ``spans`` the figures on the
    text (None on units)."""

    code: str
    code_id: int
    applied: Mapping[str, int]
    units: UnitFigures | None
    spans: SpanFigures | None


@dataclass(frozen=True, kw_only=True)
class AgreementReport:
    """Agreement between coders over a scope, per code and overall.

    ``unit_count``: the units compared (speaker turns, paragraphs or
    sentences of every document; on spans the characters of the documents).
    ``overall_units`` (on units) pools every unit × code pair as one binary
    rating (applied or not); ``overall_spans`` (on spans) measures every
    code at once ("where" and "which code"). ``notes`` are plain-language
    caveats to show beside the figures (coders missing from documents,
    documents without speaker turns, text outside every turn, uncoded text
    swamping κ on characters). ``character_warning`` is the note on κ on
    characters being swamped by uncoded text (the same text, also in
    ``notes``; None when there is none), for showing beside that figure.
    """

    scope: AgreementScope
    unit_count: int
    overall_units: UnitFigures | None
    overall_spans: SpanFigures | None
    per_code: tuple[CodeAgreement, ...]
    notes: tuple[str, ...]
    character_warning: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready values (lists, dicts, numbers, text, None)."""
        return {
            "scope": {
                "unit": self.scope.unit.value,
                "documents": list(self.scope.documents),
                "codes": list(self.scope.codes),
                "coders": list(self.scope.coders),
            },
            "unit_count": self.unit_count,
            "overall_units": _figures_json(self.overall_units),
            "overall_spans": _figures_json(self.overall_spans),
            "per_code": [
                {
                    "code": item.code,
                    "code_id": item.code_id,
                    "applied": dict(item.applied),
                    "units": _figures_json(item.units),
                    "spans": _figures_json(item.spans),
                }
                for item in self.per_code
            ],
            "notes": list(self.notes),
            "character_warning": self.character_warning,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AgreementReport:
        """The report :meth:`to_json` gave. Raises :class:`ValidationError`
        for data that is not one."""
        from qualframe.analysis.agreement import UnitFigures
        from qualframe.analysis.unitizing import SpanFigures

        try:
            scope = data["scope"]
            return cls(
                scope=AgreementScope(
                    unit=AgreementUnit(scope["unit"]),
                    documents=tuple(scope["documents"]),
                    codes=tuple(scope["codes"]),
                    coders=tuple(scope["coders"]),
                ),
                unit_count=int(data["unit_count"]),
                overall_units=_figures(UnitFigures, data["overall_units"]),
                overall_spans=_figures(SpanFigures, data["overall_spans"]),
                per_code=tuple(
                    CodeAgreement(
                        code=item["code"],
                        code_id=int(item["code_id"]),
                        applied=dict(item["applied"]),
                        units=_figures(UnitFigures, item["units"]),
                        spans=_figures(SpanFigures, item["spans"]),
                    )
                    for item in data["per_code"]
                ),
                notes=tuple(data["notes"]),
                character_warning=data.get("character_warning"),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(f"These are not stored agreement figures ({error}).") from None


def _figures_json(figures: object) -> dict[str, Any] | None:
    """A figures record (a dataclass or named tuple of numbers, text and
    mappings) as a dict; None stays None."""
    if figures is None:
        return None
    if dataclasses.is_dataclass(figures) and not isinstance(figures, type):
        values = {field.name: getattr(figures, field.name) for field in dataclasses.fields(figures)}
    else:
        values = dict(figures._asdict())  # type: ignore[attr-defined]
    return {
        name: dict(value) if isinstance(value, Mapping) else _plain(value)
        for name, value in values.items()
    }


def _plain(value: object) -> object:
    """A figure as JSON holds it: tuples as lists, numpy numbers as Python ones."""
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, (str, bytes)) else value


def _figures(kind: Any, data: Mapping[str, Any] | None) -> Any:
    """The figures record ``kind`` from its :func:`_figures_json` dict."""
    if data is None:
        return None
    values = {
        name: tuple(value) if isinstance(value, list) else value for name, value in data.items()
    }
    return kind(**values)


@dataclass(frozen=True, kw_only=True)
class CoderCount:
    """Someone who coded in the project (the name written on their codings):
    in how many documents, with how many codings."""

    coder: str
    documents: int
    codings: int


@dataclass(frozen=True, kw_only=True)
class RoundRecord:
    """An agreement round: a double-coding check the team opened on chosen
    documents (names), codes (paths) and coders, measured on ``unit``.

    ``open_disagreements`` counts the disagreements not resolved yet,
    ``resolved`` the resolutions recorded. ``version`` counts changes to the
    round itself (resolutions are not: two people may resolve different
    disagreements of one round at once)."""

    id: int
    name: str
    unit: AgreementUnit
    note: str
    opened_by: str
    opened_at: datetime
    version: int
    documents: tuple[str, ...]
    codes: tuple[str, ...]
    coders: tuple[str, ...]
    open_disagreements: int
    resolved: int


@dataclass(frozen=True, kw_only=True)
class ReadingCoding:
    """One coding of a coder's reading of a passage: its id, span (code points,
    end exclusive) and text."""

    id: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True, kw_only=True)
class CoderReading:
    """What one coder of a round coded with the disagreement's code in its
    passage: the codings overlapping it (none: the coder did not code it).

    ``coded_document``: the coder coded the document (any code), so an empty
    reading is a judgement ("the code does not apply here"); False: the
    coder is missing for this document, neither agreeing nor disagreeing."""

    coder: str
    codings: tuple[ReadingCoding, ...]
    coded_document: bool


@dataclass(frozen=True, kw_only=True)
class ResolutionRecord:
    """How one disagreement was settled: the passage (``key``, document, code
    path and span), the ``outcome``, the coder whose reading was kept
    (keep_one) or the code recoded to (recode; None when that code is gone),
    the note, who resolved it and when (UTC).

    ``removed`` counts the codings of the code that left the passage
    (deleted, or recoded to the other code), ``added`` the codings added or
    widened to the agreed reading (merge), or recoded under their new code.
    ``split`` counts the codings cut at the passage's edges first (unit
    rounds: their parts outside it stay), ``memos_kept`` the memos that were
    about a removed coding (they stay, without that link)."""

    id: int
    key: str
    document: str
    code: str
    start: int
    end: int
    outcome: Resolution
    kept_coder: str | None
    recoded_to: str | None
    note: str
    resolved_by: str
    resolved_at: datetime
    removed: int
    added: int
    split: int = 0
    memos_kept: int = 0


@dataclass(frozen=True, kw_only=True)
class Disagreement:
    """Coders of a round disagreeing on one code in one passage of a document.

    ``key`` (``"document_id:code_id:start:end"``) names it for the web and
    the CLI. ``text`` is the passage (code points ``[start, end)``),
    ``before``/``after`` up to about 200 characters of context, cut at word
    boundaries. ``readings`` has every coder of the round in round order,
    each with the codings of the code overlapping the passage (empty when
    the coder did not code it, or did not code the document at all).
    ``resolution`` is how it was settled (None: still open)."""

    key: str
    document: str
    document_id: int
    code: str
    code_id: int
    start: int
    end: int
    text: str
    before: str
    after: str
    readings: tuple[CoderReading, ...]
    resolution: ResolutionRecord | None

    @property
    def seen(self) -> tuple[str, ...]:
        """Every coding in the readings as ``"id:code_id:start:end"`` (what
        ``resolve(seen=...)`` states: a coding moved or recoded since is seen
        as changed, even under the same id)."""
        return tuple(
            seen_token(coding.id, self.code_id, coding.start, coding.end)
            for reading in self.readings
            for coding in reading.codings
        )

    @property
    def coded_by(self) -> tuple[str, ...]:
        """The coders whose reading has a coding here, in round order."""
        return tuple(reading.coder for reading in self.readings if reading.codings)


@dataclass(frozen=True, kw_only=True)
class RoundFigures:
    """A round's agreement before (as measured when it was opened) and after
    (measured now over the round's scope, each resolved passage counted as
    agreed)."""

    round: RoundRecord
    before: AgreementReport
    after: AgreementReport


@dataclass(frozen=True, kw_only=True)
class CellPair:
    """One matrix cell and the last status each of two analysts gave it
    (None: that analyst never set it)."""

    cell_id: int
    row: str
    code: str
    first: str | None
    second: str | None


@dataclass(frozen=True, kw_only=True)
class CellAgreement:
    """How two analysts' statuses of the framework matrix's cells agree:
    ``cells`` counts the cells both set (the figures are over those), ``rows``
    lists every cell either set."""

    analysts: tuple[str, str]
    cells: int
    figures: UnitFigures
    rows: tuple[CellPair, ...]


# ---------------------------------------------------------------- keys


def passage_key(document_id: int, code_id: int, start: int, end: int) -> str:
    """The key naming a disagreement: ``"document_id:code_id:start:end"``."""
    return f"{document_id}:{code_id}:{start}:{end}"


def seen_token(coding_id: int, code_id: int, start: int, end: int) -> str:
    """A coding as a reader saw it: ``"id:code_id:start:end"``."""
    return f"{coding_id}:{code_id}:{start}:{end}"


def parse_key(key: str) -> tuple[int, int, int, int]:
    """``(document_id, code_id, start, end)`` of a disagreement's key; raises
    :class:`ValidationError` for text that is not one."""
    parts = str(key).strip().split(":")
    if len(parts) == 4 and all(part.isascii() and part.isdigit() for part in parts):
        document_id, code_id, start, end = (int(part) for part in parts)
        if start < end:
            return document_id, code_id, start, end
    raise ValidationError(
        f"{key!r} is not the key of a disagreement: a key is 'document:code:start:end' "
        "(four whole numbers, as the list of disagreements shows them)."
    )
