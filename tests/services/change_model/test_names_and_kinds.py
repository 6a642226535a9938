"""Names typed in any letter case find the same model, kind, node, measure or
version on SQLite and PostgreSQL alike (SQLite's ``lower()`` folds ASCII
only), and the kinds the CMO chains read keep their names."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import ConflictError, ValidationError
from qualframe.storage.database import Database
from row_counts import row_counts


@pytest.fixture
def model(project: qualframe.Project) -> qualframe.Project:
    """The model "Émotions": Éducation (mechanism) → Ölfeld (process outcome)."""
    with project.atomic():
        cm = project.change_models
        cm.create("Émotions")
        cm.add_node("Éducation", "mechanism")
        cm.add_node("Ölfeld", "process outcome")
        cm.add_link("Éducation", "Ölfeld")
    return project


def test_names_with_accented_capitals_are_found_in_any_letter_case(
    model: qualframe.Project,
) -> None:
    cm = model.change_models
    assert cm.get("émotions").model.name == "Émotions"
    assert cm.get("ÉMOTIONS").model.name == "Émotions"
    link = cm.edit_link(("éducation", "ÖLFELD"), rationale="Learning builds hope")
    assert (link.source, link.target, link.rationale) == (
        "Éducation",
        "Ölfeld",
        "Learning builds hope",
    )
    cm.add_kind("Ärger", colour="#5F5F5F", column=4)
    assert cm.edit_kind("ärger", colour="#1F5F8B").colour == "#1F5F8B"
    cm.add_measure("Über scale")
    assert cm.edit_measure("über SCALE", construct="anger").construct == "anger"
    cm.save_version("Érste")
    assert cm.compare_versions("érste").old == "Érste"


def test_a_label_differing_only_in_accented_letter_case_is_refused(
    model: qualframe.Project, database: Database
) -> None:
    before = row_counts(database)
    with pytest.raises(ConflictError, match="has a node called 'Éducation' already"):
        model.change_models.add_node("éducation", "context")
    with pytest.raises(ConflictError, match="change model called 'Émotions' already"):
        model.change_models.create("émotions")
    assert row_counts(database) == before


def test_the_kinds_the_chains_read_keep_their_names(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    assert [chain.key for chain in cm.chains()] == ["Éducation → Ölfeld"]
    before = row_counts(database)
    for kind in ("mechanism", "context"):
        with pytest.raises(ValidationError, match=f"The node kind '{kind}' keeps its name"):
            cm.edit_kind(kind, name="Renamed")
    assert row_counts(database) == before
    # Its letter case, colour and column may change; the chains stay.
    assert cm.edit_kind("mechanism", name="Mechanism", colour="#1F5F8B").name == "Mechanism"
    assert [chain.key for chain in cm.chains()] == ["Éducation → Ölfeld"]
