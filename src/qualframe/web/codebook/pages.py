"""The codebook editor: the tree of codes, their definitions, and the changes
a researcher makes to them (create, edit, rename, move, reorder, retire,
restore). Merging and deleting, which need a confirmation showing what
they affect, are in :mod:`~qualframe.web.codebook.confirm`; codebook files
in :mod:`~qualframe.web.codebook.files`; the framework's history in
:mod:`~qualframe.web.codebook.history`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import StaleVersionError, UserError, ValidationError
from qualframe.project import Project
from qualframe.services.codebook.tree import CodeInfo
from qualframe.vocabulary import CodeOrigin
from qualframe.web.codebook import confirm, files as codebook_files, history as codebook_history
from qualframe.web.codebook.view import (
    AUTOMATIC,
    CUSTOM,
    ORIGIN_HINTS,
    CodeForm,
    CodeMoveForm,
    build_tree,
    code_page,
    colour_choices,
    colour_name,
    descendants,
    optional_id,
    optional_version,
    searchable,
    siblings,
)
from qualframe.web.server.choices import code_label
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.edit_conflicts import StaleEditChoice
from qualframe.web.server.flash import FlashKind
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(codebook_files.router)
router.include_router(codebook_history.router)
router.include_router(confirm.router)

#: How many recent changes of a code its detail lists.
RECENT_CHANGES = 5


def back_with_error(project_id: int, code_id: int | None, error: UserError) -> Response:
    """Back to the code's detail with ``error`` shown (nothing was written)."""
    return redirect(code_page(project_id, code_id), str(error), FlashKind.ERROR)


# ---------------------------------------------------------------- the page


@router.get("/projects/{project_id}/codebook")
def codebook_page(
    request: Request,
    project: ProjectDep,
    q: Annotated[str, Query(max_length=200)] = "",
    retired: Annotated[str, Query()] = "",
    code_id: Annotated[int | None, Query(description="The code shown, by id.")] = None,
) -> Response:
    """The tree (filtered by ``q``; retired codes hidden when ``retired=hide``)
    and, with ``code_id``, that code's full record and actions."""
    codes = project.codebook.tree()
    hide_retired = retired == "hide"
    view = build_tree(codes, q, hide_retired=hide_retired)
    keep = urlencode({k: v for k, v in (("q", q), ("retired", retired)) if v})
    selected = next((c for c in codes if c.id == code_id), None)
    context: dict[str, Any] = {
        "project": project,
        "active": "codebook",
        "codes": codes,
        "view": view,
        "query": q,
        "hide_retired": hide_retired,
        "keep": keep + "&" if keep else "",
        "selected": selected,
        "missing_code": code_id if code_id is not None and selected is None else None,
        "summary": _summary(codes),
        "origins": ORIGIN_HINTS,
        "filter_data": [
            {"id": c.id, "parent": c.parent_id, "text": searchable(c), "retired": c.retired}
            for c in codes
        ],
    }
    if selected is not None:
        context.update(_detail(project, codes, selected))
    return render(request, "codebook/index.html", context)


def _summary(codes: list[CodeInfo]) -> dict[str, int]:
    """The codebook in numbers, for the line under the heading."""
    return {
        "codes": len(codes),
        "themes": sum(1 for c in codes if c.depth == 0),
        "retired": sum(1 for c in codes if c.retired),
        "inductive": sum(1 for c in codes if c.origin is CodeOrigin.INDUCTIVE),
        "codings": sum(c.coding_count for c in codes),
    }


def _detail(project: Project, codes: list[CodeInfo], code: CodeInfo) -> dict[str, Any]:
    """What the selected code's detail shows besides its record."""
    below = descendants(codes, code)
    excluded = {code.id, *(c.id for c in below)}
    targets = [c for c in codes if c.id not in excluded and not c.retired]
    row = siblings(codes, code)
    history = codebook_history.history_rows(project.codebook.history_records(code.id))
    return {
        "below": below,
        "colour_text": colour_name(code.colour),
        # The current parent stays offered even when retired, so that the form
        # never silently proposes another place.
        "parent_choices": [
            (c.id, code_label(c))
            for c in codes
            if c.id not in excluded and (not c.retired or c.id == code.parent_id)
        ],
        "merge_choices": [(c.id, code_label(c)) for c in targets],
        "is_first": row[0].id == code.id,
        "is_last": row[-1].id == code.id,
        "code_memos": project.memos.list(code=code.id, order="newest"),
        "recent_changes": list(reversed(history))[:RECENT_CHANGES],
        "change_count": len(history),
    }


