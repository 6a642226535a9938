"""A team server under load: 50 members at once against ``qualframe serve --team``
on PostgreSQL, then a check that no acknowledged write was lost.

The study (four focus-group transcripts of about 3,000 words, four
participants, a codebook of 5 themes with 3 sub-codes each, 300 codings,
a 4 × 3 framework matrix of charted cells and four memos) is built in a
throwaway PostgreSQL database through the Python API, with 50 accounts and
their memberships: 30 coders, 10 analysts and 10 viewers. The server runs
as its own process (``qualframe serve --team``, loopback only); every
member logs in with ``POST /api/session`` (its own session, its
``X-CSRF-Token``, its own client address), all at once. One member of each
role then does each of its actions once, unmeasured (a server's first
request of a kind loads its code and templates). Then, for a fixed time
(:data:`DURATION` seconds), every member acts with a pause of
:data:`THINK` seconds between actions, starting apart (a busier team than
any real one: a person codes a passage every half minute or so):

- a coder applies a code to one to three sentences of a transcript, or
  (three times in ten, when it has codings) removes one of its codings;
- an analyst reads a matrix cell or a memo, types for :data:`TYPING`
  seconds and saves a new summary or memo text with the version it read
  (several analysts write the same twelve cells and four memos, so some
  saves meet a newer version and get 409: reported, never lost);
- a viewer reads the coding page of a transcript or the matrix page.

Recorded per action: requests, throughput, p50/p95/p99 latency, conflicts.
Afterwards the tables are read with plain SQL (see
:mod:`benchmarks.team_ledger`): every acknowledged write must be there
(0 lost) and no acknowledged edit may have been saved over a version its
member did not read (0 unreported conflicts). Target: p99 ≤ 250 ms for
applying a code. Floor: one raw ``INSERT`` of a coding row and its commit
on the same database.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2

import qualframe
from benchmarks.document_view_speed import SPEAKERS, THEMES, transcript
from benchmarks.report import Result, percentile
from benchmarks.team_ledger import (
    ActionStats,
    Audit,
    CodingAck,
    EditAck,
    Ledger,
    Sample,
    Stored,
    action_stats,
    audit,
    markdown_table,
)
from benchmarks.team_server import (
    PASSWORD,
    connect,
    logged_in_client,
    postgres_available,
    running_server,
    sentence_spans,
    throwaway_database,
)
from qualframe.storage.database import Database

#: Seconds the members act for.
DURATION = 30.0
#: Members by role.
ROLES = {"coder": 30, "analyst": 10, "viewer": 10}
#: Seconds a member pauses between two actions (uniform): 4 s on average,
#: several times busier than people at work (a coder applies a code every
#: half minute or so; an analyst writes a summary in minutes).
THINK = (2.0, 6.0)
#: Seconds an analyst types between reading a record and saving it (uniform).
TYPING = (0.2, 1.0)
#: Share of a coder's actions that remove one of its codings (when it has any).
REMOVE_SHARE = 0.3
#: p99 of applying a code the issue asks for, in milliseconds.
APPLY_TARGET_MS = 250.0
DOCUMENTS = 4
WORDS = 3_000
SEED_CODINGS = 300
FLOOR_INSERTS = 200

APPLY = "apply a code (POST /api/…/codings)"
REMOVE = "remove a code (DELETE /api/…/codings/{id})"
READ_CELL = "read a matrix cell (GET /api/…/matrix/cell)"
WRITE_CELL = "save a cell summary (PUT /api/…/matrix/cell/summary)"
READ_MEMO = "read a memo (GET /api/…/memos/{id})"
EDIT_MEMO = "save a memo (PATCH /api/…/memos/{id})"
DOCUMENT_PAGE = "coding page of a transcript (GET page)"
MATRIX_PAGE = "framework matrix page (GET page)"
#: The success status of each action (any other but 409 is a failure).
EXPECTED = {APPLY: frozenset({201})}


@dataclass(frozen=True)
class Member:
    """A simulated member: login, display name, role, number (from 0)."""

    login: str
    name: str
    role: str
    number: int


@dataclass(frozen=True)
class CellRef:
    """A charted matrix cell: its id, participant row and code."""

    cell_id: int
    row: str
    code_id: int


@dataclass(frozen=True)
class TeamStudy:
    """The study the members work on (ids and what they pick from)."""

    database_url: str
    project_id: int
    spans: dict[int, list[tuple[int, int]]]  # document id -> spans of 1-3 sentences
    code_ids: tuple[int, ...]
    cells: tuple[CellRef, ...]
    memo_ids: tuple[int, ...]
    matrix_query: str
    members: tuple[Member, ...]


def members_of(roles: dict[str, int]) -> tuple[Member, ...]:
    """The simulated members, ``roles[role]`` of each role."""
    found: list[Member] = []
    for role, number in roles.items():
        for n in range(1, number + 1):
            found.append(Member(f"{role}{n:02d}", f"{role.title()} {n:02d}", role, len(found)))
    return tuple(found)


def build_study(database_url: str, roles: dict[str, int] = ROLES, seed: int = 14) -> TeamStudy:
    """Build the study, an administrator and the members' accounts in the empty
    database at ``database_url`` through the Python API (see the module docstring)."""
    rng = random.Random(seed)
    database = Database(database_url)
    try:
        project = qualframe.create_project("Team load", database=database, user="organiser")
        project.study.add_case("Site A")
        for number in range(1, len(SPEAKERS) + 1):
            project.study.add_participant(f"P{number:02d}", "Site A")
        for n in range(1, DOCUMENTS + 1):
            project.documents.import_bytes(f"Focus group {n}.txt", transcript(rng, WORDS).encode())
        for number, speaker in enumerate(SPEAKERS, start=1):
            project.documents.map_speaker(speaker, f"P{number:02d}")
        project.documents.map_speaker("Interviewer", role="interviewer")
        codes: list[int] = []
        for theme in THEMES:
            parent = project.codebook.add(theme)
            codes += [project.codebook.add(f"{theme} {n}", parent=parent.id).id for n in (1, 2, 3)]
        ids = [int(i) for i in project.documents.documents()["id"]]
        spans = {i: sentence_spans(project.documents.document(i).text) for i in ids}
        _seed_codings(project, spans, codes, rng)
        cells = _chart_cells(project, codes[:3])
        memo_ids = tuple(
            project.memos.add(f"Team memo {n}", kind="analytic", body="First thoughts.").id
            for n in range(1, 5)
        )
        members = members_of(roles)
        _create_accounts(database, project, members)
        return TeamStudy(
            database_url=database_url,
            project_id=project.info.id,
            spans=spans,
            code_ids=tuple(codes),
            cells=cells,
            memo_ids=memo_ids,
            matrix_query=f"rows=participants&theme={THEMES[0]}",
            members=members,
        )
    finally:
        database.close()


def _seed_codings(
    project: qualframe.Project,
    spans: dict[int, list[tuple[int, int]]],
    codes: list[int],
    rng: random.Random,
) -> None:
    """:data:`SEED_CODINGS` codings by the organiser, so pages and cells have data."""
    chosen: dict[int, set[tuple[int, int, int]]] = {}
    while sum(len(c) for c in chosen.values()) < SEED_CODINGS:
        document = rng.choice(list(spans))
        chosen.setdefault(rng.choice(codes), set()).add((document, *rng.choice(spans[document])))
    for code, passages in chosen.items():
        project.coding.add(code, sorted(passages))


def _chart_cells(project: qualframe.Project, codes: list[int]) -> tuple[CellRef, ...]:
    """Write a first summary in each participant × ``codes`` cell."""
    cells = []
    for number in range(1, len(SPEAKERS) + 1):
        row = f"P{number:02d}"
        for code in codes:
            record = project.matrix.write_summary(row, code, f"First summary of {row}.")
            cells.append(CellRef(record.cell_id, row, code))
    return tuple(cells)


def _create_accounts(
    database: Database, project: qualframe.Project, members: tuple[Member, ...]
) -> None:
    """The administrator (``serve --team`` needs one) and every member's account
    and membership (the organiser, acting unrestricted, adds them)."""
    accounts = qualframe.open_accounts(database, user="organiser")
    accounts.create("admin", "Administrator", PASSWORD, admin=True)
    project.members.add("admin", "owner")
    # argon2id hashing is slow on purpose and lets other threads run meanwhile.
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda m: accounts.create(m.login, m.name, PASSWORD), members))
    for member in members:
        project.members.add(member.login, member.role)


# ---------------------------------------------------------------- the members' actions


class Session:
    """One member's logged-in client, its random choices and what it was answered."""

    def __init__(
        self, member: Member, client: httpx2.AsyncClient, study: TeamStudy, ledger: Ledger
    ) -> None:
        self.member = member
        self.client = client
        self.study = study
        self.ledger = ledger
        self.rng = random.Random(member.number)
        self.base = f"/api/projects/{study.project_id}"
        self.mine: list[int] = []  # this coder's acknowledged codings not removed

    async def timed(
        self, action: str, send: Callable[[], Awaitable[httpx2.Response]]
    ) -> httpx2.Response | None:
        """Send one request, record its sample; None when no answer came."""
        start = time.perf_counter()
        try:
            answer = await send()
        except httpx2.TransportError:
            self.ledger.samples.append(Sample(action, (time.perf_counter() - start) * 1000, 0))
            return None
        self.ledger.samples.append(
            Sample(action, (time.perf_counter() - start) * 1000, answer.status_code)
        )
        return answer

    def answered(self, action: str, answer: httpx2.Response | None, success: int) -> bool:
        """Whether a write was acknowledged; counts a 409 as a conflict and
        no answer or a 5xx as an unknown outcome."""
        if answer is not None and answer.status_code == success:
            return True
        if answer is not None and answer.status_code == 409:
            self.ledger.conflicts[action] += 1
        elif answer is None or answer.status_code >= 500:
            self.ledger.unknown[action] += 1
        return False

    async def act(self) -> None:
        """One action of the member's role."""
        if self.member.role == "coder":
            await (
                self.remove() if self.mine and self.rng.random() < REMOVE_SHARE else self.apply()
            )
        elif self.member.role == "analyst":
            await (self.edit_cell() if self.rng.random() < 0.6 else self.edit_memo())
        else:
            await (self.read_document() if self.rng.random() < 0.5 else self.read_matrix())

    async def apply(self) -> None:
        """Apply a random code to random sentences of a random transcript."""
        document = self.rng.choice(list(self.study.spans))
        start, end = self.rng.choice(self.study.spans[document])
        code = self.rng.choice(self.study.code_ids)
        body = {"document_id": document, "code_id": code, "start": start, "end": end}
        answer = await self.timed(
            APPLY, lambda: self.client.post(f"{self.base}/codings", json=body)
        )
        if answer is not None and self.answered(APPLY, answer, 201):
            record = answer.json()
            ack = CodingAck(record["id"], document, code, start, end, self.member.name)
            self.ledger.created[ack.coding_id] = ack
            self.mine.append(ack.coding_id)

    async def remove(self) -> None:
        """Remove one of the member's own codings."""
        coding = self.mine.pop(self.rng.randrange(len(self.mine)))
        url = f"{self.base}/codings/{coding}"
        if self.answered(REMOVE, await self.timed(REMOVE, lambda: self.client.delete(url)), 200):
            self.ledger.removed.add(coding)

    async def edit_cell(self) -> None:
        """Read a cell, type, save a new summary with the version read."""
        cell = self.rng.choice(self.study.cells)
        query: dict[str, str | int] = {
            "row_kind": "participant",
            "row": cell.row,
            "code_id": cell.code_id,
        }
        url = f"{self.base}/matrix/cell"
        read = await self.timed(READ_CELL, lambda: self.client.get(url, params=query))
        if read is None or read.status_code != 200:
            return
        version = read.json()["cell"]["version"]
        await asyncio.sleep(self.rng.uniform(*TYPING))
        text = f"{self.member.name} wrote {uuid.uuid4().hex}."
        body = {"summary": text, "if_version": version}
        answer = await self.timed(
            WRITE_CELL, lambda: self.client.put(f"{url}/summary", params=query, json=body)
        )
        if self.answered(WRITE_CELL, answer, 200):
            assert answer is not None
            saved = answer.json()["version"]
            self.ledger.edits.append(EditAck("cell", cell.cell_id, version, saved, text))
        elif answer is None or answer.status_code >= 500:
            self.ledger.unknown_records.add(("cell", cell.cell_id))

    async def edit_memo(self) -> None:
        """Read a memo, type, save a new text with the version read."""
        memo = self.rng.choice(self.study.memo_ids)
        url = f"{self.base}/memos/{memo}"
        read = await self.timed(READ_MEMO, lambda: self.client.get(url))
        if read is None or read.status_code != 200:
            return
        version = read.json()["version"]
        await asyncio.sleep(self.rng.uniform(*TYPING))
        text = f"{self.member.name} thinks {uuid.uuid4().hex}."
        body = {"body": text, "if_version": version}
        answer = await self.timed(EDIT_MEMO, lambda: self.client.patch(url, json=body))
        if self.answered(EDIT_MEMO, answer, 200):
            assert answer is not None
            saved = answer.json()["version"]
            self.ledger.edits.append(EditAck("memo", memo, version, saved, text))
        elif answer is None or answer.status_code >= 500:
            self.ledger.unknown_records.add(("memo", memo))

    async def read_document(self) -> None:
        """The coding page of a random transcript."""
        document = self.rng.choice(list(self.study.spans))
        url = f"/projects/{self.study.project_id}/documents/{document}"
        await self.timed(DOCUMENT_PAGE, lambda: self.client.get(url))

    async def read_matrix(self) -> None:
        """The framework matrix page."""
        url = f"/projects/{self.study.project_id}/matrix?{self.study.matrix_query}"
        await self.timed(MATRIX_PAGE, lambda: self.client.get(url))


