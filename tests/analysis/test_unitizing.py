"""Agreement on spans of text (qualframe.analysis.unitizing).

Expected figures come from Krippendorff's worked example (Content Analysis,
4th ed., 2019, §12.6, the three coders of Figure 12.11), from small examples
computed by hand (the arithmetic is in each docstring), and, for random
codings, from a plain reference written from the definitions that counts
coincidences character by character and builds the whole matrices.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, strategies as st

from qualframe.analysis.unitizing import Span, SpanFigures, span_agreement
from qualframe.errors import ValidationError

Codings = tuple[list[Span], int, list[str]]


def _spans(codings: dict[str, list[tuple[int, int, str]]]) -> list[Span]:
    return [
        Span(coder, start, end, value)
        for coder, rows in codings.items()
        for start, end, value in rows
    ]


def _close(figures: SpanFigures, expected: SpanFigures) -> bool:
    """Field by field: counts and ``None`` exactly, coefficients to 1e-9."""
    got, want = dataclasses.asdict(figures), dataclasses.asdict(expected)
    return got.pop("per_code") == pytest.approx(want.pop("per_code"), abs=1e-9) and tuple(
        got.values()
    ) == pytest.approx(tuple(want.values()), abs=1e-9)


# --- Krippendorff's worked example ------------------------------------------------------


def _book_example() -> dict[str, list[tuple[int, int, str]]]:
    """Krippendorff (2019), Content Analysis, 4th ed., §12.6, Figure 12.11: coders Alex, Paul
    and Suzan on a continuum of 60 (the book counts 1..60 inclusive; here 0-based, end
    exclusive). Transcribed as in the tests of the quallmer R package, which quote the
    book's results uα = 0.510, |uα = 0.413 and cuα = 0.724."""
    return {
        "Alex": [
            (0, 7, "1"),
            (7, 13, "2"),
            (30, 32, "5"),
            (32, 37, "6"),
            (37, 44, "6"),
            (44, 60, "7"),
        ],
        "Paul": [(0, 7, "1"), (7, 13, "3"), (13, 21, "5"), (32, 44, "6")],
        "Suzan": [
            (0, 7, "1"),
            (7, 13, "4"),
            (13, 21, "5"),
            (32, 37, "6"),
            (37, 41, "6"),
            (41, 44, "6"),
        ],
    }


def test_unitizing_alphas_reproduce_krippendorffs_worked_example() -> None:
    codings = _book_example()

    figures = span_agreement(_spans(codings), 60, list(codings))

    assert figures.alpha_u == pytest.approx(0.510, abs=5e-4)
    assert figures.alpha_binary == pytest.approx(0.413, abs=1e-3)  # 0.41360 unrounded
    assert figures.alpha_codes == pytest.approx(0.724, abs=5e-4)
    assert (figures.length, figures.coders) == (60, 3)
    # 51–60 is marked by Alex alone; 14–21 by Paul and Suzan; 22–30 by nobody: 9 of 60
    assert figures.uncoded_share == pytest.approx(9 / 60)
    assert figures.char_kappa is None  # three coders
    assert figures == span_agreement(_spans(codings), 60, list(codings))  # deterministic
    # every code's marking agrees where everybody marked code 1 and code 6 alike
    assert figures.per_code["1"] == 1.0
    assert figures.per_code["6"] == 1.0
    assert list(figures.per_code) == ["1", "2", "3", "4", "5", "6", "7"]


# --- hand-computed examples -----------------------------------------------------------------


def test_partly_overlapping_marks_by_hand() -> None:
    """L = 10; A marks 0–4, B marks 2–6, one code.

    Pieces: A unit 0–4, gap 4–10; B gap 0–2, unit 2–6, gap 6–10. Intersections (both
    directions, m − 1 = 1): unit×unit 2+2 = 4, unit×gap 2+2 = 4, gap×unit 4, gap×gap 4+4 = 8;
    ℓ.. = 20, Do = 8. Margins: unit 8, gap 12. S = 4² + 4² (units) + 6 + 2 + 4 (gaps) = 44;
    ε_uu = (64 − 32)/(20 − 44/20) = 32/17.8, ε_gg = (144 − 12)/17.8 = 132/17.8;
    De = 20 − 164/17.8 = 192/17.8; α = 1 − 8·17.8/192 = 0.258333….
    Characters: agree on 2–4 and 6–10, 6 of 10; κ: p_e = 0.4² + 0.6² = 0.52,
    κ = (0.6 − 0.52)/0.48 = 1/6. Nobody coded 6–10: uncoded 0.4. One code only: cuα undefined.
    """
    figures = span_agreement(_spans({"A": [(0, 4, "x")], "B": [(2, 6, "x")]}), 10, ["A", "B"])

    alpha = 1 - 8 * 17.8 / 192
    assert _close(
        figures,
        SpanFigures(10, 2, alpha, None, alpha, {"x": alpha}, 0.6, 1 / 6, 0.4),
    )


