"""The document view of a long transcript, and applying a code, through the web application.

A 60,000-word focus-group transcript (an interviewer and four speakers,
turns of one to four paragraphs, an emoji and accented names now and then)
with 2,000 codings of 20 codes by three coders, many overlapping, built
through the public API. Measured in-process with FastAPI's ``TestClient``:

- the document page (``GET /projects/{pid}/documents/{id}``): the whole
  HTML, transcript in turns and blocks, codings list, filters and the
  scripts' data; target ≤ 300 ms. Floor: the same text, turns and codings
  read with plain ``sqlite3`` and joined into a trivial HTML string.
- applying a code (``POST /api/projects/{pid}/codings``): target ≤ 100 ms.
  Floor: one raw ``INSERT`` of a coding row and its commit.

:func:`run_large` measures the same page for the same transcript with
10,000 codings (the codings list is drawn lazily in the browser), against
the same floor and target.
"""

from __future__ import annotations

import gc
import html
import random
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count, pairwise
from pathlib import Path

from fastapi.testclient import TestClient

import qualframe
from benchmarks.report import Result, percentile
from qualframe.storage.database import Database
from qualframe.web.app import create_app, freeze_startup_heap

WORDS = 60_000
CODINGS = 2_000
LARGE_CODINGS = 10_000
PAGE_TARGET_MS = 300.0
APPLY_TARGET_MS = 100.0
PAGE_REPEATS = 30
APPLY_REPEATS = 60
SPEAKERS = ("Sam", "Ali", "Zoë", "Priya")
CODERS = (("analyst", 0.6), ("alice", 0.25), ("ben", 0.15))
THEMES = ("Trust", "Hope", "Boundaries", "Lived experience", "Organisation")
_VOCABULARY_TEXT = """peer worker support ward team staff service user trust hope recovery time
really felt think know people help talk listen share story week day shift manager
role training supervision boundaries experience lived understand together group
meeting care plan nurse doctor family friend home community change better worse
hard easy difficult important different same little lot always never sometimes
because when then after before while about with without from into over under
the a an and or but so that this it was were is are be been have had do did not
very quite just still also even only more most less first last next other new old
good bad kind honest open safe scared angry calm tired better worried confident
"""
VOCABULARY = tuple(_VOCABULARY_TEXT.split())


@dataclass(frozen=True)
class DocumentStudy:
    """The built project, its database file and the document measured."""

    project: qualframe.Project
    database: Path
    document_id: int
    words: int
    codings: int


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randrange(low, high))]
    if rng.random() < 0.03:
        words.insert(rng.randrange(len(words)), "🙂")
    return " ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"])


def transcript(rng: random.Random, words: int = WORDS) -> str:
    """A focus-group transcript of about ``words`` words with speaker labels."""
    turns: list[str] = []
    count = 0
    while count < words:
        question = _sentence(rng, 8, 20)
        turns.append(f"Interviewer: {question}")
        speaker = rng.choice(SPEAKERS)
        paragraphs = [
            " ".join(_sentence(rng, 6, 22) for _ in range(rng.randrange(2, 6)))
            for _ in range(rng.randrange(1, 5))
        ]
        turns.append(f"{speaker}: " + "\n\n".join(paragraphs))
        count += len(question.split()) + sum(len(p.split()) for p in paragraphs)
    return "\n\n".join(turns) + "\n"


def _spans(text: str, rng: random.Random, number: int) -> list[tuple[int, int]]:
    """``number`` spans of whole sentences or paragraphs (many overlapping), in code points."""
    ends = [i + 1 for i, char in enumerate(text) if char in ".?!"]
    spans: set[tuple[int, int]] = set()
    while len(spans) < number:
        first = rng.randrange(len(ends) - 8)
        start = ends[first] + 1 if first else 0
        while start < len(text) and text[start].isspace():
            start += 1
        last = min(len(ends) - 1, first + rng.choice([1, 1, 2, 3, 5, 8]))
        if start < ends[last]:
            spans.add((start, ends[last]))
    return sorted(spans)


