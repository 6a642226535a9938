"""The FFT real-data study: qualframe's numbers against pandas on the CSV itself."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from benchmarks import fft_framework

ROWS = 600  # the first rows of the file: enough for every trust and service type


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> fft_framework.FftStudy:
    if not fft_framework.CSV.exists():
        pytest.skip("../shared/datasets is not beside the checkout")
    folder = tmp_path_factory.mktemp("fft")
    return fft_framework.load(f"sqlite:///{folder / 'fft.db'}", limit=ROWS)


def _expected_by(frame: pd.DataFrame, column: str, labels: list[str]) -> pd.DataFrame:
    coded = frame.groupby(column)[labels].sum().stack()
    totals = frame.groupby(column).size()
    result = coded.rename("coded").reset_index()
    result.columns = ["group", "label", "coded"]
    result["total"] = result["group"].map(totals)
    result["label"] = result["label"].map(fft_framework.clean)
    return result


def test_the_trust_comparison_matches_pandas_on_the_csv(study: fft_framework.FftStudy) -> None:
    table = fft_framework.trust_comparison(study).table
    expected = _expected_by(study.comments, "Trust", study.labels)
    merged = expected.merge(
        table, left_on=["label", "group"], right_on=["code", "group"], validate="one_to_one"
    )
    assert len(merged) == len(expected)
    assert (merged["participants_coded"] == merged["coded"]).all()
    assert (merged["participants"] == merged["total"]).all()
    share = merged["coded"] / merged["total"]
    assert (merged["participants_share"] - share).abs().max() < 1e-9


def test_the_service_type_matrix_counts_match_pandas(study: fft_framework.FftStudy) -> None:
    matrix = fft_framework.service_matrix(study)
    counts = matrix.to_frame(value="codings")
    expected = study.comments.groupby("Service type 1")[study.labels].sum()
    for group, row in expected.iterrows():
        for label, value in row.items():
            column = fft_framework.clean(label)
            found = counts.loc[_row_key(counts, group), column]
            assert int(found) == int(value), (group, label)


def _row_key(frame: pd.DataFrame, group: object) -> object:
    for key in frame.index:
        text = " ".join(map(str, key)) if isinstance(key, tuple) else str(key)
        if str(group) in text:
            return key
    raise AssertionError(f"no row for {group!r} in {list(frame.index)}")


def test_the_exports_are_written(study: fft_framework.FftStudy, tmp_path: Path) -> None:
    fft_framework.write_outputs(study, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "service-type-by-code.csv",
        "service-type-by-code.html",
        "service-type-by-code.xlsx",
        "trust-by-theme.csv",
        "trust-by-theme.html",
        "trust-by-theme.xlsx",
    ]
    html = (tmp_path / "trust-by-theme.html").read_text("utf-8")
    assert "<svg" in html
    assert 'src="http' not in html and 'href="http' not in html  # no external assets
