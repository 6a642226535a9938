"""Change-model evidence speed on the 200,000-coding study.

A model of 40 nodes (mechanisms, outcomes and contexts, in CMO chains), each
bound to one of the study's codes (every fifth to two), with 39 links and
some explicit evidence (codings, quotes and cells, a few contradicting):

- profile: ``project.change_models.profile(node=..., by="stakeholder group")``,
  the evidence profile of the node with the most codings behind it (the
  facade call: totals, six groups, ten cases, 20 quotes);
- summary: ``project.change_models.evidence_summary()``, the counts of every
  node and link of the model at once (what the diagram, the flags and the
  plan read);
- every profile: the profiles of all 40 nodes one after another (the report);
- the page: the model page with that node's panel split by stakeholder group
  (``/projects/{pid}/change-models/{id}?node=...&by=...``: the diagram with
  every node's and link's counts, the profile, its quotes and evidence), as
  a browser asks for it, in-process with FastAPI's ``TestClient`` after the
  server's start-up freeze of the heap.
"""

from __future__ import annotations

import gc
import itertools
import statistics
import time
from collections.abc import Callable

import qualframe
from benchmarks.report import Result
from benchmarks.synthetic_study import SyntheticStudy

REPEATS = 5
NODES = 40
KINDS = ("context", "mechanism", "process outcome", "downstream outcome")


def _median_seconds(function: Callable[[], object], repeats: int = REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build_model(project: qualframe.Project, codes: int) -> list[str]:
    """The 40-node model "Benchmark" (see the module docstring); its node labels."""
    cm = project.change_models
    labels = [f"Node {number:02d}" for number in range(NODES)]
    with project.atomic():
        cm.create("Benchmark")
        for number, label in enumerate(labels):
            bound = [f"Code {number % codes:02d}"]
            if number % 5 == 0:
                bound.append(f"Code {(number + NODES) % codes:02d}")
            cm.add_node(label, KINDS[number % len(KINDS)], codes=bound)
        for source, target in itertools.pairwise(labels):
            cm.add_link(source, target)
        frame = project.coding.codings(code="Code 00")
        for number, row in enumerate(frame.head(60).itertuples()):
            stance = "contradicts" if number % 7 == 0 else "supports"
            label = labels[number % NODES]
            start, end = int(row.start), int(row.end)
            passage = (start, start + 10) if number % 3 == 0 and end - start > 10 else None
            cm.add_evidence(node=label, coding=int(row.coding_id), passage=passage, stance=stance)
            if number < 20:
                cm.add_evidence(
                    link=(labels[number], labels[number + 1]), coding=int(row.coding_id)
                )
    return labels


def _page_seconds(project: qualframe.Project, node_id: int) -> tuple[float, int]:
    """Median seconds of the model page with ``node_id``'s panel, and its size in bytes."""
    from fastapi.testclient import TestClient

    from qualframe.web.app import create_app, freeze_startup_heap

    model = project.change_models.get("Benchmark").model
    url = (
        f"/projects/{project.info.id}/change-models/{model.id}"
        f"?node={node_id}&by=stakeholder%20group"
    )
    app = create_app(project.database, user="analyst")
    with TestClient(app, base_url="http://localhost") as client:
        freeze_startup_heap()  # as `qualframe serve` does once the server has started
        try:
            size = len(client.get(url).raise_for_status().content)
            seconds = _median_seconds(lambda: client.get(url).raise_for_status())
        finally:
            gc.unfreeze()  # the benchmarks after this one measure the library, not a server
    return seconds, size


def run(study: SyntheticStudy) -> list[Result]:
    """Time the evidence profile and the whole model's evidence summary."""
    project = study.project
    labels = build_model(project, study.codes)
    cm = project.change_models
    summary = cm.evidence_summary()
    busiest = max((s for s in summary if s.subject_kind == "node"), key=lambda s: s.bound_codings)
    profile = lambda: cm.profile(node=busiest.subject, by="stakeholder group")  # noqa: E731
    profiled = _median_seconds(profile)
    summarised = _median_seconds(cm.evidence_summary)
    every = _median_seconds(
        lambda: [cm.profile(node=label, by="stakeholder group") for label in labels], repeats=1
    )
    page, page_bytes = _page_seconds(project, busiest.id)
    bound = sum(s.bound_codings for s in summary)
    size = f"a {NODES}-node model bound to codes ({study.codings:,} codings)"
    return [
        Result(
            name=f"evidence profile of a node of {size}",
            value=profiled,
            unit="s",
            target="≤ 1 s",
            met=profiled <= 1.0,
            note=(
                f'median of {REPEATS}; `profile(node=..., by="stakeholder group")` of the node '
                f"with the most codings ({busiest.bound_codings:,} bound, "
                f"{busiest.participants} participants): totals, groups, cases, 20 quotes."
            ),
        ),
        Result(
            name=f"evidence summary of every node and link of {size}",
            value=summarised,
            unit="s",
            target="≤ 1 s",
            met=summarised <= 1.0,
            note=(
                f"median of {REPEATS}; {len(summary)} nodes and links, {bound:,} bound codings "
                "counted by code and participant in the database."
            ),
        ),
        Result(
            name=f"evidence profiles of all {NODES} nodes, one after another",
            value=every,
            unit="s",
            target="≤ 10 s",
            met=every <= 10.0,
            note="one run; what the model's HTML report reads.",
        ),
        Result(
            name=f"change-model page with that node's evidence panel, {size}",
            value=page,
            unit="s",
            target="≤ 1 s",
            met=page <= 1.0,
            note=(
                f"median of {REPEATS}; in-process TestClient: the diagram with every node's "
                f"and link's counts, the profile by stakeholder group, quotes, evidence "
                f"({page_bytes:,} bytes)."
            ),
        ),
    ]
