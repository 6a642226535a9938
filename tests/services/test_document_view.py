"""Reading one document for the document view: blocks, speakers, codings, codes."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.services.coding.document_view import MAX_BLOCK_CHARS, RECENT_CODES, reading_blocks
from qualframe.vocabulary import SpeakerRole

FOCUS_GROUP = (
    "Focus group, March\n\n"
    "Facilitator: What difference did peer support make?\n\n"
    "Sam: She had been through it too 🙂 so I believed her.\n\n"
    "It gave me hope.\n"
    "Ali: Zoë and the Ñ̈ group helped me trust the service again.\n\n"
    "Kim: I go every week now.\n"
)


@pytest.fixture
def focus_group(project: qualframe.Project) -> int:
    """A focus group: a heading outside every turn, a facilitator, Sam (two
    paragraphs) and Ali mapped to participants, Kim not mapped."""
    project.study.add_case("Trust A")
    project.study.add_participant("P02", "Trust A")
    project.study.add_participant("P03", "Trust A")
    project.documents.import_bytes("fg.txt", FOCUS_GROUP.encode(), participants=["P02", "P03"])
    project.documents.map_speaker("Facilitator", role="interviewer")
    project.documents.map_speaker("Sam", "P02")
    project.documents.map_speaker("Ali", "P03")
    return int(project.documents.documents()["id"].iloc[0])


def _texts(text: str, blocks: list) -> list[str]:
    return [text[block.start : block.end] for block in blocks]


def test_blocks_are_the_paragraphs_cut_where_turns_start_and_end() -> None:
    text = "Intro line\n\nA: one\ntwo\n\nstill A\nB: three\n"
    turns = [(12, 31), (32, 40)]
    blocks = reading_blocks(text, turns)
    assert _texts(text, blocks) == ["Intro line", "A: one\ntwo", "still A", "B: three"]
    assert [block.turn for block in blocks] == [None, 0, 0, 1]


def test_blocks_never_start_or_end_with_white_space_and_skip_blank_text() -> None:
    text = "  first  \n\n   \n\n\tsecond\n"
    assert _texts(text, reading_blocks(text, [])) == ["first", "second"]


def test_a_long_paragraph_is_cut_at_line_ends_without_losing_text() -> None:
    lines = [f"line {n} " + "word " * 40 for n in range(200)]
    text = "\n".join(line.strip() for line in lines)
    blocks = reading_blocks(text, [])
    assert len(blocks) > 1
    assert all(block.end - block.start <= MAX_BLOCK_CHARS + 250 for block in blocks)
    assert "\n".join(_texts(text, blocks)) == text


def test_the_view_shows_turns_with_what_their_labels_map_to(
    project: qualframe.Project, focus_group: int
) -> None:
    view = project.coding.document_view(focus_group)
    assert view.text == FOCUS_GROUP
    assert [(t.label, t.role, t.participant) for t in view.turns] == [
        ("Facilitator", SpeakerRole.INTERVIEWER, None),
        ("Sam", SpeakerRole.PARTICIPANT, "P02"),
        ("Ali", SpeakerRole.PARTICIPANT, "P03"),
        ("Kim", None, None),
    ]
    sam = view.turns[1]
    assert view.text[sam.start : sam.label_end] == "Sam: "
    assert view.unmapped_labels == ("Kim",)
    assert [p.identifier for p in view.participants] == ["P02", "P03"]
    assert view.blocks[0].turn is None
    assert view.text[view.blocks[0].start : view.blocks[0].end] == "Focus group, March"


def test_the_view_lists_codings_in_text_order_with_their_codes_and_memos(
    project: qualframe.Project, focus_group: int
) -> None:
    trust = project.codebook.add("Trust")
    sub = project.codebook.add("Service", parent=trust.id)
    at = FOCUS_GROUP.index("trust the service")
    late = project.coding.apply(focus_group, sub.id, at, at + len("trust the service"))
    hope = FOCUS_GROUP.index("It gave me hope.")
    early = project.coding.apply(focus_group, trust.id, hope, hope + 16)
    project.memos.add("Why", kind="analytic", coding=late.id)
    view = project.coding.document_view("fg.txt")
    assert [(c.id, c.code, c.memos) for c in view.codings] == [
        (early.id, "Trust", 0),
        (late.id, "Trust > Service", 1),
    ]
    assert view.codings[1].participant == "P03"
    assert view.codings[1].colour == project.codebook.get(sub.id).colour
    assert view.coders == {"tester": 2}


def test_codes_come_in_tree_order_and_recent_ones_leave_out_retired_codes(
    project: qualframe.Project, focus_group: int
) -> None:
    hope = project.codebook.add("Hope")
    trust = project.codebook.add("Trust")
    service = project.codebook.add("Service", parent=trust.id)
    early = project.codebook.add("Early", parent=hope.id)
    for code in (hope, service, trust, early):
        project.coding.apply(focus_group, code.id, 0, 5)
    project.codebook.retire(service.id)
    view = project.coding.document_view(focus_group)
    assert [(c.path, c.depth) for c in view.codes] == [
        ("Hope", 0),
        ("Hope > Early", 1),
        ("Trust", 0),
        ("Trust > Service", 1),
    ]
    assert [c.retired for c in view.codes] == [False, False, False, True]
    assert view.recent_code_ids == (early.id, trust.id, hope.id)


def test_recent_codes_are_the_acting_coders_own_and_at_most_nine(
    project: qualframe.Project, focus_group: int
) -> None:
    codes = [project.codebook.add(f"Code {n}").id for n in range(12)]
    for number, code in enumerate(codes):
        project.coding.apply(focus_group, code, number, number + 3)
    other = qualframe.open_project(
        database=project.database, user="someone else", project_id=project.info.id
    )
    assert other.coding.document_view(focus_group).recent_code_ids == ()
    recent = project.coding.document_view(focus_group).recent_code_ids
    assert len(recent) == RECENT_CODES
    assert recent[0] == codes[-1]


def test_document_codings_filter_by_code_and_coder(
    project: qualframe.Project, focus_group: int
) -> None:
    hope = project.codebook.add("Hope")
    trust = project.codebook.add("Trust")
    project.coding.apply(focus_group, hope.id, 0, 5)
    project.coding.apply(focus_group, trust.id, 0, 5)
    other = qualframe.open_project(
        database=project.database, user="ann", project_id=project.info.id
    )
    other.coding.apply(focus_group, hope.id, 0, 5)
    assert len(project.coding.document_codings(focus_group)) == 3
    hopes = project.coding.document_codings(focus_group, codes=["Hope"])
    assert [c.coder for c in hopes] == ["tester", "ann"]
    mine = project.coding.document_codings(focus_group, codes=[hope.id], coder="ann")
    assert [(c.code, c.coder) for c in mine] == [("Hope", "ann")]


def test_an_unknown_document_or_code_is_refused(
    project: qualframe.Project, focus_group: int
) -> None:
    with pytest.raises(qualframe.NotFoundError, match="no document with id 99"):
        project.coding.document_view(99)
    with pytest.raises(qualframe.NotFoundError, match="no document with id 99"):
        project.coding.document_codings(99)
    with pytest.raises(qualframe.NotFoundError):
        project.coding.document_codings(focus_group, codes=["Nothing"])
