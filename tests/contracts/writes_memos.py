"""The memos area's write use cases, exercised on the contract study.

The study has one memo, "Trust first", on the code Mechanisms > Trust.
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write


def _memo_id(project: qualframe.Project) -> int:
    """The id of the study's memo "Trust first"."""
    return next(memo.id for memo in project.memos.list() if memo.title == "Trust first")


def _version(project: qualframe.Project) -> int:
    return project.memos.get(_memo_id(project)).version


WRITES: list[Write] = [
    Write(
        "memos.add",
        lambda p: p.memos.add("Engagement grows", kind="reflexive", code="Engagement"),
    ),
    Write(
        "memos.edit",
        lambda p: p.memos.edit(_memo_id(p), body="Shared experience, then trust."),
        version_of=_version,
        stating=lambda p, v: p.memos.edit(_memo_id(p), body="Too late.", if_version=v),
    ),
    Write(
        "memos.link",
        lambda p: p.memos.link(_memo_id(p), ("participant", "P01")),
        version_of=_version,
        stating=lambda p, v: p.memos.link(_memo_id(p), ("participant", "P01"), if_version=v),
    ),
    Write(
        "memos.unlink",
        lambda p: p.memos.unlink(_memo_id(p), ("code", "Mechanisms > Trust")),
        version_of=_version,
        stating=lambda p, v: p.memos.unlink(
            _memo_id(p), ("code", "Mechanisms > Trust"), if_version=v
        ),
    ),
    Write(
        "memos.annotate",
        lambda p: p.memos.annotate("p01.txt", 0, 11, body="Opening question."),
    ),
    Write(
        "memos.delete",
        lambda p: p.memos.delete(_memo_id(p)),
        version_of=_version,
        stating=lambda p, v: p.memos.delete(_memo_id(p), if_version=v),
        bumps=False,
    ),
]

READS: set[str] = {
    "memos.get",
    "memos.describe_target",
    "memos.list",
    "memos.memos_frame",
    "memos.in_document",
    "memos.on_cells",
}
