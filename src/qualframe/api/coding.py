"""The coding part of the Python API: apply and remove codes, list codings, auto-code.

::

    project.coding.apply("interview-01.txt", "Hope > Future", 120, 188)
    project.coding.codings(code="Hope", where={"stakeholder group": "peer worker"})
    plan = project.coding.autocode_keywords("Trust", ["trust*", "rely on"])
    print(plan.new, plan.to_frame())
    project.coding.apply_plan(plan)

Offsets are Unicode code points of the stored (NFC) text, end exclusive.
Codes are named by id, name or path ("Theme > Sub-code"); documents,
participants and cases by name (identifier) or id.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.services.coding import autocode, document_view, recoding
from qualframe.services.coding import codings as coding
from qualframe.services.coding.autocode import AutocodePlan, Unit
from qualframe.services.coding.codings import CodingRecord, Ref, Refs, Where
from qualframe.services.coding.document_view import DocumentCoding, DocumentView
from qualframe.services.coding.recoding import SpanUnit
from qualframe.services.core.unit_of_work import UnitOfWork


class CodingAPI(Facade):
    """Coding operations of one project; each call is one transaction."""

    def apply(self, document: Ref, code: Ref, start: int, end: int) -> CodingRecord:
        """Code ``[start, end)`` of ``document`` with ``code``; returns the coding.

        Raises :class:`~qualframe.ValidationError` for a span outside the
        document or a retired code, :class:`~qualframe.ConflictError` when
        you already coded this span with this code.
        """
        return self._run(coding.apply_code, document, code, start, end)

    def add(self, code: Ref, spans: Sequence[tuple[int, int, int]]) -> int:
        """Code many ``(document_id, start, end)`` spans with ``code`` at once.

        Spans you already coded with it are skipped; returns how many
        codings were added. Nothing is written if any span is invalid.
        """
        return self._run(_add_by_ref, code, spans)

    def get(self, coding_id: int) -> CodingRecord:
        """One coding by id (NotFoundError if it is not in the project)."""
        return self._run(recoding.get_coding, coding_id)

    def change(
        self,
        coding_id: int,
        *,
        code: Ref | None = None,
        start: int | None = None,
        end: int | None = None,
        extend: SpanUnit | str | None = None,
    ) -> CodingRecord:
        """Give a coding another code and/or span (omitted values stay);
        ``extend`` ("sentence", "paragraph", "turn") then widens the span to
        the whole units it touches. The coding keeps its id, coder and memos;
        its quote and speaker are recomputed.

        Raises ValidationError for an invalid span or a retired code,
        ConflictError when its coder already coded the new span with the code.
        """
        return self._run(
            recoding.change_coding, coding_id, code=code, start=start, end=end, extend=extend
        )

    def extend(self, coding_id: int, unit: SpanUnit | str) -> CodingRecord:
        """Extend a coding to the whole sentences, paragraph(s) or speaker
        turn(s) it touches (``unit``: "sentence", "paragraph", "turn"); returns it."""
        return self._run(recoding.extend_coding, coding_id, unit)

    def remove(self, coding_id: int) -> CodingRecord:
        """Delete one coding; returns what it was."""
        return self._run(coding.remove_coding, coding_id)

    def remove_from_span(
        self, document: Ref, code: Ref, start: int, end: int, *, all_coders: bool = False
    ) -> int:
        """Remove ``code`` from ``[start, end)``: delete your codings of it that
        overlap the span (everyone's with ``all_coders``); returns how many."""
        return self._run(
            coding.remove_code_from_span, document, code, start, end, all_coders=all_coders
        )

    def codings(
        self,
        code: Ref | None = None,
        *,
        include_subcodes: bool = False,
        where: Where | None = None,
        document: Refs = None,
        participant: Refs = None,
        case: Refs = None,
        coder: str | None = None,
    ) -> pd.DataFrame:
        """The codings as a DataFrame, one row each, with attribute columns.

        See :func:`qualframe.services.coding.codings.codings_frame` for the columns
        and filters; ``where={"employer": "NHS"}`` uses case attributes
        through each participant's case.
        """
        return self._run(
            coding.codings_frame,
            code=code,
            include_subcodes=include_subcodes,
            where=where,
            document=document,
            participant=participant,
            case=case,
            coder=coder,
        )

    def document_view(self, document: Ref) -> DocumentView:
        """One document as the document view shows it: text in reading blocks,
        speaker turns and what their labels map to, codings, codes in tree
        order, your recent codes (see :class:`DocumentView`)."""
        return self._run(document_view.document_view, document)

    def document_codings(
        self, document: Ref, *, codes: Sequence[Ref] | None = None, coder: str | None = None
    ) -> list[DocumentCoding]:
        """The codings of one document in text order (only of ``codes``, given by
        id, name or path, and/or by ``coder`` when given), with code path,
        colour and memo count."""
        return self._run(document_view.document_codings, document, codes=codes, coder=coder)

    # ------------------------------------------------------------ auto-coding

    def autocode_speaker(
        self,
        code: Ref,
        *,
        participants: Refs = None,
        speakers: Sequence[str] | str | None = None,
        where: Where | None = None,
        documents: Refs = None,
    ) -> AutocodePlan:
        """Preview coding every turn of the chosen speakers (writes nothing).

        Choose speakers by participant, by speaker label and/or by
        attributes (``where={"stakeholder group": "peer worker"}``).
        Apply the returned plan with :meth:`apply_plan`.
        """
        return self._run(
            autocode.preview_by_speaker,
            code,
            participants=participants,
            speakers=speakers,
            where=where,
            documents=documents,
        )

    def autocode_section(
        self,
        code: Ref,
        *,
        title: str | None = None,
        regex: bool = False,
        question: Ref | None = None,
        include_heading: bool = False,
        where: Where | None = None,
        documents: Refs = None,
    ) -> AutocodePlan:
        """Preview coding the sections whose title matches ``title`` (or the
        heading of interview ``question``); writes nothing."""
        return self._run(
            autocode.preview_by_section,
            code,
            title=title,
            regex=regex,
            question=question,
            include_heading=include_heading,
            where=where,
            documents=documents,
        )

    def autocode_keywords(
        self,
        code: Ref,
        keywords: Sequence[str] | str,
        *,
        unit: Unit = "sentence",
        regex: bool = False,
        whole_word: bool = True,
        case_sensitive: bool = False,
        where: Where | None = None,
        documents: Refs = None,
    ) -> AutocodePlan:
        """Preview coding every sentence (or paragraph) containing a keyword;
        writes nothing. ``hope*`` matches words starting with "hope"."""
        return self._run(
            autocode.preview_by_keywords,
            code,
            keywords,
            unit=unit,
            regex=regex,
            whole_word=whole_word,
            case_sensitive=case_sensitive,
            where=where,
            documents=documents,
        )

    def apply_plan(self, plan: AutocodePlan) -> int:
        """Code an auto-coding plan's spans; returns how many codings were added."""
        return self._run(autocode.apply_plan, plan)


def _add_by_ref(uow: UnitOfWork, code: Ref, spans: Sequence[tuple[int, int, int]]) -> int:
    """:func:`coding.add_codings` with the code given by id, name or path."""
    found, _ = coding.codable_code(uow, code)
    return coding.add_codings(uow, found.id, spans)
