"""The project's own write use case (applying a study template), exercised on
the contract study, and its reads (the audit log)."""

from __future__ import annotations

import qualframe
from contracts.registry import Write


def _apply_template(project: qualframe.Project) -> None:
    """Apply the peer worker study template. The contract study has an
    attribute "employer" and a theme "Mechanisms" of its own, which the
    template brings too: they are renamed first, in the same transaction."""
    with project.atomic():
        project.study.edit_attribute("employer", name="employing organisation")
        project.codebook.rename("Mechanisms", "Our mechanisms")
        project.apply_template("peer-worker-study")


WRITES: list[Write] = [Write("project.apply_template", _apply_template)]

READS: set[str] = {"project.audit_log", "project.activity"}
