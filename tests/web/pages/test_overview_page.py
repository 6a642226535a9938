"""The project overview and the activity log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from web.sample_study import SampleStudy


def _text(html: str) -> str:
    """The page's text without tags, spaces collapsed (to read sentences split by markup)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_overview_counts_the_study(client: TestClient, sample: SampleStudy) -> None:
    page = client.get(f"/projects/{sample.project_id}")
    assert page.status_code == 200
    counts = _text(page.text.split('data-testid="counts"')[1].split("</ul>")[0])
    assert "2 cases" in counts and "3 participants" in counts and "2 documents" in counts
    assert "4 codes" in counts and "2 codings" in counts and "1 memo" in counts


def test_the_overview_lists_cases_participants_and_themes(
    client: TestClient, sample: SampleStudy
) -> None:
    text = _text(client.get(f"/projects/{sample.project_id}").text)
    assert "Trust A 2 NHS" in text
    assert "P03 Charity B peer worker" in text
    assert "Trust 1 1" in text  # theme, sub-codes, codings with sub-codes
    assert (
        f'href="/projects/{sample.project_id}/codebook"'
        in client.get(f"/projects/{sample.project_id}").text
    )


def test_documents_show_their_coding_progress_as_text(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}").text
    table = page.split('data-testid="overview-documents"')[1].split("</table>")[0]
    assert f'href="/projects/{sample.project_id}/documents/{sample.interview_id}"' in table
    coverage = sample.project.documents.info(sample.interview_id).coverage
    assert f"{coverage * 100:.0f}%" in table
    assert "of the text coded" in table
    assert "All mapped" in table


def test_unmapped_speakers_are_flagged_on_the_overview(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.documents.unmap_speaker("Sam")
    page = client.get(f"/projects/{sample.project_id}").text
    assert 'data-testid="unmapped-warning"' in page
    assert "Not mapped: Sam" in page


def test_a_new_project_shows_what_to_do_next(client: TestClient, database: Database) -> None:
    project = qualframe.create_project("Fresh", database=database)
    page = client.get(f"/projects/{project.info.id}").text
    steps = _text(page.split('data-testid="next-steps"')[1].split("</ol>")[0])
    assert "Describe your cases and participants To do" in steps
    assert "Import transcripts To do" in steps
    assert "No documents yet." in page


def test_a_set_up_project_does_not_show_the_checklist(
    client: TestClient, sample: SampleStudy
) -> None:
    assert 'data-testid="next-steps"' not in client.get(f"/projects/{sample.project_id}").text


def test_recent_activity_is_newest_first(client: TestClient, sample: SampleStudy) -> None:
    sample.project.study.add_case("Latest case")
    page = client.get(f"/projects/{sample.project_id}").text
    activity = _text(page.split('data-testid="activity"')[1].split("</table>")[0])
    assert activity.index("Added case 'Latest case'") < activity.index("Wrote analytic memo")
    assert activity.count("tester") == 15


def test_the_activity_page_filters_by_kind_and_person(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    other = qualframe.open_project("Peer support", database=database, user="Sam")
    other.study.add_case("Sam's case")
    pid = sample.project_id
    by_sam = _text(client.get(f"/projects/{pid}/activity", params={"actor": "Sam"}).text)
    assert 'Added case "Sam\'s case"' in by_sam
    assert "Added case 'Trust A'" not in by_sam
    cases = _text(client.get(f"/projects/{pid}/activity", params={"entity_type": "case"}).text)
    assert "Added case 'Trust A'" in cases and "Defined" not in cases
    assert "Changes to a case, newest first" in cases


def test_the_activity_page_shows_each_change_before_and_after(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.edit(sample.hope_code_id, definition="Hope that recovery is possible.")
    page = client.get(f"/projects/{sample.project_id}/activity", params={"entity_type": "code"})
    assert page.status_code == 200
    row = page.text.split("Hope that recovery is possible.")[0].rsplit("<tr>", 1)[1]
    assert "<dt>definition</dt>" in row
    assert "<del>Hope for recovery.</del> → <ins>" in row


def test_the_activity_page_filters_by_days(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    today = datetime.now(UTC).date()
    days = {"since": str(today), "until": str(today)}
    current = _text(client.get(f"/projects/{pid}/activity", params=days).text)
    assert "Added case 'Trust A'" in current
    assert f"from {today} to {today}" in current
    tomorrow = str(today + timedelta(days=1))
    later = _text(client.get(f"/projects/{pid}/activity", params={"since": tomorrow}).text)
    assert "No changes match." in later
    earlier = client.get(f"/api/projects/{pid}/audit", params={"until": f"{today}T00:00:00"})
    assert earlier.status_code == 200
    assert earlier.json() == []
    bad = client.get(f"/projects/{pid}/activity", params={"since": "yesterday"})
    assert bad.status_code == 422


def test_the_activity_is_paged(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    for number in range(60):
        sample.project.study.add_case(f"Case {number}")
    first = _text(client.get(f"/projects/{pid}/activity").text)
    assert "Older changes" in first and "Newer changes" not in first
    assert "Added case 'Case 59'" in first
    second = _text(client.get(f"/projects/{pid}/activity", params={"page": 2}).text)
    assert "Newer changes" in second and "Added case 'Case 59'" not in second
    empty = client.get(f"/projects/{pid}/activity", params={"page": 9}).text
    assert "There are no older changes." in empty


def test_an_unknown_project_has_no_overview(client: TestClient) -> None:
    answer = client.get("/projects/77/activity")
    assert answer.status_code == 404
    assert "There is no project with id 77." in answer.text
