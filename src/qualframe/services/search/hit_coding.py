"""Coding every hit of a search: the match, its sentence or its paragraph.

A search (see :mod:`qualframe.services.search.text_search`) finds segments; coding all
hits applies one code to every occurrence of the query in every matching
segment (all pages, not just the one on screen), widened by a *spread*:
the words found (``"match"``), the sentence holding each (``"sentence"``)
or the paragraph(s) holding them (``"paragraph"``). The preview
(``project.search.preview_code_all_hits``) is the same use case run and
rolled back: it counts exactly what would be coded and writes nothing.
Spans the acting coder already coded with the code are skipped and counted
apart, so coding twice adds nothing.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Unpack

from qualframe.errors import ValidationError
from qualframe.formats.segmentation import TextSpan, paragraph_spans, sentence_spans
from qualframe.formats.speaker_turns import words_start
from qualframe.services.coding import codings as coding
from qualframe.services.core import audit
from qualframe.services.core.refs import Ref
from qualframe.services.core.scope import Scope, ScopeFilters
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.services.search.text_search import (
    SEARCH_SCOPE,
    Highlighter,
    parse_query,
    segment_filter,
)
from qualframe.storage import queries, search_index
from qualframe.storage.search_index import SegmentHit
from qualframe.vocabulary import SPREADS, Spread

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class CodeHitsResult:
    """What coding all hits did (or, with ``preview``, would do).

    ``segments`` and ``hits`` count what the search found; ``spans`` the
    distinct spans the spread gives; ``added`` the codings created (in a
    preview: that would be created); ``already_coded`` the spans the acting
    coder had already coded with this code, which are skipped. ``preview``
    is True for the answer of the preview (see :func:`as_preview`).
    """

    query: str
    code: str
    spread: str
    segments: int
    hits: int
    spans: int
    documents: int
    added: int
    already_coded: int = 0
    preview: bool = False

    def summary(self) -> str:
        """What was (or, with ``preview``, would be) coded, in a sentence or two."""
        if not self.spans:
            return f"The search {self.query!r} finds nothing to code."
        what = SPREAD_WORDS.get(self.spread, self.spread)
        where = f"{counted(self.spans, 'passage')} in {counted(self.documents, 'document')}"
        found = (
            f"{counted(self.hits, 'hit')} in {counted(self.segments, 'matching passage')} "
            "of the search"
        )
        skipped = ""
        if self.already_coded:
            one = self.already_coded == 1
            verb = "would be" if self.preview else ("was" if one else "were")
            state = "it is" if one else "they are"
            skipped = (
                f" {counted(self.already_coded, 'passage')} already coded with {self.code!r} "
                f"by you {verb} left as {state}."
            )
        if self.preview:
            return f"Coding {what} with {self.code!r} would code {where} ({found}).{skipped}"
        return f"Coded {counted(self.added, 'passage')} with {self.code!r} ({what}).{skipped}"


#: How each spread is said in a sentence.
SPREAD_WORDS = {
    "match": "the words found",
    "sentence": "the sentence of each hit",
    "paragraph": "the paragraph of each hit",
}


def _spread_spans(
    body: str, occurrences: Sequence[tuple[int, int]], spread: str
) -> list[tuple[int, int]]:
    """Spans (relative to ``body``) that coding these occurrences with ``spread`` gives."""
    if spread == "paragraph":
        # A segment may hold several paragraphs of one turn: code those with a hit.
        paragraphs = paragraph_spans(body) or [TextSpan(0, len(body))]
        return sorted(
            {
                (p.start, p.end)
                for p in paragraphs
                for start, end in occurrences
                if p.start <= start < p.end or (start < p.end and end > p.start)
            }
        ) or [(0, len(body))]
    if spread == "match":
        return [span for span in occurrences if span[0] < span[1]]
    sentences = sentence_spans(body)
    starts = [s.start for s in sentences]
    spans = []
    for start, end in occurrences:
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        last = max(bisect.bisect_right(starts, max(end - 1, start)) - 1, first)
        if sentences:
            spans.append((min(sentences[first].start, start), max(sentences[last].end, end)))
    return [span for span in spans if span[0] < span[1]]


def _hit_spans(
    session: Session, segments: Sequence[SegmentHit], highlighter: Highlighter, spread: str
) -> tuple[set[tuple[int, int, int]], int]:
    """The ``(document id, start, end)`` spans coding these segments' hits with
    ``spread`` gives, and the number of hits; each document's text is read once."""
    by_document: dict[int, list[SegmentHit]] = defaultdict(list)
    for segment in segments:
        by_document[segment.document_id].append(segment)
    spans: set[tuple[int, int, int]] = set()
    hits = 0
    for document_id, found in by_document.items():
        text = queries.documents.texts_by_id(session, [document_id])[document_id]
        for segment in found:
            body = text[segment.start : segment.end]
            occurrences = highlighter.spans(body)
            hits += len(occurrences)
            # Never code the speaker label a turn opens with.
            words = (
                0 if segment.speaker is None else words_start(body, 0, len(body), segment.speaker)
            )
            for start, end in _spread_spans(body, occurrences, spread):
                if max(start, words) < end:
                    spans.add((document_id, segment.start + max(start, words), segment.start + end))
    return spans, hits


