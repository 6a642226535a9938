"""The projects list, creating a project (empty or from a template) and the first-run welcome."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.examples import EXAMPLES, find_example
from qualframe.project import create_project, list_projects
from qualframe.services.projects.templates import TEMPLATES, template_title
from qualframe.web.server.dependencies import StateDep, UserDep, account_login
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)


def template_choices() -> list[tuple[str, str]]:
    """(template name, study title) of each built-in study template."""
    return [(name, template_title(name)) for name in sorted(TEMPLATES)]


@router.get("/")
def projects_page(request: Request, state: StateDep, _user: UserDep) -> Response:
    """Every project (on a team server: the logged-in account's projects); on
    first run, a welcome offering a template or an example. A visitor not
    named (or logged in) yet is asked first (``_user``), as on every page
    that shows a project."""
    projects = list_projects(database=state.database, account=account_login(request))
    context = {
        "projects": projects,
        "templates": template_choices(),
        "examples": list(EXAMPLES.values()),
    }
    return render(request, "projects.html", context)


@router.post("/projects")
def create(
    request: Request,
    state: StateDep,
    user: UserDep,
    name: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    template: Annotated[str, Form()] = "",
) -> Response:
    """Create a project (from ``template`` when given) and open its overview;
    on a team server its creator is its owner."""
    title = name.strip() or (template_title(template) if template else "")
    project = create_project(
        title,
        database=state.database,
        user=user,
        account=account_login(request),
        template=template or None,
        description=description.strip(),
    )
    return redirect(f"/projects/{project.info.id}", f"Created the project {project.name!r}.")


@router.post("/projects/examples")
def create_example(
    request: Request,
    state: StateDep,
    user: UserDep,
    example: Annotated[str, Form()],
    name: Annotated[str, Form()] = "",
) -> Response:
    """Create an example project with its data and open its overview."""
    title = name.strip() or find_example(example).title
    project = create_project(
        title, database=state.database, user=user, account=account_login(request), example=example
    )
    return redirect(f"/projects/{project.info.id}", f"Created the example project {title!r}.")
