"""Who speaks in one turn (issue 10 §2): a turn's own mapping holds over its
label's mappings (section, document, project), is listed, survives a text
replacement when its turn does, and goes, named, when its turn is merged away."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.formats.sources import UploadedFile
from qualframe.storage.models import AuditEntry, Coding, Participant, SpeakerMapping

# The typist wrote "Speaker 1" for turn 4, which Speaker 2 (P02) said.
GROUP = (
    "**Facilitator**: What helped you?\n\n"
    "**Speaker 1**: Talking to someone who had been there.\n\n"
    "**Speaker 2**: Being listened to.\n\n"
    "**Speaker 1**: The groups on Tuesdays.\n\n"
    "**Facilitator**: Thank you.\n"
)
CODED = ("Talking to someone", "Being listened to", "The groups on Tuesdays")


@pytest.fixture
def group(project: qualframe.Project) -> qualframe.Project:
    """One focus group: its labels mapped project-wide, a coding in each answer."""
    project.study.add_case("Site A")
    for identifier in ("P01", "P02", "P03"):
        project.study.add_participant(identifier, "Site A", description=f"Member {identifier}")
    project.documents.import_bytes("fg.txt", GROUP.encode())
    project.documents.map_speaker("Facilitator", role="interviewer")
    project.documents.map_speaker("Speaker 1", "P01")
    project.documents.map_speaker("Speaker 2", "P02")
    project.codebook.add("Helped")
    for words in CODED:
        start = GROUP.index(words)
        project.coding.apply("fg.txt", "Helped", start, start + len(words))
    return project


def _codings(project: qualframe.Project) -> list[tuple[str | None, str | None]]:
    """(speaker, participant identifier) of every coding, in text order."""
    with project.database.transaction() as session:
        rows = session.execute(
            select(Coding.speaker, Participant.identifier)
            .outerjoin(Participant, Participant.id == Coding.participant_id)
            .order_by(Coding.document_id, Coding.start)
        )
        return [(row[0], row[1]) for row in rows]


def _turns(project: qualframe.Project, document: str = "fg.txt") -> list[tuple[object, ...]]:
    """(number, label, participant, role, level) of each turn."""
    return [
        (t.number, t.label, t.participant, t.role.value if t.role else None, t.level)
        for t in project.documents.turn_list(document)
    ]


def _state(project: qualframe.Project) -> tuple[int, int, list[tuple[str | None, str | None]]]:
    with project.database.transaction() as session:
        mappings = session.scalar(select(func.count()).select_from(SpeakerMapping)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return mappings, audit, _codings(project)


def _entry(project: qualframe.Project, action: str) -> qualframe.AuditRecord:
    return next(entry for entry in project.activity() if entry.action == action)


def test_a_turn_mapped_on_its_own_is_attributed_to_its_speaker_and_the_others_stay(
    group: qualframe.Project,
) -> None:
    assert _codings(group) == [("Speaker 1", "P01"), ("Speaker 2", "P02"), ("Speaker 1", "P01")]
    change = group.documents.map_turn("fg.txt", 4, "P02")
    assert (change.label, change.document, change.turn, change.participant) == (
        "Speaker 1",
        "fg.txt",
        4,
        "P02",
    )
    assert (change.role, change.documents_reattributed, change.codings_changed) == (
        qualframe.SpeakerRole.PARTICIPANT,
        1,
        1,
    )
    assert _codings(group) == [("Speaker 1", "P01"), ("Speaker 2", "P02"), ("Speaker 1", "P02")]
    assert _turns(group) == [
        (1, "Facilitator", None, "interviewer", "project"),
        (2, "Speaker 1", "P01", "participant", "project"),
        (3, "Speaker 2", "P02", "participant", "project"),
        (4, "Speaker 1", "P02", "participant", "turn"),
        (5, "Facilitator", None, "interviewer", "project"),
    ]
    entry = _entry(group, "speaker.map_turn")
    assert entry.details == {
        "label": "Speaker 1",
        "document": "fg.txt",
        "turn": 4,
        "role": "participant",
        "participant": "P02",
        "codings_reattributed": 1,
    }
    assert "turn 4 ('**Speaker 1**: The groups on Tuesdays.')" in entry.summary

    removed = group.documents.unmap_turn("fg.txt", 4)
    assert (removed.role, removed.turn, removed.codings_changed) == (None, 4, 1)
    assert _codings(group)[2] == ("Speaker 1", "P01")
    assert _turns(group)[3] == (4, "Speaker 1", "P01", "participant", "project")
    assert _entry(group, "speaker.unmap_turn").details == {
        "label": "Speaker 1",
        "document": "fg.txt",
        "turn": 4,
    }


def test_a_turns_own_mapping_holds_over_its_sections_and_documents(
    project: qualframe.Project,
) -> None:
    project.study.add_case("Witnesses")
    for identifier in ("W01", "W02", "W03"):
        project.study.add_participant(identifier, "Witnesses")
    text = (
        "# Ms Ann Lee (affirmed)\n\n**The Witness**: I ran the ward.\n\n"
        "**The Witness**: I kept the rota.\n\n# Later\n\n**The Witness**: I left in May.\n"
    )
    project.documents.import_bytes("day.md", text.encode())
    project.documents.map_speaker("The Witness", "W03", document="day.md")
    project.documents.map_speaker("The Witness", "W01", document="day.md", section=1)
    project.documents.map_turn("day.md", 2, "W02")
    project.documents.map_turn("day.md", 3, role="other")
    turns = project.documents.turn_list("day.md")
    assert [(t.participant, t.role.value if t.role else None, t.level) for t in turns] == [
        ("W01", "participant", "section"),
        ("W02", "participant", "turn"),
        (None, "other", "turn"),
    ]
    # Mapping a turn again replaces its mapping: one per turn.
    again = project.documents.map_turn("day.md", 3, "W03")
    assert again.participant == "W03"
    assert [t.participant for t in project.documents.turn_list("day.md")] == ["W01", "W02", "W03"]
    listed = [m for m in project.documents.mapping_list() if m.turn is not None]
    assert [(m.label, m.document, m.turn, m.participant, m.section) for m in listed] == [
        ("The Witness", "day.md", 2, "W02", None),
        ("The Witness", "day.md", 3, "W03", None),
    ]
    # The wider mappings come first and are still what they were.
    assert [(m.document, m.section, m.turn) for m in project.documents.mapping_list()][:2] == [
        ("day.md", None, None),
        ("day.md", 1, None),
    ]
    [label] = project.documents.speaker_labels()
    assert (label.document_mappings, label.section_mappings, label.turn_mappings) == (1, 1, 2)
    sections = project.documents.section_speakers("day.md")
    assert [row.level for row in sections[0].speakers] == ["section"]


def test_a_label_mapped_turn_by_turn_is_no_longer_unmapped(project: qualframe.Project) -> None:
    project.study.add_case("Site A")
    project.study.add_participant("P01", "Site A")
    project.documents.import_bytes("n.txt", b"**Ann**: Hello.\n\n**Bob**: Hi there.\n")
    project.documents.map_speaker("Ann", "P01")
    assert project.documents.unmapped_speakers() == ["Bob"]
    project.documents.map_turn("n.txt", 2, role="interviewer")
    assert project.documents.unmapped_speakers() == []
    view = project.coding.document_view("n.txt")
    assert view.unmapped_labels == ()
    assert [(t.label, t.role, t.own_mapping) for t in view.turns] == [
        ("Ann", qualframe.SpeakerRole.PARTICIPANT, False),
        ("Bob", qualframe.SpeakerRole.INTERVIEWER, True),
    ]


def test_a_document_mapping_of_the_label_and_a_turns_mapping_live_side_by_side(
    group: qualframe.Project,
) -> None:
    group.documents.map_turn("fg.txt", 4, "P02")
    group.documents.map_speaker("Speaker 1", "P03", document="fg.txt")
    assert _codings(group) == [("Speaker 1", "P03"), ("Speaker 2", "P02"), ("Speaker 1", "P02")]
    group.documents.unmap_speaker("Speaker 1", document="fg.txt")
    assert [t.level for t in group.documents.turn_list("fg.txt")][3] == "turn"
    assert _codings(group)[0] == ("Speaker 1", "P01")


def test_mistakes_name_the_problem_and_write_nothing(group: qualframe.Project) -> None:
    before = _state(group)
    with pytest.raises(NotFoundError, match="has turns 1 to 5; there is no turn 6"):
        group.documents.map_turn("fg.txt", 6, "P02")
    with pytest.raises(NotFoundError, match="there is no turn 0"):
        group.documents.map_turn("fg.txt", 0, "P02")
    with pytest.raises(ValidationError, match="named by its number"):
        group.documents.map_turn("fg.txt", "4", "P02")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="named by its number"):
        group.documents.map_turn("fg.txt", True, "P02")
    with pytest.raises(NotFoundError, match=r"fg2\.txt"):
        group.documents.map_turn("fg2.txt", 1, "P02")
    with pytest.raises(NotFoundError, match="P09"):
        group.documents.map_turn("fg.txt", 4, "P09")
    with pytest.raises(ValidationError, match="Unknown speaker role 'chair'"):
        group.documents.map_turn("fg.txt", 4, role="chair")
    with pytest.raises(ValidationError, match="cannot also be 'interviewer'"):
        group.documents.map_turn("fg.txt", 4, "P02", role="interviewer")
    with pytest.raises(ValidationError, match="Say who the speaker is"):
        group.documents.map_turn("fg.txt", 4)
    own = "Turn 4 ('**Speaker 1**: The groups on Tuesdays.') of 'fg.txt' has no mapping of its own"
    with pytest.raises(NotFoundError, match=re.escape(own)):
        group.documents.unmap_turn("fg.txt", 4)
    group.documents.import_bytes("plain.txt", b"Just some notes without speakers.\n")
    with pytest.raises(NotFoundError, match=r"'plain\.txt' has no speaker turns"):
        group.documents.map_turn("plain.txt", 1, "P01")
    after = _state(group)
    assert (after[0], after[2]) == (before[0], before[2])
    assert after[1] == before[1] + 1  # the import of plain.txt only


# ---------------------------------------------------------------- across text changes


def test_a_turns_mapping_follows_its_turn_into_a_corrected_text(
    group: qualframe.Project,
) -> None:
    group.documents.map_turn("fg.txt", 4, "P02")
    corrected = "**Facilitator**: Welcome, everyone.\n\n" + GROUP.replace("Tuesdays", "Thursdays")
    change = group.documents.replace_text("fg.txt", UploadedFile("fg.txt", corrected.encode()))
    assert change.turn_mappings_dropped == ()
    turns = _turns(group)
    assert turns[4] == (5, "Speaker 1", "P02", "participant", "turn")
    assert [t[4] for t in turns].count("turn") == 1
    assert _codings(group)[2] == ("Speaker 1", "P02")


def test_a_turns_mapping_whose_turn_is_gone_is_listed_not_lost_silently(
    group: qualframe.Project,
) -> None:
    group.documents.map_turn("fg.txt", 4, "P02")
    group.documents.map_turn("fg.txt", 2, "P03")
    # Turn 4 is relabelled in the new text: its mapping has no turn to go to.
    corrected = GROUP.replace("**Speaker 1**: The groups", "**Speaker 2**: The groups")
    change = group.documents.replace_text("fg.txt", UploadedFile("fg.txt", corrected.encode()))
    assert change.turn_mappings_dropped == (
        "Speaker 1 in turn 4 ('**Speaker 1**: The groups on Tuesdays.'), was P02",
    )
    assert "turn mappings dropped (turn gone): Speaker 1 in turn 4" in change.summary()
    assert [t[4] for t in _turns(group)] == ["project", "turn", "project", "project", "project"]
    entry = _entry(group, "document.replace")
    assert entry.details["turn_mappings_dropped"] == list(change.turn_mappings_dropped)
    assert [m.turn for m in group.documents.mapping_list() if m.turn] == [2]


# ---------------------------------------------------------------- merging and splitting turns


HEARING = (
    "**Counsel**: What did you tell the minister?\n\n"
    "**Witness**: I wrote to him that evening.\n\n"
    "**You say**: I should have acted sooner.\n\n"
    "**Witness**: That remains my view.\n"
)


@pytest.fixture
def hearing(project: qualframe.Project) -> qualframe.Project:
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses")
    project.study.add_participant("W02", "Witnesses")
    project.documents.import_bytes("day1.txt", HEARING.encode())
    project.documents.map_speaker("Witness", "W01")
    project.documents.map_speaker("Counsel", role="interviewer")
    return project


def test_a_turn_merged_away_takes_its_mapping_and_the_change_names_it(
    hearing: qualframe.Project,
) -> None:
    hearing.documents.map_turn("day1.txt", 2, "W02")  # the turn "You say" joins
    hearing.documents.map_turn("day1.txt", 3, role="other")  # "You say" itself
    change = hearing.documents.reject_label("You say")
    assert change.turns_removed == 1
    assert change.turn_mappings_removed == (
        "You say in turn 3 ('**You say**: I should have acted sooner.') of 'day1.txt', was other",
    )
    assert change.mappings_removed == 1
    # The turn it joined keeps its own mapping, now over both paragraphs.
    assert _turns(hearing, "day1.txt") == [
        (1, "Counsel", None, "interviewer", "project"),
        (2, "Witness", "W02", "participant", "turn"),
        (3, "Witness", "W01", "participant", "project"),
    ]
    entry = _entry(hearing, "speaker.reject")
    assert entry.details["turn_mappings_removed"] == list(change.turn_mappings_removed)
    assert "the mappings of turns merged away are removed: You say in turn 3" in entry.summary


def test_a_turn_split_keeps_its_mapping_and_undoing_the_split_reports_the_new_turns(
    project: qualframe.Project,
) -> None:
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses")
    project.study.add_participant("W02", "Witnesses")
    text = (
        "**Chair**: Please go on.\n\n"
        "**Witness**: The plan was ready in 2019.\n"
        "Lead counsel for the inquiry: Was it ever tested?\n\n"
        "**Witness**: Never, as far as I know.\n"
    )
    project.documents.import_bytes("day2.txt", text.encode())
    project.documents.map_turn("day2.txt", 2, "W01")
    accepted = project.documents.accept_label("Lead counsel for the inquiry")
    assert accepted.turns_added == 1
    turns = project.documents.turn_list("day2.txt")
    assert [(t.label, t.level) for t in turns] == [
        ("Chair", None),
        ("Witness", "turn"),
        ("Lead counsel for the inquiry", None),
        ("Witness", None),
    ]
    assert turns[1].participant == "W01"
    project.documents.map_turn("day2.txt", 3, "W02")
    undone = project.documents.undo_label_decision("Lead counsel for the inquiry")
    assert undone.turns_removed == 1
    assert undone.turn_mappings_removed == (
        "Lead counsel for the inquiry in turn 3 ('Lead counsel for the inquiry: Was it…') "
        "of 'day2.txt', was W02",
    )
    assert [(t.label, t.level) for t in project.documents.turn_list("day2.txt")] == [
        ("Chair", None),
        ("Witness", "turn"),
        ("Witness", None),
    ]
