"""Agreement between coders: the agreement page (choose the unit, documents,
codes and coders; the figures overall and per code, each named and
explained; open a round from the same choices; the rounds), and a round's
page (the figures at opening and now side by side, the disagreement queue
with each coder's reading side by side and a form resolving each, the
resolved ones with who, when and how; deleting the round).

Every form works without scripts and answers with a redirect and a message;
a refused form shows its page again with what was typed, and nothing is
written (a resolution refused because the passage's coding changed since
the page was read shows the passage as it is now, the choice and note kept).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import ConflictError, UserError
from qualframe.project import Project
from qualframe.services.core.wording import counted
from qualframe.web.server.choices import code_choices
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.filter_choices import document_choices
from qualframe.web.server.navigation import local_path, redirect
from qualframe.web.server.refs import form_id
from qualframe.web.server.templating import render
from qualframe.web.team import cells, view
from qualframe.web.team.params import (
    KEEP_PREFIX,
    QUEUE_PAGE,
    AgreementChoice,
    QueueFilter,
    ResolveForm,
    ResolveFormDep,
    RoundForm,
    RoundFormDep,
)

router = APIRouter(include_in_schema=False)

BASE = "/projects/{project_id}/agreement"


def agreement_url(project_id: int, query: str = "") -> str:
    """The agreement page (``query``: its choices, without "?")."""
    base = f"/projects/{project_id}/agreement"
    return f"{base}?{query}" if query else base


def round_url(project_id: int, round_id: int, query: str = "") -> str:
    """A round's page (``query``: its filter, without "?")."""
    base = f"{agreement_url(project_id)}/rounds/{round_id}"
    return f"{base}?{query}" if query else base


# ---------------------------------------------------------------- the agreement page


@router.get(BASE)
def agreement_page(
    request: Request, project: ProjectDep, choice: Annotated[AgreementChoice, Query()]
) -> Response:
    """Agreement on the chosen unit, documents, codes and coders (none ticked:
    every document coded by two or more coders, every code used there, every
    coder of them), overall and per code; the form opening a round; the rounds."""
    return _agreement_page(request, project, choice)


def _agreement_page(
    request: Request,
    project: Project,
    choice: AgreementChoice,
    *,
    form: RoundForm | None = None,
    error: UserError | None = None,
) -> Response:
    report, problem = None, None
    try:
        report = project.agreement.measure(**choice.keywords())
    except UserError as refused:
        problem = str(refused)
    context = {
        "project": project,
        "active": "agreement",
        "choice": choice,
        "report": report,
        "problem": problem,
        "units": view.unit_choices(),
        "unit_words": view.unit_words(choice.unit),
        "one_unit": view.one_unit(choice.unit),
        **view.reading_guide(),
        **_ticked(project, choice, report),
        "rounds": project.agreement.rounds(),
        "form": form or RoundForm(choice=choice),
        "error": str(error) if error else None,
    }
    if report is not None:
        context.update(_report_context(report))
    status = 422 if error is not None or (problem and choice.given) else 200
    return render(request, "team/agreement.html", context, status_code=status)


def _ticked(project: Project, choice: AgreementChoice, report: Any) -> dict[str, Any]:
    """The documents, codes and coders offered, and those ticked: the choice
    as given, else the measured default scope."""
    documents = document_choices(project)
    codes = code_choices(project)
    scope = report.scope if report is not None else None
    counts = {found.coder: found for found in project.agreement.coders()}
    coders = [
        (name, f"{name} ({_coded(counts[name])})" if name in counts else name)
        for name in dict.fromkeys([*counts, *choice.chosen_coders()])
    ]
    # Each list as given, else (nothing ticked in it) as the measurement's default.
    ticked_documents, ticked_codes = set(choice.document_id), set(choice.code_id)
    ticked_coders = set(choice.chosen_coders())
    if scope is not None:
        if not ticked_documents:
            by_name = {name: document_id for document_id, name in documents}
            ticked_documents = {by_name[name] for name in scope.documents if name in by_name}
        if not ticked_codes:
            by_path = {code.path_text: code.id for code in project.codebook.tree()}
            ticked_codes = {by_path[path] for path in scope.codes if path in by_path}
        ticked_coders = ticked_coders or set(scope.coders)
    return {
        "documents": documents,
        "codes": codes,
        "coders": coders,
        "ticked_documents": ticked_documents,
        "ticked_codes": ticked_codes,
        "ticked_coders": ticked_coders,
    }


