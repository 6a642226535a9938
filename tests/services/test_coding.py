"""Applying codes to spans, removing them, and listing codings as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

import qualframe
from qualframe.services.coding import codings as coding
from qualframe.storage.models import Coding
from qualframe.vocabulary import AttributeLevel
from services.builders import (
    Acting,
    define_attribute,
    make_case,
    make_code,
    make_document,
    make_participant,
    map_speaker,
    set_value,
)

FOCUS_GROUP = (
    "Interviewer: What helped you?\n\n"
    "Sam: Having someone who had been there gave me hope.\n\n"
    "Ali: I did not trust the staff at first.\n"
)
INTERVIEW = "I think the peer worker understood me. It was about trust."


@dataclass(frozen=True)
class Study:
    """Ids of the small study every test here codes."""

    ctx: Acting
    interview: int
    focus_group: int
    sam: int
    ali: int
    dee: int
    hope: int
    future: int
    trust: int
    old: int


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    """Two cases (employer NHS / voluntary sector), three participants
    (stakeholder group), a one-to-one interview (Dee, no turns) and a focus
    group (Sam and Ali, with an interviewer), codes Hope > Future, Trust, Old
    (retired); documents have a "mode" attribute."""
    pid = project.info.id
    with project.database.transaction() as s:
        employer = define_attribute(
            s, pid, "employer", AttributeLevel.CASE, ["NHS", "voluntary sector"]
        )
        group = define_attribute(
            s, pid, "stakeholder group", AttributeLevel.PARTICIPANT, ["peer worker", "service user"]
        )
        mode = define_attribute(s, pid, "mode", AttributeLevel.DOCUMENT, ["in person", "online"])
        nhs, charity = make_case(s, pid, "Trust A"), make_case(s, pid, "Charity B")
        set_value(s, employer, nhs, "NHS")
        set_value(s, employer, charity, "voluntary sector")
        sam = make_participant(s, pid, "Sam", nhs)
        ali = make_participant(s, pid, "Ali", charity)
        dee = make_participant(s, pid, "Dee", charity)
        set_value(s, group, sam, "peer worker")
        set_value(s, group, ali, "service user")
        set_value(s, group, dee, "peer worker")
        interview = make_document(s, pid, "interview-01.txt", INTERVIEW, participants=[dee])
        focus = make_document(
            s, pid, "focus-group.txt", FOCUS_GROUP, participants=[sam, ali], detect_turns=True
        )
        set_value(s, mode, interview, "in person")
        set_value(s, mode, focus, "online")
        map_speaker(s, pid, "Interviewer")
        map_speaker(s, pid, "Sam", sam)
        map_speaker(s, pid, "Ali", ali)
        hope = make_code(s, pid, "Hope")
        future = make_code(s, pid, "Future", hope)
        trust = make_code(s, pid, "Trust")
        old = make_code(s, pid, "Old", retired=True)
        return Study(
            Acting.of(project), interview.id, focus.id, sam.id, ali.id, dee.id,
            hope.id, future.id, trust.id, old.id,
        )  # fmt: skip


def _at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _counts(project: qualframe.Project) -> tuple[int, int]:
    """(codings, audit entries) in the project."""
    with project.database.transaction() as s:
        codings = s.query(Coding).count()
    return codings, len(project.audit_log())


# ---------------------------------------------------------------- applying one code


def test_applying_a_code_keeps_the_quote_and_who_speaks(project, study: Study) -> None:
    start, end = _at(FOCUS_GROUP, "gave me hope")
    with project.database.transaction() as s:
        record = coding.apply_code(study.ctx(s), "focus-group.txt", "Hope", start, end)
    assert record.text == "gave me hope"
    assert (record.speaker, record.participant, record.coder) == ("Sam", "Sam", "tester")
    assert record.code == "Hope"
    log = project.audit_log()
    assert log.iloc[-1]["action"] == "coding.create"
    assert log.iloc[-1]["entity_id"] == record.id


def test_a_coding_is_attributed_to_the_speaker_at_its_start(project, study: Study) -> None:
    start = FOCUS_GROUP.index("What helped")
    end = FOCUS_GROUP.index("gave me hope")
    with project.database.transaction() as s:
        interviewer = coding.apply_code(study.ctx(s), study.focus_group, "Trust", start, end)
        ali = coding.apply_code(
            study.ctx(s), study.focus_group, "Trust", *_at(FOCUS_GROUP, "I did")
        )
    assert (interviewer.speaker, interviewer.participant) == ("Interviewer", None)
    assert (ali.speaker, ali.participant_id) == ("Ali", study.ali)


def test_text_without_turns_belongs_to_the_documents_only_participant(project, study) -> None:
    with project.database.transaction() as s:
        record = coding.apply_code(study.ctx(s), "interview-01.txt", "Trust", 0, 7)
    assert (record.speaker, record.participant) == (None, "Dee")


def test_codes_are_named_by_path_and_documents_ignoring_case(project, study: Study) -> None:
    with project.database.transaction() as s:
        record = coding.apply_code(study.ctx(s), "INTERVIEW-01.TXT", "Hope > Future", 0, 7)
    assert (record.code, record.document) == ("Hope > Future", "interview-01.txt")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (5, 3, "Span [5, 3) is not valid in interview-01.txt: start must be before end."),
        (4, 4, "Span [4, 4) is not valid in interview-01.txt: start must be before end."),
        (-1, 3, "Span [-1, 3) is not valid in interview-01.txt: start must not be negative."),
        (
            10,
            900,
            "Span [10, 900) is not valid in interview-01.txt: it ends at 900 but the "
            f"document has {len(INTERVIEW)} characters.",
        ),
    ],
)
def test_a_span_outside_the_document_is_refused_and_nothing_is_written(
    project, study: Study, start: int, end: int, message: str
) -> None:
    before = _counts(project)
    with pytest.raises(qualframe.ValidationError) as caught, project.database.transaction() as s:
        coding.apply_code(study.ctx(s), "interview-01.txt", "Trust", start, end)
    assert str(caught.value) == message
    assert _counts(project) == before


def test_the_span_may_end_exactly_at_the_end_of_the_document(project, study: Study) -> None:
    with project.database.transaction() as s:
        record = coding.apply_code(study.ctx(s), "interview-01.txt", "Trust", 0, len(INTERVIEW))
    assert record.text == INTERVIEW


def test_offsets_count_code_points_of_the_nfc_text(project, study: Study) -> None:
    # "e" + combining acute is stored composed (one code point); the family
    # emoji is five code points (three people joined by two ZWJ).
    text = "Cafe\u0301 ☕ talk 👩\u200d👩\u200d👧 gave me hope 😀 really"
    pid = study.ctx.project_id
    with project.database.transaction() as s:
        doc = make_document(s, pid, "emoji.txt", text)
        stored = doc.text
        assert stored.startswith("Café ") and len(stored) == len(text) - 1
        start = stored.index("gave")
        record = coding.apply_code(study.ctx(s), "emoji.txt", "Hope", start, start + 12)
        family = stored.index("👩")
        emoji = coding.apply_code(study.ctx(s), "emoji.txt", "Trust", family, family + 5)
    assert record.text == "gave me hope"
    assert start == 18  # "Café ☕ talk " (12) + the family (5) + a space
    assert emoji.text == "👩\u200d👩\u200d👧"


def test_combining_marks_that_do_not_compose_count_as_code_points(project, study) -> None:
    text = "Ni\u0307co said q\u0307 means trust."  # i and q with a dot above stay two points
    with project.database.transaction() as s:
        make_document(s, study.ctx.project_id, "marks.txt", text)
        record = coding.apply_code(study.ctx(s), "marks.txt", "Trust", 11, 13)
        whole = coding.apply_code(study.ctx(s), "marks.txt", "Hope", 0, len(text))
    assert record.text == "q\u0307"
    assert whole.end == 26 and whole.text == text  # 24 letters and spaces + 2 marks


def test_a_retired_code_cannot_be_applied(project, study: Study) -> None:
    before = _counts(project)
    with (
        pytest.raises(qualframe.ValidationError, match="'Old' is retired"),
        project.database.transaction() as s,
    ):
        coding.apply_code(study.ctx(s), "interview-01.txt", "Old", 0, 5)
    assert _counts(project) == before


def test_coding_the_same_span_twice_is_a_conflict(project, study: Study) -> None:
    with project.database.transaction() as s:
        coding.apply_code(study.ctx(s), "interview-01.txt", "Trust", 0, 5)
    before = _counts(project)
    with (
        pytest.raises(qualframe.ConflictError, match=r"\[0, 5\) is already coded with 'Trust'"),
        project.database.transaction() as s,
    ):
        coding.apply_code(study.ctx(s), "interview-01.txt", "Trust", 0, 5)
    assert _counts(project) == before


def test_unknown_documents_and_codes_are_named(project, study: Study) -> None:
    with (
        pytest.raises(qualframe.NotFoundError, match=r"Did you mean 'interview-01\.txt'"),
        project.database.transaction() as s,
    ):
        coding.apply_code(study.ctx(s), "interview-1.txt", "Trust", 0, 5)
    with (
        pytest.raises(qualframe.NotFoundError, match="no code called 'Despair'"),
        project.database.transaction() as s,
    ):
        coding.apply_code(study.ctx(s), "interview-01.txt", "Despair", 0, 5)


# ---------------------------------------------------------------- many spans at once


def test_add_codings_skips_spans_already_coded_by_the_same_coder(project, study: Study) -> None:
    with project.database.transaction() as s:
        coding.apply_code(study.ctx(s), study.interview, study.trust, 0, 5)
    spans = [(study.interview, 0, 5), (study.interview, 6, 10), (study.interview, 6, 10)]
    spans.append((study.focus_group, *_at(FOCUS_GROUP, "I did not trust")))
    with project.database.transaction() as s:
        added = coding.add_codings(study.ctx(s), study.trust, spans)
    assert added == 2
    other = Acting(study.ctx.project_id, "second coder")
    with project.database.transaction() as s:
        assert coding.add_codings(other(s), study.trust, spans) == 3
        assert coding.add_codings(other(s), study.trust, spans) == 0
    frame = project.coding.codings(code="Trust")
    assert len(frame) == 6
    assert sorted(frame["coder"].unique()) == ["second coder", "tester"]
    ali = frame[frame["text"] == "I did not trust"]
    assert set(ali["participant"]) == {"Ali"} and set(ali["speaker"]) == {"Ali"}


def test_add_codings_writes_one_audit_entry_for_the_batch(project, study: Study) -> None:
    spans = [(study.interview, i, i + 3) for i in range(0, 30, 3)]
    with project.database.transaction() as s:
        assert coding.add_codings(study.ctx(s), study.hope, spans) == 10
    log = project.audit_log()
    batch = log[log["action"] == "coding.add"]
    assert len(batch) == 1
    assert batch.iloc[0]["summary"] == "Coded 10 spans in 1 document with 'Hope'"
    assert batch.iloc[0]["details"]["added"] == 10


def test_add_codings_checks_every_span_before_writing(project, study: Study) -> None:
    spans = [(study.interview, 0, 5), (study.focus_group, 40, 30), (study.interview, 0, 999)]
    before = _counts(project)
    with pytest.raises(qualframe.ValidationError) as caught, project.database.transaction() as s:
        coding.add_codings(study.ctx(s), study.hope, spans)
    assert str(caught.value) == (
        "Span [40, 30) is not valid in focus-group.txt: start must be before end "
        "(and 1 more invalid span)."
    )
    assert _counts(project) == before


def test_add_codings_refuses_unknown_documents_and_retired_codes(project, study) -> None:
    before = _counts(project)
    with (
        pytest.raises(qualframe.NotFoundError, match="no document with id 9999"),
        project.database.transaction() as s,
    ):
        coding.add_codings(study.ctx(s), study.hope, [(study.interview, 0, 3), (9999, 0, 1)])
    with (
        pytest.raises(qualframe.ValidationError, match="retired"),
        project.database.transaction() as s,
    ):
        coding.add_codings(study.ctx(s), study.old, [(study.interview, 0, 3)])
    assert _counts(project) == before


def test_add_codings_handles_thousands_of_spans(project, study: Study) -> None:
    spans = [(study.interview, i, i + 2) for i in range(len(INTERVIEW) - 2)]
    spans += [(study.focus_group, i, i + 1) for i in range(len(FOCUS_GROUP) - 1)] * 20
    with project.database.transaction() as s:
        added = coding.add_codings(study.ctx(s), study.hope, spans)
    assert added == len(INTERVIEW) - 2 + len(FOCUS_GROUP) - 1
    frame = project.coding.codings(code="Hope", document="focus-group.txt")
    assert (frame["text"] == [FOCUS_GROUP[s] for s in frame["start"]]).all()


# ---------------------------------------------------------------- removing


def test_removing_a_coding_records_what_it_was(project, study: Study) -> None:
    with project.database.transaction() as s:
        record = coding.apply_code(study.ctx(s), study.interview, "Trust", 0, 5)
    with project.database.transaction() as s:
        removed = coding.remove_coding(study.ctx(s), record.id)
    assert removed.text == INTERVIEW[:5]
    assert project.coding.codings().empty
    last = project.audit_log().iloc[-1]
    assert (last["action"], last["details"]["document"]) == ("coding.delete", "interview-01.txt")


def test_removing_a_coding_says_its_memos_are_kept_as_project_memos(project, study) -> None:
    record = project.coding.apply(study.interview, "Trust", 0, 5)
    memo = project.memos.add("Why trust", kind="analytic", coding=record.id)
    preview = project.coding.preview_remove(record.id)
    assert (preview.memos_kept, preview.consequence) == (
        1,
        "1 memo on this coding is kept, without its link to it.",
    )
    assert project.coding.get(record.id).guid == record.guid  # the preview wrote nothing
    removed = project.coding.remove(record.id)
    assert (removed.id, removed.guid, removed.memos_kept) == (record.id, record.guid, 1)
    assert removed.consequence == preview.consequence
    assert project.memos.get(memo.id).target_label == "project"
    assert project.audit_log().iloc[-1]["details"]["memos_kept"] == 1


def test_the_memo_wording_follows_the_declared_policy() -> None:
    from qualframe.services.core.references import REFERENCES, OnDelete

    policy = {reference.name: reference.policy for reference in REFERENCES}
    # The memo's link goes with the coding; the memo is kept (the wording says so).
    assert policy["memo_links.coding_id"] is OnDelete.FOLLOWS
    assert coding.memos_kept_wording(0) == ""
    assert coding.memos_kept_wording(2, 3, ahead=True) == (
        "2 memos on these codings will be kept, without their links to them."
    )


def test_removing_a_code_from_a_span_counts_the_memos_kept(project, study) -> None:
    first = project.coding.apply(study.interview, "Trust", 0, 5)
    second = project.coding.apply(study.interview, "Trust", 4, 12)
    project.memos.add("One", kind="analytic", coding=first.id)
    project.memos.add("Two", kind="analytic", coding=second.id)
    preview = project.coding.preview_remove_from_span(study.interview, "Trust", 0, 12)
    assert (preview.removed, preview.memos_kept) == (2, 2)
    assert len(project.coding.codings()) == 2
    removed = project.coding.remove_from_span(study.interview, "Trust", 0, 12)
    assert removed.consequence == "2 memos on these codings are kept, without their links to them."
    assert [m.target_label for m in project.memos.list()] == ["project", "project"]


def test_removing_an_unknown_coding_says_so(project, study: Study) -> None:
    before = _counts(project)
    with (
        pytest.raises(qualframe.NotFoundError, match="no coding with id 4242"),
        project.database.transaction() as s,
    ):
        coding.remove_coding(study.ctx(s), 4242)
    assert _counts(project) == before


def test_removing_a_code_from_a_span_removes_overlapping_codings(project, study) -> None:
    other = Acting(study.ctx.project_id, "second coder")
    spans = [(study.interview, 0, 5), (study.interview, 4, 12), (study.interview, 20, 30)]
    with project.database.transaction() as s:
        coding.add_codings(study.ctx(s), study.trust, spans)
        coding.add_codings(other(s), study.trust, spans)
        coding.add_codings(study.ctx(s), study.hope, spans)
    with project.database.transaction() as s:
        removed = coding.remove_code_from_span(study.ctx(s), study.interview, "Trust", 3, 6)
    assert (removed.removed, removed.memos_kept, removed.consequence) == (2, 0, "")
    left = project.coding.codings(code="Trust")
    assert sorted(zip(left["coder"], left["start"], strict=True)) == [
        ("second coder", 0), ("second coder", 4), ("second coder", 20), ("tester", 20)
    ]  # fmt: skip
    with project.database.transaction() as s:
        removed = coding.remove_code_from_span(
            study.ctx(s), study.interview, "Trust", 0, 30, all_coders=True
        )
    assert removed.removed == 4
    assert len(project.coding.codings(code="Hope")) == 3
    assert project.audit_log().iloc[-1]["action"] == "coding.remove"


# ---------------------------------------------------------------- listing


def _code_everything(project, study: Study) -> None:
    with project.database.transaction() as s:
        coding.apply_code(study.ctx(s), study.interview, "Hope", 0, 7)
        coding.apply_code(study.ctx(s), study.interview, "Hope > Future", 8, 20)
        coding.apply_code(study.ctx(s), study.focus_group, "Hope", *_at(FOCUS_GROUP, "gave me"))
        coding.apply_code(study.ctx(s), study.focus_group, "Hope", *_at(FOCUS_GROUP, "I did not"))
        coding.apply_code(study.ctx(s), study.focus_group, "Trust", *_at(FOCUS_GROUP, "trust"))


def test_an_empty_listing_still_has_every_column(project, study: Study) -> None:
    frame = project.coding.codings()
    assert frame.empty
    assert list(frame.columns) == [*coding.CODING_COLUMNS, "employer", "stakeholder group", "mode"]


def test_codings_list_code_paths_people_and_attributes(project, study: Study) -> None:
    _code_everything(project, study)
    frame = project.coding.codings()
    assert len(frame) == 5
    row = frame[frame["code"] == "Hope > Future"].iloc[0]
    assert (row["document"], row["participant"], row["case"]) == (
        "interview-01.txt",
        "Dee",
        "Charity B",
    )
    assert (row["employer"], row["stakeholder group"], row["mode"]) == (
        "voluntary sector", "peer worker", "in person"
    )  # fmt: skip
    assert row["text"] == INTERVIEW[8:20]
    assert isinstance(frame["stakeholder group"].dtype, pd.CategoricalDtype)
    assert str(frame["created_at"].dt.tz) == "UTC"


def test_a_code_lists_its_subcodes_only_when_asked(project, study: Study) -> None:
    _code_everything(project, study)
    assert len(project.coding.codings(code="Hope")) == 3
    with_subcodes = project.coding.codings(code="Hope", include_subcodes=True)
    assert sorted(with_subcodes["code"]) == ["Hope", "Hope", "Hope", "Hope > Future"]


def test_codings_filter_by_a_participant_attribute(project, study: Study) -> None:
    _code_everything(project, study)
    frame = project.coding.codings(code="Hope", where={"stakeholder group": "Peer Worker"})
    assert sorted(frame["participant"]) == ["Dee", "Sam"]


def test_codings_filter_by_an_attribute_inherited_from_the_case(project, study: Study) -> None:
    _code_everything(project, study)
    frame = project.coding.codings(where={"employer": "voluntary sector"})
    assert sorted(frame["participant"]) == ["Ali", "Ali", "Dee", "Dee"]
    both = project.coding.codings(where={"employer": ["NHS", "voluntary sector"]})
    assert len(both) == 5
    combined = project.coding.codings(
        where={"employer": "voluntary sector", "stakeholder group": "service user"}
    )
    assert list(combined["participant"]) == ["Ali", "Ali"]


def test_codings_filter_by_document_attribute_document_person_case_coder(project, study) -> None:
    _code_everything(project, study)
    assert len(project.coding.codings(where={"mode": "online"})) == 3
    assert len(project.coding.codings(document="interview-01.txt")) == 2
    assert len(project.coding.codings(participant=["Sam", "Ali"])) == 3
    assert len(project.coding.codings(case="Trust A")) == 1
    assert len(project.coding.codings(coder="nobody")) == 0


def test_filtering_by_an_unknown_attribute_names_the_known_ones(project, study) -> None:
    with pytest.raises(qualframe.NotFoundError, match="No attribute called 'colour'"):
        project.coding.codings(where={"colour": "red"})
