"""The memos part of the Python API: typed notes on the project or its objects.

A memo is linked with one keyword (``document=``, ``code=``, ``coding=``,
``case=``, ``participant=``, ``cell=``) taking a name or id, or with
``target=(MemoTarget.CODE, "Theme > Sub-code")``, and to more objects with
``links=[...]`` (a passage of a document: ``("document", "P01.txt", (120,
180))``); with none it is on the project. Every call is one transaction.

::

    memo = project.memos.add("Trust and disclosure", kind="analytic",
                             body="P07 and P12 ...", code="Disclosure",
                             links=[("participant", "P07")])
    project.memos.link(memo.id, ("cell", 12))
    project.memos.annotate("P07.txt", 120, 180, body="Hesitates here.")
    project.memos.in_document("P07.txt")
    project.memos.list(kind="reflexive", contains="boundaries")
    project.memos.memos_frame(participant="P07")
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.memos import links, memos, targets

__all__ = ["MemosAPI"]


class MemosAPI(Facade):
    """The memos of one project (see :mod:`qualframe.services.memos.memos`
    and :mod:`qualframe.services.memos.links`)."""

    add = use_case(memos.create_memo)
    get = use_case(memos.get_memo)
    edit = use_case(memos.edit_memo)
    #: Link a memo to one more object.
    link = use_case(links.link_memo)
    #: Remove one link of a memo.
    unlink = use_case(links.unlink_memo)
    #: A memo on a passage of a document, without a coding.
    annotate = use_case(links.annotate)
    describe_target = use_case(targets.describe_target)
    delete = use_case(memos.delete_memo)
    #: The memos, filtered, as :class:`MemoInfo` records.
    list = use_case(memos.list_memos)
    #: Every memo on a document, a passage of it or a coding in it.
    in_document = use_case(links.document_memos)
    #: The memos on stored matrix cells, by cell id.
    on_cells = use_case(links.cell_memos)
    #: The memos, filtered, as a DataFrame with a readable ``target`` column.
    memos_frame = use_case(memos.list_memos, memos.frame_of)
