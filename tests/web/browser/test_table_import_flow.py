"""Importing a table of utterances in a real browser (Debian's Chromium), with
an accessibility check of each of its pages (issue 10 §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import qualframe
from qualframe.storage.database import Database
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

TABLE = (
    "Interview,Turn,Speaker,Utterance text,Site,Themes\n"
    "FG1,2,P01,It helped me.,North,Trust;Hope\n"
    "FG2,1,Interviewer,Welcome.,South,\n"
    "FG1,1,Interviewer,What helped?,North,\n"
)


@pytest.fixture
def project(database: Database) -> qualframe.Project:
    return qualframe.create_project("Study", database=database, user="tester")


def test_the_import_pages_are_accessible(
    page: Any,
    project: qualframe.Project,
    tmp_path: Path,
) -> None:
    path = tmp_path / "groups.csv"
    path.write_text(TABLE, encoding="utf-8")
    page.goto(f"/projects/{project.info.id}/documents/import-table")
    assert_accessible(page, "the table upload")
    page.get_by_label("Table (CSV or Excel)").set_input_files(str(path))
    page.get_by_role("button", name="Read the columns").click()
    page.get_by_label("What the column Site holds").select_option("attribute")
    page.get_by_label("What the column Themes holds").select_option("code")
    assert_accessible(page, "the column mapping")
    page.get_by_role("button", name="Preview the import").click()
    assert page.get_by_text("Would import 2 documents").is_visible()
    assert_accessible(page, "the preview")
    page.get_by_role("button", name="Import 2 documents").click()
    page.wait_for_url(f"**/projects/{project.info.id}/documents")
    assert [d.name for d in project.documents.document_list()] == ["FG1", "FG2"]
