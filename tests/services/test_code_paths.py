"""Creating "Theme > Code" in one step: the theme too when it is new, only the
code at the end returned; nothing written when the path is refused."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import ConflictError, ValidationError
from qualframe.storage.database import Database
from qualframe.vocabulary import CodeOrigin
from row_counts import row_counts


@pytest.fixture
def codebook(project: qualframe.Project) -> qualframe.Project:
    project.codebook.add("Trust")
    project.codebook.add("Shared experience", parent="Trust")
    return project


def test_a_new_theme_and_its_code_are_created_together_and_the_code_returned(
    codebook: qualframe.Project,
) -> None:
    created = codebook.codebook.add_path("Belonging > Being heard", colour="#117733")
    assert created.path == ("Belonging", "Being heard")
    assert created.colour == "#117733"
    theme = codebook.codebook.get("Belonging")
    assert theme.origin is CodeOrigin.INDUCTIVE and theme.parent_id is None
    assert created.parent_id == theme.id
    actions = list(codebook.audit_log()["action"])
    assert actions[-2:] == ["code.create", "code.create"]


def test_an_existing_theme_is_found_ignoring_case_and_only_the_code_is_made(
    codebook: qualframe.Project,
) -> None:
    before = len(codebook.codebook.tree())
    created = codebook.codebook.add_path(["trust", "Safety"])
    assert created.path == ("Trust", "Safety")
    assert len(codebook.codebook.tree()) == before + 1


def test_deeper_paths_make_every_missing_level(codebook: qualframe.Project) -> None:
    created = codebook.codebook.add_path("Trust > Safety > At night")
    assert created.path == ("Trust", "Safety", "At night")


def test_an_existing_code_or_an_empty_name_is_refused_and_nothing_is_written(
    codebook: qualframe.Project, database: Database
) -> None:
    before = row_counts(database)
    with pytest.raises(ConflictError, match="There is a code 'Trust > Shared experience'"):
        codebook.codebook.add_path("trust > shared experience")
    with pytest.raises(ValidationError, match="Name the new code"):
        codebook.codebook.add_path(["Theme", "  "])
    with pytest.raises(ValidationError):
        codebook.codebook.add_path("New theme > " + "x" * 300)
    assert row_counts(database) == before
