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

from qualframe.formats.tables import TableRow, read_table
from qualframe.services.codebook import exchange
from qualframe.services.codebook.tree import resolve_code
from qualframe.services.coding import codings as coding
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import file_import, library
from qualframe.services.documents.file_import import ImportedDocument, UploadedFile
from qualframe.services.examples import example_folder
from qualframe.services.memos import memos
from qualframe.services.study import attributes
from qualframe.services.study import cases as study_cases

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


def build(uow: UnitOfWork) -> None:
    """Build the example into the project of ``ctx`` (one transaction, the caller's)."""
    with example_folder("nhs_fft") as folder:
        rows = read_table(folder / "comments.csv").rows
        exchange.import_codebook(uow, folder / "codebook.yaml")
        _design(uow, rows)
        imported = _documents(uow, rows)
        _code(uow, rows, imported)
    memos.create_memo(uow, "About this example", kind="methodological", body=ABOUT, target=None)


def _text(row: TableRow, column: str) -> str:
    value = row.values.get(column)
    return "" if value is None else str(value)


def _design(uow: UnitOfWork, rows: Sequence[TableRow]) -> None:
    """Attributes, the two trusts as cases and one participant per comment."""
    services = sorted({_text(row, "service type") for row in rows})
    questions = sorted({_text(row, "question") for row in rows})
    kinds = sorted({kind for _, kind in TRUSTS.values()})
    attributes.define_attribute(uow, "trust", "case", "categorical", sorted(TRUSTS))
    attributes.define_attribute(uow, "trust type", "case", "categorical", kinds)
    attributes.define_attribute(uow, "service type", "participant", "categorical", services)
    attributes.define_attribute(uow, "rating", "participant", "ordinal", list(RATINGS))
    attributes.define_attribute(uow, "question", "document", "categorical", questions)
    for code, (name, kind) in TRUSTS.items():
        study_cases.add_case(uow, code, name, {"trust": code, "trust type": kind})
    for row in rows:
        values = {"service type": _text(row, "service type"), "rating": _text(row, "rating")}
        study_cases.add_participant(uow, _text(row, "comment"), _text(row, "trust"), "", values)


def _documents(uow: UnitOfWork, rows: Sequence[TableRow]) -> dict[str, ImportedDocument]:
    """One document per comment, linked to its respondent; returns comment -> document."""
    files = [
        UploadedFile(f"{_text(row, 'comment')}.txt", _text(row, "answer").encode()) for row in rows
    ]
    report = file_import.import_documents(uow, files)
    imported = {doc.name.removesuffix(".txt"): doc for doc in report.imported}
    library.link_many(uow, {doc.id: comment for comment, doc in imported.items()})
    for row in rows:
        document = imported[_text(row, "comment")].id
        attributes.set_attributes(uow, "document", document, {"question": _text(row, "question")})
    return imported


def _code(
    uow: UnitOfWork,
    rows: Sequence[TableRow],
    imported: dict[str, ImportedDocument],
) -> None:
    """Each label codes its whole comment, attributed to the labellers."""
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in rows:
        document = imported[_text(row, "comment")]
        for label in filter(None, (part.strip() for part in _text(row, "labels").split(";"))):
            spans[label].append((document.id, 0, document.length))
    labellers = uow.acting_as(LABELLERS)
    for label, found in spans.items():
        code = resolve_code(uow, label)
        coding.add_codings(labellers, code.id, found, reason="labels of the FFT dataset")
