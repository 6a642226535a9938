"""Importing cases, participants and their attributes from CSV and XLSX files.

A file of **cases** has one row per case: a ``case`` column and attribute
columns. A file of **participants** has one row per participant: a
``participant`` column, usually a ``case`` column, and attribute columns
(participant attributes, or case attributes repeated on every row of the
case). An optional ``description`` column sets descriptions. Column names
match existing attributes with letter case ignored.

Importing is two steps. :func:`preview_file` reads the file and returns an
:class:`ImportPlan` (a dry run: nothing is written) listing the attributes
that would be created for unknown columns (with an inferred type and level
the user may override), the new cases and participants, participants moving
to another case, every value set or changed (old → new), how many values are
unchanged, and every problem found. :func:`apply_import` re-checks the plan
against the database and writes it all in one transaction, or, if there is
any problem, raises one :class:`~qualframe.errors.InputFileError` listing
them (file and lines) and writes nothing.

Empty cells leave values as they are; they never erase data.
"""

from __future__ import annotations

from typing import Unpack

from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.import_plan import (
    ImportKind,
    ImportOptions,
    ImportPlan,
    ImportProblem,
    ImportSettings,
    MovedParticipant,
    NewAttribute,
    NewParticipant,
    ValueChange,
    make_options,
)
from qualframe.services.study.import_planner import plan_import
from qualframe.services.study.import_writer import write_plan
from qualframe.services.study.tables import TableSource, read_source


def preview_file(
    uow: UnitOfWork,
    path: TableSource,
    kind: ImportKind | str = "participants",
    **settings: Unpack[ImportSettings],
) -> ImportPlan:
    """What importing a file of ``cases`` or ``participants`` would do; writes nothing.

    ``path`` is a CSV/XLSX path or an :class:`~qualframe.formats.sources.UploadedFile`
    (its bytes and name). The ``settings`` (see
    :class:`~qualframe.services.study.import_plan.ImportSettings`) are
    ``sheet``, ``types`` and ``attribute_levels`` (overriding what is
    inferred for new attribute columns, by column name), ``create_cases``
    (a participants file may add cases) and ``update_only`` (refuse rows
    naming unknown cases or participants). Every problem is listed in the
    plan (``plan.ok`` is false). Raises
    :class:`~qualframe.errors.InputFileError` when the file cannot be read
    as a table or lacks its id column, and
    :class:`~qualframe.errors.ValidationError` for an unknown kind, type or
    level.
    """
    return preview_import(uow, path, make_options(kind, **settings))


def preview_import(uow: UnitOfWork, path: TableSource, options: ImportOptions) -> ImportPlan:
    """:func:`preview_file` with checked :class:`ImportOptions`."""
    return plan_import(uow, read_source(path, sheet=options.sheet), options)


def apply_import(
    uow: UnitOfWork,
    plan_or_path: ImportPlan | TableSource,
    kind: ImportKind | str = "participants",
    **settings: Unpack[ImportSettings],
) -> ImportPlan:
    """Import a previewed plan, or a file directly (``kind`` and ``settings`` as for
    :func:`preview_file`; a plan keeps its own).

    A plan is re-checked against the database first. Writes the new
    attributes, cases, participants, moves and values and one audit entry,
    all in one transaction, or nothing: any problem raises one
    :class:`~qualframe.errors.InputFileError` listing them (file and
    lines). Returns the plan that was carried out.
    """
    if isinstance(plan_or_path, ImportPlan):
        plan = plan_import(uow, plan_or_path.table, plan_or_path.options)
    else:
        plan = preview_file(uow, plan_or_path, kind, **settings)
    if plan.problems:
        raise plan.error()
    write_plan(uow, plan)
    return plan


__all__ = [
    "ImportKind",
    "ImportOptions",
    "ImportPlan",
    "ImportProblem",
    "ImportSettings",
    "MovedParticipant",
    "NewAttribute",
    "NewParticipant",
    "ValueChange",
    "apply_import",
    "make_options",
    "plan_import",
    "preview_file",
    "preview_import",
]
