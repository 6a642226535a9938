"""The comparison pages with groups below and at the minimum group size: the
counts come first and the test waits behind a disclosure with its caveat."""

from __future__ import annotations

import html as html_module
import re

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from services.group_size_study import build_group_study
from web.sample_study import SampleStudy

TINY = {"peer worker": 2, "service user": 3, "manager": 1}
ENOUGH = {"peer worker": 5, "service user": 6, "manager": 5}


def _project(database: Database, sizes: dict[str, int]) -> qualframe.Project:
    project = qualframe.create_project("Groups", database=database, user="tester")
    build_group_study(project, sizes)
    return project


def _page(client: TestClient, project: qualframe.Project, question: str) -> str:
    page = client.get(f"/projects/{project.info.id}/compare/answers?question={question}&by=team")
    assert page.status_code == 200
    return page.text


def _text(markup: str) -> str:
    inline = re.sub(r"</?(?:strong|span|a|mark|em|kbd)\b[^>]*>", "", markup)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _between(markup: str, start: str, end: str) -> str:
    return markup.split(start, 1)[1].split(end, 1)[0]


def test_tiny_groups_show_the_counts_first_and_the_test_behind_a_disclosure(
    client: TestClient, database: Database
) -> None:
    markup = _page(client, _project(database, TINY), "Q1")

    disclosure = _between(markup, 'data-testid="test-disclosure"', "</details>")
    assert "<details" in markup.split('data-testid="test-disclosure"')[0][-60:]
    assert " open" not in markup.split('data-testid="test-disclosure"')[0][-60:]
    assert (
        "<summary>Test result, not reliable: groups of fewer than 5 people</summary>" in disclosure
    )
    text = _text(disclosure)
    assert (
        "Groups of fewer than 5 people: the p-value is not reliable "
        "(peer worker: 2 people; service user: 3 people; manager: 1 person)." in text
    )
    assert "Kruskal–Wallis H test" in text and "(not reliable)" in text
    # The descriptive table comes first, with medians and ranges; the test only inside.
    assert markup.index('data-testid="answers-table"') < markup.index(
        'data-testid="test-disclosure"'
    )
    assert markup.count('data-testid="test-result"') == 1
    assert 'data-testid="test-result"' in disclosure
    table = _text(_between(markup, 'data-testid="answers-table"', "</table>"))
    assert "Median Range" in table
    assert "peer worker 1 (50%) 1 (50%) 0 (0%) 2 between low and medium low to medium" in table
    assert "manager 0 (0%) 0 (0%) 1 (100%) 1 high high" in table
    note = _text(_between(markup, 'data-testid="descriptive-note"', "</p>"))
    assert "fewer than 5 people (peer worker: 2; service user: 3; manager: 1)" in note
    # The caveat is said once, in the disclosure; the other caveats stay in view.
    caveats = _text(_between(markup, 'data-testid="caveats"', "</div>"))
    assert "fewer than 5 people" not in caveats
    assert "not evidence about a wider population" in caveats


def test_groups_at_the_minimum_show_the_test_as_before(
    client: TestClient, database: Database
) -> None:
    markup = _page(client, _project(database, ENOUGH), "Q1")

    assert 'data-testid="test-disclosure"' not in markup
    assert 'data-testid="descriptive-note"' not in markup
    assert "not reliable" not in markup and "fewer than 5 people" not in markup
    assert markup.index('data-testid="caveats"') < markup.index('data-testid="test-result"')
    assert markup.index('data-testid="test-result"') < markup.index('data-testid="answers-table"')
    assert "Kruskal–Wallis H test" in _text(
        _between(markup, 'data-testid="test-result"', "</div>\n")
    )


@pytest.mark.parametrize(("sizes", "hidden"), [(TINY, True), (ENOUGH, False)])
def test_a_categorical_question_follows_the_same_rule(
    client: TestClient, database: Database, sizes: dict[str, int], hidden: bool
) -> None:
    markup = _page(client, _project(database, sizes), "Q2")

    assert ('data-testid="test-disclosure"' in markup) is hidden
    assert "Median" not in _text(_between(markup, 'data-testid="answers-table"', "</table>"))


def test_the_code_comparison_of_tiny_groups_shows_no_p_value(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}/compare/code?code=Trust&by=stakeholder+group")

    assert page.status_code == 200
    text = _text(page.text)
    assert "1 of 2" in text  # the counts per group are the result
    assert "p-value" not in text and "p = " not in text
