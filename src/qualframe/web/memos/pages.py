"""Memos: list, filter by type and link, write and edit in Markdown.

The form's "Preview" button renders the Markdown on the server and shows
the form again (nothing is saved); with scripts the preview follows the
typing through ``POST /api/markdown``. A refused memo (no title, a link to
something deleted meanwhile) shows the form again as typed: text is never
lost. An edit carries the version of the memo it started from (a hidden
``if_version``): when someone else saved the memo in between, the form is
shown again as typed with the conflict explained, and nothing is saved.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe.errors import StaleVersionError, UserError
from qualframe.project import Project
from qualframe.services.memos.memos import MemoInfo, MemoOrder
from qualframe.vocabulary import MemoKind
from qualframe.web.memos.view import (
    KIND_HINTS,
    PROJECT,
    TYPE_LABELS,
    MemoForm,
    link_groups,
    link_value,
    parse_link,
    target_name,
    target_url,
)
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.edit_conflicts import StaleEditChoice
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import markdown, render

router = APIRouter(include_in_schema=False)

#: Characters of a memo's text shown in the list.
EXCERPT_LENGTH = 160

#: The list's orders, as offered.
ORDERS = (
    (MemoOrder.NEWEST.value, "Last changed first"),
    (MemoOrder.OLDEST.value, "Oldest first"),
    (MemoOrder.TITLE.value, "Title, A to Z"),
)


class MemoListQuery(BaseModel):
    """The memo list's filters and order as its form sends them (blank: no filter)."""

    kind: str = ""
    link_type: str = Field("", alias="type")
    link: str = ""
    author: str = ""
    q: str = Field("", max_length=200)
    sort: str = MemoOrder.NEWEST.value

    @property
    def filtered(self) -> bool:
        """Whether any filter is set."""
        return any((self.kind, self.link_type, self.link, self.author, self.q.strip()))

    def memos(self, project: Project) -> list[MemoInfo]:
        """The memos these filters choose, in this order (default: newest first)."""
        return project.memos.list(
            kind=self.kind or None,
            target_type=self.link_type or None,
            target=parse_link(self.link) if self.link else None,
            author=self.author or None,
            contains=self.q.strip() or None,
            order=self.sort or MemoOrder.NEWEST,
        )


@router.get("/projects/{project_id}/memos")
def memos_page(
    request: Request, project: ProjectDep, query: Annotated[MemoListQuery, Query()]
) -> Response:
    """The memos, newest first by default, filtered by kind, type of link,
    linked object, author and text."""
    memos = query.memos(project)
    everyone = project.memos.list()
    context = {
        "project": project,
        "active": "memos",
        "memos": memos,
        "rows": [_row(project.info.id, memo) for memo in memos],
        "total": len(everyone),
        "filtered": query.filtered,
        "values": query.model_dump(by_alias=True),
        "kinds": [kind.value for kind in MemoKind],
        "types": [(target.value, label) for target, label in TYPE_LABELS.items()],
        "groups": link_groups(project),
        "authors": sorted({memo.author for memo in everyone}, key=str.casefold),
        "orders": ORDERS,
    }
    return render(request, "memos/index.html", context)


def _row(project_id: int, memo: MemoInfo) -> dict[str, Any]:
    return {
        "memo": memo,
        "about": target_name(memo.target_label),
        "about_url": target_url(project_id, memo),
        "excerpt": excerpt(memo.body),
    }


