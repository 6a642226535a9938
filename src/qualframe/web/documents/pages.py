"""The documents list, importing transcripts (uploads) and each document's
settings: linked participants, place in interview order, deletion.

The document itself (its text and codings) is the document view's page,
``/projects/{pid}/documents/{id}``. Every form changing a document carries
the version it was shown with (a hidden ``if_version``): a document changed
by someone else since is not saved, and the page says so.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from qualframe import DocumentInfo, FailedFile, ImportReport, UploadedFile
from qualframe.errors import BatchImportError, InputFileError, ValidationError
from qualframe.formats.documents import SUPPORTED_SUFFIXES
from qualframe.project import Project
from qualframe.services.core.refs import Ref
from qualframe.web.documents import (
    coding_progress,
    import_preview,
    revisions as document_revisions,
    table_import,
)
from qualframe.web.documents.params import ImportOptions
from qualframe.web.documents.rows import document_rows
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.navigation import redirect
from qualframe.web.server.row_forms import FormItems, attribute_values
from qualframe.web.server.templating import render
from qualframe.web.server.upload_files import read_uploads

router = APIRouter(include_in_schema=False)
router.include_router(document_revisions.router)
router.include_router(import_preview.router)
router.include_router(table_import.router)
router.include_router(coding_progress.router)

#: The version a form was shown with (a hidden field; None: not stated).
FormVersion = Annotated[int | None, Form(ge=0)]

#: File types the upload accepts (the ``accept`` attribute of the file input).
ACCEPTED = ",".join(SUPPORTED_SUFFIXES)
#: Text encodings offered for files whose encoding cannot be detected.
ENCODINGS = (
    ("", "Work it out (recommended)"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows Western (cp1252)"),
    ("latin-1", "Latin-1 (ISO 8859-1)"),
    ("utf-16", "UTF-16"),
    ("mac_roman", "Mac Roman"),
)


def documents_link(project_id: int, anchor: str = "") -> str:
    """The documents list (``anchor``: a row or section id)."""
    return f"/projects/{project_id}/documents" + (f"#{anchor}" if anchor else "")


def participants_by_case(project: Project) -> list[tuple[str, list[str]]]:
    """``[(case, [participant identifiers])]`` in case order: the upload's choices."""
    groups: dict[str, list[str]] = {case.name: [] for case in project.study.cases()}
    for person in project.study.participants():
        groups.setdefault(person.case, []).append(person.identifier)
    return [(case, people) for case, people in groups.items() if people]


@router.get("/projects/{project_id}/documents")
def documents_page(request: Request, project: ProjectDep) -> Response:
    """Every document with its size, participants, codings and coding progress, and
    the upload form."""
    documents = document_rows(project.documents.document_list())
    return render(
        request,
        "documents/list.html",
        {
            "project": project,
            "active": "documents",
            "documents": documents,
            "progress": {p.document_id: p for p in project.documents.coding_progress()},
            "unmapped": sum(1 for d in documents if d["unmapped_labels"]),
            "people": participants_by_case(project),
            "encodings": ENCODINGS,
            "accepted": ACCEPTED,
        },
    )


def _failed_report(error: BatchImportError | InputFileError) -> ImportReport:
    """A report listing the files of a batch stopped by ``error`` (nothing imported)."""
    errors = error.failures if isinstance(error, BatchImportError) else [error]
    failures = tuple(
        FailedFile(e.source, (f"line {e.line}: " if e.line else "") + e.problem) for e in errors
    )
    return ImportReport(failures=failures)


def _identifiers(project: Project, people: list[Ref]) -> list[str]:
    """The identifiers of ``people`` (identifiers, or ids looked up in ``project``)."""
    ids = [person for person in people if isinstance(person, int)]
    known = {p.id: p.identifier for p in project.study.participants()} if ids else {}
    return [known.get(p, str(p)) if isinstance(p, int) else p for p in people]


@router.post("/projects/{project_id}/documents/upload")
def upload_documents(
    request: Request,
    project: ProjectDep,
    options: Annotated[ImportOptions, Form()],
    files: Annotated[list[UploadFile | str], File()] = [],  # noqa: B006 - FastAPI copies defaults
) -> Response:
    """Import the uploaded files and show the import report: documents imported,
    duplicates skipped, files that failed (with "stop", a failure imports nothing)."""
    uploads: list[UploadedFile] = read_uploads(files, "one or more transcripts")
    stopped = False
    try:
        report = project.documents.import_files(
            uploads,
            participants=options.people(),
            encoding=options.codec(),
            on_error=options.on_error,
        )
    except (BatchImportError, InputFileError) as error:
        # Every file's problem, not only the first: the report page lists them all.
        report, stopped = _failed_report(error), True
    context: dict[str, Any] = {
        "project": project,
        "active": "documents",
        "report": report,
        "stopped": stopped,
        "files": len(uploads),
        "linked": _identifiers(project, options.people() or []),
        "unmapped": project.documents.unmapped_speakers() if report.imported else [],
    }
    return render(request, "documents/report.html", context, status_code=422 if stopped else 200)


