"""The comparison pages: code × group, structured answers, co-occurrence, saturation."""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from services.comparison_study import build_study
from web.sample_study import SampleStudy


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    """The hand-checked comparison study of the service tests (see its docstring):
    P1–P7 in two cases, Hope > Future/Past and Trust, Q1 covering Hope, Q2."""
    project = qualframe.create_project("Comparisons", database=database, user="tester")
    build_study(project)
    return project


def _url(project: qualframe.Project, page: str, query: str = "") -> str:
    return f"/projects/{project.info.id}/compare/{page}" + (f"?{query}" if query else "")


def _text(html: str) -> str:
    """The page's text: inline tags removed, others read as a space, white space collapsed."""
    inline = re.sub(r"</?(?:strong|span|a|mark|em|kbd)\b[^>]*>", "", html)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_the_compare_page_offers_the_four_comparisons_with_what_the_project_has(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}/compare")
    assert page.status_code == 200
    text = _text(page.text)
    for name in ("Code × group", "Structured answers", "Co-occurrence", "Saturation"):
        assert name in text
    assert "4 codes; 2 attributes to group by." in text
    assert "1 structured question." in text
    assert "2 codings to look at." in text
    assert 'aria-current="page">Compare</a>' in page.text


def test_an_empty_project_is_told_what_each_comparison_needs(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project("Empty", database=database)
    expected = {
        "code": "The codebook is empty.",
        "answers": "No structured questions yet.",
        "cooccurrence": "Nothing is coded yet.",
        "saturation": "No documents yet.",
    }
    for page, message in expected.items():
        answer = client.get(_url(project, page))
        assert answer.status_code == 200
        assert message in answer.text
        assert "<form" not in answer.text.split("</nav>", 2)[-1]


def test_codes_without_an_attribute_to_group_by_are_explained(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project("No groups", database=database)
    project.codebook.add("Hope")
    page = client.get(_url(project, "code"))
    assert "There is no attribute to group participants by." in page.text
    assert f'href="/projects/{project.info.id}/study"' in page.text


def test_the_code_page_first_offers_a_form_with_the_first_attribute_chosen(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "code"))
    assert 'data-testid="code-form"' in page.text
    assert 'data-testid="code-result"' not in page.text
    assert '<option value="stakeholder group" selected>stakeholder group (participant)' in page.text
    assert "employer (case)" in page.text


def test_a_theme_is_compared_across_groups_with_counts_bars_and_quotes(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "code", "code=Hope&by=stakeholder+group&quotes=5"))
    assert page.status_code == 200
    text = _text(page.text)
    assert "'Hope' by stakeholder group" in text
    # P1 and P3 of 3 peer workers (P6 was never interviewed), 4 codings, 29 characters.
    assert "peer worker 2 of 3 (67%) 2 of 2 (100%) 4 29 0 1" in text
    # P4 was not asked Q1, which covers Hope: counted apart from "asked, no data".
    assert "service user 0 of 3 (0%) 0 of 2 (0%) 0 0 1 2" in text
    assert "manager 0 of 0 (–) 0 of 0 (–) 0 0 0 0" in text
    assert "peer worker 67% (2 of 3)" in text  # the bar's number, as text
    assert 'style="width: 66.7%"' in page.text
    assert "covering Hope (Q1)" in text
    assert "1 coding of Hope was spoken by nobody in the study" in text
    # Quotes: a column per group, one per participant first, each linked to its place.
    columns = page.text.split('data-testid="quote-columns"')[1]
    assert columns.index("Hope is he") < columns.index("The past") < columns.index("is here, f")
    interview = study.documents.document("interview-1").id
    assert (
        f'href="/projects/{study.info.id}/documents/{interview}?start=0&amp;end=10#passage"'
        in page.text
    )
    assert "coded as Hope &gt; Future" in page.text
    assert "No quotes from this group." in page.text


def test_exports_and_the_chart_are_offered_for_the_same_comparison(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "code", "code=Hope&by=employer&interviewed_only=true"))
    api = f"/api/projects/{study.info.id}/compare/code"
    query = "code=Hope&amp;by=employer&amp;subcodes=true&amp;interviewed_only=true&amp;quotes=5"
    for fmt in ("csv", "xlsx", "html"):
        assert f'href="{api}/export?{query}&amp;format={fmt}"' in page.text
    assert f'href="{api}/chart.svg?{query}"' in page.text
    assert "only participants who were interviewed" in page.text


