"""A team server killed in the middle of imports and coding: after a restart the
database is consistent and every acknowledged write is there.

In a throwaway PostgreSQL database (built through the Python API: two
transcripts to code, four participants, a codebook, an analyst and four
coders with their accounts), ``qualframe serve --team`` runs as its own
process while, at once:

- the analyst uploads transcripts through the JSON API
  (``POST /api/projects/{id}/documents``, :data:`UPLOAD_FILES` files a
  request, one request after another);
- ``qualframe import`` runs as its own process on a folder of
  :data:`CLI_FILES` transcripts (a long import commits in parts), and again
  on the next folder when it ends;
- four coders apply codes (and now and then remove one of theirs).

After :data:`KILL_AFTER` seconds, as soon as the running CLI import has
committed a part of its files but not all (at the latest after
:data:`KILL_AT_LATEST` seconds), the server and the importing process get
SIGKILL at the same moment (no shutdown, requests cut mid-way). The server
is started again on the same database, and then:

- consistency, read with plain SQL: every coding's span inside its
  document's text; every document whole (its length that of its text, the
  text the file had, every speaker turn and at least one text segment, turns
  inside the text): a document is there whole or not at all; an upload (one
  request, one transaction) is there with all its files or none;
- every acknowledged write there: each upload answered 201, each finished
  CLI import, each coding answered 201 (unless its removal was answered),
  and no coding whose removal was answered;
- the server serves again: a coder logs in, applies a code, and reads the
  coding page of an imported transcript.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

import qualframe
from benchmarks.document_view_speed import SPEAKERS, THEMES, transcript
from benchmarks.report import Result
from benchmarks.team_ledger import CodingAck, Ledger, audit
from benchmarks.team_server import (
    PASSWORD,
    ServerProcess,
    connect,
    logged_in_client,
    postgres_available,
    qualframe_command,
    sentence_spans,
    start_server,
    throwaway_database,
)
from qualframe.formats.speaker_turns import detect_speaker_turns
from qualframe.storage.database import Database

#: Seconds of imports and coding at least before the SIGKILL, which waits then
#: for the CLI import to have committed a part (not all) of its files...
KILL_AFTER = 5.0
#: ...but comes at the latest after this many seconds.
KILL_AT_LATEST = 30.0
CODERS = 4
UPLOAD_FILES = 5
UPLOAD_WORDS = 2_000
CLI_FILES = 80
CLI_WORDS = 6_000
#: Folders prepared for the CLI (one import after another).
CLI_RUNS = 2
#: Seconds a coder pauses between two codings (uniform).
THINK = (0.05, 0.3)
PROJECT = "Team crash"


@dataclass(frozen=True)
class Batch:
    """Files imported together (one upload, or one CLI import): name -> text."""

    label: str
    texts: dict[str, str]


@dataclass
class CrashLog:
    """What was sent and acknowledged before the crash."""

    codings: Ledger = field(default_factory=Ledger)
    uploads_sent: list[Batch] = field(default_factory=list)
    uploads_acked: list[Batch] = field(default_factory=list)
    cli_started: list[Batch] = field(default_factory=list)
    cli_done: list[Batch] = field(default_factory=list)


@dataclass(frozen=True)
class CrashStudy:
    """The study to code and import into."""

    database_url: str
    project_id: int
    spans: dict[int, list[tuple[int, int]]]
    code_ids: tuple[int, ...]


def texts(label: str, files: int, words: int, seed: int) -> Batch:
    """``files`` different transcripts of about ``words`` words, named after ``label``."""
    rng = random.Random(seed)
    return Batch(label, {f"{label} {n:02d}.txt": transcript(rng, words) for n in range(files)})


def build_study(database_url: str) -> CrashStudy:
    """The project, its two transcripts to code, codebook and accounts."""
    database = Database(database_url)
    rng = random.Random(41)
    try:
        project = qualframe.create_project(PROJECT, database=database, user="organiser")
        project.study.add_case("Site A")
        for number in range(1, len(SPEAKERS) + 1):
            project.study.add_participant(f"P{number:02d}", "Site A")
        for n in (1, 2):
            project.documents.import_bytes(f"Coded {n}.txt", transcript(rng, 3_000).encode())
        for number, speaker in enumerate(SPEAKERS, start=1):
            project.documents.map_speaker(speaker, f"P{number:02d}")
        project.documents.map_speaker("Interviewer", role="interviewer")
        codes = [project.codebook.add(theme).id for theme in THEMES]
        ids = [int(i) for i in project.documents.documents()["id"]]
        accounts = qualframe.open_accounts(database, user="organiser")
        accounts.create("admin", "Administrator", PASSWORD, admin=True)
        project.members.add("admin", "owner")
        for login, role in [("lead", "analyst")] + [(f"coder{n}", "coder") for n in range(CODERS)]:
            accounts.create(login, login.title(), PASSWORD)
            project.members.add(login, role)
        spans = {i: sentence_spans(project.documents.document(i).text) for i in ids}
        return CrashStudy(database_url, project.info.id, spans, tuple(codes))
    finally:
        database.close()


# ---------------------------------------------------------------- the work cut short


async def _upload(client: httpx2.AsyncClient, study: CrashStudy, log: CrashLog) -> None:
    """Upload batches one after another until the server stops answering."""
    for number in range(1, 1_000):
        batch = texts(f"Upload {number:03d}", UPLOAD_FILES, UPLOAD_WORDS, seed=1_000 + number)
        files = [
            ("files", (name, text.encode(), "text/plain")) for name, text in batch.texts.items()
        ]
        log.uploads_sent.append(batch)
        try:
            answer = await client.post(f"/api/projects/{study.project_id}/documents", files=files)
        except httpx2.TransportError:
            return
        if answer.status_code != 201:
            raise RuntimeError(f"upload refused: {answer.status_code} {answer.text[:300]}")
        log.uploads_acked.append(batch)


async def _code(
    client: httpx2.AsyncClient, coder: str, study: CrashStudy, log: CrashLog, seed: int
) -> None:
    """Apply codes (and remove some) until the server stops answering."""
    rng = random.Random(seed)
    mine: list[int] = []
    base = f"/api/projects/{study.project_id}/codings"
    while True:
        try:
            if mine and rng.random() < 0.25:
                coding = mine.pop(rng.randrange(len(mine)))
                if (await client.delete(f"{base}/{coding}")).status_code == 200:
                    log.codings.removed.add(coding)
            else:
                document = rng.choice(list(study.spans))
                start, end = rng.choice(study.spans[document])
                code = rng.choice(study.code_ids)
                body = {"document_id": document, "code_id": code, "start": start, "end": end}
                answer = await client.post(base, json=body)
                if answer.status_code == 201:
                    ack = CodingAck(answer.json()["id"], document, code, start, end, coder)
                    log.codings.created[ack.coding_id] = ack
                    mine.append(ack.coding_id)
        except httpx2.TransportError:
            return
        await asyncio.sleep(rng.uniform(*THINK))


async def _import_by_cli(url: str, folders: list[tuple[Path, Batch]], log: CrashLog) -> None:
    """Run ``qualframe import`` on each folder in turn; a run exiting 0 is acknowledged.
    Stops at the first run that does not (the SIGKILL)."""
    environment = {**os.environ, "QUALFRAME_USER": "importer"}
    for path, batch in folders:
        command = qualframe_command(url, "--project", PROJECT, "import", str(path))
        process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
            env=environment,
        )
        log.cli_started.append(batch)
        CLI_PROCESSES.append(process)
        if await process.wait() != 0:
            return
        log.cli_done.append(batch)


#: The CLI processes started (the current one is killed with the server).
CLI_PROCESSES: list[asyncio.subprocess.Process] = []


def _stored_of(study: CrashStudy, batch: Batch) -> int:
    """How many of ``batch``'s files are stored now."""
    with connect(study.database_url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM documents WHERE project_id = %s AND name = ANY(%s)",
            (study.project_id, list(batch.texts)),
        ).fetchone()
    return int(row[0]) if row else 0


