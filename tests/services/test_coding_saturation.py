"""Saturation: new codes per interview in interview order, counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from services.comparison_study import build_study


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
    # Hope, Hope > Future and Trust again; the rest have no position.
    assert _new(result)[:3] == [("interview-2", 1, 1), ("interview-3", 1, 2), ("interview-1", 2, 4)]
    assert result.steps["already_seen"].tolist()[:3] == [0, 0, 1]
    assert result.unplaced == ("interview-4", "interview-5", "notes")
    assert _new(result)[3:] == [("interview-4", 0, 4), ("interview-5", 0, 4), ("notes", 0, 4)]
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