def code_all_hits(
    uow: UnitOfWork,
    query: str,
    code: Ref,
    *,
    spread: Spread = "paragraph",
    scope: Scope | None = None,
    **filters: Unpack[ScopeFilters],
) -> CodeHitsResult:
    """Code every hit of a search (all pages, not one) with ``code`` (id, name
    or path), widened by ``spread``: ``"match"`` the words found,
    ``"sentence"`` their sentence, ``"paragraph"`` the paragraph(s) holding
    them. Speaker labels are never coded; spans the acting coder already
    coded with ``code`` are skipped and counted in ``already_coded``.

    ``query`` and the scope (``where``, ``documents``, ``speaker``) are those
    of ``project.search.find``. The codings are added and the audit log
    records ``search.code_hits``; ``project.search.preview_code_all_hits``
    answers the same counts and writes nothing.

    Raises :class:`ValidationError` for a bad spread, an empty query or a
    retired code and :class:`~qualframe.errors.NotFoundError` for an unknown
    code, document or speaker label; nothing is written then.
    """
    if spread not in SPREADS:
        raise ValidationError(f"Spread must be one of {', '.join(SPREADS)}, not {spread!r}.")
    parsed = parse_query(query)
    chosen = Scope.of(scope, **filters).only(*SEARCH_SCOPE, what="Coding all hits")
    restrict = segment_filter(uow, chosen)
    target, path = coding.codable_code(uow, code)
    segments = search_index.matching_segments(uow.session, uow.project_id, parsed.match, restrict)
    spans, hits = _hit_spans(uow.session, segments, Highlighter(parsed.terms), spread)
    touched = {segment.document_id for segment in segments}
    done = queries.codings.coded_spans(uow.session, target.id, uow.actor.name, touched)
    added = coding.add_codings(uow, target.id, sorted(spans))
    if added:
        audit.record(
            uow,
            "search.code_hits",
            "code",
            target.id,
            f"Coded {added} hit(s) of the search {parsed.text!r} with {path!r}",
            {"query": parsed.text, "spread": spread, "spans": len(spans), "added": added},
        )
    return CodeHitsResult(
        query=parsed.text,
        code=path,
        spread=spread,
        segments=len(segments),
        hits=hits,
        spans=len(spans),
        documents=len(touched),
        added=added,
        already_coded=len(spans & done),
    )


def as_preview(result: CodeHitsResult) -> CodeHitsResult:
    """The result marked as a preview's (``preview=True``): its counts say what
    coding all hits would do, and its :meth:`~CodeHitsResult.summary` says "would"."""
    return replace(result, preview=True)