@router.post("/projects/{project_id}/documents/{document_id}/position")
def set_position(
    document_id: int,
    project: ProjectDep,
    position: Annotated[str, Form()] = "",
    if_version: FormVersion = None,
) -> Response:
    """Set a document's place in interview order (blank: unordered)."""
    text = position.strip()
    try:
        wanted = int(text) if text else None
    except ValueError:
        raise ValidationError(
            f"A position is a whole number from 0 (or blank for none), not {text!r}."
        ) from None
    info = project.documents.set_position(document_id, wanted, if_version=if_version)
    where = f"position {info.position}" if info.position is not None else "no position"
    return redirect(
        documents_link(project.info.id, f"document-row-{info.id}"),
        f"{info.name!r} now has {where} in interview order.",
    )


def _settings_context(project: Project, info: DocumentInfo) -> dict[str, Any]:
    linked = set(info.participants)
    return {
        "project": project,
        "active": "documents",
        "document": info,
        "attributes": project.study.attributes("document"),
        "linked": [p for p in project.study.participants() if p.identifier in linked],
        "choices": [
            (p.identifier, f"{p.identifier} ({p.case})")
            for p in project.study.participants()
            if p.identifier not in linked
        ],
    }


@router.get("/projects/{project_id}/documents/{document_id}/settings")
def settings_page(request: Request, document_id: int, project: ProjectDep) -> Response:
    """A document's details, linked participants, position and deletion."""
    info = project.documents.info(document_id)
    return render(request, "documents/settings.html", _settings_context(project, info))


@router.post("/projects/{project_id}/documents/{document_id}/attributes")
def save_attributes(
    document_id: int, project: ProjectDep, items: FormItems, if_version: FormVersion = None
) -> Response:
    """Set (blank: clear) the document's attribute values, all or none."""
    saved = project.study.set_attributes(
        "document", document_id, attribute_values(items), if_version=if_version
    )
    return redirect(
        f"/projects/{project.info.id}/documents/{saved.id}/settings#attributes",
        f"Saved the attributes of {saved.owner!r}.",
    )


@router.post("/projects/{project_id}/documents/{document_id}/participants")
def link_participant(
    document_id: int,
    project: ProjectDep,
    participant: Annotated[str, Form()] = "",
    if_version: FormVersion = None,
) -> Response:
    """Link a participant to the document; its codings are re-attributed."""
    info = project.documents.link_participants(document_id, participant, if_version=if_version)
    return redirect(
        f"/projects/{project.info.id}/documents/{info.id}/settings",
        f"Linked {info.name!r} to {participant}.",
    )


@router.post("/projects/{project_id}/documents/{document_id}/participants/{participant_id}/unlink")
def unlink_participant(
    document_id: int, participant_id: int, project: ProjectDep, if_version: FormVersion = None
) -> Response:
    """Remove the link between the document and a participant."""
    before = set(project.documents.info(document_id).participants)
    info = project.documents.unlink_participants(document_id, participant_id, if_version=if_version)
    gone = ", ".join(sorted(before - set(info.participants)))
    return redirect(
        f"/projects/{project.info.id}/documents/{info.id}/settings",
        f"Unlinked {info.name!r} from {gone}.",
    )


@router.get("/projects/{project_id}/documents/{document_id}/delete")
def confirm_delete(request: Request, document_id: int, project: ProjectDep) -> Response:
    """Ask before deleting a document; a coded one needs its codings' deletion ticked."""
    info = project.documents.info(document_id)
    return render(
        request,
        "documents/delete.html",
        {"project": project, "active": "documents", "document": info},
    )


@router.post("/projects/{project_id}/documents/{document_id}/delete")
def delete_document(
    document_id: int,
    project: ProjectDep,
    force: Annotated[bool, Form()] = False,
    if_version: FormVersion = None,
) -> Response:
    """Delete a document (and, when ``force`` is ticked, its codings)."""
    deleted = project.documents.delete(document_id, force=force, if_version=if_version)
    codings = f" and its {deleted.codings} coding{'s' if deleted.codings != 1 else ''}"
    return redirect(
        documents_link(project.info.id),
        f"Deleted the document {deleted.name!r}{codings if deleted.codings else ''}.",
    )
