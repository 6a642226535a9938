"""Offset maps, property-tested against slicing the texts themselves."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings, strategies as st

from qualframe.formats.offset_maps import (
    OffsetMap,
    Segment,
    edit_map,
    normalisation_map,
    replacement_map,
    utf16_map,
)
from qualframe.formats.text_decoding import normalise_text

#: Pieces that normalisation handles on their own: plain letters, line endings,
#: precomposed and decomposed accents, marks to reorder, a character NFC
#: expands, Hangul jamo that compose, an emoji outside the BMP.
UNITS = st.sampled_from(
    [
        "a", "b", " ", "\n", "\r\n", "\r", "é", "e\u0301", "o\u0308\u0301", "a\u0323\u0307",
        "\u0958", "\u1100\u1161", "\u1100\u1161\u11a8", "\U0001f600", "Å", "A\u030a", "ﬁ",
    ]
)  # fmt: skip
#: Texts made of units, where a lone CR is never followed by LF (that pair is one unit).
TEXTS = st.lists(UNITS, max_size=30).filter(
    lambda units: not any(a == "\r" and b.startswith("\n") for a, b in pairwise(units))
)


def _boundaries(units: list[str]) -> list[int]:
    """Code-point offsets between the units (where a span may start or end)."""
    offsets = [0]
    for unit in units:
        offsets.append(offsets[-1] + len(unit))
    return offsets


@given(TEXTS, st.data())
@settings(max_examples=300)
def test_normalised_spans_are_the_normalised_text_of_the_raw_spans(units, data) -> None:
    raw = "".join(units)
    stored = normalise_text(raw)
    mapped = normalisation_map(raw)
    assert (mapped.source_length, mapped.target_length) == (len(raw), len(stored))
    cuts = _boundaries(units)
    a = data.draw(st.sampled_from(cuts))
    b = data.draw(st.sampled_from([c for c in cuts if c >= a]))
    start, end = mapped.span(a, b)
    assert stored[start:end] == normalise_text(raw[a:b])


@given(st.text(max_size=40), st.data())
def test_any_position_maps_in_order_and_inside_the_target(text, data) -> None:
    mapped = normalisation_map(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    start, end = mapped.span(a, b)
    assert 0 <= start <= end <= mapped.target_length
    assert mapped.start(a) <= mapped.end(a)
    if a < len(text):
        assert mapped.start(a) <= mapped.start(a + 1) and mapped.end(a) <= mapped.end(a + 1)


@given(st.text(max_size=40), st.data())
def test_utf16_units_map_to_the_code_points_they_encode(text, data) -> None:
    units = text.encode("utf-16-le")
    mapped = utf16_map(text)
    assert mapped.source_length == len(units) // 2
    cuts = [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]
    a = data.draw(st.sampled_from(cuts))
    b = data.draw(st.sampled_from([c for c in cuts if c >= a]))
    start, end = mapped.span(a, b)
    assert text[start:end] == units[2 * a : 2 * b].decode("utf-16-le")


def test_a_position_inside_a_surrogate_pair_widens_the_span_to_the_character() -> None:
    mapped = utf16_map("a\U0001f600b")  # units: a, high, low, b
    assert mapped.span(2, 3) == (1, 2)
    assert (mapped.start(2), mapped.end(2)) == (1, 2)


def test_nvivo_offsets_chain_utf16_and_normalisation() -> None:
    raw = "Sam:\r\nCafe\u0301 \U0001f600 good\r\n"
    stored = normalise_text(raw)
    chain = utf16_map(raw).then(normalisation_map(raw))
    units = len(raw[: raw.index("good")].encode("utf-16-le")) // 2
    start, end = chain.span(units, units + 4)
    assert stored[start:end] == "good"


REPLACEMENTS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 6), st.text(max_size=5)), max_size=5
)


@given(st.text(min_size=0, max_size=40), REPLACEMENTS, st.data())
def test_replacements_map_spans_to_the_text_with_those_replacements(old, raw, data) -> None:
    spans, last = [], -1
    for start, width, text in sorted(raw):
        start = min(start, len(old))
        if start <= last:
            continue
        end = min(start + width, len(old))
        spans.append((start, end, text))
        last = end if end > start else start
    new, mapped = replacement_map(old, spans)
    assert (mapped.source_length, mapped.target_length) == (len(old), len(new))
    cuts = sorted({0, len(old), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    a = data.draw(st.sampled_from(cuts))
    b = data.draw(st.sampled_from([c for c in cuts if c >= a]))
    inside = [(s - a, e - a, t) for s, e, t in spans if a <= s and e <= b and (s, e) != (b, b)]
    inside = [(s, e, t) for s, e, t in inside if not (s == e == 0 and a == b)]
    expected, _ = replacement_map(old[a:b], [r for r in inside if not (r[0] == r[1] == 0)])
    start, end = mapped.span(a, b)
    # Text inserted exactly at a span's edge stays outside it.
    assert new[start:end] == expected


def test_a_span_reaching_into_replaced_text_covers_all_of_the_replacement() -> None:
    new, mapped = replacement_map("Hello Samantha, hi", [(6, 14, "P01")])
    assert new == "Hello P01, hi"
    assert new[slice(*mapped.span(8, 10))] == "P01"
    assert new[slice(*mapped.span(0, 8))] == "Hello P01"
    assert new[slice(*mapped.span(10, 18))] == "P01, hi"


def test_an_insertion_at_a_span_edge_is_left_outside_the_span() -> None:
    new, mapped = replacement_map("ab", [(1, 1, "XYZ")])
    assert new == "aXYZb"
    assert new[slice(*mapped.span(0, 1))] == "a"
    assert new[slice(*mapped.span(1, 2))] == "b"
    assert new[slice(*mapped.span(0, 2))] == "aXYZb"


@given(st.text(alphabet="ab \n", max_size=30), st.text(alphabet="ab \n", max_size=30))
def test_a_revision_maps_the_whole_text_and_unchanged_characters(old, new) -> None:
    mapped = edit_map(old, new)
    assert (mapped.source_length, mapped.target_length) == (len(old), len(new))
    start, end = mapped.span(0, len(old))
    assert 0 <= start <= end <= len(new)
    for segment in mapped.segments:
        if not segment.changed:
            before = old[segment.source_start : segment.source_end]
            assert new[segment.target_start : segment.target_end] == before


def test_text_added_before_or_after_a_span_stays_outside_it() -> None:
    mapped = edit_map("trust", "Sam: trust.")
    assert mapped.span(0, 5) == (5, 10)
    assert edit_map("", "new").span(0, 0) == (0, 0)


def test_a_revised_transcript_keeps_a_coded_span_on_its_words() -> None:
    old = "Interviewer: How was it?\nSam: It was hard at first.\n"
    new = "Interviewer: How was it for you?\nSam: It was hard at first.\n"
    start = old.index("hard at first")
    mapped = edit_map(old, new)
    a, b = mapped.span(start, start + len("hard at first"))
    assert new[a:b] == "hard at first"


def test_segments_must_tile_both_texts() -> None:
    with pytest.raises(ValueError, match="tile"):
        OffsetMap([Segment(1, 2, 0, 1, changed=False)])
    with pytest.raises(ValueError, match="keep its length"):
        OffsetMap([Segment(0, 2, 0, 1, changed=False)])
    with pytest.raises(ValueError, match="outside"):
        OffsetMap.identity(3).start(4)
    assert unicodedata.is_normalized("NFC", normalise_text("e\u0301"))
