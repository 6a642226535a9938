"""Memos: list, filter by type and link, write and edit in Markdown, each
linked to any number of objects (codes, documents, passages, codings,
cases, participants, matrix cells; none: the project).

The form's links are rows (a ``link`` field each, in order): "Add another
link" and "Remove" post the form back with a row more or less, saving
nothing (with scripts, ``memo_links.js`` does it in place).

The form's "Preview" button renders the Markdown on the server and shows
the form again (nothing is saved); with scripts the preview follows the
typing through ``POST /api/markdown``. A refused memo (no title, a link to
something deleted meanwhile) shows the form again as typed: text is never
lost. An edit carries the version of the memo it started from (a hidden
``if_version``): when someone else saved the memo in between, the form is
shown again as typed with the conflict explained, and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from qualframe.errors import StaleVersionError, UserError, ValidationError
from qualframe.project import Project
from qualframe.services.memos.memos import MemoInfo, MemoOrder
from qualframe.vocabulary import MemoKind
from qualframe.web.memos.view import (
    KIND_HINTS,
    MAX_LINKS,
    PROJECT,
    TYPE_LABELS,
    LinkGroup,
    MemoForm,
    about_text,
    link_groups,
    link_rows,
    memo_link_values,
    offered_values,
    parse_link,
    shown_links,
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
    return {"memo": memo, "links": shown_links(project_id, memo), "excerpt": excerpt(memo.body)}


def excerpt(body: str, length: int = EXCERPT_LENGTH) -> str:
    """The start of a memo's text as plain words (Markdown rendered, then its
    tags dropped), cut at ``length`` characters with "…"."""
    text = markdown(body).striptags()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class LinkRow:
    """One row of the form's links: its value, the type chosen (for the type
    select), and the label of a link the select's groups do not offer (a
    coding, a passage, a cell), shown as an extra option."""

    value: str
    kind: str
    extra: str | None = None


def _link_rows(
    project: Project, form: MemoForm, groups: list[LinkGroup]
) -> tuple[list[LinkRow], UserError | None]:
    """The form's link rows, and the refusal of a link that names nothing (if any)."""
    offered = offered_values(groups)
    rows: list[LinkRow] = []
    problem: UserError | None = None
    values = link_rows(form.links)
    if len(values) > MAX_LINKS:  # never look up more rows than a memo may have
        problem = ValidationError(f"A memo form holds at most {MAX_LINKS} links.")
        values = values[:MAX_LINKS]
    for value in values:
        kind = value.partition(":")[0] if value not in ("", PROJECT) else ""
        if value in offered:
            rows.append(LinkRow(value, kind))
            continue
        try:
            label = project.memos.describe_target(parse_link(value)).label
        except UserError as refused:
            problem = problem or refused
            label = value
        rows.append(LinkRow(value, kind, label))
    return rows, problem


def _form_page(
    request: Request,
    project: Project,
    form: MemoForm,
    *,
    memo: MemoInfo | None = None,
    preview: bool = False,
    error: UserError | str | None = None,
    focus_row: int | None = None,
) -> Response:
    """The memo form (new when ``memo`` is None), with the preview if asked and
    the refusal ``error`` if any (status 409 for a stale version, else 422);
    ``focus_row``: the link row to focus (one just added)."""
    status = 409 if isinstance(error, StaleVersionError) else 422 if error else 200
    groups = link_groups(project)
    rows, problem = _link_rows(project, form, groups)
    error = error or problem
    context = {
        "project": project,
        "active": "memos",
        "form": form,
        "memo": memo,
        "groups": groups,
        "rows": rows,
        "focus_row": focus_row,
        "types": [(group.kind, group.label) for group in groups],
        "kinds": KIND_HINTS,
        "preview": preview,
        "error": str(error) if error is not None else None,
    }
    return render(request, "memos/form.html", context, status_code=status)


def memo_form(
    title: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = MemoKind.ANALYTIC.value,
    link: Annotated[list[str] | None, Form()] = None,
    body: Annotated[str, Form()] = "",
    if_version: Annotated[int | None, Form(ge=0)] = None,
) -> MemoForm:
    """The posted memo form: its links are the ``link`` fields, in order
    (``if_version``: the version an edit started from)."""
    links = tuple(link or ()) or (PROJECT,)
    return MemoForm(title=title, kind=kind, links=links, body=body, version=if_version)


MemoFormDep = Annotated[MemoForm, Depends(memo_form)]
#: The button that sent the form: "save", "preview", "add-link" or "remove-link-N".
Action = Annotated[str, Form()]


def _relinked(form: MemoForm, action: str) -> tuple[MemoForm, int] | None:
    """The form after "add-link" (a new empty row) or "remove-link-N" (row N
    from 1 gone), and the row to focus; None for any other action."""
    rows = list(form.links)
    if action == "add-link":
        return replace(form, links=(*rows, "")), len(rows) + 1
    prefix = "remove-link-"
    if action.startswith(prefix) and action[len(prefix) :].isdecimal():
        number = int(action[len(prefix) :])
        if 1 <= number <= len(rows):
            del rows[number - 1]
        return replace(form, links=tuple(rows) or (PROJECT,)), max(1, min(number, len(rows)))
    return None


def _unsaved(
    request: Request, project: Project, form: MemoForm, action: str, memo: MemoInfo | None = None
) -> Response | None:
    """The form shown again without saving, for "preview" and the link buttons
    (they work without scripts); None when the action is to save."""
    if action == "preview":
        return _form_page(request, project, form, memo=memo, preview=True)
    relinked = _relinked(form, action)
    if relinked is not None:
        changed, row = relinked
        return _form_page(request, project, changed, memo=memo, focus_row=row)
    return None


@router.get("/projects/{project_id}/memos/new")
def new_memo_page(
    request: Request, project: ProjectDep, link: Annotated[list[str] | None, Query()] = None
) -> Response:
    """The form for a new memo, about ``link`` ("code:12", "coding:5",
    "document:3:120-180"...; several ``link`` parameters: each) when given."""
    return _form_page(request, project, MemoForm(links=tuple(link or ()) or (PROJECT,)))


@router.post("/projects/{project_id}/memos")
def create_memo(
    request: Request, project: ProjectDep, form: MemoFormDep, action: Action = "save"
) -> Response:
    """Save a new memo and show it; "preview" shows the form with the preview,
    "add-link" and "remove-link-N" the form with a link row more or less."""
    unsaved = _unsaved(request, project, form, action)
    if unsaved is not None:
        return unsaved
    try:
        links = form.specs()
        memo = project.memos.add(form.title, kind=form.kind, body=form.body, links=links)
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
        "links": shown_links(project.info.id, memo),
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
        links=memo_link_values(memo),
        body=memo.body,
        version=memo.version,
    )
    return _form_page(request, project, form, memo=memo)


def _memo_fields(stored: MemoInfo, form: MemoForm) -> list[tuple[str, str, str]]:
    """(field, stored text, typed text) of a memo's title, text and links."""
    stored_links = ", ".join(link.label for link in stored.links) or "the project"
    typed = ", ".join(form.chosen) or PROJECT
    links_differ = list(memo_link_values(stored)) != (form.chosen or [PROJECT])
    return [
        ("the title", stored.title, form.title),
        ("the text", stored.body, form.body),
        ("the links", stored_links, typed if links_differ else stored_links),
    ]


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
    unsaved = _unsaved(request, project, form, action, memo)
    if unsaved is not None:
        return unsaved
    try:
        saved = project.memos.edit(
            memo_id,
            title=form.title,
            kind=form.kind,
            body=form.body,
            links=form.specs(),
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
        "about": about_text(memo),
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
