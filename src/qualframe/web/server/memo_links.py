"""A memo's links as pages show them: the value a form sends for a link, the
object's name, and where it is seen (the memo pages and the document view
both show links).

A link travels in forms and addresses as one value: ``"project"`` (no
link), ``"code:12"`` (type and id), or for a passage of a document
``"document:3:120-180"`` (its start and end, code points, end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from qualframe.services.memos.memos import MemoInfo, MemoLink
from qualframe.vocabulary import MemoTarget
from qualframe.web.server.links import code_link, coding_link, document_link

#: The value of a link to the project (no object).
PROJECT = "project"


@dataclass(frozen=True)
class LinkShown:
    """One link of a memo as the pages show it: the type word ("code",
    "passage"...), the object's name, and where it is seen (None: nowhere,
    e.g. the project)."""

    kind: str
    name: str
    url: str | None
    value: str


def link_value(link: MemoLink | MemoInfo) -> str:
    """The form value of a link: "project", "code:12" or "document:3:120-180"."""
    if link.target_id is None:
        return PROJECT
    value = f"{link.target_type.value}:{link.target_id}"
    start, end = _passage(link)
    if start is not None and end is not None:
        value += f":{start}-{end}"
    return value


def target_name(label: str) -> str:
    """The object's name in a target label ("code: Trust" gives "Trust")."""
    kind, sep, name = label.partition(": ")
    return name if sep and kind in {t.value for t in MemoTarget} else label


def _passage(link: MemoLink | MemoInfo) -> tuple[int | None, int | None]:
    """The passage of a document link (start, end), or (None, None)."""
    if link.target_type is not MemoTarget.DOCUMENT:
        return None, None
    return getattr(link, "start", None), getattr(link, "end", None)


def cell_url(project_id: int, link: MemoLink) -> str | None:
    """The matrix cell page of a cell link (its row and code), or None when the
    cell is gone."""
    if link.cell_row is None or link.cell_code is None:
        return None
    query = urlencode({"row": link.cell_row, "code": link.cell_code})
    return f"/projects/{project_id}/matrix/cell?{query}"


def target_url(project_id: int, link: MemoInfo | MemoLink) -> str | None:
    """Where a linked object is seen (for a memo: its first link; None for the
    project): a passage opens the document view on it, a coding its details,
    a cell its page in the matrix."""
    kind, target_id = link.target_type, link.target_id
    if target_id is None:
        return None
    if kind is MemoTarget.CODE:
        return code_link(project_id, target_id)
    if kind is MemoTarget.DOCUMENT:
        start, end = _passage(link)
        return document_link(project_id, target_id, start, end)
    if kind is MemoTarget.CODING:
        if link.document_id is None:
            return None
        return coding_link(project_id, link.document_id, target_id)
    if kind is MemoTarget.CELL:
        first = link if isinstance(link, MemoLink) else (link.links[0] if link.links else None)
        return cell_url(project_id, first) if first is not None else None
    return f"/projects/{project_id}/study"


def shown_link(project_id: int, link: MemoLink) -> LinkShown:
    """One link as the pages show it (a passage of a document says "passage")."""
    start, _ = _passage(link)
    kind = "passage" if start is not None else link.target_type.value
    return LinkShown(kind, target_name(link.label), target_url(project_id, link), link_value(link))
