"""Agreement of two analysts on the framework matrix: the statuses they gave cells.

Each analyst's status of a cell is the last one they set, read from the
cell's history (``cell_revisions.author``): so two analysts can chart the
same cells in turn and still be compared. A revision sets the status when
it is a status change or leaves the cell with another status than before;
an edit of the summary alone carries someone else's status and is no
judgement of it. The figures
(:func:`~qualframe.analysis.agreement.unit_agreement`, nominal, the
statuses' whole scale) are over the cells both set; the rows list every
cell either set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualframe.errors import ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.wording import natural_key
from qualframe.services.team.material import known_person
from qualframe.services.team.records import CellAgreement, CellPair
from qualframe.storage import queries
from qualframe.vocabulary import CellStatus

if TYPE_CHECKING:
    from qualframe.analysis.agreement import UnitFigures


def _analyst(name: str, known: Sequence[str]) -> str:
    """The analyst ``name`` (spaces tidied); raises :class:`NotFoundError`
    naming it and those who set statuses."""
    wanted = " ".join(str(name).split())
    return known_person(
        wanted, known, "has saved a matrix cell in this project (who has: {listed})"
    )


def cell_agreement(
    uow: UnitOfWork, first: str, second: str, *, codes: Sequence[Ref] | None = None
) -> CellAgreement:
    """How the statuses two analysts (``first``, ``second``: the names their
    cell edits are recorded under) gave the matrix's cells agree, maybe only
    for the cells of ``codes`` (ids or paths). Each analyst's status of a
    cell is the last they saved (the cell's history). Reads only.

    Raises :class:`~qualframe.errors.NotFoundError` for an analyst who never
    saved a cell or an unknown code, and :class:`ValidationError` when the
    two are one analyst or have no cell in common."""
    known = queries.team.revision_authors(uow.session, uow.project_id)
    one, two = _analyst(first, known), _analyst(second, known)
    if one == two:
        raise ValidationError(f"Compare two different analysts; both are {one!r}.")
    code_ids = None
    if codes is not None:
        if isinstance(codes, (str, int)):
            codes = [codes]
        code_ids = {resolve_code(uow, ref).id for ref in codes}
    last: dict[tuple[int, str], CellStatus] = {}
    about: dict[int, tuple[str, int]] = {}
    before: dict[int, CellStatus] = {}  # each cell's status before the revision read
    for row in queries.team.cell_statuses(uow.session, uow.project_id, [one, two], code_ids):
        # Only a revision that set the status is a judgement of it: an edit of
        # the summary carries the status someone else gave the cell.
        judged = row.action == "status" or row.status != before.get(row.cell_id, CellStatus.EMPTY)
        before[row.cell_id] = row.status
        if judged and row.author in (one, two):
            last[row.cell_id, row.author] = row.status  # oldest first: the last one stays
            about[row.cell_id] = (row.row, row.code_id)
    tree = CodeTree.load(uow)
    order = {code.id: n for n, code in enumerate(tree.depth_first())}
    pairs = [
        CellPair(
            cell_id=cell_id,
            row=row,
            code=PATH_SEPARATOR.join(tree.path(tree.by_id[code_id])),
            first=_value(last.get((cell_id, one))),
            second=_value(last.get((cell_id, two))),
        )
        for cell_id, (row, code_id) in sorted(
            about.items(), key=lambda item: (natural_key(item[1][0]), order[item[1][1]])
        )
    ]
    both = [pair for pair in pairs if pair.first is not None and pair.second is not None]
    if not both:
        raise ValidationError(
            f"{one} and {two} have not both saved any cell yet: there is nothing to compare."
        )
    return CellAgreement(
        analysts=(one, two), cells=len(both), figures=_figures(both, one, two), rows=tuple(pairs)
    )


def _value(status: CellStatus | None) -> str | None:
    return None if status is None else CellStatus(status).value


def _figures(pairs: Sequence[CellPair], one: str, two: str) -> UnitFigures:
    import pandas as pd

    from qualframe.analysis.agreement import unit_agreement

    ratings = pd.DataFrame(
        {"first": [pair.first for pair in pairs], "second": [pair.second for pair in pairs]}
    )
    ratings.columns = pd.Index([one, two])
    return unit_agreement(ratings, categories=[status.value for status in CellStatus])
