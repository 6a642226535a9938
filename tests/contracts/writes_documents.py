"""The documents area's write use cases, exercised on the contract study.

The study has documents p01.txt (P01, coded, one coding quoted in the
matrix) and p02.txt (P02, one coding), and speaker mappings of
"Interviewer", "P01" and "P02". Documents carry versions; speaker mappings
do not (their writes state none).
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write


def document_version(project: qualframe.Project, name: str = "p01.txt") -> int:
    """The version of the document ``name``."""
    return project.documents.info(name).version


def _file(name: str, text: str) -> qualframe.UploadedFile:
    """A file given by its bytes."""
    return qualframe.UploadedFile(name, text.encode())


NEW = "P02: We talked about what helps.\n"
#: p02.txt corrected: its coding's text ("went to the library") survives.
CORRECTED = "P02: I met my peer worker each week and we went to the library.\n"
WITNESS = "# P01 (affirmed)\n\n**The Witness**: I was there.\n\n**The Witness**: Yes.\n"
TABLE = "respondent,comment,theme\nR1,Staff were kind.,care\nR2,The ward was loud.,setting\n"
MAP = "label,role\nInterviewer,other\n"

WRITES: list[Write] = [
    Write("documents.import_files", lambda p: p.documents.import_files([_file("new.txt", NEW)])),
    Write("documents.import_bytes", lambda p: p.documents.import_bytes("new.txt", NEW.encode())),
    Write(
        "documents.link_participants",
        lambda p: p.documents.link_participants("p01.txt", "P02"),
        version_of=document_version,
        stating=lambda p, v: p.documents.link_participants("p01.txt", "P02", if_version=v),
    ),
    Write(
        "documents.link_many",
        lambda p: p.documents.link_many({"p01.txt": ["P02"], "p02.txt": ["P01"]}),
        version_of=document_version,
    ),
    Write(
        "documents.unlink_participants",
        lambda p: p.documents.unlink_participants("p01.txt", "P01"),
        version_of=document_version,
        stating=lambda p, v: p.documents.unlink_participants("p01.txt", "P01", if_version=v),
    ),
    Write(
        "documents.set_position",
        lambda p: p.documents.set_position("p01.txt", 1),
        version_of=document_version,
        stating=lambda p, v: p.documents.set_position("p01.txt", 2, if_version=v),
    ),
    Write(
        "documents.delete",
        # p02.txt's coding is quoted nowhere (p01.txt's is, in the matrix).
        lambda p: p.documents.delete("p02.txt", force=True),
        version_of=lambda p: document_version(p, "p02.txt"),
        stating=lambda p, v: p.documents.delete("p02.txt", force=True, if_version=v),
        bumps=False,
    ),
    Write(
        "documents.mark_coding_done",
        lambda p: p.documents.mark_coding_done("p01.txt"),
        version_of=document_version,
        stating=lambda p, v: p.documents.mark_coding_done("p01.txt", if_version=v),
    ),
    # Reading marks and familiarisation notes are a person's, not a change to
    # the document: they state no version.
    Write("documents.mark_read", lambda p: p.documents.mark_read("p01.txt")),
    Write(
        "documents.unmark_read",
        lambda p: (p.documents.mark_read("p01.txt"), p.documents.unmark_read("p01.txt")),
    ),
    Write(
        "documents.familiarisation_notes", lambda p: p.documents.familiarisation_notes("p01.txt")
    ),
    Write(
        "documents.rename",
        lambda p: p.documents.rename("p01.txt", "Interview with P01"),
        version_of=document_version,
        stating=lambda p, v: p.documents.rename("p01.txt", "First interview", if_version=v),
    ),
    Write(
        "documents.replace_text",
        lambda p: p.documents.replace_text("p02.txt", _file("p02.txt", CORRECTED)),
        version_of=lambda p: document_version(p, "p02.txt"),
        stating=lambda p, v: p.documents.replace_text(
            "p02.txt", _file("p02.txt", CORRECTED), if_version=v
        ),
    ),
    Write(
        "documents.import_table",
        lambda p: p.documents.import_table(
            _file("survey.csv", TABLE), document="respondent", text="comment", codes=["theme"]
        ),
    ),
    Write("documents.map_speaker", lambda p: p.documents.map_speaker("P02", role="other")),
    Write("documents.unmap_speaker", lambda p: p.documents.unmap_speaker("P02")),
    # Turn 2 of p01.txt is P01's first answer.
    Write("documents.map_turn", lambda p: p.documents.map_turn("p01.txt", 2, "P02")),
    Write(
        "documents.unmap_turn",
        lambda p: (
            p.documents.map_turn("p01.txt", 2, role="other"),
            p.documents.unmap_turn("p01.txt", 2),
        ),
    ),
    Write("documents.reject_label", lambda p: p.documents.reject_label("Interviewer")),
    Write("documents.accept_label", lambda p: p.documents.accept_label("P02")),
    Write(
        "documents.undo_label_decision",
        lambda p: (
            p.documents.reject_label("Interviewer"),
            p.documents.undo_label_decision("Interviewer"),
        ),
    ),
    Write(
        "documents.map_unmapped_speakers",
        lambda p: (p.documents.unmap_speaker("P02"), p.documents.map_unmapped_speakers("other")),
    ),
    Write(
        "documents.create_participants_from_labels",
        lambda p: p.documents.create_participants_from_labels("Interviewer"),
    ),
    Write(
        "documents.accept_section_suggestions",
        lambda p: (
            p.documents.import_bytes("witness.md", WITNESS.encode()),
            p.documents.accept_section_suggestions("witness.md"),
        ),
    ),
    Write(
        "documents.import_speaker_map",
        lambda p: p.documents.import_speaker_map(_file("speakers.csv", MAP)),
    ),
]

READS: set[str] = {
    "documents.documents",
    "documents.document_list",
    "documents.document",
    "documents.info",
    "documents.turns",
    "documents.turn_list",
    "documents.speakers",
    "documents.speaker_labels",
    "documents.unmapped_speakers",
    "documents.speaker_mappings",
    "documents.mapping_list",
    "documents.label_decisions",
    "documents.section_speakers",
    "documents.suggest_section_mappings",
    "documents.structure",
    "documents.revisions",
    "documents.revision_text",
    "documents.coding_progress",
    "documents.document_progress",
    "documents.reading_mark",
    "documents.reading_progress",
}
