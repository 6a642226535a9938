"""Structured answers compared across groups: counts, exclusions and the test, by hand."""

from __future__ import annotations

from math import comb
from pathlib import Path

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.compare.answer_comparison import SAMPLE_CAVEAT
from services.comparison_study import build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    return project


def _fisher_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Fisher's exact p for [[a, b], [c, d]] from the hypergeometric formula:
    the sum of the probabilities of every table with the same margins that is
    no more likely than the observed one."""
    row, column, total = a + b, a + c, a + b + c + d

    def probability(x: int) -> float:
        return comb(column, x) * comb(total - column, row - x) / comb(total, row)

    observed = probability(a)
    low, high = max(0, row + column - total), min(row, column)
    return sum(p for x in range(low, high + 1) if (p := probability(x)) <= observed * (1 + 1e-9))


def test_categorical_answers_get_fishers_exact_test_computed_by_hand(
    study: qualframe.Project,
) -> None:
    result = study.compare.answers("Q2", by="stakeholder group")

    counts = result.comparison.counts
    # Peer workers: P1 yes, P3 yes (P6 asked, no answer); service users: P2 no,
    # P4 no (P7 not asked).
    assert list(counts.loc["peer worker"]) == [2, 0]
    assert list(counts.loc["service user"]) == [0, 2]
    test = result.comparison.test
    assert test.name == "Fisher's exact test"
    assert test.p_value == pytest.approx(_fisher_two_sided(2, 0, 0, 2))
    assert test.p_value == pytest.approx(1 / 3)
    assert "p = 0.333" in result.summary()


def test_not_asked_and_no_answer_are_left_out_and_reported_apart(
    study: qualframe.Project,
) -> None:
    result = study.compare.answers("Q2", by="stakeholder group")

    frame = result.to_frame().set_index("group")
    assert frame.loc["peer worker", "no answer"] == 1  # P6
    assert frame.loc["peer worker", "not asked"] == 0
    assert frame.loc["service user", "not asked"] == 1  # P7
    assert frame.loc["service user", "n"] == 2
    assert result.comparison.no_group == 1  # P5 has no stakeholder group
    assert (result.question, result.attribute) == ("Q2", "stakeholder group")


def test_ordinal_answers_get_a_rank_test_marked_not_reliable_for_small_groups(
    study: qualframe.Project,
) -> None:
    study.study.add_question(
        "Q3", "How supported did you feel?", scale="ordinal", levels=["low", "medium", "high"]
    )
    for participant, value in {"P1": "high", "P3": "medium", "P2": "low", "P4": "low"}.items():
        study.study.set_answer(participant, "Q3", value)

    result = study.compare.answers("Q3", by="stakeholder group")

    assert result.comparison.test.name == "Mann–Whitney U test"
    assert not result.reliable
    assert "Groups of fewer than 5 people" in (result.comparison.test.caveat or "")
    # Peer workers' ranks (3, 2) are all above the service users' (1, 1): U = 4 of 4.
    assert result.comparison.test.statistic == pytest.approx(4.0)


def test_answers_by_a_case_attribute_group_participants_through_their_case(
    study: qualframe.Project,
) -> None:
    result = study.compare.answers("Q2", by="employer")

    counts = result.comparison.counts
    assert list(counts.loc["NHS"]) == [1, 1]  # P1 yes, P2 no (P6 no answer)
    assert list(counts.loc["charity"]) == [1, 1]  # P3 yes, P4 no (P7 not asked)


@pytest.mark.parametrize(
    ("question", "by", "error", "message"),
    [
        ("Q9", "employer", NotFoundError, "No question 'Q9'"),
        ("Q2", "region", NotFoundError, "No attribute called 'region'"),
        ("Q4", "employer", ValidationError, "is open"),
        ("Q2", "age", ValidationError, "number attribute and cannot group"),
    ],
)
def test_bad_answer_comparisons_say_what_is_wrong_and_change_nothing(
    study: qualframe.Project, question: str, by: str, error: type[Exception], message: str
) -> None:
    study.study.add_question("Q4", "Tell me about your work.", kind="open")
    study.study.define_attribute("age", "participant", "number")
    before = len(study.audit_log())

    with pytest.raises(error, match=message):
        study.compare.answers(question, by=by)

    assert len(study.audit_log()) == before


def test_answer_comparisons_export_with_the_test_in_the_notes(
    study: qualframe.Project, tmp_path: Path
) -> None:
    result = study.compare.answers("Q2", by="stakeholder group")

    html = study.compare.export(result, tmp_path / "q2.html").read_text("utf-8")
    csv = study.compare.export(result, tmp_path / "q2.csv").read_text("utf-8-sig")
    study.compare.export(result, tmp_path / "q2.xlsx")

    assert "Fisher" in html and "Would you recommend peer support?" in html
    assert csv.splitlines()[0] == "group,yes,no,n,no answer,not asked"
    assert (tmp_path / "q2.xlsx").stat().st_size > 0


def test_caveats_name_small_groups_who_was_left_out_and_the_sample(
    study: qualframe.Project,
) -> None:
    result = study.compare.answers("Q2", by="stakeholder group")

    caveats = result.caveats()
    assert caveats[0].startswith(
        "Groups of fewer than 5 people: the p-value is not reliable "
        "(peer worker: 2 people; service user: 2 people)."
    )
    assert caveats[1] == (
        "1 participant not asked this question and 1 participant asked who gave no answer: "
        "left out of the counts and the test."
    )
    assert caveats[2] == (
        "1 participant without a value of 'stakeholder group': left out of the counts and the test."
    )
    assert caveats[-1] == SAMPLE_CAVEAT
    assert result.p_text == "p = 0.333"
    # An infinite odds ratio (a zero cell) reads as such.
    assert "odds ratio = ∞" in result.summary()


def test_the_small_group_caveat_comes_first_and_is_not_repeated(
    study: qualframe.Project,
) -> None:
    study.study.add_question(
        "Q3", "How supported did you feel?", scale="ordinal", levels=["low", "medium", "high"]
    )
    for participant, value in {"P1": "high", "P3": "medium", "P2": "low", "P4": "low"}.items():
        study.study.set_answer(participant, "Q3", value)

    result = study.compare.answers("Q3", by="stakeholder group")

    caveats = result.caveats()
    assert caveats[0] == result.comparison.test.caveat
    assert sum("fewer than 5 people" in caveat for caveat in caveats) == 1
    assert caveats[-1] == SAMPLE_CAVEAT
