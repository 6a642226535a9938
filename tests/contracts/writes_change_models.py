"""The change models' graph write use cases, exercised on the contract study.

The contract study has no change model: the first version read builds one
(once per project, before the audit log is counted), "Contract model" with
the nodes "Trust" (a mechanism bound to Mechanisms > Trust), "Hope" (a
process outcome with the indicator "Hope score", measured by the project's
measure "Own scale") and "Ward" (a context), the link Trust → Hope (its
condition Ward) and the saved version "v1". A model's version counts its
graph's changes (kinds, nodes, links added or deleted); a node's counts its
code bindings.

Adding an indicator and saving a version change no versioned record: they
read the model's version only to build the model first (``bumps=False``).
"""

from __future__ import annotations

from collections.abc import Callable

import qualframe
from contracts.registry import Write
from contracts.writes_study import remembered

MODEL = "Contract model"


def _build(project: qualframe.Project) -> int:
    cm = project.change_models
    with project.atomic():
        model = cm.create(MODEL, description="For the contracts.")
        cm.add_node("Trust", "mechanism", codes=["Mechanisms > Trust"])
        cm.add_node("Hope", "process outcome")
        cm.add_node("Ward", "context")
        cm.add_link("Trust", "Hope", rationale="Trust gives hope.", condition="Ward")
        cm.add_measure("Own scale", construct="hope", items="5 items, yes or no")
        cm.add_indicator("Hope", "Hope score", measure="Own scale", timing="6 months")
        cm.save_version("v1")
    return model.id


def _model_id(project: qualframe.Project) -> int:
    """The id of the contract model, built on first use."""
    return remembered(project, "change model", lambda: _build(project))


def _model_version(project: qualframe.Project) -> int:
    model_id = _model_id(project)
    return project.change_models.get(model_id).model.version


def _node_version(label: str) -> Callable[[qualframe.Project], int]:
    def version(project: qualframe.Project) -> int:
        view = project.change_models.get(_model_id(project))
        node_id = remembered(
            project, f"node {label}", lambda: next(n.id for n in view.nodes if n.label == label)
        )
        return next(n.version for n in view.nodes if n.id == node_id)

    return version


def _link_version(project: qualframe.Project) -> int:
    (link,) = project.change_models.get(_model_id(project)).links
    return link.version


def _indicator(project: qualframe.Project) -> tuple[int, int]:
    """The id and version of the indicator "Hope score"."""
    (indicator,) = project.change_models.get(_model_id(project)).indicators
    return indicator.id, indicator.version


def _measure_version(project: qualframe.Project) -> int:
    _model_id(project)
    return next(m.version for m in project.change_models.measures() if m.name == "Own scale")


def _indicator_id(project: qualframe.Project) -> int:
    return _indicator(project)[0]