async def _work(session: Session, deadline: float) -> None:
    # Members start apart, as people do (not all at the same instant).
    await asyncio.sleep(session.rng.uniform(0, THINK[1]))
    while time.monotonic() < deadline:
        await session.act()
        await asyncio.sleep(session.rng.uniform(*THINK))


async def _warm_up(sessions: list[Session]) -> None:
    """One action of every kind, by one member of each role, before the clock
    starts (a server's first request of a kind loads its code and templates).
    Their writes stay in the ledger to be checked; their samples are dropped."""
    first = {session.member.role: session for session in reversed(sessions)}
    for session in first.values():
        if session.member.role == "coder":
            await session.apply()
            if session.mine:
                await session.remove()
        elif session.member.role == "analyst":
            await session.edit_cell()
            await session.edit_memo()
        else:
            await session.read_document()
            await session.read_matrix()
    ledger = sessions[0].ledger
    ledger.samples.clear()
    ledger.conflicts.clear()


@dataclass(frozen=True)
class Run:
    """A run's ledger, its length in seconds and the login latencies (ms)."""

    ledger: Ledger
    seconds: float
    logins: list[float]


async def simulate(base_url: str, study: TeamStudy, duration: float = DURATION) -> Run:
    """Log every member in at once, then let them act for ``duration`` seconds."""

    async def log_in(member: Member) -> tuple[httpx2.AsyncClient, float]:
        start = time.perf_counter()
        client = await logged_in_client(base_url, member.login, member.number)
        return client, (time.perf_counter() - start) * 1000

    logged = await asyncio.gather(*(log_in(member) for member in study.members))
    ledger = Ledger()
    sessions = [
        Session(m, client, study, ledger)
        for m, (client, _) in zip(study.members, logged, strict=True)
    ]
    await _warm_up(sessions)
    start = time.monotonic()
    try:
        await asyncio.gather(*(_work(session, start + duration) for session in sessions))
    finally:
        seconds = time.monotonic() - start
        await asyncio.gather(*(session.client.aclose() for session in sessions))
    return Run(ledger, seconds, [ms for _, ms in logged])


