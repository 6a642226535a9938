"""Speaker labels: listing them, mapping them, importing a mapping file (section
mappings and label decisions: test_speaker_sections.py, test_speaker_decisions.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import InputFileError, NotFoundError, ValidationError
from qualframe.services.coding.codings import add_codings
from qualframe.storage.models import AuditEntry, Coding, Document, SpeakerMapping, SpeakerTurn
from services.builders import Acting, make_case, make_code, make_participant

# Bold labels: detection takes a label met once for a speaker only when it is
# written on purpose (bold or bracketed), or known.
FOCUS_GROUP_1 = (
    "**Facilitator**: What helped?\n\n"
    "**Speaker 1**: Talking to someone who had been there.\n\n"
    "**Speaker 2**: Being listened to.\n"
)
FOCUS_GROUP_2 = "**Facilitator**: And here?\n\n**Speaker 1**: Having a peer worker.\n"


@pytest.fixture
def study(project: qualframe.Project, tmp_path: Path) -> qualframe.Project:
    """Two focus groups, participants P01-P04, and a coding on every speaker turn."""
    with project.database.transaction() as session:
        case = make_case(session, project.info.id, "Site A")
        for identifier in ("P01", "P02", "P03", "P04"):
            make_participant(session, project.info.id, identifier, case)
    (tmp_path / "fg1.txt").write_text(FOCUS_GROUP_1, encoding="utf-8")
    (tmp_path / "fg2.txt").write_text(FOCUS_GROUP_2, encoding="utf-8")
    project.documents.import_files(tmp_path)
    with project.database.transaction() as session:
        code = make_code(session, project.info.id, "Helped")
        spans = [
            (turn.document_id, turn.start, turn.start + 5)
            for turn in session.scalars(select(SpeakerTurn))
        ]
        add_codings(Acting.of(project)(session), code.id, spans)
    return project


def _attribution(project: qualframe.Project) -> list[tuple[str, str | None, str | None]]:
    """(document, speaker, participant identifier) of every coding, in order."""
    from qualframe.storage.models import Participant

    with project.database.transaction() as session:
        rows = session.execute(
            select(Document.name, Coding.speaker, Participant.identifier)
            .join(Document, Document.id == Coding.document_id)
            .outerjoin(Participant, Participant.id == Coding.participant_id)
            .order_by(Document.name, Coding.start)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _plain(frame: pd.DataFrame) -> list[list[object]]:
    """The frame's rows with missing values as None (pandas shows them as NaN)."""
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def _state(project: qualframe.Project) -> tuple[int, int]:
    with project.database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(SpeakerMapping)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def test_speaker_labels_are_listed_with_counts_and_unmapped_documents(
    study: qualframe.Project,
) -> None:
    frame = study.documents.speakers()
    assert _plain(frame[["label", "turns", "documents", "role", "unmapped_documents"]]) == [
        ["Facilitator", 2, 2, None, 2],
        ["Speaker 1", 2, 2, None, 2],
        ["Speaker 2", 1, 1, None, 1],
    ]
    assert study.documents.unmapped_speakers() == ["Facilitator", "Speaker 1", "Speaker 2"]


def test_a_project_wide_mapping_attributes_turns_and_codings_in_every_document(
    study: qualframe.Project,
) -> None:
    change = study.documents.map_speaker("facilitator", role="interviewer")
    assert (change.label, change.role, change.documents_reattributed) == (
        "Facilitator",
        "interviewer",
        2,
    )
    change = study.documents.map_speaker("Speaker 1", "P01")
    assert change.codings_changed == 2
    assert _attribution(study) == [
        ("fg1.txt", "Facilitator", None),
        ("fg1.txt", "Speaker 1", "P01"),
        ("fg1.txt", "Speaker 2", None),
        ("fg2.txt", "Facilitator", None),
        ("fg2.txt", "Speaker 1", "P01"),
    ]
    frame = study.documents.speakers().set_index("label")
    assert frame.loc["Speaker 1", "participant"] == "P01"
    assert frame.loc["Facilitator", "unmapped_documents"] == 0
    assert study.documents.unmapped_speakers() == ["Speaker 2"]
    turns = study.documents.turns("fg2.txt")
    assert _plain(turns[["label", "participant"]]) == [["Facilitator", None], ["Speaker 1", "P01"]]
    assert "speaker.map" in set(study.audit_log()["action"])


def test_a_document_mapping_overrides_the_project_wide_one_there_only(
    study: qualframe.Project,
) -> None:
    study.documents.map_speaker("Speaker 1", "P01")
    study.documents.map_speaker("Speaker 1", "P03", document="fg2.txt")
    assert [row for row in _attribution(study) if row[1] == "Speaker 1"] == [
        ("fg1.txt", "Speaker 1", "P01"),
        ("fg2.txt", "Speaker 1", "P03"),
    ]
    mappings = study.documents.speaker_mappings()
    assert _plain(mappings) == [
        ["Speaker 1", None, "participant", "P01", None, None, "", None],
        ["Speaker 1", "fg2.txt", "participant", "P03", None, None, "", None],
    ]
    assert list(mappings.columns) == [
        "label",
        "document",
        "role",
        "participant",
        "section",
        "section_title",
        "participant_description",
        "turn",
    ]
    change = study.documents.unmap_speaker("Speaker 1", document="fg2.txt")
    assert change.role is None
    assert [row for row in _attribution(study) if row[1] == "Speaker 1"] == [
        ("fg1.txt", "Speaker 1", "P01"),
        ("fg2.txt", "Speaker 1", "P01"),
    ]


