"""Aligning two sequences (lines, words) quickly, also when most of them changed.

:func:`matching_blocks` answers what :class:`difflib.SequenceMatcher` answers
(which runs of ``a`` equal runs of ``b``), without its cost on long, mostly
changed sequences (a transcript read again with new readers: every line
differs, the words do not). It anchors first: items that occur as often in
``a`` as in ``b`` are paired occurrence by occurrence, and the longest run
of pairs in the same order on both sides (a longest increasing subsequence,
as in patience diff) is kept as equal. Between anchors, what is left is
small, and :class:`difflib.SequenceMatcher` aligns it; a gap too large for
that is one changed block. ``O(n log n)`` plus the small gaps.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Hashable, Sequence

#: Gaps between anchors up to this many item pairs (len(a) * len(b)) are
#: aligned by difflib; larger ones are one changed block.
DIFFLIB_LIMIT = 2_000_000


def matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, size)`` with ``a[i:i+size] == b[j:j+size]``, in order on both
    sides and not overlapping (as ``SequenceMatcher.get_matching_blocks`` without
    its final dummy). Pure; never raises."""
    pairs: list[tuple[int, int]] = []
    _align(a, b, 0, len(a), 0, len(b), pairs)
    blocks: list[tuple[int, int, int]] = []
    for i, j in pairs:
        if blocks and blocks[-1][0] + blocks[-1][2] == i and blocks[-1][1] + blocks[-1][2] == j:
            start_i, start_j, size = blocks[-1]
            blocks[-1] = (start_i, start_j, size + 1)
        else:
            blocks.append((i, j, 1))
    return blocks


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int, int, bool]]:
    """The two sequences as consecutive blocks ``(i1, i2, j1, j2, equal)`` covering
    both: equal runs and changed blocks (either side may be empty)."""
    found: list[tuple[int, int, int, int, bool]] = []
    i = j = 0
    for bi, bj, size in [*matching_blocks(a, b), (len(a), len(b), 0)]:
        if i < bi or j < bj:
            found.append((i, bi, j, bj, False))
        if size:
            found.append((bi, bi + size, bj, bj + size, True))
        i, j = bi + size, bj + size
    return found


def _align(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    pairs: list[tuple[int, int]],
) -> None:
    """Append the equal pairs ``(i, j)`` of ``a[alo:ahi]`` and ``b[blo:bhi]`` in order."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common prefix
        pairs.append((alo, blo))
        alo, blo = alo + 1, blo + 1
    tail: list[tuple[int, int]] = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:  # common suffix
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi))
    if alo < ahi and blo < bhi:
        anchors = _anchors(a, b, alo, ahi, blo, bhi)
        if anchors:
            previous_i, previous_j = alo, blo
            for i, j in anchors:
                _align(a, b, previous_i, i, previous_j, j, pairs)
                pairs.append((i, j))
                previous_i, previous_j = i + 1, j + 1
            _align(a, b, previous_i, ahi, previous_j, bhi, pairs)
        elif (ahi - alo) * (bhi - blo) <= DIFFLIB_LIMIT:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                pairs.extend((alo + i + k, blo + j + k) for k in range(size))
    pairs.extend(reversed(tail))


def _anchors(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Pairs of equal items in the same order on both sides, from the items that
    occur equally often in both ranges (paired occurrence by occurrence), most
    of them kept by a longest increasing subsequence. Empty when too few to help
    (a small range is left to difflib, which aligns it better)."""
    if (ahi - alo) * (bhi - blo) <= DIFFLIB_LIMIT // 8:
        return []
    counts_a = Counter(a[alo:ahi])
    counts_b = Counter(b[blo:bhi])
    shared = {item for item, count in counts_a.items() if counts_b.get(item) == count}
    if not shared:
        return []
    positions_b: dict[Hashable, list[int]] = {}
    for j in range(blo, bhi):
        if b[j] in shared:
            positions_b.setdefault(b[j], []).append(j)
    seen: Counter[Hashable] = Counter()
    candidates: list[tuple[int, int]] = []
    for i in range(alo, ahi):
        item = a[i]
        if item in shared:
            candidates.append((i, positions_b[item][seen[item]]))
            seen[item] += 1
    return _increasing(candidates)


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``candidates`` (in order of ``i``) whose ``j``
    increase (patience sorting, ``O(n log n)``)."""
    tails: list[int] = []  # the j ending the best run of each length
    tail_index: list[int] = []  # which candidate that is
    previous: list[int] = [-1] * len(candidates)
    for index, (_, j) in enumerate(candidates):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length] = j
            tail_index[length] = index
        previous[index] = tail_index[length - 1] if length else -1
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(candidates[index])
        index = previous[index]
    return run[::-1]


__all__ = ["DIFFLIB_LIMIT", "matching_blocks", "opcodes"]
