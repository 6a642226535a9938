"""Deciding whether a line-start label is a speaker ("You say:" is not; a missed
"Lead counsel for the inquiry:" is), undoing that, and mapping many labels at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.storage.models import (
    AuditEntry,
    Case,
    Coding,
    LabelDecision,
    Participant,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)

# "You say:" is counsel quoting the witness's statement back, in the middle of the
# witness's answer; written in bold, detection takes it for a speaker.
HEARING = (
    "**Counsel**: What did you tell the minister?\n\n"
    "**Witness**: I wrote to him that evening about the stockpile.\n\n"
    "**You say**: I should have acted sooner, and I accept that now.\n\n"
    "**Witness**: That remains my view.\n\n"
    "**Counsel**: Thank you.\n"
)
# "Lead counsel for the inquiry:" reads as prose to detection, so it is missed.
MISSED = (
    "**Chair**: Please go on.\n\n"
    "**Witness**: The plan was ready in 2019.\n\n"
    "Lead counsel for the inquiry: Was it ever tested?\n\n"
    "**Witness**: Never, as far as I know.\n"
)


@pytest.fixture
def hearing(project: qualframe.Project) -> qualframe.Project:
    """Two hearing documents, witness W01, Counsel and Chair the interviewer."""
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.documents.import_bytes("day1.txt", HEARING.encode())
    project.documents.import_bytes("day2.txt", MISSED.encode())
    project.documents.map_speaker("Witness", "W01")
    project.documents.map_speaker("Counsel", role="interviewer")
    project.codebook.add("Regret")
    return project


def _span(text: str, first: str, last: str) -> tuple[int, int]:
    return text.index(first), text.index(last) + len(last)


def _turns(project: qualframe.Project, document: str) -> list[tuple[str, str]]:
    """(label, text of the turn) of a document's turns."""
    text = project.documents.document(document).text
    return [(t.label, text[t.start : t.end]) for t in project.documents.turn_list(document)]


def _counts(project: qualframe.Project) -> dict[str, int]:
    """Rows of the tables a decision writes (to check that nothing was)."""
    with project.database.transaction() as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (
                SpeakerTurn,
                TextSegment,
                SpeakerMapping,
                LabelDecision,
                AuditEntry,
                Participant,
                Case,
            )
        }


def _segments_follow_turns(project: qualframe.Project) -> bool:
    """Whether every search segment lies in the turn holding its start (or in none)."""
    with project.database.transaction() as session:
        turns = [
            (t.document_id, t.start, t.end, t.id) for t in session.scalars(select(SpeakerTurn))
        ]
        for segment in session.scalars(select(TextSegment)):
            holding = [
                turn_id
                for document_id, start, end, turn_id in turns
                if document_id == segment.document_id and start <= segment.start < end
            ]
            if segment.turn_id != (holding[0] if holding else None):
                return False
            if holding and not any(
                start <= segment.start and segment.end <= end
                for document_id, start, end, turn_id in turns
                if turn_id == holding[0]
            ):
                return False
    return True


def _coding(project: qualframe.Project, coding_id: int) -> tuple[str | None, str | None, int, int]:
    """(speaker, participant identifier, start, end) of a coding."""
    with project.database.transaction() as session:
        coding = session.get(Coding, coding_id)
        assert coding is not None
        person = session.get(Participant, coding.participant_id) if coding.participant_id else None
        return coding.speaker, person.identifier if person else None, coding.start, coding.end


# ---------------------------------------------------------------- not a speaker


