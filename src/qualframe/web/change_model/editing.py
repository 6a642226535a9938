"""Editing a change model through forms: nodes (with their bound codes),
links, indicators on outcome nodes, and removing evidence.

Every form works without scripts and answers with a redirect to the model
page (the changed node or link shown in the side panel) and a message. A
refused add form shows the model page again with the form as typed; a
refused edit shows its form again as typed, and a stale one (the node or
link changed since the form was read) explains what is stored now and lets
the user keep theirs (:class:`~qualframe.web.server.edit_conflicts.StaleEditChoice`).
Deleting a node is confirmed on a page saying what goes with it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.errors import NotFoundError, StaleVersionError, UserError, ValidationError
from qualframe.project import Project
from qualframe.services.change_model.records import LinkInfo, NodeInfo
from qualframe.services.core.wording import counted
from qualframe.web.change_model.params import (
    IfVersionForm,
    IndicatorFormDep,
    LinkForm,
    LinkFormDep,
    NodeForm,
    NodeFormDep,
    Selection,
)
from qualframe.web.change_model.view import (
    delete_effects,
    evidence_counts,
    model_url,
)
from qualframe.web.change_model.workspace import show_model
from qualframe.web.server.choices import code_choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.edit_conflicts import StaleEditChoice
from qualframe.web.server.navigation import local_path, redirect
from qualframe.web.server.refs import form_id
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/change-models/{model_id}"


def _shown(
    project: Project, model_id: int, *, node: int | None = None, link: int | None = None
) -> str:
    """The model page with the node or link in the side panel."""
    query = Selection(node=node, link=link, by="").query()
    return model_url(project.info.id, model_id, query) + "#cm-panel"


# ---------------------------------------------------------------- nodes


def _code_ids(project: Project, node: NodeInfo) -> list[int]:
    """The ids of the codes ``node`` is bound to (its codes are paths)."""
    ids = {code.path_text: code.id for code in project.codebook.tree()}
    return [ids[path] for path in node.codes if path in ids]


@router.post(f"{BASE}/nodes")
def add_node(request: Request, project: ProjectDep, model_id: int, form: NodeFormDep) -> Response:
    """Add a node (with its bound codes) and show it; refused: the model page
    with the form as typed."""
    try:
        node = project.change_models.add_node(
            form.label,
            form.kind,
            description=form.description,
            candidate=form.candidate,
            codes=list(form.code_ids),
            model=model_id,
        )
    except UserError as error:
        return show_model(
            request,
            project,
            model_id,
            Selection(node=None, link=None, by=""),
            new_node=form,
            error=error,
        )
    return redirect(_shown(project, model_id, node=node.id), f"Added the node {node.label!r}.")


def _node_form_page(
    request: Request,
    project: Project,
    model_id: int,
    node: NodeInfo,
    form: NodeForm,
    error: UserError | None = None,
) -> Response:
    view = project.change_models.get(model_id)
    status = 409 if isinstance(error, StaleVersionError) else 422 if error else 200
    context = {
        "project": project,
        "active": "change-models",
        "view": view,
        "node": node,
        "form": form,
        "kinds": [(kind.name, kind.name) for kind in view.kinds],
        "codes": code_choices(project),
        "error": str(error) if error else None,
    }
    return render(request, "change_model/node_form.html", context, status_code=status)


@router.get(f"{BASE}/nodes/{{node_id}}/edit")
def edit_node_page(request: Request, project: ProjectDep, model_id: int, node_id: int) -> Response:
    """The form editing a node: label, kind, description, candidate, codes."""
    node = _node(project, model_id, node_id)
    form = NodeForm(
        label=node.label,
        kind=node.kind,
        description=node.description,
        candidate=node.candidate,
        code_ids=tuple(_code_ids(project, node)),
        version=node.version,
    )
    return _node_form_page(request, project, model_id, node, form)


def _node(project: Project, model_id: int, node_id: int) -> NodeInfo:
    view = project.change_models.get(model_id)
    found = next((node for node in view.nodes if node.id == node_id), None)
    if found is None:
        raise NotFoundError(f"The change model {view.model.name!r} has no node with id {node_id}.")
    return found


def _save_node(project: Project, model_id: int, node: NodeInfo, form: NodeForm) -> NodeInfo:
    """Edit the node, then bind and unbind codes to match the form."""
    cm = project.change_models
    saved = cm.edit_node(
        node.id,
        label=form.label,
        kind=form.kind,
        description=form.description,
        candidate=form.candidate,
        model=model_id,
        if_version=form.version,
    )
    bound = _code_ids(project, node)
    for code in form.code_ids:
        if code not in bound:
            saved = cm.bind_code(node.id, code, model=model_id)
    for code in bound:
        if code not in form.code_ids:
            saved = cm.unbind_code(node.id, code, model=model_id)
    return saved


@router.post(f"{BASE}/nodes/{{node_id}}/edit")
def edit_node(
    request: Request, project: ProjectDep, model_id: int, node_id: int, form: NodeFormDep
) -> Response:
    """Save the edited node (refused, the form kept as typed, when it changed
    since the version the form was filled from)."""
    node = _node(project, model_id, node_id)
    try:
        saved = _save_node(project, model_id, node, form)
    except StaleVersionError as error:
        stored = _node(project, model_id, node_id)
        fields = (
            ("the label", stored.label, form.label),
            ("the kind", stored.kind, form.kind),
            ("the description", stored.description, form.description),
        )
        differing = [(name, value) for name, value, typed in fields if value != typed]
        choice = StaleEditChoice(error, differing, "Save the node")
        kept = replace(form, version=stored.version)
        return _node_form_page(request, project, model_id, stored, kept, choice)
    except UserError as error:
        return _node_form_page(request, project, model_id, node, form, error)
    return redirect(_shown(project, model_id, node=saved.id), f"Saved the node {saved.label!r}.")


@router.get(f"{BASE}/nodes/{{node_id}}/delete")
def delete_node_page(
    request: Request, project: ProjectDep, model_id: int, node_id: int
) -> Response:
    """Ask before deleting a node, saying what goes with it."""
    node = _node(project, model_id, node_id)
    view = project.change_models.get(model_id)
    effects = delete_effects(view, node, evidence_counts(project, model_id))
    context = {
        "project": project,
        "active": "change-models",
        "view": view,
        "node": node,
        "effects": effects,
    }
    return render(request, "change_model/delete_node.html", context)


@router.post(f"{BASE}/nodes/{{node_id}}/delete")
def delete_node(
    project: ProjectDep, model_id: int, node_id: int, if_version: IfVersionForm = ""
) -> Response:
    """Delete the node with its links, their evidence, its indicators and
    bindings (refused when it changed since the confirmation was shown)."""
    removed = project.change_models.delete_node(
        node_id, model=model_id, if_version=form_id(if_version, "version")
    )
    parts = [
        counted(removed.links, "link"),
        f"{counted(removed.evidence, 'piece')} of evidence",
        counted(removed.indicators, "indicator"),
        counted(removed.bindings, "code binding"),
    ]
    message = f"Deleted the node {removed.node.label!r} with " + ", ".join(parts) + "."
    if removed.conditions_cleared:
        message += f" {counted(removed.conditions_cleared, 'link')} no longer conditional on it."
    return redirect(model_url(project.info.id, model_id), message)


# ---------------------------------------------------------------- links


@router.post(f"{BASE}/links")
def add_link(request: Request, project: ProjectDep, model_id: int, form: LinkFormDep) -> Response:
    """Add a link and show it; refused: the model page with the form as typed."""
    try:
        link = project.change_models.add_link(
            _required(form.source_id, "source"),
            _required(form.target_id, "target"),
            rationale=form.rationale,
            condition=form.condition_id,
            candidate=form.candidate,
            model=model_id,
        )
    except UserError as error:
        return show_model(
            request,
            project,
            model_id,
            Selection(node=None, link=None, by=""),
            new_link=form,
            error=error,
        )
    return redirect(_shown(project, model_id, link=link.id), f"Added the link {link.label}.")


def _required(value: int | None, what: str) -> int:
    if value is None:
        raise ValidationError(f"Choose the link's {what} node.")
    return value


def _link(project: Project, model_id: int, link_id: int) -> LinkInfo:
    view = project.change_models.get(model_id)
    found = next((link for link in view.links if link.id == link_id), None)
    if found is None:
        raise NotFoundError(f"The change model {view.model.name!r} has no link with id {link_id}.")
    return found


def _link_form_page(
    request: Request,
    project: Project,
    model_id: int,
    link: LinkInfo,
    form: LinkForm,
    error: UserError | None = None,
) -> Response:
    view = project.change_models.get(model_id)
    status = 409 if isinstance(error, StaleVersionError) else 422 if error else 200
    context: dict[str, Any] = {
        "project": project,
        "active": "change-models",
        "view": view,
        "link": link,
        "form": form,
        "node_choices": [(node.id, f"{node.label} ({node.kind})") for node in view.nodes],
        "error": str(error) if error else None,
    }
    return render(request, "change_model/link_form.html", context, status_code=status)


@router.get(f"{BASE}/links/{{link_id}}/edit")
def edit_link_page(request: Request, project: ProjectDep, model_id: int, link_id: int) -> Response:
    """The form editing a link's rationale, condition and candidate mark."""
    link = _link(project, model_id, link_id)
    form = LinkForm(
        source_id=link.source_id,
        target_id=link.target_id,
        rationale=link.rationale,
        condition_id=link.condition_id,
        candidate=link.candidate,
        version=link.version,
    )
    return _link_form_page(request, project, model_id, link, form)


