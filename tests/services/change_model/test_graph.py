"""Change models as typed graphs: models, kinds, nodes, links and code bindings.

Every refusal says why and writes nothing (each table's row count is
unchanged); every change is in the audit log; stale versions are refused.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.exc import IntegrityError

import qualframe
from qualframe.errors import ConflictError, NotFoundError, StaleVersionError, ValidationError
from qualframe.storage.database import Database
from qualframe.storage.models import ModelLink
from row_counts import row_counts

KINDS = [
    ("intervention component", "#1F5F8B", 0, False),
    ("context", "#7A5230", 1, False),
    ("mechanism", "#B3460B", 1, False),
    ("process outcome", "#2E6B2E", 2, True),
    ("downstream outcome", "#1E4D1E", 3, True),
    ("assumption", "#5F5F5F", 4, False),
]


@pytest.fixture
def model(project: qualframe.Project) -> qualframe.Project:
    """A project with the codes Mechanisms > Trust (> Deep trust) and Hope, and
    the model "Peer work": Trust (mechanism, bound to Trust), Hope (process
    outcome) and Ward (context), the link Trust → Hope when Ward."""
    with project.atomic():
        project.codebook.add("Mechanisms")
        project.codebook.add("Trust", parent="Mechanisms")
        project.codebook.add("Deep trust", parent="Mechanisms > Trust")
        project.codebook.add("Hope")
        cm = project.change_models
        cm.create("Peer work", description="How peer work helps.")
        cm.add_node("Trust", "mechanism", codes=["Mechanisms > Trust"])
        cm.add_node("Hope", "process outcome")
        cm.add_node("Ward", "context")
        cm.add_link("Trust", "Hope", rationale="Trust gives hope.", condition="Ward")
    return project


def _refused(
    project: qualframe.Project,
    database: Database,
    error: type[Exception],
    message: str,
    write: Callable[[], object],
) -> None:
    """``write`` raises ``error`` matching ``message`` and changes no row."""
    before = row_counts(database)
    with pytest.raises(error, match=message):
        write()
    assert row_counts(database) == before


def _actions(project: qualframe.Project) -> list[str]:
    return list(project.audit_log()["action"])


# ---------------------------------------------------------------- models and kinds


def test_a_new_model_has_the_default_kinds_in_column_order(project: qualframe.Project) -> None:
    info = project.change_models.create("Peer work", description="Why.")

    view = project.change_models.get()
    assert (info.name, info.description, info.nodes, info.links, info.version) == (
        "Peer work",
        "Why.",
        0,
        0,
        1,
    )
    kinds = sorted(view.kinds, key=lambda k: k.position)
    assert [(k.name, k.colour, k.column, k.outcome) for k in kinds] == KINDS
    assert [k.column for k in view.kinds] == sorted(k.column for k in view.kinds)
    assert _actions(project)[-1] == "change_model.create"


def test_models_are_listed_by_name_with_their_counts(model: qualframe.Project) -> None:
    model.change_models.create("Another")

    listed = model.change_models.list()

    assert [(m.name, m.nodes, m.links) for m in listed] == [("Another", 0, 0), ("Peer work", 3, 1)]


def test_with_several_models_one_must_be_named(model: qualframe.Project) -> None:
    model.change_models.create("Another")

    with pytest.raises(ValidationError, match="several change models"):
        model.change_models.get()
    assert model.change_models.get("peer work").model.name == "Peer work"


def test_a_project_without_a_model_says_so(project: qualframe.Project) -> None:
    with pytest.raises(NotFoundError, match="no change model yet"):
        project.change_models.get()


def test_a_model_name_is_unique_letter_case_aside(
    model: qualframe.Project, database: Database
) -> None:
    _refused(
        model,
        database,
        ConflictError,
        "change model called 'Peer work' already",
        lambda: model.change_models.create("PEER WORK"),
    )
    _refused(
        model, database, ValidationError, "cannot be empty", lambda: model.change_models.create(" ")
    )


def test_editing_a_model_is_audited_and_refused_when_stale(
    model: qualframe.Project, database: Database
) -> None:
    version = model.change_models.get().model.version

    edited = model.change_models.edit(name="Peer support", if_version=version)

    assert (edited.name, edited.version) == ("Peer support", version + 1)
    assert _actions(model)[-1] == "change_model.edit"
    _refused(
        model,
        database,
        StaleVersionError,
        "nothing was saved",
        lambda: model.change_models.edit(description="Late.", if_version=version),
    )


def test_deleting_a_model_takes_its_graph_and_keeps_the_codes(
    model: qualframe.Project, database: Database
) -> None:
    model.change_models.save_version("v1")

    gone = model.change_models.delete("Peer work")

    assert (gone.name, gone.nodes, gone.links) == ("Peer work", 3, 1)
    counts = row_counts(database)
    for table in (
        "change_models",
        "model_kinds",
        "model_nodes",
        "model_links",
        "model_node_codes",
        "model_versions",
    ):
        assert counts[table] == 0, table
    assert counts["codes"] == 4
    assert _actions(model)[-1] == "change_model.delete"


def test_a_kind_is_added_with_a_checked_colour_and_column(
    model: qualframe.Project, database: Database
) -> None:
    version = model.change_models.get().model.version

    kind = model.change_models.add_kind("barrier", colour="a33", column=2)

    assert (kind.name, kind.colour, kind.column, kind.outcome) == ("barrier", "#AA3333", 2, False)
    assert model.change_models.get().model.version == version + 1
    cm = model.change_models
    _refused(
        model,
        database,
        ValidationError,
        "not a colour",
        lambda: cm.add_kind("x", colour="red", column=1),
    )
    _refused(
        model,
        database,
        ValidationError,
        "from 0 .* to 20",
        lambda: cm.add_kind("x", colour="#000000", column=21),
    )
    _refused(
        model,
        database,
        ConflictError,
        "node kind called 'Barrier'|'barrier' already",
        lambda: cm.add_kind("Barrier", colour="#000000", column=1),
    )


def test_a_kind_whose_nodes_carry_indicators_stays_an_outcome(
    model: qualframe.Project, database: Database
) -> None:
    model.change_models.add_indicator("Hope", "Hope score")

    _refused(
        model,
        database,
        ValidationError,
        "stays an outcome kind: its nodes 'Hope' carry indicators",
        lambda: model.change_models.edit_kind("process outcome", outcome=False),
    )
    renamed = model.change_models.edit_kind("process outcome", name="early outcome")
    assert renamed.name == "early outcome"
    assert model.change_models.get().nodes[1].kind == "early outcome"


def test_editing_a_kind_states_the_models_version(
    model: qualframe.Project, database: Database
) -> None:
    version = model.change_models.get().model.version
    _refused(
        model,
        database,
        StaleVersionError,
        "change model 'Peer work' was changed",
        lambda: model.change_models.edit_kind(
            "assumption", colour="#000000", if_version=version - 1
        ),
    )
    model.change_models.edit_kind("assumption", colour="#000000", if_version=version)
    assert model.change_models.get().model.version == version + 1
    assert _actions(model)[-1] == "model_kind.edit"


# ---------------------------------------------------------------- nodes


def test_a_node_is_added_with_its_kind_and_bound_codes(model: qualframe.Project) -> None:
    node = model.change_models.add_node(
        "Peer worker",
        "intervention component",
        description="The role.",
        candidate=True,
        codes=["Hope", "Mechanisms > Trust > Deep trust"],
    )

    assert (node.label, node.kind, node.description, node.candidate, node.version) == (
        "Peer worker",
        "intervention component",
        "The role.",
        True,
        1,
    )
    assert node.codes == ("Hope", "Mechanisms > Trust > Deep trust")
    assert _actions(model)[-1] == "model_node.add"


def test_a_node_needs_a_known_kind_and_a_free_label(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    _refused(
        model,
        database,
        NotFoundError,
        "no node kind called 'barrier'; its kinds: intervention",
        lambda: cm.add_node("X", "barrier"),
    )
    _refused(
        model,
        database,
        ConflictError,
        "node called 'Hope' already",
        lambda: cm.add_node("hope", "mechanism"),
    )
    _refused(
        model,
        database,
        ValidationError,
        "node label cannot be empty",
        lambda: cm.add_node("  ", "mechanism"),
    )
    _refused(
        model,
        database,
        NotFoundError,
        "no code called 'Nope'",
        lambda: cm.add_node("X", "mechanism", codes=["Nope"]),
    )
    _refused(
        model,
        database,
        ValidationError,
        "named twice",
        lambda: cm.add_node("X", "mechanism", codes=["Hope", "Hope"]),
    )


def test_editing_a_node_bumps_its_version_and_refuses_a_stale_one(
    model: qualframe.Project, database: Database
) -> None:
    hope = model.change_models.get().nodes[1]

    edited = model.change_models.edit_node(
        "Hope", label="Hope again", kind="downstream outcome", if_version=hope.version
    )

    assert (edited.label, edited.kind, edited.version) == (
        "Hope again",
        "downstream outcome",
        hope.version + 1,
    )
    assert model.change_models.get().links[0].target == "Hope again"
    _refused(
        model,
        database,
        StaleVersionError,
        "The node 'Hope again' was changed",
        lambda: model.change_models.edit_node(
            "Hope again", candidate=True, if_version=hope.version
        ),
    )
    _refused(
        model,
        database,
        ConflictError,
        "node called 'Trust' already",
        lambda: model.change_models.edit_node("Hope again", label="TRUST"),
    )


def test_a_node_with_indicators_keeps_an_outcome_kind(
    model: qualframe.Project, database: Database
) -> None:
    model.change_models.add_indicator("Hope", "Hope score")

    _refused(
        model,
        database,
        ValidationError,
        "has 1 indicator",
        lambda: model.change_models.edit_node("Hope", kind="mechanism"),
    )


def test_deleting_a_node_takes_its_links_and_bindings_and_clears_conditions(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    cm.add_node("Peer worker", "intervention component")
    cm.add_link("Peer worker", "Trust")
    cm.add_indicator("Hope", "Hope score")
    version = cm.get().model.version

    removed = cm.delete_node("Trust")

    assert (removed.node.label, removed.links, removed.bindings, removed.conditions_cleared) == (
        "Trust",
        2,
        1,
        0,
    )
    view = cm.get()
    assert {n.label for n in view.nodes} == {"Hope", "Ward", "Peer worker"}
    assert view.links == ()
    assert view.model.version == version + 1
    assert row_counts(database)["model_node_codes"] == 0
    entry = model.activity()[-1]
    assert entry.action == "model_node.delete"
    assert (entry.details["links"], entry.details["bindings"]) == (2, 1)

    ward = cm.delete_node("Ward")
    assert ward.conditions_cleared == 0


def test_deleting_a_condition_keeps_the_link_unconditional(model: qualframe.Project) -> None:
    link = model.change_models.get().links[0]

    removed = model.change_models.delete_node("Ward")

    assert removed.conditions_cleared == 1
    (kept,) = model.change_models.get().links
    assert (kept.label, kept.condition, kept.version) == ("Trust → Hope", None, link.version + 1)
    assert "lost it as their condition" in model.activity()[-1].summary


def test_deleting_an_outcome_takes_its_indicators(model: qualframe.Project) -> None:
    model.change_models.add_indicator("Hope", "Hope score", measure="Herth Hope Index")

    removed = model.change_models.delete_node("Hope")

    assert (removed.indicators, removed.links) == (1, 1)
    assert model.change_models.get().indicators == ()
    assert [
        m.in_project for m in model.change_models.measures() if m.name == "Herth Hope Index"
    ] == [True]


def test_a_stale_node_delete_is_refused(model: qualframe.Project, database: Database) -> None:
    version = model.change_models.get().nodes[0].version
    _refused(
        model,
        database,
        StaleVersionError,
        "nothing was saved",
        lambda: model.change_models.delete_node("Trust", if_version=version + 1),
    )


def test_binding_a_code_bumps_the_node_and_a_second_binding_is_refused(
    model: qualframe.Project, database: Database
) -> None:
    hope = model.change_models.get().nodes[1]

    bound = model.change_models.bind_code("Hope", "Hope")

    assert (bound.codes, bound.version) == (("Hope",), hope.version + 1)
    assert _actions(model)[-1] == "model_node.bind"
    _refused(
        model,
        database,
        ConflictError,
        "bound to the code 'Hope' already",
        lambda: model.change_models.bind_code("Hope", "Hope"),
    )
    unbound = model.change_models.unbind_code("Hope", "Hope")
    assert (unbound.codes, unbound.version) == ((), hope.version + 2)
    assert _actions(model)[-1] == "model_node.unbind"
    _refused(
        model,
        database,
        NotFoundError,
        "not bound to the code 'Hope'",
        lambda: model.change_models.unbind_code("Hope", "Hope"),
    )


# ---------------------------------------------------------------- links


def test_a_link_is_added_with_its_rationale_and_condition(model: qualframe.Project) -> None:
    version = model.change_models.get().model.version

    link = model.change_models.add_link(
        "Ward", "Trust", rationale="Wards breed distance.", candidate=True
    )

    assert (link.source, link.target, link.rationale, link.condition, link.candidate) == (
        "Ward",
        "Trust",
        "Wards breed distance.",
        None,
        True,
    )
    assert model.change_models.get().model.version == version + 1
    assert _actions(model)[-1] == "model_link.add"


def test_a_link_to_itself_a_repeat_or_a_condition_at_an_end_is_refused(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    _refused(
        model,
        database,
        ValidationError,
        "two different nodes; 'Hope' is both ends",
        lambda: cm.add_link("Hope", "Hope"),
    )
    _refused(
        model,
        database,
        ConflictError,
        "has the link 'Trust → Hope' already",
        lambda: cm.add_link("trust", "hope"),
    )
    _refused(
        model,
        database,
        ValidationError,
        "not one of its ends: 'Hope' is the link's source",
        lambda: cm.add_link("Hope", "Trust", condition="Hope"),
    )
    _refused(
        model,
        database,
        NotFoundError,
        "no node called 'Nobody'",
        lambda: cm.add_link("Hope", "Nobody"),
    )


def test_editing_a_link_by_its_ends_bumps_its_version(
    model: qualframe.Project, database: Database
) -> None:
    link = model.change_models.get().links[0]

    edited = model.change_models.edit_link(
        ("Trust", "Hope"), unconditional=True, rationale="Because.", if_version=link.version
    )

    assert (edited.condition, edited.rationale, edited.version) == (
        None,
        "Because.",
        link.version + 1,
    )
    cm = model.change_models
    _refused(
        model,
        database,
        StaleVersionError,
        "The link 'Trust → Hope' was changed",
        lambda: cm.edit_link(link.id, candidate=True, if_version=link.version),
    )
    _refused(
        model,
        database,
        ValidationError,
        "not both",
        lambda: cm.edit_link(link.id, condition="Ward", unconditional=True),
    )
    _refused(
        model, database, ValidationError, "target", lambda: cm.edit_link(link.id, condition="Hope")
    )


def test_deleting_a_link_is_audited_and_leaves_its_nodes(model: qualframe.Project) -> None:
    gone = model.change_models.delete_link(("Trust", "Hope"))

    assert gone.label == "Trust → Hope"
    view = model.change_models.get()
    assert (len(view.nodes), view.links) == (3, ())
    assert _actions(model)[-1] == "model_link.delete"


def test_the_database_refuses_a_link_to_a_node_of_another_model(
    model: qualframe.Project, database: Database
) -> None:
    model.change_models.create("Another")
    other = model.change_models.add_node("Elsewhere", "context", model="Another")
    trust = model.change_models.get("Peer work").nodes[0]
    peer_work = model.change_models.get("Peer work").model.id

    with pytest.raises(IntegrityError), database.transaction() as session:
        session.add(ModelLink(model_id=peer_work, source_id=trust.id, target_id=other.id))
        session.flush()
    assert len(model.change_models.get("Peer work").links) == 1


def test_deleting_a_node_counts_the_evidence_on_it_and_on_its_links(
    model: qualframe.Project, database: Database
) -> None:
    text = "P01: She had been there, so I trusted her.\n"
    model.documents.import_bytes("p01.txt", text.encode())
    start = text.index("I trusted")
    coding = model.coding.apply("p01.txt", "Mechanisms > Trust", start, start + 13)
    cm = model.change_models
    cm.add_evidence(node="Trust", coding=coding.id)
    cm.add_evidence(link=("Trust", "Hope"), coding=coding.id, stance="contradicts")
    cm.add_evidence(node="Hope", coding=coding.id)

    removed = cm.delete_node("Trust")

    assert (removed.links, removed.evidence, removed.bindings) == (1, 2, 1)
    assert row_counts(database)["model_evidence"] == 1
    assert row_counts(database)["codings"] == 1
    assert model.activity()[-1].details["evidence"] == 2


def test_deleting_a_link_takes_its_evidence_and_keeps_the_coding(
    model: qualframe.Project, database: Database
) -> None:
    text = "P01: Hope came back.\n"
    model.documents.import_bytes("p01.txt", text.encode())
    coding = model.coding.apply("p01.txt", "Hope", 5, 20)
    model.change_models.add_evidence(link=("Trust", "Hope"), coding=coding.id)

    model.change_models.delete_link(("Trust", "Hope"))

    assert row_counts(database)["model_evidence"] == 0
    assert row_counts(database)["codings"] == 1
    assert model.activity()[-1].details["evidence"] == 1
