"""What a team server acknowledged during a benchmark, and the check that the
database holds every acknowledged write afterwards.

A write counts as acknowledged when the server answered it with success
(201 for a coding applied, 200 for a coding removed or an edit saved): the
member was told it is saved, so it must be in the database. A refused write
(409: a stale version, a span already coded) was reported to the member, so
it is never lost. A write with no answer at all (the connection dropped, a
timeout, a 5xx) has an unknown outcome: it is counted apart, never as lost.

An edit of a versioned record (a matrix cell's summary, a memo) carries the
version its member read (``if_version``); the server answers the new
version. Versions move by one a write, so an acknowledged edit whose new
version is not the version it read plus one was saved over a change its
member never saw: a conflict that went unreported (a silent overwrite).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from benchmarks.report import percentile


@dataclass(frozen=True)
class Sample:
    """One request: its action, milliseconds and HTTP status (0: no answer)."""

    action: str
    ms: float
    status: int


@dataclass(frozen=True)
class CodingAck:
    """A coding the server said it applied: its id and what it codes."""

    coding_id: int
    document_id: int
    code_id: int
    start: int
    end: int
    coder: str


@dataclass(frozen=True)
class EditAck:
    """An edit the server said it saved: the record (``kind`` and id), the
    version read, the version answered and the text written."""

    kind: str
    record_id: int
    read_version: int
    version: int
    text: str


@dataclass(frozen=True)
class Stored:
    """A versioned record as the database holds it at the end."""

    version: int
    text: str


@dataclass
class Ledger:
    """Everything a run's members were answered (appended to by every member:
    they run in one asyncio loop, so no lock is needed)."""

    samples: list[Sample] = field(default_factory=list)
    created: dict[int, CodingAck] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    edits: list[EditAck] = field(default_factory=list)
    #: Writes refused with 409, by action (reported to their member).
    conflicts: Counter[str] = field(default_factory=Counter)
    #: Writes without an answer, by action (their outcome is unknown).
    unknown: Counter[str] = field(default_factory=Counter)
    #: Records written by a write of unknown outcome: ("cell"|"memo", id).
    unknown_records: set[tuple[str, int]] = field(default_factory=set)

    def acknowledged(self) -> int:
        """How many acknowledged writes there are to check."""
        return len(self.created) + len(self.removed) + len(self.edits)


@dataclass(frozen=True)
class Audit:
    """What the check found: ``lost`` acknowledged writes and ``unreported``
    conflicts (each a sentence saying which), of ``checked`` acknowledged writes."""

    checked: int
    lost: tuple[str, ...]
    unreported: tuple[str, ...]


def audit(
    ledger: Ledger,
    codings: dict[int, tuple[int, int, int, int, str]],
    records: dict[tuple[str, int], Stored],
) -> Audit:
    """Check ``ledger`` against the database's final state: ``codings`` (id ->
    document, code, start, end, coder of every coding of the project) and
    ``records`` ((kind, id) -> stored version and text of every edited record).

    Lost: an acknowledged coding missing or changed, an acknowledged removal
    whose coding is still there, an edited record whose stored version is
    older than its last acknowledged edit, or holds another text at that
    version. Unreported: two acknowledged edits of a record from the same
    version read, or an acknowledged edit saved over a version it did not read.
    """
    lost: list[str] = []
    for coding_id, ack in ledger.created.items():
        if coding_id in ledger.removed:
            continue
        found = codings.get(coding_id)
        expected = (ack.document_id, ack.code_id, ack.start, ack.end, ack.coder)
        if found != expected:
            lost.append(f"coding {coding_id} applied by {ack.coder}: stored as {found}")
    lost += [f"coding {i} removed but still stored" for i in sorted(ledger.removed) if i in codings]
    unreported: list[str] = []
    by_record: dict[tuple[str, int], list[EditAck]] = defaultdict(list)
    for edit in ledger.edits:
        by_record[(edit.kind, edit.record_id)].append(edit)
    for key, edits in sorted(by_record.items()):
        lost += _lost_edits(key, edits, records.get(key), key in ledger.unknown_records)
        unreported += _unreported(key, edits)
    return Audit(ledger.acknowledged(), tuple(lost), tuple(unreported))


def _lost_edits(
    key: tuple[str, int], edits: list[EditAck], stored: Stored | None, unknown: bool
) -> list[str]:
    """Why the last acknowledged edit of ``key`` is not what is stored (empty if it is).
    Every earlier acknowledged edit was superseded by that last one."""
    last = max(edits, key=lambda edit: edit.version)
    name = f"{key[0]} {key[1]}"
    if stored is None:
        return [f"{name}: gone, its last acknowledged edit was version {last.version}"]
    if stored.version < last.version:
        return [f"{name}: stored version {stored.version} < acknowledged {last.version}"]
    if stored.version == last.version and stored.text != last.text:
        return [f"{name}: version {last.version} holds another text than acknowledged"]
    if stored.version > last.version and not unknown:
        return [f"{name}: stored version {stored.version} was never acknowledged"]
    return []


def _unreported(key: tuple[str, int], edits: list[EditAck]) -> list[str]:
    """The acknowledged edits of ``key`` saved over a change their member never saw."""
    name = f"{key[0]} {key[1]}"
    found = [
        f"{name}: version {e.version} was saved over version {e.version - 1}, "
        f"but its member had read version {e.read_version}"
        for e in edits
        if e.version != e.read_version + 1
    ]
    reads = Counter(edit.read_version for edit in edits)
    found += [
        f"{name}: {times} edits from version {version} were all acknowledged"
        for version, times in sorted(reads.items())
        if times > 1
    ]
    return found


@dataclass(frozen=True)
class ActionStats:
    """One action's requests over a run: how many, per second, latency
    percentiles (ms, of answered requests), conflicts (409) and failures (no
    answer, or a status the action never expects)."""

    action: str
    count: int
    per_second: float
    p50: float
    p95: float
    p99: float
    conflicts: int
    failures: int


def action_stats(
    samples: list[Sample], seconds: float, expected: dict[str, frozenset[int]]
) -> list[ActionStats]:
    """The statistics of each action in ``samples`` over a run of ``seconds``
    (in order of first appearance); a status outside ``expected[action]``
    (default 200 and 201) or 409 is a failure."""
    by_action: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_action[sample.action].append(sample)
    stats = []
    for action, mine in by_action.items():
        answered = [s.ms for s in mine if s.status]
        allowed = expected.get(action, frozenset({200, 201})) | {409}
        stats.append(
            ActionStats(
                action=action,
                count=len(mine),
                per_second=len(mine) / seconds,
                p50=percentile(answered, 0.50) if answered else 0.0,
                p95=percentile(answered, 0.95) if answered else 0.0,
                p99=percentile(answered, 0.99) if answered else 0.0,
                conflicts=sum(s.status == 409 for s in mine),
                failures=sum(s.status not in allowed for s in mine),
            )
        )
    return stats


def markdown_table(stats: list[ActionStats]) -> str:
    """The statistics as a Markdown table (one row an action)."""
    lines = [
        "| action | requests | per second | p50 | p95 | p99 | conflicts (409) | failures |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s.action} | {s.count:,} | {s.per_second:.1f} | {s.p50:.1f} ms | {s.p95:.1f} ms | "
        f"{s.p99:.1f} ms | {s.conflicts:,} | {s.failures:,} |"
        for s in stats
    ]
    return "\n".join(lines)
