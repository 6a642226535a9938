"""Projects: list, create, read."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from qualframe.project import ProjectInfo, create_project, list_projects
from qualframe.web.server.dependencies import (
    ProjectDep,
    StateDep,
    UserDep,
    account_login,
    current_actor,
)

router = APIRouter(tags=["projects"])


class NewProject(BaseModel):
    """A project to create."""

    name: str = Field(description="Unique in the database.")
    description: str = ""
    template: str | None = Field(
        None, description='A built-in study template: "peer-worker-study".'
    )


@router.get("/projects")
def projects(request: Request, state: StateDep) -> list[ProjectInfo]:
    """Every project in the database, by name (on a team server: the projects
    the signed-in account is a member of; 401 when nobody is signed in)."""
    if state.team:
        current_actor(request)  # raises LoginNeededError: nobody is signed in
    return list_projects(database=state.database, account=account_login(request))


@router.post("/projects", status_code=201)
def new_project(request: Request, body: NewProject, state: StateDep, user: UserDep) -> ProjectInfo:
    """Create a project (from ``template`` when given); on a team server its
    creator is its owner. 409 when the name is taken."""
    project = create_project(
        body.name,
        database=state.database,
        user=user,
        account=account_login(request),
        template=body.template,
        description=body.description,
    )
    return project.info


@router.get("/projects/{project_id}")
def project_info(project: ProjectDep) -> ProjectInfo:
    """One project. 404 when there is none with this id."""
    return project.info