def test_a_code_alone_leaves_its_sub_codes_out(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "code", "code=Hope&by=stakeholder+group&subcodes=false"))
    text = _text(page.text)
    # Only P1's own Hope coding is left (interview-3's codings are Hope > Past).
    assert "peer worker 1 of 3 (33%) 1 of 2 (50%) 1 10" in text
    assert "each code alone, without its sub-codes" in text


def test_several_codes_are_compared_each_with_its_table(
    client: TestClient, study: qualframe.Project
) -> None:
    hope, trust = study.codebook.get("Hope").id, study.codebook.get("Trust").id
    page = client.get(_url(study, "code", f"code_id={hope}&code_id={trust}&by=employer"))
    assert page.text.count('data-testid="code-table"') == 2
    assert "'Hope', 'Trust' by employer" in _text(page.text)
    assert f'id="also-{trust}" checked' in page.text
    assert '<span class="quote__code">Trust</span>' in page.text


def test_an_attribute_that_cannot_group_is_explained_above_the_form(
    client: TestClient, study: qualframe.Project
) -> None:
    study.study.define_attribute("notes", "participant", "text")
    page = client.get(_url(study, "code", "code=Hope&by=notes"))
    assert page.status_code == 200
    assert "This comparison cannot be made." in page.text
    assert "is a text attribute and cannot group participants" in page.text
    assert 'data-testid="code-form"' in page.text
    assert 'data-testid="code-result"' not in page.text


def test_an_unknown_code_is_named_on_the_page(client: TestClient, study: qualframe.Project) -> None:
    page = client.get(_url(study, "code", "code=Despair&by=employer"))
    assert "This comparison cannot be made." in page.text
    assert "Despair" in _text(page.text)


def test_structured_answers_show_the_crosstab_the_test_and_its_caveats(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "answers", "question=Q2&by=stakeholder+group"))
    assert page.status_code == 200
    text = _text(page.text)
    assert "Q2: Would you recommend peer support?" in text
    assert "peer worker 2 (100%) 0 (0%) 2 1 0" in text
    assert "service user 0 (0%) 2 (100%) 2 0 1" in text
    assert "Fisher's exact test" in text
    assert "odds ratio ∞" in text
    assert "p-value p = 0.333 (not reliable)" in text
    caveats = _text(page.text.split('data-testid="caveats"')[1].split("</div>")[0])
    assert (
        "1 participant not asked this question and 1 participant asked who gave no answer"
        in caveats
    )
    assert "1 participant without a value of 'stakeholder group'" in caveats
    assert "not evidence about a wider population" in caveats
    # The caveats come before the test's numbers, which wait behind a disclosure.
    assert page.text.index('data-testid="caveats"') < page.text.index('data-testid="test-result"')
    assert page.text.index('data-testid="test-disclosure"') < page.text.index(
        'data-testid="test-result"'
    )


def test_an_ordinal_question_gets_a_rank_test_marked_not_reliable_for_small_groups(
    client: TestClient, study: qualframe.Project
) -> None:
    study.study.add_question(
        "Q3", "How much did peer support help?", levels=["not at all", "a little", "a lot"],
        scale="ordinal",
    )  # fmt: skip
    for person, value in {
        "P1": "a lot",
        "P3": "a little",
        "P2": "not at all",
        "P4": "a little",
    }.items():
        study.study.set_answer(person, "Q3", value)
    text = _text(client.get(_url(study, "answers", "question=Q3&by=stakeholder+group")).text)
    assert "Mann–Whitney U test" in text
    assert "Groups of fewer than 5 people: the p-value is not reliable" in text
    assert "peer worker 0 (0%) 1 (50%) 1 (50%) 2 between a little and a lot" in text


def test_the_answers_form_lists_only_structured_questions(
    client: TestClient, study: qualframe.Project
) -> None:
    study.study.add_question("Q9", "Tell me about your work.", kind="open")
    page = client.get(_url(study, "answers"))
    assert "Q1: Do you feel hopeful about the future?" in page.text
    assert "Tell me about your work." not in page.text