def test_complete_disagreement_by_hand() -> None:
    """L = 10; A marks 0–5, B marks 5–10. Unit×gap intersections 5 + 5 each way: Do = 20.
    Margins 10 and 10, S = 25 + 25 + 5 + 5 = 60, scale = 20 − 60/20 = 17;
    ε_uu = (100 − 50)/17, ε_gg = (100 − 10)/17, De = 20 − 140/17 = 200/17;
    α = 1 − 20·17/200 = −0.7. Characters: no agreement, κ = (0 − 0.5)/0.5 = −1."""
    figures = span_agreement(_spans({"A": [(0, 5, "x")], "B": [(5, 10, "x")]}), 10, ["A", "B"])

    assert _close(figures, SpanFigures(10, 2, -0.7, None, -0.7, {"x": -0.7}, 0.0, -1.0, 0.0))


def test_same_stretches_with_a_different_code_by_hand() -> None:
    """L = 10, no gaps. A: x 0–5, y 5–10; B: x 0–5, x 5–10 (two adjacent units).

    ℓ_xx = 5·2 = 10, ℓ_xy = ℓ_yx = 5; margins x 15, y 5; S = 25·3 (x) + 25 (y) = 100;
    scale = 20 − 100/20 = 15; ε_xx = (225 − 75)/15 = 10, ε_yy = 0; De = 10, Do = 10: uα = 0,
    and cuα = 0 as well (every unit is fully marked by the other coder). Where: everything
    marked by both, |uα = 0/0. Per code x: A unit 0–5 and gap 5–10 against B's two units:
    ℓ_xx = 10, ℓ_x∅ = ℓ_∅x = 5, S = 75 + 5, scale = 16, ε_xx = 150/16, ε_∅∅ = 20/16,
    De = 20 − 170/16 = 9.375, α = 1 − 10/9.375 = −1/15. Per code y: A gap 0–5, unit 5–10
    against B's gap 0–10: Do = 10, S = 25 + 15, scale = 18, ε_∅∅ = (225 − 15)/18,
    De = 20 − 210/18, α = −0.2. Characters: 10 of 20 (code, character) cases agree; the
    pooled table is 5/5/5/5, so κ = 0.
    """
    codings = {"A": [(0, 5, "x"), (5, 10, "y")], "B": [(0, 5, "x"), (5, 10, "x")]}

    figures = span_agreement(_spans(codings), 10, ["A", "B"])

    assert _close(
        figures, SpanFigures(10, 2, None, 0.0, 0.0, {"x": -1 / 15, "y": -0.2}, 0.5, 0.0, 0.0)
    )


def test_identical_codings_agree_perfectly() -> None:
    rows = [(0, 5, "x"), (8, 12, "y"), (12, 20, "x"), (25, 30, "y")]
    codings = {"A": rows, "B": rows, "C": rows}

    three = span_agreement(_spans(codings), 40, ["A", "B", "C"])
    two = span_agreement(_spans({"A": rows, "B": rows}), 40, ["A", "B"])

    assert _close(
        three, SpanFigures(40, 3, 1.0, 1.0, 1.0, {"x": 1.0, "y": 1.0}, 1.0, None, 18 / 40)
    )
    assert two.char_kappa == pytest.approx(1.0)


def test_nothing_coded_leaves_every_coefficient_undefined() -> None:
    figures = span_agreement([], 50, ["A", "B"])

    assert figures == SpanFigures(50, 2, None, None, None, {}, None, None, 1.0)


def test_a_coder_without_spans_marked_nothing() -> None:
    figures = span_agreement(_spans({"A": [(0, 5, "x")]}), 10, ["A", "B"])

    assert figures.alpha_binary is not None and figures.alpha_binary < 0
    assert figures.char_percent == pytest.approx(0.5)
    assert figures.uncoded_share == pytest.approx(0.5)


# --- the rules for overlapping spans ------------------------------------------------------------