def build(
    folder: Path, *, words: int = WORDS, codings: int = CODINGS, seed: int = 7
) -> DocumentStudy:
    """The study in ``folder/document-view.db``: a transcript of about ``words``
    words with ``codings`` codings (the same every run: seeded)."""
    rng = random.Random(seed)
    path = folder / "document-view.db"
    database = Database(f"sqlite:///{path}")
    project = qualframe.create_project("Document view", database=database, user="analyst")
    project.study.add_case("Site A")
    text = transcript(rng, words)
    project.documents.import_bytes("focus group.txt", text.encode())
    for number, speaker in enumerate(SPEAKERS, start=1):
        project.study.add_participant(f"P{number:02d}", "Site A")
        project.documents.map_speaker(speaker, f"P{number:02d}")
    project.documents.map_speaker("Interviewer", role="interviewer")
    document_id = int(project.documents.documents()["id"].iloc[0])
    codes: list[int] = []
    for theme in THEMES:
        parent = project.codebook.add(theme)
        codes += [project.codebook.add(f"{theme} {n}", parent=parent.id).id for n in (1, 2, 3)]
    spans = _spans(text, rng, codings)
    rng.shuffle(spans)
    taken = 0
    for coder, share in CODERS:
        mine = spans[taken : taken + round(share * len(spans))]
        taken += len(mine)
        as_coder = qualframe.open_project(database=database, user=coder, project_id=project.info.id)
        by_code: dict[int, list[tuple[int, int, int]]] = {}
        for start, end in mine:
            by_code.setdefault(rng.choice(codes), []).append((document_id, start, end))
        for code, chosen in by_code.items():
            as_coder.coding.add(code, chosen)
    total = len(project.coding.codings(document=document_id))
    return DocumentStudy(project, path, document_id, len(text.split()), total)


def _samples(function: Callable[[], object], repeats: int) -> list[float]:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _page_times(client: TestClient, url: str) -> tuple[list[float], int]:
    """Milliseconds of each page request, and the page's size in bytes."""
    size = len(client.get(url).content)
    return _samples(lambda: client.get(url).raise_for_status(), PAGE_REPEATS), size


def _apply_times(client: TestClient, study: DocumentStudy, code_id: int) -> list[float]:
    """Milliseconds of each POST applying ``code_id`` to the next sentence."""
    pid, doc = study.project.info.id, study.document_id
    text = study.project.documents.document(doc).text
    spans = pairwise(i + 1 for i, char in enumerate(text) if char == ".")

    def apply() -> None:
        start, end = next(spans)
        body = {"document_id": doc, "code_id": code_id, "start": start + 1, "end": end}
        answer = client.post(f"/api/projects/{pid}/codings", json=body)
        if answer.status_code != 201:
            raise RuntimeError(answer.text)

    return _samples(apply, APPLY_REPEATS)


@dataclass(frozen=True)
class PageTimes:
    """The document page measured: milliseconds of each request (``page``), of
    each raw floor (``floor``), the page's size in bytes and, when asked, of
    each POST applying a code (``applied``) and its raw floor (``floor_apply``)."""

    page: list[float]
    floor: list[float]
    size: int
    applied: list[float]
    floor_apply: list[float]


def measure(study: DocumentStudy, *, apply_code: int | None = None) -> PageTimes:
    """Serve the document page of ``study`` :data:`PAGE_REPEATS` times (and, with
    ``apply_code``, apply that code :data:`APPLY_REPEATS` times) in-process,
    after the server's start-up freeze of the heap, then the raw floors."""
    app = create_app(study.project.database, user="analyst")
    pid, doc = study.project.info.id, study.document_id
    applied: list[float] = []
    with TestClient(app, base_url="http://localhost") as client:
        freeze_startup_heap()  # as `qualframe serve` does once the server has started
        try:
            page, size = _page_times(client, f"/projects/{pid}/documents/{doc}")
            if apply_code is not None:
                applied = _apply_times(client, study, apply_code)
        finally:
            gc.unfreeze()  # the benchmarks after this one measure the library, not a server
    connection = sqlite3.connect(study.database)
    floor_page = _samples(lambda: _floor_page(connection, doc), PAGE_REPEATS)
    floor_apply: list[float] = []
    if apply_code is not None:
        starts = count()
        floor_apply = _samples(
            lambda: _floor_insert(connection, (pid, doc, apply_code, next(starts))), APPLY_REPEATS
        )
    connection.close()
    return PageTimes(page, floor_page, size, applied, floor_apply)


