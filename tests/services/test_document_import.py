"""Importing documents: files, folders, duplicates, names, bad input, big batches."""

from __future__ import annotations

import hashlib
import os
import threading
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

import qualframe
from qualframe.errors import (
    BatchImportError,
    InputFileError,
    NotFoundError,
    ValidationError,
)
from qualframe.formats.segmentation import TextSpan
from qualframe.services.documents import file_import, file_reading
from qualframe.storage.models import (
    Document,
    SpeakerTurn,
    TextSegment,
)
from services.builders import (
    INTERVIEW,
    add_people,
    import_counts,
    write_file,
)


def test_importing_a_transcript_stores_its_text_turns_segments_and_an_audit_entry(
    project: qualframe.Project, tmp_path: Path
) -> None:
    text = INTERVIEW.replace("understood", "unde\u0301rstood")  # decomposed accent
    path = write_file(tmp_path, "P01 interview.txt", text)

    report = project.documents.import_files(path)

    assert [d.name for d in report.imported] == ["P01 interview.txt"]
    record = project.documents.document("P01 interview.txt")
    stored = unicodedata.normalize("NFC", text).rstrip("\n")
    assert record.text.rstrip("\n") == stored
    assert record.length == len(record.text)
    assert record.content_hash == hashlib.sha256(record.text.encode("utf-8")).hexdigest()
    assert record.format == "text" and record.title == "P01 interview"
    assert record.words == len(record.text.split())
    assert record.turns == 3
    turns = project.documents.turns("P01 interview.txt")
    assert list(turns["label"]) == ["Interviewer", "P01", "Interviewer"]
    log = project.audit_log(entity_type="document")
    assert list(log["action"]) == ["document.import"]
    assert log["summary"].iloc[0] == "Imported 1 document."


def test_segments_join_the_paragraphs_of_one_speaker_turn(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW))
    with project.database.transaction() as session:
        text = session.scalar(select(Document.text))
        segments = session.execute(
            select(TextSegment.start, TextSegment.end, SpeakerTurn.label)
            .outerjoin(SpeakerTurn, SpeakerTurn.id == TextSegment.turn_id)
            .order_by(TextSegment.start)
        ).all()
    assert [(text[s:e], label) for s, e, label in segments] == [
        ("Interviewer: How did peer support help you?", "Interviewer"),
        ("P01: It helped me recover.\n\nI felt understood by someone who had been there.", "P01"),
        ("Interviewer: Thank you.", "Interviewer"),
    ]
    assert project.search("understood").total_segments == 1


def test_text_segments_cut_paragraphs_at_turn_boundaries_and_split_long_ones() -> None:
    text = "intro A: one\nB: two\n\n" + ("word " * 2000).strip()
    paragraphs = [TextSpan(0, 19), TextSpan(21, len(text))]
    turns = [(6, 12), (13, 19)]
    segments = file_import.text_segments(text, paragraphs, turns)
    assert segments[:3] == [(0, 5, None), (6, 12, 0), (13, 19, 1)]
    rest = segments[3:]
    assert len(rest) == 3
    assert all(end - start <= file_import.MAX_SEGMENT_CHARS for start, end, _ in rest)
    assert rest[0][0] == 21 and rest[-1][1] == len(text)
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e, _ in rest)


def test_a_folder_is_imported_recursively_in_natural_order_supported_files_only(
    project: qualframe.Project, tmp_path: Path
) -> None:
    write_file(tmp_path, "P10.txt", "Ten.")
    write_file(tmp_path, "P2.txt", "Two.")
    write_file(tmp_path, "site b/P3.md", "# Three\n\nThree.")
    write_file(tmp_path, "notes.xlsx", b"not a document")
    write_file(tmp_path, ".hidden.txt", "Hidden.")
    write_file(tmp_path, "~$lock.docx", b"lock file")
    seen = []

    report = project.documents.import_files(tmp_path, progress=seen.append)

    assert [d.name for d in report.imported] == ["P2.txt", "P10.txt", "P3.md"]
    # A small batch is stored as it is read (still all or nothing: see
    # test_import_in_parts.py for a batch that takes longer).
    steps = [(p.stage, p.done, p.total) for p in seen]
    assert steps == [("storing", n, 3) for n in (1, 2, 3)]
    assert list(project.documents.documents()["name"]) == ["P10.txt", "P2.txt", "P3.md"]


