"""Indicators on outcome nodes, and the registry of measures (shipped and the project's)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import qualframe
from qualframe.errors import ConflictError, NotFoundError, StaleVersionError, ValidationError
from qualframe.services.change_model.measures import catalogue
from qualframe.storage.database import Database
from row_counts import row_counts

#: The shipped catalogue: the five measures of the peer worker study's reference.
SHIPPED = [
    "Herth Hope Index",
    "Mental Health Confidence Scale",
    "Readmission",
    "WEMWBS",
    "Working Alliance Inventory",
]


@pytest.fixture
def model(project: qualframe.Project) -> qualframe.Project:
    """The model "Peer work": Trust (mechanism) → Hope (process outcome)."""
    with project.atomic():
        cm = project.change_models
        cm.create("Peer work")
        cm.add_node("Trust", "mechanism")
        cm.add_node("Hope", "process outcome")
        cm.add_link("Trust", "Hope")
    return project


def _refused(
    database: Database, error: type[Exception], message: str, write: Callable[[], object]
) -> None:
    before = row_counts(database)
    with pytest.raises(error, match=message):
        write()
    assert row_counts(database) == before


# ---------------------------------------------------------------- the registry


def test_the_registry_lists_the_shipped_measures_until_they_are_copied(
    project: qualframe.Project,
) -> None:
    measures = project.change_models.measures()

    assert [m.name for m in measures] == SHIPPED
    assert all(m.shipped and not m.in_project and m.id is None for m in measures)
    assert all(m.version == 0 for m in measures)


def test_the_shipped_catalogue_holds_metadata_from_the_reference_never_item_text() -> None:
    entries = {e.name: e for e in catalogue()}

    assert set(entries) == set(SHIPPED)
    wemwbs = entries["WEMWBS"]
    assert (wemwbs.items, wemwbs.score_range) == ("14 items scored 1–5", "total 14–70")
    assert "SWEMWBS 7 items" in wemwbs.scoring_notes
    assert wemwbs.licence_note == "licence requires registration"
    hope = entries["Herth Hope Index"]
    assert (hope.items, hope.score_range) == ("12 items, 4-point", "total 12–48")
    assert (hope.scoring_notes, hope.licence_note) == (
        "items 3 and 6 reverse-scored",
        "copyrighted",
    )
    assert entries["Mental Health Confidence Scale"].construct == (
        "self-efficacy: optimism, coping, advocacy"
    )
    assert entries["Working Alliance Inventory"].scoring_notes == "12-item short form"
    assert "within 12 months" in entries["Readmission"].construct
    assert all(len(e.items) < 60 for e in entries.values())


def test_a_measure_of_ones_own_is_added_and_edited_with_versions(
    project: qualframe.Project, database: Database
) -> None:
    cm = project.change_models
    added = cm.add_measure("Recovery star", construct="recovery", items="10 areas, 1–10")

    assert (added.in_project, added.shipped, added.version) == (True, False, 1)
    edited = cm.edit_measure("recovery star", score_range="10–100", if_version=1)
    assert (edited.score_range, edited.version) == ("10–100", 2)
    _refused(
        database,
        StaleVersionError,
        "nothing was saved",
        lambda: cm.edit_measure(added.id, reference="x", if_version=1),
    )
    _refused(
        database,
        ConflictError,
        "has a measure called 'Recovery star'",
        lambda: cm.add_measure("RECOVERY STAR"),
    )
    _refused(database, ValidationError, "measure name cannot be empty", lambda: cm.add_measure(""))
    actions = list(project.audit_log()["action"])
    assert actions[-2:] == ["measure.add", "measure.edit"]


def test_editing_a_shipped_measure_copies_it_first(project: qualframe.Project) -> None:
    edited = project.change_models.edit_measure("WEMWBS", reference="Our copy.", if_version=0)

    assert (edited.in_project, edited.shipped, edited.reference) == (True, True, "Our copy.")
    assert edited.items == "14 items scored 1–5"
    wemwbs = [m for m in project.change_models.measures() if m.name == "WEMWBS"]
    assert len(wemwbs) == 1 and wemwbs[0].in_project


def test_a_measure_in_use_is_not_deleted_and_the_indicators_are_named(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    cm.add_indicator("Hope", "Hope score", measure="Herth Hope Index")

    _refused(
        database,
        ConflictError,
        "used by the indicator\\(s\\) 'Hope score' of 'Hope' \\(Peer work\\)",
        lambda: cm.delete_measure("Herth Hope Index"),
    )
    _refused(
        database, ValidationError, "shipped catalogue only", lambda: cm.delete_measure("WEMWBS")
    )
    _refused(database, NotFoundError, "no measure called 'Nope'", lambda: cm.delete_measure("Nope"))


def test_a_deleted_shipped_copy_is_listed_again_from_the_catalogue(
    model: qualframe.Project,
) -> None:
    cm = model.change_models
    indicator = cm.add_indicator("Hope", "Hope score", measure="Herth Hope Index")
    cm.remove_indicator(indicator.id)

    gone = cm.delete_measure("Herth Hope Index")

    assert gone.in_project
    again = next(m for m in cm.measures() if m.name == "Herth Hope Index")
    assert (again.in_project, again.shipped) == (False, True)
    assert list(model.audit_log()["action"])[-1] == "measure.delete"


# ---------------------------------------------------------------- indicators


def test_an_indicator_naming_a_shipped_measure_copies_it_into_the_project(
    model: qualframe.Project,
) -> None:
    indicator = model.change_models.add_indicator(
        "Hope", "Hope score", measure="herth hope index", timing="6 months", data_source="survey"
    )

    assert (indicator.node, indicator.name, indicator.measure) == (
        "Hope",
        "Hope score",
        "Herth Hope Index",
    )
    assert (indicator.timing, indicator.data_source, indicator.version) == ("6 months", "survey", 1)
    copied = next(m for m in model.change_models.measures() if m.name == "Herth Hope Index")
    assert (copied.in_project, copied.shipped) == (True, True)
    assert list(model.audit_log()["action"])[-2:] == ["measure.add", "indicator.add"]
    assert model.change_models.get().indicators == (indicator,)


def test_indicators_belong_to_outcome_nodes_only(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    _refused(
        database,
        ValidationError,
        "Indicators belong to outcomes; 'Trust' is a mechanism",
        lambda: cm.add_indicator("Trust", "x"),
    )
    cm.add_indicator("Hope", "Hope score")
    _refused(
        database,
        ConflictError,
        "'Hope' has an indicator called 'Hope score'",
        lambda: cm.add_indicator("Hope", "hope SCORE"),
    )
    _refused(
        database,
        NotFoundError,
        "no measure called 'Hope scale'",
        lambda: cm.add_indicator("Hope", "Other", measure="Hope scale"),
    )


def test_an_indicator_is_edited_with_its_version_and_removed(
    model: qualframe.Project, database: Database
) -> None:
    cm = model.change_models
    indicator = cm.add_indicator("Hope", "Hope score", measure="WEMWBS")

    edited = cm.edit_indicator(
        indicator.id, measure="Herth Hope Index", timing="12 months", if_version=1
    )

    assert (edited.measure, edited.timing, edited.version) == ("Herth Hope Index", "12 months", 2)
    _refused(
        database,
        StaleVersionError,
        "nothing was saved",
        lambda: cm.edit_indicator(indicator.id, notes="x", if_version=1),
    )
    _refused(
        database,
        ValidationError,
        "not both",
        lambda: cm.edit_indicator(indicator.id, measure="WEMWBS", no_measure=True),
    )
    plain = cm.edit_indicator(indicator.id, no_measure=True)
    assert plain.measure is None
    details = model.activity()[-1].details
    assert details["changes"]["measure"] == ["Herth Hope Index", None]
    _refused(
        database,
        StaleVersionError,
        "nothing was saved",
        lambda: cm.remove_indicator(indicator.id, if_version=1),
    )
    removed = cm.remove_indicator(indicator.id, if_version=plain.version)
    assert removed.name == "Hope score"
    assert cm.get().indicators == ()
    _refused(
        database,
        NotFoundError,
        f"no indicator with id {indicator.id}",
        lambda: cm.remove_indicator(indicator.id),
    )