# ---------------------------------------------------------------- the code form


def code_form(
    name: Annotated[str, Form()] = "",
    parent_id: Annotated[str, Form()] = "",
    definition: Annotated[str, Form()] = "",
    inclusion: Annotated[str, Form()] = "",
    exclusion: Annotated[str, Form()] = "",
    example: Annotated[str, Form()] = "",
    origin: Annotated[str, Form()] = CodeOrigin.DEDUCTIVE.value,
    colour: Annotated[str, Form()] = AUTOMATIC,
    custom_colour: Annotated[str, Form()] = "",
    if_version: Annotated[str, Form()] = "",
) -> CodeForm:
    """The posted code form (the parent is optional: blank is the top level;
    ``if_version`` is the version of the code an edit form showed)."""
    return CodeForm(
        name=name,
        parent_id=optional_id(parent_id, "parent"),
        definition=definition,
        inclusion=inclusion,
        exclusion=exclusion,
        example=example,
        origin=origin,
        colour_choice=colour.strip(),
        custom_colour=custom_colour.strip() or "#0072B2",
        if_version=optional_version(if_version),
    )


CodeFormDep = Annotated[CodeForm, Depends(code_form)]


def _form_page(
    request: Request,
    project: Project,
    form: CodeForm,
    *,
    code: CodeInfo | None = None,
    error: str | None = None,
) -> Response:
    """The form creating a code (``code`` None) or editing ``code``."""
    context = {
        "project": project,
        "active": "codebook",
        "form": form,
        "code": code,
        "error": error,
        "parent_choices": [(c.id, code_label(c)) for c in project.codebook.tree() if not c.retired],
        "palette": colour_choices(),
        "origins": ORIGIN_HINTS,
        "automatic": AUTOMATIC,
        "custom": CUSTOM,
    }
    return render(request, "codebook/form.html", context, status_code=422 if error else 200)


@router.get("/projects/{project_id}/codebook/new")
def new_code_page(
    request: Request, project: ProjectDep, parent: Annotated[int | None, Query()] = None
) -> Response:
    """The form for a new code (under ``parent`` when given)."""
    return _form_page(request, project, CodeForm(parent_id=parent))


@router.post("/projects/{project_id}/codebook")
def create_code(request: Request, project: ProjectDep, form: CodeFormDep) -> Response:
    """Create a code from the form; a refusal shows the form again as typed."""
    try:
        info = project.codebook.add(form.name, parent=form.parent_id, **form.fields())
    except UserError as error:
        return _form_page(request, project, form, error=str(error))
    return redirect(code_page(project.info.id, info.id), f"Created the code {info.path_text!r}.")


@router.get("/projects/{project_id}/codebook/{code_id}/edit")
def edit_code_page(request: Request, project: ProjectDep, code_id: int) -> Response:
    """The form editing a code's name, texts, origin and colour."""
    info = project.codebook.get(code_id)
    return _form_page(request, project, CodeForm.of(info), code=info)