WRITES: list[Write] = [
    Write("change_models.create", lambda p: p.change_models.create("Another model")),
    Write(
        "change_models.edit",
        lambda p: p.change_models.edit(description="Edited."),
        version_of=_model_version,
        stating=lambda p, v: p.change_models.edit(description="Too late.", if_version=v),
    ),
    Write(
        "change_models.delete",
        lambda p: p.change_models.delete(MODEL),
        version_of=_model_version,
        stating=lambda p, v: p.change_models.delete(MODEL, if_version=v),
        bumps=False,
    ),
    Write(
        "change_models.add_kind",
        lambda p: p.change_models.add_kind("barrier", colour="#333333", column=1),
        version_of=_model_version,
    ),
    Write(
        "change_models.edit_kind",
        lambda p: p.change_models.edit_kind("assumption", colour="#444444"),
        version_of=_model_version,
        stating=lambda p, v: p.change_models.edit_kind("assumption", column=3, if_version=v),
    ),
    Write(
        "change_models.add_node",
        lambda p: p.change_models.add_node("Peer worker", "intervention component"),
        version_of=_model_version,
    ),
    Write(
        "change_models.edit_node",
        lambda p: p.change_models.edit_node("Hope", description="Hope again."),
        version_of=_node_version("Hope"),
        stating=lambda p, v: p.change_models.edit_node("Hope", candidate=True, if_version=v),
    ),
    Write(
        "change_models.delete_node",
        lambda p: p.change_models.delete_node("Ward"),
        version_of=_node_version("Ward"),
        stating=lambda p, v: p.change_models.delete_node("Ward", if_version=v),
        bumps=False,
    ),
    Write(
        "change_models.bind_code",
        lambda p: p.change_models.bind_code("Hope", "Mechanisms > Hope"),
        version_of=_node_version("Hope"),
    ),
    Write(
        "change_models.unbind_code",
        lambda p: p.change_models.unbind_code("Trust", "Mechanisms > Trust"),
        version_of=_node_version("Trust"),
    ),
    Write(
        "change_models.add_link",
        lambda p: p.change_models.add_link("Ward", "Trust"),
        version_of=_model_version,
    ),
    Write(
        "change_models.edit_link",
        lambda p: p.change_models.edit_link(("Trust", "Hope"), rationale="Shared experience."),
        version_of=_link_version,
        stating=lambda p, v: p.change_models.edit_link(
            ("Trust", "Hope"), unconditional=True, if_version=v
        ),
    ),
    Write(
        "change_models.delete_link",
        lambda p: p.change_models.delete_link(("Trust", "Hope")),
        version_of=_link_version,
        stating=lambda p, v: p.change_models.delete_link(("Trust", "Hope"), if_version=v),
        bumps=False,
    ),
    Write(
        "change_models.add_indicator",
        lambda p: p.change_models.add_indicator("Hope", "Hope (HHI)", measure="Herth Hope Index"),
        version_of=_model_version,
        bumps=False,
    ),
    Write(
        "change_models.edit_indicator",
        lambda p: p.change_models.edit_indicator(_indicator_id(p), timing="12 months"),
        version_of=lambda p: _indicator(p)[1],
        stating=lambda p, v: p.change_models.edit_indicator(
            _indicator_id(p), no_measure=True, if_version=v
        ),
    ),
    Write(
        "change_models.remove_indicator",
        lambda p: p.change_models.remove_indicator(_indicator_id(p)),
        version_of=lambda p: _indicator(p)[1],
        stating=lambda p, v: p.change_models.remove_indicator(_indicator_id(p), if_version=v),
        bumps=False,
    ),
    Write(
        "change_models.add_measure",
        lambda p: p.change_models.add_measure("Another scale", construct="trust"),
    ),
    Write(
        "change_models.edit_measure",
        lambda p: p.change_models.edit_measure("Own scale", score_range="0–5"),
        version_of=_measure_version,
        stating=lambda p, v: p.change_models.edit_measure(
            "Own scale", licence_note="free", if_version=v
        ),
    ),
    Write(
        "change_models.delete_measure",
        lambda p: p.change_models.delete_measure("Spare scale"),
        version_of=lambda p: _spare_measure_version(p),
        stating=lambda p, v: p.change_models.delete_measure("Spare scale", if_version=v),
        bumps=False,
    ),
    Write(
        "change_models.save_version",
        lambda p: p.change_models.save_version("v2", note="After the contracts."),
        version_of=_model_version,
        bumps=False,
    ),
]


def _spare_measure_version(project: qualframe.Project) -> int:
    """The version of the measure "Spare scale", which no indicator uses (added once)."""
    remembered(
        project, "spare measure", lambda: project.change_models.add_measure("Spare scale").version
    )
    return next(m.version for m in project.change_models.measures() if m.name == "Spare scale")


READS: set[str] = {
    "change_models.list",
    "change_models.get",
    "change_models.measures",
    "change_models.versions",
    "change_models.compare_versions",
}
