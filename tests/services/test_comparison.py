"""Comparing a code across groups: counts, shares, characters, not asked, quotes, exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.compare.code_comparison import TABLE_COLUMNS
from services.comparison_study import build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    return project


def _row(table: pd.DataFrame, group: str, code: str | None = None) -> dict[str, Any]:
    chosen = table[table["group"] == group]
    if code is not None:
        chosen = chosen[chosen["code"] == code]
    assert len(chosen) == 1
    return dict(chosen.iloc[0])


def test_theme_comparison_counts_participants_cases_and_codings_per_group(
    study: qualframe.Project,
) -> None:
    result = study.compare.code("Hope", by="stakeholder group")

    assert list(result.table.columns) == list(TABLE_COLUMNS)
    assert result.groups == ("peer worker", "service user", "manager", "(no value)")
    peer = _row(result.table, "peer worker")
    # P1, P3, P6 are peer workers; P1 and P3 have Hope codings (P3 through Hope > Past).
    assert (peer["participants"], peer["participants_coded"]) == (3, 2)
    assert peer["participants_share"] == pytest.approx(2 / 3)
    assert (peer["cases"], peer["cases_coded"], peer["cases_share"]) == (2, 2, 1.0)
    assert peer["codings"] == 4
    users = _row(result.table, "service user")
    assert (users["participants"], users["participants_coded"], users["codings"]) == (3, 0, 0)
    assert users["participants_share"] == 0.0
    manager = _row(result.table, "manager")
    assert manager["participants"] == 0 and pd.isna(manager["participants_share"])
    assert _row(result.table, "(no value)")["participants"] == 1


def test_overlapping_codings_of_one_participant_count_their_characters_once(
    study: qualframe.Project,
) -> None:
    theme = study.compare.code("Hope", by="stakeholder group").table
    alone = study.compare.code("Hope", by="stakeholder group", include_subcodes=False).table

    # P1: Hope [0, 10) and Future [5, 15) merge to [0, 15) = 15; P3: Past 8 + 6 = 14.
    assert _row(theme, "peer worker")["characters"] == 15 + 14
    assert _row(alone, "peer worker")["characters"] == 10
    assert _row(alone, "peer worker")["codings"] == 1


def test_not_asked_is_kept_apart_from_asked_with_nothing_coded(study: qualframe.Project) -> None:
    result = study.compare.code("Hope", by="stakeholder group")

    users = _row(result.table, "service user")
    # P4 was not asked Q1 (which covers Hope); P2 and P7 were asked (or nothing says
    # otherwise) and have no Hope coding.
    assert (users["not_asked"], users["asked_no_data"]) == (1, 2)
    peer = _row(result.table, "peer worker")
    assert (peer["not_asked"], peer["asked_no_data"]) == (0, 1)
    assert result.covering_questions == {"Hope": ("Q1",)}
    table = result.table
    total = table["participants_coded"] + table["not_asked"] + table["asked_no_data"]
    assert (total == table["participants"]).all()


def test_a_code_no_question_covers_has_nobody_not_asked(study: qualframe.Project) -> None:
    result = study.compare.code("Trust", by="stakeholder group")

    assert result.covering_questions == {"Trust": ()}
    assert result.table["not_asked"].sum() == 0


def test_a_sub_code_inherits_the_coverage_of_its_theme(study: qualframe.Project) -> None:
    result = study.compare.code("Hope > Past", by="stakeholder group")

    assert result.covering_questions == {"Hope > Past": ("Q1",)}
    assert _row(result.table, "service user")["not_asked"] == 1


def test_case_attribute_groups_participants_through_their_case(study: qualframe.Project) -> None:
    result = study.compare.code("Trust", by="employer")

    nhs = _row(result.table, "NHS")  # Trust A: P1, P2, P6
    assert (nhs["participants"], nhs["participants_coded"], nhs["codings"]) == (3, 2, 2)
    assert nhs["characters"] == 10 + 5
    assert (nhs["cases"], nhs["cases_coded"]) == (1, 1)
    charity = _row(result.table, "charity")  # Charity B: P3, P4, P5, P7
    assert (charity["participants"], charity["participants_coded"]) == (4, 0)


def test_interviewed_only_leaves_out_participants_without_a_document(
    study: qualframe.Project,
) -> None:
    result = study.compare.code("Hope", by="stakeholder group", interviewed_only=True)

    peer = _row(result.table, "peer worker")  # P6 has no document
    assert (peer["participants"], peer["participants_share"]) == (2, 1.0)
    assert _row(result.table, "service user")["participants"] == 2  # P7 has none


def test_several_codes_give_one_row_per_code_and_group(study: qualframe.Project) -> None:
    result = study.compare.code(["Hope", "Trust"], by="stakeholder group")

    assert result.codes == ("Hope", "Trust")
    assert len(result.table) == 2 * 4
    trust = _row(result.table, "service user", code="Trust")
    assert (trust["participants_coded"], trust["codings"], trust["characters"]) == (1, 1, 5)


def test_codings_spoken_by_nobody_are_counted_apart(study: qualframe.Project) -> None:
    result = study.compare.code("Hope", by="stakeholder group")

    assert result.unattributed == {"Hope": 1}  # the team notes
    assert result.table["codings"].sum() == 4


def test_quotes_come_side_by_side_spread_across_participants(study: qualframe.Project) -> None:
    result = study.compare.code("Hope", by="stakeholder group", quotes_per_group=None)

    peer = result.quotes["peer worker"]
    assert [(q.participant, q.start) for q in peer] == [("P1", 0), ("P3", 0), ("P1", 5), ("P3", 20)]
    first = peer[0]
    assert (first.text, first.document, first.case, first.code) == (
        "Hope is he",
        "interview-1",
        "Trust A",
        "Hope",
    )
    assert peer[1].coded_as == "Hope > Past"
    assert first.document_id == study.documents.document("interview-1").id
    assert result.quotes["service user"] == []
    two = study.compare.code("Hope", by="stakeholder group", quotes_per_group=2)
    assert [q.participant for q in two.quotes["peer worker"]] == ["P1", "P3"]
    assert len(two.quotes_frame()) == 2


def test_a_typology_groups_a_comparison_like_any_attribute(study: qualframe.Project) -> None:
    study.typologies.define("model", level="case", categories=["embedded", "standalone"])
    study.typologies.assign("model", "Trust A", "embedded")

    result = study.compare.code("Trust", by="model")

    assert result.groups == ("embedded", "standalone", "(no value)")
    assert _row(result.table, "embedded")["participants_coded"] == 2


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"code": "Despair", "by": "employer"}, NotFoundError, "no code called 'Despair'"),
        ({"code": "Hope", "by": "region"}, NotFoundError, "No attribute called 'region'"),
        ({"code": "Hope", "by": "notes"}, ValidationError, "text attribute and cannot group"),
        ({"code": [], "by": "employer"}, ValidationError, "at least one code"),
    ],
)
def test_bad_comparison_requests_say_what_is_wrong_and_change_nothing(
    study: qualframe.Project, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    study.study.define_attribute("notes", "participant", "text")
    before = len(study.audit_log())
    code = kwargs.pop("code")

    with pytest.raises(error, match=message):
        study.compare.code(code, **kwargs)  # type: ignore[arg-type]

    assert len(study.audit_log()) == before


def test_a_document_attribute_cannot_group_participants(study: qualframe.Project) -> None:
    study.study.define_attribute("source", "document", "categorical", ["audio", "notes"])

    with pytest.raises(ValidationError, match="describes documents"):
        study.compare.code("Hope", by="source")


def test_exports_write_the_table_the_sheets_and_the_report(
    study: qualframe.Project, tmp_path: Path
) -> None:
    result = study.compare.code("Hope", by="stakeholder group")

    csv = study.compare.export(result, tmp_path / "hope.csv")
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert list(table["participants_coded"]) == [2, 0, 0, 0]
    html = study.compare.export(result, tmp_path / "hope.html").read_text("utf-8")
    assert "<svg" in html and "Hope is he" in html and "peer worker" in html
    from openpyxl import load_workbook

    workbook = load_workbook(study.compare.export(result, tmp_path / "hope.xlsx"))
    assert len(workbook.sheetnames) >= 2
    with pytest.raises(ValidationError, match="exported as"):
        study.compare.export(result, tmp_path / "hope.pdf")


def test_comparison_chart_is_saved_as_png_or_svg(study: qualframe.Project, tmp_path: Path) -> None:
    result = study.compare.code("Hope", by="stakeholder group")

    study.compare.comparison_chart(result, path=tmp_path / "hope.svg")
    figure = study.compare.comparison_chart(result, path=tmp_path / "hope.png")

    assert (tmp_path / "hope.svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert (tmp_path / "hope.png").read_bytes()[:4] == b"\x89PNG"
    assert figure.axes
