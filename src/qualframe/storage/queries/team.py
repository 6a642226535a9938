"""SQL of coding as a team: the codings agreement is measured on, agreement
rounds with their documents, codes and coders, the resolutions of their
disagreements, and the cell history two analysts' statuses are compared on.

The services (:mod:`qualframe.services.team`) own the rules (which coders,
which units, what a disagreement is); these functions only read and write
rows. The codings are read as plain rows (an agreement over a whole project
reads every coding of its documents).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, distinct, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from qualframe.storage.bulk import plain_rows
from qualframe.storage.models import (
    AgreementRound,
    Case,
    CellRevision,
    Coding,
    DisagreementResolution,
    MatrixCell,
    Participant,
    RoundCode,
    RoundCoder,
    RoundDocument,
    SpeakerTurn,
)
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import CellStatus, RowKind

_FETCH = {"synchronize_session": "fetch"}

# ---------------------------------------------------------------- codings


class ScopeCoding(NamedTuple):
    """A coding as agreement reads it: its id, document, code, span (code
    points, end exclusive), coder and coded text."""

    id: int
    document_id: int
    code_id: int
    start: int
    end: int
    coder: str
    quote: str


def coders_by_document(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> dict[int, set[str]]:
    """``{document id: the coders with at least one coding in it}`` (any code),
    for the given documents (all of the project's when None)."""
    query = (
        select(Coding.document_id, Coding.coder)
        .where(Coding.project_id == project_id)
        .group_by(Coding.document_id, Coding.coder)
    )
    found: dict[int, set[str]] = {}
    pieces = (
        [query]
        if document_ids is None
        else [query.where(Coding.document_id.in_(chunk)) for chunk in chunks(document_ids)]
    )
    for piece in pieces:
        for document_id, coder in session.execute(piece):
            found.setdefault(document_id, set()).add(coder)
    return found


def coder_counts(session: Session, project_id: int) -> list[tuple[str, int, int]]:
    """``(coder, documents coded, codings)`` of everyone with a coding in the project."""
    query = (
        select(Coding.coder, func.count(distinct(Coding.document_id)), func.count(Coding.id))
        .where(Coding.project_id == project_id)
        .group_by(Coding.coder)
    )
    return [
        (coder, int(documents), int(codings))
        for coder, documents, codings in session.execute(query)
    ]


def project_coders(session: Session, project_id: int) -> list[str]:
    """The names of everyone with a coding in the project, by name."""
    query = select(Coding.coder).where(Coding.project_id == project_id).distinct()
    return sorted(session.scalars(query))


def scope_codings(
    session: Session,
    project_id: int,
    document_ids: Collection[int],
    code_ids: Collection[int] | None = None,
) -> list[ScopeCoding]:
    """Every coding (of every coder) of the documents, of ``code_ids`` (any
    code when None), by document, start, end and id."""
    found: list[ScopeCoding] = []
    for chunk in chunks(document_ids):
        query = select(
            Coding.id,
            Coding.document_id,
            Coding.code_id,
            Coding.start,
            Coding.end,
            Coding.coder,
            Coding.quote,
        ).where(Coding.project_id == project_id, Coding.document_id.in_(chunk))
        if code_ids is not None:
            query = query.where(Coding.code_id.in_(sorted(code_ids)))
        found += [ScopeCoding(*row) for row in plain_rows(session, query)]
    return sorted(found, key=lambda c: (c.document_id, c.start, c.end, c.id))


def document_turns(
    session: Session, document_ids: Collection[int]
) -> dict[int, list[tuple[int, int]]]:
    """``{document id: its speaker turns as (start, end), in text order}`` (one
    statement per batch of documents; a document without turns is left out)."""
    found: dict[int, list[tuple[int, int]]] = {}
    for chunk in chunks(document_ids):
        query = (
            select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
            .where(SpeakerTurn.document_id.in_(chunk))
            .order_by(SpeakerTurn.document_id, SpeakerTurn.start)
        )
        for document_id, start, end in session.execute(query):
            found.setdefault(document_id, []).append((start, end))
    return found


def used_code_ids(
    session: Session, project_id: int, document_ids: Collection[int], coders: Collection[str]
) -> set[int]:
    """The ids of the codes ``coders`` applied in the documents."""
    found: set[int] = set()
    for chunk in chunks(document_ids):
        query = (
            select(Coding.code_id)
            .where(
                Coding.project_id == project_id,
                Coding.document_id.in_(chunk),
                Coding.coder.in_(sorted(coders)),
            )
            .distinct()
        )
        found.update(session.scalars(query))
    return found


# ---------------------------------------------------------------- rounds


def rounds_of(session: Session, project_id: int) -> list[AgreementRound]:
    """The project's agreement rounds, by name."""
    query = select(AgreementRound).where(AgreementRound.project_id == project_id)
    return list(session.scalars(query.order_by(AgreementRound.name, AgreementRound.id)))


def round_by_id(session: Session, project_id: int, round_id: int) -> AgreementRound | None:
    """The project's round ``round_id``, or None."""
    query = select(AgreementRound).where(
        AgreementRound.project_id == project_id, AgreementRound.id == round_id
    )
    return session.scalars(query).one_or_none()


def rounds_named(session: Session, project_id: int, name: str) -> list[AgreementRound]:
    """The project's rounds called ``name``, letter case aside (exact first).

    Compared in Python with ``casefold`` (SQLite's ``lower()`` folds ASCII only)."""
    rounds = rounds_of(session, project_id)
    exact = [found for found in rounds if found.name == name]
    if exact:
        return exact
    folded = name.casefold()
    return [found for found in rounds if found.name.casefold() == folded]


class RoundScope(NamedTuple):
    """What a round compares: its documents, codes (ids) and coders (names)."""

    document_ids: list[int]
    code_ids: list[int]
    coders: list[str]


def lock_round(session: Session, round_id: int) -> None:
    """Hold the round's row until the transaction ends (``SELECT ... FOR
    UPDATE`` on PostgreSQL; SQLite lets one writer at a time anyway): two
    resolutions of one round run one after the other, the second reading
    what the first wrote."""
    session.execute(
        select(AgreementRound.id).where(AgreementRound.id == round_id).with_for_update()
    )


def round_scopes(session: Session, round_ids: Collection[int]) -> dict[int, RoundScope]:
    """``{round id: its documents, codes and coders}`` (unordered lists)."""
    scopes = {round_id: RoundScope([], [], []) for round_id in round_ids}
    for chunk in chunks(round_ids):
        for round_id, document_id in session.execute(
            select(RoundDocument.round_id, RoundDocument.document_id).where(
                RoundDocument.round_id.in_(chunk)
            )
        ):
            scopes[round_id].document_ids.append(document_id)
        for round_id, code_id in session.execute(
            select(RoundCode.round_id, RoundCode.code_id).where(RoundCode.round_id.in_(chunk))
        ):
            scopes[round_id].code_ids.append(code_id)
        for round_id, coder in session.execute(
            select(RoundCoder.round_id, RoundCoder.coder).where(RoundCoder.round_id.in_(chunk))
        ):
            scopes[round_id].coders.append(coder)
    return scopes


def add_round_scope(
    session: Session,
    found: AgreementRound,
    document_ids: Sequence[int],
    code_ids: Sequence[int],
    coders: Sequence[str],
) -> None:
    """Store what the (flushed) round ``found`` compares."""
    session.add_all(
        RoundDocument(round_id=found.id, document_id=d, project_id=found.project_id)
        for d in document_ids
    )
    session.add_all(
        RoundCode(round_id=found.id, code_id=c, project_id=found.project_id) for c in code_ids
    )
    session.add_all(RoundCoder(round_id=found.id, coder=coder) for coder in coders)
    session.flush()


def delete_round_contents(session: Session, round_id: int) -> int:
    """Delete the round's resolutions, documents, codes and coders (not the
    round itself); returns how many resolutions went."""
    session.flush()
    resolutions = session.execute(
        delete(DisagreementResolution).where(DisagreementResolution.round_id == round_id),
        execution_options=_FETCH,
    )
    for table in (RoundDocument, RoundCode, RoundCoder):
        session.execute(delete(table).where(table.round_id == round_id), execution_options=_FETCH)
    return int(resolutions.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- resolutions


def resolutions_of(session: Session, round_ids: Collection[int]) -> list[DisagreementResolution]:
    """The resolutions of the rounds, oldest first."""
    found: list[DisagreementResolution] = []
    for chunk in chunks(round_ids):
        query = select(DisagreementResolution).where(DisagreementResolution.round_id.in_(chunk))
        found += session.scalars(query)
    return sorted(found, key=lambda r: (r.resolved_at, r.id))


def move_round_codes(session: Session, source_id: int, target_id: int) -> tuple[int, int, int]:
    """Point the rounds and resolutions of code ``source_id`` at ``target_id``
    (a code merge). A round comparing both keeps the target's row; a resolution
    of the source repeating one of the target's (same round, document and
    passage) is folded into it (the target's is kept). Resolutions recoding to
    the source recode to the target. Returns ``(round codes moved, resolutions
    moved, resolutions folded)``."""
    session.flush()
    source = DisagreementResolution
    # Most merged codes are in no round: one statement says so.
    rounds, resolutions = session.execute(
        select(
            exists().where(RoundCode.code_id == source_id),
            exists().where(or_(source.code_id == source_id, source.recoded_to == source_id)),
        )
    ).one()
    codes = _move_round_codes(session, source_id, target_id) if rounds else 0
    if not resolutions:
        return codes, 0, 0
    return (codes, *_move_resolutions(session, source_id, target_id))


def _move_round_codes(session: Session, source_id: int, target_id: int) -> int:
    """Point the rounds of code ``source_id`` at ``target_id`` (see :func:`move_round_codes`)."""
    both = select(RoundCode.round_id).where(RoundCode.code_id == target_id)
    session.execute(
        delete(RoundCode).where(RoundCode.code_id == source_id, RoundCode.round_id.in_(both)),
        execution_options=_FETCH,
    )
    codes = session.execute(
        update(RoundCode).where(RoundCode.code_id == source_id).values(code_id=target_id),
        execution_options=_FETCH,
    )
    return int(codes.rowcount)  # type: ignore[attr-defined]


def _move_resolutions(session: Session, source_id: int, target_id: int) -> tuple[int, int]:
    """Point the resolutions of code ``source_id`` at ``target_id``, folding
    repeats (see :func:`move_round_codes`); returns ``(moved, folded)``."""
    source, kept = DisagreementResolution, aliased(DisagreementResolution)
    repeats = list(
        session.scalars(
            select(source.id)
            .join(
                kept,
                (kept.round_id == source.round_id)
                & (kept.document_id == source.document_id)
                & (kept.start == source.start)
                & (kept.end == source.end),
            )
            .where(source.code_id == source_id, kept.code_id == target_id)
        )
    )
    for chunk in chunks(repeats):
        session.execute(delete(source).where(source.id.in_(chunk)), execution_options=_FETCH)
    moved = session.execute(
        update(source).where(source.code_id == source_id).values(code_id=target_id),
        execution_options=_FETCH,
    )
    session.execute(
        update(source).where(source.recoded_to == source_id).values(recoded_to=target_id),
        execution_options=_FETCH,
    )
    return int(moved.rowcount), len(repeats)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- cell history


class CellStatusRow(NamedTuple):
    """One revision of a cell: its author, action ("status", "write", ...)
    and the status the cell had after it, with the cell's code and row as
    people name it (participant identifier, case name or group key)."""

    cell_id: int
    code_id: int
    row_kind: RowKind
    row: str
    author: str
    status: CellStatus
    at: datetime
    action: str


def cell_statuses(
    session: Session,
    project_id: int,
    authors: Collection[str],
    code_ids: Collection[int] | None = None,
) -> list[CellStatusRow]:
    """Every revision (by anyone) of the project's cells that one of
    ``authors`` revised (of cells of ``code_ids``: any when None), oldest
    first: what the status was before an author's revision is the previous
    revision's, whoever wrote it."""
    touched = (
        select(CellRevision.cell_id)
        .where(CellRevision.author.in_(sorted(authors)))
        .scalar_subquery()
    )
    query = (
        select(
            MatrixCell.id,
            MatrixCell.code_id,
            MatrixCell.row_kind,
            Participant.identifier,
            Case.name,
            MatrixCell.group_key,
            CellRevision.author,
            CellRevision.status,
            CellRevision.at,
            CellRevision.action,
        )
        .join(CellRevision, CellRevision.cell_id == MatrixCell.id)
        .outerjoin(Participant, Participant.id == MatrixCell.participant_id)
        .outerjoin(Case, Case.id == MatrixCell.case_id)
        .where(MatrixCell.project_id == project_id, MatrixCell.id.in_(touched))
        .order_by(CellRevision.at, CellRevision.id)
    )
    if code_ids is not None:
        query = query.where(MatrixCell.code_id.in_(sorted(code_ids)))
    return [
        CellStatusRow(cell, code, kind, person or case or (key or "").replace("|", ", "),
                      author, status, at, action)
        for cell, code, kind, person, case, key, author, status, at, action
        in session.execute(query)
    ]  # fmt: skip


def revision_authors(session: Session, project_id: int) -> list[str]:
    """Everyone who wrote a revision of one of the project's cells, by name."""
    query = (
        select(CellRevision.author)
        .join(MatrixCell, MatrixCell.id == CellRevision.cell_id)
        .where(MatrixCell.project_id == project_id)
        .distinct()
    )
    return sorted(session.scalars(query))