def test_an_open_question_cannot_be_compared_and_the_page_says_why(
    client: TestClient, study: qualframe.Project
) -> None:
    study.study.add_question("Q9", "Tell me about your work.", kind="open")
    page = client.get(_url(study, "answers", "question=Q9&by=employer"))
    assert "The question 'Q9' is open" in _text(page.text)
    assert 'data-testid="answers-result"' not in page.text


def test_cooccurrence_writes_every_number_in_the_heat_table_and_draws_the_map(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "cooccurrence", "code=Hope&code=Trust&subcodes=true"))
    assert page.status_code == 200
    table = page.text.split('data-testid="heat-table"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num heat--(\w+)">([^<]*)</td>', table)
    # Hope (with Future and Past): 5 codings, Trust: 2; they never overlap.
    assert cells == [("self", "5"), ("0", "0"), ("0", "0"), ("self", "2")]
    assert '<span class="visually-hidden">Hope</span>' in table
    # The chart is drawn by its own request, so the table shows first.
    chart = (
        f'src="/api/projects/{study.info.id}/compare/cooccurrence/chart.svg?code=Hope&amp;'
        "code=Trust&amp;subcodes=true&amp;level=segment&amp;mode=overlap&amp;unit=participant"
        '&amp;value=counts" loading="lazy"'
    )
    assert chart in page.text
    assert "No two of these codes occur together." in page.text


def test_cooccurrence_by_person_counts_participants_and_lists_the_top_pairs(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "cooccurrence", "level=participant&value=similarity"))
    text = _text(page.text)
    assert "Each number counts the participants with at least one coding of both codes" in text
    assert "Hope and Hope > Future: 1 participant (similarity 1.00)" in text
    # The notes' Hope coding is spoken by nobody.
    assert "1 coding left out: spoken by nobody in the study" in text
    assert re.search(r'<td class="num heat--5">1\.00</td>', page.text)


def test_cooccurrence_keeps_only_the_codings_the_filter_names(
    client: TestClient, study: qualframe.Project
) -> None:
    where = quote("employer=NHS")
    page = client.get(_url(study, "cooccurrence", f"level=participant&where={where}"))
    text = _text(page.text)
    assert "Only codings where employer is NHS." in text
    assert '<option value="employer=NHS" selected>NHS</option>' in page.text
    assert "Hope > Past" not in text.split("Co-occurrence of")[1]  # P3 works for the charity


def test_a_theme_without_sub_codes_is_explained(
    client: TestClient, study: qualframe.Project
) -> None:
    trust = study.codebook.get("Trust").id
    page = client.get(_url(study, "cooccurrence", f"theme_id={trust}"))
    assert "The code 'Trust' has no sub-codes" in _text(page.text)
    assert 'data-testid="cooccurrence-result"' not in page.text


def test_saturation_shows_the_curve_and_the_new_codes_of_each_document(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "saturation"))
    assert page.status_code == 200
    text = _text(page.text)
    assert "1 interview-2 !not marked done 9% 1 1 1 Trust 1" in text
    assert "3 interview-1 !not marked done 42% 3 3 2 Hope; Hope > Future 4" in text
    assert "4 notes !not marked done 7% 1 1 0 none 4" in text
    assert (
        "4 codes in 4 documents; the last new code came with document 3, "
        "and the 1 document since brought none, but 1 of them is not marked" in text
    )
    assert "Without a position (placed last, in import order): notes." in text
    assert "Not yet coded, left out of the curve: interview-4, interview-5." in text
    assert 'data-testid="saturation-chart"' in page.text


def test_saturation_per_group_has_a_table_per_group(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "saturation", "order=imported&by=stakeholder+group"))
    assert page.text.count('data-testid="steps-table"') == 3
    text = _text(page.text)
    assert "peer worker: 4 codes in 2 documents; the last document still brought new codes." in text
    assert "Without a" not in text


def test_an_order_that_is_not_a_document_attribute_is_explained(
    client: TestClient, study: qualframe.Project
) -> None:
    page = client.get(_url(study, "saturation", "order=employer"))
    assert "The attribute 'employer' cannot order interviews" in _text(page.text)
    assert 'data-testid="saturation-result"' not in page.text


def test_a_document_date_attribute_orders_the_interviews(
    client: TestClient, study: qualframe.Project
) -> None:
    study.study.define_attribute("interview date", "document", "date")
    page = client.get(_url(study, "saturation"))
    assert '<option value="interview date">interview date</option>' in page.text
