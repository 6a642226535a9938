"""Coding every hit of a search: the match, its sentence or its paragraph.

A search (see :mod:`qualframe.services.search.text_search`) finds segments; coding all
hits applies one code to every occurrence of the query in every matching
segment (all pages, not just the one on screen), widened by a *spread*:
the words found (``"match"``), the sentence holding each (``"sentence"``)
or the paragraph(s) holding them (``"paragraph"``). The preview
(``project.search.preview_code_all_hits``) is the same use case run and
rolled back: it counts exactly what would be coded and writes nothing.
Spans the acting coder already coded with the code are skipped and counted
apart, so coding twice adds nothing. The preview lists the passages in
context (:class:`HitPassage`, the first :data:`LISTED_PASSAGES`); any of
them can be left out of the coding (``excluded``) before anything is written.
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


#: Passages a result lists in context (a search for a common word finds thousands).
LISTED_PASSAGES = 500
#: Characters of context shown on each side of a passage's first hit.
CONTEXT_CHARS = 120
#: Unticked passages no longer found that a refusal names (then "and N more").
SHOWN_GONE = 5


@dataclass(frozen=True)
class HitPassage:
    """A passage coding all hits would code: ``document_id`` (its ``document``
    title) and the span ``[start, end)`` in code points that would be coded;
    its first hit ``match`` with the document's text around it, ``before``
    and ``after`` (:data:`CONTEXT_CHARS` a side, "…" where cut);
    ``already_coded`` when the acting coder coded it with the
    code already (it is left as it is)."""

    document_id: int
    document: str
    start: int
    end: int
    before: str
    match: str
    after: str
    already_coded: bool = False


@dataclass(frozen=True)
class CodeHitsResult:
    """What coding all hits did (or, with ``preview``, would do).

    ``segments`` and ``hits`` count what the search found; ``spans`` the
    distinct spans the spread gives; ``added`` the codings created (in a
    preview: that would be created); ``already_coded`` the spans the acting
    coder had already coded with this code, which are skipped; ``excluded``
    the passages left out on request. ``passages`` lists the passages in
    context, in document and text order (at most :data:`LISTED_PASSAGES`;
    ``listed_all`` is False when there are more). ``preview`` is True for
    the answer of the preview (see :func:`as_preview`).
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
    excluded: int = 0
    passages: tuple[HitPassage, ...] = ()
    listed_all: bool = True
    preview: bool = False

    def summary(self) -> str:
        """What was (or, with ``preview``, would be) coded, in a sentence or two."""
        if not self.spans and self.excluded:
            return (
                f"Every passage the search {self.query!r} finds was unticked "
                f"({counted(self.excluded, 'passage')}): nothing was coded."
            )
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
        if self.excluded:
            verb = "would be" if self.preview else ("was" if self.excluded == 1 else "were")
            skipped += f" {counted(self.excluded, 'passage')} you unticked {verb} left out."
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
) -> tuple[dict[tuple[int, int, int], tuple[int, int]], int]:
    """The ``(document id, start, end)`` spans coding these segments' hits with
    ``spread`` gives, each with its first hit ``(start, end)`` in the document,
    and the number of hits; each document's text is read once."""
    by_document: dict[int, list[SegmentHit]] = defaultdict(list)
    for segment in segments:
        by_document[segment.document_id].append(segment)
    spans: dict[tuple[int, int, int], tuple[int, int]] = {}
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
                    key = (document_id, segment.start + max(start, words), segment.start + end)
                    first = next(
                        ((a, b) for a, b in occurrences if start <= a < end), (start, start)
                    )
                    spans.setdefault(key, (segment.start + first[0], segment.start + first[1]))
    return spans, hits


def _passages(
    session: Session,
    spans: dict[tuple[int, int, int], tuple[int, int]],
    titles: dict[int, str],
    done: set[tuple[int, int, int]],
) -> tuple[HitPassage, ...]:
    """The first :data:`LISTED_PASSAGES` of ``spans`` in context, in order."""
    listed = sorted(spans)[:LISTED_PASSAGES]
    texts = queries.documents.texts_by_id(session, {d for d, _, _ in listed})
    passages = []
    for key in listed:
        document_id, start, end = key
        text, (hit_start, hit_end) = texts[document_id], spans[key]
        # Context from the document around the hit, whatever the spread codes.
        before = text[max(0, hit_start - CONTEXT_CHARS) : hit_start]
        after = text[hit_end : hit_end + CONTEXT_CHARS]
        passages.append(
            HitPassage(
                document_id=document_id,
                document=titles.get(document_id, ""),
                start=start,
                end=end,
                before=("\u2026" if hit_start > CONTEXT_CHARS else "") + before,
                match=text[hit_start:hit_end],
                after=after + ("\u2026" if hit_end + CONTEXT_CHARS < len(text) else ""),
                already_coded=key in done,
            )
        )
    return tuple(passages)


