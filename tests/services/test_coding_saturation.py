"""Saturation: new codes per interview in interview order, counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from services.comparison_study import TEXTS, build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    return project


def _new(result: object) -> list[tuple[str, int, int]]:
    steps = result.steps  # type: ignore[attr-defined]
    return list(zip(steps["document"], steps["new"], steps["cumulative_codes"], strict=True))


def test_documents_in_position_order_bring_new_codes_counted_by_hand(
    study: qualframe.Project,
) -> None:
    result = study.compare.saturation()

    # interview-2 (position 1): Trust; interview-3 (2): Hope > Past; interview-1 (3):
    # Hope, Hope > Future and Trust again; notes has no position. Interviews 4 and 5
    # are not coded: they are no steps.
    assert _new(result)[:3] == [("interview-2", 1, 1), ("interview-3", 1, 2), ("interview-1", 2, 4)]
    assert result.steps["already_seen"].tolist()[:3] == [0, 0, 1]
    assert result.unplaced == ("notes",)
    assert _new(result)[3:] == [("notes", 0, 4)]
    assert result.not_coded == ("interview-4", "interview-5")
    assert result.summary()["last_new_step"].tolist() == [3]


def test_import_order_changes_which_document_brings_the_codes(study: qualframe.Project) -> None:
    result = study.compare.saturation(order_by="imported")

    assert result.documents[:3] == ("interview-1", "interview-2", "interview-3")
    assert _new(result)[:3] == [("interview-1", 3, 3), ("interview-2", 0, 3), ("interview-3", 1, 4)]
    assert result.unplaced == ()


def test_a_document_date_attribute_orders_the_interviews(study: qualframe.Project) -> None:
    study.study.define_attribute("interview date", "document", "date")
    dates = {"interview-3": "2024-01-05", "interview-1": "2024-02-01", "interview-2": "2024-03-09"}
    for name, day in dates.items():
        study.study.set_attributes("document", name, {"interview date": day})

    result = study.compare.saturation(order_by="interview date")

    assert result.documents[:3] == ("interview-3", "interview-1", "interview-2")
    assert [n for _, n, _ in _new(result)[:3]] == [1, 3, 0]
    assert result.order_by == "interview date"
    assert "notes" in result.unplaced


def test_each_group_gets_its_own_curve(study: qualframe.Project) -> None:
    result = study.compare.saturation(by="stakeholder group")

    steps = result.steps
    assert list(dict.fromkeys(steps["group"])) == ["peer worker", "service user", "(no value)"]
    peer = steps[steps["group"] == "peer worker"]
    assert list(peer["document"]) == ["interview-3", "interview-1"]
    assert list(peer["new"]) == [1, 3]  # Trust is new for peer workers in interview-1
    # interview-4 (a service user's) and interview-5 (no group) are not coded yet.
    users = steps[steps["group"] == "service user"]
    assert list(users["document"]) == ["interview-2"]
    assert list(steps.loc[steps["group"] == "(no value)", "document"]) == ["notes"]
    assert result.by == "stakeholder group"


def test_the_curve_is_drawn_and_saved(study: qualframe.Project, tmp_path: Path) -> None:
    result = study.compare.saturation(by="employer")

    study.compare.saturation_chart(result, path=tmp_path / "curve.svg")

    assert "<svg" in (tmp_path / "curve.svg").read_text("utf-8")
    assert "new_codes" in result.to_frame().columns


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"order_by": "when"}, NotFoundError, "No attribute called 'when'"),
        ({"order_by": "employer"}, ValidationError, "cannot order interviews"),
        ({"by": "region"}, NotFoundError, "No attribute called 'region'"),
    ],
)
def test_bad_saturation_requests_say_what_is_wrong(
    study: qualframe.Project, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        study.compare.saturation(**kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------- coding progress


def test_an_uncoded_document_is_left_out_and_listed_as_not_yet_coded(
    study: qualframe.Project,
) -> None:
    result = study.compare.saturation(order_by="imported")

    assert "interview-4" not in result.documents
    assert "interview-4" not in set(result.steps["document"])
    assert result.not_coded == ("interview-4", "interview-5")
    # Import order is interview-1, 2, 3, notes: the uncoded interviews add no flat steps.
    assert result.summary()["steps"].tolist() == [4]


def test_coded_documents_not_marked_done_are_flagged(study: qualframe.Project) -> None:
    study.documents.mark_coding_done("interview-1")

    result = study.compare.saturation()

    done = dict(zip(result.steps["document"], result.steps["coding_done"], strict=True))
    assert done == {"interview-2": False, "interview-3": False, "interview-1": True, "notes": False}
    assert result.in_progress == ("interview-2", "interview-3", "notes")
    rows = {row.document: row for row in result.step_rows()}
    assert rows["interview-1"].coding_done is True
    assert rows["interview-1"].coverage == pytest.approx(25 / len(TEXTS["interview-1"]))
    (summary,) = result.summary_rows()
    # Step 3 (interview-1) brought the last new code; notes since is not done.
    assert (summary.not_done, summary.not_done_since_new) == (3, 1)


def test_a_document_marked_done_without_codings_is_a_step_with_none(
    study: qualframe.Project,
) -> None:
    study.documents.mark_coding_done("interview-4")

    result = study.compare.saturation(order_by="imported")

    assert result.not_coded == ("interview-5",)
    # Imported order: interview-1 to interview-5, then notes.
    step = result.step_rows()[3]
    assert (step.document, step.codings, step.new, step.coding_done) == (
        "interview-4",
        0,
        0,
        True,
    )


def test_a_coders_curve_leaves_out_what_only_others_coded(study: qualframe.Project) -> None:
    study.acting_as("Ana").coding.apply("interview-5", "Trust", 0, 5)

    mine = study.compare.saturation(coder="tester")
    hers = study.compare.saturation(coder="Ana")

    assert "interview-5" in mine.not_coded
    assert hers.documents == ("interview-5",)
    assert hers.not_coded == ("interview-2", "interview-3", "interview-1", "interview-4", "notes")


def test_no_document_coded_gives_an_empty_curve_listing_them_all(
    project: qualframe.Project,
) -> None:
    project.documents.import_bytes("a.txt", b"First interview text.")
    project.documents.import_bytes("b.txt", b"Second interview text.")

    result = project.compare.saturation(order_by="imported")

    assert result.documents == ()
    assert result.not_coded == ("a.txt", "b.txt")
    assert result.step_rows() == []
    (summary,) = result.summary_rows()
    assert (summary.steps, summary.codes, summary.not_done) == (0, 0, 0)
