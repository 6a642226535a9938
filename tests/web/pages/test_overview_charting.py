"""The overview's charting progress per theme, and its JSON twin."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

STATUSES = ("done", "draft", "to_chart", "no_data", "not_asked")


def _table_counts(page: str) -> dict[str, dict[str, int]]:
    """Theme -> status -> count, from the overview's charting table."""
    table = re.search(r'data-testid="overview-charting".*?</table>', page, re.S)
    assert table, "no charting table"
    found = {}
    for theme, row in re.findall(r'<tr data-theme="([^"]+)">(.*?)</tr>', table.group(0), re.S):
        cells = re.findall(r'data-status="(\w+)">([\d,]+)<', row)
        found[theme] = {status: int(n.replace(",", "")) for status, n in cells}
    return found


def test_overview_shows_each_themes_cells_by_status(
    client: TestClient, sample: SampleStudy
) -> None:
    matrix = sample.project.matrix
    matrix.write_summary("P01", sample.shared_code_id, "Shared experience builds trust.")
    page = client.get(f"/projects/{sample.project_id}").text
    assert "Charting progress" in page
    expected = {t.theme: {s: getattr(t, s) for s in STATUSES} for t in matrix.progress().themes}
    assert _table_counts(page) == expected
    assert sum(theme["draft"] for theme in expected.values()) == 1
    assert f"/projects/{sample.project_id}/matrix?theme_id=" in page


def test_progress_api_answers_each_theme(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(f"/api/projects/{sample.project_id}/matrix/progress")
    assert answer.status_code == 200
    body = answer.json()
    assert body["participants"] == 3
    for theme in body["themes"]:
        assert sum(theme[s] for s in STATUSES) == theme["cells"]
        assert theme["cells"] == theme["columns"] * body["participants"]
    stored = sample.project.matrix.progress()
    assert [t["theme"] for t in body["themes"]] == [t.theme for t in stored.themes]
