"""Merging codes keeps agreement rounds and their resolutions: the round compares
the code kept, and the resolutions of the merged code's disagreements move
to it (a resolution of the same passage as one of the kept code's folds into
that one)."""

from __future__ import annotations

import pytest

import qualframe
from team.team_study import TeamStudy, build, turn_span, turn_words


@pytest.fixture
def study(project: qualframe.Project) -> TeamStudy:
    built = build(project)
    project.agreement.open_round("Pilot", documents=["D1.txt"])
    return built


def _key(turn: int, code_id: int) -> str:
    start, end = turn_span(turn)
    return f"1:{code_id}:{start}:{end}"


def test_a_merge_carries_the_resolutions_to_the_code_kept(study: TeamStudy) -> None:
    agreement = study.project.agreement
    resolved = agreement.resolve("Pilot", _key(4, 1), "keep_both", note="Both hopeful.")
    summary = study.project.codebook.merge("Hope", "Trust")
    assert (summary.round_codes_moved, summary.resolutions_moved) == (0, 1)
    assert agreement.round("Pilot").codes == ("Trust",)
    (moved,) = agreement.resolutions("Pilot")
    assert (moved.id, moved.code, moved.note) == (resolved.id, "Trust", "Both hopeful.")
    assert moved.key == _key(4, 2)
    entry = next(e for e in reversed(study.project.activity()) if e.action == "code.merge")
    assert entry.details["resolutions_moved"] == 1


def test_a_merge_folds_a_resolution_of_the_same_passage_into_the_kept_codes(
    study: TeamStudy,
) -> None:
    project = study.project
    project.agreement.open_round("Hope only", documents=["D1.txt"], codes=["Hope"])
    project.acting_as("ana").coding.apply("D1.txt", "Trust", *turn_words(3))
    project.agreement.open_round("Trust", documents=["D1.txt"], codes=["Trust", "Hope"])
    agreement = project.agreement
    agreement.resolve("Trust", _key(3, 1), "keep_both", note="hope's")
    kept = agreement.resolve("Trust", _key(3, 2), "keep_both", note="trust's")
    summary = project.codebook.merge("Hope", "Trust")
    assert (summary.resolutions_moved, summary.resolutions_folded) == (0, 1)
    assert [(r.id, r.note) for r in agreement.resolutions("Trust")] == [(kept.id, "trust's")]
    assert agreement.round("Hope only").codes == ("Trust",)  # moved: it compared only Hope
    assert agreement.round("Trust").codes == ("Trust",)  # both: one row kept
    assert summary.round_codes_moved == 1  # "Pilot" and "Trust" compared both already


def test_a_resolution_recoding_to_a_merged_code_recodes_to_the_code_kept(
    study: TeamStudy,
) -> None:
    project = study.project
    project.codebook.add("Despair")
    project.agreement.resolve("Pilot", _key(4, 1), "recode", recode_to="Despair")
    project.codebook.merge("Despair", "Spare")
    assert project.agreement.resolutions("Pilot")[0].recoded_to == "Spare"