# ---------------------------------------------------------------- checks and results


def stored_state(
    study: TeamStudy,
) -> tuple[dict[int, tuple[int, int, int, int, str]], dict[tuple[str, int], Stored]]:
    """Every coding of the project and every cell and memo, read with plain SQL."""
    with connect(study.database_url) as connection:
        rows = connection.execute(
            'SELECT id, document_id, code_id, start, "end", coder FROM codings '
            "WHERE project_id = %s",
            (study.project_id,),
        ).fetchall()
        codings = {int(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4]), str(r[5])) for r in rows}
        records: dict[tuple[str, int], Stored] = {}
        for kind, table, column in (("cell", "matrix_cells", "summary"), ("memo", "memos", "body")):
            found = connection.execute(
                f"SELECT id, version, {column} FROM {table} WHERE project_id = %s",
                (study.project_id,),
            ).fetchall()
            records.update({(kind, int(r[0])): Stored(int(r[1]), str(r[2])) for r in found})
    return codings, records


def floor_inserts(study: TeamStudy, repeats: int = FLOOR_INSERTS) -> list[float]:
    """Milliseconds of each raw ``INSERT`` of a coding row and its commit, one
    connection, on the study's database (rows of coder "floor", removed after)."""
    document = next(iter(study.spans))
    timings = []
    with connect(study.database_url) as connection:
        for start in range(repeats):
            began = time.perf_counter()
            connection.execute(
                'INSERT INTO codings (guid, project_id, document_id, code_id, start, "end", '
                "quote, coder, created_at) VALUES (%s, %s, %s, %s, %s, %s, 'x', 'floor', now())",
                (
                    str(uuid.uuid4()),
                    study.project_id,
                    document,
                    study.code_ids[0],
                    start,
                    start + 1,
                ),
            )
            connection.commit()
            timings.append((time.perf_counter() - began) * 1000)
        connection.execute("DELETE FROM codings WHERE coder = 'floor'")
        connection.commit()
    return timings