async def _until_mid_import(study: CrashStudy, log: CrashLog, start: float) -> None:
    """Wait :data:`KILL_AFTER` seconds, then until the running CLI import has
    committed a part but not finished (at most :data:`KILL_AT_LATEST` s in all;
    at once when every CLI import has finished)."""
    await asyncio.sleep(KILL_AFTER)
    while time.monotonic() - start < KILL_AT_LATEST and len(log.cli_done) < CLI_RUNS:
        running = CLI_PROCESSES and CLI_PROCESSES[-1].returncode is None
        if running and 0 < _stored_of(study, log.cli_started[-1]) < CLI_FILES:
            return
        await asyncio.sleep(0.1)


async def work_then_crash(
    server: ServerProcess, study: CrashStudy, folders: list[tuple[Path, Batch]]
) -> tuple[CrashLog, float]:
    """Start the uploads, the CLI imports and the coders; SIGKILL the server and
    the importing process in the middle (see :func:`_until_mid_import`). Returns the log and the
    seconds the work ran."""
    log = CrashLog()
    CLI_PROCESSES.clear()
    clients = [await logged_in_client(server.url, "lead", 0, timeout=60.0)]
    for n in range(CODERS):
        clients.append(await logged_in_client(server.url, f"coder{n}", n + 1, timeout=60.0))
    tasks = [
        asyncio.create_task(_upload(clients[0], study, log)),
        asyncio.create_task(_import_by_cli(study.database_url, folders, log)),
        *(
            asyncio.create_task(_code(client, f"Coder{n}", study, log, seed=n))
            for n, client in enumerate(clients[1:])
        ),
    ]
    start = time.monotonic()
    await _until_mid_import(study, log, start)
    server.kill()
    for process in CLI_PROCESSES:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
    await asyncio.gather(*tasks)
    for client in clients:
        await client.aclose()
    return log, time.monotonic() - start