@router.post(f"{BASE}/links/{{link_id}}/edit")
def edit_link(
    request: Request, project: ProjectDep, model_id: int, link_id: int, form: LinkFormDep
) -> Response:
    """Save the edited link (a blank condition: unconditional); a stale edit
    comes back as typed with what is stored now."""
    link = _link(project, model_id, link_id)
    try:
        saved = project.change_models.edit_link(
            link_id,
            rationale=form.rationale,
            condition=form.condition_id,
            unconditional=form.condition_id is None,
            candidate=form.candidate,
            model=model_id,
            if_version=form.version,
        )
    except StaleVersionError as error:
        stored = _link(project, model_id, link_id)
        fields = (
            ("the rationale", stored.rationale, form.rationale),
            (
                "the condition",
                stored.condition or "none",
                _condition_label(project, model_id, form),
            ),
        )
        differing = [(name, value) for name, value, typed in fields if value != typed]
        choice = StaleEditChoice(error, differing, "Save the link")
        kept = replace(form, version=stored.version)
        return _link_form_page(request, project, model_id, stored, kept, choice)
    except UserError as error:
        return _link_form_page(request, project, model_id, link, form, error)
    return redirect(_shown(project, model_id, link=saved.id), f"Saved the link {saved.label}.")


def _condition_label(project: Project, model_id: int, form: LinkForm) -> str:
    if form.condition_id is None:
        return "none"
    view = project.change_models.get(model_id)
    return next((n.label for n in view.nodes if n.id == form.condition_id), "")


