"""Exporting the codebook to CSV, XLSX and YAML and importing it back."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.services.codebook.tree import FRAME_COLUMNS

#: Columns that describe the framework (not ids or usage).
FIELDS = [
    "path",
    "definition",
    "inclusion",
    "exclusion",
    "example",
    "origin",
    "colour",
    "retired",
]


def _framework(project: qualframe.Project) -> None:
    book = project.codebook
    book.add(
        "Disclosure",
        definition="Talking about one's own mental health.\nWith colleagues or service users.",
        inclusion="Speaker's own experience",
        exclusion="Others' disclosure",
        example="I told them on day one.",
        colour="#0072B2",
    )
    book.add("Expectations", parent="Disclosure", origin="inductive")
    book.add("Professional boundaries", definition="Keeping peer support inside the rules.")
    book.add("Distress", parent="Professional boundaries")
    book.add("Harrowing situations", parent="Professional boundaries > Distress")
    book.add("Établir la confiance", definition="Non-ASCII names survive.")
    book.retire("Professional boundaries > Distress > Harrowing situations")


def _state(project: qualframe.Project) -> tuple[list[dict], int]:
    frame = project.codebook.codes_frame()
    return frame[FIELDS].to_dict("records"), len(project.audit_log())


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yaml"])
def test_an_exported_codebook_reimports_without_changes(
    project: qualframe.Project, tmp_path: Path, suffix: str
) -> None:
    _framework(project)
    path = tmp_path / f"codebook{suffix}"
    assert project.codebook.export_file(path) == 6
    before = _state(project)
    report = project.codebook.import_file(path)
    assert (report.created, report.updated) == ((), ())
    assert len(report.unchanged) == 6
    assert _state(project) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".yml"])
def test_an_exported_codebook_builds_the_same_framework_in_another_project(
    project: qualframe.Project, database: qualframe.Database, tmp_path: Path, suffix: str
) -> None:
    _framework(project)
    path = tmp_path / f"codebook{suffix}"
    project.codebook.export_file(path)
    other = qualframe.create_project("Replication", database=database, user="tester")
    report = other.codebook.import_file(path)
    assert len(report.created) == 6
    assert _state(other)[0] == _state(project)[0]


def test_importing_adds_new_codes_and_updates_existing_ones(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    path = tmp_path / "update.csv"
    path.write_text(
        "code,definition,example\n"
        "Disclosure,,New example\n"
        "Disclosure > Timing,When people disclose,\n"
        "Hope > Future,,\n",
        encoding="utf-8",
    )
    report = project.codebook.import_file(path)
    assert report.created == ("Disclosure > Timing", "Hope", "Hope > Future")
    [update] = report.updated
    assert update.path == "Disclosure"
    assert update.changes == {"example": ("I told them on day one.", "New example")}
    disclosure = project.codebook.get("Disclosure")
    assert disclosure.definition.startswith("Talking about")  # an empty cell blanks nothing
    assert project.codebook.get("Expectations").origin.value == "inductive"
    assert [c.name for c in project.codebook.tree() if c.parent_id == disclosure.id] == [
        "Expectations",
        "Timing",
    ]
    assert project.codebook.get("Hope > Future").colour is not None


def test_replace_lets_the_file_blank_fields_and_restore_codes(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    path = tmp_path / "replace.yaml"
    path.write_text(
        "codes:\n"
        "  - name: Professional boundaries\n"
        "    children:\n"
        "      - name: Distress\n"
        "        children: [Harrowing situations]\n"
        "  - name: Disclosure\n"
        "    children: [Expectations]\n",
        encoding="utf-8",
    )
    project.codebook.import_file(path, replace=True)
    assert project.codebook.get("Professional boundaries").definition == ""
    assert project.codebook.get("Expectations").origin.value == "deductive"
    assert not project.codebook.get("Harrowing situations").retired
    assert project.codebook.get("Disclosure").colour == "#0072B2"  # colours are kept


def test_names_match_existing_codes_ignoring_case(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    path = tmp_path / "case.csv"
    path.write_text("code,definition\nDISCLOSURE > expectations,Asked to share\n", "utf-8")
    report = project.codebook.import_file(path)
    assert report.created == ()
    assert project.codebook.get("Expectations").definition == "Asked to share"


def test_a_dry_run_reports_the_changes_and_writes_nothing(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    path = tmp_path / "plan.csv"
    path.write_text("code,definition\nDisclosure,Changed\nNew theme,\n", encoding="utf-8")
    before = _state(project)
    report = project.codebook.preview_import(path)
    assert report.dry_run
    assert report.created == ("New theme",)
    assert [u.path for u in report.updated] == ["Disclosure"]
    assert _state(project) == before


def test_a_bad_codebook_file_writes_nothing(project: qualframe.Project, tmp_path: Path) -> None:
    _framework(project)
    path = tmp_path / "bad.csv"
    path.write_text("code,origin\nNew code,deductive\nHope,emergent\n", encoding="utf-8")
    before = _state(project)
    with pytest.raises(qualframe.InputFileError, match=r"bad\.csv, line 3: .*emergent"):
        project.codebook.import_file(path)
    assert _state(project) == before


def test_a_file_naming_siblings_that_differ_only_in_case_is_refused(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "twins.csv"
    path.write_text("code\nHope\nhope\n", encoding="utf-8")
    with pytest.raises(qualframe.InputFileError, match="'Hope' and 'hope' differ only in case"):
        project.codebook.import_file(path)
    assert project.codebook.tree() == []


def test_a_name_too_long_for_a_code_is_refused_with_the_file_name(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "long.csv"
    path.write_text("code\n" + "x" * 300 + "\n", encoding="utf-8")
    with pytest.raises(qualframe.InputFileError, match=r"long\.csv: the code 'xxx.*at most 200"):
        project.codebook.import_file(path)
    assert project.codebook.tree() == []


def test_each_imported_change_is_audited(project: qualframe.Project, tmp_path: Path) -> None:
    _framework(project)
    path = tmp_path / "audit.csv"
    path.write_text("code,definition\nDisclosure,Changed\nNew theme,\n", encoding="utf-8")
    project.codebook.import_file(path)
    log = project.audit_log(entity_type="code")
    imports = log[log["action"] == "code.import"]
    assert list(imports["summary"]) == [
        "Changed definition of code 'Disclosure' from audit.csv",
        "Created code 'New theme' from audit.csv",
    ]
    assert imports.iloc[0]["details"]["file"] == "audit.csv"


def test_exporting_to_an_unknown_format_is_refused(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    with pytest.raises(qualframe.ValidationError, match=r"can be written as \.csv, \.xlsx"):
        project.codebook.export_file(tmp_path / "codebook.pdf")


def test_exporting_into_a_missing_folder_names_the_file(
    project: qualframe.Project, tmp_path: Path
) -> None:
    _framework(project)
    with pytest.raises(qualframe.InputFileError, match="cannot be written"):
        project.codebook.export_file(tmp_path / "missing" / "codebook.csv")


def test_export_can_leave_out_retired_codes(project: qualframe.Project, tmp_path: Path) -> None:
    _framework(project)
    records = project.codebook.records(include_retired=False)
    assert len(records) == 5
    assert all(not record.retired for record in records)
    assert set(FIELDS) <= set(FRAME_COLUMNS)


def test_an_import_can_name_the_file_as_the_user_named_it(
    project: qualframe.Project, tmp_path: Path
) -> None:
    kept = tmp_path / "upload-7f3a.csv"
    kept.write_text("code,origin\nHope,emergent\n", encoding="utf-8")
    with pytest.raises(qualframe.InputFileError) as raised:
        project.codebook.import_file(kept, name="Our codebook.csv")
    assert str(raised.value).startswith("Our codebook.csv, line 2: ")
    assert "upload-7f3a" not in str(raised.value)
    kept.write_text("code\nHope\n", encoding="utf-8")
    report = project.codebook.import_file(kept, name="Our codebook.csv")
    assert (report.source, report.created) == ("Our codebook.csv", ("Hope",))
    assert project.codebook.history().iloc[-1]["summary"] == (
        "Created code 'Hope' from Our codebook.csv"
    )
