"""Coded passages as framework-matrix cells show them: quotes with their paragraph.

A cell's quotes and the excerpts it can quote are
:class:`~qualframe.services.coding.passage.Passage` records with the
coding's id and text, the document's title and the number of the paragraph
holding them, so a reader can find them ("Interview 1, P01, para 3"). A
reference cites the document by its title (the file name without its
suffix until someone renames the document), as pages and exports name it;
the file name stays in ``document``, the identifier.

A quote may be a **passage** of its coding: one key sentence of a long
turn, ``[start, end)`` in code points of the coding's document, inside the
coding's span (stored on the quote link; none means the whole coding).
A quote then shows the passage: its text, span, paragraph and page. The
pure functions :func:`checked_passage`, :func:`find_passage` and
:func:`~qualframe.formats.quoting.clamped_passage` keep a passage
inside its coding.

Paragraphs are numbered as the documents' stored passages (``text_segments``:
the paragraphs of one speaker turn, the units search shows), so numbering a
quote reads offsets only, never a document's text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from qualframe.errors import ValidationError
from qualframe.formats.quoting import (
    CodedSpan,
    clamped_passage,
    quotable,
    trimmed_span,
    whole_or_span,
)
from qualframe.services.coding.codings import as_offset
from qualframe.services.coding.passage import Passage
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.rows import Roster
from qualframe.storage import queries


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteView(Passage):
    """A coded passage a cell quotes (or can quote), with where it comes from.

    ``coding_id`` and ``text`` are the coding's (without a speaker label or
    timestamp in front); ``document_title`` the document's title (what
    readers see; ``document`` is its file name); ``paragraph`` is the
    1-based number of the document's paragraph holding ``start``: its
    stored passages in text order (paragraphs, cut where a speaker turn
    starts or ends and joined within one turn, as search shows them);
    ``page`` the page of the source file holding it (PDF documents), else
    None.

    A quote of a passage of its coding (see the module docstring) has
    ``start``, ``end``, ``text``, ``paragraph`` and ``page`` of the passage,
    and the whole coding's span and text in ``coding_start``,
    ``coding_end`` and ``coding_text``; those are None for a quote of the
    whole coding (``whole``), whose own span and text are the coding's.
    """

    coding_id: int
    text: str
    document_title: str
    paragraph: int
    page: int | None = None
    coding_start: int | None = None
    coding_end: int | None = None
    coding_text: str | None = None

    @property
    def whole(self) -> bool:
        """Whether the quote is the whole coding (not a passage of it)."""
        return self.coding_start is None

    @property
    def reference(self) -> str:
        """Where the quote is, for a reader: "Interview 1, P01, para 3" (the
        document's title), with the page of the source file when known
        ("…, P01, p. 4, para 12")."""
        who = self.speaker or self.participant
        page = [f"p. {self.page}"] if self.page is not None else []
        parts = [self.document_title, *([who] if who else []), *page, f"para {self.paragraph}"]
        return ", ".join(parts)


class PassageRow(Protocol):
    """A coded passage as the cell queries read it (by name): id, text and place,
    the document named by its file name (``document``) and its ``title``
    (:class:`~qualframe.storage.queries.cells.LinkedQuoteRow`,
    :class:`~qualframe.storage.queries.codings.ExcerptRow`)."""

    @property
    def coding_id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def document_id(self) -> int: ...
    @property
    def document(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def speaker(self) -> str | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class Paragraphs:
    """Where the paragraphs (and pages) of some documents start, to number
    passages by paragraph and page."""

    def __init__(self, uow: UnitOfWork, document_ids: Collection[int]) -> None:
        """Reads where the stored passages and pages of ``document_ids`` start (one
        query of offsets each, no text; none for no documents)."""
        ids = set(document_ids)
        self._starts, self._pages = (
            queries.structure.passage_and_page_starts(uow.session, ids) if ids else ({}, {})
        )

    def page(self, document_id: int, offset: int) -> int | None:
        """The page of the document's source file holding ``offset``, or None when
        the document has no pages (not a PDF) or the offset is before the first."""
        pages = self._pages.get(document_id)
        if not pages:
            return None
        index = bisect.bisect_right([start for start, _ in pages], offset) - 1
        return pages[index][1] if index >= 0 else None

    def number(self, document_id: int, offset: int) -> int:
        """The 1-based paragraph of the document holding ``offset`` (code points;
        text before the first paragraph, or a document without passages: 1)."""
        return paragraph_number(self._starts.get(document_id, ()), offset)


def paragraph_number(starts: Sequence[int], offset: int) -> int:
    """The 1-based paragraph holding ``offset``, given the paragraphs' ``starts``."""
    number = bisect.bisect_right(starts, offset)
    return number if number > 0 else 1


def passage_fields(row: PassageRow, participant: str | None) -> dict[str, Any]:
    """The fields of a coded passage (a :class:`Passage` with the coding's id,
    text and document title) of a coding ``row`` spoken by ``participant``."""
    return {
        "coding_id": row.coding_id,
        "text": quotable(row.text, row.speaker),
        "document_id": row.document_id,
        "document": row.document,
        "document_title": row.title,
        "speaker": row.speaker,
        "participant": participant,
        "start": row.start,
        "end": row.end,
    }


def quote_fields(
    row: PassageRow, participant: str | None, paragraphs: Paragraphs
) -> dict[str, Any]:
    """The :class:`QuoteView` fields of a coding ``row`` spoken by ``participant``."""
    paragraph = paragraphs.number(row.document_id, row.start)
    page = paragraphs.page(row.document_id, row.start)
    return {**passage_fields(row, participant), "paragraph": paragraph, "page": page}


def participant_identifiers(uow: UnitOfWork) -> dict[int, str]:
    """``{participant id: identifier}`` of the project (the
    :class:`~qualframe.services.matrix.rows.Roster`, read once per unit of work)."""
    return Roster.load(uow).identifiers


def linked_quotes(uow: UnitOfWork, cell_ids: Sequence[int]) -> dict[int, list[QuoteView]]:
    """The quotes linked to the given cells, each cell's in the analyst's order
    (a quote of a passage shows the passage, see :class:`QuoteView`)."""
    rows = queries.cells.linked_quotes(uow.session, cell_ids) if cell_ids else []
    paragraphs = Paragraphs(uow, {row.document_id for row in rows})
    found: dict[int, list[QuoteView]] = {}
    for row in rows:
        # Kept inside the coding as read, whatever changed its span.
        coding = CodedSpan(row.coding_id, row.start, row.end, row.text)
        span = clamped_passage(coding, row.passage_start, row.passage_end)
        if span is None:
            fields = quote_fields(row, row.participant, paragraphs)
        else:
            passage = row._replace(start=span[0], end=span[1], text=coding.piece(*span))
            fields = quote_fields(passage, row.participant, paragraphs)
            fields.update(coding_start=row.start, coding_end=row.end)
            fields.update(coding_text=quotable(row.text, row.speaker))
        found.setdefault(row.cell_id, []).append(QuoteView(**fields))
    return found


# ---------------------------------------------------------------- passages of codings


def checked_passage(coding: CodedSpan, start: int, end: int) -> tuple[int, int] | None:
    """The passage ``[start, end)`` of ``coding`` to store: trimmed of white
    space, None when it is the whole coding. Pure.

    Raises :class:`ValidationError` when it does not lie inside the coding's
    span or holds only white space.
    """
    where = f"coding {coding.coding_id} [{coding.start}, {coding.end})"
    if not coding.start <= start < end <= coding.end:
        raise ValidationError(
            f"The passage [{start}, {end}) is not inside {where}: "
            "a quote's passage lies within the coding it quotes."
        )
    span = trimmed_span(coding, start, end)
    if span is None:
        raise ValidationError(f"The passage [{start}, {end}) of {where} holds only white space.")
    return whole_or_span(coding, span)


def find_passage(coding: CodedSpan, words: str) -> tuple[int, int]:
    """Where ``words`` are in ``coding`` (code points of the document): the
    exact text, else the same words with any white space between them, in any
    case. Pure.

    Raises :class:`ValidationError` when they are not there, occur more than
    once, or are empty.
    """
    wanted = words.strip()
    if not wanted:
        raise ValidationError("Give the words of the coding to quote.")
    pattern = re.escape(wanted)
    found = [m.span() for m in re.finditer(pattern, coding.text)]
    if not found:
        loose = r"\s+".join(re.escape(word) for word in wanted.split())
        found = [m.span() for m in re.finditer(loose, coding.text, re.IGNORECASE)]
    shown = wanted if len(wanted) <= 60 else wanted[:59] + "…"
    if not found:
        raise ValidationError(f"Coding {coding.coding_id} does not contain “{shown}”.")
    if len(found) > 1:
        raise ValidationError(
            f"“{shown}” occurs {len(found)} times in coding {coding.coding_id}: "
            "give more of the words, or the passage's start and end."
        )
    start, end = found[0]
    return coding.start + start, coding.start + end


def passage_of(
    coding: CodedSpan, start: int | None, end: int | None, words: str | None
) -> tuple[int, int] | None:
    """The passage of ``coding`` to quote, as stored: given by its ``start`` and
    ``end`` (code points of the document) or by its ``words`` (found in the
    coding, see :func:`find_passage`); None for the whole coding (nothing
    given, or a passage covering the whole coding). Pure.

    Raises :class:`ValidationError` for both ways at once, one end without
    the other, or a passage :func:`checked_passage` refuses.
    """
    if words is not None:
        if start is not None or end is not None:
            raise ValidationError(
                "Give the passage as words of the coding or as its start and end, not both."
            )
        start, end = find_passage(coding, words)
    elif start is None and end is None:
        return None
    elif start is None or end is None:
        raise ValidationError(
            "Give both the start and the end of the passage "
            "(or neither, to quote the whole coding)."
        )
    return checked_passage(coding, as_offset(start), as_offset(end))
