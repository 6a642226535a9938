"""The agreement area's write use cases, exercised on the contract study.

The study's p01.txt is coded by "ana" (Trust once, Hope twice); the
scenarios add a second coder, "ben", who codes only the first Hope passage,
and open the round "Contract round" on p01.txt: a round's version counts
its resolutions, so ``resolve`` bumps it and ``delete_round`` states it.
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write
from contracts.study import TRANSCRIPT
from contracts.writes_study import remembered

ROUND = "Contract round"


def _second_coder(project: qualframe.Project) -> int:
    """ben's coding of "I felt hope again" (made once per project)."""

    def code() -> int:
        start = TRANSCRIPT.index("I felt hope again")
        ben = project.acting_as("ben").coding
        return ben.apply("p01.txt", "Mechanisms > Hope", start, start + 17).id

    return remembered(project, "ben's coding", code)


def _round_version(project: qualframe.Project) -> int:
    """The version of the contract round, opened once per project."""
    _second_coder(project)
    remembered(
        project, "round", lambda: project.agreement.open_round(ROUND, documents=["p01.txt"]).id
    )
    return project.agreement.round(ROUND).version


def _resolve(project: qualframe.Project) -> qualframe.ResolutionRecord:
    first = project.agreement.disagreements(ROUND)[0]
    return project.agreement.resolve(ROUND, first.key, "keep_both", seen=first.seen)


WRITES: list[Write] = [
    Write(
        "agreement.open_round",
        lambda p: (_second_coder(p), p.agreement.open_round("Check", note="Pilot week."))[-1],
    ),
    Write(
        "agreement.delete_round",
        lambda p: p.agreement.delete_round(ROUND),
        version_of=_round_version,
        stating=lambda p, v: p.agreement.delete_round(ROUND, if_version=v),
        bumps=False,
    ),
    # Resolutions of one round do not conflict: the round's version stays.
    Write("agreement.resolve", _resolve, version_of=_round_version, bumps=False),
]

READS: set[str] = {
    "agreement.measure",
    "agreement.table",
    "agreement.coders",
    "agreement.rounds",
    "agreement.round",
    "agreement.figures",
    "agreement.disagreements",
    "agreement.count_disagreements",
    "agreement.disagreements_table",
    "agreement.resolutions",
    "agreement.cells",
    "agreement.cells_table",
}