def results(
    study: TeamStudy, run: Run, found: Audit, stats: list[ActionStats], floor: list[float]
) -> list[Result]:
    """The run as :class:`Result` records: p99 of each action (applying a code
    against its target and the raw floor), throughput, lost writes, unreported
    conflicts."""
    who = f"{len(study.members)} members on `serve --team` (PostgreSQL)"
    out = []
    for s in stats:
        apply = s.action == APPLY
        out.append(
            Result(
                name=f"{who}: {s.action}, p99",
                value=s.p99,
                unit="ms",
                floor=percentile(floor, 0.99) if apply else None,
                target=f"p99 ≤ {APPLY_TARGET_MS:g} ms" if apply else "every request answered",
                met=(s.p99 <= APPLY_TARGET_MS if apply else True) and s.failures == 0,
                note=(
                    f"{s.count:,} requests in {run.seconds:.0f} s ({s.per_second:.1f}/s), "
                    f"p50 {s.p50:.1f} ms, p95 {s.p95:.1f} ms, {s.conflicts:,} answered 409, "
                    f"{s.failures:,} failed"
                    + (
                        "; floor = one raw INSERT of a coding row and its commit (psycopg, "
                        "one connection, the same database)."
                        if apply
                        else "."
                    )
                ),
            )
        )
    total = len(run.ledger.samples)
    conflicts = sum(run.ledger.conflicts.values())
    unknown = sum(run.ledger.unknown.values())
    out += [
        Result(
            name=f"{who}: throughput, all actions",
            value=total / run.seconds,
            unit="requests/s",
            target="recorded",
            met=True,
            note=(
                f"{total:,} requests in {run.seconds:.1f} s by {_roles(study)}, each pausing "
                f"{THINK[0]:g}–{THINK[1]:g} s between actions; logins (all at once, argon2id) "
                f"p50 {percentile(run.logins, 0.5):.0f} ms, "
                f"p99 {percentile(run.logins, 0.99):.0f} ms."
            ),
        ),
        Result(
            name=f"{who}: acknowledged writes lost",
            value=len(found.lost),
            unit="writes",
            target="= 0",
            met=not found.lost,
            note=(
                f"{found.checked:,} acknowledged writes checked in the tables with plain SQL "
                f"({len(run.ledger.created):,} codings applied, {len(run.ledger.removed):,} "
                f"removed, {len(run.ledger.edits):,} cell summaries and memos saved); "
                f"{conflicts:,} stale saves answered 409 (reported); {unknown} writes without "
                "an answer" + "".join(f"; {line}" for line in found.lost[:5])
            ),
        ),
        Result(
            name=f"{who}: conflicts not reported (saved over an unseen version)",
            value=len(found.unreported),
            unit="edits",
            target="= 0",
            met=not found.unreported,
            note=(
                "every acknowledged save of a cell or memo must move the version it read by "
                "exactly one" + "".join(f"; {line}" for line in found.unreported[:5])
            ),
        ),
    ]
    return out


