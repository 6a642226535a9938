"""The team benchmarks' checks: what counts as a lost write, an unreported
conflict, and the statistics of each action."""

from __future__ import annotations

import random

import pytest
from benchmarks.document_view_speed import transcript
from benchmarks.team_ledger import CodingAck, EditAck, Ledger, Sample, Stored, audit
from benchmarks.team_load import members_of
from benchmarks.team_server import sentence_spans

from benchmarks import team_ledger as ledger_module

CODING = CodingAck(7, 1, 2, 10, 20, "Coder 01")
STORED_CODING = {7: (1, 2, 10, 20, "Coder 01")}


def _ledger(*edits: EditAck) -> Ledger:
    found = Ledger()
    found.edits.extend(edits)
    return found


def test_an_acknowledged_coding_that_is_stored_is_not_lost() -> None:
    ledger = Ledger()
    ledger.created[7] = CODING
    result = audit(ledger, STORED_CODING, {})
    assert result.lost == () and result.unreported == () and result.checked == 1


def test_an_acknowledged_coding_missing_or_moved_is_lost() -> None:
    ledger = Ledger()
    ledger.created[7] = CODING
    assert audit(ledger, {}, {}).lost == ("coding 7 applied by Coder 01: stored as None",)
    moved = {7: (1, 2, 11, 20, "Coder 01")}
    assert len(audit(ledger, moved, {}).lost) == 1


def test_an_acknowledged_removal_must_be_gone() -> None:
    ledger = Ledger()
    ledger.created[7] = CODING
    ledger.removed.add(7)
    assert audit(ledger, {}, {}).lost == ()
    assert audit(ledger, STORED_CODING, {}).lost == ("coding 7 removed but still stored",)


def test_an_edit_superseded_by_a_later_acknowledged_edit_is_not_lost() -> None:
    ledger = _ledger(EditAck("cell", 3, 1, 2, "first"), EditAck("cell", 3, 2, 3, "second"))
    result = audit(ledger, {}, {("cell", 3): Stored(3, "second")})
    assert result.lost == () and result.unreported == ()


@pytest.mark.parametrize(
    ("stored", "why"),
    [
        (Stored(2, "first"), "cell 3: stored version 2 < acknowledged 3"),
        (Stored(3, "other"), "cell 3: version 3 holds another text than acknowledged"),
        (Stored(4, "later"), "cell 3: stored version 4 was never acknowledged"),
        (None, "cell 3: gone, its last acknowledged edit was version 3"),
    ],
)
def test_the_last_acknowledged_edit_must_be_what_is_stored(stored: Stored | None, why: str) -> None:
    ledger = _ledger(EditAck("cell", 3, 1, 2, "first"), EditAck("cell", 3, 2, 3, "second"))
    records = {} if stored is None else {("cell", 3): stored}
    assert audit(ledger, {}, records).lost == (why,)


def test_a_later_version_is_allowed_after_a_write_of_unknown_outcome() -> None:
    ledger = _ledger(EditAck("memo", 3, 1, 2, "first"))
    ledger.unknown_records.add(("memo", 3))
    assert audit(ledger, {}, {("memo", 3): Stored(3, "unanswered")}).lost == ()


def test_two_acknowledged_edits_from_one_version_are_an_unreported_conflict() -> None:
    ledger = _ledger(EditAck("memo", 5, 1, 2, "mine"), EditAck("memo", 5, 1, 3, "yours"))
    result = audit(ledger, {}, {("memo", 5): Stored(3, "yours")})
    assert result.lost == ()
    assert result.unreported == (
        "memo 5: version 3 was saved over version 2, but its member had read version 1",
        "memo 5: 2 edits from version 1 were all acknowledged",
    )


def test_statistics_count_conflicts_apart_from_failures() -> None:
    samples = [Sample("apply", float(ms), 201) for ms in range(1, 101)]
    samples += [Sample("apply", 5.0, 409), Sample("apply", 9.0, 500), Sample("apply", 30.0, 0)]
    (stats,) = ledger_module.action_stats(samples, 10.0, {"apply": frozenset({201})})
    assert stats.count == 103 and stats.per_second == pytest.approx(10.3)
    assert stats.conflicts == 1 and stats.failures == 2
    assert 94 <= stats.p95 <= 96 and stats.p99 >= 98  # answered requests only (not the 0)
    table = ledger_module.markdown_table([stats])
    assert table.splitlines()[2].startswith("| apply | 103 | 10.3 |")


def test_sentence_spans_are_whole_sentences_inside_the_text() -> None:
    text = transcript(random.Random(3), 300)
    spans = sentence_spans(text)
    assert spans and all(0 <= start < end <= len(text) for start, end in spans)
    assert all(text[end - 1] in ".?!" and not text[start].isspace() for start, end in spans)


def test_members_are_numbered_apart_by_role() -> None:
    members = members_of({"coder": 2, "viewer": 1})
    assert [(m.login, m.role, m.number) for m in members] == [
        ("coder01", "coder", 0),
        ("coder02", "coder", 1),
        ("viewer01", "viewer", 2),
    ]


def test_a_whole_stored_document_has_no_problem() -> None:
    from benchmarks.team_crash import _document_problems, texts

    from qualframe.formats.speaker_turns import detect_speaker_turns

    batch = texts("Upload 001", 2, 300, seed=5)
    name, text = next(iter(batch.texts.items()))
    assert len(batch.texts) == 2 and name == "Upload 001 00.txt"
    turns = len(detect_speaker_turns(text))
    assert _document_problems(name, len(text), text, turns, 0, 3) == []


def test_a_half_stored_document_is_found() -> None:
    from benchmarks.team_crash import _document_problems

    text = "Interviewer: How was it?\n\nSam: Hard at first.\n\nInterviewer: And now?\n"
    assert _document_problems("a.txt", len(text) + 1, text, 1, 1, 0) == [
        f"a.txt: length {len(text) + 1} but {len(text)} characters of text",
        "a.txt: 1 speaker turns stored of 3",
        "a.txt: 1 speaker turns beyond its text",
        "a.txt: no text segments",
    ]
