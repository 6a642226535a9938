"""The NHS Friends and Family Test example: real comments, coded by NHS labellers.

Files in ``qualframe/examples/nhs_fft`` (MIT licence; see its README): 144
comments sampled from two trusts' Friends and Family Test answers, each
labelled by the NHS's human labellers against the patient experience
framework, and that framework as a codebook. Each comment becomes a
participant (the respondent) and a document; the trust is the case; service
type and rating describe the respondent; each label codes the whole comment
and is attributed to the labellers as coder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualframe.examples import example_folder
from qualframe.formats.tables import TableRow, read_table
from qualframe.services.documents.file_import import ImportedDocument, UploadedFile

if TYPE_CHECKING:
    from qualframe.project import Project

TRUSTS = {
    "NEAS": ("North East Ambulance Service NHS Foundation Trust", "ambulance service"),
    "NHFT": (
        "Northamptonshire Healthcare NHS Foundation Trust",
        "mental health and community services",
    ),
}
RATINGS = ("very poor", "poor", "neither good nor poor", "good", "very good")
#: Who the codings are attributed to: the dataset's human labellers.
LABELLERS = "NHS FFT labellers"

ABOUT = """Real free-text answers to the NHS **Friends and Family Test** from two trusts,
each labelled by NHS human labellers against the patient experience qualitative framework.

- Comments: `pxtextmining` by NHS England / The Strategy Unit (MIT licence,
  © 2021 NHS England), file `datasets/v6framework_230831.csv`; 144 comments sampled
  (24 per service type, fixed seed) from those with a label and 60–900 characters.
- Framework definitions: `PatientExperience-QDC` by Craig Robert Shenton
  (MIT licence, © 2023), `docs/framework/framework3.qmd`.

Each comment is a participant (the respondent) and a document; the trust is the case.
Codings are the labellers' labels applied to whole comments (coder "NHS FFT labellers").
Compare codes **by trust** or **by service type**, or chart the matrix with service
types as rows."""


def build(project: Project) -> None:
    """Build the example into the empty ``project`` (call inside ``project.atomic()``)."""
    with example_folder("nhs_fft") as folder:
        rows = read_table(folder / "comments.csv").rows
        project.codebook.import_file(folder / "codebook.yaml")
        _design(project, rows)
        imported = _documents(project, rows)
        _code(project, rows, imported)
    project.memos.add("About this example", kind="methodological", body=ABOUT)


def _text(row: TableRow, column: str) -> str:
    value = row.values.get(column)
    return "" if value is None else str(value)


def _design(project: Project, rows: Sequence[TableRow]) -> None:
    """Attributes, the two trusts as cases and one participant per comment."""
    study = project.study
    services = sorted({_text(row, "service type") for row in rows})
    questions = sorted({_text(row, "question") for row in rows})
    kinds = sorted({kind for _, kind in TRUSTS.values()})
    study.define_attribute("trust", "case", "categorical", sorted(TRUSTS))
    study.define_attribute("trust type", "case", "categorical", kinds)
    study.define_attribute("service type", "participant", "categorical", services)
    study.define_attribute("rating", "participant", "ordinal", list(RATINGS))
    study.define_attribute("question", "document", "categorical", questions)
    for code, (name, kind) in TRUSTS.items():
        study.add_case(code, name, {"trust": code, "trust type": kind})
    for row in rows:
        values = {"service type": _text(row, "service type"), "rating": _text(row, "rating")}
        study.add_participant(_text(row, "comment"), _text(row, "trust"), "", values)


def _documents(project: Project, rows: Sequence[TableRow]) -> dict[str, ImportedDocument]:
    """One document per comment, linked to its respondent; returns comment -> document."""
    files = [
        UploadedFile(f"{_text(row, 'comment')}.txt", _text(row, "answer").encode()) for row in rows
    ]
    report = project.documents.import_files(files)
    imported = {doc.name.removesuffix(".txt"): doc for doc in report.imported}
    project.documents.link_many({doc.id: comment for comment, doc in imported.items()})
    for row in rows:
        document = imported[_text(row, "comment")].id
        project.study.set_attributes("document", document, {"question": _text(row, "question")})
    return imported


def _code(
    project: Project,
    rows: Sequence[TableRow],
    imported: dict[str, ImportedDocument],
) -> None:
    """Each label codes its whole comment, attributed to the labellers."""
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in rows:
        document = imported[_text(row, "comment")]
        for label in filter(None, (part.strip() for part in _text(row, "labels").split(";"))):
            spans[label].append((document.id, 0, document.length))
    labellers = project.acting_as(LABELLERS)
    for label, found in spans.items():
        labellers.coding.add(label, found, reason="labels of the FFT dataset")
