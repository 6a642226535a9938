"""Inter-coder agreement on spans of text: Krippendorff's unitizing α family and character figures.

Coders mark passages (spans) of a text and give each a code; nothing is
divided into units beforehand. :func:`span_agreement` compares how two or
more coders did that, as ATLAS.ti does, with Krippendorff's α for
unitizing (Krippendorff 2019, *Content Analysis*, 4th ed., §12.6;
Krippendorff, Mathet, Bouvry & Widlöcher 2016, "On the reliability of
unitizing textual continua: Further developments", *Quality & Quantity* 50):

- **|uα** (``alpha_binary``) — *where*: do the coders mark the same
  stretches, whatever the code? Coded and uncoded text both count; each
  coder's marked text is the union of all their spans (a code added inside
  text already marked does not change it).
- **cuα** (``alpha_codes``) — *which code*: over the stretches that two or
  more coders marked, do they give the same code?
- **uα** (``alpha_u``) — where and which code together.
- **per code** — |uα of one code's marking alone: do the coders put *this*
  code on the same stretches? (The book's (k)uα is a different figure:
  agreement on code k within cuα, ignoring where only one coder marked.)

How uα is computed (the book's §12.6). Each coder divides the continuum
(length L, in code points) into *units* (marked stretches with a value) and
*gaps* (unmarked stretches). For every ordered pair of coders i ≠ j and
every unit or gap g of i and h of j, the length of their intersection
``|g ∩ h|`` is added to the coincidence ``ℓ_ck`` of their values c, k (the
gap is a value of its own), divided by m − 1 for m coders, so
``ℓ.. = m·L``. The observed disagreement is ``Do = Σ_{c≠k} ℓ_ck``; the
expected one comes from the margins with each unit's pairing with itself
taken out: ``ε_ck = (ℓ_c. ℓ_.k − [c = k] S_c) / (ℓ.. − S / ℓ..)``, where
``S_c`` sums the squared length of every unit valued c (a unit is a
whole) and, for gaps, their plain length (a gap is no unit: each of its
characters pairs with itself only); then ``α = 1 − Do / De`` with
``De = Σ_{c≠k} ε_ck``. |uα is the same with all values but the gap taken
as one; cuα takes the coincidences among units only, with each unit's
self-pairing counted over the length the other coders also marked (its
average over them), squared. These rules reproduce the book's worked
example (3 coders, L = 60: uα = 0.510, |uα = 0.413, cuα = 0.724), checked
in the tests.

Rules for spans that the book's model leaves open (it assumes each coder's
units never overlap):

- A coder's overlapping spans with the *same* code are merged into their
  union first. Adjacent spans (one ends where the next starts) stay two
  units, as in the book's example.
- Where one coder's spans with *different* codes overlap, the value of
  each character for that coder is the *combination* of the codes there
  (the set {a, b} is a value of its own, different from a and from b), and
  the coder's units are the maximal stretches with one combination; a
  unit with code a that another of the coder's codes overlaps in part is
  so cut into pieces. This only matters for uα and cuα (and only the
  combinations count there), not for |uα, the per-code figures or the
  character figures, which look at each code on its own.

Character figures, reported beside the share of text nobody coded
(``uncoded_share``), because they are swamped by it: for every code and
every pair of coders, each character is either coded with the code by
both, by neither, or by one only. ``char_percent`` is the share of
(code, character, pair) cases where the pair agree, pooled over the codes
(the figure NVivo and QualCoder give per code); ``char_kappa`` is
Cohen's κ on the same pooled table, two coders only.

Several documents: lay them end to end as one continuum and offset each
document's spans by the total length of the documents before it (document
a: 0 .. len(a), document b: len(a) .. len(a) + len(b), …); ``length`` is
the total. Spans then never cross a document boundary. A gap may run from
the end of one document into the next; that changes nothing, since gaps
enter only through their lengths.

Everything works on segment boundaries with numpy (no loop per
character): a 200,000-character continuum with 3 coders × 5,000 spans
takes well under a second. Nothing here touches a database; bad input
raises :class:`~qualframe.errors.ValidationError`.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# numpy is imported where used: importing this module for its records stays cheap.
from qualframe.analysis.agreement import MIN_CODERS
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: Below this share of ℓ.., an expected disagreement counts as zero (α is 0/0).
_EPSILON = 1e-12


@dataclass(frozen=True)
class Span:
    """One passage a coder marked: code points ``start`` .. ``end`` (end exclusive) with ``value``.

    ``value`` is the code (its path); for a plain "was it marked" question
    give every span the same value. Raises :class:`ValidationError` unless
    ``0 <= start < end`` (whole numbers) and ``value`` is non-empty text.
    """

    coder: str
    start: int
    end: int
    value: str

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            number = getattr(self, name)
            try:
                if isinstance(number, bool):
                    raise TypeError
                object.__setattr__(self, name, operator.index(number))
            except TypeError:
                raise ValidationError(
                    f"A span's {name} must be a whole number of characters; got {number!r}."
                ) from None
        if self.start < 0 or self.start >= self.end:
            raise ValidationError(
                f"A span must start before it ends, at 0 or later; "
                f"coder {self.coder!r} has {self.start}–{self.end}."
            )
        if not isinstance(self.value, str) or not self.value:
            raise ValidationError(
                f"A span needs a code (non-empty text); coder {self.coder!r} has "
                f"{self.value!r} at {self.start}–{self.end}."
            )


@dataclass(frozen=True)
class SpanFigures:
    """Agreement of coders who marked spans of a continuum of ``length`` code points.

    Coefficients (``alpha_*``, ``per_code`` values, ``char_kappa``) are 1 for
    perfect agreement, 0 for chance, negative below; ``None`` means undefined
    (0/0: for example nobody marked anything, everybody marked everything,
    or — for ``alpha_codes`` — no stretch was marked by two coders with two
    different codes in play). ``char_percent`` and ``uncoded_share`` are
    shares 0..1. ``per_code`` maps each code (sorted) to |uα of that code's
    marking alone. See the module docstring for the definitions.
    """

    length: int
    coders: int
    alpha_binary: float | None
    alpha_codes: float | None
    alpha_u: float | None
    per_code: Mapping[str, float | None] = field(hash=False)
    char_percent: float | None
    char_kappa: float | None
    uncoded_share: float


def span_agreement(spans: Sequence[Span], length: int, coders: Sequence[str]) -> SpanFigures:
    """Unitizing α (where, which code, both, per code) and character figures for ``spans``.

    ``coders``: the coders compared (at least 2, unique); a coder with no
    span marked nothing. ``length``: the continuum's length in code points
    (several documents: see the module docstring). Raises
    :class:`ValidationError` for fewer than 2 coders, a repeated coder,
    ``length`` below 1, an item that is not a :class:`Span`, a span by a
    coder not in ``coders``, or a span ending after ``length``.
    """
    names = _check_coders(coders)
    total = _check_length(length)
    by_code = _spans_by_coder_and_code(spans, names, total)
    codes = sorted({code for coder in by_code.values() for code in coder})
    combined = _Coincidences.of(_combined_units(by_code, names), total)
    # "Where" compares each coder's marked text as one stretch per union of
    # all their spans: a code added inside text already marked is no new unit.
    marked = _Coincidences.of([_marked_units(by_code[name]) for name in names], total)
    per_code: dict[str, float | None] = {}
    char = _CharTally(len(names), total)
    for code in codes:
        units = [_units_of_one_code(by_code[name].get(code, [])) for name in names]
        tally = _Coincidences.of(units, total)
        per_code[code] = tally.alpha_u()
        char.add(tally)
    return SpanFigures(
        length=total,
        coders=len(names),
        alpha_binary=marked.alpha_binary(),
        alpha_codes=combined.alpha_codes(),
        alpha_u=combined.alpha_u(),
        per_code=per_code,
        char_percent=char.percent(),
        char_kappa=char.kappa(),
        uncoded_share=combined.uncoded / total,
    )


# --- input -------------------------------------------------------------------------


def _check_coders(coders: Sequence[str]) -> list[str]:
    names = list(coders)
    if len(names) < MIN_CODERS:
        raise ValidationError(
            f"Agreement needs at least {MIN_CODERS} coders; got {len(names)}: "
            + (", ".join(repr(name) for name in names) or "none")
            + "."
        )
    repeated = sorted({repr(name) for name in names if names.count(name) > 1})
    if repeated:
        raise ValidationError(
            f"Each coder can be named only once; repeated: {', '.join(repeated)}."
        )
    return names


def _check_length(length: int) -> int:
    try:
        if isinstance(length, bool):
            raise TypeError
        total = operator.index(length)
    except TypeError:
        raise ValidationError(
            f"The text's length must be a whole number of characters; got {length!r}."
        ) from None
    if total < 1:
        raise ValidationError(f"There is no text to compare (length {total}).")
    return total


def _spans_by_coder_and_code(
    spans: Sequence[Span], coders: list[str], length: int
) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """Each coder's spans per code, overlapping ones merged, sorted by start."""
    known = set(coders)
    raw: dict[str, dict[str, list[tuple[int, int]]]] = {name: {} for name in coders}
    for span in spans:
        if not isinstance(span, Span):
            raise ValidationError(f"Expected spans (Span records); got {span!r}.")
        if span.coder not in known:
            raise ValidationError(
                f"A span by {span.coder!r}, who is not among the coders compared "
                f"({', '.join(repr(name) for name in coders)})."
            )
        if span.end > length:
            raise ValidationError(
                f"The span {span.start}–{span.end} by {span.coder!r} ends after the end "
                f"of the text (length {length})."
            )
        raw[span.coder].setdefault(span.value, []).append((span.start, span.end))
    return {
        name: {code: _merge_overlapping(pieces) for code, pieces in codes.items()}
        for name, codes in raw.items()
    }


