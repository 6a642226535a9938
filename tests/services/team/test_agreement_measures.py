"""Agreement between coders on turns, paragraphs, sentences and the text itself,
equal to the figures counted by hand in :mod:`team.team_study`."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.analysis.unitizing import Span, span_agreement
from qualframe.storage.database import Database
from row_counts import row_counts
from team.team_study import D1, D2, D3, TeamStudy, build


@pytest.fixture
def study(project: qualframe.Project) -> TeamStudy:
    return build(project)


def _figures(report: qualframe.AgreementReport, code: str) -> qualframe.UnitFigures:
    found = next(item for item in report.per_code if item.code == code)
    assert found.units is not None
    return found.units


def test_two_coders_on_ten_turns_agree_as_counted_by_hand(study: TeamStudy) -> None:
    report = study.project.agreement.measure(unit="turn", documents=["D1.txt"])
    assert report.scope == qualframe.AgreementScope(
        unit=qualframe.AgreementUnit.TURN,
        documents=("D1.txt",),
        codes=("Hope", "Trust"),
        coders=("ana", "ben"),
    )
    assert report.unit_count == 10
    hope = _figures(report, "Hope")
    assert hope.units == 10 and hope.coders == 2
    assert hope.percent == pytest.approx(0.8)
    assert hope.cohen_kappa == pytest.approx(0.28 / 0.48)
    assert hope.krippendorff_alpha == pytest.approx(1 - 19 * 4 / (2 * 8 * 12))
    assert hope.gwet_ac1 == pytest.approx(0.32 / 0.52)
    assert _figures(report, "Trust").percent == pytest.approx(1.0)
    assert report.per_code[0].applied == {"ana": 4, "ben": 4}
    # Overall: the 20 unit × code pairs pooled as yes/no ratings.
    assert report.overall_units is not None
    assert report.overall_units.units == 20
    assert report.overall_units.percent == pytest.approx(0.9)
    assert report.overall_units.cohen_kappa == pytest.approx(0.275 / 0.375)
    assert report.overall_spans is None
    assert report.notes == ()


def test_three_coders_are_compared_with_fleiss_kappa_and_alpha(project: qualframe.Project) -> None:
    build(project, third=True)
    report = project.agreement.measure(documents=["D1.txt"], codes=["Hope"])
    hope = _figures(report, "Hope")
    assert report.scope.coders == ("ana", "ben", "cy")
    assert hope.coders == 3
    # Units 0-2 all agree, unit 3 two of three, unit 4 one of three, 5-9 none.
    mean_agreement = (8 + 2 / 3) / 10
    assert hope.percent == pytest.approx(mean_agreement)
    assert hope.fleiss_kappa == pytest.approx((mean_agreement - 0.52) / 0.48)
    assert hope.krippendorff_alpha == pytest.approx(1 - 29 * 4 / (2 * 12 * 18))
    assert hope.cohen_kappa is None  # two coders only


def test_a_coder_who_did_not_code_a_document_is_missing_there_not_in_disagreement(
    study: TeamStudy,
) -> None:
    alone = study.project.agreement.measure(documents=["D1.txt"], codes=["Hope"])
    both = study.project.agreement.measure(documents=["D1.txt", "D2.txt"], codes=["Hope"])
    assert both.unit_count == 13  # D2's three paragraphs are units too
    for figure in ("units", "percent", "cohen_kappa", "krippendorff_alpha"):
        assert getattr(_figures(both, "Hope"), figure) == getattr(_figures(alone, "Hope"), figure)
    assert _figures(both, "Hope").fleiss_kappa is None  # Fleiss takes every coder everywhere
    assert both.notes == (
        "ben coded nothing in D2.txt: missing there, not disagreement.",
        "D2.txt has no speaker turns: the paragraphs are the units there.",
    )


def test_the_unit_changes_what_counts_as_agreement(study: TeamStudy) -> None:
    # ana coded the first sentence of D3's first paragraph, ben the second.
    agreement = study.project.agreement
    paragraphs = agreement.measure(unit="paragraph", documents=["D3.txt"])
    assert paragraphs.unit_count == 2
    assert _figures(paragraphs, "Hope").percent == pytest.approx(1.0)
    sentences = agreement.measure(unit="sentence", documents=["D3.txt"])
    assert sentences.unit_count == 4
    hope = _figures(sentences, "Hope")
    assert hope.percent == pytest.approx(0.5)
    assert hope.cohen_kappa == pytest.approx((0.5 - 0.625) / 0.375)
    turns = agreement.measure(unit="turn", documents=["D3.txt"])
    assert turns.unit_count == 2
    assert "D3.txt has no speaker turns: the paragraphs are the units there." in turns.notes


def test_agreement_on_spans_compares_the_characters_coded(study: TeamStudy) -> None:
    report = study.project.agreement.measure(unit="span", documents=["D3.txt"])
    length = len(D3)
    assert report.unit_count == length
    spans = report.per_code[0].spans
    assert spans is not None and report.per_code[0].units is None
    # ana [0, 12), ben [13, 23): no character in common, 22 coded by one.
    assert spans.char_percent == pytest.approx(1 - 22 / length)
    assert spans.uncoded_share == pytest.approx(1 - 22 / length)
    first, second = 12 / length, 10 / length
    chance = first * second + (1 - first) * (1 - second)
    assert spans.char_kappa == pytest.approx((1 - 22 / length - chance) / (1 - chance))
    expected = span_agreement(
        [Span("ana", 0, 12, "Hope"), Span("ben", 13, 23, "Hope")], length, ["ana", "ben"]
    )
    assert spans.alpha_binary == pytest.approx(expected.alpha_binary)
    assert report.per_code[0].applied == {"ana": 1, "ben": 1}
    assert report.notes == (
        "κ on characters is swamped by uncoded text: 58% of the text no coder coded; read "
        "the unitizing α beside it.",
    )


def test_spans_of_several_documents_are_laid_end_to_end(study: TeamStudy) -> None:
    report = study.project.agreement.measure(unit="span", documents=["D1.txt", "D3.txt"])
    assert report.unit_count == len(D1) + len(D3)
    codings = study.project.coding.codings()
    spans = [
        Span(r.coder, r.start + (len(D1) if r.document == "D3.txt" else 0),
             r.end + (len(D1) if r.document == "D3.txt" else 0), r.code)
        for r in codings.itertuples()
        if r.document in ("D1.txt", "D3.txt")
    ]  # fmt: skip
    expected = span_agreement(spans, len(D1) + len(D3), ["ana", "ben"])
    assert report.overall_spans == expected


def test_spans_leave_out_a_document_a_coder_did_not_code(study: TeamStudy) -> None:
    report = study.project.agreement.measure(unit="span", documents=["D2.txt", "D3.txt"])
    assert report.unit_count == len(D3)  # not len(D2) + len(D3)
    assert report.notes[0] == (
        "ben coded nothing in D2.txt: missing there, not disagreement (left out of the "
        "figures on the text, which compare every coder)."
    )
    assert len(D2) > 0


def test_the_defaults_are_the_documents_two_coders_coded_and_every_code_they_used(
    study: TeamStudy,
) -> None:
    scope = study.project.agreement.measure().scope
    assert scope.documents == ("D1.txt", "D3.txt")  # D2: only ana
    assert scope.codes == ("Hope", "Trust")  # Spare: never applied
    assert scope.coders == ("ana", "ben")


def test_a_code_nobody_applied_is_noted(study: TeamStudy) -> None:
    report = study.project.agreement.measure(documents=["D1.txt"], codes=["Spare", "Hope"])
    assert [item.code for item in report.per_code] == ["Hope", "Spare"]
    assert report.notes == (
        "No coder applied 'Spare' in these documents: its figures say nothing about it.",
    )


def test_the_coders_are_listed_with_what_they_coded(study: TeamStudy) -> None:
    assert study.project.agreement.coders() == [
        qualframe.CoderCount(coder="ana", documents=3, codings=7),
        qualframe.CoderCount(coder="ben", documents=2, codings=6),
    ]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"coders": ["ana", "zed"]}, qualframe.NotFoundError, "Nobody called 'zed' has coded"),
        ({"codes": ["Nope"]}, qualframe.NotFoundError, "There is no code called 'Nope'"),
        ({"documents": ["D9.txt"]}, qualframe.NotFoundError, "no document called 'D9.txt'"),
        (
            {"coders": ["ana"]},
            qualframe.ValidationError,
            "Agreement needs at least two coders; only 'ana' was named",
        ),
        (
            {"documents": ["D2.txt"]},
            qualframe.ValidationError,
            "Agreement needs at least two coders; only 'ana' coded these documents",
        ),
        (
            {"unit": "word"},
            qualframe.ValidationError,
            "Agreement is measured on one of: turn, paragraph, sentence, span; not on 'word'",
        ),
        ({"documents": []}, qualframe.ValidationError, "Name at least one document"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(
    study: TeamStudy,
    database: Database,
    arguments: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    before = row_counts(database)
    with pytest.raises(error, match=message):
        study.project.agreement.measure(**arguments)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        study.project.agreement.open_round("Pilot", **arguments)  # type: ignore[arg-type]
    assert row_counts(database) == before


def test_agreement_needs_two_coders_in_a_project_coded_by_one(
    project: qualframe.Project,
) -> None:
    project.documents.import_bytes("A.txt", b"Some text here.")
    project.codebook.add("Hope")
    project.coding.apply("A.txt", "Hope", 0, 4)
    with pytest.raises(
        qualframe.ValidationError,
        match="Agreement needs at least two coders; only 'tester' has coded here yet",
    ):
        project.agreement.measure()
