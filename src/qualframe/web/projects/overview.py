"""A project's overview (the study at a glance) and its full activity log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from qualframe import ReadingProgress
from qualframe.project import Project
from qualframe.services.core.audit import ENTITY_TYPES
from qualframe.vocabulary import AttributeLevel
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.frames import records
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: Audit entries shown under "Recent activity".
RECENT_ACTIVITY = 15
#: Entries per page of the activity log.
ACTIVITY_PAGE = 50
#: Rows of the participants and documents summaries before "see all".
SUMMARY_ROWS = 10


@dataclass(frozen=True)
class NextStep:
    """One step of the getting-started checklist; ``done`` None when it cannot be told."""

    title: str
    text: str
    href: str
    done: bool | None
    #: Lines shown under the step (the familiarisation step: each person's reading).
    details: tuple[str, ...] = ()


def familiarisation_step(
    pid: int, reading: ReadingProgress | None, user: str, coding_started: bool
) -> NextStep:
    """The step of reading every transcript before coding: done when ``user``
    (the acting name) has read every document; once coding has started it is
    no longer a step to do (not told: it keeps no checklist up); its details
    say how many documents each person has read."""
    people = reading.people if reading is not None else ()
    you = next((person for person in people if person.reader == user), None)
    done = you is not None and you.documents > 0 and you.read == you.documents
    return NextStep(
        "Read the transcripts (familiarisation)",
        "Each person reads the transcripts and notes first impressions before coding.",
        f"/projects/{pid}/documents/familiarisation",
        True if done else None if coding_started else False,
        tuple(
            f"{person.reader}{' (you)' if person.reader == user else ''}: "
            f"{person.read} of {person.documents} read"
            for person in people
        ),
    )


def next_steps(
    pid: int,
    counts: dict[str, int],
    unmapped: int,
    reading: ReadingProgress | None = None,
    user: str = "",
    *,
    mapped: bool = False,
) -> list[NextStep]:
    """The Framework Method's steps, each marked done from the project's
    counts (familiarisation from ``reading``, for ``user``; mapping done when
    ``mapped``: a change model has a node with evidence)."""
    base = f"/projects/{pid}"
    documents = counts["documents"]
    return [
        NextStep(
            "Describe your cases and participants",
            "Add the sites you compare and the people interviewed, with their attributes.",
            f"{base}/study",
            counts["cases"] > 0 and counts["participants"] > 0,
        ),
        NextStep(
            "Import transcripts",
            "Upload interview and focus group transcripts (Word, PDF, text, subtitles).",
            f"{base}/documents",
            documents > 0,
        ),
        familiarisation_step(pid, reading, user, counts["codings"] > 0),
        NextStep(
            "Map speakers",
            "Say which participant each speaker label in the transcripts stands for.",
            f"{base}/speakers",
            documents > 0 and unmapped == 0,
        ),
        NextStep(
            "Code the transcripts",
            "Build the codebook and apply codes to passages of text.",
            f"{base}/codebook",
            counts["codings"] > 0,
        ),
        NextStep(
            "Chart the framework matrix",
            "Summarise each participant's data per code, with quotes.",
            f"{base}/matrix",
            None,
        ),
        NextStep(
            "Map and interpret: build the change model",
            "Link mechanisms and outcomes, and back each with coded evidence: quotes, "
            "matrix cells and memos.",
            f"{base}/change-models",
            # A later stage, like charting: told when done, never a step "to do"
            # that keeps the getting-started checklist up.
            True if mapped else None,
        ),
    ]


def has_mapped(project: Project) -> bool:
    """Whether a change model of ``project`` has a node with evidence (explicit,
    or codings of the codes it is bound to)."""
    cm = project.change_models
    return any(
        item.subject_kind == "node" and item.total_supporting + item.contradicts > 0
        for model in cm.list()
        for item in cm.evidence_summary(model=model.id)
    )


class ActivityFilters(BaseModel):
    """The activity log's filters (kind of object, person; blank: any) and page,
    read from the query string without surrounding spaces."""

    model_config = ConfigDict(str_strip_whitespace=True)

    entity_type: str = ""
    actor: str = ""
    since: date | None = Field(None, description="From this day on (UTC), inclusive.")
    until: date | None = Field(None, description="Up to this day (UTC), inclusive.")
    page: int = Field(1, ge=1)

    @property
    def filtered(self) -> bool:
        """Whether any filter is set."""
        return bool(self.entity_type or self.actor or self.since or self.until)

    def moments(self) -> tuple[datetime | None, datetime | None]:
        """The first moment of ``since`` and the first moment after ``until`` (UTC):
        the days are inclusive."""
        start = datetime.combine(self.since, time(), UTC) if self.since else None
        end = datetime.combine(self.until + timedelta(days=1), time(), UTC) if self.until else None
        return start, end

    def query(self) -> dict[str, str]:
        """The filters as query values (for the pager's links)."""
        values = {"entity_type": self.entity_type, "actor": self.actor}
        values.update(since=str(self.since or ""), until=str(self.until or ""))
        return values

    def caption(self) -> str:
        """The activity table's caption: "Changes to an attribute by Sam, newest first (page 2)"."""
        words = ["Changes"]
        if self.entity_type:
            kind = ENTITY_TYPES.get(self.entity_type, self.entity_type.replace("_", " "))
            words.append(f"to {'an' if kind[:1] in 'aeiou' else 'a'} {kind}")
        if self.actor:
            words.append(f"by {self.actor}")
        if self.since:
            words.append(f"from {self.since.isoformat()}")
        if self.until:
            words.append(f"to {self.until.isoformat()}")
        return f"{' '.join(words)}, newest first (page {self.page})"


def _overview_context(project: Project) -> dict[str, Any]:
    pid = project.info.id
    cases = project.study.cases()
    participants = project.study.participants()
    attributes = project.study.attributes()
    documents = records(project.documents.documents())
    codes = project.codebook.tree(include_retired=False)
    counts = {
        "cases": len(cases),
        "participants": len(participants),
        "documents": len(documents),
        "codes": len(codes),
        "codings": sum(int(d["codings"]) for d in documents),
        "memos": len(project.memos.list()),
    }
    unmapped = sum(1 for d in documents if d["unmapped_labels"])
    reading = project.documents.reading_progress()
    steps = next_steps(pid, counts, unmapped, reading, project.user, mapped=has_mapped(project))
    return {
        "project": project,
        "active": "overview",
        "counts": counts,
        "steps": steps,
        "setting_up": any(step.done is False for step in steps),
        "cases": cases,
        "participants": participants[:SUMMARY_ROWS],
        "case_attributes": [a for a in attributes if a.level is AttributeLevel.CASE],
        "participant_attributes": [a for a in attributes if a.level is AttributeLevel.PARTICIPANT],
        "documents": documents[:SUMMARY_ROWS],
        "unmapped_documents": unmapped,
        "reading": reading,
        "you": project.user,
        "themes": [code for code in codes if code.depth == 0],
        "progress": project.matrix.progress(),
        "activity": project.activity(limit=RECENT_ACTIVITY, newest_first=True),
        "entity_types": ENTITY_TYPES,
    }


@router.get("/projects/{project_id}")
def overview(request: Request, project: ProjectDep) -> Response:
    """The study at a glance: counts, next steps, cases, participants, documents with
    their coding progress, the codebook's themes, the charting progress per theme
    and the recent activity."""
    return render(request, "overview.html", _overview_context(project))


@router.get("/projects/{project_id}/activity")
def activity(
    request: Request, project: ProjectDep, filters: Annotated[ActivityFilters, Query()]
) -> Response:
    """Every recorded change, newest first, filtered by kind of object, by person
    and by days, ``ACTIVITY_PAGE`` entries a page, each with what it changed
    before and after."""
    page = filters.page
    since, until = filters.moments()
    entries = project.activity(
        entity_type=filters.entity_type or None,
        actor=filters.actor or None,
        since=since,
        until=until,
        limit=ACTIVITY_PAGE + 1,  # one more tells whether an older page exists
        offset=(page - 1) * ACTIVITY_PAGE,
        newest_first=True,
    )
    kinds = [(key, label.capitalize()) for key, label in ENTITY_TYPES.items()]
    return render(
        request,
        "activity/log.html",
        {
            "project": project,
            "active": "overview",
            "entries": entries[:ACTIVITY_PAGE],
            "page": page,
            "older": len(entries) > ACTIVITY_PAGE,
            "filters": filters,
            "caption": filters.caption(),
            "kinds": kinds,
            "entity_types": ENTITY_TYPES,
        },
    )