@router.post("/projects/{project_id}/codebook/{code_id}/edit")
def edit_code(request: Request, project: ProjectDep, code_id: int, form: CodeFormDep) -> Response:
    """Save the edit form (rename and fields in one step); a refusal (a code
    changed by someone else since the form was shown among them) shows the
    form again as typed and changes nothing."""
    before = project.codebook.get(code_id)
    try:
        info = project.codebook.edit(
            code_id, name=form.name, if_version=form.if_version, **form.fields()
        )
    except StaleVersionError as error:
        # Shown again on the version now stored: saving again keeps the user's edit.
        stored = project.codebook.get(code_id)
        differing = [
            (name.replace("_", " "), getattr(stored, name))
            for name in ("name", "definition", "inclusion", "exclusion", "example")
            if getattr(stored, name) != getattr(form, name)
        ]
        choice = StaleEditChoice(error, differing, "Save changes")
        kept = replace(form, if_version=stored.version)
        return _form_page(request, project, kept, code=stored, error=str(choice))
    except UserError as error:
        return _form_page(request, project, form, code=before, error=str(error))
    changed = info != before
    message = f"Saved the code {info.path_text!r}." if changed else "Nothing was changed."
    return redirect(code_page(project.info.id, info.id), message)


# ---------------------------------------------------------------- moving


@router.post("/projects/{project_id}/codebook/{code_id}/move")
def move_code(project: ProjectDep, code_id: int, form: Annotated[CodeMoveForm, Form()]) -> Response:
    """Move a code (with its sub-codes) under another parent at a position
    (counted from 1 in the form; blank: last)."""
    pid = project.info.id
    try:
        parent, index = form.parent(), form.index()
        before = project.codebook.get(code_id)
        info = project.codebook.move(code_id, parent, index, if_version=form.version())
    except UserError as error:
        return back_with_error(pid, code_id, error)
    if (info.parent_id, info.position) == (before.parent_id, before.position):
        return redirect(code_page(pid, code_id), f"{info.path_text!r} is already there.")
    where = " > ".join(info.path[:-1]) or "the top level"
    return redirect(
        code_page(pid, code_id),
        f"Moved {before.path_text!r} to {where!r}, place {info.position + 1}.",
    )


@router.post("/projects/{project_id}/codebook/{code_id}/shift")
def shift_code(
    project: ProjectDep,
    code_id: int,
    direction: Annotated[str, Form()] = "up",
    if_version: Annotated[str, Form()] = "",
) -> Response:
    """Move a code one place up or down among its siblings."""
    pid = project.info.id
    steps = {"up": -1, "down": 1}.get(direction)
    if steps is None:
        return back_with_error(pid, code_id, ValidationError("Move a code up or down."))
    try:
        info = project.codebook.shift(code_id, steps, if_version=optional_version(if_version))
    except UserError as error:
        return back_with_error(pid, code_id, error)
    return redirect(code_page(pid, code_id), f"Moved {info.path_text!r} {direction}.")


# ---------------------------------------------------------------- retiring


@router.post("/projects/{project_id}/codebook/{code_id}/retire")
def retire_code(
    project: ProjectDep, code_id: int, if_version: Annotated[str, Form()] = ""
) -> Response:
    """Retire a code and its sub-codes (their codings are kept)."""
    pid = project.info.id
    try:
        changed = project.codebook.retire(code_id, if_version=optional_version(if_version))
    except UserError as error:
        return back_with_error(pid, code_id, error)
    if not changed:
        return redirect(code_page(pid, code_id), "The code was already retired.")
    more = len(changed) - 1
    also = f" and {more} sub-code{'s' if more != 1 else ''}" if more else ""
    return redirect(
        code_page(pid, code_id),
        f"Retired {changed[0].path_text!r}{also}: their codings are kept, and they are no "
        "longer offered for coding.",
    )


@router.post("/projects/{project_id}/codebook/{code_id}/restore")
def restore_code(
    project: ProjectDep,
    code_id: int,
    recursive: Annotated[str, Form()] = "",
    if_version: Annotated[str, Form()] = "",
) -> Response:
    """Offer a retired code for coding again (with its sub-codes when asked)."""
    pid = project.info.id
    try:
        version = optional_version(if_version)
        changed = project.codebook.restore(code_id, recursive=bool(recursive), if_version=version)
    except UserError as error:
        return back_with_error(pid, code_id, error)
    if not changed:
        return redirect(code_page(pid, code_id), "The code was not retired.")
    names = ", ".join(repr(c.path_text) for c in changed)
    return redirect(code_page(pid, code_id), f"Restored {names}: offered for coding again.")
