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

import builtins
from typing import Any

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.errors import ValidationError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.memos import memos
from qualframe.services.memos.memos import MemoInfo, MemoLink, MemoOrder, TargetSpec, memo_info
from qualframe.vocabulary import MemoKind, MemoTarget

__all__ = ["MemoInfo", "MemoLink", "MemoOrder", "MemosAPI"]

_UNSET: Any = object()


def _target(target: TargetSpec, links: dict[str, int | str | None]) -> TargetSpec:
    """One target from ``target=`` or a single keyword such as ``code=``."""
    given = {kind: ref for kind, ref in links.items() if ref is not None}
    if len(given) + (target is not None and target is not _UNSET) > 1:
        named = ", ".join([*given, *(["target"] if target not in (None, _UNSET) else [])])
        raise ValidationError(f"A memo is linked to one object at most, not to {named}.")
    if given:
        kind, ref = next(iter(given.items()))
        return (MemoTarget(kind), ref)
    return target


class MemosAPI(Facade):
    """The memos of one project (see :mod:`qualframe.services.memos.memos`)."""

    def add(
        self,
        title: str,
        *,
        kind: MemoKind | str,
        body: str = "",
        target: TargetSpec = None,
        document: int | str | None = None,
        code: int | str | None = None,
        coding: int | None = None,
        case: int | str | None = None,
        participant: int | str | None = None,
    ) -> MemoInfo:
        """Write a memo (Markdown ``body``) by the current user, linked to at
        most one object (default: the project)."""
        link = _target(
            target,
            {
                "document": document,
                "code": code,
                "coding": coding,
                "case": case,
                "participant": participant,
            },
        )

        def work(uow: UnitOfWork) -> MemoInfo:
            memo = memos.create_memo(uow, title, kind=kind, body=body, target=link)
            return memo_info(uow, memo)

        return self._run(work)

    def get(self, memo_id: int) -> MemoInfo:
        """One memo by id (NotFoundError if it is not in the project)."""
        return self._run(lambda u: memo_info(u, memos.get_memo(u, memo_id)))

    def edit(
        self,
        memo_id: int,
        *,
        title: str | None = None,
        body: str | None = None,
        kind: MemoKind | str | None = None,
        target: TargetSpec = _UNSET,
        document: int | str | None = None,
        code: int | str | None = None,
        coding: int | None = None,
        case: int | str | None = None,
        participant: int | str | None = None,
    ) -> MemoInfo:
        """Change a memo's title, body, kind or link (omitted: unchanged;
        ``target="project"`` moves it to the project)."""
        links = {
            "document": document,
            "code": code,
            "coding": coding,
            "case": case,
            "participant": participant,
        }
        link = _target(target, links)
        relink: dict[str, Any] = {} if link is _UNSET else {"target": link}

        def work(uow: UnitOfWork) -> MemoInfo:
            memo = memos.edit_memo(uow, memo_id, title=title, body=body, kind=kind, **relink)
            return memo_info(uow, memo)

        return self._run(work)

    def describe_target(self, target: TargetSpec) -> MemoLink:
        """What ``target`` (e.g. ``("coding", 5)``) names, labelled as memos
        show it; NotFoundError when it does not exist."""
        return self._run(memos.describe_target, target)

    def delete(self, memo_id: int) -> MemoInfo:
        """Delete a memo; returns what it was."""
        return self._run(memos.delete_memo, memo_id)

    def list(
        self,
        *,
        kind: MemoKind | str | None = None,
        target_type: MemoTarget | str | None = None,
        author: str | None = None,
        contains: str | None = None,
        target: TargetSpec = None,
        document: int | str | None = None,
        code: int | str | None = None,
        coding: int | None = None,
        case: int | str | None = None,
        participant: int | str | None = None,
        order: MemoOrder | str = MemoOrder.OLDEST,
    ) -> builtins.list[MemoInfo]:
        """Memos filtered by kind, type of link (``"project"``: on no object),
        linked object, author and text (in title or body, ignoring case), in
        ``order``: ``"oldest"`` (created, the default), ``"newest"`` (last
        changed first) or ``"title"``."""
        filters = self._filters(
            kind, target_type, author, contains, target,
            document=document, code=code, coding=coding, case=case, participant=participant,
        )  # fmt: skip
        return self._run(memos.list_memos, order=order, **filters)

    def memos_frame(
        self,
        *,
        kind: MemoKind | str | None = None,
        target_type: MemoTarget | str | None = None,
        author: str | None = None,
        contains: str | None = None,
        target: TargetSpec = None,
        document: int | str | None = None,
        code: int | str | None = None,
        coding: int | None = None,
        case: int | str | None = None,
        participant: int | str | None = None,
    ) -> pd.DataFrame:
        """:meth:`list` as a DataFrame with a readable ``target`` column
        (e.g. "code: Disclosure", "participant: P07")."""
        filters = self._filters(
            kind, target_type, author, contains, target,
            document=document, code=code, coding=coding, case=case, participant=participant,
        )  # fmt: skip
        return self._run(memos.memos_frame, **filters)

    @staticmethod
    def _filters(
        kind: MemoKind | str | None,
        target_type: MemoTarget | str | None,
        author: str | None,
        contains: str | None,
        target: TargetSpec,
        **links: int | str | None,
    ) -> dict[str, Any]:
        return {
            "kind": kind,
            "target_type": target_type,
            "author": author,
            "contains": contains,
            "target": _target(target, links),
        }
