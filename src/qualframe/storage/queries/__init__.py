"""All SQL of qualframe, one module per table (or closely related tables).

Callers import the package and name the table module::

    from qualframe.storage import queries

    queries.documents.document_by_id(uow.session, uow.project_id, ref)

The services own the rules; these functions only read and write rows.
Functions taking many ids bind them in batches (:mod:`.batches`); the
bulk-insert and plain-row machinery is :mod:`qualframe.storage.bulk`.
"""

from qualframe.storage.queries import (
    accounts,
    attributes,
    audit,
    batches,
    cells,
    change_models,
    citations,
    codes,
    coding_marks,
    codings,
    documents,
    evidence,
    memos,
    people,
    projects,
    readings,
    references,
    schedule,
    segments,
    speakers,
    structure,
    team,
)

__all__ = [
    "accounts",
    "attributes",
    "audit",
    "batches",
    "cells",
    "change_models",
    "citations",
    "codes",
    "coding_marks",
    "codings",
    "documents",
    "evidence",
    "memos",
    "people",
    "projects",
    "readings",
    "references",
    "schedule",
    "segments",
    "speakers",
    "structure",
    "team",
]
