"""The coding part of the Python API: apply and remove codes, list codings, auto-code.

::

    project.coding.apply("interview-01.txt", "Hope > Future", 120, 188)
    project.coding.codings(code="Hope", where={"stakeholder group": "peer worker"})
    plan = project.coding.autocode_keywords("Trust", ["trust*", "rely on"])
    print(plan.new, plan.to_frame())
    project.coding.apply_plan(plan)

Offsets are Unicode code points of the stored (NFC) text, end exclusive.
Codes are named by id, name or path ("Theme > Sub-code"); documents,
participants and cases by name (identifier) or id. Which codings or text a
call looks at is its scope: ``scope=Scope(...)`` or the keywords ``where``,
``documents``, ``participants``, ``cases``, ``speakers``, ``coder`` (see
:class:`~qualframe.services.core.scope.Scope`).

Each method is declared as the service function that is its use case (see
:mod:`qualframe.api.facade`): its signature and docstring are the service's.
The auto-coding previews run in a transaction that is rolled back.
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.coding import (
    autocode,
    codings as coding,
    document_pages as pages,
    document_view as view,
    frame,
    listing as listings,
    recoding,
    sentences,
)

__all__ = ["CodingAPI"]


class CodingAPI(Facade):
    """Coding operations of one project; each call is one transaction."""

    apply = use_case(coding.apply_code)
    add = use_case(coding.add_codings)
    get = use_case(recoding.get_coding)
    change = use_case(recoding.change_coding)
    extend = use_case(recoding.extend_coding)
    remove = use_case(coding.remove_coding)
    #: What :meth:`remove` would do (the memos it would leave on the project, or
    #: the refusal when a cell quotes the coding), worked out and rolled back.
    preview_remove = use_case(coding.remove_coding, dry_run=True)
    remove_from_span = use_case(coding.remove_code_from_span)
    #: What :meth:`remove_from_span` would remove, worked out and rolled back.
    preview_remove_from_span = use_case(coding.remove_code_from_span, dry_run=True)

    #: The codings as a DataFrame, one row each, with attribute columns.
    codings = use_case(listings.list_codings, frame.frame_of_codings)
    #: The same codings as a :class:`CodingListing` (records, for the web and the CLI).
    listing = use_case(listings.list_codings)

    document_view = use_case(view.document_view)
    #: One page of the document view (long documents are paged).
    document_page = use_case(pages.document_page)
    #: A part of a document's text: a page, or ``limit`` code points from ``offset``.
    document_text = use_case(pages.document_text)
    document_codings = use_case(view.document_codings)
    #: The sentence around a position, as every sentence qualframe uses is found.
    sentence_at = use_case(sentences.sentence_at)

    # ------------------------------------------------------------ auto-coding
    autocode_speaker = use_case(autocode.preview_by_speaker, dry_run=True)
    autocode_section = use_case(autocode.preview_by_section, dry_run=True)
    autocode_keywords = use_case(autocode.preview_by_keywords, dry_run=True)
    apply_plan = use_case(autocode.apply_plan)