def _check_still_listed(
    uow: UnitOfWork,
    excluded: set[tuple[int, int, int]],
    found: dict[tuple[int, int, int], tuple[int, int]],
) -> None:
    """Raise :class:`ValidationError` when an ``excluded`` passage (document
    id, start, end) is not among the passages ``found`` now: its text moved or
    went since the preview listed it, so leaving it out by its old place
    could code it (or another passage) against the user's choice."""
    gone = sorted(excluded - set(found))
    if not gone:
        return
    rows = queries.documents.document_order_rows(uow.session, uow.project_id)
    names = {row.id: repr(row.name) for row in rows}
    deleted = "a document since deleted"
    shown = [
        f"{names.get(document_id, deleted)} at characters {start:,}\u2013{end:,}"
        for document_id, start, end in gone[:SHOWN_GONE]
    ]
    more = f" and {len(gone) - SHOWN_GONE} more" if len(gone) > SHOWN_GONE else ""
    one = len(gone) == 1
    raise ValidationError(
        f"The passages changed since the preview: {counted(len(gone), 'passage')} you "
        f"unticked ({'; '.join(shown)}{more}) {'is' if one else 'are'} no longer where "
        f"the preview listed {'it' if one else 'them'} (a text was revised, or a document "
        "removed or no longer searched), so "
        f"{'it' if one else 'they'} could not be left out. Nothing was coded: preview "
        "again and untick the passages anew."
    )


def code_all_hits(
    uow: UnitOfWork,
    query: str,
    code: Ref,
    *,
    spread: Spread = "paragraph",
    scope: Scope | None = None,
    excluded: Sequence[tuple[int, int, int]] = (),
    **filters: Unpack[ScopeFilters],
) -> CodeHitsResult:
    """Code every hit of a search (all pages, not one) with ``code`` (id, name
    or path), widened by ``spread``: ``"match"`` the words found,
    ``"sentence"`` their sentence, ``"paragraph"`` the paragraph(s) holding
    them. Speaker labels are never coded; spans the acting coder already
    coded with ``code`` are skipped and counted in ``already_coded``;
    ``excluded`` passages ``(document id, start, end)``, as the result lists
    them, are left out. An unticked passage is never coded: when one is no
    longer among the passages (a text revised or a document gone since the
    preview moved or removed it), nothing is coded and a
    :class:`ValidationError` says so (preview again).

    ``query`` and the scope (``where``, ``documents``, ``speaker``) are those
    of ``project.search.find``. The codings are added and the audit log
    records ``search.code_hits``; ``project.search.preview_code_all_hits``
    answers the same counts and writes nothing.

    Raises :class:`ValidationError` for a bad spread, an empty query, a
    retired code or an excluded passage no longer found, and
    :class:`~qualframe.errors.NotFoundError` for an unknown code, document or
    speaker label; nothing is written then.
    """
    if spread not in SPREADS:
        raise ValidationError(f"Spread must be one of {', '.join(SPREADS)}, not {spread!r}.")
    parsed = parse_query(query)
    chosen = Scope.of(scope, **filters).only(*SEARCH_SCOPE, what="Coding all hits")
    restrict = segment_filter(uow, chosen)
    target, path = coding.codable_code(uow, code)
    segments = search_index.matching_segments(uow.session, uow.project_id, parsed.match, restrict)
    found, hits = _hit_spans(uow.session, segments, Highlighter(parsed.terms), spread)
    left_out = {(d, start, end) for d, start, end in excluded}
    _check_still_listed(uow, left_out, found)
    for span in left_out:
        del found[span]
    touched = {segment.document_id for segment in segments}
    done = queries.codings.coded_spans(uow.session, target.id, uow.actor.name, touched)
    titles = {segment.document_id: segment.title for segment in segments}
    passages = _passages(uow.session, found, titles, done)
    spans = set(found)
    added = coding.add_codings(uow, target.id, sorted(spans))
    if added:
        audit.record(
            uow,
            "search.code_hits",
            "code",
            target.id,
            f"Coded {added} hit(s) of the search {parsed.text!r} with {path!r}",
            {
                "query": parsed.text,
                "spread": spread,
                "spans": len(spans),
                "added": added,
                "excluded": len(left_out),
            },
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
        excluded=len(left_out),
        passages=passages,
        listed_all=len(spans) <= LISTED_PASSAGES,
    )


def as_preview(result: CodeHitsResult) -> CodeHitsResult:
    """The result marked as a preview's (``preview=True``): its counts say what
    coding all hits would do, and its :meth:`~CodeHitsResult.summary` says "would"."""
    return replace(result, preview=True)
