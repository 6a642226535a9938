"""Coding all hits never codes a passage the user unticked: when the passages
moved between the preview and the confirmation (the text was revised), the
confirmation is refused with a clear message and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.errors import ValidationError
from services.test_search import P01_INTERVIEW, _audit_count, _coded, study  # noqa: F401 (fixture)

CODE = "Barriers > Stigma"
#: A revision of p01 with a line put before its text: every passage moves.
PREFACE = "Note: transcript checked against the recording.\n\n"


@pytest.fixture
def code(study: qualframe.Project) -> str:  # noqa: F811
    study.codebook.add("Barriers")
    study.codebook.add("Stigma", parent="Barriers")
    return CODE


def _revise(project: qualframe.Project, tmp_path: Path, text: str) -> None:
    revised = tmp_path / "p01-revised.txt"
    revised.write_text(text, encoding="utf-8")
    project.documents.replace_text("p01.txt", revised, reason="checked")


def test_an_unticked_passage_that_moved_is_never_coded_and_nothing_is_written(
    study: qualframe.Project,  # noqa: F811
    code: str,
    tmp_path: Path,
) -> None:
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    unticked = plan.passages[0]
    assert P01_INTERVIEW[unticked.start : unticked.end] == "And stigma?"
    _revise(study, tmp_path, PREFACE + P01_INTERVIEW)  # the preview's offsets are stale now
    audited = _audit_count(study)

    with pytest.raises(ValidationError) as refused:
        study.search.code_all_hits(
            "stigma",
            code,
            spread="sentence",
            excluded=[(unticked.document_id, unticked.start, unticked.end)],
        )

    message = str(refused.value)
    assert message.startswith("The passages changed since the preview: 1 passage you unticked")
    assert f"'p01.txt' at characters {unticked.start}\u2013{unticked.end}" in message
    assert "Nothing was coded: preview again and untick the passages anew." in message
    assert _coded(study) == []
    assert _audit_count(study) == audited


def test_after_a_new_preview_the_moved_passage_is_left_out(
    study: qualframe.Project,  # noqa: F811
    code: str,
    tmp_path: Path,
) -> None:
    _revise(study, tmp_path, PREFACE + P01_INTERVIEW)
    plan = study.search.preview_code_all_hits("stigma", code, spread="sentence")
    unticked = plan.passages[0]

    done = study.search.code_all_hits(
        "stigma",
        code,
        spread="sentence",
        excluded=[(unticked.document_id, unticked.start, unticked.end)],
    )

    assert (done.added, done.excluded) == (1, 1)
    assert [quote for _, quote, _ in _coded(study)] == ["Stigma was there."]


def test_an_unticked_passage_of_a_deleted_document_is_refused_naming_it_so(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    with pytest.raises(ValidationError, match="1 passage you unticked") as refused:
        study.search.code_all_hits("stigma", code, spread="sentence", excluded=[(999, 0, 5)])

    assert "(a document since deleted at characters 0\u20135)" in str(refused.value)
    assert _coded(study) == []


def test_many_moved_passages_are_named_up_to_five(
    study: qualframe.Project,  # noqa: F811
    code: str,
) -> None:
    gone = [(999, n, n + 1) for n in range(7)]

    with pytest.raises(ValidationError, match="7 passages you unticked") as refused:
        study.search.code_all_hits("stigma", code, spread="sentence", excluded=gone)

    assert "and 2 more) are no longer where the preview listed them" in str(refused.value)
    assert _coded(study) == []