def test_a_coders_overlapping_spans_with_one_code_count_as_their_union() -> None:
    merged = {"A": [(0, 8, "x"), (12, 15, "y")], "B": [(2, 9, "x"), (11, 15, "y")]}
    split = {
        "A": [(0, 5, "x"), (3, 8, "x"), (0, 8, "x"), (12, 15, "y")],
        "B": [(2, 9, "x"), (4, 6, "x"), (11, 15, "y"), (11, 13, "y")],
    }

    assert span_agreement(_spans(split), 20, ["A", "B"]) == span_agreement(
        _spans(merged), 20, ["A", "B"]
    )


def test_adjacent_spans_with_one_code_stay_two_units() -> None:
    """Two units 0–3 and 3–8 are not one unit 0–8: the expected disagreement differs
    (their self-pairings are 3² + 5², not 8²); the characters marked are the same."""
    other = [(0, 6, "x")]
    apart = span_agreement(_spans({"A": [(0, 3, "x"), (3, 8, "x")], "B": other}), 12, ["A", "B"])
    joined = span_agreement(_spans({"A": [(0, 8, "x")], "B": other}), 12, ["A", "B"])

    assert apart.alpha_u != pytest.approx(joined.alpha_u)
    assert apart.char_percent == joined.char_percent
    assert apart.alpha_u == pytest.approx(
        _reference(_spans({"A": [(0, 3, "x"), (3, 8, "x")], "B": other}), 12, ["A", "B"]).alpha_u
    )


def test_overlapping_different_codes_count_as_their_combination() -> None:
    """A's x 0–6 and y 4–10 overlap: for uα and cuα A's text is x 0–4, {x, y} 4–6, y 6–10,
    the same as giving the middle stretch a code of its own; for |uα ("where") each
    coder's marked text is the union of their spans (B's touching 0–5 and 5–10 stay
    two stretches, as with one code)."""
    other = {"B": [(0, 5, "x"), (5, 10, "y")], "C": [(0, 4, "x"), (4, 6, "y"), (7, 10, "y")]}
    overlapping = {"A": [(0, 6, "x"), (4, 10, "y")], **other}
    combined = {"A": [(0, 4, "x"), (4, 6, "x and y"), (6, 10, "y")], **other}

    one = span_agreement(_spans(overlapping), 12, ["A", "B", "C"])
    two = span_agreement(_spans(combined), 12, ["A", "B", "C"])

    for name in ("alpha_u", "alpha_codes", "uncoded_share"):
        assert getattr(one, name) == pytest.approx(getattr(two, name)), name
    # "Where" sees A's marked text as one stretch, 0–10, whatever the codes.
    marked = {
        "A": [(0, 10, "x")],
        "B": [(0, 5, "x"), (5, 10, "x")],
        "C": [(0, 4, "x"), (4, 6, "x"), (7, 10, "x")],
    }
    assert one.alpha_binary == pytest.approx(
        span_agreement(_spans(marked), 12, ["A", "B", "C"]).alpha_binary
    )
    assert set(one.per_code) == {"x", "y"}  # each code on its own
    assert one.per_code["x"] != pytest.approx(two.per_code["x"])


def test_coders_who_overlap_the_same_codes_alike_agree() -> None:
    rows = [(0, 6, "x"), (4, 10, "y")]

    figures = span_agreement(_spans({"A": rows, "B": rows}), 12, ["A", "B"])

    assert (figures.alpha_u, figures.alpha_codes, figures.alpha_binary) == (1.0, 1.0, 1.0)


def test_documents_laid_end_to_end_form_one_continuum() -> None:
    """Document a (length 10) then b (length 15): b's spans are offset by 10."""
    a = {"A": [(1, 4, "x")], "B": [(2, 4, "x")]}
    b = {"A": [(0, 5, "y")], "B": [(0, 6, "y")]}
    spans = _spans(a) + [Span(s.coder, s.start + 10, s.end + 10, s.value) for s in _spans(b)]

    figures = span_agreement(spans, 25, ["A", "B"])

    assert _close(figures, _reference(spans, 25, ["A", "B"]))
    with pytest.raises(ValidationError, match=r"ends after the end of the text \(length 15\)"):
        span_agreement(spans, 15, ["A", "B"])


# --- a plain reference, character by character ---------------------------------------


