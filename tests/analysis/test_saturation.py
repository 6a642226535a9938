"""Saturation curves and novelty tables (qualframe.analysis.saturation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualframe.analysis.saturation import novelty_table, saturation
from qualframe.errors import ValidationError

HOPE = "Mechanisms > Hope"
TRUST = "Mechanisms > Trusting relationships"
STIGMA = "Breaking down barriers and stigma"
DISCLOSURE = "Disclosure"


def _codings() -> pd.DataFrame:
    """Three interviews: I1 brings Hope and Trust, I2 Hope again, I3 Stigma and Disclosure."""
    rows = [
        ("I1", "P1", "peer worker", HOPE),
        ("I1", "P1", "peer worker", HOPE),
        ("I1", "P1", "peer worker", TRUST),
        ("I2", "P2", "line manager", HOPE),
        ("I3", "P3", "peer worker", STIGMA),
        ("I3", "P3", "peer worker", DISCLOSURE),
        ("I3", "P3", "peer worker", HOPE),
        ("I3", None, None, TRUST),  # interviewer speech
    ]
    return pd.DataFrame(rows, columns=["document", "participant", "stakeholder group", "code"])


def test_a_code_is_new_at_its_first_appearance_in_the_order() -> None:
    curve = saturation(_codings(), ["I1", "I2", "I3"])
    steps = curve.steps

    assert steps["document"].tolist() == ["I1", "I2", "I3"]
    assert steps["step"].tolist() == [1, 2, 3]
    assert steps["codings"].tolist() == [3, 1, 4]
    assert steps["codes"].tolist() == [2, 1, 4]
    assert steps["new"].tolist() == [2, 0, 2]
    assert steps["already_seen"].tolist() == [0, 1, 2]
    assert steps["new_codes"].tolist() == [(HOPE, TRUST), (), (STIGMA, DISCLOSURE)]
    assert steps["cumulative_codes"].tolist() == [2, 2, 4]
    assert steps["cumulative_codings"].tolist() == [3, 4, 8]


def test_a_different_order_changes_which_interview_brings_the_codes() -> None:
    steps = saturation(_codings(), ["I3", "I2", "I1"]).steps

    assert steps["new"].tolist() == [4, 0, 0]
    assert steps["cumulative_codes"].tolist() == [4, 4, 4]


def test_interviews_without_codings_stay_in_the_curve_with_nothing_new() -> None:
    steps = saturation(_codings(), ["I1", "I0 (not coded yet)", "I2", "I3"]).steps

    uncoded = steps[steps["document"] == "I0 (not coded yet)"].iloc[0]
    assert (uncoded["step"], uncoded["codings"], uncoded["codes"], uncoded["new"]) == (2, 0, 0, 0)
    assert uncoded["new_codes"] == ()
    assert uncoded["cumulative_codes"] == 2


def test_sort_keys_such_as_interview_dates_set_the_order() -> None:
    dates = pd.Series(
        pd.to_datetime(["2013-05-02", "2013-03-14", "2013-04-01"]), index=["I1", "I2", "I3"]
    )
    steps = saturation(_codings(), dates).steps

    assert steps["document"].tolist() == ["I2", "I3", "I1"]
    assert steps["new"].tolist() == [1, 3, 0]


def test_participants_can_be_the_unit_and_codings_without_one_are_left_out() -> None:
    steps = saturation(_codings(), ["P1", "P2", "P3"], unit="participant").steps

    assert steps["participant"].tolist() == ["P1", "P2", "P3"]
    assert steps["codings"].tolist() == [3, 1, 3]
    assert steps["new_codes"].tolist()[2] == (STIGMA, DISCLOSURE)


def test_by_a_column_each_group_has_its_own_curve_and_its_own_new_codes() -> None:
    curve = saturation(_codings(), ["I1", "I2", "I3"], by="stakeholder group")

    assert curve.groups == ["line manager", "peer worker"]
    assert curve.by == "stakeholder group"
    managers = curve.curve("line manager")
    assert managers["document"].tolist() == ["I2"]
    assert managers["new"].tolist() == [1]  # Hope is new among line managers
    peers = curve.curve("peer worker")
    assert peers["document"].tolist() == ["I1", "I3"]
    assert peers["step"].tolist() == [1, 2]
    assert peers["new"].tolist() == [2, 2]
    assert "group" in curve.steps.columns


def test_by_a_mapping_puts_uncoded_interviews_in_their_group() -> None:
    groups = {"I1": "NHS", "I2": "voluntary sector", "I3": "NHS", "I4": "voluntary sector"}
    curve = saturation(_codings(), ["I1", "I2", "I3", "I4"], by=groups)

    voluntary = curve.curve("voluntary sector")
    assert voluntary["document"].tolist() == ["I2", "I4"]
    assert voluntary["new"].tolist() == [1, 0]
    assert curve.curve("NHS")["cumulative_codes"].tolist() == [2, 4]
    with pytest.raises(ValidationError, match="no group 'private'"):
        curve.curve("private")


def test_novelty_table_gives_new_and_already_seen_codes_like_novelqualcodes() -> None:
    table = novelty_table(_codings(), ["I1", "I0", "I2", "I3"])

    assert table.columns.tolist() == [
        "step",
        "document",
        "codes",
        "new",
        "already_seen",
        "share_new",
        "share_already_seen",
        "cumulative_new",
    ]
    assert table["new"].tolist() == [2, 0, 0, 2]
    assert table["share_new"].tolist()[0] == 1.0
    assert np.isnan(table["share_new"].tolist()[1])  # nothing coded: no share
    assert table["share_already_seen"].tolist()[3] == pytest.approx(0.5)
    assert table["cumulative_new"].tolist() == [2, 2, 2, 4]


def test_summary_gives_the_last_step_with_a_new_code_and_the_run_since() -> None:
    curve = saturation(_codings(), ["I3", "I1", "I2"])
    summary = curve.summary()

    assert summary.to_dict("records") == [
        {"group": None, "steps": 3, "codes": 4, "last_new_step": 1, "steps_since_new": 2}
    ]


def test_an_order_must_place_every_coded_interview_once() -> None:
    with pytest.raises(
        ValidationError, match=r"does not place 1 document\(s\) that have codings: I3"
    ):
        saturation(_codings(), ["I1", "I2"])
    with pytest.raises(ValidationError, match=r"lists document\(s\) more than once: I1"):
        saturation(_codings(), ["I1", "I2", "I3", "I1"])
    keys = pd.Series([1, None, 3], index=["I1", "I2", "I3"])
    with pytest.raises(ValidationError, match=r"no sort key for document\(s\): I2"):
        saturation(_codings(), keys)
    with pytest.raises(ValidationError, match="lacks the column 'employer'"):
        saturation(_codings(), ["I1", "I2", "I3"], by="employer")


def test_an_empty_codings_frame_gives_a_flat_curve() -> None:
    steps = saturation(_codings()[:0], ["I1", "I2"]).steps

    assert steps["new"].tolist() == [0, 0]
    assert steps["cumulative_codes"].tolist() == [0, 0]