# ---------------------------------------------------------------- after the restart


def consistency_problems(study: CrashStudy, log: CrashLog) -> tuple[list[str], int]:
    """What is wrong in the database (see the module docstring), and how many
    documents were checked."""
    expected = {
        name: text
        for batch in [*log.uploads_sent, *log.cli_started]
        for name, text in batch.texts.items()
    }
    problems: list[str] = []
    with connect(study.database_url) as connection:
        bad_spans = connection.execute(
            "SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id "
            'WHERE c.start < 0 OR c."end" > d.length OR c.start >= c."end"'
        ).fetchall()
        problems += [f"coding {row[0]} lies outside its document's text" for row in bad_spans]
        rows = connection.execute(
            "SELECT d.name, d.length, d.text, "
            "(SELECT count(*) FROM speaker_turns t WHERE t.document_id = d.id), "
            "(SELECT count(*) FROM speaker_turns t "
            'WHERE t.document_id = d.id AND t."end" > d.length), '
            "(SELECT count(*) FROM text_segments s WHERE s.document_id = d.id) "
            "FROM documents d WHERE d.project_id = %s",
            (study.project_id,),
        ).fetchall()
    present = {str(row[0]) for row in rows}
    for name, length, text, turns, outside, segments in rows:
        problems += _document_problems(
            str(name), int(length), str(text), int(turns), int(outside), int(segments)
        )
        wanted = expected.get(str(name))
        if wanted is not None and text != wanted:
            problems.append(f"{name}: its text is not the file's")
    for batch in log.uploads_sent:
        there = sum(name in present for name in batch.texts)
        if there not in (0, len(batch.texts)):
            problems.append(f"{batch.label}: {there} of its {len(batch.texts)} files stored")
    return problems, len(rows)


def _document_problems(
    name: str, length: int, text: str, turns: int, outside: int, segments: int
) -> list[str]:
    """What is missing from one stored document."""
    found = []
    if length != len(text) or not text:
        found.append(f"{name}: length {length} but {len(text)} characters of text")
    if turns != len(detect_speaker_turns(text)):
        found.append(f"{name}: {turns} speaker turns stored of {len(detect_speaker_turns(text))}")
    if outside:
        found.append(f"{name}: {outside} speaker turns beyond its text")
    if not segments:
        found.append(f"{name}: no text segments")
    return found


def lost_writes(study: CrashStudy, log: CrashLog) -> list[str]:
    """The acknowledged writes missing after the restart."""
    with connect(study.database_url) as connection:
        names = {
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM documents WHERE project_id = %s", (study.project_id,)
            ).fetchall()
        }
        codings = {
            int(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4]), str(r[5]))
            for r in connection.execute(
                'SELECT id, document_id, code_id, start, "end", coder FROM codings '
                "WHERE project_id = %s",
                (study.project_id,),
            ).fetchall()
        }
    lost = [
        f"{batch.label}: {name} acknowledged but missing"
        for batch in [*log.uploads_acked, *log.cli_done]
        for name in batch.texts
        if name not in names
    ]
    return lost + list(audit(log.codings, codings, {}).lost)


async def serves_again(server: ServerProcess, study: CrashStudy, document_name: str) -> list[str]:
    """What fails when a coder logs in to the restarted server, applies a code
    and reads the coding page of ``document_name`` (empty: nothing)."""
    client = await logged_in_client(server.url, "coder0", 1)
    problems = []
    try:
        listing = await client.get(f"/api/projects/{study.project_id}/documents")
        ids = {row["name"]: row["id"] for row in listing.json()}
        if document_name not in ids:
            return [f"{document_name} is not listed"]
        page = await client.get(f"/projects/{study.project_id}/documents/{ids[document_name]}")
        if page.status_code != 200:
            problems.append(f"the page of {document_name} answered {page.status_code}")
        document = next(iter(study.spans))
        start, end = study.spans[document][-1]
        body = {"document_id": document, "code_id": study.code_ids[-1], "start": start, "end": end}
        applied = await client.post(f"/api/projects/{study.project_id}/codings", json=body)
        if applied.status_code not in (201, 409):
            problems.append(f"applying a code answered {applied.status_code}")
    finally:
        await client.aclose()
    return problems