def excerpt(body: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a memo's text as plain words (Markdown rendered, then its
    tags dropped), cut at ``length`` characters with "…"."""
    text = markdown(body).striptags()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---------------------------------------------------------------- writing


def _form_page(
    request: Request,
    project: Project,
    form: MemoForm,
    *,
    memo: MemoInfo | None = None,
    preview: bool = False,
    error: UserError | str | None = None,
) -> Response:
    """The memo form (new when ``memo`` is None), with the preview if asked and
    the refusal ``error`` if any (status 409 for a stale version, else 422)."""
    status = 409 if isinstance(error, StaleVersionError) else 422 if error else 200
    groups = link_groups(project)
    offered = {value for group in groups for value, _ in group.options} | {PROJECT}
    extra = None  # a link the lists do not offer (a coding), kept as it is
    if form.link not in offered:
        try:
            extra = project.memos.describe_target(parse_link(form.link))
        except UserError as refused:
            error = error or refused
    context = {
        "project": project,
        "active": "memos",
        "form": form,
        "memo": memo,
        "groups": groups,
        "extra": extra,
        "extra_value": form.link,
        "kinds": KIND_HINTS,
        "preview": preview,
        "error": str(error) if error is not None else None,
    }
    return render(request, "memos/form.html", context, status_code=status)


def memo_form(
    title: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = MemoKind.ANALYTIC.value,
    link: Annotated[str, Form()] = PROJECT,
    body: Annotated[str, Form()] = "",
    if_version: Annotated[int | None, Form(ge=0)] = None,
) -> MemoForm:
    """The posted memo form (``if_version``: the version an edit started from)."""
    return MemoForm(title=title, kind=kind, link=link or PROJECT, body=body, version=if_version)


MemoFormDep = Annotated[MemoForm, Depends(memo_form)]
#: The button that sent the form: "save" or "preview".
Action = Annotated[str, Form()]


@router.get("/projects/{project_id}/memos/new")
def new_memo_page(
    request: Request, project: ProjectDep, link: Annotated[str, Query()] = PROJECT
) -> Response:
    """The form for a new memo, about ``link`` ("code:12", "coding:5"...) when given."""
    return _form_page(request, project, MemoForm(link=link or PROJECT))


@router.post("/projects/{project_id}/memos")
def create_memo(
    request: Request, project: ProjectDep, form: MemoFormDep, action: Action = "save"
) -> Response:
    """Save a new memo and show it; "preview" shows the form with the preview."""
    if action == "preview":
        return _form_page(request, project, form, preview=True)
    try:
        target = parse_link(form.link)
        memo = project.memos.add(form.title, kind=form.kind, body=form.body, target=target)
    except UserError as error:
        return _form_page(request, project, form, error=error)
    return redirect(
        f"/projects/{project.info.id}/memos/{memo.id}", f"Saved the memo {memo.title!r}."
    )


@router.get("/projects/{project_id}/memos/{memo_id}")
def memo_page(request: Request, project: ProjectDep, memo_id: int) -> Response:
    """One memo, rendered, with what it is about and its history."""
    memo = project.memos.get(memo_id)
    history = project.activity(entity_type="memo", entity_id=memo_id, newest_first=True)
    context = {
        "project": project,
        "active": "memos",
        "memo": memo,
        "about": target_name(memo.target_label),
        "about_url": target_url(project.info.id, memo),
        "history": history,
    }
    return render(request, "memos/memo.html", context)


@router.get("/projects/{project_id}/memos/{memo_id}/edit")
def edit_memo_page(request: Request, project: ProjectDep, memo_id: int) -> Response:
    """The form editing a memo."""
    memo = project.memos.get(memo_id)
    form = MemoForm(
        title=memo.title,
        kind=memo.kind.value,
        link=link_value(memo.target_type, memo.target_id),
        body=memo.body,
        version=memo.version,
    )
    return _form_page(request, project, form, memo=memo)


def _memo_fields(stored: MemoInfo, form: MemoForm) -> list[tuple[str, str, str]]:
    """(field, stored text, typed text) of a memo's title and text."""
    return [("the title", stored.title, form.title), ("the text", stored.body, form.body)]


@router.post("/projects/{project_id}/memos/{memo_id}/edit")
def edit_memo(
    request: Request,
    project: ProjectDep,
    memo_id: int,
    form: MemoFormDep,
    action: Action = "save",
) -> Response:
    """Save the edited memo (refused, with the text kept, when the memo changed
    since the version the form was filled from); "preview" shows the form
    with the preview."""
    memo = project.memos.get(memo_id)
    if action == "preview":
        return _form_page(request, project, form, memo=memo, preview=True)
    try:
        target = parse_link(form.link)
        saved = project.memos.edit(
            memo_id,
            title=form.title,
            kind=form.kind,
            body=form.body,
            target=target,
            if_version=form.version,
        )
    except StaleVersionError as error:
        # Shown again on the version now stored: saving again keeps the user's text.
        stored = project.memos.get(memo_id)
        differing = [(n, v) for n, v, t in _memo_fields(stored, form) if v != t]
        choice = StaleEditChoice(error, differing, "Save the memo")
        kept = replace(form, version=stored.version)
        return _form_page(request, project, kept, memo=stored, error=choice)
    except UserError as error:
        return _form_page(request, project, form, memo=memo, error=error)
    message = f"Saved the memo {saved.title!r}." if saved != memo else "Nothing was changed."
    return redirect(f"/projects/{project.info.id}/memos/{memo_id}", message)


# ---------------------------------------------------------------- deleting


@router.get("/projects/{project_id}/memos/{memo_id}/delete")
def delete_memo_page(request: Request, project: ProjectDep, memo_id: int) -> Response:
    """Ask before deleting a memo."""
    memo = project.memos.get(memo_id)
    context = {
        "project": project,
        "active": "memos",
        "memo": memo,
        "about": target_name(memo.target_label),
    }
    return render(request, "memos/delete.html", context)


@router.post("/projects/{project_id}/memos/{memo_id}/delete")
def delete_memo(
    project: ProjectDep,
    memo_id: int,
    if_version: Annotated[int | None, Form(ge=0)] = None,
) -> Response:
    """Delete the memo (its text stays in the audit log) and show the list;
    refused (409) when it changed since the version the confirmation showed."""
    memo = project.memos.delete(memo_id, if_version=if_version)
    return redirect(f"/projects/{project.info.id}/memos", f"Deleted the memo {memo.title!r}.")
