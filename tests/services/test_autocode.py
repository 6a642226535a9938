"""Auto-coding by speaker, by question section and by keyword: preview, then apply."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import qualframe
from qualframe.services.coding import autocode
from qualframe.services.coding.autocode import AutocodePlan
from qualframe.storage.models import Code, Coding
from qualframe.vocabulary import AttributeLevel
from services.builders import (
    Acting,
    define_attribute,
    make_case,
    make_code,
    make_document,
    make_participant,
    make_question,
    map_speaker,
    set_value,
)

FOCUS_GROUP = """# Q1. How did you come to peer work?

Interviewer: How did you come to peer work?

Sam: I hoped to give something back. Trust came later.

Ali: Hope is what kept me going.

# Q2. What was hard?

Interviewer: What was hard?

Sam: The boundaries were hard. Nobody trusted me at first.

Ali: I felt hopeless sometimes.
"""

INTERVIEW = """Q1. How did you come to peer work?
I wanted to help. Hope matters.

Q2. What was hard?
The hours.
"""


@dataclass(frozen=True)
class Corpus:
    ctx: Acting
    focus_group: int
    interview: int


@pytest.fixture
def corpus(project: qualframe.Project) -> Corpus:
    """A focus group (Sam: NHS peer worker, Ali: charity service user) and a
    one-to-one interview without speaker labels (Dee: charity peer worker),
    both with question sections; codes Hope, Trust, Hard, Old (retired)."""
    pid = project.info.id
    with project.database.transaction() as s:
        employer = define_attribute(s, pid, "employer", AttributeLevel.CASE, ["NHS", "charity"])
        group = define_attribute(
            s, pid, "stakeholder group", AttributeLevel.PARTICIPANT, ["peer worker", "service user"]
        )
        mode = define_attribute(s, pid, "mode", AttributeLevel.DOCUMENT, ["group", "one to one"])
        nhs, charity = make_case(s, pid, "Trust A"), make_case(s, pid, "Charity B")
        set_value(s, employer, nhs, "NHS")
        set_value(s, employer, charity, "charity")
        sam = make_participant(s, pid, "Sam", nhs)
        ali = make_participant(s, pid, "Ali", charity)
        dee = make_participant(s, pid, "Dee", charity)
        for person, value in ((sam, "peer worker"), (ali, "service user"), (dee, "peer worker")):
            set_value(s, group, person, value)
        focus = make_document(
            s, pid, "fg-01.md", FOCUS_GROUP, participants=[sam, ali], detect_turns=True
        )
        interview = make_document(s, pid, "interview-02.txt", INTERVIEW, participants=[dee])
        set_value(s, mode, focus, "group")
        set_value(s, mode, interview, "one to one")
        map_speaker(s, pid, "Interviewer")
        map_speaker(s, pid, "Sam", sam)
        map_speaker(s, pid, "Ali", ali)
        for name in ("Hope", "Trust", "Hard"):
            make_code(s, pid, name)
        make_code(s, pid, "Old", retired=True)
        make_question(s, pid, "Q2", "What was hard for you?", heading="What was hard?")
        return Corpus(Acting.of(project), focus.id, interview.id)


def _counts(project: qualframe.Project) -> tuple[int, int]:
    with project.database.transaction() as s:
        return s.query(Coding).count(), len(project.audit_log())


def _texts(plan: AutocodePlan) -> list[str]:
    return [span.excerpt for span in plan.spans]


# ---------------------------------------------------------------- by speaker


def test_speaker_preview_proposes_turns_without_labels_and_writes_nothing(project, corpus) -> None:
    before = _counts(project)
    plan = project.coding.autocode_speaker("Trust", participants=["Sam"])
    assert _texts(plan) == [
        "I hoped to give something back. Trust came later.",
        "The boundaries were hard. Nobody trusted me at first.",
    ]
    assert {(s.speaker, s.participant) for s in plan.spans} == {("Sam", "Sam")}
    assert (plan.new, plan.already_coded, plan.documents) == (2, 0, 1)
    assert _counts(project) == before


def test_applying_a_speaker_plan_codes_its_spans_once(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_speaker("Trust", participants="Sam")
    assert project.coding.apply_plan(plan) == 2
    frame = project.coding.codings(code="Trust")
    assert list(frame["participant"]) == ["Sam", "Sam"]
    assert frame.iloc[0]["text"] == "I hoped to give something back. Trust came later."
    again = project.coding.autocode_speaker("Trust", participants="Sam")
    assert (again.new, again.already_coded) == (0, 2)
    assert project.coding.apply_plan(again) == 0
    entries = project.audit_log()
    batch = entries[entries["action"] == "coding.add"]
    assert len(batch) == 1
    assert "auto-coded turns of participants Sam" in batch.iloc[0]["summary"]


def test_speakers_are_chosen_by_attribute_or_label(project, corpus: Corpus) -> None:
    peers = project.coding.autocode_speaker("Trust", where={"stakeholder group": "peer worker"})
    assert {s.participant for s in peers.spans} == {"Sam"}  # Dee's interview has no turns
    users = project.coding.autocode_speaker("Trust", where={"employer": "charity"})
    assert {s.participant for s in users.spans} == {"Ali"}
    asked = project.coding.autocode_speaker("Trust", speakers=["INTERVIEWER"])
    assert _texts(asked) == ["How did you come to peer work?", "What was hard?"]
    assert {(s.speaker, s.participant) for s in asked.spans} == {("Interviewer", None)}


def test_speaker_auto_coding_needs_a_choice_of_speakers(project, corpus: Corpus) -> None:
    with pytest.raises(qualframe.ValidationError, match="Say whose turns to code"):
        project.coding.autocode_speaker("Trust")
    with pytest.raises(qualframe.ValidationError, match="Say whose turns to code"):
        project.coding.autocode_speaker("Trust", where={"mode": "group"})
    in_groups = project.coding.autocode_speaker(
        "Trust", speakers="Ali", where={"mode": "group"}, documents=["fg-01.md"]
    )
    assert _texts(in_groups) == ["Hope is what kept me going.", "I felt hopeless sometimes."]


# ---------------------------------------------------------------- by section


def test_section_preview_proposes_section_bodies(project, corpus: Corpus) -> None:
    before = _counts(project)
    plan = project.coding.autocode_section("Hard", title="q2")
    assert [s.document for s in plan.spans] == ["fg-01.md", "interview-02.txt"]
    fg_body = FOCUS_GROUP[FOCUS_GROUP.index("Interviewer: What") :].rstrip()
    first = plan.spans[0]
    assert FOCUS_GROUP[first.start : first.end] == fg_body
    assert plan.spans[1].excerpt == "The hours."
    assert plan.spans[1].participant == "Dee"
    assert _counts(project) == before
    assert project.coding.apply_plan(plan) == 2


def test_sections_can_include_their_heading(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_section("Hard", title="Q2", include_heading=True)
    assert _texts(plan)[1] == "Q2. What was hard? The hours."


def test_sections_are_found_by_an_interview_questions_heading(project, corpus) -> None:
    plan = project.coding.autocode_section("Hard", question="q2")
    assert len(plan.spans) == 2
    assert "question Q2" in plan.description


def test_sections_are_found_by_regular_expression(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_section("Hard", title=r"^Q\d\. How", regex=True)
    assert [s.excerpt[:12] for s in plan.spans] == ["Interviewer:", "I wanted to "]


def test_section_where_keeps_documents_recording_matching_people(project, corpus) -> None:
    nhs = project.coding.autocode_section("Hard", title="Q2", where={"employer": "NHS"})
    assert [s.document for s in nhs.spans] == ["fg-01.md"]
    one_to_one = project.coding.autocode_section("Hard", title="Q2", where={"mode": "one to one"})
    assert [s.document for s in one_to_one.spans] == ["interview-02.txt"]


def test_an_invalid_section_regex_is_reported_and_nothing_written(project, corpus) -> None:
    before = _counts(project)
    with pytest.raises(qualframe.ValidationError) as caught:
        project.coding.autocode_section("Hard", title="Q(2", regex=True)
    assert str(caught.value) == (
        "The regular expression 'Q(2' is not valid: missing ), unterminated subpattern "
        "at position 1."
    )
    assert _counts(project) == before


def test_section_auto_coding_needs_a_title_or_a_question(project, corpus) -> None:
    with pytest.raises(qualframe.ValidationError, match="either a section title"):
        project.coding.autocode_section("Hard")
    with pytest.raises(qualframe.NotFoundError, match=r"no question 'Q9'.*\(Q2\)"):
        project.coding.autocode_section("Hard", question="Q9")


# ---------------------------------------------------------------- by keyword


def test_keywords_match_whole_words_ignoring_case(project, corpus: Corpus) -> None:
    before = _counts(project)
    plan = project.coding.autocode_keywords("Hope", ["hope"])
    assert _texts(plan) == ["Hope is what kept me going.", "Hope matters."]
    assert [s.participant for s in plan.spans] == ["Ali", "Dee"]
    assert plan.spans[0].matched == ("hope",)
    assert _counts(project) == before


def test_a_trailing_star_matches_word_beginnings(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_keywords("Hope", "hope*")
    assert _texts(plan) == [
        "I hoped to give something back.",
        "Hope is what kept me going.",
        "I felt hopeless sometimes.",
        "Hope matters.",
    ]
    assert plan.spans[2].matched == ("hopeless",)


def test_keywords_code_paragraphs_for_chosen_people(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_keywords(
        "Trust", ["trust*"], unit="paragraph", where={"stakeholder group": "peer worker"}
    )
    assert _texts(plan) == [
        "I hoped to give something back. Trust came later.",
        "The boundaries were hard. Nobody trusted me at first.",
    ]
    only_interview = project.coding.autocode_keywords(
        "Hope", ["hope"], documents="interview-02.txt"
    )
    assert _texts(only_interview) == ["Hope matters."]


def test_keyword_regular_expressions_and_their_errors(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_keywords("Hope", [r"hope(d|less)"], regex=True)
    assert _texts(plan) == ["I hoped to give something back.", "I felt hopeless sometimes."]
    before = _counts(project)
    with pytest.raises(qualframe.ValidationError) as caught:
        project.coding.autocode_keywords("Hope", ["hop(e"], regex=True)
    assert str(caught.value) == (
        "The regular expression 'hop(e' is not valid: missing ), unterminated subpattern "
        "at position 3."
    )
    assert _counts(project) == before


def test_applying_a_keyword_plan_and_the_plan_as_a_frame(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_keywords("Hope", ["hope"])
    frame = plan.to_frame()
    assert list(frame["status"]) == ["new", "new"]
    assert project.coding.apply_plan(plan) == 2
    assert list(project.coding.codings(code="Hope")["text"]) == [
        "Hope is what kept me going.",
        "Hope matters.",
    ]
    assert list(project.coding.autocode_keywords("Hope", ["hope"]).to_frame()["status"]) == [
        "already coded",
        "already coded",
    ]


def test_auto_coding_refuses_retired_codes_and_bad_units(project, corpus: Corpus) -> None:
    with pytest.raises(qualframe.ValidationError, match="retired"):
        project.coding.autocode_keywords("Old", ["hope"])
    with pytest.raises(qualframe.ValidationError, match="'sentence' or 'paragraph'"):
        project.coding.autocode_keywords("Hope", ["hope"], unit="word")  # type: ignore[arg-type]
    with pytest.raises(qualframe.ValidationError, match="at least one keyword"):
        project.coding.autocode_keywords("Hope", ["  "])


def test_a_plan_applied_after_the_code_was_retired_writes_nothing(project, corpus) -> None:
    plan = project.coding.autocode_keywords("Hope", ["hope"])
    with project.database.transaction() as s:
        code = s.query(Code).filter_by(name="Hope").one()
        code.retired = True
    before = _counts(project)
    with pytest.raises(qualframe.ValidationError, match="retired"):
        project.coding.apply_plan(plan)
    assert _counts(project) == before


def test_preview_marks_spans_coded_by_this_coder_only(project, corpus: Corpus) -> None:
    plan = project.coding.autocode_keywords("Hope", ["hope"])
    other = Acting(corpus.ctx.project_id, "second coder")
    with project.database.transaction() as s:
        autocode.apply_plan(other(s), plan)
    fresh = project.coding.autocode_keywords("Hope", ["hope"])
    assert (fresh.new, fresh.already_coded) == (2, 0)