def _merge_overlapping(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of overlapping spans; spans that only touch stay apart (two units)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- each coder's units ----------------------------------------------------------------


@dataclass(frozen=True)
class _Units:
    """One coder's units, sorted and non-overlapping: starts, ends and value numbers."""

    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    value: npt.NDArray[np.int64]


def _units_of_one_code(pieces: list[tuple[int, int]]) -> _Units:
    import numpy as np

    bounds = np.array(pieces, dtype=np.int64).reshape(-1, 2)
    return _Units(bounds[:, 0], bounds[:, 1], np.zeros(len(pieces), dtype=np.int64))


def _marked_units(codes: dict[str, list[tuple[int, int]]]) -> _Units:
    """One coder's marked text whatever the code: the union of all their spans
    (overlapping ones joined; touching ones stay apart, as per code)."""
    return _units_of_one_code(_merge_overlapping([p for pieces in codes.values() for p in pieces]))


def _combined_units(
    by_code: dict[str, dict[str, list[tuple[int, int]]]], coders: list[str]
) -> list[_Units]:
    """Each coder's units valued by the combination of codes there (see the module docstring)."""
    import numpy as np

    numbers: dict[tuple[str, ...], int] = {}
    out = []
    for name in coders:
        starts: list[int] = []
        ends: list[int] = []
        values: list[int] = []
        for start, end, combination in _pieces(by_code[name]):
            starts.append(start)
            ends.append(end)
            values.append(numbers.setdefault(combination, len(numbers)))
        out.append(
            _Units(
                np.array(starts, dtype=np.int64),
                np.array(ends, dtype=np.int64),
                np.array(values, dtype=np.int64),
            )
        )
    return out


def _pieces(codes: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Stretches between consecutive span boundaries of one coder, with the codes covering them."""
    events: dict[int, list[tuple[int, str]]] = {}
    for code, pieces in codes.items():
        for start, end in pieces:
            events.setdefault(start, []).append((1, code))
            events.setdefault(end, []).append((-1, code))
    active: dict[str, int] = {}
    out: list[tuple[int, int, tuple[str, ...]]] = []
    previous = 0
    for position in sorted(events):
        if active:
            out.append((previous, position, tuple(sorted(active))))
        for step, code in events[position]:
            # ends and starts at one position cancel out for a code that goes on
            count = active.get(code, 0) + step
            if count:
                active[code] = count
            else:
                active.pop(code, None)
        previous = position
    return out


# --- coincidences --------------------------------------------------------------------


@dataclass(frozen=True)
class _Coincidences:
    """What the α's need from the coincidence matrix ℓ (never built whole).

    Indexes are value numbers; the gap is kept apart. ``diagonal[c]`` is
    ℓ_cc, ``margin[c]`` is ℓ_c. (the total length of units valued c),
    ``marked_margin[c]`` the row of ℓ among units only, ``squares[c]`` the
    self-pairing correction S_c (squared unit lengths) and ``marked_squares``
    its counterpart for cuα (squared average length marked by the others).
    """

    coders: int
    length: int
    diagonal: npt.NDArray[np.float64]
    margin: npt.NDArray[np.float64]
    marked_margin: npt.NDArray[np.float64]
    squares: npt.NDArray[np.float64]
    marked_squares: npt.NDArray[np.float64]
    gap_diagonal: float  # ℓ for gap × gap
    marked_diagonal: float  # ℓ summed over unit × unit, any values
    uncoded: int  # characters that no coder marked
    per_coder: tuple[int, ...]  # characters each coder marked

    @classmethod
    def of(cls, units: list[_Units], length: int) -> _Coincidences:
        """Sum the coincidences of ``units`` (one entry per coder) over a continuum of ``length``.

        The continuum is cut at every coder's unit boundaries into stretches
        where each coder has one value (or the gap); per stretch of width w
        where n coders have value c, ordered pairs of coders contribute
        ``w·n(n − 1)`` to ℓ_cc (before dividing by m − 1).
        """
        import numpy as np

        coders, pairs = len(units), len(units) - 1.0
        values = max((int(u.value.max()) + 1 for u in units if u.value.size), default=0)
        base = max(values, 1)
        bounds = np.unique(
            np.concatenate([[0, length], *(u.start for u in units), *(u.end for u in units)])
        )
        width = np.diff(bounds).astype(np.float64)
        at = np.stack([_value_at(u, bounds[:-1]) for u in units])  # coders × stretches
        coder, stretch = np.nonzero(at >= 0)
        marked = np.bincount(stretch, minlength=width.size)  # coders with a unit there
        unmarked = coders - marked
        # how many coders share each (stretch, value)
        keys, sharing = np.unique(stretch * base + at[coder, stretch], return_counts=True)
        same = width[keys // base] * sharing * (sharing - 1.0)
        others = width * (marked - 1.0)  # per stretch, for one marking coder: the others' marks
        shared_before = np.concatenate([[0.0], np.cumsum(others)])
        margin, squares, marked_squares = np.zeros(values), np.zeros(values), np.zeros(values)
        for u in units:
            lengths = (u.end - u.start).astype(np.float64)
            shared = shared_before[np.searchsorted(bounds, u.end)]
            shared = (shared - shared_before[np.searchsorted(bounds, u.start)]) / pairs
            margin += np.bincount(u.value, weights=lengths, minlength=values)
            squares += np.bincount(u.value, weights=lengths**2, minlength=values)
            marked_squares += np.bincount(u.value, weights=shared**2, minlength=values)
        marked_row = np.bincount(at[coder, stretch], weights=others[stretch], minlength=values)
        return cls(
            coders=coders,
            length=length,
            diagonal=np.bincount(keys % base, weights=same, minlength=values) / pairs,
            margin=margin,
            marked_margin=marked_row / pairs,
            squares=squares,
            marked_squares=marked_squares,
            gap_diagonal=float(np.sum(width * unmarked * (unmarked - 1.0)) / pairs),
            marked_diagonal=float(np.sum(width * marked * (marked - 1.0)) / pairs),
            uncoded=int(np.sum(width[marked == 0])),
            per_coder=tuple(int(np.sum(u.end - u.start)) for u in units),
        )

    @property
    def total(self) -> float:
        return float(self.coders * self.length)

    @property
    def gap(self) -> float:
        """ℓ_∅. — the total length of the gaps, over all coders (also their correction S_∅)."""
        return self.total - float(self.margin.sum())

    def alpha_u(self) -> float | None:
        """uα: every value and the gap."""
        import numpy as np

        return _alpha(
            diagonal=float(self.diagonal.sum()) + self.gap_diagonal,
            margins=np.append(self.margin, self.gap),
            squares=np.append(self.squares, self.gap),
        )

    def alpha_binary(self) -> float | None:
        """|uα: units of any value against gaps (ℓ and ε collapsed to marked / unmarked)."""
        import numpy as np

        return _alpha(
            diagonal=self.marked_diagonal + self.gap_diagonal,
            margins=np.array([self.margin.sum(), self.gap]),
            squares=np.array([self.squares.sum(), self.gap]),
        )

    def alpha_codes(self) -> float | None:
        """cuα: the values, over the stretches that two coders or more marked."""
        return _alpha(
            diagonal=float(self.diagonal.sum()),
            margins=self.marked_margin,
            squares=self.marked_squares,
        )


def _value_at(units: _Units, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The value number of the unit covering each position, ``-1`` in a gap."""
    import numpy as np

    if units.start.size == 0:
        return np.full(positions.size, -1, dtype=np.int64)
    index = np.searchsorted(units.start, positions, side="right") - 1
    safe = np.maximum(index, 0)
    inside = (index >= 0) & (positions < units.end[safe])
    return np.where(inside, units.value[safe], -1)


def _alpha(
    *, diagonal: float, margins: npt.NDArray[np.float64], squares: npt.NDArray[np.float64]
) -> float | None:
    """``1 − Do / De`` from ℓ's diagonal total, its margins and the self-pairing corrections.

    ``ℓ..`` is the sum of the margins; ``Do = ℓ.. − Σ ℓ_cc`` and
    ``De = ℓ.. − Σ ε_cc`` with ``ε_cc = (ℓ_c.² − S_c) / (ℓ.. − S / ℓ..)``
    (the ε sum to ℓ..). ``None`` when De is zero (one value only).
    """
    import numpy as np

    total = float(margins.sum())
    if total <= 0:
        return None
    scale = total - float(squares.sum()) / total
    if scale <= 0:
        return None
    expected = total - float(np.sum(margins**2 - squares)) / scale
    if expected <= _EPSILON * total:
        return None
    return 1.0 - (total - diagonal) / expected


@dataclass
class _CharTally:
    """The pooled (code, character, coder pair) table behind the character figures."""

    coders: int
    length: int
    codes: int = 0
    disagreeing: float = 0.0  # over unordered coder pairs
    both: float = 0.0  # two coders: characters both coded with the code
    first: float = 0.0  # two coders: characters each coded
    second: float = 0.0

    def add(self, code: _Coincidences) -> None:
        """One code's figures: pairs disagree on (m − 1)(ℓ_c. − ℓ_cc) characters in all."""
        marked, same = float(code.margin.sum()), float(code.diagonal.sum())
        self.codes += 1
        self.disagreeing += (self.coders - 1) * (marked - same)
        if self.coders == 2:
            self.both += same / 2
            self.first += code.per_coder[0]
            self.second += code.per_coder[1]

    def percent(self) -> float | None:
        if not self.codes:
            return None
        cases = self.codes * self.length * self.coders * (self.coders - 1) / 2
        return 1.0 - self.disagreeing / cases

    def kappa(self) -> float | None:
        if self.coders != 2 or not self.codes:
            return None
        cases = self.codes * self.length
        first, second = self.first / cases, self.second / cases
        chance = first * second + (1 - first) * (1 - second)
        if 1.0 - chance < _EPSILON:
            return None
        observed = 1.0 - self.disagreeing / cases
        return (observed - chance) / (1.0 - chance)
