"""Evidence profiles on the small hand-built study (counts worked out by hand in
``evidence_study``'s docstring): totals, splits by stakeholder group, by a case
attribute the participants inherit, and by case, and the quotes."""

from __future__ import annotations

import pytest

import qualframe
from change_model.evidence_study import TEXTS, Study, build
from qualframe import GroupCount, Stance, SubjectEvidence


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def _counts(groups: tuple[GroupCount, ...]) -> dict[str, tuple[int, int, int, int, int]]:
    """group -> (codings, participants, cases, supports, contradicts)."""
    return {
        g.group: (g.codings, g.participants, g.cases, g.supports, g.contradicts) for g in groups
    }


def test_the_summary_counts_pieces_bound_codings_people_and_cases(project, study) -> None:
    summary = {(s.subject_kind, s.subject): s for s in project.change_models.evidence_summary()}
    # Trust: the memo supports; bound to Mechanisms > Trust: P01 ×2, P03 ×1 and
    # P02 ×1 of the sub-code Shared experience. People: P01, P02, P03; cases A, B.
    assert summary[("node", "Trust")] == SubjectEvidence(
        subject_kind="node",
        subject="Trust",
        id=summary[("node", "Trust")].id,
        supports=1,
        contradicts=0,
        bound_codings=4,
        participants=3,
        cases=2,
        # All of Trust's evidence supports: the same people and cases.
        supporting_participants=3,
        supporting_cases=2,
    )
    hope = summary[("node", "Hope")]
    # P01's coding and the cell P02 × Hope support, P04's passage contradicts.
    assert (hope.supports, hope.contradicts, hope.bound_codings) == (2, 1, 0)
    assert (hope.participants, hope.cases, hope.total_supporting) == (3, 2, 2)
    # Supporting only: P01 and P02, both of Trust A (P04 of Charity B contradicts).
    assert (hope.supporting_participants, hope.supporting_cases) == (2, 1)
    link = summary[("link", "Trust → Hope")]
    assert (link.supports, link.contradicts, link.participants, link.cases) == (0, 1, 1, 1)
    # P03 only contradicts the link: no one supports it.
    assert (link.supporting_participants, link.supporting_cases) == (0, 0)
    assert [s.subject for s in summary.values()][:6] == [
        "Shared lived experience",
        "Trust",
        "Hope",
        "Role modelling",
        "Engagement",
        "Assumption",
    ]


def test_a_profile_splits_a_node_by_stakeholder_group_and_by_case(project, study) -> None:
    profile = project.change_models.profile(node="Hope", by="stakeholder group")
    assert (profile.subject, profile.by, profile.flag) == ("Hope", "stakeholder group", None)
    assert _counts(profile.groups) == {
        "peer worker": (1, 1, 1, 1, 0),  # the cell P02 × Hope
        "service user": (1, 1, 1, 1, 0),  # P01's coding
        "staff": (1, 1, 1, 0, 1),  # P04's passage, contradicting
    }
    assert [g.attribute for g in profile.groups] == ["stakeholder group"] * 3
    assert _counts(profile.cases) == {
        "Charity B": (1, 1, 1, 0, 1),
        "Clinic C": (0, 0, 0, 0, 0),
        "Trust A": (2, 2, 1, 2, 0),
    }


def test_participants_inherit_a_case_attribute_and_bound_codings_count(project, study) -> None:
    profile = project.change_models.profile(node="Trust", by="setting")
    # Bound codings: P01 ×2 and P02 ×1 in Trust A (community), P03 ×1 in
    # Charity B (inpatient); the memo belongs to no one.
    assert _counts(profile.groups) == {
        "community": (3, 2, 1, 3, 0),
        "inpatient": (1, 1, 1, 1, 0),
    }
    assert profile.summary.total_supporting == 5