def _alpha_from_matrices(observed: np.ndarray, squares: np.ndarray) -> float | None:
    total = observed.sum()
    if total <= 0:
        return None
    margins = observed.sum(axis=1)
    expected = (np.outer(margins, margins) - np.diag(squares)) / (total - squares.sum() / total)
    disagree_expected = expected.sum() - np.trace(expected)
    if abs(disagree_expected) < 1e-9:
        return None
    return float(1 - (total - np.trace(observed)) / disagree_expected)


def _collapse(matrix: np.ndarray) -> np.ndarray:
    """Values 0..V−1 and the gap V → marked / unmarked."""
    v = matrix.shape[0] - 1
    return np.array(
        [[matrix[:v, :v].sum(), matrix[:v, v].sum()], [matrix[v, :v].sum(), matrix[v, v]]]
    )


def _reference_alphas(
    units: dict[str, list[tuple[int, int, int]]], length: int, values: int
) -> tuple:
    """(uα, |uα, cuα) for non-overlapping units (start, end, value number) per coder."""
    coders = list(units)
    m = len(coders)
    at = {c: np.full(length, values) for c in coders}  # the gap is value number `values`
    for c in coders:
        for start, end, value in units[c]:
            at[c][start:end] = value
    observed = np.zeros((values + 1, values + 1))
    for i, j in itertools.permutations(coders, 2):
        for position in range(length):
            observed[at[i][position], at[j][position]] += 1 / (m - 1)
    squares = np.zeros(values + 1)
    marked_squares = np.zeros(values)
    for c in coders:
        for start, end, value in units[c]:
            squares[value] += (end - start) ** 2
            shared = sum(np.count_nonzero(at[o][start:end] != values) for o in coders if o != c) / (
                m - 1
            )
            marked_squares[value] += shared**2
        squares[values] += np.count_nonzero(at[c] == values)  # gaps: plain length
    binary_squares = np.array([squares[:values].sum(), squares[values]])
    return (
        _alpha_from_matrices(observed, squares),
        _alpha_from_matrices(_collapse(observed), binary_squares),
        _alpha_from_matrices(observed[:values, :values], marked_squares),
    )


def _reference(spans: list[Span], length: int, coders: list[str]) -> SpanFigures:
    """Every figure for spans that never overlap within one coder."""
    codes = sorted({s.value for s in spans})
    number = {code: k for k, code in enumerate(codes)}
    units = {c: [(s.start, s.end, number[s.value]) for s in spans if s.coder == c] for c in coders}
    alpha_u, alpha_binary, alpha_codes = _reference_alphas(units, length, len(codes))
    per_code = {
        code: _reference_alphas(
            {c: [(s, e, 0) for s, e, v in units[c] if v == number[code]] for c in coders}, length, 1
        )[0]
        for code in codes
    }
    marks = {(c, code): np.zeros(length, bool) for c in coders for code in codes}
    for s in spans:
        marks[s.coder, s.value][s.start : s.end] = True
    cases = agree = 0
    for code in codes:
        for i, j in itertools.combinations(coders, 2):
            cases += length
            agree += int(np.count_nonzero(marks[i, code] == marks[j, code]))
    kappa = None
    if len(coders) == 2 and codes:
        first = np.concatenate([marks[coders[0], code] for code in codes])
        second = np.concatenate([marks[coders[1], code] for code in codes])
        chance = first.mean() * second.mean() + (1 - first.mean()) * (1 - second.mean())
        kappa = None if chance == 1 else ((first == second).mean() - chance) / (1 - chance)
    coded = np.zeros(length, bool)
    for s in spans:
        coded[s.start : s.end] = True
    return SpanFigures(
        length=length,
        coders=len(coders),
        alpha_binary=alpha_binary,
        alpha_codes=alpha_codes,
        alpha_u=alpha_u,
        per_code=per_code,
        char_percent=agree / cases if cases else None,
        char_kappa=kappa,
        uncoded_share=float(1 - coded.mean()),
    )


@st.composite
def codings(draw: st.DrawFn, coders: int | None = None) -> Codings:
    """Random codings: each coder's text cut at random points, each piece a code or a gap."""
    length = draw(st.integers(min_value=2, max_value=40))
    count = coders or draw(st.integers(min_value=2, max_value=4))
    names = [f"coder {i}" for i in range(count)]
    spans = []
    for name in names:
        cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=8)))
        bounds = [0, *cuts, length]
        for start, end in itertools.pairwise(bounds):
            value = draw(st.sampled_from([None, None, "a", "b", "c"]))
            if value is not None:
                spans.append(Span(name, start, end, value))
    return spans, length, names


