"""The memos part of the Python API: typed notes on the project or one object.

A memo is linked with one keyword (``document=``, ``code=``, ``coding=``,
``case=``, ``participant=``) taking a name or id, or with
``target=(MemoTarget.CODE, "Theme > Sub-code")``; with none it is on the
project. Every call is one transaction.

::

    memo = project.memos.add("Trust and disclosure", kind="analytic",
                             body="P07 and P12 ...", code="Disclosure")
    project.memos.list(kind="reflexive", contains="boundaries")
    project.memos.memos_frame(participant="P07")
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.memos import memos, targets

__all__ = ["MemosAPI"]


class MemosAPI(Facade):
    """The memos of one project (see :mod:`qualframe.services.memos.memos`)."""

    add = use_case(memos.create_memo)
    get = use_case(memos.get_memo)
    edit = use_case(memos.edit_memo)
    describe_target = use_case(targets.describe_target)
    delete = use_case(memos.delete_memo)
    #: The memos, filtered, as :class:`MemoInfo` records.
    list = use_case(memos.list_memos)
    #: The memos, filtered, as a DataFrame with a readable ``target`` column.
    memos_frame = use_case(memos.list_memos, memos.frame_of)
