"""Memos: list, create, read, edit, delete; and Markdown rendered as the
pages show it (for live previews)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path as PathParam, Query
from pydantic import BaseModel, Field

from qualframe.errors import ValidationError
from qualframe.services.memos.memos import MemoInfo, MemoOrder
from qualframe.services.memos.targets import KEEP, TargetSpec
from qualframe.vocabulary import MemoKind, MemoTarget
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.templating import markdown

router = APIRouter(tags=["memos"])

#: A memo named in the path, by id.
MemoId = Annotated[int, PathParam(description="The memo's id.", ge=1)]
#: The version a write was based on (optional), in a query string.
IfVersion = Annotated[
    int | None,
    Query(
        ge=0,
        description="The memo's version you read; when it was changed since, 409 and nothing "
        "is deleted.",
    ),
]
#: Longest Markdown text rendered by the preview, in characters.
MAX_MARKDOWN = 1_000_000


class LinkIn(BaseModel):
    """One object a memo is linked to; ``start``/``end`` (code points, end
    exclusive) make a document link a link to that passage."""

    target_type: MemoTarget = Field(description="The type of object (not project).")
    target_id: int = Field(description="The object's id.")
    start: int | None = Field(None, ge=0, description="A passage's start (document links only).")
    end: int | None = Field(None, ge=0, description="A passage's end (document links only).")

    def spec(self) -> TargetSpec:
        """The link as the facade takes it."""
        if self.target_type is MemoTarget.PROJECT:
            raise ValidationError("A memo on the project has no link; leave it out of links.")
        if self.start is None and self.end is None:
            return (self.target_type, self.target_id)
        if self.start is None or self.end is None:
            raise ValidationError("A passage link needs both its start and its end.")
        return (self.target_type, self.target_id, (self.start, self.end))


class NewMemo(BaseModel):
    """A memo to write, by the current user."""

    title: str
    kind: MemoKind
    body: str = Field("", description="Markdown.")
    target_type: MemoTarget = Field(
        MemoTarget.PROJECT, description="What the memo is about (project: nothing in particular)."
    )
    target_id: int | None = Field(None, description="The object's id; none for the project.")
    links: list[LinkIn] = Field(
        default_factory=list,
        description="More objects the memo is linked to (after target_type/target_id, if given).",
    )

    def target(self) -> TargetSpec:
        """What the memo is about, as the facade takes it."""
        return _target(self.target_type, self.target_id)


class MemoEdit(BaseModel):
    """Fields to change; left out (or null): unchanged. Giving ``target_type``
    relinks the memo (``"project"``: to nothing in particular)."""

    title: str | None = None
    kind: MemoKind | None = None
    body: str | None = Field(None, description="Markdown.")
    target_type: MemoTarget | None = None
    target_id: int | None = Field(None, description="The object's id (with target_type).")
    links: list[LinkIn] | None = Field(
        None,
        description="Every link the memo should have, replacing its links ([]: on the project); "
        "not with target_type.",
    )
    if_version: int | None = Field(
        None,
        ge=0,
        description="The memo's version you read (from its record); when someone changed it "
        "since, 409 and nothing is saved.",
    )

    def target(self) -> TargetSpec:
        """The new link as the facade takes it (:data:`KEEP`: unchanged)."""
        if self.target_type is not None:
            return _target(self.target_type, self.target_id)
        if self.target_id is not None:
            raise ValidationError("Give target_type with target_id to relink a memo.")
        return KEEP


class MemoFilters(BaseModel):
    """Which memos to list, and in what order (every filter optional)."""

    kind: MemoKind | None = None
    target_type: MemoTarget | None = Field(None, description="Memos about this type of object.")
    target_id: int | None = Field(
        None, description="With target_type: memos about this object (by id)."
    )
    author: str | None = Field(None, description="Only this author's memos (by name).")
    contains: str | None = Field(None, description="Text in the title or body, ignoring case.")
    order: MemoOrder = Field(
        MemoOrder.OLDEST, description="oldest (created), newest (last changed) or title."
    )


class MarkdownText(BaseModel):
    """Markdown to render."""

    text: str = Field(max_length=MAX_MARKDOWN)


class RenderedMarkdown(BaseModel):
    """Markdown as HTML (CommonMark with tables; raw HTML is shown as text)."""

    html: str


def _target(target_type: MemoTarget | None, target_id: int | None) -> TargetSpec:
    """The facade's target for a type and id (the project, or no type, takes no id)."""
    if target_type is None or target_type is MemoTarget.PROJECT:
        if target_id is not None:
            raise ValidationError("A memo on the project is not linked to any object.")
        return None
    if target_id is None:
        raise ValidationError(f"Give the id of the {target_type.value} the memo is about.")
    return (target_type, target_id)


@router.get("/projects/{project_id}/memos")
def memos(project: ProjectDep, filters: Annotated[MemoFilters, Query()]) -> list[MemoInfo]:
    """The project's memos, filtered. 404 when ``target_id`` names no object."""
    about = filters.target_type
    return project.memos.list(
        kind=filters.kind,
        author=filters.author,
        contains=filters.contains,
        order=filters.order,
        target_type=about if filters.target_id is None else None,
        target=None if filters.target_id is None else _target(about, filters.target_id),
    )


@router.post("/projects/{project_id}/memos", status_code=201)
def create_memo(project: ProjectDep, body: NewMemo) -> MemoInfo:
    """Write a memo. 422 for an empty title; 404 when the object is unknown."""
    links = [link.spec() for link in body.links]
    return project.memos.add(
        body.title, kind=body.kind, body=body.body, target=body.target(), links=links
    )


@router.get("/projects/{project_id}/memos/{memo_id}")
def memo(project: ProjectDep, memo_id: MemoId) -> MemoInfo:
    """One memo. 404 when the project has no memo with this id."""
    return project.memos.get(memo_id)


@router.patch("/projects/{project_id}/memos/{memo_id}")
def edit_memo(project: ProjectDep, memo_id: MemoId, body: MemoEdit) -> MemoInfo:
    """Change a memo's title, kind, text or links (``links``: the whole set;
    ``target_type``: one link in their place); the last change time and the
    version move only when something changed. Answers the memo with its new
    ``version`` (send it as ``if_version`` with the next edit); 409 when
    ``if_version`` is not the stored version (nothing is saved)."""
    if body.links is not None and body.target_type is not None:
        raise ValidationError("Give either links or target_type, not both.")
    links = KEEP if body.links is None else [link.spec() for link in body.links]
    return project.memos.edit(
        memo_id,
        title=body.title,
        kind=body.kind,
        body=body.body,
        target=body.target(),
        links=links,
        if_version=body.if_version,
    )


@router.delete("/projects/{project_id}/memos/{memo_id}")
def delete_memo(project: ProjectDep, memo_id: MemoId, if_version: IfVersion = None) -> MemoInfo:
    """Delete a memo (its text stays in the audit log); returns what it was.
    409 when ``if_version`` is not the stored version (nothing is deleted)."""
    return project.memos.delete(memo_id, if_version=if_version)


@router.post("/markdown")
def render_markdown(body: MarkdownText) -> RenderedMarkdown:
    """Markdown rendered exactly as memo pages show it (raw HTML is escaped,
    so the answer is safe to insert into a page)."""
    return RenderedMarkdown(html=str(markdown(body.text)))
