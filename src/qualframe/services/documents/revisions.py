"""Text revisions: replacing a document's text while keeping its codings.

A transcript is corrected after coding started, or was imported by older
readers (raw Markdown, a PDF with line numbers) and is read again with
today's. :func:`replace_text` stores the new text, keeps the old one as a
revision of the document, and carries every coding across by aligning the
two texts (:func:`qualframe.formats.offset_maps.edit_map`):

* a coding whose text is unchanged at its new place is *kept* (moved when
  its offsets changed);
* a coding whose text changed (an edit inside it) keeps the span its text
  maps to and is listed *to review*;
* a coding whose text is gone is removed and listed as *removed*, with its
  code, old text and span (also kept in the revision's details). A removed
  coding quoted in the framework matrix stops the replacement (unlink the
  quote first): nothing is ever dropped silently.

Speaker mappings made for one section ("The Witness" of a witness's
evidence) move to the new text's section with the same heading; those whose
heading is gone are listed. A turn's own mapping moves to the new turn with
the same label that starts where the old turn's start lands; those that
find no such turn are listed.

Speaker turns, segments and their search index, sections and pages are
read afresh from the new text (turns keep their participants through the
speaker mappings); memos' links to a passage move with it (a link whose
passage is gone becomes a link to the whole document), and so do the
passages quoted in the framework matrix (a quote whose passage is gone
quotes its whole coding again). The reader is chosen by the file's name, as
on import. A preview is this use case run as a dry run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from qualframe.errors import InputFileError, ValidationError
from qualframe.formats.documents import (
    READERS_VERSION,
    DocumentFormat,
    ParsedDocument,
    SpeakerHints,
    document_format,
    read_document,
    read_document_bytes,
)
from qualframe.formats.offset_maps import OffsetMap, edit_map
from qualframe.formats.quoting import CodedSpan, clamped_passage
from qualframe.formats.sources import Source, UploadedFile
from qualframe.services.core import audit, evidence_folding, references
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version, touch
from qualframe.services.core.wording import counted
from qualframe.services.documents import file_import, file_reading, turn_mappings
from qualframe.services.documents.attribution import reattribute_document
from qualframe.storage import queries, search_index
from qualframe.storage.models import (
    Code,
    Coding,
    Document,
    MemoLinkRow,
    SpeakerMapping,
)
from qualframe.storage.queries.speakers import SectionMappingRow

#: Formats whose stored text is the file's own decoded text, so it can be read
#: again without the file (older readers stored Markdown and RST raw).
_REREADABLE = frozenset(
    {DocumentFormat.TEXT, DocumentFormat.MARKDOWN, DocumentFormat.RST, DocumentFormat.HTML}
)


@dataclass(frozen=True)
class RevisedCoding:
    """A coding the replacement changed: its id, code, text before and after
    (``after`` None and no span when its text is gone) and its new span.
    ``merged_into`` is the coding it became the same as (same code, coder and
    new span): it is removed, the other kept."""

    id: int
    code: str
    before: str
    after: str | None
    start: int | None
    end: int | None
    merged_into: int | None = None


@dataclass(frozen=True)
class TextRevision:
    """What replacing a document's text did (or, as a preview, would do).

    ``revision`` is the number under which the old text is kept;
    ``version`` the document's new version; ``kept`` codings have the same
    text (``moved`` of them at new offsets); ``to_review`` kept a changed
    text; ``removed`` lost theirs. ``memos_moved``: memos with a passage link
    that moved; ``quotes_moved``: passages quoted in matrix cells that moved
    (or, gone, became whole codings); ``unchanged`` when the new text is the
    old one (nothing done).
    """

    document: str
    version: int
    revision: int
    length_before: int
    length_after: int
    kept: int
    moved: int
    to_review: tuple[RevisedCoding, ...]
    removed: tuple[RevisedCoding, ...]
    turns: int
    sections: int
    memos_moved: int = 0
    unchanged: bool = False
    #: Section mappings ("The Witness" in one section) whose heading is not in the
    #: new text, as ``"label in 'heading'"``: they are gone, and listed here.
    mappings_dropped: tuple[str, ...] = ()
    #: Turns' own mappings whose turn is not in the new text (no turn with its
    #: label starts where it started), as ``"label in turn N ('words…'), was
    #: who"`` (N: its number in the old text): they are gone, and listed here.
    turn_mappings_dropped: tuple[str, ...] = ()
    #: Passages quoted in matrix cells (sub-spans of the document's codings) that
    #: moved, or became whole codings when their text was gone.
    quotes_moved: int = 0

    def summary(self) -> str:
        """One sentence for people."""
        if self.unchanged:
            return f"The text of {self.document!r} is unchanged; nothing was done."
        parts = [
            f"Replaced the text of {self.document!r} ({self.length_before:,} -> "
            f"{self.length_after:,} characters; the old text is revision {self.revision})",
            f"{counted(self.kept, 'coding')} kept ({self.moved} moved)",
        ]
        if self.to_review:
            parts.append(f"{counted(len(self.to_review), 'coding')} to review (text changed)")
        if self.removed:
            parts.append(f"{counted(len(self.removed), 'coding')} removed (text gone)")
        if self.mappings_dropped:
            dropped = ", ".join(self.mappings_dropped)
            parts.append(f"section mappings dropped (heading gone): {dropped}")
        if self.turn_mappings_dropped:
            dropped = "; ".join(self.turn_mappings_dropped)
            parts.append(f"turn mappings dropped (turn gone): {dropped}")
        return "; ".join(parts) + "."


def replace_text(
    uow: UnitOfWork,
    document: Ref,
    source: Source | None = None,
    *,
    reason: str = "",
    encoding: str | None = None,
    if_version: int | None = None,
) -> TextRevision:
    """Replace the text of ``document`` with the text read from ``source`` (a
    path or an upload, read as on import), or, without a source, re-read its
    stored text with today's readers (text, Markdown, reStructuredText and
    HTML documents only). Codings are carried across (see the module
    docstring); returns what happened.

    ``reason`` is kept with the old text; ``if_version`` is the document
    version you read (a different one raises
    :class:`~qualframe.errors.StaleVersionError`). Raises
    :class:`InputFileError` naming the file for a bad file,
    :class:`ValidationError` when the text cannot be re-read without its
    file or is another document's text or ``reason`` is longer than the
    ``field_characters`` limit or holds a NUL, and
    :class:`~qualframe.errors.ConflictError` when a coding whose text is
    gone is quoted in the framework matrix. Nothing is written then.
    """
    # Kept with the old text and in the audit log: a free-text field, checked
    # first (a NUL fails on PostgreSQL only; a huge one would bloat the log).
    check_field(reason, "reason for replacing the text")
    found = find_document(uow, document)
    check_version(found, if_version, f"the document {found.name!r}")
    parsed = _new_reading(found, source, encoding, file_reading.speaker_hints(uow))
    read = file_reading.prepared(parsed)
    if isinstance(read, file_reading.Unreadable):
        raise InputFileError(_shown(source, found), read.problem)
    old = found.text
    if read.text == old and _readers(found) >= READERS_VERSION:
        return _unchanged(found)  # the same text, already read by today's readers
    other = queries.documents.content_hashes(uow.session, uow.project_id).get(read.content_hash)
    if other is not None and other != found.name:
        raise ValidationError(
            f"{_shown(source, found)}: this text is already the document {other!r}; "
            "a project holds each text once."
        )
    mapping = edit_map(old, read.text)
    kept, moved, review, removed, moves = _carry_codings(uow, found, mapping, read.text)
    gone = [c.id for c in removed]
    references.refuse_quoted_codings(uow, gone, f"Replacing the text of {found.name!r}")
    memos_moved = _carry_memos(uow, found.id, mapping)
    quotes_moved = _carry_quotes(uow, found.id, mapping, moves)
    revision = _keep_old_text(uow, found, source, reason, review, removed)
    kept_mappings = queries.speakers.section_mappings(uow.session, found.id)
    kept_turns = turn_mappings.keep_turn_mappings(uow, found.id)
    _store_new_text(uow, found, parsed, read)
    dropped = _restore_section_mappings(uow, found.id, kept_mappings)
    turns_dropped = turn_mappings.restore_turn_mappings(uow, found, old, kept_turns, mapping)
    queries.memos.unlink_coding_memos(uow.session, gone)
    queries.codings.delete_codings(uow.session, gone)
    queries.codings.move_codings(uow.session, moves)
    reattribute_document(uow.session, uow.project_id, found.id)
    uow.session.flush()
    result = TextRevision(
        found.name,
        found.version,
        revision,
        len(old),
        len(read.text),
        kept,
        moved,
        tuple(review),
        tuple(removed),
        len(read.turns),
        len(read.sections),
        memos_moved,
        mappings_dropped=dropped,
        turn_mappings_dropped=turns_dropped,
        quotes_moved=quotes_moved,
    )
    audit.record(
        uow,
        "document.replace",
        "document",
        found.id,
        result.summary(),
        {
            "revision": revision,
            "file": _shown(source, found),
            "reason": reason,
            "to_review": [dataclasses.asdict(c) for c in review],
            "removed": [dataclasses.asdict(c) for c in removed],
            "turn_mappings_dropped": list(turns_dropped),
        },
    )
    return result


def _restore_section_mappings(
    uow: UnitOfWork, document_id: int, kept: Sequence[SectionMappingRow]
) -> tuple[str, ...]:
    """Map labels again in the new text's sections that have the same heading (the
    nearest in order when several do); returns the mappings whose heading is gone."""
    sections = queries.structure.sections_of(uow.session, document_id)
    dropped = []
    taken: set[tuple[int, str]] = set()  # one mapping of a label per section
    for mapping in kept:
        same = [
            s
            for s in sections
            if s.title == mapping.title
            and s.level == mapping.level
            and (s.id, mapping.label) not in taken
        ]
        if not same:
            dropped.append(f"{mapping.label} in {mapping.title!r}")
            continue
        section = min(same, key=lambda s: abs(s.position - mapping.position))
        taken.add((section.id, mapping.label))
        uow.session.add(
            SpeakerMapping(
                project_id=uow.project_id,
                document_id=document_id,
                section_id=section.id,
                label=mapping.label,
                role=mapping.role,
                participant_id=mapping.participant_id,
            )
        )
    uow.session.flush()
    return tuple(dropped)


def _shown(source: Source | None, found: Document) -> str:
    """How the file is named in messages (the document's name for a re-read)."""
    if source is None:
        return found.name
    return source.name if isinstance(source, UploadedFile) else str(source)


def _new_reading(
    found: Document, source: Source | None, encoding: str | None, hints: SpeakerHints
) -> ParsedDocument:
    """The new text and structure: the file read, or the stored text re-read."""
    if isinstance(source, UploadedFile):
        return read_document_bytes(source.data, source.name, encoding=encoding, speakers=hints)
    if source is not None:
        return read_document(Path(source), encoding=encoding, speakers=hints)
    kind = document_format(found.name)
    if kind not in _REREADABLE:
        raise ValidationError(
            f"{found.name}: a {kind.value.upper()} document cannot be read again without its "
            "file; give the file to replace its text with."
        )
    if _readers(found) >= READERS_VERSION:
        raise ValidationError(
            f"{found.name}: the text was read by today's readers already; give a corrected "
            "file to replace it."
        )
    return read_document_bytes(
        found.text.encode("utf-8"), PurePath(found.name).name, speakers=hints
    )


def _readers(found: Document) -> int:
    """The generation of the readers that read the document's text (1: before
    qualframe recorded it)."""
    return int((found.details or {}).get("readers", 1))


def _unchanged(found: Document) -> TextRevision:
    length = found.length
    return TextRevision(found.name, found.version, 0, length, length, 0, 0, (), (), 0, 0, 0, True)


def _carry_codings(
    uow: UnitOfWork, found: Document, mapping: OffsetMap, new: str
) -> tuple[int, int, list[RevisedCoding], list[RevisedCoding], list[tuple[int, int, int, str]]]:
    """Where each coding goes; returns (kept, moved, to review, removed, the moves
    ``(id, start, end, quote)`` to make). A coding that lands on the span of an
    earlier one of the same code and coder is merged into it (removed, listed)."""
    kept = moved = 0
    review: list[RevisedCoding] = []
    removed: list[RevisedCoding] = []
    moves: list[tuple[int, int, int, str]] = []
    landed: dict[tuple[int, str, int, int], int] = {}
    old = found.text
    coding: Coding
    for coding in queries.codings.codings_of_document(uow.session, found.id):
        before = old[coding.start : coding.end]
        start, end = mapping.span(coding.start, coding.end)
        if start >= end:
            removed.append(RevisedCoding(coding.id, _code(uow, coding), before, None, None, None))
            continue
        after = new[start:end]
        twin = landed.setdefault((coding.code_id, coding.coder, start, end), coding.id)
        if twin != coding.id:
            removed.append(
                RevisedCoding(coding.id, _code(uow, coding), before, after, start, end, twin)
            )
            continue
        if after != before:
            review.append(RevisedCoding(coding.id, _code(uow, coding), before, after, start, end))
        else:
            kept += 1
            moved += (start, end) != (coding.start, coding.end)
        if (start, end, after) != (coding.start, coding.end, coding.quote):
            moves.append((coding.id, start, end, after))
    return kept, moved, review, removed, moves


def _code(uow: UnitOfWork, coding: Coding) -> str:
    code = uow.session.get(Code, coding.code_id)
    return code.name if code is not None else str(coding.code_id)


def _carry_memos(uow: UnitOfWork, document_id: int, mapping: OffsetMap) -> int:
    """Move memos' links to passages of the document; a link whose passage is
    gone becomes a link to the whole document (or goes, when the memo has
    that link, or one to the passage it lands on, already). Each memo whose
    links changed counts one more version; returns how many."""
    links: Sequence[MemoLinkRow] = queries.memos.passage_memos(uow.session, document_id)
    spans: list[tuple[MemoLinkRow, tuple[int, int] | None]] = []
    for link in links:
        assert link.start is not None and link.end is not None
        start, end = mapping.span(link.start, link.end)
        spans.append((link, (start, end) if start < end else None))
    whole = queries.memos.whole_document_links(uow.session, document_id)
    taken: set[tuple[int, tuple[int, int] | None]] = {(memo, None) for memo in whole}
    taken |= {(link.memo_id, span) for link, span in spans if span == (link.start, link.end)}
    moved = [(link, span) for link, span in spans if span != (link.start, link.end)]
    for link, _ in moved:
        uow.session.delete(link)
    uow.session.flush()  # the old rows go first: a moved link may take another's place
    for link, span in moved:
        if (link.memo_id, span) in taken:
            continue  # the memo has that link already
        taken.add((link.memo_id, span))
        uow.session.add(
            MemoLinkRow(
                memo_id=link.memo_id,
                position=link.position,
                document_id=document_id,
                start=span[0] if span is not None else None,
                end=span[1] if span is not None else None,
            )
        )
    changed = {link.memo_id for link, _ in moved}
    uow.session.flush()
    queries.memos.count_memo_versions(uow.session, changed)
    return len(changed)


def _carry_quotes(
    uow: UnitOfWork,
    document_id: int,
    mapping: OffsetMap,
    moves: Sequence[tuple[int, int, int, str]],
) -> int:
    """Move the passages the matrix quotes of the document's codings as the
    codings move (``moves``: ``(coding id, start, end, quote)``), kept inside
    each coding's new span by the rule a changed coding follows
    (:func:`~qualframe.formats.quoting.clamped_passage`: trimmed, and the
    whole coding when nothing of the passage is left). Removed codings have
    no quotes (refused before). Each cell whose quote changed counts one more
    version. Passages quoted as change-model evidence are carried the same
    way. Returns how many quote passages changed (cells' and evidence's)."""
    spans = {
        coding.id: CodedSpan(coding.id, coding.start, coding.end, coding.quote)
        for coding in queries.codings.codings_of_document(uow.session, document_id)
    }
    spans.update({c_id: CodedSpan(c_id, start, end, quote) for c_id, start, end, quote in moves})
    changed = []
    for quote in queries.cells.passages_of_codings(uow.session, list(spans)):
        start, end = mapping.span(quote.start, quote.end)
        kept = clamped_passage(spans[quote.coding_id], start, end) if start < end else None
        if kept != (quote.start, quote.end):
            changed.append((quote.cell_id, quote.coding_id, *(kept or (None, None))))
    queries.cells.set_quote_passages(uow.session, changed)
    for cell in queries.cells.cells_by_id(uow.session, {row[0] for row in changed}).values():
        touch(cell)
    # Passages quoted as change-model evidence move by the same rule.
    evidence = evidence_folding.keep_evidence_passages_inside(uow, spans, mapping.span)
    return len(changed) + evidence


def _keep_old_text(
    uow: UnitOfWork,
    found: Document,
    source: Source | None,
    reason: str,
    review: Sequence[RevisedCoding],
    removed: Sequence[RevisedCoding],
) -> int:
    details = {
        "file": _shown(source, found),
        "format": found.format,
        "readers": _readers(found),
        "to_review": [dataclasses.asdict(c) for c in review],
        "removed": [dataclasses.asdict(c) for c in removed],
    }
    why = reason or ("re-read with today's readers" if source is None else "replaced by a file")
    return queries.structure.add_revision(
        uow.session,
        found.id,
        found.text,
        found.content_hash,
        reason=why,
        details=details,
        by=uow.actor.name,
    )


def _store_new_text(
    uow: UnitOfWork, found: Document, parsed: ParsedDocument, read: file_reading.Prepared
) -> None:
    """Swap the text and everything read from it (turns, segments, index, sections, pages)."""
    search_index.unindex_documents(uow.session, [found.id])
    queries.structure.delete_structure(uow.session, found.id)
    queries.structure.delete_turns_and_segments(uow.session, found.id)
    found.text = read.text
    found.length = len(read.text)
    found.content_hash = read.content_hash
    found.format = read.format
    details = dict(read.details)
    details["file"] = (found.details or {}).get("file", parsed.name)
    found.details = details
    uow.session.flush()
    # A replacement file's comments are not imported again: they are memos already.
    writer = file_import.DocumentWriter(uow, [])
    writer.write_structure(found.id, dataclasses.replace(read, comments=[]))


__all__ = ["RevisedCoding", "TextRevision", "replace_text"]
