"""Coding all hits lists the passages it would code in context; any of them can
be left out (unticked) before anything is written."""

from __future__ import annotations

import pytest

import qualframe
from services.test_search import P01_INTERVIEW, _coded, study  # noqa: F401 (fixture)


@pytest.fixture
def code(study: qualframe.Project) -> str:  # noqa: F811
    study.codebook.add("Barriers")
    study.codebook.add("Stigma", parent="Barriers")
    return "Barriers > Stigma"


def test_the_preview_lists_each_passage_in_context_with_its_first_hit(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    assert plan.listed_all and len(plan.passages) == plan.spans == 2
    first, second = plan.passages
    assert (first.document, first.match) == ("p01", "stigma")
    assert first.before.endswith("Interviewer: And ") and first.before.startswith("\u2026")
    assert first.after.startswith("?\n\nP01: Stigma was there.")
    assert P01_INTERVIEW[first.start : first.end] == "And stigma?"
    assert P01_INTERVIEW[second.start : second.end] == "Stigma was there."
    assert (second.match, second.already_coded) == ("Stigma", False)


def test_unticked_passages_are_left_out_and_counted(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    unticked = plan.passages[0]
    done = study.search.code_all_hits(
        "stigma",
        code,
        spread="sentence",
        excluded=[(unticked.document_id, unticked.start, unticked.end)],
    )
    assert (done.added, done.excluded, done.spans) == (1, 1, 1)
    assert [quote for _, quote, _ in _coded(study)] == ["Stigma was there."]
    assert "1 passage you unticked was left out." in done.summary()


def test_passages_already_coded_are_listed_as_such(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    study.search.code_all_hits("stigma", code, spread="sentence")
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    assert all(passage.already_coded for passage in plan.passages)


def test_unticking_every_passage_codes_nothing_and_says_so(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    excluded = [(p.document_id, p.start, p.end) for p in plan.passages]
    done = study.search.code_all_hits("stigma", code, spread="sentence", excluded=excluded)
    assert (done.added, done.excluded) == (0, 2)
    assert done.summary() == (
        "Every passage the search 'stigma' finds was unticked (2 passages): nothing was coded."
    )
    assert _coded(study) == []