def test_a_participant_without_a_value_is_in_the_no_value_group(project, study) -> None:
    project.study.add_participant("P05", "Charity B")
    project.documents.import_bytes("P05.txt", b"Hope was everywhere.", participants="P05")
    coding = project.coding.apply("P05.txt", "Hope", 0, 20)
    project.change_models.add_evidence(node="Hope", coding=coding.id)
    profile = project.change_models.profile(node="Hope", by="stakeholder group")
    assert _counts(profile.groups)["(no value)"] == (1, 1, 1, 1, 0)
    assert profile.groups[-1].group == "(no value)"


def test_the_profile_grows_as_coding_goes_on(project, study) -> None:
    start = TEXTS["P04"].index("Nothing changed")
    project.coding.apply("P04.txt", "Mechanisms > Trust", start, start + 15)
    profile = project.change_models.profile(node="Trust", by="stakeholder group")
    assert profile.summary.bound_codings == 5
    assert _counts(profile.groups)["staff"] == (1, 1, 1, 1, 0)


def test_chosen_quotes_come_first_then_bound_codings_one_per_participant(project, study) -> None:
    text = TEXTS["P03"]
    start = text.index("in the end")
    project.change_models.add_evidence(
        node="Trust", coding=study.p03_trust, passage=(start, start + 10)
    )
    profile = project.change_models.profile(node="Trust", by="stakeholder group", quotes=4)
    assert [
        (q.text, q.participant, q.group, q.evidence_id is not None) for q in profile.quotes
    ] == [
        ("in the end", "P03", "service user", True),
        ("I trusted her straight away.", "P01", "service user", False),
        ("I had been there myself", "P02", "peer worker", False),
        ("She knew.", "P01", "service user", False),
    ]
    assert profile.quotes[2].code == "Mechanisms > Trust > Shared experience"
    assert profile.quotes[0].document == "P03.txt"
    assert (profile.quotes[0].start, profile.quotes[0].end) == (start, start + 10)
    fewer = project.change_models.profile(node="Trust", quotes=1)
    assert [q.text for q in fewer.quotes] == ["in the end"]
    assert project.change_models.profile(node="Trust", quotes=0).quotes == ()


def test_a_link_profile_has_its_contradicting_quote_and_flag(project, study) -> None:
    profile = project.change_models.profile(link=("Trust", "Hope"), by="setting")
    assert profile.subject_kind == "link" and profile.subject == "Trust → Hope"
    assert profile.flag == "only contradicting evidence"
    assert [(q.text, q.stance, q.case) for q in profile.quotes] == [
        ("I trusted him in the end.", Stance.CONTRADICTS, "Charity B")
    ]
    assert _counts(profile.groups) == {"community": (0, 0, 0, 0, 0), "inpatient": (1, 1, 1, 0, 1)}


def test_the_profile_frame_has_one_row_per_group(project, study) -> None:
    frame = project.change_models.profile_frame(node="Hope", by="setting")
    assert list(frame["group"]) == ["community", "inpatient"]
    assert list(frame["supports"]) == [2, 0] and list(frame["contradicts"]) == [0, 1]
    by_case = project.change_models.profile_frame(node="Hope")
    assert list(by_case["group"]) == ["Charity B", "Clinic C", "Trust A"]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"node": "Hope", "by": "Nope"}, qualframe.NotFoundError, "Nope"),
        ({}, qualframe.ValidationError, "exactly one node or one link"),
        ({"node": "Hope", "quotes": -1}, qualframe.ValidationError, "0 to 500 quotes"),
        ({"node": "Hope", "quotes": True}, qualframe.ValidationError, "0 to 500 quotes"),
        ({"link": ("Hope", "Trust")}, qualframe.NotFoundError, "no link 'Hope' → 'Trust'"),
    ],
)
def test_a_profile_of_bad_choices_is_refused(project, study, arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        project.change_models.profile(**arguments)


def test_a_text_attribute_cannot_split_a_profile(project, study) -> None:
    project.study.define_attribute("notes", "participant", "text")
    with pytest.raises(qualframe.ValidationError, match="text attribute"):
        project.change_models.profile(node="Hope", by="notes")
