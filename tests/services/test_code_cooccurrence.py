"""Co-occurrence of codes: overlapping spans, speaker turns, participants — counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.errors import NotFoundError, ValidationError
from services.builders import make_document
from services.comparison_study import build_study


@pytest.fixture
def study(project: qualframe.Project) -> qualframe.Project:
    build_study(project)
    # interview-1 now has Hope [0, 10), Future [5, 15), Trust [8, 12) (overlapping
    # both), Trust [15, 20) (touching Future's end only) and Trust [20, 30).
    project.coding.apply("interview-1", "Trust", 8, 12)
    project.coding.apply("interview-1", "Trust", 15, 20)
    return project


def test_overlapping_spans_make_pairs_and_touching_spans_do_not(study: qualframe.Project) -> None:
    result = study.compare.cooccurrence(["Hope", "Hope > Future", "Trust"])

    counts = result.counts
    assert result.codes == ("Hope", "Hope > Future", "Trust")
    assert counts.loc["Hope", "Hope > Future"] == 1
    assert counts.loc["Hope", "Trust"] == 1  # [0, 10) and [8, 12)
    assert counts.loc["Hope > Future", "Trust"] == 1  # [5, 15) and [8, 12); [15, 20) touches
    assert counts.loc["Trust", "Trust"] == 4  # Trust codings counted
    pairs = result.to_frame(include_zero=False)
    assert len(pairs) == 3


def test_participant_level_counts_people_with_both_codes(study: qualframe.Project) -> None:
    result = study.compare.cooccurrence(["Hope", "Trust"], level="participant")

    # Hope: P1 (the notes speak for nobody); Trust: P1 and P2.
    assert result.counts.loc["Hope", "Trust"] == 1
    assert result.counts.loc["Trust", "Trust"] == 2
    assert result.similarity.loc["Hope", "Trust"] == pytest.approx(1 / 2)
    by_case = study.compare.cooccurrence(["Hope", "Trust"], level="participant", unit="case")
    assert by_case.counts.loc["Trust", "Trust"] == 1  # both in Trust A


def test_a_theme_compares_its_sub_codes(study: qualframe.Project) -> None:
    result = study.compare.cooccurrence(theme="Hope", level="participant")

    assert result.codes == ("Hope > Future", "Hope > Past")
    assert result.counts.loc["Hope > Past", "Hope > Past"] == 1  # P3
    assert result.counts.loc["Hope > Future", "Hope > Past"] == 0


def test_with_subcodes_a_theme_takes_its_sub_codes_codings(study: qualframe.Project) -> None:
    result = study.compare.cooccurrence(
        ["Hope", "Trust"], level="participant", include_subcodes=True
    )

    assert result.counts.loc["Hope", "Hope"] == 2  # P1, and P3 through Hope > Past


def test_where_keeps_codings_of_matching_participants(study: qualframe.Project) -> None:
    result = study.compare.cooccurrence(
        ["Hope", "Trust"], level="participant", where={"stakeholder group": "peer worker"}
    )

    assert result.counts.loc["Trust", "Trust"] == 1  # P1 only; P2 is a service user
    assert result.where == {"stakeholder group": "peer worker"}


def test_turn_mode_pairs_codings_starting_in_one_speaker_turn(
    study: qualframe.Project,
) -> None:
    text = "Ann: hope and trust here.\nBen: the past is gone now."
    with study.database.transaction() as session:
        make_document(
            session, study.info.id, "focus group", text, turns=[("Ann", 0, 26), ("Ben", 26, 52)]
        )
    study.coding.apply("focus group", "Hope", 5, 9)
    study.coding.apply("focus group", "Trust", 14, 19)
    study.coding.apply("focus group", "Hope > Past", 35, 39)

    turn = study.compare.cooccurrence(["Hope", "Trust", "Hope > Past"], mode="turn")
    overlap = study.compare.cooccurrence(["Hope", "Trust", "Hope > Past"])

    assert turn.counts.loc["Hope", "Trust"] == 1
    assert turn.counts.loc["Hope", "Hope > Past"] == 0
    assert turn.table.excluded > 0  # codings of documents without turns
    assert overlap.counts.loc["Hope", "Trust"] == 1  # the interview's [0, 10) and [8, 12) only


def test_the_heat_map_is_drawn_and_saved(study: qualframe.Project, tmp_path: Path) -> None:
    result = study.compare.cooccurrence()

    study.compare.cooccurrence_chart(result, path=tmp_path / "pairs.png")

    assert (tmp_path / "pairs.png").read_bytes()[:4] == b"\x89PNG"
    assert result.codes == ("Hope", "Hope > Future", "Hope > Past", "Trust")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"codes": ["Despair"]}, NotFoundError, "no code called 'Despair'"),
        ({"theme": "Trust"}, ValidationError, "has no sub-codes"),
        ({"codes": ["Hope"], "theme": "Hope"}, ValidationError, "not both"),
        ({"level": "sentence"}, ValidationError, "Unknown co-occurrence level"),
        ({"mode": "nearby"}, ValidationError, "Unknown co-occurrence mode"),
        ({"where": {"region": "north"}}, NotFoundError, "No attribute called 'region'"),
    ],
)
def test_bad_cooccurrence_requests_say_what_is_wrong(
    study: qualframe.Project, kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    before = len(study.audit_log())

    with pytest.raises(error, match=message):
        study.compare.cooccurrence(**kwargs)  # type: ignore[arg-type]

    assert len(study.audit_log()) == before
