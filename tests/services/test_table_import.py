"""Importing tables of utterances: documents, turns, attributes, codes and
codings from rows; dry runs; bad tables changing nothing; the NHS FFT
dataset against pandas."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

import qualframe
from qualframe.errors import InputFileError, ValidationError
from qualframe.storage.models import AttributeDefinition, AttributeValue, Document

FOCUS_GROUP = (
    "interview,turn,speaker,text,site,themes,coder\r\n"
    'FG1,2,P01,"It helped me.\r\nA lot.",North,Trust;Hope,ana\r\n'
    "FG2,1,Interviewer,Welcome.,South,,\r\n"
    "FG1,1,Interviewer,What helped?,North,n/a,ana\r\n"
    "FG1,10,P02,Being listened to.,north,trust,ben\r\n"
)
OPTIONS: dict[str, Any] = {
    "document": "interview",
    "text": "text",
    "speaker": "speaker",
    "order": "turn",
    "coder": "coder",
    "attributes": ["site"],
    "codes": ["themes"],
}


def _file(name: str, text: str) -> qualframe.UploadedFile:
    return qualframe.UploadedFile(name, text.encode("utf-8"))


def _state(project: qualframe.Project) -> tuple[object, ...]:
    """Everything an import could change."""
    return (
        [(d.name, d.length, d.turns) for d in project.documents.document_list()],
        [info.path for info in project.codebook.tree()],
        [(a.name, a.values) for a in project.study.attributes()],
        len(project.coding.listing()),
        len(project.audit_log()),
    )


def _document_values(project: qualframe.Project, attribute: str) -> dict[str, str]:
    with project.database.transaction() as session:
        rows = session.execute(
            select(Document.name, AttributeValue.value)
            .join(AttributeValue, AttributeValue.document_id == Document.id)
            .join(AttributeDefinition, AttributeDefinition.id == AttributeValue.definition_id)
            .where(AttributeDefinition.name == attribute)
        )
        return {name: value for name, value in rows}


# ---------------------------------------------------------------- what is made


def test_a_table_becomes_documents_with_speaker_turns_in_order(
    project: qualframe.Project,
) -> None:
    report = project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert [d.name for d in report.imported] == ["FG1", "FG2"]
    assert report.turns == 4 and report.rows == 4
    fg1 = project.documents.document("FG1")
    assert fg1.text == (
        "Interviewer: What helped?\n\nP01: It helped me.\nA lot.\n\nP02: Being listened to."
    )
    turns = project.documents.turns("FG1")
    assert list(turns["label"]) == ["Interviewer", "P01", "P02"]
    assert report.summary() == (
        "Imported 2 documents (4 turns) from groups.csv; 1 attribute; 2 codes, 3 codings."
    )
    log = project.audit_log()
    assert "document.import_table" in set(log["action"])


def test_attribute_columns_become_document_attributes_with_one_value_each(
    project: qualframe.Project,
) -> None:
    report = project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    (attribute,) = report.attributes
    assert (attribute.name, attribute.type.value, attribute.created, attribute.values) == (
        "site",
        "categorical",
        True,
        2,
    )
    (record,) = project.study.attributes("document")
    assert record.name == "site" and set(record.levels) == {"North", "South"}
    assert _document_values(project, "site") == {"FG1": "North", "FG2": "South"}


def test_code_columns_become_a_theme_with_sub_codes_coded_on_turns_by_their_coders(
    project: qualframe.Project,
) -> None:
    report = project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert [(c.path, c.created, c.codings) for c in report.codes] == [
        ("themes > Hope", True, 1),
        ("themes > Trust", True, 2),
    ]
    codings = project.coding.codings().sort_values(["code", "start"])
    rows = list(codings[["code", "text", "coder", "speaker"]].itertuples(index=False, name=None))
    assert rows == [
        ("themes > Hope", "P01: It helped me.\nA lot.", "ana", "P01"),
        ("themes > Trust", "P01: It helped me.\nA lot.", "ana", "P01"),
        ("themes > Trust", "P02: Being listened to.", "ben", "P02"),
    ]
    actors = set(project.audit_log(entity_type="code")["actor"])
    assert {"ana", "ben"} <= actors  # each coder's codings are audited under their name


def test_codings_are_attributed_to_the_participant_a_label_is_mapped_to(
    project: qualframe.Project,
) -> None:
    project.study.add_case("Site A")
    project.study.add_participant("P01", "Site A")
    earlier = "Interviewer: Hello?\n\nP01: Hi.\n\nInterviewer: And?\n\nP01: Fine.\n"
    project.documents.import_bytes("earlier.txt", earlier.encode())
    project.documents.map_speaker("P01", "P01")

    project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    codings = project.coding.codings()
    by_speaker = dict(zip(codings["speaker"], codings["participant"], strict=False))
    assert by_speaker["P01"] == "P01"
    assert pd.isna(by_speaker["P02"])


def test_existing_codes_and_document_attributes_are_reused(
    project: qualframe.Project,
) -> None:
    project.codebook.add("themes")
    project.codebook.add("Trust", parent="themes")
    project.study.define_attribute("Site", "document", "categorical", ["North", "South"])

    report = project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert [(c.path, c.created) for c in report.codes] == [
        ("themes > Hope", True),
        ("themes > Trust", False),
    ]
    assert [(a.name, a.created) for a in report.attributes] == [("Site", False)]
    assert _document_values(project, "Site") == {"FG1": "North", "FG2": "South"}


def test_flag_columns_make_one_code_each_coded_by_the_column(
    project: qualframe.Project,
) -> None:
    table = "id,comment,Staff,Waiting\n1,Kind staff.,1,0\n2,Long wait.,,1\n3,Both.,1,1\n"

    report = project.documents.import_table(
        _file("fft.csv", table), document="id", text="comment", codes=["Staff", "Waiting"]
    )

    assert [(c.path, c.codings) for c in report.codes] == [("Staff", 2), ("Waiting", 2)]
    codings = project.coding.codings()
    assert set(codings["coder"]) == {"Staff", "Waiting"}
    assert sorted(codings["text"]) == ["Both.", "Both.", "Kind staff.", "Long wait."]


def test_an_excel_workbook_is_imported(project: qualframe.Project, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in (["case", "n", "said"], [101, 2, "Later."], [101, 1, "First."]):
        workbook.worksheets[0].append(row)
    path = tmp_path / "turns.xlsx"
    workbook.save(path)

    report = project.documents.import_table(path, document="case", text="said", order="n")

    assert [d.name for d in report.imported] == ["101"]
    assert project.documents.document("101").text == "First.\n\nLater."


def test_a_text_already_stored_is_skipped_with_its_codes(project: qualframe.Project) -> None:
    table = "id,comment,Staff\n1,Nothing.,1\n2,Nothing.,1\n3,Kind.,\n"

    report = project.documents.import_table(
        _file("fft.csv", table), document="id", text="comment", codes=["Staff"]
    )

    assert [d.name for d in report.imported] == ["1", "3"]
    assert [(d.file, d.duplicate_of) for d in report.duplicates] == [("2", "1")]
    assert [(c.path, c.codings) for c in report.codes] == [("Staff", 1)]


def test_a_document_name_already_taken_is_numbered(project: qualframe.Project) -> None:
    project.documents.import_table(_file("a.csv", "doc,t\nA,One.\n"), document="doc", text="t")

    report = project.documents.import_table(
        _file("b.csv", "doc,t\nA,Two.\n"), document="doc", text="t"
    )

    assert [(d.name, d.renamed) for d in report.imported] == [("A (2)", True)]


# ---------------------------------------------------------------- dry run


def test_a_dry_run_shows_what_would_be_made_and_writes_nothing(
    project: qualframe.Project,
) -> None:
    before = _state(project)

    preview = project.documents.import_table(
        _file("groups.csv", FOCUS_GROUP), **OPTIONS, dry_run=True
    )

    assert _state(project) == before
    assert preview.dry_run and preview.summary().startswith("Would import 2 documents (4 turns)")
    first = preview.preview[0]
    assert first.name == "FG1" and first.attributes == {"site": "North"}
    assert [(t.speaker, t.text, t.codes) for t in first.turns] == [
        ("Interviewer", "Interviewer: What helped?", ()),
        ("P01", "P01: It helped me.\nA lot.", ("themes > Trust (ana)", "themes > Hope (ana)")),
        ("P02", "P02: Being listened to.", ("themes > Trust (ben)",)),
    ]
    real = project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)
    assert real.summary() == preview.summary().replace("Would import", "Imported")
    assert real.codes == preview.codes and real.attributes == preview.attributes


def test_a_dry_run_inside_an_atomic_block_keeps_the_blocks_other_work(
    project: qualframe.Project,
) -> None:
    with project.atomic():
        project.codebook.add("Kept")
        project.documents.import_table(_file("g.csv", FOCUS_GROUP), **OPTIONS, dry_run=True)

    assert [info.path for info in project.codebook.tree()] == [("Kept",)]
    assert project.documents.document_list() == []
    assert [a.name for a in project.study.attributes()] == []


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "options", "message"),
    [
        (
            "t.csv",
            "doc,words\nA,Hi.\n",
            {"document": "doc", "text": "text"},
            "t.csv: there is no column 'text' (asked for as the text column); "
            "the columns are: 'doc', 'words'",
        ),
        (
            "t.csv",
            "doc,text\nA,Hi.\n",
            {"document": "doc", "text": "text", "attributes": ["age"]},
            "t.csv: there is no column 'age' (asked for as the attribute column)",
        ),
        ("t.csv", "doc,text\n", {"document": "doc", "text": "text"}, "t.csv: the table has a "),
        (
            "t.csv",
            "doc,text\nA,\n",
            {"document": "doc", "text": "text"},
            "t.csv: the text column 'text' is empty on every row",
        ),
        (
            "notes.docx",
            "not a table",
            {"document": "doc", "text": "text"},
            "notes.docx: files ending in '.docx' are not tables",
        ),
        (
            "t.csv",
            "doc,text,site\nA,One.,North\nA,Two.,South\n",
            {"document": "doc", "text": "text", "attributes": ["site"]},
            "t.csv, line 3: the attribute column 'site' has two values for the document 'A'",
        ),
    ],
)
def test_a_bad_table_is_refused_naming_the_file_and_nothing_is_written(
    project: qualframe.Project, name: str, data: str, options: dict[str, Any], message: str
) -> None:
    before = _state(project)

    with pytest.raises(InputFileError) as raised:
        project.documents.import_table(_file(name, data), **options)

    assert str(raised.value).startswith(message)
    assert _state(project) == before


def test_a_missing_file_is_refused_naming_it(project: qualframe.Project, tmp_path: Path) -> None:
    missing = tmp_path / "gone.csv"

    with pytest.raises(InputFileError, match=r"gone\.csv: the file does not exist"):
        project.documents.import_table(missing, document="doc", text="text")


def test_an_attribute_of_another_level_is_refused_and_nothing_is_written(
    project: qualframe.Project,
) -> None:
    project.study.define_attribute("site", "participant", "text")
    before = _state(project)

    with pytest.raises(ValidationError, match="'site' is a participant attribute"):
        project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert _state(project) == before


def test_a_value_outside_an_existing_attributes_levels_is_refused_naming_the_row(
    project: qualframe.Project,
) -> None:
    project.study.define_attribute("site", "document", "categorical", ["North"])
    before = _state(project)

    with pytest.raises(InputFileError) as raised:
        project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert str(raised.value).startswith("groups.csv, line 3: document 'FG2': 'South' is not")
    assert _state(project) == before


def test_a_retired_code_is_refused_and_nothing_is_written(project: qualframe.Project) -> None:
    project.codebook.add("themes")
    project.codebook.add("Trust", parent="themes")
    project.codebook.retire("themes > Trust")
    before = _state(project)

    with pytest.raises(ValidationError, match="retired"):
        project.documents.import_table(_file("groups.csv", FOCUS_GROUP), **OPTIONS)

    assert _state(project) == before


# ---------------------------------------------------------------- a real dataset


def _fft_expected(path: Path) -> dict[str, Any]:
    """What pandas says the FFT file should make: one document per comment
    with text, the first of each text (the same text is stored once), and
    per label column the kept comments marked 1."""
    frame = pd.read_csv(path, dtype={"FFT answer": str})
    labels = list(frame.columns[frame.columns.get_loc("Comment sentiment") + 1 :])
    texts = (
        frame["FFT answer"]
        .fillna("")
        .map(lambda text: unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip())
    )
    kept = frame[(texts != "") & ~texts.duplicated()]
    per_code = {label: int((kept[label] == 1).sum()) for label in labels}
    return {
        "labels": labels,
        "documents": kept["Comment ID"].nunique(),
        "rows": len(frame),
        "codings": {label: n for label, n in per_code.items() if n},
    }


@pytest.mark.slow
def test_the_nhs_fft_dataset_imports_as_pandas_counts_it(
    project: qualframe.Project, shared_dir: Path
) -> None:
    path = shared_dir / "datasets" / "nhs-fft-patient-experience" / "v6framework_230831.csv"
    expected = _fft_expected(path)

    report = project.documents.import_table(
        path,
        document="Comment ID",
        text="FFT answer",
        attributes=["Trust", "FFT question"],
        codes=expected["labels"],
    )

    assert report.rows == expected["rows"]
    assert len(report.imported) == expected["documents"]
    assert report.turns == expected["documents"]  # one row per comment
    assert {c.path: c.codings for c in report.codes} == expected["codings"]
    assert len(project.documents.document_list()) == expected["documents"]
    stored = project.coding.codings().groupby("code").size().to_dict()
    assert stored == expected["codings"]
    assert {a.name: a.values for a in project.study.attributes("document")} == {
        "Trust": expected["documents"],
        "FFT question": expected["documents"],
    }


def test_an_xlsx_upload_is_read_from_its_bytes(project: qualframe.Project) -> None:
    workbook = openpyxl.Workbook()
    for row in (["doc", "said"], ["A", "Hello."]):
        workbook.worksheets[0].append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = project.documents.import_table(
        qualframe.UploadedFile("t.xlsx", buffer.getvalue()), document="doc", text="said"
    )

    assert [d.name for d in report.imported] == ["A"]
