"""Reading one document for the document view: its text in blocks, who speaks,
its codings and the codes that can be applied.

The view shows the stored text exactly, cut into *reading blocks*:
paragraphs (blocks of lines separated by blank lines), cut where a speaker
turn starts or ends, and long paragraphs cut at line ends. Blocks are
trimmed of white space; the white space between them is not shown. Offsets
are code points of the stored (NFC) text, end exclusive, as everywhere.

:func:`document_view` is one lean read (plain rows, a handful of queries,
no pandas) because the view of a 60,000-word transcript with 2,000
codings must be served in a few hundred milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from qualframe.errors import NotFoundError
from qualframe.formats.segmentation import paragraph_spans, pieces_within_turns
from qualframe.formats.speaker_turns import words_start
from qualframe.services.codebook.tree import PATH_SEPARATOR, resolve_code
from qualframe.services.coding.passage import Passage
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.library import DocumentHead
from qualframe.storage import queries
from qualframe.storage.models.base import as_utc
from qualframe.storage.queries.codes import CodeRow
from qualframe.storage.queries.codings import CodingRow
from qualframe.storage.queries.speakers import (
    MappingRow,
    SectionMappingRow,
    TurnMappingRow,
    TurnRow,
)
from qualframe.vocabulary import SpeakerRole

#: Paragraphs longer than this (code points) are cut at line ends into blocks
#: of about this size, so a transcript without blank lines still reads (and
#: renders) in pieces.
MAX_BLOCK_CHARS = 1500
#: How many recently applied codes the view offers as numbered shortcuts.
RECENT_CODES = 9
#: Colour of codes that have none (imported codebooks): a neutral grey.
DEFAULT_COLOUR = "#777777"


@dataclass(frozen=True)
class ViewParticipant:
    """A participant the document records: id, identifier, case name."""

    id: int
    identifier: str
    case: str


@dataclass(frozen=True)
class ViewTurn:
    """A speaker turn as the view shows it.

    ``label_end`` is where the turn's words begin (after the label and its
    ``:``); ``role`` is what the turn stands for (None: unmapped): by its own
    mapping when ``own_mapping``, else by its label's mapping here;
    ``participant`` the identifier of the participant it maps to.
    """

    label: str
    start: int
    end: int
    label_end: int
    role: SpeakerRole | None
    participant_id: int | None
    participant: str | None
    case: str | None
    own_mapping: bool = False


@dataclass(frozen=True)
class ViewSection:
    """A section heading of the document, for the outline: its title, level (1
    the highest) and where it starts (code points)."""

    title: str
    level: int
    start: int


@dataclass(frozen=True)
class ReadingBlock:
    """A block of text ``[start, end)`` (code points); ``turn`` is the index of
    the speaker turn it lies in (None: outside every turn)."""

    start: int
    end: int
    turn: int | None


@dataclass(frozen=True)
class ViewCode:
    """A code for the palette, the filters and the highlights.

    ``path`` is written "Theme > Sub-code"; ``colour`` is ``#RRGGBB`` (grey
    for codes without one); codes come in tree order, ``depth`` 0 at the top.
    """

    id: int
    name: str
    path: str
    depth: int
    parent_id: int | None
    colour: str
    retired: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentCoding(Passage):
    """A coding of the document as the view and the API list it: a
    :class:`Passage` (its span, code points, end exclusive, and who speaks at
    its start) with its id, code and coder.

    ``code`` is the code's path, ``colour`` its ``#RRGGBB``; ``memos``
    counts the memos on the coding; ``created_at`` (UTC) is None in the
    :class:`DocumentView`, which does not show it.
    """

    id: int
    code_id: int
    code: str
    colour: str
    coder: str
    memos: int
    created_at: datetime | None


@dataclass(frozen=True)
class DocumentView(DocumentHead):
    """Everything the document view shows of one document (see
    :class:`~qualframe.services.documents.library.DocumentHead` for the first
    fields): its stored ``text``, linked participants, speaker turns, reading
    blocks, codings and codes. ``unmapped_labels`` are the
    speaker labels of this document that map to nothing here;
    ``recent_code_ids`` are the acting coder's most recently applied codes
    that can still be applied, newest first.
    """

    text: str
    participants: tuple[ViewParticipant, ...]
    turns: tuple[ViewTurn, ...]
    blocks: tuple[ReadingBlock, ...]
    codings: tuple[DocumentCoding, ...]
    codes: tuple[ViewCode, ...]
    recent_code_ids: tuple[int, ...]
    unmapped_labels: tuple[str, ...]
    sections: tuple[ViewSection, ...] = ()

    @property
    def coders(self) -> dict[str, int]:
        """``{coder: number of codings}`` of this document, by name."""
        counts: dict[str, int] = {}
        for coding in self.codings:
            counts[coding.coder] = counts.get(coding.coder, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: item[0].casefold()))


# ---------------------------------------------------------------- reading blocks


def reading_blocks(text: str, turns: Sequence[tuple[int, int]]) -> list[ReadingBlock]:
    """The reading blocks of ``text`` (see the module docstring), in order.

    ``turns`` are the speaker turns' ``(start, end)`` in text order, not
    overlapping. Blocks are trimmed, never empty, and never cross a turn
    boundary. Pure; never raises.
    """
    blocks: list[ReadingBlock] = []
    for start, end, turn in pieces_within_turns(paragraph_spans(text), turns):
        _add_blocks(blocks, text, start, end, turn)
    return blocks


def _add_blocks(
    blocks: list[ReadingBlock], text: str, start: int, end: int, turn: int | None
) -> None:
    """Append ``[start, end)`` trimmed, cut at line ends into pieces of about
    :data:`MAX_BLOCK_CHARS` when longer."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_BLOCK_CHARS:
        cut = text.find("\n", start + MAX_BLOCK_CHARS, end)
        if cut < 0:
            break
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            blocks.append(ReadingBlock(start, piece_end, turn))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        blocks.append(ReadingBlock(start, end, turn))