def _coded(found: Any) -> str:
    """What a coder coded, in words: "2 documents, 14 codings"."""
    return f"{counted(found.documents, 'document')}, {counted(found.codings, 'coding')}"


def _report_context(report: Any) -> dict[str, Any]:
    unit = report.scope.unit
    return {
        "overall": view.figure_values(view.overall_of(report), unit),
        "per_code": [
            (code, view.figure_values(view.code_figures(code, unit), unit))
            for code in report.per_code
        ],
        "figures": view.figures_shown(unit),
        "uncoded": view.uncoded_share(report),
        "notes": view.notes_shown(report),
    }


@router.post(f"{BASE}/rounds")
def open_round(request: Request, project: ProjectDep, form: RoundFormDep) -> Response:
    """Open a round on the choices the page measured: its figures are kept
    and its disagreements queued; refused (the page shown again with the name
    and note as typed) for an empty or taken name."""
    try:
        opened = project.agreement.open_round(form.name, note=form.note, **form.choice.keywords())
    except UserError as error:
        return _agreement_page(request, project, form.choice, form=form, error=error)
    return redirect(
        round_url(project.info.id, opened.id),
        f"Opened the round {opened.name!r}: "
        f"{counted(opened.open_disagreements, 'disagreement')} to resolve.",
    )


# ---------------------------------------------------------------- a round


@router.get(f"{BASE}/rounds/{{round_id}}")
def round_page(
    request: Request, project: ProjectDep, round_id: int, queue: Annotated[QueueFilter, Query()]
) -> Response:
    """A round: its figures at opening and now side by side, its open
    disagreements (of one code or document: ``code_id``, ``document_id``)
    each with the coders' readings side by side and a form resolving it, and
    the resolved ones."""
    return _round_page(request, project, round_id, queue)


def _round_page(
    request: Request,
    project: Project,
    round_id: int,
    queue: QueueFilter,
    *,
    typed: ResolveForm | None = None,
    error: UserError | None = None,
) -> Response:
    figures = project.agreement.figures(round_id)
    found = figures.round
    queue, open_ones, total = _queue_page(project, found, queue)
    items = [
        {
            "item": item,
            "anchor": "d-" + item.key.replace(":", "-"),
            "readings": [view.reading_view(item, reading) for reading in item.readings],
            "seen": item.seen,
            "typed": typed if typed is not None and typed.key == item.key else None,
        }
        for item in open_ones
    ]
    unit = found.unit
    context = {
        "project": project,
        "active": "agreement",
        "round": found,
        "unit_words": view.unit_words(unit),
        **view.reading_guide(),
        "figures": view.figures_shown(unit),
        "rows": view.before_after(figures.before, figures.after),
        "before_uncoded": view.uncoded_share(figures.before),
        "after_uncoded": view.uncoded_share(figures.after),
        "notes": view.notes_shown(figures.after),
        "queue": queue,
        "items": items,
        "queue_total": total,
        "queue_page": QUEUE_PAGE,
        **_filter_choices(project, found),
        "recode_choices": code_choices(project),
        "resolutions": [
            (resolution, view.outcome_words(resolution))
            for resolution in project.agreement.resolutions(found.id)
        ],
        "keep_prefix": KEEP_PREFIX,
        "typed": typed,
        "typed_shown": typed is not None and any(entry["typed"] for entry in items),
        "error": str(error) if error else None,
        "here": round_url(project.info.id, found.id, queue.query_string()),
    }
    status = 200 if error is None else 409 if isinstance(error, ConflictError) else 422
    return render(request, "team/round.html", context, status_code=status)