def test_remapping_a_label_replaces_its_mapping(study: qualframe.Project) -> None:
    study.documents.map_speaker("Speaker 2", "P02")
    study.documents.map_speaker("Speaker 2", role="other")
    assert _state(study)[0] == 1
    assert [row for row in _attribution(study) if row[1] == "Speaker 2"] == [
        ("fg1.txt", "Speaker 2", None)
    ]


def test_mapping_mistakes_are_refused_and_nothing_changes(study: qualframe.Project) -> None:
    before = _state(study)
    with pytest.raises(NotFoundError, match=r"No speaker label 'Speaker 3'.*Did you mean"):
        study.documents.map_speaker("Speaker 3", "P01")
    with pytest.raises(
        NotFoundError, match=re.escape("No speaker label 'Speaker 2' in document 'fg2.txt'")
    ):
        study.documents.map_speaker("Speaker 2", "P01", document="fg2.txt")
    with pytest.raises(NotFoundError, match="No participant called 'P9'"):
        study.documents.map_speaker("Speaker 1", "P9")
    with pytest.raises(ValidationError, match="cannot also be 'interviewer'"):
        study.documents.map_speaker("Speaker 1", "P01", role="interviewer")
    with pytest.raises(ValidationError, match="Unknown speaker role 'chair'"):
        study.documents.map_speaker("Speaker 1", role="chair")
    with pytest.raises(ValidationError, match="Say who the speaker is"):
        study.documents.map_speaker("Speaker 1")
    with pytest.raises(NotFoundError, match="is not mapped project-wide"):
        study.documents.unmap_speaker("Speaker 1")
    assert _state(study) == before


def _write_map(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_mapping_file_maps_every_row_and_reattributes(
    study: qualframe.Project, tmp_path: Path
) -> None:
    path = _write_map(
        tmp_path / "speakers.csv",
        [
            "Label,Participant,Role,Document",
            "Facilitator,,interviewer,",
            "Speaker 1,P01,,fg1.txt",
            "Speaker 2,P02,,fg1.txt",
            "Speaker 1,P04,participant,fg2.txt",
        ],
    )
    result = study.documents.import_speaker_map(path)
    assert (result.mappings, result.documents_reattributed) == (4, 2)
    assert _attribution(study) == [
        ("fg1.txt", "Facilitator", None),
        ("fg1.txt", "Speaker 1", "P01"),
        ("fg1.txt", "Speaker 2", "P02"),
        ("fg2.txt", "Facilitator", None),
        ("fg2.txt", "Speaker 1", "P04"),
    ]
    assert study.documents.unmapped_speakers() == []
    assert list(study.audit_log()["action"]).count("speaker.import_map") == 1


def test_an_xlsx_mapping_file_works_too(study: qualframe.Project, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["speaker", "role"])
    sheet.append(["Facilitator", "Interviewer"])
    book.save(tmp_path / "map.xlsx")
    assert study.documents.import_speaker_map(tmp_path / "map.xlsx").mappings == 1


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Speaker 9,P01,", "line 3: no speaker label 'Speaker 9'"),
        ("Speaker 2,P99,", "line 3: no participant called 'P99'"),
        ("Speaker 2,,chair", "line 3: unknown speaker role 'chair'"),
        ("Speaker 2,,", "line 3: say who the speaker is"),
        ("Speaker 1,P02,", "line 3: the label 'Speaker 1' is mapped twice (also on line 2)"),
    ],
)
def test_a_bad_mapping_row_names_the_file_and_line_and_nothing_is_written(
    study: qualframe.Project, tmp_path: Path, row: str, problem: str
) -> None:
    path = _write_map(tmp_path / "map.csv", ["label,participant,role", "Speaker 1,P01,", row])
    before = _state(study)
    attribution = _attribution(study)
    with pytest.raises(InputFileError) as caught:
        study.documents.import_speaker_map(path)
    assert str(caught.value).startswith(f"{path}, {problem}")
    assert _state(study) == before
    assert _attribution(study) == attribution


def test_a_mapping_file_without_the_needed_columns_is_refused(
    study: qualframe.Project, tmp_path: Path
) -> None:
    path = _write_map(tmp_path / "map.csv", ["label,comment", "Speaker 1,hello"])
    with pytest.raises(InputFileError, match="needs a 'participant' or a 'role' column"):
        study.documents.import_speaker_map(path)
    path = _write_map(tmp_path / "map2.csv", ["who,participant", "Speaker 1,P01"])
    with pytest.raises(InputFileError, match="needs a column 'label'"):
        study.documents.import_speaker_map(path)