@router.post(f"{BASE}/links/{{link_id}}/delete")
def delete_link(
    project: ProjectDep, model_id: int, link_id: int, if_version: IfVersionForm = ""
) -> Response:
    """Delete a link with its evidence (refused when it changed since read)."""
    link = project.change_models.delete_link(
        link_id, model=model_id, if_version=form_id(if_version, "version")
    )
    return redirect(model_url(project.info.id, model_id), f"Deleted the link {link.label}.")


# ---------------------------------------------------------------- indicators and evidence


@router.post(f"{BASE}/nodes/{{node_id}}/indicators")
def add_indicator(
    project: ProjectDep, model_id: int, node_id: int, form: IndicatorFormDep
) -> Response:
    """Add an indicator to an outcome node (a measure of the registry by
    name, or none) and show the node."""
    indicator = project.change_models.add_indicator(
        node_id,
        form.name,
        measure=form.measure.strip() or None,
        timing=form.timing,
        data_source=form.data_source,
        notes=form.notes,
        model=model_id,
    )
    return redirect(
        _shown(project, model_id, node=node_id), f"Added the indicator {indicator.name!r}."
    )


@router.post(f"{BASE}/indicators/{{indicator_id}}/remove")
def remove_indicator(
    project: ProjectDep, model_id: int, indicator_id: int, if_version: IfVersionForm = ""
) -> Response:
    """Remove an indicator and show its node."""
    removed = project.change_models.remove_indicator(
        indicator_id, if_version=form_id(if_version, "version")
    )
    return redirect(
        _shown(project, model_id, node=removed.node_id), f"Removed the indicator {removed.name!r}."
    )


@router.post(f"{BASE}/evidence/{{evidence_id}}/remove")
def remove_evidence(
    project: ProjectDep,
    model_id: int,
    evidence_id: int,
    if_version: IfVersionForm = "",
    next_page: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Remove a piece of evidence and go back to the page it was removed on."""
    removed = project.change_models.remove_evidence(
        evidence_id, if_version=form_id(if_version, "version")
    )
    shown = _shown(project, model_id, node=removed.node_id, link=removed.link_id)
    back = local_path(next_page, shown)
    return redirect(back, f"Removed the evidence {removed.label!r} from {removed.subject!r}.")