@given(codings())
def test_figures_match_the_character_by_character_reference(case: Codings) -> None:
    spans, length, coders = case

    assert _close(span_agreement(spans, length, coders), _reference(spans, length, coders))


@given(codings(), st.data())
def test_figures_do_not_depend_on_the_order_of_coders_or_spans(
    case: Codings, data: st.DataObject
) -> None:
    spans, length, coders = case
    figures = span_agreement(spans, length, coders)

    shuffled = span_agreement(
        data.draw(st.permutations(spans)), length, data.draw(st.permutations(coders))
    )

    assert _close(shuffled, figures)
    assert figures.char_percent is None or 0.0 <= figures.char_percent <= 1.0
    assert 0.0 <= figures.uncoded_share <= 1.0
    for value in (figures.alpha_binary, figures.alpha_codes, figures.alpha_u, figures.char_kappa):
        assert value is None or value <= 1.0 + 1e-9


@given(codings(coders=1), st.integers(min_value=2, max_value=5))
def test_coders_who_mark_the_same_spans_agree_perfectly_on_where(
    case: Codings, copies: int
) -> None:
    spans, length, _ = case
    names = [f"copy {i}" for i in range(copies)]
    same = [Span(name, s.start, s.end, s.value) for name in names for s in spans]

    figures = span_agreement(same, length, names)

    marked = sum(s.end - s.start for s in spans)
    if 0 < marked < length:
        assert figures.alpha_binary == pytest.approx(1.0)
    else:
        assert figures.alpha_binary is None  # nothing or everything marked: 0/0
    assert figures.char_percent in (None, 1.0)
    assert all(value in (None, pytest.approx(1.0)) for value in figures.per_code.values())


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: span_agreement([], 10, ["A"]), r"at least 2 coders; got 1: 'A'"),
        (lambda: span_agreement([], 10, []), r"at least 2 coders; got 0: none"),
        (lambda: span_agreement([], 10, ["A", "B", "A"]), r"only once; repeated: 'A'"),
        (lambda: span_agreement([], 0, ["A", "B"]), r"no text to compare \(length 0\)"),
        (
            lambda: span_agreement([], 2.5, ["A", "B"]),  # type: ignore[arg-type]
            r"whole number of characters; got 2\.5",
        ),
        (lambda: span_agreement([], True, ["A", "B"]), r"whole number of characters; got True"),
        (
            lambda: span_agreement([Span("A", 5, 11, "x")], 10, ["A", "B"]),
            r"The span 5–11 by 'A' ends after the end of the text \(length 10\)",
        ),
        (
            lambda: span_agreement([Span("Z", 0, 1, "x")], 10, ["A", "B"]),
            r"A span by 'Z', who is not among the coders compared \('A', 'B'\)",
        ),
        (
            lambda: span_agreement([("A", 0, 1, "x")], 10, ["A", "B"]),  # type: ignore[list-item]
            r"Expected spans",
        ),
        (lambda: Span("A", 4, 4, "x"), r"start before it ends.*'A' has 4–4"),
        (lambda: Span("A", 5, 2, "x"), r"'A' has 5–2"),
        (lambda: Span("A", -1, 2, "x"), r"at 0 or later; coder 'A' has -1–2"),
        (lambda: Span("A", 0, 2, ""), r"needs a code"),
        (
            lambda: Span("A", 0.5, 2, "x"),  # type: ignore[arg-type]
            r"start must be a whole number of characters; got 0\.5",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        call()


def test_numpy_integers_are_accepted_as_positions() -> None:
    span = Span("A", np.int64(2), np.int32(5), "x")  # type: ignore[arg-type]

    assert (span.start, span.end) == (2, 5)
    assert type(span.start) is int


def test_where_alpha_does_not_change_when_a_coder_adds_a_code_inside_text_already_marked() -> None:
    base = [Span("A", 0, 10, "a"), Span("B", 0, 10, "a"), Span("A", 20, 30, "a")]
    base.append(Span("B", 22, 30, "a"))

    plain = span_agreement(base, 40, ["A", "B"])
    more = span_agreement([*base, Span("A", 5, 10, "b")], 40, ["A", "B"])

    assert more.alpha_binary == pytest.approx(plain.alpha_binary)
    assert more.alpha_codes != plain.alpha_codes  # "which code" does see it