def test_rejecting_you_say_rejoins_the_answer_and_keeps_a_coding_spanning_it(
    hearing: qualframe.Project,
) -> None:
    spanning = hearing.coding.apply("day1.txt", "Regret", *_span(HEARING, "I wrote", "now."))
    inside = hearing.coding.apply("day1.txt", "Regret", *_span(HEARING, "I should", "now."))
    hearing.documents.map_speaker("You say", role="other")
    assert [label for label, _ in _turns(hearing, "day1.txt")] == [
        "Counsel",
        "Witness",
        "You say",
        "Witness",
        "Counsel",
    ]
    assert _coding(hearing, inside.id)[:2] == ("You say", None)

    change = hearing.documents.reject_label("You say")

    assert (change.label, change.is_speaker) == ("You say", False)
    assert (change.documents, change.turns_removed, change.mappings_removed) == (1, 1, 1)
    assert change.codings_changed == 1
    turns = _turns(hearing, "day1.txt")
    assert turns[1] == (
        "Witness",
        "**Witness**: I wrote to him that evening about the stockpile.\n\n"
        "**You say**: I should have acted sooner, and I accept that now.",
    )
    assert [label for label, _ in turns] == ["Counsel", "Witness", "Witness", "Counsel"]
    assert _coding(hearing, spanning.id) == ("Witness", "W01", *_span(HEARING, "I wrote", "now."))
    assert _coding(hearing, inside.id)[:2] == ("Witness", "W01")
    assert hearing.documents.document("day1.txt").text == HEARING
    assert _segments_follow_turns(hearing)
    assert "You say" not in set(hearing.documents.speakers()["label"])
    assert hearing.documents.mapping_list() == [
        m for m in hearing.documents.mapping_list() if m.label != "You say"
    ]
    [decision] = hearing.documents.label_decisions()
    assert (decision.label, decision.is_speaker, decision.decided_by) == (
        "You say",
        False,
        "tester",
    )
    assert "speaker.reject" in set(hearing.audit_log()["action"])


def test_undoing_a_rejection_splits_the_turn_again(hearing: qualframe.Project) -> None:
    inside = hearing.coding.apply("day1.txt", "Regret", *_span(HEARING, "I should", "now."))
    hearing.documents.reject_label("you say")  # letter case ignored
    change = hearing.documents.undo_label_decision("You say")
    assert (change.is_speaker, change.turns_added, change.documents) == (None, 1, 1)
    assert [label for label, _ in _turns(hearing, "day1.txt")][2] == "You say"
    assert _coding(hearing, inside.id)[:2] == ("You say", None)
    assert hearing.documents.label_decisions() == []
    assert _segments_follow_turns(hearing)


def test_a_label_at_the_very_start_belongs_to_no_turn_once_rejected(
    project: qualframe.Project,
) -> None:
    text = "**Usher**: All rise.\n\n**Ann**: Hello.\n\n**Usher**: The tape is changed.\n"
    project.documents.import_bytes("notes.txt", text.encode())
    assert [label for label, _ in _turns(project, "notes.txt")] == ["Usher", "Ann", "Usher"]
    project.documents.reject_label("Usher")
    assert _turns(project, "notes.txt") == [("Ann", text[text.index("**Ann**") :].rstrip())]
    assert _segments_follow_turns(project)


# ---------------------------------------------------------------- a speaker