# ---------------------------------------------------------------- codes


def codes_in_tree_order(rows: Sequence[CodeRow]) -> list[ViewCode]:
    """The codes of ``rows`` each before its sub-codes, siblings in the rows' order."""
    children: dict[int | None, list[CodeRow]] = {}
    known = {row.id for row in rows}
    for row in rows:
        parent = row.parent_id if row.parent_id in known else None
        children.setdefault(parent, []).append(row)
    ordered: list[ViewCode] = []
    stack: list[tuple[CodeRow, tuple[str, ...]]] = [
        (row, (row.name,)) for row in reversed(children.get(None, []))
    ]
    seen: set[int] = set()
    while stack:
        row, path = stack.pop()
        if row.id in seen:  # guards against a (forbidden) cycle
            continue
        seen.add(row.id)
        ordered.append(
            ViewCode(
                id=row.id,
                name=row.name,
                path=PATH_SEPARATOR.join(path),
                depth=len(path) - 1,
                parent_id=row.parent_id,
                colour=(row.colour or DEFAULT_COLOUR).upper(),
                retired=bool(row.retired),
            )
        )
        stack.extend((child, (*path, child.name)) for child in reversed(children.get(row.id, [])))
    return ordered


def _recent(code_ids: Sequence[int], codes: dict[int, ViewCode]) -> tuple[int, ...]:
    """The first :data:`RECENT_CODES` distinct codes of ``code_ids`` still applicable."""
    recent: list[int] = []
    for code_id in code_ids:
        code = codes.get(code_id)
        if code is not None and not code.retired and code_id not in recent:
            recent.append(code_id)
            if len(recent) == RECENT_CODES:
                break
    return tuple(recent)


# ---------------------------------------------------------------- speakers


def _view_turns(
    text: str,
    turns: Sequence[TurnRow],
    mappings: Sequence[MappingRow],
    sections: Sequence[SectionMappingRow],
    own: Mapping[int, TurnMappingRow],
    people: dict[int, tuple[str, str]],
) -> list[ViewTurn]:
    """Turns with what they stand for: the turn's own mapping (``own``, by turn
    id), else the innermost section's mapping of the label, else this
    document's, else the project's."""
    roles = {row.label: SpeakerRole(row.role) for row in sorted(mappings, key=lambda m: m.own)}

    def role(turn: TurnRow) -> SpeakerRole | None:
        if turn.id in own:
            return own[turn.id].role
        for mapping in sections:  # innermost first
            if mapping.label == turn.label and mapping.start <= turn.start < mapping.end:
                return SpeakerRole(mapping.role)
        return roles.get(turn.label)

    views = []
    for turn in turns:
        participant, case = _who(people, turn.participant_id)
        views.append(
            ViewTurn(
                turn.label,
                turn.start,
                turn.end,
                words_start(text, turn.start, turn.end, turn.label),
                role(turn),
                turn.participant_id,
                participant,
                case,
                own_mapping=turn.id in own,
            )
        )
    return views


def _who(people: dict[int, tuple[str, str]], participant_id: int | None) -> tuple[str | None, ...]:
    """The identifier and case name of participant ``participant_id`` in ``people``
    (``{id: (identifier, case name)}``); ``(None, None)`` for nobody."""
    found = people.get(participant_id) if participant_id is not None else None
    return found or (None, None)


# ---------------------------------------------------------------- the view


