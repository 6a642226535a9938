"""Offset maps: where a position in one text lands in another.

qualframe counts offsets in code points of the stored text (NFC, ``\\n``
line endings), end exclusive. Other texts count otherwise: the raw text of a
file before normalisation (CR+LF line endings, decomposed accents), the
UTF-16 units that NVivo's REFI-QDA exports and browsers count, and an
earlier version of a document that was edited (a text revision, a
pseudonymised copy). An :class:`OffsetMap` carries positions of one of these
texts (the source) to another (the target).

A map is a run of aligned segments covering both texts: unchanged runs,
where positions correspond one to one, and changed blocks, where a source
piece became a target piece (either may be empty). Positions are the
boundaries between characters, ``0 … len(text)``. At changed blocks:

- a position inside a changed block maps to the block's start when it
  starts a span and to the block's end when it ends one, so a span reaching
  into changed text covers all of its replacement;
- a span that starts at an insertion (an empty source piece) starts after
  the inserted text, and a span that ends at one ends before it: spans do
  not grow to take in text inserted at their edges.

Everything here is pure (strings in, maps out) and property-tested against
slicing the texts themselves (``tests/formats/test_offset_maps.py``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from qualframe.formats import sequence_diff
from qualframe.formats.text_decoding import normalise_text


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the source aligned with a piece of the target (offsets, end
    exclusive); ``changed`` pieces may differ in length and content."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    changed: bool


class PositionMap(Protocol):
    """Anything that carries positions from a source text to a target text."""

    def start(self, position: int) -> int:
        """Where a span starting at ``position`` starts in the target."""
        ...

    def end(self, position: int) -> int:
        """Where a span ending at ``position`` ends in the target."""
        ...


class OffsetMap:
    """Positions of a source text mapped to a target text (see the module docstring).

    Raises ``ValueError`` for segments that do not tile both texts from 0, and
    for a position outside ``0 … source_length``.
    """

    def __init__(self, segments: Sequence[Segment]) -> None:
        source = target = 0
        for segment in segments:
            if (segment.source_start, segment.target_start) != (source, target):
                raise ValueError(f"segments must tile both texts; {segment} starts elsewhere")
            if not segment.changed and (
                segment.source_end - segment.source_start
                != segment.target_end - segment.target_start
            ):
                raise ValueError(f"an unchanged run must keep its length: {segment}")
            source, target = segment.source_end, segment.target_end
        self.segments = tuple(segments)
        self.source_length, self.target_length = source, target
        self._starts = [segment.source_start for segment in self.segments]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text to itself."""
        return cls([Segment(0, length, 0, length, changed=False)] if length else [])

    def start(self, position: int) -> int:
        """Where a span starting at ``position`` starts in the target."""
        return self._map(position, at_start=True)

    def end(self, position: int) -> int:
        """Where a span ending at ``position`` ends in the target."""
        return self._map(position, at_start=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The target span of the source span ``[start, end)`` (an empty span at
        an insertion stays empty, before the inserted text)."""
        mapped_start, mapped_end = self.start(start), self.end(end)
        return min(mapped_start, mapped_end), mapped_end

    def then(self, other: PositionMap) -> ChainedMap:
        """This map followed by ``other`` (from this target onwards)."""
        return ChainedMap((self, other))

    def _map(self, position: int, *, at_start: bool) -> int:
        if not 0 <= position <= self.source_length:
            raise ValueError(f"position {position} is outside 0…{self.source_length}")
        # Every segment starting at this position (empty insertions, then the next
        # piece), and the one it falls inside of or ends.
        first = bisect.bisect_left(self._starts, position)
        here = [s for s in self.segments[first:] if s.source_start == position]
        if here:
            insertion = next((s for s in here if s.source_start == s.source_end), None)
            if insertion is not None:
                # A span starts after text inserted at its start; an end stays before it.
                return insertion.target_end if at_start else insertion.target_start
            return here[0].target_start
        if not self.segments:
            return 0
        segment = self.segments[first - 1]  # position > segment.source_start
        if position == segment.source_end:  # the end of the text
            return segment.target_end
        if not segment.changed:
            return segment.target_start + (position - segment.source_start)
        return segment.target_start if at_start else segment.target_end


@dataclass(frozen=True)
class ChainedMap:
    """Maps applied one after the other (e.g. UTF-16 units → code points →
    normalised code points)."""

    maps: tuple[PositionMap, ...]

    def start(self, position: int) -> int:
        """Where a span starting at ``position`` starts in the last target."""
        for each in self.maps:
            position = each.start(position)
        return position

    def end(self, position: int) -> int:
        """Where a span ending at ``position`` ends in the last target."""
        for each in self.maps:
            position = each.end(position)
        return position

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The last target's span of the source span ``[start, end)``."""
        return self.start(start), self.end(end)

    def then(self, other: PositionMap) -> ChainedMap:
        """This chain followed by ``other``."""
        return ChainedMap((*self.maps, other))


def _tiled(pieces: Iterable[tuple[int, int, bool]]) -> OffsetMap:
    """A map from consecutive ``(source length, target length, changed)`` pieces,
    adjacent unchanged pieces joined."""
    segments: list[Segment] = []
    source = target = 0
    for source_length, target_length, changed in pieces:
        if not changed and segments and not segments[-1].changed:
            last = segments.pop()
            source, target = last.source_start, last.target_start
            source_length += last.source_end - last.source_start
            target_length += last.target_end - last.target_start
        elif source_length == target_length == 0:
            continue
        segments.append(
            Segment(source, source + source_length, target, target + target_length, changed)
        )
        source, target = source + source_length, target + target_length
    return OffsetMap(segments)


# ---------------------------------------------------------------- normalisation


@cache
def _composing_characters() -> frozenset[str]:
    """Characters of combining class 0 that NFC can still join to the character
    before them (the second half of a canonical composition: Hangul vowels and
    final consonants, some Indic vowel signs). Worked out once, when first needed."""
    found = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second = chr(int(parts[1], 16))
            if unicodedata.combining(second) == 0:
                found.add(second)
    # Hangul syllables compose algorithmically, without a decomposition entry.
    found.update(chr(code) for code in range(0x1161, 0x1176))  # vowels
    found.update(chr(code) for code in range(0x11A8, 0x11C3))  # final consonants
    return frozenset(found)


def _normalisation_units(raw: str) -> list[str]:
    """``raw`` cut where normalisation cannot reach across: before a character
    nothing can combine with or compose onto, and never inside CR+LF or before
    a NUL (normalising leaves NULs out, so the characters either side of one
    may compose)."""
    composing = _composing_characters()
    units: list[str] = []
    begin = 0
    for index in range(1, len(raw)):
        char = raw[index]
        if char == "\n" and raw[index - 1] == "\r":
            continue
        if unicodedata.combining(char) == 0 and char not in composing and char != "\x00":
            units.append(raw[begin:index])
            begin = index
    if raw:
        units.append(raw[begin:])
    return units


def normalisation_map(raw: str) -> OffsetMap:
    """From code points of ``raw`` (a decoded file) to code points of the stored
    text, ``normalise_text(raw)`` (NFC, ``\\n`` line endings).

    CR+LF and lone CR become LF; characters that NFC composes, reorders or
    expands form changed blocks, as small as normalisation allows.
    """
    pieces = []
    for unit in _normalisation_units(raw):
        done = normalise_text(unit)
        pieces.append((len(unit), len(done), done != unit))
    mapped = _tiled(pieces)
    if mapped.target_length != len(normalise_text(raw)):  # pragma: no cover - a guard
        raise AssertionError("normalisation is not local to the units")
    return mapped


def utf16_map(text: str) -> OffsetMap:
    """From UTF-16 code units of ``text`` (as NVivo and browsers count) to its
    code points: a character outside the Basic Multilingual Plane is two units."""
    return _tiled((2, 1, True) if ord(char) > 0xFFFF else (1, 1, False) for char in text)


# ---------------------------------------------------------------- edits


def edit_map(old: str, new: str) -> OffsetMap:
    """From positions of ``old`` to positions of ``new``, a revised text, by a
    difference of the two: first line by line, then word by word within the
    lines that changed (so a long transcript with a few edits is compared
    quickly, and a rewritten sentence is one changed block rather than
    scattered letters that happen to match)."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    pieces: list[tuple[int, int, bool]] = []
    for i1, i2, j1, j2, equal in sequence_diff.opcodes(old_lines, new_lines):
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if equal:
            pieces.append((len(before), len(after), False))
        else:
            pieces.extend(_token_pieces(before, after))
    return _tiled(pieces)


#: Words, runs of white space, and single other characters (punctuation, markup).
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def _token_pieces(old: str, new: str) -> list[tuple[int, int, bool]]:
    """Aligned pieces of two changed blocks, compared token by token."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    return [
        (len("".join(old_tokens[i1:i2])), len("".join(new_tokens[j1:j2])), not equal)
        for i1, i2, j1, j2, equal in sequence_diff.opcodes(old_tokens, new_tokens)
    ]


def replacement_map(
    old: str, replacements: Sequence[tuple[int, int, str]]
) -> tuple[str, OffsetMap]:
    """``old`` with each ``(start, end, text)`` span replaced by ``text`` (code
    points, end exclusive), and the map from ``old`` to the result.

    Raises ``ValueError`` for spans outside the text or overlapping each other.
    """
    pieces: list[tuple[int, int, bool]] = []
    parts: list[str] = []
    position = 0
    for start, end, text in sorted(replacements):
        if not position <= start <= end <= len(old):
            raise ValueError(f"replacement [{start}, {end}) overlaps another or leaves the text")
        pieces += [(start - position, start - position, False), (end - start, len(text), True)]
        parts += [old[position:start], text]
        position = end
    pieces.append((len(old) - position, len(old) - position, False))
    parts.append(old[position:])
    return "".join(parts), _tiled(pieces)
