"""The saturation chart marks steps not marked "coding done" (hollow markers
and a legend entry), as the saturation page's table flags them."""

from __future__ import annotations

import pandas as pd
import pytest

from qualframe.analysis.charts import NOT_DONE_LABEL, figure_svg, saturation_chart
from qualframe.analysis.saturation import SaturationCurve, saturation
from qualframe.errors import ValidationError

HOPE, TRUST, PAST = "Hope", "Trust", "Hope > Past"


def _codings() -> pd.DataFrame:
    rows = [
        (HOPE, "I1", "peer worker"),
        (TRUST, "I1", "peer worker"),
        (TRUST, "I2", "service user"),
        (PAST, "I3", "peer worker"),
    ]
    return pd.DataFrame(rows, columns=["code", "document", "group"])


def _with_done(curve: SaturationCurve, done: dict[str, bool]) -> SaturationCurve:
    steps = curve.steps.copy()
    steps["coding_done"] = [done[name] for name in steps["document"]]
    return SaturationCurve(steps=steps, unit=curve.unit, by=curve.by)


def _hollow_points(fig: object) -> list[tuple[float, float]]:
    """The (step, cumulative codes) points drawn with white (hollow) markers."""
    points = []
    for line in fig.axes[0].lines:  # type: ignore[attr-defined]
        if line.get_markerfacecolor() == "white" and len(line.get_xdata()):
            points += list(zip(line.get_xdata().tolist(), line.get_ydata().tolist(), strict=True))
    return points


def _legend(fig: object) -> list[str]:
    return [t.get_text() for t in fig.legends[0].get_texts()]  # type: ignore[attr-defined]


def test_documents_not_marked_done_get_hollow_markers_and_a_legend_entry() -> None:
    curve = _with_done(
        saturation(_codings(), ["I1", "I2", "I3"]), {"I1": True, "I2": False, "I3": False}
    )

    fig = saturation_chart(curve)

    assert _hollow_points(fig) == [(2, 2), (3, 3)]
    assert _legend(fig) == ["distinct codes so far", NOT_DONE_LABEL, "new codes at this step"]
    assert "not marked \u201ccoding done\u201d" in figure_svg(fig)


def test_each_groups_not_done_documents_are_hollow_in_the_groups_marker() -> None:
    curve = _with_done(
        saturation(_codings(), ["I1", "I2", "I3"], by="group"),
        {"I1": False, "I2": True, "I3": True},
    )

    fig = saturation_chart(curve)

    lines = fig.axes[0].lines
    hollow = [
        line
        for line in lines
        if line.get_markerfacecolor() == "white" and len(list(line.get_xdata()))  # type: ignore[arg-type]
    ]
    assert len(hollow) == 1
    peer = next(line for line in lines if str(line.get_label()).startswith("peer worker"))
    assert hollow[0].get_marker() == peer.get_marker()
    assert hollow[0].get_markeredgecolor() == peer.get_color()
    assert _hollow_points(fig) == [(1, 2)]
    assert _legend(fig) == ["peer worker (2)", "service user (1)", NOT_DONE_LABEL]


def test_a_curve_all_done_or_without_marks_has_no_hollow_markers() -> None:
    plain = saturation(_codings(), ["I1", "I2", "I3"])
    done = _with_done(plain, {"I1": True, "I2": True, "I3": True})

    for curve in (plain, done):
        fig = saturation_chart(curve)
        assert _hollow_points(fig) == []
        assert NOT_DONE_LABEL not in _legend(fig)


def test_a_curve_of_a_group_it_lacks_is_refused_and_nothing_is_changed() -> None:
    curve = _with_done(
        saturation(_codings(), ["I1", "I2", "I3"], by="group"),
        {"I1": False, "I2": True, "I3": True},
    )
    before = curve.steps.copy()

    with pytest.raises(ValidationError, match="The saturation curve has no group 'manager'"):
        curve.curve("manager")

    pd.testing.assert_frame_equal(curve.steps, before)
    assert _hollow_points(saturation_chart(curve)) == [(1, 2)]