def _queue_page(
    project: Project, found: Any, queue: QueueFilter
) -> tuple[QueueFilter, list[Any], int]:
    """One page of the open disagreements of round ``found`` (its record:
    :data:`QUEUE_PAGE` from ``queue.offset``, of its code and document) and
    how many there are in all; a page past the end (its last ones were
    resolved) is the last page."""
    chosen: dict[str, Any] = {"code": queue.code_id, "document": queue.document_id}
    agreement = project.agreement
    round_id = found.id
    if queue.code_id is None and queue.document_id is None:
        total = found.open_disagreements  # counted with the record: no second count
    else:
        total = agreement.count_disagreements(round_id, resolved=False, **chosen)
    if queue.offset and queue.offset >= total:
        last = max(0, (total - 1) // QUEUE_PAGE * QUEUE_PAGE)
        queue = queue.model_copy(update={"offset": last})
    found = agreement.disagreements(
        round_id, resolved=False, limit=QUEUE_PAGE, offset=queue.offset, **chosen
    )
    return queue, found, total


def _filter_choices(project: Project, found: Any) -> dict[str, Any]:
    """The round's codes and documents as (id, name) options of the queue's filter."""
    in_round_codes, in_round_documents = set(found.codes), set(found.documents)
    codes = [
        (code.id, code.path_text)
        for code in project.codebook.tree(include_retired=True)
        if code.path_text in in_round_codes
    ]
    documents = [pair for pair in document_choices(project) if pair[1] in in_round_documents]
    return {"code_filter": codes, "document_filter": documents}


@router.post(f"{BASE}/rounds/{{round_id}}/resolve")
def resolve(request: Request, project: ProjectDep, round_id: int, form: ResolveFormDep) -> Response:
    """Resolve one disagreement as chosen (keep one coder's reading, keep both,
    merge the spans, recode) with a note, and go back to the queue; refused
    (nothing written; the page again with the choice and note kept) when the
    passage's coding changed since the page was read, when it was resolved
    meanwhile, or when the choice is incomplete."""
    back = local_path(form.back, round_url(project.info.id, round_id))
    if not back.startswith(round_url(project.info.id, round_id)):
        back = round_url(project.info.id, round_id)
    try:
        outcome, keep, recode_to = form.outcome()
        done = project.agreement.resolve(
            round_id,
            form.key,
            outcome,
            keep=keep,
            recode_to=recode_to,
            note=form.note,
            seen=list(form.seen) or None,
        )
    except UserError as error:
        queue = _queue_of(back)
        return _round_page(request, project, round_id, queue, typed=form, error=error)
    return redirect(
        back + "#queue",
        f"Resolved the disagreement over {done.code} in {done.document} "
        f"(characters {done.start}–{done.end}): {view.outcome_words(done)}.",
    )


def _queue_of(back: str) -> QueueFilter:
    """The queue's filter of the page the form came from (its address)."""
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(back).query)

    def one(name: str) -> int | None:
        values = query.get(name) or [""]
        try:
            return form_id(values[0], name)
        except UserError:
            return None

    return QueueFilter(
        code_id=one("code_id"), document_id=one("document_id"), offset=one("offset") or 0
    )


@router.get(f"{BASE}/rounds/{{round_id}}/delete")
def delete_round_page(request: Request, project: ProjectDep, round_id: int) -> Response:
    """Ask before deleting a round, saying what goes with it (and what stays)."""
    found = project.agreement.round(round_id)
    context = {"project": project, "active": "agreement", "round": found}
    return render(request, "team/delete_round.html", context)


@router.post(f"{BASE}/rounds/{{round_id}}/delete")
def delete_round(
    project: ProjectDep, round_id: int, if_version: Annotated[str, Form()] = ""
) -> Response:
    """Delete a round with its resolutions (the codings stay as they are);
    refused when the round changed since the confirmation was read."""
    gone = project.agreement.delete_round(round_id, if_version=form_id(if_version, "version"))
    return redirect(agreement_url(project.info.id), f"Deleted the round {gone.name!r}.")


router.include_router(cells.router)
