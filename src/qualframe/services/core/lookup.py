"""Finding documents by name or id: one rule for every area.

A document is given by id (an ``int``) or by name (a ``str``), never guessed:
a name made of digits (studies often name interviews "101") is a name. A
name matches exactly (white space at its ends ignored), else ignoring letter
case when only one document matches that way. An unknown name raises
:class:`~qualframe.errors.NotFoundError` suggesting close names; a name only
letter case tells apart from another asks for the exact name.

:func:`find_document` looks up one document (a query or two);
:class:`DocumentIndex` resolves many at once from one read of the names.
Every use case that names a document finds it here (the study's
document-level attributes, documents, coding, search); it lives in the core
because the study area, beneath the documents area, needs it too.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from qualframe.errors import NotFoundError
from qualframe.services.core.refs import Ref, Refs, ref_list
from qualframe.services.core.text_rules import text_problem
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Document


def _missing_id(document_id: int) -> NotFoundError:
    return NotFoundError(f"There is no document with id {document_id} in this project.")


def _missing_name(name: str, known: Sequence[str], ambiguous: bool) -> NotFoundError:
    """The error for a name no single document has (``ambiguous``: several
    documents have it, differing only in letter case)."""
    if ambiguous:
        hint = " Several documents differ only in letter case; give the exact name."
    else:
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
    return NotFoundError(f"There is no document called {name!r} in this project.{hint}")


def _is_id(ref: object) -> bool:
    return isinstance(ref, int) and not isinstance(ref, bool)


def find_document(uow: UnitOfWork, ref: Ref | Document) -> Document:
    """The project's document ``ref`` (id, name, or a loaded document), by the
    rule of the module docstring.

    Raises :class:`NotFoundError` for an unknown id or name (suggesting
    close names) and for a loaded document of another project. Reads only.
    """
    if isinstance(ref, Document):
        if ref.project_id != uow.project_id:
            raise NotFoundError(f"The document {ref.name!r} belongs to another project.")
        return ref
    if _is_id(ref):
        assert isinstance(ref, int)
        found = queries.documents.document_by_id(uow.session, uow.project_id, ref)
        if found is None:
            raise _missing_id(ref)
        return found
    name = str(ref).strip()
    if text_problem(name, "document name") is not None:  # no document has it; not queried
        raise _missing_name(name, (), ambiguous=False)
    named = queries.documents.documents_named(uow.session, uow.project_id, name)
    if len(named) == 1:
        return named[0]
    known = queries.documents.document_names(uow.session, uow.project_id)
    raise _missing_name(name, known, ambiguous=bool(named))


def document_ids(uow: UnitOfWork, refs: Refs) -> set[int] | None:
    """Ids of the documents ``refs`` names (None: no restriction).

    Raises :class:`NotFoundError` for the first unknown one.
    """
    wanted = ref_list(refs)
    if wanted is None:
        return None
    if len(wanted) <= 1:
        return {find_document(uow, ref).id for ref in wanted}
    return {DocumentIndex.load(uow).id_of(ref) for ref in wanted}


class DocumentIndex:
    """The project's document names and ids, read once, resolving many
    references by the rule of :func:`find_document` without a query each."""

    def __init__(self, names: dict[int, str]) -> None:
        self.names = names
        self._by_name: dict[str, int] = {}
        self._by_folded: dict[str, list[int]] = {}
        for document_id, name in names.items():
            self._by_name[name] = document_id
            self._by_folded.setdefault(name.casefold(), []).append(document_id)

    @classmethod
    def load(cls, uow: UnitOfWork) -> DocumentIndex:
        """The index of the project's documents (one query, no texts read)."""
        rows = queries.documents.document_order_rows(uow.session, uow.project_id)
        return cls({row.id: row.name for row in rows})

    def id_of(self, ref: Ref) -> int:
        """The id of the document ``ref`` names; raises :class:`NotFoundError`."""
        if _is_id(ref):
            assert isinstance(ref, int)
            if ref not in self.names:
                raise _missing_id(ref)
            return ref
        name = str(ref).strip()
        if name in self._by_name:
            return self._by_name[name]
        folded = self._by_folded.get(name.casefold(), [])
        if len(folded) == 1:
            return folded[0]
        raise _missing_name(name, sorted(self.names.values()), ambiguous=bool(folded))
