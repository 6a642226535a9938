"""The framework matrix's write use cases, exercised on the contract study.

In the study, P01's "Mechanisms > Trust" cell is done with one quote (the
Trust coding), P01's "Mechanisms > Hope" cell is a draft without quotes,
P02's "Engagement" cell is not stored (version 0) and has one coding to draft
from, and question Q1 covers Trust. Coverage links belong to questions,
which carry no version.
"""

from __future__ import annotations

from collections.abc import Callable

import qualframe
from contracts.registry import Write
from contracts.study import coding_id

TRUST = "Mechanisms > Trust"
HOPE = "Mechanisms > Hope"


def _version_of(row: str, code: str) -> Callable[[qualframe.Project], int]:
    """How to read the version of the cell (row, code): 0 when not stored."""
    return lambda p: p.matrix.cell(row, code).version


def _trust_quote(project: qualframe.Project) -> int:
    return coding_id(project, TRUST)


def _trust_passage(project: qualframe.Project, shorter: int = 0) -> tuple[int, int]:
    """A passage of the quoted Trust coding ("I trusted her"): "trusted" ("truste"
    with ``shorter``, so the stated write changes it again)."""
    coding = project.coding.get(_trust_quote(project))
    return coding.start + 2, coding.start + 9 - shorter


def _hope_coding(project: qualframe.Project) -> int:
    return coding_id(project, HOPE)


WRITES: list[Write] = [
    Write(
        "matrix.write_summary",
        lambda p: p.matrix.write_summary("P01", HOPE, "Hope came back with the team."),
        version_of=_version_of("P01", HOPE),
        stating=lambda p, v: p.matrix.write_summary("P01", HOPE, "Too late.", if_version=v),
    ),
    Write(
        "matrix.set_status",
        lambda p: p.matrix.set_status("P01", TRUST, "draft"),
        version_of=_version_of("P01", TRUST),
        stating=lambda p, v: p.matrix.set_status("P01", TRUST, "no_data", if_version=v),
    ),
    Write(
        "matrix.link_quote",
        lambda p: p.matrix.link_quote("P01", HOPE, _hope_coding(p)),
        version_of=_version_of("P01", HOPE),
        stating=lambda p, v: p.matrix.link_quote("P01", HOPE, _hope_coding(p), if_version=v),
    ),
    Write(
        "matrix.quote_passage",
        lambda p: p.matrix.quote_passage("P01", TRUST, _trust_quote(p), *_trust_passage(p)),
        version_of=_version_of("P01", TRUST),
        stating=lambda p, v: p.matrix.quote_passage(
            "P01", TRUST, _trust_quote(p), *_trust_passage(p, 1), if_version=v
        ),
    ),
    Write(
        "matrix.unlink_quote",
        lambda p: p.matrix.unlink_quote("P01", TRUST, _trust_quote(p)),
        version_of=_version_of("P01", TRUST),
        stating=lambda p, v: p.matrix.unlink_quote("P01", TRUST, _trust_quote(p), if_version=v),
    ),
    Write(
        "matrix.reorder_quotes",
        lambda p: p.matrix.reorder_quotes("P01", TRUST, [_trust_quote(p)]),
        version_of=_version_of("P01", TRUST),
        stating=lambda p, v: p.matrix.reorder_quotes("P01", TRUST, [_trust_quote(p)], if_version=v),
    ),
    Write(
        "matrix.draft_cell",
        lambda p: p.matrix.draft_cell("P02", "Engagement"),
        version_of=_version_of("P02", "Engagement"),
        stating=lambda p, v: p.matrix.draft_cell("P02", "Engagement", if_version=v),
    ),
    # A matrix-wide draft states no version (it never overwrites charted cells);
    # each drafted cell still goes up one version.
    Write(
        "matrix.draft_from_data",
        lambda p: p.matrix.draft_from_data(p.matrix.spec(columns="Engagement")),
        version_of=_version_of("P02", "Engagement"),
    ),
    # A memo on a cell not stored yet stores it (version 1); the memo is audited.
    Write(
        "matrix.add_memo",
        lambda p: p.matrix.add_memo("P02", "Engagement", "Why the library?", body="Ask P02."),
    ),
    Write("matrix.cover", lambda p: p.matrix.cover("Q2", "Engagement")),
    Write("matrix.uncover", lambda p: p.matrix.uncover("Q1", TRUST)),
]

READS: set[str] = {
    "matrix.build",
    "matrix.unattributed",
    "matrix.cell",
    "matrix.excerpts",
    "matrix.history",
    "matrix.history_records",
    "matrix.export",
    "matrix.coverage",
    "matrix.coverage_links",
    "matrix.progress",
    "matrix.memo_counts",
}