def _codings(
    document: tuple[int, str],
    rows: Sequence[CodingRow],
    codes: dict[int, ViewCode],
    people: dict[int, tuple[str, str]],
    memos: dict[int, int],
) -> list[DocumentCoding]:
    """The codings ``rows`` of ``document`` (id, name) as records."""
    document_id, name = document
    codings = []
    for row in rows:
        code = codes.get(row.code_id)
        codings.append(
            DocumentCoding(
                id=row.id,
                code_id=row.code_id,
                code=code.path if code else "",
                colour=code.colour if code else DEFAULT_COLOUR,
                document_id=document_id,
                document=name,
                start=row.start,
                end=row.end,
                coder=row.coder,
                speaker=row.speaker,
                participant=_who(people, row.participant_id)[0],
                memos=memos.get(row.id, 0),
                created_at=as_utc(row.created_at) if row.created_at is not None else None,
            )
        )
    return codings


def _codes_by_id(uow: UnitOfWork) -> dict[int, ViewCode]:
    """``{code id: code}`` of the project's codebook, in tree order."""
    rows = queries.codes.code_rows(uow.session, uow.project_id)
    return {code.id: code for code in codes_in_tree_order(rows)}


def _document_id(uow: UnitOfWork, document: Ref) -> int:
    if isinstance(document, int) and not isinstance(document, bool):
        return document
    return find_document(uow, document).id


def document_view(uow: UnitOfWork, document: Ref) -> DocumentView:
    """One document as the document view shows it (see :class:`DocumentView`).

    ``document`` is a name or id. Reads only; raises :class:`NotFoundError`
    when the project has no such document.
    """
    document_id = _document_id(uow, document)
    row = queries.documents.document_view_row(uow.session, uow.project_id, document_id)
    if row is None:
        raise NotFoundError(f"There is no document with id {document_id} in this project.")
    linked = queries.documents.linked_participants_with_cases(uow.session, row.id)
    turn_rows = queries.speakers.turn_rows(uow.session, row.id)
    coding_rows = queries.codings.coding_rows_of_document(uow.session, uow.project_id, row.id)
    wanted = {t.participant_id for t in turn_rows} | {c.participant_id for c in coding_rows}
    people = {pid: (identifier, case) for pid, identifier, case in linked}
    people.update(
        queries.people.identifiers_and_case_names(
            uow.session, {p for p in wanted if p is not None} - people.keys()
        )
    )
    codes = _codes_by_id(uow)
    turns = _view_turns(
        row.text,
        turn_rows,
        queries.speakers.mapping_rows(uow.session, uow.project_id, row.id),
        queries.speakers.section_mappings(uow.session, row.id),
        queries.speakers.turn_mappings(uow.session, uow.project_id, row.id),
        people,
    )
    memos = queries.memos.memo_counts_by_coding(uow.session, row.id)
    codings = _codings((row.id, row.name), coding_rows, codes, people, memos)
    recent = queries.codings.recent_code_ids(uow.session, uow.project_id, uow.actor.name)
    return DocumentView(
        id=row.id,
        guid=row.guid,
        version=row.version,
        name=row.name,
        title=row.title or row.name,
        format=row.format,
        length=row.length,
        words=int((row.details or {}).get("words") or len(row.text.split())),
        text=row.text,
        participants=tuple(ViewParticipant(*person) for person in linked),
        turns=tuple(turns),
        blocks=tuple(reading_blocks(row.text, [(t.start, t.end) for t in turn_rows])),
        codings=tuple(codings),
        codes=tuple(codes.values()),
        recent_code_ids=_recent(recent, codes),
        unmapped_labels=tuple(sorted({t.label for t in turns if t.role is None})),
        sections=tuple(
            ViewSection(section.title, section.level, section.start)
            for section in queries.structure.sections_of(uow.session, row.id)
        ),
    )


def document_codings(
    uow: UnitOfWork,
    document: Ref,
    *,
    codes: Sequence[Ref] | None = None,
    coder: str | None = None,
) -> list[DocumentCoding]:
    """The codings of one document in text order; with ``codes`` (ids, names
    or paths) only codings of those codes, with ``coder`` only that coder's.

    Raises :class:`NotFoundError` for an unknown document or code.
    """
    found = find_document(uow, document)
    view_id = found.id
    code_ids = None if codes is None else {resolve_code(uow, ref).id for ref in codes}
    rows = [
        row
        for row in queries.codings.coding_rows_of_document(
            uow.session, uow.project_id, view_id, times=True
        )
        if (code_ids is None or row.code_id in code_ids) and (coder is None or row.coder == coder)
    ]
    tree = _codes_by_id(uow)
    people = queries.people.identifiers_and_case_names(
        uow.session, {r.participant_id for r in rows if r.participant_id}
    )
    memos = queries.memos.memo_counts_by_coding(uow.session, view_id)
    return _codings((view_id, found.name), rows, tree, people, memos)
