"""The change-model part of the Python API: typed graphs backed by coded evidence.

A model's nodes and links are named by label (a link by its ends, or its
id); ``model=`` names the model, and may be left out when the project has
one. Every call is one transaction, in the audit log when it changes
something.

::

    cm = project.change_models
    cm.create("Peer work")
    cm.add_node("Trust from shared lived experience", "mechanism", codes=["Trust"])
    cm.add_node("Hope", "process outcome")
    cm.add_link("Trust from shared lived experience", "Hope", rationale="...")
    cm.add_evidence(node="Hope", coding=412, passage=(120, 180))
    cm.profile_frame(node="Hope", by="stakeholder group")
    cm.plan_frame()
    cm.export("svg")
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.change_model import (
    chains as model_chains,
    evidence as model_evidence,
    indicators,
    links,
    measures as registry,
    models,
    nodes,
    outputs,
    profiles,
    versions as model_versions,
)

__all__ = ["ChangeModelAPI"]


class ChangeModelAPI(Facade):
    """The change models of one project (see :mod:`qualframe.services.change_model`)."""

    create = use_case(models.create_model)
    list = use_case(models.list_models)
    #: The whole model: kinds, nodes, links, indicators.
    get = use_case(models.get_model)
    edit = use_case(models.edit_model)
    delete = use_case(models.delete_model)
    add_kind = use_case(models.add_kind)
    edit_kind = use_case(models.edit_kind)
    add_node = use_case(nodes.add_node)
    edit_node = use_case(nodes.edit_node)
    delete_node = use_case(nodes.delete_node)
    bind_code = use_case(nodes.bind_code)
    unbind_code = use_case(nodes.unbind_code)
    add_link = use_case(links.add_link)
    edit_link = use_case(links.edit_link)
    delete_link = use_case(links.delete_link)
    add_indicator = use_case(indicators.add_indicator)
    edit_indicator = use_case(indicators.edit_indicator)
    remove_indicator = use_case(indicators.remove_indicator)
    measures = use_case(registry.list_measures)
    add_measure = use_case(registry.add_measure)
    edit_measure = use_case(registry.edit_measure)
    delete_measure = use_case(registry.delete_measure)
    save_version = use_case(model_versions.save_version)
    versions = use_case(model_versions.list_versions)
    compare_versions = use_case(model_versions.compare_versions)
    add_evidence = use_case(model_evidence.add_evidence)
    edit_evidence = use_case(model_evidence.edit_evidence)
    remove_evidence = use_case(model_evidence.remove_evidence)
    evidence = use_case(model_evidence.list_evidence)
    evidence_frame = use_case(model_evidence.list_evidence, model_evidence.frame_of_evidence)
    #: Who and what backs a node or link, split by an attribute.
    profile = use_case(profiles.evidence_profile)
    profile_frame = use_case(profiles.evidence_profile, profiles.frame_of_profile)
    evidence_summary = use_case(profiles.evidence_summary)
    flags = use_case(profiles.flags)
    chains = use_case(model_chains.cmo_chains)
    case_chains = use_case(model_chains.case_chains)
    case_chains_frame = use_case(model_chains.case_chains, model_chains.frame_of_case_chains)
    #: The model as svg, png, mermaid, dot, graphml or kumu (bytes).
    export = use_case(outputs.export_diagram)
    #: The diagram as SVG markup (for a page: nodes and links focusable).
    diagram = use_case(outputs.diagram_svg)
    plan = use_case(outputs.evaluation_plan)
    plan_frame = use_case(outputs.evaluation_plan, outputs.frame_of_plan)
    plan_file = use_case(outputs.plan_file)
    report = use_case(outputs.model_report)