def _page_result(study: DocumentStudy, times: PageTimes, about: str) -> Result:
    """The page's p95 against its target and floor; ``about`` ends the note."""
    page_p95 = percentile(times.page, 0.95)
    return Result(
        name=(
            f"document view of a {study.words:,}-word transcript with "
            f"{study.codings:,} codings (GET page)"
        ),
        value=page_p95,
        unit="ms",
        floor=percentile(times.floor, 0.95),
        target=f"≤ {PAGE_TARGET_MS:g} ms",
        met=page_p95 <= PAGE_TARGET_MS,
        note=(
            f"p95 of {PAGE_REPEATS} requests (p50 {percentile(times.page, 0.5):.0f} ms), "
            f"in-process TestClient after the server's start-up freeze of the heap; "
            f"{times.size / 1e6:.1f} MB of HTML{about}"
        ),
    )


def run(study: DocumentStudy) -> list[Result]:
    """p95 of serving the page and of applying a code, against raw floors."""
    code_id = study.project.codebook.add("Applied in the benchmark").id
    times = measure(study, apply_code=code_id)
    apply_p95 = percentile(times.applied, 0.95)
    return [
        _page_result(
            study,
            times,
            " with the transcript in turns and blocks, the codings list, filters and the "
            "scripts' data; floor = text, turns and codings read with raw sqlite3 and joined "
            "into a trivial HTML string.",
        ),
        Result(
            name="apply a code to a span (POST /api/.../codings) in that transcript",
            value=apply_p95,
            unit="ms",
            floor=percentile(times.floor_apply, 0.95),
            target=f"≤ {APPLY_TARGET_MS:g} ms",
            met=apply_p95 <= APPLY_TARGET_MS,
            note=(
                f"p95 of {APPLY_REPEATS} requests (p50 {percentile(times.applied, 0.5):.1f} ms), "
                "in-process TestClient: checks, quote, attribution, insert, audit entry, one "
                "transaction; floor = one raw sqlite3 INSERT of a coding row and its commit."
            ),
        ),
    ]


def run_large(folder: Path, codings: int = LARGE_CODINGS) -> list[Result]:
    """p95 of serving the page of the transcript with ``codings`` codings (built
    in ``folder``, which must be empty), against the raw floor."""
    study = build(folder, codings=codings)
    times = measure(study)
    study.project.database.close()
    return [_page_result(study, times, "; floor as for 2,000 codings.")]


def _floor_page(connection: sqlite3.Connection, document_id: int) -> str:
    """The same data read raw and joined into the most trivial page."""
    row = connection.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    text = row[0]
    turns = connection.execute(
        'SELECT label, start, "end" FROM speaker_turns WHERE document_id = ? ORDER BY start',
        (document_id,),
    ).fetchall()
    codings = connection.execute(
        'SELECT id, code_id, start, "end", coder FROM codings WHERE document_id = ? '
        'ORDER BY start, "end", id',
        (document_id,),
    ).fetchall()
    parts = [f"<p>{html.escape(label)}: {html.escape(text[s:e])}</p>" for label, s, e in turns]
    parts += [f"<li>{c[0]} {c[1]} {c[2]} {c[3]} {html.escape(c[4])}</li>" for c in codings]
    return "".join(parts)


def _floor_insert(connection: sqlite3.Connection, values: tuple[int, int, int, int]) -> None:
    """One raw coding row (project, document, code, start) and its commit."""
    project_id, document_id, code_id, start = values
    connection.execute(
        'INSERT INTO codings (guid, project_id, document_id, code_id, start, "end", quote, '
        "coder, participant_id, speaker, created_at) VALUES (?, ?, ?, ?, ?, ?, 'x', 'floor', "
        "NULL, NULL, CURRENT_TIMESTAMP)",
        (str(uuid.uuid4()), project_id, document_id, code_id, start, start + 1),
    )
    connection.commit()
