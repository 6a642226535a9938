"""The document view's memos: every memo on the document, a passage of it or
a coding in it (one call, ``project.memos.in_document``), each with where it
touches the document and what else it is linked to.

An annotation is a memo anchored to a passage of the text without a
coding; the page marks each passage (``data-start``/``data-end`` on its
link, read by ``annotations.js``). Memos are few, so this is cheap however
many codings the document has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qualframe.project import Project
from qualframe.services.coding.document_view import DocumentCoding
from qualframe.services.memos.memos import MemoInfo, MemoLink
from qualframe.vocabulary import MemoTarget
from qualframe.web.coding.transcript import excerpt
from qualframe.web.server.links import coding_link, document_link
from qualframe.web.server.memo_links import LinkShown, shown_link

#: Longest excerpt of a passage shown in the memos list, in code points.
PLACE_CHARS = 80


@dataclass(frozen=True)
class MemoPlace:
    """Where a memo touches the document: ``kind`` "document" (the whole of
    it), "passage" or "coding"; ``text`` says what is there (an excerpt of a
    passage, a coding's code); ``url`` shows it; ``start``/``end`` (code
    points) the span in the text (None for the whole document)."""

    kind: str
    text: str
    url: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class DocumentMemo:
    """One memo in the document's memos list: the memo, its page, the places
    it touches this document, its other links, and whether it is an
    annotation (anchored to a passage here)."""

    memo: MemoInfo
    url: str
    places: tuple[MemoPlace, ...]
    others: tuple[LinkShown, ...]

    @property
    def annotation(self) -> bool:
        """Whether the memo is anchored to a passage of this document."""
        return any(place.kind == "passage" for place in self.places)


@dataclass(frozen=True)
class _Coded:
    """A coding a memo is on, as the list names it: code path, span, excerpt."""

    code: str
    start: int
    end: int
    quoted: str


class _Source:
    """The text and codings the memos list quotes: the page's own when it has
    them (``text``, ``codings``), else read for the few passages and codings
    the memos name (the panel fragment reads no whole document)."""

    def __init__(
        self,
        project: Project,
        document_id: int,
        text: str | None,
        codings: Sequence[DocumentCoding],
        wanted: set[int],
    ) -> None:
        self.project = project
        self.document_id = document_id
        self.text = text
        #: Without the page's text: one read covering every passage the memos
        #: name, as ``(offset, text)`` (None: each passage read on its own).
        self.covering: tuple[int, str] | None = None
        self.coded = {
            c.id: _Coded(c.code, c.start, c.end, self._quote(c.start, c.end))
            for c in codings
            if c.id in wanted
        }

    def read_passages(self, spans: Sequence[tuple[int, int]]) -> None:
        """Without the page's text, read the part of the document holding every
        passage of ``spans`` at once (a document with hundreds of annotated
        Word comments is one read, not hundreds), when the part is within one
        page of text; else each passage is read when quoted."""
        if self.text is not None or not spans:
            return
        low, high = min(s for s, _ in spans), max(e for _, e in spans)
        if high <= low:
            return
        part = self.project.coding.document_text(self.document_id, offset=low, limit=high - low)
        if len(part.text) == high - low:
            self.covering = (low, part.text)

    def _quote(self, start: int, end: int) -> str:
        if self.text is not None:
            return excerpt(self.text, start, end, PLACE_CHARS)
        if self.covering is not None:
            low, text = self.covering
            return excerpt(text, start - low, end - low, PLACE_CHARS)
        part = self.project.coding.document_text(
            self.document_id, offset=start, limit=min(end - start, PLACE_CHARS + 1)
        )
        return excerpt(part.text, 0, end - start, PLACE_CHARS)

    def passage(self, start: int, end: int) -> str:
        """An excerpt of ``[start, end)``, on one line."""
        return self._quote(start, end)

    def coding(self, coding_id: int) -> _Coded:
        """The coding ``coding_id`` of the document."""
        if coding_id not in self.coded:
            record = self.project.coding.get(coding_id)
            quoted = excerpt(record.text, 0, len(record.text), PLACE_CHARS)
            self.coded[coding_id] = _Coded(record.code, record.start, record.end, quoted)
        return self.coded[coding_id]


def _place(project_id: int, source: _Source, link: MemoLink) -> MemoPlace | None:
    """Where ``link`` touches the document of ``source`` (None: it does not)."""
    document_id = source.document_id
    if link.target_type is MemoTarget.DOCUMENT and link.target_id == document_id:
        start, end = link.start, link.end
        if start is None or end is None:
            whole = document_link(project_id, document_id)
            return MemoPlace("document", "the whole document", whole)
        quoted = f"“{source.passage(start, end)}”"
        return MemoPlace(
            "passage", quoted, document_link(project_id, document_id, start, end), start, end
        )
    if link.target_type is MemoTarget.CODING and link.document_id == document_id:
        assert link.target_id is not None
        url = coding_link(project_id, document_id, link.target_id)
        coded = source.coding(link.target_id)
        return MemoPlace("coding", f"{coded.code}: “{coded.quoted}”", url, coded.start, coded.end)
    return None


def document_memo(project_id: int, source: _Source, memo: MemoInfo) -> DocumentMemo:
    """How the memos list shows ``memo``."""
    places: list[MemoPlace] = []
    others: list[LinkShown] = []
    for link in memo.links:
        place = _place(project_id, source, link)
        if place is not None:
            places.append(place)
        else:
            others.append(shown_link(project_id, link))
    return DocumentMemo(
        memo, f"/projects/{project_id}/memos/{memo.id}", tuple(places), tuple(others)
    )


def document_memos(
    project: Project,
    document_id: int,
    text: str | None = None,
    codings: Sequence[DocumentCoding] = (),
) -> list[DocumentMemo]:
    """The memos on the document (its own, its passages', its codings'), oldest
    first, as the list shows them: one read, then the passages and codings
    they name are quoted from ``text`` and ``codings`` (the document's whole
    text and the codings the page holds) or, without them, read: the
    passages in one read, the codings one by one.
    Raises :class:`~qualframe.errors.NotFoundError` for an unknown document."""
    memos = project.memos.in_document(document_id)
    wanted = {
        link.target_id
        for memo in memos
        for link in memo.links
        if link.target_type is MemoTarget.CODING and link.target_id is not None
    }
    source = _Source(project, document_id, text, codings if wanted else (), wanted)
    source.read_passages(
        [
            (link.start, link.end)
            for memo in memos
            for link in memo.links
            if link.target_type is MemoTarget.DOCUMENT
            and link.target_id == document_id
            and link.start is not None
            and link.end is not None
        ]
    )
    return [document_memo(project.info.id, source, memo) for memo in memos]


def new_memo_url(project_id: int, document_id: int, passage: tuple[int, int] | None = None) -> str:
    """The memo form pre-linked to the document (or to a passage of it)."""
    value = f"document:{document_id}"
    if passage is not None:
        value += f":{passage[0]}-{passage[1]}"
    return f"/projects/{project_id}/memos/new?link={value}"
