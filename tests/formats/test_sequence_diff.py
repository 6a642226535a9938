"""Aligning sequences: the blocks are equal runs, in order, and a long mostly
changed text (a re-read transcript) aligns its words."""

from __future__ import annotations

from hypothesis import given, strategies as st

from qualframe.formats import sequence_diff
from qualframe.formats.offset_maps import edit_map

ITEMS = st.lists(st.sampled_from("abcdefg"), max_size=60)


@given(a=ITEMS, b=ITEMS)
def test_matching_blocks_are_equal_runs_in_order(a: list[str], b: list[str]) -> None:
    last_i = last_j = 0
    for i, j, size in sequence_diff.matching_blocks(a, b):
        assert size > 0 and a[i : i + size] == b[j : j + size]
        assert i >= last_i and j >= last_j
        last_i, last_j = i + size, j + size


@given(a=ITEMS, b=ITEMS)
def test_opcodes_cover_both_sequences(a: list[str], b: list[str]) -> None:
    blocks = sequence_diff.opcodes(a, b)
    assert [x for i1, i2, _, _, _ in blocks for x in a[i1:i2]] == a
    assert [x for _, _, j1, j2, _ in blocks for x in b[j1:j2]] == b
    assert all(a[i1:i2] == b[j1:j2] for i1, i2, j1, j2, equal in blocks if equal)


def test_a_long_text_whose_every_line_changed_aligns_its_words() -> None:
    lines = [f"**P{n % 3}**: the ward was noisy and peer {n} listened." for n in range(5000)]
    old = "\n\n".join(lines)
    new = old.replace("**", "")
    mapping = edit_map(old, new)  # took minutes with difflib alone
    at = old.index("peer 4321 listened")
    start, end = mapping.span(at, at + len("peer 4321 listened"))
    assert new[start:end] == "peer 4321 listened"
