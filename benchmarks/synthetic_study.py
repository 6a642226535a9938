"""A large synthetic study built through the public API, for speed measurements.

500 participants in 10 cases (stakeholder group on participants, employer and
service setting on cases, imported from CSV like a user would), one interview
document each (built from the words of real transcripts), 60 codes and
200,000 codings spread over them. The random generator is seeded, so every
run builds the same study.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

import qualframe

GROUPS = [
    "peer worker",
    "service user",
    "non-peer staff",
    "line manager",
    "strategic manager",
    "commissioner",
]
EMPLOYERS = ["NHS", "voluntary sector"]
SETTINGS = ["inpatient", "community", "BME service"]


@dataclass(frozen=True)
class SyntheticStudy:
    """The built project and its size."""

    project: qualframe.Project
    database: Path
    participants: int
    codes: int
    codings: int


def _write_design(folder: Path, participants: int) -> tuple[Path, Path]:
    cases_csv, people_csv = folder / "cases.csv", folder / "participants.csv"
    with cases_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "employer", "service setting"])
        for number in range(10):
            writer.writerow([f"Case {number:02d}", EMPLOYERS[number % 2], SETTINGS[number % 3]])
    with people_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "case", "stakeholder group"])
        for number in range(participants):
            writer.writerow([f"P{number:03d}", f"Case {number % 10:02d}", GROUPS[number % 6]])
    return cases_csv, people_csv


def _write_transcripts(
    folder: Path, words: list[str], participants: int, rng: random.Random
) -> Path:
    transcripts = folder / "transcripts"
    transcripts.mkdir()
    for number in range(participants):
        paragraphs = []
        # No speaker labels: each document records one participant, so all of
        # its text is attributed to that participant.
        for _ in range(40):
            body = " ".join(rng.choice(words) for _ in range(rng.randrange(15, 90)))
            paragraphs.append(f"{body.capitalize()}.")
        text = f"Interview {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (transcripts / f"P{number:03d}.txt").write_text(text, encoding="utf-8")
    return transcripts


def build(
    folder: Path,
    vocabulary_source: Path,
    *,
    participants: int = 500,
    codes: int = 60,
    codings: int = 200_000,
    seed: int = 20261122,
) -> SyntheticStudy:
    """Build the study in a fresh SQLite file under ``folder`` (takes a minute)."""
    rng = random.Random(seed)
    words = vocabulary_source.read_text("utf-8").split()[:200_000]
    cases_csv, people_csv = _write_design(folder, participants)
    transcripts = _write_transcripts(folder, words, participants, rng)
    database = folder / "synthetic.db"
    project = qualframe.create_project(
        "Synthetic", database=f"sqlite:///{database}", user="benchmark"
    )
    project.study.apply_import(cases_csv, "cases", create_cases=True)
    project.study.apply_import(people_csv, "participants")
    project.documents.import_files([transcripts])
    for document in project.documents.documents().itertuples():
        project.documents.link_participants(int(document.id), document.name.removesuffix(".txt"))
    lengths = {int(row.id): int(row.length) for row in project.documents.documents().itertuples()}
    document_ids = sorted(lengths)
    for code_number in range(codes):
        name = f"Code {code_number:02d}"
        project.codebook.add(name)
        spans = set()
        while len(spans) < codings // codes:
            document = rng.choice(document_ids)
            start = rng.randrange(lengths[document] - 400)
            spans.add((document, start, start + rng.randrange(20, 400)))
        project.coding.add(name, sorted(spans))
    return SyntheticStudy(project, database, participants, codes, (codings // codes) * codes)
