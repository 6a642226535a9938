"""Speaker labels within sections: "The Witness" of each witness's evidence,
suggested from the section headings, and descriptions shown with participants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import func, select

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.documents.speaker_sections import heading_match, name_words
from qualframe.storage.models import AuditEntry, Coding, Participant, SpeakerMapping

DAY = (
    "Day 4\n=====\n\n"
    "Ms Jane Smith (affirmed)\n------------------------\n\n"
    "**Counsel**: Did you attend the meetings?\n\n"
    "**The Witness**: I attended most of them. We met weekly.\n\n"
    "**Counsel**: Thank you.\n\n"
    "Evidence of Professor Alan Jones\n--------------------------------\n\n"
    "**Counsel**: Professor, what did you advise?\n\n"
    "**The Witness**: I advised caution. Nobody listened.\n\n"
    "Housekeeping\n------------\n\n"
    "**Counsel**: We resume at ten tomorrow.\n"
)


@pytest.fixture
def inquiry(project: qualframe.Project) -> qualframe.Project:
    """One hearing day with two witnesses' evidence, each "The Witness" in its
    section; Counsel is the interviewer; a coding on each witness's words."""
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.study.add_participant("Alan Jones", "Witnesses", description="Epidemiologist")
    project.study.add_participant("W03", "Witnesses", description="Someone else entirely")
    project.documents.import_bytes("day4.txt", DAY.encode())
    project.documents.map_speaker("Counsel", role="interviewer")
    project.codebook.add("Meetings")
    for words in ("We met weekly.", "Nobody listened."):
        start = DAY.index(words)
        project.coding.apply("day4.txt", "Meetings", start, start + len(words))
    return project


def _witnesses(project: qualframe.Project) -> list[tuple[str | None, str | None]]:
    """(speaker, participant identifier) of every coding, in text order."""
    with project.database.transaction() as session:
        rows = session.execute(
            select(Coding.speaker, Participant.identifier)
            .outerjoin(Participant, Participant.id == Coding.participant_id)
            .order_by(Coding.start)
        )
        return [(row[0], row[1]) for row in rows]


