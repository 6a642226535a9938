"""Agreement rounds: opened on a scope with its figures kept, listed, found by
name or id, deleted with their resolutions; audited and versioned."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database
from row_counts import row_counts
from team.team_study import TeamStudy, build, coding_rows, turn_span


@pytest.fixture
def study(project: qualframe.Project) -> TeamStudy:
    return build(project)


def test_opening_a_round_keeps_its_scope_and_figures_with_an_audit_entry(
    study: TeamStudy,
) -> None:
    agreement = study.project.agreement
    opened = agreement.open_round("Pilot", documents=["D1.txt"], note="First check.")
    assert (opened.name, opened.unit, opened.note) == (
        "Pilot",
        qualframe.AgreementUnit.TURN,
        "First check.",
    )
    assert (opened.documents, opened.codes, opened.coders) == (
        ("D1.txt",),
        ("Hope", "Trust"),
        ("ana", "ben"),
    )
    assert (opened.opened_by, opened.version) == ("tester", 1)
    assert (opened.open_disagreements, opened.resolved) == (2, 0)
    before = agreement.figures("Pilot").before
    assert before == agreement.measure(documents=["D1.txt"])
    entry = study.project.activity()[-1]
    assert (entry.action, entry.entity_type, entry.entity_id) == (
        "agreement_round.open",
        "agreement_round",
        opened.id,
    )
    assert entry.details["coders"] == ["ana", "ben"]


def test_the_figures_at_opening_stay_when_the_coding_changes(study: TeamStudy) -> None:
    agreement = study.project.agreement
    agreement.open_round("Pilot", documents=["D1.txt"])
    study.project.acting_as("ben").coding.apply("D1.txt", "Hope", *turn_span(3))
    figures = agreement.figures("Pilot")
    hope_before = figures.before.per_code[0].units
    hope_after = figures.after.per_code[0].units
    assert hope_before is not None and hope_before.percent == pytest.approx(0.8)
    assert hope_after is not None and hope_after.percent == pytest.approx(0.9)


def test_rounds_are_listed_by_name_and_found_by_name_or_id(study: TeamStudy) -> None:
    agreement = study.project.agreement
    second = agreement.open_round("Second", unit="span", documents=["D3.txt"])
    first = agreement.open_round("First", unit="sentence", documents=["D3.txt"])
    assert [r.name for r in agreement.rounds()] == ["First", "Second"]
    assert agreement.round("second") == second
    assert agreement.round(first.id) == first
    assert second.unit is qualframe.AgreementUnit.SPAN
    with pytest.raises(
        qualframe.NotFoundError, match=r"no agreement round called 'Frist'\. Did you mean 'First'"
    ):
        agreement.round("Frist")
    with pytest.raises(qualframe.NotFoundError, match="no agreement round with id 999"):
        agreement.round(999)


def test_a_round_name_is_unique_letter_case_aside(study: TeamStudy, database: Database) -> None:
    study.project.agreement.open_round("Pilot")
    before = row_counts(database)
    with pytest.raises(qualframe.ConflictError, match="an agreement round called 'Pilot' already"):
        study.project.agreement.open_round("pilot")
    with pytest.raises(qualframe.ValidationError, match="An agreement round needs a name"):
        study.project.agreement.open_round("  ")
    assert row_counts(database) == before


def test_deleting_a_round_takes_its_resolutions_and_keeps_the_codings(
    study: TeamStudy, database: Database
) -> None:
    agreement = study.project.agreement
    opened = agreement.open_round("Pilot", documents=["D1.txt"])
    first = agreement.disagreements("Pilot")[0]
    agreement.resolve("Pilot", first.key, "keep_both", note="Both right.")
    codings = coding_rows(study.project)
    current = agreement.round("Pilot")
    assert current.version == opened.version  # resolutions of one round never clash
    deleted = agreement.delete_round("Pilot", if_version=current.version)
    assert deleted.resolved == 1
    assert agreement.rounds() == []
    assert coding_rows(study.project) == codings
    counts = row_counts(database)
    assert counts["disagreement_resolutions"] == counts["agreement_round_codes"] == 0
    entry = study.project.activity()[-1]
    assert (entry.action, entry.details["resolutions"]) == ("agreement_round.delete", 1)


def test_deleting_a_round_with_a_stale_version_is_refused_and_deletes_nothing(
    study: TeamStudy, database: Database
) -> None:
    agreement = study.project.agreement
    opened = agreement.open_round("Pilot", documents=["D1.txt"])
    before = row_counts(database)
    with pytest.raises(qualframe.StaleVersionError, match="agreement round 'Pilot' was changed"):
        agreement.delete_round("Pilot", if_version=opened.version + 1)
    assert row_counts(database) == before
    assert isinstance(qualframe.StaleVersionError("x"), qualframe.ConflictError)