def _folders(root: Path) -> Iterator[tuple[Path, Batch]]:
    for run in range(1, CLI_RUNS + 1):
        batch = texts(f"Import {run}", CLI_FILES, CLI_WORDS, seed=run)
        folder = root / f"import-{run}"
        folder.mkdir()
        for name, text in batch.texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        yield folder, batch


def run(folder: Path) -> list[Result]:
    """The crash test in a throwaway database; ``folder`` holds the CLI's files and the logs."""
    folders = list(_folders(folder))
    with throwaway_database(prefix="qualframe_crash") as url:
        study = build_study(url)
        server = start_server(url, folder / "team-crash-server.log")
        try:
            log, seconds = asyncio.run(work_then_crash(server, study, folders))
        finally:
            server.kill()
        began = time.monotonic()
        restarted = start_server(url, folder / "team-crash-server.log")
        restart = time.monotonic() - began
        try:
            problems, documents = consistency_problems(study, log)
            killed = [b for b in log.cli_started if b not in log.cli_done]
            partial = sum(_stored_of(study, batch) for batch in killed)
            lost = lost_writes(study, log)
            check = log.uploads_acked[-1] if log.uploads_acked else None
            name = next(iter(check.texts)) if check else "Coded 1.txt"
            failing = asyncio.run(serves_again(restarted, study, name))
        finally:
            restarted.stop()
    return _results(log, seconds, documents, problems, lost, failing, restart, partial)


def _results(
    log: CrashLog,
    seconds: float,
    documents: int,
    problems: list[str],
    lost: list[str],
    failing: list[str],
    restart: float,
    partial: int,
) -> list[Result]:
    who = "crash test: SIGKILL of `serve --team` (PostgreSQL) and of a CLI import mid-work"
    acked = sum(len(b.texts) for b in [*log.uploads_acked, *log.cli_done])
    codings = len(log.codings.created) + len(log.codings.removed)
    work = (
        f"after {seconds:.1f} s of work: {len(log.uploads_acked)} of {len(log.uploads_sent)} "
        f"uploads of {UPLOAD_FILES} files answered, {len(log.cli_done)} of "
        f"{len(log.cli_started)} CLI imports of {CLI_FILES} files finished (the killed one "
        f"had committed {partial} files, in parts), "
        f"{len(log.codings.created):,} codings applied and {len(log.codings.removed):,} "
        f"removed by {CODERS} coders"
    )
    return [
        Result(
            name=f"{who}: acknowledged writes lost",
            value=len(lost),
            unit="writes",
            target="= 0",
            met=not lost,
            note=f"{work}; {acked} acknowledged documents and {codings:,} acknowledged coding "
            "writes checked after the restart" + "".join(f"; {line}" for line in lost[:5]),
        ),
        Result(
            name=f"{who}: inconsistencies after the restart",
            value=len(problems),
            unit="problems",
            target="= 0",
            met=not problems,
            note=(
                f"{documents} documents checked whole (length, text, every speaker turn, text "
                "segments), every coding's span inside its text, each upload all or nothing"
                + "".join(f"; {line}" for line in problems[:5])
            ),
        ),
        Result(
            name=f"{who}: restart until the server answers",
            value=restart,
            unit="s",
            target="serves again",
            met=not failing,
            note="then a coder logs in, applies a code and reads an imported transcript's page"
            + "".join(f"; {line}" for line in failing),
        ),
    ]


def main() -> int:
    """``python -m benchmarks.team_crash``: run once and print the results."""
    if not postgres_available():
        print("PostgreSQL does not answer on 127.0.0.1:5432: the crash test needs it.")
        return 1
    with tempfile.TemporaryDirectory(prefix="qualframe-team-crash-") as folder:
        found = run(Path(folder))
    for result in found:
        print(
            f"[{'ok' if result.met else 'MISSED'}] {result.name}: {result.value:.3g} "
            f"{result.unit}; {result.note}"
        )
    return 0 if all(result.met for result in found) else 2


if __name__ == "__main__":
    raise SystemExit(main())