def test_accepting_a_missed_label_splits_the_turn_it_was_in(hearing: qualframe.Project) -> None:
    question = hearing.coding.apply("day2.txt", "Regret", *_span(MISSED, "Was it", "tested?"))
    spanning = hearing.coding.apply("day2.txt", "Regret", *_span(MISSED, "The plan", "tested?"))
    assert [label for label, _ in _turns(hearing, "day2.txt")] == ["Chair", "Witness", "Witness"]
    assert _coding(hearing, question.id)[:2] == ("Witness", "W01")

    change = hearing.documents.accept_label("Lead counsel for the inquiry")

    assert (change.is_speaker, change.documents, change.turns_added) == (True, 1, 1)
    assert _turns(hearing, "day2.txt") == [
        ("Chair", "**Chair**: Please go on."),
        ("Witness", "**Witness**: The plan was ready in 2019."),
        ("Lead counsel for the inquiry", "Lead counsel for the inquiry: Was it ever tested?"),
        ("Witness", "**Witness**: Never, as far as I know."),
    ]
    assert _coding(hearing, question.id)[:2] == ("Lead counsel for the inquiry", None)
    assert _coding(hearing, spanning.id)[:2] == ("Witness", "W01")
    assert _segments_follow_turns(hearing)
    decided = [
        row.is_speaker
        for row in hearing.documents.speaker_labels()
        if row.label == "Lead counsel for the inquiry"
    ]
    assert decided == [True]
    assert hearing.documents.unmapped_speakers() == [
        "Chair",
        "Lead counsel for the inquiry",
        "You say",
    ]

    undone = hearing.documents.undo_label_decision("lead counsel for the inquiry")
    assert (undone.turns_removed, undone.documents) == (1, 1)
    assert [label for label, _ in _turns(hearing, "day2.txt")] == ["Chair", "Witness", "Witness"]
    assert _coding(hearing, question.id)[:2] == ("Witness", "W01")
    assert _segments_follow_turns(hearing)


def test_accepting_a_rejected_label_brings_its_turns_back(hearing: qualframe.Project) -> None:
    hearing.documents.reject_label("You say")
    change = hearing.documents.accept_label("You say")
    assert (change.is_speaker, change.turns_added) == (True, 1)
    [decision] = hearing.documents.label_decisions()
    assert decision.is_speaker is True
    assert [label for label, _ in _turns(hearing, "day1.txt")][2] == "You say"


def test_bad_decisions_say_why_and_write_nothing(hearing: qualframe.Project) -> None:
    before = _counts(hearing)
    with pytest.raises(NotFoundError, match=r"No speaker label 'You sey'.*Did you mean 'You say'"):
        hearing.documents.reject_label("You sey")
    with pytest.raises(NotFoundError, match=re.escape("starts with the label 'Moderator'")):
        hearing.documents.accept_label("Moderator")
    with pytest.raises(
        NotFoundError, match="No decision about the label 'lead counsel for the inquiry'"
    ):
        hearing.documents.undo_label_decision("lead counsel for the inquiry")
    with pytest.raises(ValidationError, match="Give the label"):
        hearing.documents.reject_label("  ")
    assert _counts(hearing) == before
    hearing.documents.reject_label("You say")
    after = _counts(hearing)
    with pytest.raises(ValidationError, match="'You say' is already marked as not a speaker"):
        hearing.documents.reject_label("You say")
    hearing.documents.accept_label("Lead counsel for the inquiry")
    with pytest.raises(
        ValidationError, match="'Lead counsel for the inquiry' is already accepted as a speaker"
    ):
        hearing.documents.accept_label("Lead counsel for the inquiry")
    assert _counts(hearing)["LabelDecision"] == after["LabelDecision"] + 1


# ---------------------------------------------------------------- many labels at once


def test_every_unmapped_label_is_mapped_to_other_in_one_action(
    hearing: qualframe.Project,
) -> None:
    hearing.documents.map_speaker("Chair", role="interviewer", document="day2.txt")
    result = hearing.documents.map_unmapped_speakers("other")
    assert (result.role, result.labels, result.documents) == ("other", ("You say",), ())
    assert result.mappings == 1 and result.documents_reattributed == 1
    assert hearing.documents.unmapped_speakers() == []
    mappings = {(m.label, m.document): m.role for m in hearing.documents.mapping_list()}
    assert mappings[("Chair", "day2.txt")] == "interviewer"
    assert mappings[("You say", None)] == "other"
    assert ("Chair", None) not in mappings
    assert "speaker.map_unmapped" in set(hearing.audit_log()["action"])
    again = hearing.documents.map_unmapped_speakers("interviewer")
    assert (again.labels, again.mappings) == ((), 0)


