"""``qualframe compare``, ``cooccurrence``, ``saturation`` and ``typology`` through the CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.comparison_study import build_study

runner = CliRunner()


@pytest.fixture
def url(database_url: str) -> str:
    """A database holding the hand-countable comparison study."""
    database = Database(database_url)
    build_study(qualframe.create_project("Study", database=database, user="tester"))
    database.close()
    return database_url


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args])


def test_compare_code_prints_the_table_and_quotes_per_group(url: str) -> None:
    result = run(url, "compare", "code", "Hope", "--by", "stakeholder group", "--quotes", "1")

    assert result.exit_code == 0, result.output
    assert "'Hope' by stakeholder group" in result.output
    assert "67%" in result.output  # 2 of 3 peer workers
    assert "— peer worker:" in result.output
    assert '"Hope is he" (P1 (Trust A), interview-1 [0, 10))' in result.output
    assert "P3 (Charity B)" not in result.output  # one quote per group


def test_compare_code_exports_and_draws(url: str, tmp_path: Path) -> None:
    table, chart = tmp_path / "hope.csv", tmp_path / "hope.png"

    result = run(
        url, "compare", "code", "Hope", "Trust", "--by", "employer",
        "--export", str(table), "--chart", str(chart),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    frame = pd.read_csv(table, encoding="utf-8-sig")
    assert list(frame["code"]) == ["Hope", "Hope", "Trust", "Trust"]
    assert chart.read_bytes()[:4] == b"\x89PNG"


def test_compare_code_with_a_text_attribute_fails_with_one_clear_line(url: str) -> None:
    project = qualframe.open_project(database=url, user="tester")
    project.study.define_attribute("notes", "participant", "text")
    project.database.close()

    result = run(url, "compare", "code", "Hope", "--by", "notes")

    assert result.exit_code == 1
    assert "text attribute and cannot group participants" in result.output


def test_compare_answers_prints_counts_and_the_test(url: str) -> None:
    result = run(url, "compare", "answers", "Q2", "--by", "stakeholder group")

    assert result.exit_code == 0, result.output
    assert "Fisher's exact test" in result.output and "p = 0.333" in result.output
    assert "1 participant(s) without a stakeholder group value left out." in result.output


def test_cooccurrence_lists_pairs_and_draws_the_heat_map(url: str, tmp_path: Path) -> None:
    chart, pairs = tmp_path / "pairs.svg", tmp_path / "pairs.csv"

    result = run(url, "cooccurrence", "--code", "Hope", "--code", "Hope > Future",
                 "--chart", str(chart), "--csv", str(pairs))  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Co-occurrence of 2 codes (overlap; pairs of codings)." in result.output
    assert "<svg" in chart.read_text("utf-8")
    assert pd.read_csv(pairs, encoding="utf-8-sig")["count"].tolist() == [1]


def test_cooccurrence_of_a_theme_at_participant_level(url: str) -> None:
    result = run(url, "cooccurrence", "--theme", "Hope", "--level", "participant")

    assert result.exit_code == 0, result.output
    assert "No two codes occur together." in result.output


def test_saturation_prints_steps_and_unplaced_documents(url: str, tmp_path: Path) -> None:
    chart = tmp_path / "curve.png"

    result = run(url, "saturation", "--chart", str(chart))

    assert result.exit_code == 0, result.output
    assert "Saturation (documents by position)" in result.output
    assert "Without a position (placed last, in import order): notes." in result.output
    assert "Not yet coded, left out of the curve: interview-4, interview-5." in result.output
    assert chart.read_bytes()[:4] == b"\x89PNG"
    by_group = run(url, "saturation", "--by", "stakeholder group", "--order", "imported")
    assert by_group.exit_code == 0, by_group.output
    assert "peer worker" in by_group.output


def test_typology_define_assign_and_list(url: str) -> None:
    defined = run(url, "typology", "define", "model", "-c", "embedded", "-c", "standalone")
    assigned = run(url, "typology", "assign", "model", "Trust A", "embedded")
    refused = run(url, "typology", "assign", "model", "Trust A", "standalone")
    replaced = run(url, "typology", "assign", "model", "Trust A", "standalone", "--replace")
    listed = run(url, "typology", "list")
    one = run(url, "typology", "list", "model")

    assert defined.exit_code == 0, defined.output
    assert "Defined typology 'model' of cases: embedded, standalone." in defined.output
    assert assigned.exit_code == 0 and "Trust A is 'embedded'" in assigned.output
    assert refused.exit_code == 1 and "already assigned to 'embedded'" in refused.output
    assert "(was 'embedded')" in replaced.output
    assert "model (cases): embedded, standalone — 1 assigned, 1 not yet." in listed.output
    assert "(not assigned)" in one.output and "standalone" in one.output