def test_a_text_imported_twice_is_skipped_as_a_duplicate_not_an_error(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.documents.import_files(write_file(tmp_path, "first.txt", INTERVIEW))
    again = write_file(tmp_path, "again/copy.txt", INTERVIEW)
    twin = write_file(tmp_path, "again/twin.txt", INTERVIEW)
    before = import_counts(project)

    report = project.documents.import_files([again, twin])

    assert report.imported == ()
    assert [(d.file, d.message) for d in report.duplicates] == [
        (str(again), "duplicate of first.txt"),
        (str(twin), "duplicate of first.txt"),
    ]
    assert import_counts(project) == before  # no audit entry either: nothing changed


def test_duplicates_within_one_batch_keep_the_first_file(
    project: qualframe.Project, tmp_path: Path
) -> None:
    write_file(tmp_path, "a.txt", INTERVIEW)
    write_file(tmp_path, "b.txt", INTERVIEW)
    report = project.documents.import_files(tmp_path)
    assert [d.name for d in report.imported] == ["a.txt"]
    assert [d.duplicate_of for d in report.duplicates] == ["a.txt"]
    assert report.summary() == "Imported 1 document; 1 duplicate skipped."


def test_same_file_names_in_a_batch_are_named_by_their_path(
    project: qualframe.Project, tmp_path: Path
) -> None:
    write_file(tmp_path, "module-1/2023-01-10.rst", "First hearing.")
    write_file(tmp_path, "module-2/2023-01-10.rst", "Second hearing.")
    report = project.documents.import_files(tmp_path)
    assert [(d.name, d.renamed) for d in report.imported] == [
        ("module-1/2023-01-10.rst", True),
        ("module-2/2023-01-10.rst", True),
    ]


def test_a_name_taken_by_another_text_gets_a_number_never_overwrites(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.documents.import_files(write_file(tmp_path, "one/notes.txt", "First notes."))
    report = project.documents.import_files(write_file(tmp_path, "two/NOTES.txt", "Other notes."))
    assert [(d.name, d.renamed) for d in report.imported] == [("NOTES (2).txt", True)]
    assert project.documents.document("notes.txt").text == "First notes."


def test_participants_given_at_import_are_linked_to_every_document(
    project: qualframe.Project, tmp_path: Path
) -> None:
    add_people(project, "P01", "P02")
    write_file(tmp_path, "fg1.txt", "Speaker 1: Hello.\n\nSpeaker 2: Hi.")
    write_file(tmp_path, "fg2.txt", "Speaker 1: Again.")
    project.documents.import_files(tmp_path, participants=["P01", "P02"])
    frame = project.documents.documents()
    assert list(frame["participants"]) == ["P01, P02", "P01, P02"]


def test_an_unknown_participant_stops_the_import_before_anything_is_written(
    project: qualframe.Project, tmp_path: Path
) -> None:
    before = import_counts(project)
    with pytest.raises(NotFoundError, match="No participant called 'P99'"):
        project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW), participants="P99")
    assert import_counts(project) == before


def test_turns_of_labels_already_mapped_get_their_participant_at_import(
    project: qualframe.Project, tmp_path: Path
) -> None:
    add_people(project, "P01")
    project.documents.import_files(write_file(tmp_path, "a.txt", INTERVIEW))
    project.documents.map_speaker("P01", "P01")
    project.documents.import_files(write_file(tmp_path, "b.txt", "P01: A second interview."))
    turns = project.documents.turns("b.txt")
    assert list(turns["participant"]) == ["P01"]


def test_subtitle_cues_are_kept_with_their_times(
    project: qualframe.Project, tmp_path: Path
) -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Ann>Peer support matters.\n\n"
        "00:00:04.000 --> 00:00:06.000\n<v Bob>I agree with that.\n"
    )
    project.documents.import_files(write_file(tmp_path, "group.vtt", vtt))
    record = project.documents.document("group.vtt")
    cues = record.details["cues"]
    assert [(record.text[s:e], t0, t1, voice) for s, e, t0, t1, voice in cues] == [
        ("Peer support matters.", 1.0, 3.5, "Ann"),
        ("I agree with that.", 4.0, 6.0, "Bob"),
    ]
    assert list(project.documents.turns("group.vtt")["label"]) == ["Ann", "Bob"]


def test_word_and_pdf_documents_are_imported(project: qualframe.Project, tmp_path: Path) -> None:
    import docx
    from fpdf import FPDF

    word = docx.Document()
    word.add_paragraph("Interviewer: Tell me about your role.")
    word.add_paragraph("P01: I support people in recovery.")
    word.save(tmp_path / "interview.docx")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Field notes about the peer support team.")
    pdf.output(str(tmp_path / "notes.pdf"))

    report = project.documents.import_files(tmp_path)

    assert [d.name for d in report.imported] == ["interview.docx", "notes.pdf"]
    assert project.documents.document("notes.pdf").details["metadata"]["pages"] == "1"
    assert project.search("recovery").hits[0].document == "interview.docx"


def test_uploaded_bytes_are_imported_like_files(project: qualframe.Project) -> None:
    report = project.documents.import_bytes("C:\\Users\\me\\upload.md", INTERVIEW.encode())
    assert [d.name for d in report.imported] == ["upload.md"]


