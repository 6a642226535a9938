"""The units agreement is measured on, passages joined into clusters, and the
context shown around a disagreement (pure functions: no database)."""

from __future__ import annotations

from qualframe.services.team.units import (
    UnitIndex,
    clusters,
    context,
    document_units,
    replaced_within,
)
from qualframe.vocabulary import AgreementUnit


def test_a_span_applies_to_every_unit_it_overlaps_by_one_character() -> None:
    index = UnitIndex([(0, 10), (12, 20), (22, 30)])
    assert list(index.overlapping(9, 13)) == [0, 1]
    assert list(index.overlapping(10, 12)) == []  # the gap between units
    assert list(index.overlapping(20, 23)) == [2]  # units end exclusive


def test_a_document_without_turns_falls_back_to_paragraphs() -> None:
    text = "One. Two.\n\nThree."
    assert document_units(AgreementUnit.TURN, text, ()) == ([(0, 9), (11, 17)], True)
    assert document_units(AgreementUnit.TURN, text, [(0, 17)]) == ([(0, 17)], False)
    assert document_units(AgreementUnit.SENTENCE, text, ()) == ([(0, 4), (5, 9), (11, 17)], False)


def test_overlapping_spans_join_and_touching_ones_stay_apart() -> None:
    assert clusters([(5, 9), (0, 6), (9, 12)]) == [(0, 9), (9, 12)]


def test_a_resolved_passage_takes_the_agreed_reading_inside_it_only() -> None:
    assert replaced_within([(0, 8), (20, 30)], 5, 25, [(10, 15), (24, 40)]) == [
        (0, 5),
        (10, 15),
        (24, 30),
    ]


def test_the_context_is_cut_at_word_boundaries() -> None:
    text = "alpha beta gamma [passage] delta epsilon zeta"
    start, end = text.index("["), text.index("]") + 1
    before, after = context(text, start, end, chars=12)
    assert (before, after) == ("beta gamma ", " delta")
    assert context(text, start, end, chars=100) == (text[:start], text[end:])
