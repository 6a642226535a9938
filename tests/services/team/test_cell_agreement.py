"""Two analysts' statuses of the framework matrix's cells compared, each
analyst's last status read from the cells' history."""

from __future__ import annotations

import pytest

import qualframe


@pytest.fixture
def charted(project: qualframe.Project) -> qualframe.Project:
    """Four cells both analysts set, one only ana set:

    ============  =====  =====
    cell          ana    ben
    ============  =====  =====
    P01 × Hope    done   done
    P01 × Trust   draft  done
    P02 × Hope    done   done
    P02 × Trust   draft  draft
    P03 × Hope    done   —
    ============  =====  =====
    """
    project.study.add_case("Trust A")
    for person in ("P01", "P02", "P03"):
        project.study.add_participant(person, "Trust A")
    project.codebook.add("Hope")
    project.codebook.add("Trust")
    ana, ben = project.acting_as("ana").matrix, project.acting_as("ben").matrix
    ana.write_summary("P01", "Hope", "Hope.", "draft")
    ben.write_summary("P01", "Hope", "Hope again.", "done")
    ana.set_status("P01", "Hope", "done")  # ana's last status is the one compared
    ana.write_summary("P01", "Trust", "Trust.", "draft")
    ben.set_status("P01", "Trust", "done")
    ana.write_summary("P02", "Hope", "Hope.", "done")
    ben.set_status("P02", "Hope", "done")
    ana.write_summary("P02", "Trust", "Trust.", "draft")
    ben.set_status("P02", "Trust", "draft")
    ana.write_summary("P03", "Hope", "Hope.", "done")
    return project


def test_two_analysts_cell_statuses_agree_as_counted_by_hand(charted: qualframe.Project) -> None:
    result = charted.agreement.cells("ana", "ben")
    assert result.analysts == ("ana", "ben") and result.cells == 4
    assert result.figures.percent == pytest.approx(0.75)
    # ana: done 2, draft 2; ben: done 3, draft 1 -> chance 0.5.
    assert result.figures.cohen_kappa == pytest.approx((0.75 - 0.5) / 0.5)
    assert [(r.row, r.code, r.first, r.second) for r in result.rows] == [
        ("P01", "Hope", "done", "done"),
        ("P01", "Trust", "draft", "done"),
        ("P02", "Hope", "done", "done"),
        ("P02", "Trust", "draft", "draft"),
        ("P03", "Hope", "done", None),
    ]
    frame = charted.agreement.cells_table("ana", "ben")
    assert list(frame.columns) == ["cell_id", "row", "code", "first", "second", "agree"]
    assert frame["agree"].tolist()[:2] == [True, False]
    assert frame["second"].tolist()[-1] is None and frame["agree"].isna().tolist()[-1]


def test_cell_agreement_can_be_kept_to_some_codes(charted: qualframe.Project) -> None:
    result = charted.agreement.cells("ana", "ben", codes=["Trust"])
    assert result.cells == 2 and result.figures.percent == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("first", "second", "error", "message"),
    [
        ("ana", "zed", qualframe.NotFoundError, "Nobody called 'zed' has saved a matrix cell"),
        ("ana", "Ana", qualframe.ValidationError, "Compare two different analysts; both are 'ana'"),
        ("ana", "tester", qualframe.NotFoundError, "Nobody called 'tester'"),
    ],
)
def test_cell_agreement_refuses_unknown_or_repeated_analysts(
    charted: qualframe.Project, first: str, second: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        charted.agreement.cells(first, second)


def test_analysts_with_no_cell_in_common_have_nothing_to_compare(
    charted: qualframe.Project,
) -> None:
    charted.acting_as("cy").matrix.set_status("P03", "Trust", "draft")
    with pytest.raises(qualframe.ValidationError, match="ben and cy have not both saved any cell"):
        charted.agreement.cells("ben", "cy")
