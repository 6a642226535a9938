"""Download file names say what a file holds (project, export and its choices,
UTC time), so two different downloads never share a name, and every name is
safe to save on any system."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from qualframe.web.server.downloads import MAX_NAME_BYTES, download_name
from web.sample_study import SampleStudy

AT = datetime(2026, 12, 7, 4, 55, 12, tzinfo=UTC)
#: A safe name: letters and digits (any script) in words joined by "-" and "_",
#: one dot before a lower-case suffix.
SAFE = re.compile(r"[^\W_](?:[\w-]*[^\W_])?_[\w-]+_\d{8}T\d{6}Z\.[a-z0-9]+")


# ---------------------------------------------------------------- the function


def test_a_name_has_the_project_what_the_file_holds_its_choices_and_the_utc_time() -> None:
    name = download_name(
        "Peer support",
        "framework matrix",
        "xlsx",
        details=[("rows", "participants"), ("theme", "Trust"), ("columns", "Hope")],
        at=AT,
    )
    assert name == (
        "peer-support_framework-matrix_rows-participants-theme-trust-columns-hope"
        "_20261207T045512Z.xlsx"
    )


def test_the_time_is_written_in_utc_whatever_the_zone_given() -> None:
    paris = AT.astimezone(timezone(timedelta(hours=1)))
    assert download_name("P", "codebook", "csv", at=paris) == "p_codebook_20261207T045512Z.csv"


def test_a_name_without_a_time_given_carries_the_current_utc_minute() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    name = download_name("P", "saturation", "csv")
    stamp = datetime.strptime(name.rsplit("_", 1)[1], "%Y%m%dT%H%M%SZ.csv").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)


@pytest.mark.parametrize(
    "project",
    ["../../etc/passwd", 'a "quoted"\\ name', "tab\there\nnewline", "\u202eevil\u202c", "CON"],
)
def test_a_name_has_no_path_quotes_controls_or_spaces(project: str) -> None:
    name = download_name(project, 'what / "it" is', "CSV", details="a\\b:c*d?e<f>g|h", at=AT)
    assert SAFE.fullmatch(name), name
    assert not set(name) & set("/\\\"':*?<>| \t\n\r\u202e\u202c")
    assert name.endswith(".csv")


def test_letters_of_any_script_are_kept_and_latin_accents_dropped() -> None:
    assert download_name("Étude “pilote”", "codebook", "yaml", at=AT) == (
        "etude-pilote_codebook_20261207T045512Z.yaml"
    )
    assert download_name("研究", "Zoë", "csv", at=AT) == "研究_zoe_20261207T045512Z.csv"


def test_a_long_description_is_cut_to_the_limit_keeping_the_suffix_and_staying_distinct() -> None:
    columns = [("columns", f"A rather long code name number {n}") for n in range(40)]
    first = download_name("P" * 300, "framework matrix", "xlsx", details=columns, at=AT)
    second = download_name("P" * 300, "framework matrix", "xlsx", details=columns[:-1], at=AT)
    for name in (first, second):
        assert len(name.encode()) <= MAX_NAME_BYTES
        assert name.endswith("_20261207T045512Z.xlsx")
        assert SAFE.fullmatch(name), name
    assert first != second


def test_a_long_name_in_a_wide_script_stays_within_the_byte_limit() -> None:
    name = download_name("研究" * 100, "比较" * 100, "csv", details="代码" * 100, at=AT)
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith(".csv")


def test_descriptions_differing_only_in_symbols_get_different_names() -> None:
    happy = download_name("P", "code comparison", "csv", details=[("code", "😀")], at=AT)
    sad = download_name("P", "code comparison", "csv", details=[("code", "😢")], at=AT)
    assert happy != sad
    assert SAFE.fullmatch(happy), happy


def test_an_empty_project_and_description_still_give_a_name() -> None:
    assert download_name("", "", "csv", at=AT) == "project_download_20261207T045512Z.csv"


# ---------------------------------------------------------------- every download


def _name(answer: object) -> str:
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    disposition = answer.headers["content-disposition"]  # type: ignore[attr-defined]
    found = re.search(r'filename="([^"]*)"', disposition)
    assert found, disposition
    assert SAFE.fullmatch(found[1]), found[1]
    assert len(found[1].encode()) <= MAX_NAME_BYTES
    return found[1]


def test_two_matrices_with_different_columns_download_under_different_names(
    client: TestClient, sample: SampleStudy
) -> None:
    export = f"/api/projects/{sample.project_id}/matrix/export"
    trust = _name(client.get(export, params={"theme_id": sample.trust_code_id}))
    hope = _name(client.get(export, params={"columns": "Hope"}))
    both = _name(client.get(export, params={"columns": ["Hope", "Boundaries"]}))
    counts = _name(client.get(export, params={"columns": "Hope", "format": "csv", "counts": 1}))
    summaries = _name(client.get(export, params={"columns": "Hope", "format": "csv"}))
    assert len({trust, hope, both, counts, summaries}) == 5
    assert hope.startswith("peer-support_framework-matrix_rows-participants-columns-hope_")
    assert counts.startswith("peer-support_matrix-counts_")
    assert hope.endswith(".xlsx") and counts.endswith(".csv")


def test_two_comparisons_and_their_charts_download_under_different_names(
    client: TestClient, sample: SampleStudy
) -> None:
    compare = f"/api/projects/{sample.project_id}/compare"
    by_employer = {"code": "Hope", "by": "employer", "format": "csv"}
    trust = {**by_employer, "code": "Trust"}
    names = [
        _name(client.get(f"{compare}/code/export", params=by_employer)),
        _name(client.get(f"{compare}/code/export", params=trust)),
        _name(client.get(f"{compare}/code/export", params={**by_employer, "subcodes": False})),
        _name(client.get(f"{compare}/code/chart.svg", params=by_employer)),
        _name(client.get(f"{compare}/cooccurrence/export")),
        _name(client.get(f"{compare}/cooccurrence/export", params={"level": "participant"})),
        _name(client.get(f"{compare}/cooccurrence/chart.svg")),
        _name(client.get(f"{compare}/saturation/export")),
        _name(client.get(f"{compare}/saturation/export", params={"by": "employer"})),
        _name(client.get(f"{compare}/saturation/chart.svg")),
    ]
    assert len(set(names)) == len(names), names
    assert names[0].startswith("peer-support_code-comparison_code-hope-by-employer")
    assert names[4].startswith("peer-support_co-occurrence_")


def test_the_codebook_with_and_without_retired_codes_downloads_under_different_names(
    client: TestClient, sample: SampleStudy
) -> None:
    export = f"/api/projects/{sample.project_id}/codebook/export"
    names = {
        _name(client.get(export, params={"format": kind, "include_retired": retired}))
        for kind in ("csv", "xlsx", "yaml")
        for retired in (True, False)
    }
    assert len(names) == 6
    assert all(name.startswith("peer-support_codebook") for name in names)