def _state(project: qualframe.Project) -> tuple[int, int, list[tuple[str | None, str | None]]]:
    with project.database.transaction() as session:
        mappings = session.scalar(select(func.count()).select_from(SpeakerMapping)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return mappings, audit, _witnesses(project)


def test_suggestions_name_the_witness_each_heading_names(inquiry: qualframe.Project) -> None:
    suggestions = inquiry.documents.suggest_section_mappings("day4.txt")
    assert [
        (s.label, s.section, s.section_title, s.participant, s.participant_description, s.turns)
        for s in suggestions
    ] == [
        ("The Witness", 2, "Ms Jane Smith (affirmed)", "W01", "Jane Smith, chief nurse", 1),
        ("The Witness", 3, "Evidence of Professor Alan Jones", "Alan Jones", "Epidemiologist", 1),
    ]


def test_accepting_suggestions_attributes_each_sections_codings_to_its_witness(
    inquiry: qualframe.Project,
) -> None:
    assert _witnesses(inquiry) == [("The Witness", None), ("The Witness", None)]
    assert inquiry.documents.unmapped_speakers() == ["The Witness"]
    for s in inquiry.documents.suggest_section_mappings("day4.txt"):
        change = inquiry.documents.map_speaker(
            s.label, s.participant, document=s.document, section=s.section
        )
        assert (change.section, change.section_title) == (s.section, s.section_title)
    assert _witnesses(inquiry) == [("The Witness", "W01"), ("The Witness", "Alan Jones")]
    turns = inquiry.documents.turns("day4.txt").set_index("label").loc["The Witness"]
    assert list(turns["participant"]) == ["W01", "Alan Jones"]
    assert inquiry.documents.unmapped_speakers() == []
    assert inquiry.documents.suggest_section_mappings("day4.txt") == []
    [witness] = [row for row in inquiry.documents.speaker_labels() if row.label == "The Witness"]
    assert (witness.section_mappings, witness.unmapped_documents, witness.role) == (2, 0, None)
    listed = [m for m in inquiry.documents.mapping_list() if m.section is not None]
    assert [(m.label, m.document, m.section, m.section_title, m.participant) for m in listed] == [
        ("The Witness", "day4.txt", 2, "Ms Jane Smith (affirmed)", "W01"),
        ("The Witness", "day4.txt", 3, "Evidence of Professor Alan Jones", "Alan Jones"),
    ]


def test_a_section_mapping_overrides_the_document_mapping_inside_it_only(
    inquiry: qualframe.Project,
) -> None:
    inquiry.documents.map_speaker("The Witness", "W03", document="day4.txt")
    change = inquiry.documents.map_speaker(
        "The Witness", "W01", document="day4.txt", section="ms jane smith (AFFIRMED)"
    )
    assert (change.section, change.codings_changed) == (2, 1)
    assert _witnesses(inquiry) == [("The Witness", "W01"), ("The Witness", "W03")]
    sections = inquiry.documents.section_speakers("day4.txt")
    assert [(s.number, s.title, s.level) for s in sections] == [
        (1, "Day 4", 1),
        (2, "Ms Jane Smith (affirmed)", 2),
        (3, "Evidence of Professor Alan Jones", 2),
        (4, "Housekeeping", 2),
    ]
    witness = {row.label: row for row in sections[1].speakers}["The Witness"]
    assert (witness.participant, witness.participant_description, witness.level) == (
        "W01",
        "Jane Smith, chief nurse",
        "section",
    )
    later = {row.label: row for row in sections[2].speakers}["The Witness"]
    assert (later.participant, later.level) == ("W03", "document")
    assert {row.label: row.level for row in sections[2].speakers}["Counsel"] == "project"
    removed = inquiry.documents.unmap_speaker("The Witness", document="day4.txt", section=2)
    assert removed.role is None and removed.section == 2
    assert _witnesses(inquiry) == [("The Witness", "W03"), ("The Witness", "W03")]


def test_a_section_is_chosen_by_number_or_heading_and_mistakes_write_nothing(
    inquiry: qualframe.Project,
) -> None:
    before = _state(inquiry)
    doc = "day4.txt"
    with pytest.raises(NotFoundError, match=r"No section 'Ms Jane Smyth' .*Did you mean"):
        inquiry.documents.map_speaker("The Witness", "W01", document=doc, section="Ms Jane Smyth")
    with pytest.raises(NotFoundError, match="has sections 1 to 4; there is no section 7"):
        inquiry.documents.map_speaker("The Witness", "W01", document=doc, section=7)
    with pytest.raises(NotFoundError, match="there is no section 9"):
        inquiry.documents.map_speaker("The Witness", "W01", document=doc, section="9")
    with pytest.raises(ValidationError, match="name the document too"):
        inquiry.documents.map_speaker("The Witness", "W01", section=2)
    housekeeping = "'The Witness' has no turn in section 4 ('Housekeeping') of 'day4.txt'"
    with pytest.raises(NotFoundError, match=re.escape(housekeeping)):
        inquiry.documents.map_speaker("The Witness", "W01", document=doc, section="Housekeeping")
    with pytest.raises(NotFoundError, match="No speaker label 'The Witnes'"):
        inquiry.documents.map_speaker("The Witnes", "W01", document=doc, section=2)
    with pytest.raises(NotFoundError, match="is not mapped in section 2"):
        inquiry.documents.unmap_speaker("The Witness", document=doc, section=2)
    assert _state(inquiry) == before
    inquiry.documents.map_speaker("The Witness", "W01", document=doc, section="2")
    assert _witnesses(inquiry)[0] == ("The Witness", "W01")


def test_participants_show_their_descriptions_in_labels_and_mappings(
    inquiry: qualframe.Project,
) -> None:
    inquiry.documents.map_speaker("The Witness", "W01")
    [witness] = [row for row in inquiry.documents.speaker_labels() if row.label == "The Witness"]
    assert (witness.participant, witness.participant_description) == (
        "W01",
        "Jane Smith, chief nurse",
    )
    [mapping] = [m for m in inquiry.documents.mapping_list() if m.label == "The Witness"]
    assert mapping.participant_description == "Jane Smith, chief nurse"
    frame = inquiry.documents.speakers().set_index("label")
    assert frame.loc["The Witness", "participant_description"] == "Jane Smith, chief nurse"


def test_only_role_labels_and_labels_naming_the_witness_are_suggested(
    project: qualframe.Project,
) -> None:
    project.study.add_case("Witnesses")
    project.study.add_participant("Michelle O'Neill", "Witnesses")
    text = (
        "Ms Michelle O'Neill\n-------------------\n\n"
        "**Lead 2C**: Good morning.\n\n**The Witness**: Good morning.\n\n"
        "**Ms Michelle O'Neill**: Yes.\n\n**Lady Hallett**: Thank you.\n"
    )
    project.documents.import_bytes("day.txt", text.encode())
    suggested = project.documents.suggest_section_mappings("day.txt")
    assert [(s.label, s.participant) for s in suggested] == [
        ("Ms Michelle O'Neill", "Michelle O'Neill"),
        ("The Witness", "Michelle O'Neill"),
    ]


def test_a_heading_naming_two_participants_suggests_neither(project: qualframe.Project) -> None:
    project.study.add_case("Witnesses")
    project.study.add_participant("Jimmy Whitworth", "Witnesses")
    project.study.add_participant("Charlotte Hammer", "Witnesses")
    text = (
        "Professor Jimmy Whitworth and Dr Charlotte Hammer\n"
        "-------------------------------------------------\n\n"
        "**The Witness**: Good morning.\n\n**Counsel**: Good morning.\n"
    )
    project.documents.import_bytes("panel.txt", text.encode())
    assert project.documents.suggest_section_mappings("panel.txt") == []


# ---------------------------------------------------------------- matching headings


@pytest.mark.parametrize(
    ("heading", "identifier", "description", "matches"),
    [
        ("Ms Jane Smith (affirmed)", "W01", "Jane Smith, chief nurse", True),
        ("Ms Jane Smith (affirmed)", "Smith", "", True),
        ("Evidence of Professor Whitty", "W02", "Chris Whitty, Chief Medical Officer", True),
        ("Evidence of Professor Whitty", "W03", "Chris Smith", False),
        ("MS MICHELLE O\u2019NEILL (affirmed)", "Michelle O'Neill", "", True),
        ("Housekeeping", "W01", "Jane Smith", False),
        ("Submissions on behalf of the Cabinet Office", "Cabinet Office", "", True),
    ],
)
def test_a_heading_matches_a_participant_by_identifier_or_description(
    heading: str, identifier: str, description: str, matches: bool
) -> None:
    assert (heading_match(name_words(heading), identifier, description) > 0) is matches


@given(st.text(alphabet=st.characters(categories=["L"]) | st.just(" "), max_size=30))
def test_titles_and_bracketed_remarks_never_name_anyone(name: str) -> None:
    assert name_words(f"Professor {name} (affirmed)") == name_words(name)
