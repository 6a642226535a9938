"""The change models' evidence write use cases, exercised on the contract study.

The contract model is built on first use (see ``writes_change_models``);
the first version read of a piece of evidence adds one: the first Hope
coding of p01.txt supporting the node "Hope". Adding evidence changes no
versioned record: it reads the model's version only to build the model
first (``bumps=False``).
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write
from contracts.study import coding_id
from contracts.writes_change_models import _model_id
from contracts.writes_study import remembered


def _model_version(project: qualframe.Project) -> int:
    return project.change_models.get(_model_id(project)).model.version


def _evidence_id(project: qualframe.Project) -> int:
    """The id of the contract model's piece of evidence, added on first use."""

    def add() -> int:
        model = _model_id(project)
        hope = coding_id(project, "Mechanisms > Hope")
        return project.change_models.add_evidence(node="Hope", coding=hope, model=model).id

    return remembered(project, "evidence", add)


def _evidence_version(project: qualframe.Project) -> int:
    evidence_id = _evidence_id(project)
    pieces = project.change_models.evidence(model=_model_id(project))
    return next(piece.version for piece in pieces if piece.id == evidence_id)


WRITES: list[Write] = [
    Write(
        "change_models.add_evidence",
        lambda p: p.change_models.add_evidence(
            link=("Trust", "Hope"),
            coding=coding_id(p, "Mechanisms > Trust"),
            passage=(
                p.coding.get(coding_id(p, "Mechanisms > Trust")).start,
                p.coding.get(coding_id(p, "Mechanisms > Trust")).start + 9,
            ),
            stance="contradicts",
            note="Trust, but not yet hope.",
            model=_model_id(p),
        ),
        version_of=_model_version,
        bumps=False,
    ),
    Write(
        "change_models.edit_evidence",
        lambda p: p.change_models.edit_evidence(_evidence_id(p), stance="contradicts"),
        version_of=_evidence_version,
        stating=lambda p, v: p.change_models.edit_evidence(
            _evidence_id(p), note="Too late.", if_version=v
        ),
    ),
    Write(
        "change_models.remove_evidence",
        lambda p: p.change_models.remove_evidence(_evidence_id(p)),
        version_of=_evidence_version,
        stating=lambda p, v: p.change_models.remove_evidence(_evidence_id(p), if_version=v),
        bumps=False,
    ),
]

READS: set[str] = {
    "change_models.evidence",
    "change_models.evidence_frame",
    "change_models.profile",
    "change_models.profile_frame",
    "change_models.evidence_summary",
    "change_models.flags",
    "change_models.chains",
    "change_models.case_chains",
    "change_models.case_chains_frame",
}
