"""Code co-occurrence by overlap, speaker turn and participant (qualframe.analysis.cooccurrence)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from qualframe.analysis.cooccurrence import participant_cooccurrence, segment_cooccurrence
from qualframe.errors import ValidationError

HOPE = "Mechanisms > Hope"
TRUST = "Mechanisms > Trusting relationships"
STIGMA = "Breaking down barriers and stigma"


def _codings(rows: list[tuple[str, int, int, int, str | None]]) -> pd.DataFrame:
    """A codings frame from (code, document_id, start, end, participant) rows."""
    frame = pd.DataFrame(rows, columns=["code", "document_id", "start", "end", "participant"])
    frame["document"] = "Interview " + frame["document_id"].astype(str)
    return frame


def _random_codings(count: int, documents: int, codes: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = rng.integers(0, 2_000, count)
    return pd.DataFrame(
        {
            "code": [f"Code {c}" for c in rng.integers(0, codes, count)],
            "document_id": rng.integers(0, documents, count),
            "start": start,
            "end": start + rng.integers(0, 150, count),  # some empty spans
        }
    )


def test_overlapping_codings_of_two_codes_make_a_pair() -> None:
    codings = _codings(
        [
            (HOPE, 1, 0, 10, "P1"),
            (TRUST, 1, 5, 15, "P1"),  # overlaps the Hope coding
            (STIGMA, 1, 10, 20, "P1"),  # touches Hope at 10 (no overlap), overlaps Trust
            (HOPE, 2, 5, 15, "P2"),  # same offsets as Trust, other document
        ]
    )
    table = segment_cooccurrence(codings)

    assert table.codes == [STIGMA, HOPE, TRUST]
    assert table.counts.loc[HOPE, TRUST] == 1
    assert table.counts.loc[TRUST, HOPE] == 1
    assert table.counts.loc[HOPE, STIGMA] == 0
    assert table.counts.loc[STIGMA, TRUST] == 1
    assert np.diag(table.counts.to_numpy()).tolist() == [1, 2, 1]  # codings of each code
    assert table.mode == "overlap"
    assert table.unit == "codings"


def test_overlap_counts_match_a_brute_force_count_of_pairs() -> None:
    codings = _random_codings(400, documents=4, codes=6, seed=7)
    table = segment_cooccurrence(codings)

    expected = pd.DataFrame(0, index=table.codes, columns=table.codes)
    for _, document in codings.groupby("document_id"):
        for a, b in itertools.combinations(document.itertuples(), 2):
            spans_meet = a.start < b.end and b.start < a.end
            non_empty = a.end > a.start and b.end > b.start
            if spans_meet and non_empty and a.code != b.code:
                expected.loc[a.code, b.code] += 1
                expected.loc[b.code, a.code] += 1
    counts = table.counts.to_numpy().copy()
    np.fill_diagonal(counts, 0)
    assert (counts == expected.to_numpy()).all()
    assert (table.counts.to_numpy() == table.counts.to_numpy().T).all()


def test_similarity_is_the_share_of_both_codes_codings_that_meet_the_other() -> None:
    codings = _codings(
        [
            (HOPE, 1, 0, 10, "P1"),
            (HOPE, 1, 50, 60, "P1"),  # meets nothing
            (TRUST, 1, 5, 15, "P1"),
        ]
    )
    table = segment_cooccurrence(codings)

    # One of two Hope codings meets Trust, the one Trust coding meets Hope: (1 + 1) / (2 + 1).
    assert table.similarity.loc[HOPE, TRUST] == pytest.approx(2 / 3)
    assert table.similarity.loc[TRUST, HOPE] == pytest.approx(2 / 3)
    assert table.similarity.loc[HOPE, HOPE] == 1.0


def test_empty_spans_never_cooccur_and_are_reported_as_excluded() -> None:
    codings = _codings([(HOPE, 1, 5, 5, "P1"), (TRUST, 1, 0, 10, "P1")])
    table = segment_cooccurrence(codings)

    assert table.counts.loc[HOPE, TRUST] == 0
    assert table.counts.loc[HOPE, HOPE] == 0
    assert table.excluded == 1


def test_turn_mode_pairs_codings_that_start_in_the_same_speaker_turn() -> None:
    codings = _codings(
        [
            (HOPE, 1, 0, 5, "P1"),
            (TRUST, 1, 20, 30, "P1"),  # same turn [0, 40), no overlap
            (TRUST, 1, 35, 60, "P1"),  # starts in the same turn, ends in the next
            (STIGMA, 1, 45, 50, "P1"),  # next turn
            (STIGMA, 1, 95, 99, "P1"),  # no turn there
            (HOPE, 2, 0, 5, "P2"),  # document 2 has no turns
        ]
    )
    turns = pd.DataFrame(
        {"document_id": [1, 1], "turn_id": [10, 11], "start": [0, 40], "end": [40, 90]}
    )
    table = segment_cooccurrence(codings, mode="turn", turns=turns)

    assert table.counts.loc[HOPE, TRUST] == 2
    assert table.counts.loc[TRUST, STIGMA] == 0
    assert table.counts.loc[HOPE, HOPE] == 1
    assert table.excluded == 2
    assert table.mode == "turn"


def test_turn_counts_match_a_brute_force_count_of_pairs() -> None:
    codings = _random_codings(300, documents=3, codes=5, seed=11)
    bounds = np.arange(0, 2_200, 100)
    turns = pd.DataFrame(
        [(d, s, s + 90) for d in range(3) for s in bounds],  # gaps between turns
        columns=["document_id", "start", "end"],
    )
    table = segment_cooccurrence(codings, mode="turn", turns=turns)

    def turn_of(document: int, start: int) -> int | None:
        inside = (turns.document_id == document) & (turns.start <= start) & (start < turns.end)
        return int(turns.index[inside][0]) if inside.any() else None

    rows = [
        (r.code, turn_of(r.document_id, r.start), r.end > r.start) for r in codings.itertuples()
    ]
    usable = [(code, turn) for code, turn, non_empty in rows if non_empty and turn is not None]
    expected = pd.DataFrame(0, index=table.codes, columns=table.codes)
    for (code_a, turn_a), (code_b, turn_b) in itertools.combinations(usable, 2):
        if code_a != code_b and turn_a == turn_b:
            expected.loc[code_a, code_b] += 1
            expected.loc[code_b, code_a] += 1
    counts = table.counts.to_numpy().copy()
    np.fill_diagonal(counts, 0)
    assert (counts == expected.to_numpy()).all()
    assert table.excluded == len(codings) - len(usable)


def test_turn_mode_needs_turns_that_do_not_overlap() -> None:
    codings = _codings([(HOPE, 1, 0, 5, "P1")])
    with pytest.raises(ValidationError, match="needs the speaker turns"):
        segment_cooccurrence(codings, mode="turn")
    overlapping = pd.DataFrame({"document_id": [1, 1], "start": [0, 30], "end": [40, 60]})
    with pytest.raises(ValidationError, match="Speaker turns of document 1 overlap"):
        segment_cooccurrence(codings, mode="turn", turns=overlapping)
    with pytest.raises(ValidationError, match="turns frame lacks the column"):
        segment_cooccurrence(codings, mode="turn", turns=pd.DataFrame({"start": [0]}))


def test_participant_cooccurrence_counts_people_with_both_codes() -> None:
    codings = _codings(
        [
            (HOPE, 1, 0, 5, "P1"),
            (HOPE, 1, 10, 15, "P1"),  # twice for P1: still one person
            (TRUST, 1, 100, 105, "P1"),  # far away in the text: still co-occurs for P1
            (HOPE, 2, 0, 5, "P2"),
            (TRUST, 3, 0, 5, "P3"),
            (STIGMA, 3, 10, 20, None),  # interviewer speech: nobody
        ]
    )
    table = participant_cooccurrence(codings)

    assert table.counts.loc[HOPE, TRUST] == 1
    assert table.counts.loc[HOPE, HOPE] == 2
    assert table.counts.loc[TRUST, TRUST] == 2
    assert table.similarity.loc[HOPE, TRUST] == pytest.approx(1 / 3)  # {P1} / {P1, P2, P3}
    assert table.counts.loc[STIGMA, STIGMA] == 0
    assert np.isnan(table.similarity.loc[STIGMA, STIGMA])
    assert table.excluded == 1
    assert table.unit == "participant"


def test_participant_cooccurrence_can_count_cases_instead() -> None:
    codings = _codings([(HOPE, 1, 0, 5, "P1"), (TRUST, 2, 0, 5, "P2")])
    codings["case"] = ["Trust A", "Trust A"]
    table = participant_cooccurrence(codings, unit="case")

    assert table.counts.loc[HOPE, TRUST] == 1
    assert table.unit == "case"


def test_codes_argument_fixes_the_order_and_shows_codes_without_codings() -> None:
    codings = _codings([(HOPE, 1, 0, 10, "P1"), (TRUST, 1, 5, 15, "P1"), (STIGMA, 1, 0, 9, "P1")])
    table = segment_cooccurrence(codings, codes=[TRUST, HOPE, "Disclosure"])

    assert table.codes == [TRUST, HOPE, "Disclosure"]
    assert table.counts.loc["Disclosure"].tolist() == [0, 0, 0]
    assert np.isnan(table.similarity.loc["Disclosure", "Disclosure"])
    assert table.similarity.loc["Disclosure", HOPE] == 0.0


def test_to_long_lists_each_pair_of_codes_once() -> None:
    codings = _codings([(HOPE, 1, 0, 10, "P1"), (TRUST, 1, 5, 15, "P1"), (STIGMA, 2, 0, 9, "P2")])
    table = segment_cooccurrence(codings)

    long = table.to_long()
    assert long.columns.tolist() == ["code_a", "code_b", "count", "similarity"]
    assert len(long) == 3
    assert long[long["count"] > 0][["code_a", "code_b"]].values.tolist() == [[HOPE, TRUST]]
    assert len(table.to_long(include_zero=False)) == 1
    assert len(table.to_long(include_diagonal=True)) == 6


def test_an_empty_codings_frame_gives_an_empty_table() -> None:
    codings = _codings([])
    assert segment_cooccurrence(codings).counts.shape == (0, 0)
    assert participant_cooccurrence(codings).counts.shape == (0, 0)
    assert segment_cooccurrence(codings, codes=[HOPE]).counts.loc[HOPE, HOPE] == 0


def test_bad_arguments_are_rejected_with_a_clear_message() -> None:
    codings = _codings([(HOPE, 1, 0, 10, "P1")])
    with pytest.raises(ValidationError, match="Unknown co-occurrence mode 'sentence'"):
        segment_cooccurrence(codings, mode="sentence")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="codings frame lacks the column"):
        segment_cooccurrence(codings.drop(columns="end"))