def _roles(study: TeamStudy) -> str:
    counts = {role: sum(m.role == role for m in study.members) for role in ROLES}
    return ", ".join(f"{n} {role}s" for role, n in counts.items())


def run(
    folder: Path, *, duration: float = DURATION, roles: dict[str, int] = ROLES
) -> tuple[list[Result], str]:
    """Build the study in a throwaway database, serve it, run the members for
    ``duration`` seconds, check the database; the results and the per-action
    Markdown table. ``folder`` receives the server's log."""
    with throwaway_database() as url:
        study = build_study(url, roles)
        with running_server(url, folder / "team-load-server.log") as server:
            done = asyncio.run(simulate(server.url, study, duration))
        stats = action_stats(done.ledger.samples, done.seconds, EXPECTED)
        found = audit(done.ledger, *stored_state(study))
        floor = floor_inserts(study)
    return results(study, done, found, stats, floor), markdown_table(stats)


def main() -> int:
    """``python -m benchmarks.team_load [SECONDS]``: run, print the results and table."""
    import sys

    if not postgres_available():
        print("PostgreSQL does not answer on 127.0.0.1:5432: the team load test needs it.")
        return 1
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else DURATION
    with tempfile.TemporaryDirectory(prefix="qualframe-team-load-") as folder:
        found, table = run(Path(folder), duration=duration)
    for result in found:
        status = "ok" if result.met else "MISSED"
        ratio = f" ({result.ratio:.2f}× floor)" if result.ratio else ""
        print(f"[{status}] {result.name}: {result.value:.3g} {result.unit}{ratio}; {result.note}")
    print(table)
    return 0 if all(result.met for result in found) else 2


if __name__ == "__main__":
    raise SystemExit(main())
