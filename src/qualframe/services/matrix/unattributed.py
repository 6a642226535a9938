"""Codings a matrix leaves out: those spoken by nobody in the study.

A coding belongs to whoever speaks where it starts (see
:mod:`qualframe.services.documents.attribution`). Codings in interviewer
turns, or in turns of a speaker label not mapped to a participant, belong
to nobody: no participant, case or group row holds them, so every cell of
a matrix leaves them out — as a code comparison does (its
``unattributed`` counts, :mod:`qualframe.services.compare.code_comparison`).
A matrix says how many there are per column (:class:`Unattributed`, built
with the matrix) and :func:`unattributed_codings` lists them, so the
notice can link to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import counted
from qualframe.storage import queries
from qualframe.storage.queries.codings import CodingFilter

if TYPE_CHECKING:
    from qualframe.services.matrix.matrices import MatrixColumn
    from qualframe.services.matrix.spec import MatrixSpec, Specified

#: Why such codings are left out, for people (the comparison pages' words).
WHY_LEFT_OUT = (
    "spoken by nobody in the study (for example the interviewer, or a speaker "
    "not mapped to a participant)"
)


@dataclass(frozen=True, slots=True)
class UnattributedColumn:
    """A column with codings left out: its code's id and path, and how many."""

    code_id: int
    path: str
    codings: int


@dataclass(frozen=True, slots=True)
class Unattributed:
    """The codings of a matrix's columns spoken by nobody, left out of every cell.

    ``total`` counts each coding once (a coding counted in two columns — a
    column and, with sub-codes included, its parent's — is one coding);
    ``columns`` lists the columns having any, in column order.
    """

    total: int = 0
    columns: tuple[UnattributedColumn, ...] = ()

    def note(self) -> str:
        """The notice as a sentence ("" when nothing is left out), e.g.
        "3 codings of the codes shown (Hope: 2, Trust: 1) are left out of every
        cell: spoken by nobody in the study (...)."."""
        if not self.total:
            return ""
        which = ", ".join(f"{c.path}: {c.codings:,}" for c in self.columns)
        verb = "is" if self.total == 1 else "are"
        return (
            f"{counted(self.total, 'coding')} of the codes shown ({which}) {verb} left out "
            f"of every cell: {WHY_LEFT_OUT}."
        )


def column_codes(
    tree: CodeTree, columns: Sequence[MatrixColumn], include_subcodes: bool
) -> list[tuple[int, int]]:
    """``(code id, column index)`` pairs: which codes' codings count in which column."""
    pairs = []
    for index, column in enumerate(columns):
        pairs.append((column.code_id, index))
        if include_subcodes:
            below = tree.depth_first(tree.by_id[column.code_id])
            pairs.extend((code.id, index) for code in below)
    return pairs


def count_unattributed(
    columns: Sequence[MatrixColumn], pairs: Sequence[tuple[int, int]], nobody: Mapping[int, int]
) -> Unattributed:
    """What a matrix leaves out, from ``nobody`` (code id -> codings spoken by
    nobody) and ``pairs`` (``(code id, column index)``, see
    :func:`column_codes`): per column, and in all (each coding once)."""
    counted_codes = {code for code, _ in pairs}
    total = sum(n for code, n in nobody.items() if code in counted_codes)
    if not total:
        return Unattributed()
    per_column = [0] * len(columns)
    for code_id, index in pairs:
        per_column[index] += nobody.get(code_id, 0)
    return Unattributed(
        total=total,
        columns=tuple(
            UnattributedColumn(column.code_id, column.path, n)
            for column, n in zip(columns, per_column, strict=True)
            if n
        ),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class UnattributedCoding:
    """A coding spoken by nobody: its id, code (path), document (id and name),
    span ``[start, end)`` in code points, speaker label ("" outside any
    turn) and coded text."""

    coding_id: int
    code_id: int
    code: str
    document_id: int
    document: str
    start: int
    end: int
    speaker: str
    text: str


def unattributed_codings(uow: UnitOfWork, spec: MatrixSpec | Specified) -> list[UnattributedCoding]:
    """The codings the matrix ``spec`` leaves out of every cell because nobody
    in the study speaks them (its columns' codes, with their sub-codes' when
    the spec includes them), by document then position. Reads only.

    Raises what :func:`~qualframe.services.matrix.matrices.build` raises for
    an unknown code or unusable columns.
    """
    from qualframe.services.matrix.matrices import resolve_columns
    from qualframe.services.matrix.spec import MatrixSpec

    wanted = MatrixSpec.of(spec)
    tree = CodeTree.load(uow)
    columns = resolve_columns(uow, tree, wanted)
    code_ids = {code for code, _ in column_codes(tree, columns, wanted.include_subcodes)}
    rows = queries.codings.coding_listing(
        uow.session, uow.project_id, CodingFilter(code_ids=code_ids)
    )
    names = {c.id: PATH_SEPARATOR.join(tree.path(c)) for c in tree.codes if c.id in code_ids}
    found: list[UnattributedCoding] = []
    for row in rows:
        fields = dict(zip(queries.codings.LISTING_COLUMNS, row, strict=True))
        if fields["participant_id"] is not None:
            continue
        found.append(
            UnattributedCoding(
                coding_id=fields["coding_id"],
                code_id=fields["code_id"],
                code=names.get(fields["code_id"], ""),
                document_id=fields["document_id"],
                document=fields["document"],
                start=fields["start"],
                end=fields["end"],
                speaker=fields["speaker"] or "",
                text=fields["text"] or "",
            )
        )
    return found
