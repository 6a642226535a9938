"""Changing one coding: another code, another span, extended to sentences,
paragraphs or turns; what is kept and what is refused."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import qualframe
from qualframe.services.coding.codings import CodingRecord
from qualframe.services.coding.recoding import SpanUnit, unit_span

TEXT = (
    "Interviewer: What helped?\n\n"
    "Sam: Having someone who had been there 🙂 gave me hope. I trust her.\n\n"
    "She listens. Dr. Jones did not.\n\n"
    "Ali: The group helped me. I go every week.\n"
)


@dataclass(frozen=True)
class Coded:
    """The document and codes of the tests, and one coding of "hope"."""

    document: int
    hope: int
    trust: int
    old: int
    coding: CodingRecord


def _span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def coded(project: qualframe.Project) -> Coded:
    project.study.add_case("Trust A")
    project.study.add_participant("P02", "Trust A")
    project.study.add_participant("P03", "Trust A")
    project.documents.import_bytes("fg.txt", TEXT.encode())
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.documents.map_speaker("Sam", "P02")
    project.documents.map_speaker("Ali", "P03")
    document = int(project.documents.documents()["id"].iloc[0])
    hope = project.codebook.add("Hope").id
    trust = project.codebook.add("Trust").id
    old = project.codebook.add("Old").id
    project.codebook.retire(old)
    coding = project.coding.apply(document, hope, *_span("gave me hope"))
    return Coded(document, hope, trust, old, coding)


def _changes(project: qualframe.Project) -> list[str]:
    log = project.audit_log(entity_type="coding")
    return list(log.loc[log["action"] == "coding.change", "summary"])


def test_a_new_code_keeps_the_codings_id_coder_time_and_memos(
    project: qualframe.Project, coded: Coded
) -> None:
    memo = project.memos.add("Why hope", kind="analytic", coding=coded.coding.id)
    other = qualframe.open_project(
        database=project.database, user="ann", project_id=project.info.id
    )
    changed = other.coding.change(coded.coding.id, code="Trust")
    assert (changed.id, changed.code, changed.coder) == (coded.coding.id, "Trust", "tester")
    assert changed.created_at == coded.coding.created_at
    assert [m.id for m in project.memos.list(coding=coded.coding.id)] == [memo.id]
    log = project.audit_log(entity_type="coding")
    entry = log.iloc[-1]
    assert (entry["action"], entry["actor"]) == ("coding.change", "ann")
    assert entry["details"]["before"]["code"] == "Hope"
    assert entry["details"]["after"]["code"] == "Trust"
    assert "code 'Hope' to 'Trust'" in entry["summary"]


def test_a_new_span_recomputes_the_text_and_who_speaks(
    project: qualframe.Project, coded: Coded
) -> None:
    start, end = _span("The group helped me.")
    changed = project.coding.change(coded.coding.id, start=start, end=end)
    assert (changed.start, changed.end, changed.text) == (start, end, "The group helped me.")
    assert (changed.speaker, changed.participant) == ("Ali", "P03")
    frame = project.coding.codings(document="fg.txt")
    assert list(frame["text"]) == ["The group helped me."]
    assert list(frame["participant"]) == ["P03"]


def test_offsets_are_code_points_after_an_emoji(project: qualframe.Project, coded: Coded) -> None:
    start, end = _span("gave me hope. I trust")
    changed = project.coding.change(coded.coding.id, end=end)
    assert (changed.start, changed.text) == (start, "gave me hope. I trust")
    assert TEXT[changed.start : changed.end] == changed.text


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (-1, 5, "start must not be negative"),
        (20, 20, "start must be before end"),
        (0, 10_000, "it ends at 10000 but the document has"),
    ],
)
def test_an_invalid_span_is_refused_and_nothing_changes(
    project: qualframe.Project, coded: Coded, start: int, end: int, problem: str
) -> None:
    with pytest.raises(qualframe.ValidationError, match=problem):
        project.coding.change(coded.coding.id, start=start, end=end)
    assert project.coding.get(coded.coding.id) == coded.coding
    assert _changes(project) == []


def test_a_retired_code_cannot_be_given_but_its_coding_can_move(
    project: qualframe.Project, coded: Coded
) -> None:
    with pytest.raises(qualframe.ValidationError, match="'Old' is retired"):
        project.coding.change(coded.coding.id, code=coded.old)
    assert project.coding.get(coded.coding.id).code == "Hope"
    project.codebook.retire(coded.hope)
    moved = project.coding.change(coded.coding.id, start=coded.coding.start - 1)
    assert moved.code == "Hope"


def test_a_change_repeating_another_coding_of_the_same_coder_is_a_conflict(
    project: qualframe.Project, coded: Coded
) -> None:
    start, end = _span("I trust her.")
    project.coding.apply(coded.document, coded.trust, start, end)
    with pytest.raises(qualframe.ConflictError, match="already coded with 'Trust' by tester"):
        project.coding.change(coded.coding.id, code=coded.trust, start=start, end=end)
    assert project.coding.get(coded.coding.id) == coded.coding


def test_another_coders_identical_coding_is_no_conflict(
    project: qualframe.Project, coded: Coded
) -> None:
    ann = qualframe.open_project(database=project.database, user="ann", project_id=project.info.id)
    start, end = _span("I trust her.")
    ann.coding.apply(coded.document, coded.trust, start, end)
    changed = project.coding.change(coded.coding.id, code=coded.trust, start=start, end=end)
    assert changed.coder == "tester"


def test_changing_nothing_writes_nothing(project: qualframe.Project, coded: Coded) -> None:
    same = project.coding.change(coded.coding.id, code="Hope", start=coded.coding.start)
    assert same == coded.coding
    assert _changes(project) == []


def test_an_unknown_coding_is_not_found(project: qualframe.Project, coded: Coded) -> None:
    with pytest.raises(qualframe.NotFoundError, match="no coding with id 999"):
        project.coding.change(999, code="Trust")
    with pytest.raises(qualframe.NotFoundError, match="no coding with id 999"):
        project.coding.get(999)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("sentence", "Sam: Having someone who had been there 🙂 gave me hope."),
        ("paragraph", "Sam: Having someone who had been there 🙂 gave me hope. I trust her."),
        (
            "turn",
            "Sam: Having someone who had been there 🙂 gave me hope. I trust her.\n\n"
            "She listens. Dr. Jones did not.",
        ),
    ],
)
def test_a_coding_extends_to_whole_sentences_paragraphs_or_turns(
    project: qualframe.Project, coded: Coded, unit: str, expected: str
) -> None:
    extended = project.coding.extend(coded.coding.id, unit)
    assert extended.text == expected
    assert _changes(project) == [
        f"Changed a coding in fg.txt: span [{coded.coding.start}, {coded.coding.end}) "
        f"to [{extended.start}, {extended.end})"
    ]


def test_extending_a_whole_sentence_changes_nothing(
    project: qualframe.Project, coded: Coded
) -> None:
    start, end = _span("I trust her.")
    whole = project.coding.apply(coded.document, coded.trust, start, end)
    assert project.coding.extend(whole.id, "sentence") == whole
    assert _changes(project) == []


def test_a_new_code_and_an_extension_are_one_change(
    project: qualframe.Project, coded: Coded
) -> None:
    changed = project.coding.change(coded.coding.id, code="Trust", extend="sentence")
    assert (changed.code, changed.text[:10]) == ("Trust", "Sam: Havin")
    assert len(_changes(project)) == 1


def test_text_outside_every_turn_cannot_extend_to_a_turn(project: qualframe.Project) -> None:
    project.documents.import_bytes("notes.txt", b"Field notes without speakers. Second.")
    code = project.codebook.add("Setting").id
    coding = project.coding.apply("notes.txt", code, 0, 5)
    with pytest.raises(qualframe.ValidationError, match="not inside any turn"):
        project.coding.extend(coding.id, "turn")
    with pytest.raises(qualframe.ValidationError, match="extended to one of: sentence"):
        project.coding.extend(coding.id, "chapter")
    assert project.coding.get(coding.id).text == "Field"


def test_unit_spans_never_shrink_and_cover_every_unit_touched() -> None:
    text = "One. Two three.\n\nFour five. Six."
    assert unit_span(text, [], 6, 8, SpanUnit.SENTENCE) == (5, 15)
    assert unit_span(text, [], 2, 19, SpanUnit.SENTENCE) == (0, 27)
    assert unit_span(text, [], 2, 19, SpanUnit.PARAGRAPH) == (0, len(text))
    assert unit_span(text, [(0, 15)], 3, 5, SpanUnit.TURN) == (0, 15)
    assert unit_span(text, [(0, 15)], 20, 22, SpanUnit.TURN) is None
    assert unit_span("  padded  ", [], 0, 10, SpanUnit.SENTENCE) == (0, 10)
