"""The outputs of a change model (diagrams, the evaluation plan, the report) only read."""

from __future__ import annotations

from contracts.registry import Write

WRITES: list[Write] = []

READS: set[str] = {
    "change_models.export",
    "change_models.diagram",
    "change_models.plan",
    "change_models.plan_frame",
    "change_models.plan_file",
    "change_models.report",
}