def test_the_encoding_option_decodes_legacy_files(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = write_file(tmp_path, "legacy.txt", "Caf\u00e9 r\u00f4le na\u00efve".encode("cp1252"))
    project.documents.import_files(path, encoding="cp1252")
    assert project.documents.document("legacy.txt").text == "Café rôle naïve"


# ---------------------------------------------------------------- bad input


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    blank_bytes = bytes(blank.output())
    locked = FPDF()
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(text="Secret.")
    locked.set_encryption(owner_password="owner", user_password="user")
    return {
        "empty": (write_file(tmp_path, "empty.txt", b""), "the file is empty"),
        "binary": (write_file(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), "binary"),
        "undecodable": (write_file(tmp_path, "utf8.txt", "caf\u00e9".encode("cp1252")), "utf-8"),
        "docx": (write_file(tmp_path, "broken.docx", b"PK\x03\x04 not really a zip"), "Word"),
        "no text": (write_file(tmp_path, "scan.pdf", blank_bytes), "no text layer"),
        "encrypted": (write_file(tmp_path, "locked.pdf", bytes(locked.output())), "encrypted"),
        "vtt": (write_file(tmp_path, "bad.vtt", "00:00:01.000 --> 00:00:02.000\nHi\n"), "WEBVTT"),
        "srt": (write_file(tmp_path, "bad.srt", "1\nnot a time\nHello\n"), "SRT"),
        "suffix": (write_file(tmp_path, "data.csv", "a,b\n1,2\n"), "cannot be imported"),
        "missing": (tmp_path / "nowhere.txt", "does not exist"),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "empty",
        "binary",
        "undecodable",
        "docx",
        "no text",
        "encrypted",
        "vtt",
        "srt",
        "suffix",
        "missing",
    ],
)
def test_a_bad_file_names_itself_and_its_problem_and_nothing_is_written(
    project: qualframe.Project, tmp_path: Path, kind: str
) -> None:
    path, problem = _bad_files(tmp_path)[kind]
    encoding = "utf-8" if kind == "undecodable" else None
    before = import_counts(project)
    with pytest.raises(InputFileError) as caught:
        project.documents.import_files(path, encoding=encoding)
    assert str(caught.value).startswith(str(path))
    assert problem.casefold() in str(caught.value).casefold()
    assert import_counts(project) == before


def _folder_of_fifty(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    for number in range(1, 51):
        content: str | bytes = f"P{number:02d}: interview number {number} about recovery."
        if number == 37:
            content = b"\x00\x01\x02 binary junk"
        write_file(folder, f"P{number:02d}.txt", content)
    return folder


def test_one_bad_file_in_fifty_stops_the_batch_and_writes_nothing(
    project: qualframe.Project, tmp_path: Path
) -> None:
    folder = _folder_of_fifty(tmp_path)
    before = import_counts(project)
    with pytest.raises(BatchImportError) as caught:
        project.documents.import_files(folder)
    error = caught.value
    assert error.total == 50
    assert [f.source for f in error.failures] == [str(folder / "P37.txt")]
    assert "1 of 50 files could not be imported; nothing was written" in str(error)
    assert "P37.txt" in str(error) and "binary" in str(error)
    assert import_counts(project) == before


def test_skipping_bad_files_imports_the_others_and_reports_each_failure(
    project: qualframe.Project, tmp_path: Path
) -> None:
    folder = _folder_of_fifty(tmp_path)
    report = project.documents.import_files(folder, on_error="skip")
    assert len(report.imported) == 49
    assert [(f.file, "binary" in f.message) for f in report.failures] == [
        (str(folder / "P37.txt"), True)
    ]
    assert report.summary() == "Imported 49 documents; 1 file failed."
    assert project.search("recovery").total_segments == 49
    details = project.audit_log(entity_type="document")["details"].iloc[0]
    assert details["failures"][0]["file"] == str(folder / "P37.txt")


def test_a_bad_on_error_value_and_an_empty_folder_are_refused(
    project: qualframe.Project, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="on_error must be 'stop' or 'skip'"):
        project.documents.import_files(tmp_path, on_error="ignore")  # type: ignore[arg-type]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputFileError, match="holds no file to import"):
        project.documents.import_files(tmp_path / "empty")
    with pytest.raises(ValidationError, match="Nothing to import"):
        project.documents.import_files([])


def test_a_big_batch_read_by_worker_processes_gives_the_same_result(
    project: qualframe.Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(1, 9):
        write_file(tmp_path, f"P{number}.txt", f"P{number}: interview {number} about recovery.")
    write_file(tmp_path, "P9.txt", b"\x00 binary")
    monkeypatch.setattr(file_reading, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(file_reading, "READ_AHEAD", 2)
    pools: list[object] = []
    make_pool = file_reading._reader_pool

    def spy(files: object, every_cpu: bool) -> object:
        pools.append(make_pool(files, every_cpu))  # type: ignore[arg-type]
        return pools[-1]

    monkeypatch.setattr(file_reading, "_reader_pool", spy)
    report = project.documents.import_files(tmp_path, on_error="skip")
    if (os.cpu_count() or 1) > 1 and threading.active_count() == 1:
        assert pools[0] is not None
    assert [d.name for d in report.imported] == [f"P{n}.txt" for n in range(1, 9)]
    assert [f.file for f in report.failures] == [str(tmp_path / "P9.txt")]
    assert project.search("recovery").total_segments == 8