def test_unmapped_labels_of_chosen_documents_are_mapped_there_only(
    hearing: qualframe.Project,
) -> None:
    result = hearing.documents.map_unmapped_speakers("interviewer", documents=["day2.txt"])
    assert (result.labels, result.documents, result.mappings) == (("Chair",), ("day2.txt",), 1)
    assert hearing.documents.unmapped_speakers() == ["You say"]
    [chair] = [m for m in hearing.documents.mapping_list() if m.label == "Chair"]
    assert (chair.document, chair.role) == ("day2.txt", "interviewer")


def test_bulk_mapping_mistakes_write_nothing(hearing: qualframe.Project) -> None:
    before = _counts(hearing)
    with pytest.raises(ValidationError, match="interviewer or to other in one go"):
        hearing.documents.map_unmapped_speakers("participant")
    with pytest.raises(ValidationError, match="Unknown speaker role 'chair'"):
        hearing.documents.map_unmapped_speakers("chair")
    with pytest.raises(NotFoundError, match=re.escape("day9.txt")):
        hearing.documents.map_unmapped_speakers("other", documents=["day9.txt"])
    assert _counts(hearing) == before


def test_participants_are_made_from_labels_and_mapped_to_them(
    hearing: qualframe.Project,
) -> None:
    coding = hearing.coding.apply("day2.txt", "Regret", *_span(MISSED, "Please", "go on."))
    result = hearing.documents.create_participants_from_labels(["Chair", "You say"])
    assert (result.participants, result.cases) == (("Chair", "You say"), ("Chair", "You say"))
    assert result.documents_reattributed == 2 and result.codings_changed == 1
    assert _coding(hearing, coding.id)[:2] == ("Chair", "Chair")
    people = {p.identifier: p.case for p in hearing.study.participants()}
    assert people["Chair"] == "Chair" and people["You say"] == "You say"
    mappings = {m.label: m.participant for m in hearing.documents.mapping_list()}
    assert mappings["Chair"] == "Chair"
    assert "speaker.create_participants" in set(hearing.audit_log()["action"])


def test_participants_made_from_labels_can_join_one_case(hearing: qualframe.Project) -> None:
    result = hearing.documents.create_participants_from_labels("Chair", case="Witnesses")
    assert (result.participants, result.cases) == (("Chair",), ())
    assert {p.identifier: p.case for p in hearing.study.participants()}["Chair"] == "Witnesses"


def test_making_participants_of_bad_labels_writes_nothing(hearing: qualframe.Project) -> None:
    hearing.study.add_participant("chair", "Witnesses")
    before = _counts(hearing)
    with pytest.raises(NotFoundError, match="No speaker label 'Chiar'"):
        hearing.documents.create_participants_from_labels(["You say", "Chiar"])
    with pytest.raises(ConflictError, match="participant 'chair' already: map the label to it"):
        hearing.documents.create_participants_from_labels(["You say", "Chair"])
    with pytest.raises(NotFoundError, match="No case called 'Panel'"):
        hearing.documents.create_participants_from_labels(["You say"], case="Panel")
    with pytest.raises(ValidationError, match="Choose the speaker labels"):
        hearing.documents.create_participants_from_labels([])
    with pytest.raises(ValidationError, match="given twice"):
        hearing.documents.create_participants_from_labels(["You say", "you say"])
    assert _counts(hearing) == before


def test_accepting_a_label_rejected_in_other_letter_case_restores_it(
    project: qualframe.Project,
) -> None:
    text = "Interviewer: Hello?\n\nWitness: Yes.\n\nInterviewer: And?\n\nWitness: No.\n"
    project.documents.import_bytes("w.txt", text.encode())
    project.documents.reject_label("Witness")
    assert [t.label for t in project.documents.turn_list("w.txt")] == ["Interviewer"] * 2
    change = project.documents.accept_label("witness")
    assert change.label == "Witness"
    assert [t.label for t in project.documents.turn_list("w.txt")] == [
        "Interviewer",
        "Witness",
        "Interviewer",
        "Witness",
    ]
