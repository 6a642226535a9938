"""Real data: NHS Friends and Family Test comments as a Framework study.

Loads ``../shared/datasets/nhs-fft-patient-experience/v6framework_230831.csv``
(MIT licence, see its PROVENANCE.md) through the public API: each comment is
a document recorded from one participant (the respondent comment); the trust
is the case (case attribute ``trust``); ``Service type 1`` is the
participant attribute ``service type``; each of the 49 framework label
columns is a code, and a label of 1 codes the comment's answer text.
Comments without an answer are left out.

``python -m benchmarks.fft_framework [OUT_FOLDER]`` builds the project and
writes the trust × theme comparison and the service-type × code matrix as
XLSX and HTML (and CSV) into ``OUT_FOLDER`` (default ``docs/examples/fft``).
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

import qualframe

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "datasets" / "nhs-fft-patient-experience" / "v6framework_230831.csv"
#: The first label column; every column from it on is a framework label.
FIRST_LABEL = "Organisation & efficiency"


@dataclass(frozen=True)
class FftStudy:
    """The loaded project, the cleaned comments it holds, and the label columns."""

    project: qualframe.Project
    comments: pd.DataFrame
    labels: list[str]


def clean(value: object) -> str:
    """Text with non-breaking and repeated spaces folded (as qualframe stores names)."""
    return re.sub(r"\s+", " ", str(value)).strip()


def read_comments(csv: Path = CSV, limit: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The comments with an answer (first ``limit`` rows of the file) and the label names."""
    frame = pd.read_csv(csv, nrows=limit)
    labels = list(frame.columns[frame.columns.get_loc(FIRST_LABEL) :])
    frame = frame[frame["FFT answer"].notna() & frame["FFT answer"].str.strip().astype(bool)]
    frame = frame.assign(
        **{
            "Trust": frame["Trust"].map(clean),
            "Service type 1": frame["Service type 1"].fillna("Unknown").map(clean),
            "Comment ID": frame["Comment ID"].map(clean),
        }
    )
    return frame.reset_index(drop=True), labels


def _header(comment_id: str) -> str:
    # Survey answers repeat ("Very good"), and qualframe stores a text once:
    # the comment's id heads each document so every comment stays its own.
    return f"{comment_id}\n\n"


def load(database: str, csv: Path = CSV, limit: int | None = None) -> FftStudy:
    """Build the FFT project in ``database`` through the public API."""
    comments, labels = read_comments(csv, limit)
    project = qualframe.create_project("NHS FFT comments", database=database, user="fft")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cases = pd.DataFrame({"case": sorted(comments["Trust"].unique())})
        cases["trust"] = cases["case"]
        cases.to_csv(work / "cases.csv", index=False)
        people = pd.DataFrame(
            {
                "participant": comments["Comment ID"],
                "case": comments["Trust"],
                "service type": comments["Service type 1"],
            }
        )
        people.to_csv(work / "participants.csv", index=False)
        project.study.apply_import(work / "cases.csv", "cases", create_cases=True)
        project.study.apply_import(
            work / "participants.csv", "participants", types={"service type": "categorical"}
        )
        texts = work / "comments"
        texts.mkdir()
        for row in comments.itertuples(index=False):
            name = re.sub(r"[^\w.-]+", "_", row[0]) + ".txt"
            (texts / name).write_text(_header(row[0]) + str(row[8]).strip(), encoding="utf-8")
        project.documents.import_files([texts])
    listed = project.documents.documents()
    by_stem = {
        name.removesuffix(".txt"): int(i)
        for i, name in zip(listed["id"], listed["name"], strict=True)
    }
    lengths = dict(zip(listed["id"].astype(int), listed["length"].astype(int), strict=True))
    document_of = {cid: by_stem[re.sub(r"[^\w.-]+", "_", cid)] for cid in comments["Comment ID"]}
    project.documents.link_many({document_of[cid]: cid for cid in comments["Comment ID"]})
    for label in labels:
        project.codebook.add(clean(label))
        coded = comments.loc[comments[label] == 1, "Comment ID"]
        spans = [(document_of[cid], len(_header(cid)), lengths[document_of[cid]]) for cid in coded]
        if spans:
            project.coding.add(clean(label), spans)
    return FftStudy(project, comments, labels)


def main(argv: list[str] | None = None) -> int:
    """Build the project and write the comparison and matrix exports."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "docs" / "examples" / "fft"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        study = load(f"sqlite:///{Path(folder) / 'fft.db'}")
        write_outputs(study, out)
        study.project.database.close()
    print(f"written to {out}")
    return 0


def trust_comparison(study: FftStudy) -> Any:
    """Every framework code compared across the two trusts (share of comments)."""
    return study.project.compare.codes([clean(label) for label in study.labels], by="trust")


def service_matrix(study: FftStudy) -> Any:
    """Service-type groups × every framework code, drafted from the comments."""
    project = study.project
    matrix = project.matrix.build(
        rows="groups", group_by="service type", columns=[clean(label) for label in study.labels]
    )
    project.matrix.draft_from_data(matrix)
    return project.matrix.build(matrix.spec)


def write_outputs(study: FftStudy, out: Path) -> None:
    """Trust × theme comparison and service-type × code matrix as XLSX, HTML and CSV."""
    comparison = trust_comparison(study)
    for suffix in (".xlsx", ".html", ".csv"):
        study.project.compare.export(
            comparison, out / f"trust-by-theme{suffix}", title="Trust × theme (NHS FFT comments)"
        )
    matrix = service_matrix(study)
    for suffix in (".xlsx", ".html", ".csv"):
        study.project.matrix.export(matrix, out / f"service-type-by-code{suffix}")


if __name__ == "__main__":
    sys.exit(main())
