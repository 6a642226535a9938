"""The disagreement queue of a round and its resolutions: each outcome changes
exactly the codings it says, is recorded and audited; stale readings and
cited codings are refused with nothing written."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database
from row_counts import row_counts
from team.team_study import D1, TeamStudy, build, coding_rows, turn_span, turn_words

INVALID, UNKNOWN = qualframe.ValidationError, qualframe.NotFoundError


@pytest.fixture
def study(project: qualframe.Project) -> TeamStudy:
    built = build(project)
    project.agreement.open_round("Pilot", documents=["D1.txt"])
    return built


def _key(turn: int, code_id: int = 1) -> str:
    start, end = turn_span(turn)
    return f"1:{code_id}:{start}:{end}"


def _changed(
    project: qualframe.Project, before: set[tuple[int, str, str, str, int, int]]
) -> tuple[set[tuple[int, str, str, str, int, int]], set[tuple[int, str, str, str, int, int]]]:
    """(codings gone, codings new) since ``before``."""
    after = coding_rows(project)
    return before - after, after - before


def test_the_queue_lists_each_disagreement_with_every_coders_reading(study: TeamStudy) -> None:
    queue = study.project.agreement.disagreements("Pilot")
    assert [d.key for d in queue] == [_key(3), _key(4)]
    third = queue[0]
    start, end = turn_span(3)
    assert (third.document, third.code, third.start, third.end) == ("D1.txt", "Hope", start, end)
    assert third.text == D1[start:end] == "P01: Turn number 3 says something here."
    assert third.before.endswith("Turn number 2 says something here.\n\n")
    assert third.after.startswith("\n\nInterviewer: Turn number 4")
    words = turn_words(3)
    assert [r.coder for r in third.readings] == ["ana", "ben"]
    assert third.readings[0].codings == (
        qualframe.ReadingCoding(
            id=study.coding("ana", "Hope", 3), start=words[0], end=words[1], quote="Turn number 3"
        ),
    )
    assert third.readings[1].codings == ()
    assert third.seen == (f"{study.coding('ana', 'Hope', 3)}:1:{words[0]}:{words[1]}",)
    assert [r.coded_document for r in third.readings] == [True, True]
    assert third.coded_by == ("ana",) and third.resolution is None
    assert study.project.agreement.disagreements("Pilot", code="Trust") == []
    assert study.project.agreement.disagreements("Pilot", resolved=True) == []


def test_keeping_one_reading_removes_the_other_coders_codings_there(study: TeamStudy) -> None:
    project = study.project
    before = coding_rows(project)
    record = project.agreement.resolve(
        "Pilot",
        _key(4),
        "keep_one",
        keep="ana",
        note="Not hope yet.",
        seen=project.agreement.disagreements("Pilot")[1].seen,
    )
    gone, new = _changed(project, before)
    assert {row[0] for row in gone} == {study.coding("ben", "Hope", 4)} and new == set()
    assert (record.outcome, record.kept_coder, record.removed, record.added) == (
        qualframe.Resolution.KEEP_ONE,
        "ana",
        1,
        0,
    )
    assert (record.key, record.note, record.resolved_by) == (_key(4), "Not hope yet.", "tester")
    assert [d.key for d in project.agreement.disagreements("Pilot")] == [_key(3)]
    resolved = project.agreement.disagreements("Pilot", resolved=True)
    assert [(d.key, d.resolution) for d in resolved] == [(_key(4), record)]
    assert project.agreement.resolutions("Pilot") == [record]
    entry = project.activity()[-1]
    assert (entry.action, entry.entity_type, entry.entity_id) == (
        "disagreement.resolve",
        "disagreement",
        record.id,
    )
    assert entry.details["removed"] == [study.coding("ben", "Hope", 4)]
    assert entry.details["kept_coder"] == "ana" and entry.details["round"] == "Pilot"
    assert project.activity()[-2].action == "coding.delete"  # through the coding services


def test_keeping_both_readings_changes_no_coding(study: TeamStudy) -> None:
    project = study.project
    before = coding_rows(project)
    record = project.agreement.resolve("Pilot", _key(3), "keep_both")
    assert coding_rows(project) == before
    assert (record.outcome, record.removed, record.added) == (qualframe.Resolution.KEEP_BOTH, 0, 0)
    assert [d.key for d in project.agreement.disagreements("Pilot")] == [_key(4)]
    assert len(project.agreement.disagreements("Pilot", resolved=None)) == 2


def test_merging_keeps_each_coders_authorship_and_never_makes_the_resolver_a_coder(
    study: TeamStudy,
) -> None:
    project = study.project
    before = coding_rows(project)
    record = project.acting_as("cy").agreement.resolve("Pilot", _key(3), "merge")
    # Only ana applied Hope in turn 3: her coding is the union already; ben gets none.
    assert coding_rows(project) == before
    assert (record.resolved_by, record.removed, record.added) == ("cy", 0, 0)


def test_merging_overlapping_spans_makes_one_coding_over_their_union(study: TeamStudy) -> None:
    project = study.project
    start, end = turn_words(9)
    ana = project.acting_as("ana").coding.apply("D1.txt", "Trust", start, end)
    ben = project.acting_as("ben").coding.apply("D1.txt", "Trust", start + 5, end + 8)
    project.agreement.open_round("Spans", unit="span", documents=["D1.txt"], codes=["Trust"])
    queue = project.agreement.disagreements("Spans")
    seen = (f"{ana.id}:2:{start}:{end}", f"{ben.id}:2:{start + 5}:{end + 8}")
    assert [(d.start, d.end, d.seen) for d in queue] == [(start, end + 8, seen)]
    before = coding_rows(project)
    project.acting_as("cy").agreement.resolve("Spans", queue[0].key, "merge", seen=seen)
    gone, new = _changed(project, before)
    assert {row[0] for row in gone} == {ana.id, ben.id}
    assert new == {
        (ana.id, "D1.txt", "Trust", "ana", start, end + 8),
        (ben.id, "D1.txt", "Trust", "ben", start, end + 8),
    }
    assert project.agreement.disagreements("Spans") == []
    after = project.agreement.figures("Spans").after.per_code[0].spans
    assert after is not None and after.alpha_binary == pytest.approx(1.0)


def test_recoding_gives_the_codings_another_code_keeping_coder_and_span(
    study: TeamStudy,
) -> None:
    project = study.project
    before = coding_rows(project)
    record = project.agreement.resolve("Pilot", _key(4), "recode", recode_to="Trust")
    gone, new = _changed(project, before)
    coding = study.coding("ben", "Hope", 4)
    start, end = turn_words(4)
    assert gone == {(coding, "D1.txt", "Hope", "ben", start, end)}
    assert new == {(coding, "D1.txt", "Trust", "ben", start, end)}
    assert (record.recoded_to, record.removed, record.added) == ("Trust", 1, 1)
    assert project.activity()[-2].action == "coding.change"


def test_the_after_figures_rise_to_one_when_every_disagreement_is_resolved(
    study: TeamStudy,
) -> None:
    agreement = study.project.agreement
    agreement.resolve("Pilot", _key(3), "keep_both")
    half = agreement.figures("Pilot").after.overall_units
    assert half is not None and half.percent == pytest.approx(0.95)
    agreement.resolve("Pilot", _key(4), "keep_one", keep="ben")
    figures = agreement.figures("Pilot")
    assert figures.before.overall_units is not None
    assert figures.before.overall_units.percent == pytest.approx(0.9)
    after = figures.after.overall_units
    assert after is not None
    assert (after.percent, after.krippendorff_alpha) == (pytest.approx(1.0), pytest.approx(1.0))
    assert (figures.round.open_disagreements, figures.round.resolved) == (0, 2)


def test_a_stale_reading_is_refused_and_nothing_written(
    study: TeamStudy, database: Database
) -> None:
    before = row_counts(database)
    coding = study.coding("ana", "Hope", 3)
    with pytest.raises(
        qualframe.ConflictError,
        match=f"changed since you read it: coding {coding} was added; nothing was changed",
    ):
        study.project.agreement.resolve("Pilot", _key(3), "keep_one", keep="ben", seen=[])
    start, end = turn_words(3)
    with pytest.raises(qualframe.ConflictError, match="coding 999 is no longer there"):
        study.project.agreement.resolve(
            "Pilot", _key(3), "keep_both", seen=[f"{coding}:1:{start}:{end}", "999:1:0:4"]
        )
    assert row_counts(database) == before


def test_resolving_a_passage_whose_coding_a_change_model_cites_is_refused(
    study: TeamStudy, database: Database
) -> None:
    project = study.project
    project.change_models.create("Peer work")
    project.change_models.add_node("Hope grows", "mechanism")
    project.change_models.add_evidence(node="Hope grows", coding=study.coding("ana", "Hope", 3))
    before = row_counts(database)
    with pytest.raises(
        qualframe.ConflictError,
        match=r"Resolving the disagreement on 'Hope' in D1\.txt .* would remove 1 piece of "
        r"evidence from the change model 'Peer work' \(node 'Hope grows'\)",
    ):
        project.agreement.resolve("Pilot", _key(3), "keep_one", keep="ben")
    assert row_counts(database) == before


def test_resolving_a_passage_whose_coding_a_cell_quotes_is_refused(
    study: TeamStudy, database: Database
) -> None:
    project = study.project
    project.matrix.write_summary("P01", "Hope", "Hope came back.")
    project.matrix.link_quote("P01", "Hope", study.coding("ana", "Hope", 3))
    before = row_counts(database)
    with pytest.raises(qualframe.ConflictError, match="unlink the quotes in the matrix first"):
        project.agreement.resolve("Pilot", _key(3), "keep_one", keep="ben")
    with pytest.raises(qualframe.ConflictError, match="unlink the quotes in the matrix first"):
        project.agreement.resolve("Pilot", _key(3), "recode", recode_to="Trust")
    assert row_counts(database) == before
    assert project.matrix.cell("P01", "Hope").quotes[0].coding_id == study.coding("ana", "Hope", 3)


def test_a_disagreement_is_resolved_once(study: TeamStudy, database: Database) -> None:
    study.project.acting_as("ana").agreement.resolve("Pilot", _key(3), "keep_both")
    before = row_counts(database)
    with pytest.raises(
        qualframe.ConflictError, match=r"was resolved already, by ana on .* UTC \(keep both\)"
    ):
        study.project.agreement.resolve("Pilot", _key(3), "keep_one", keep="ben")
    assert row_counts(database) == before


def test_a_passage_the_coders_now_agree_on_is_no_disagreement(
    study: TeamStudy, database: Database
) -> None:
    study.project.acting_as("ben").coding.apply("D1.txt", "Hope", *turn_words(3))
    before = row_counts(database)
    with pytest.raises(qualframe.ConflictError, match="is not a disagreement on 'Hope' any more"):
        study.project.agreement.resolve("Pilot", _key(3), "keep_both")
    assert row_counts(database) == before


@pytest.mark.parametrize(
    ("outcome", "options", "key", "error", "message"),
    [
        ("flip", {}, None, INVALID, "resolved by one of: keep_one, keep_both"),
        ("keep_both", {}, "abc", INVALID, "'abc' is not the key of a disagreement"),
        ("keep_one", {}, None, INVALID, "needs the coder whose reading is kept"),
        ("keep_one", {"keep": "zed"}, None, INVALID, "'zed' is not a coder of this"),
        ("keep_both", {"keep": "ana"}, None, INVALID, "keep names the coder kept by"),
        ("recode", {}, None, INVALID, "needs the code to recode the passage to"),
        ("recode", {"recode_to": "Hope"}, None, INVALID, "another code than 'Hope'"),
        ("recode", {"recode_to": "Nope"}, None, UNKNOWN, "no code called 'Nope'"),
        ("keep_both", {}, "3:1:0:5", UNKNOWN, "does not compare the document 'D3.txt'"),
        ("keep_both", {}, "1:3:0:5", UNKNOWN, "does not compare 'Spare'"),
        ("keep_both", {}, "99:1:0:5", UNKNOWN, "no document with id 99"),
    ],
)  # fmt: skip
def test_bad_resolutions_are_refused_with_a_message_and_nothing_written(
    study: TeamStudy,
    database: Database,
    outcome: str,
    options: dict[str, str],
    key: str | None,
    error: type[Exception],
    message: str,
) -> None:
    before = row_counts(database)
    with pytest.raises(error, match=message):
        study.project.agreement.resolve("Pilot", key or _key(3), outcome, **options)  # type: ignore[arg-type]
    assert row_counts(database) == before


def test_a_coder_who_did_not_code_the_document_cannot_be_kept(
    project: qualframe.Project, database: Database
) -> None:
    build(project, third=True)
    project.agreement.open_round("Three", documents=["D1.txt"], coders=["ana", "ben", "cy"])
    # cy coded D1; a round over D1 and D3 where cy coded nothing in D3:
    project.agreement.open_round(
        "Mixed", unit="sentence", documents=["D3.txt", "D1.txt"], coders=["ana", "ben", "cy"]
    )
    key = project.agreement.disagreements("Mixed", document="D3.txt")[0].key
    before = row_counts(database)
    with pytest.raises(
        qualframe.ValidationError, match=r"cy coded nothing in D3\.txt; keep the reading"
    ):
        project.agreement.resolve("Mixed", key, "keep_one", keep="cy")
    assert row_counts(database) == before


def test_a_coder_whose_codings_a_resolution_removed_still_counts_as_coding_the_document(
    project: qualframe.Project,
) -> None:
    build(project)
    agreement = project.agreement
    agreement.open_round("Sentences", unit="sentence", documents=["D3.txt"])
    first, second = agreement.disagreements("Sentences")  # ana's sentence, then ben's
    agreement.resolve("Sentences", second.key, "keep_one", keep="ana")  # ben's only coding there
    assert [d.key for d in agreement.disagreements("Sentences")] == [first.key]
    agreement.resolve("Sentences", first.key, "keep_both")
    after = agreement.figures("Sentences").after.per_code[0].units
    assert after is not None and (after.units, after.percent) == (4, pytest.approx(1.0))
