"""A quote may be a passage of its coding: one key sentence of a long turn,
kept as its own span inside the coding's, shown in the matrix and its exports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

import qualframe
from qualframe.errors import NotFoundError, StaleVersionError, ValidationError
from qualframe.formats.quoting import CodedSpan, clamped_passage
from qualframe.services.coding.codings import keep_quote_passages_inside
from qualframe.services.coding.recoding import change_coding
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.models import CellQuote, CellRevision, Coding

KEY = "The peer worker was the first person who believed me."
TURN = (
    "I had been to so many services by then. Nobody listened, honestly.  "
    f"{KEY} After that I kept going to the group every week."
)
TEXT = f"Interviewer: How did it start?\n\nP01: {TURN}\n\nInterviewer: Thank you.\n"
CODE = "Mechanisms > Trust"


@dataclass(frozen=True)
class Study:
    project: qualframe.Project
    coding: int
    start: int  # the coding's span: the whole turn's words
    end: int

    def at(self, words: str) -> tuple[int, int]:
        """The span of ``words`` in the document."""
        first = TEXT.index(words)
        return first, first + len(words)


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.documents.import_bytes("p01.txt", TEXT.encode(), participants="P01")
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.documents.map_speaker("P01", "P01")
    project.codebook.add("Mechanisms")
    project.codebook.add("Trust", parent="Mechanisms")
    start = TEXT.index(TURN)
    coding = project.coding.apply("p01.txt", CODE, start, start + len(TURN))
    return Study(project, coding.id, start, start + len(TURN))


def _state(project: qualframe.Project) -> tuple[object, ...]:
    """What a refused write must leave as it was: quote rows, revisions, audit."""
    with project.database.transaction() as session:
        quotes = session.execute(
            select(CellQuote.cell_id, CellQuote.coding_id, CellQuote.start, CellQuote.end)
        ).all()
        revisions = len(session.scalars(select(CellRevision.id)).all())
    return tuple(quotes), revisions, len(project.audit_log())


def test_a_quote_of_one_sentence_shows_that_sentence_with_its_own_span(study: Study) -> None:
    start, end = study.at(KEY)
    matrix = study.project.matrix
    record = matrix.link_quote("P01", CODE, study.coding, start=start, end=end)
    assert record.quote_ids == (study.coding,) and record.version == 1
    (quote,) = matrix.cell("P01", CODE).quotes
    assert (quote.text, quote.start, quote.end) == (KEY, start, end)
    assert not quote.whole
    assert (quote.coding_start, quote.coding_end, quote.coding_text) == (
        study.start,
        study.end,
        TURN,
    )
    assert quote.reference == "p01, P01, para 2"
    log = study.project.audit_log(entity_type="cell")
    assert f"Quoted [{start}, {end}) of coding {study.coding}" in log["summary"].iloc[-1]


def test_a_quote_without_a_passage_is_the_whole_coding(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding)
    (quote,) = matrix.cell("P01", CODE).quotes
    assert quote.whole and quote.text == TURN and quote.coding_text is None


def test_the_passage_can_be_given_by_its_words_in_any_spacing_or_case(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage="nobody  listened,\nHONESTLY")
    (quote,) = matrix.cell("P01", CODE).quotes
    assert quote.text == "Nobody listened, honestly"


def test_white_space_around_a_passage_is_left_out(study: Study) -> None:
    start, end = study.at(KEY)
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, start=start - 2, end=end + 1)
    (quote,) = matrix.cell("P01", CODE).quotes
    assert (quote.start, quote.end, quote.text) == (start, end, KEY)


def test_a_passage_covering_the_whole_coding_quotes_the_whole_coding(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, start=study.start, end=study.end)
    assert matrix.cell("P01", CODE).quotes[0].whole


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ({"start": -5, "end": 3}, r"is not inside coding \d+ \[\d+, \d+\)"),
        ({"start": 0, "end": 20}, "a quote's passage lies within the coding it quotes"),
        ({"start": "end", "end": "end+5"}, "is not inside coding"),
        ({"start": "double", "end": "double+2"}, "holds only white space"),
        ({"start": "key"}, "Give both the start and the end of the passage"),
        ({"passage": "the peer worker", "start": "key"}, "not both"),
        ({"passage": "went to the moon"}, "does not contain “went to the moon”"),
        ({"passage": "the"}, "occurs 3 times in coding"),
        ({"passage": "   "}, "Give the words of the coding to quote"),
    ],
)
def test_a_passage_outside_the_coding_or_empty_is_refused_and_nothing_changes(
    study: Study, passage: dict[str, object], message: str
) -> None:
    places = {
        "end": study.end,
        "end+5": study.end + 5,
        "double": TEXT.index("  ", study.start),
        "double+2": TEXT.index("  ", study.start) + 2,
        "key": study.at(KEY)[0],
    }
    given = {k: places.get(v, v) if isinstance(v, str) and k != "passage" else v
             for k, v in passage.items()}  # fmt: skip
    before = _state(study.project)
    with pytest.raises(ValidationError, match=message):
        study.project.matrix.link_quote("P01", CODE, study.coding, **given)  # type: ignore[arg-type]
    assert _state(study.project) == before
    assert study.project.matrix.cell("P01", CODE).cell_id is None


def test_changing_a_quotes_passage_is_a_new_version_with_history(study: Study) -> None:
    matrix = study.project.matrix
    linked = matrix.link_quote("P01", CODE, study.coding)
    start, end = study.at(KEY)
    changed = matrix.quote_passage("P01", CODE, study.coding, start, end, if_version=linked.version)
    assert changed.version == linked.version + 1
    assert matrix.cell("P01", CODE).quotes[0].text == KEY
    whole = matrix.quote_passage("P01", CODE, study.coding, if_version=changed.version)
    assert whole.version == changed.version + 1
    assert matrix.cell("P01", CODE).quotes[0].text == TURN
    actions = matrix.history("P01", CODE)["action"].tolist()
    assert actions == ["link_quote", "set_passage", "set_passage"]
    log = study.project.audit_log(entity_type="cell")["summary"].tolist()
    assert f"Quoted the whole coding of coding {study.coding} in P01" in log[-1]


def test_setting_the_passage_a_quote_has_already_writes_nothing(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    before = _state(study.project)
    again = matrix.quote_passage("P01", CODE, study.coding, passage=KEY)
    assert again.version == 1
    assert _state(study.project) == before


def test_a_passage_from_a_stale_version_is_refused_and_nothing_changes(study: Study) -> None:
    matrix = study.project.matrix
    linked = matrix.link_quote("P01", CODE, study.coding)
    matrix.write_summary("P01", CODE, "Believed at last.", if_version=linked.version)
    before = _state(study.project)
    with pytest.raises(StaleVersionError):
        matrix.quote_passage("P01", CODE, study.coding, passage=KEY, if_version=linked.version)
    assert _state(study.project) == before
    assert matrix.cell("P01", CODE).quotes[0].whole


def test_a_passage_of_a_coding_the_cell_does_not_quote_is_refused(study: Study) -> None:
    before = _state(study.project)
    with pytest.raises(NotFoundError, match=f"Coding {study.coding} is not quoted in P01"):
        study.project.matrix.quote_passage("P01", CODE, study.coding, passage=KEY)
    assert _state(study.project) == before


def test_an_invalid_new_passage_is_refused_and_the_old_one_stays(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    before = _state(study.project)
    with pytest.raises(ValidationError, match="is not inside coding"):
        matrix.quote_passage("P01", CODE, study.coding, 0, 5)
    assert _state(study.project) == before
    assert matrix.cell("P01", CODE).quotes[0].text == KEY


def test_exports_show_the_passage_not_the_whole_coding(study: Study, tmp_path: Path) -> None:
    import openpyxl

    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    spec = matrix.spec(theme="Mechanisms")
    workbook = openpyxl.load_workbook(matrix.export(spec, tmp_path / "m.xlsx"))
    texts = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row if c.value]
    assert KEY in texts
    assert not any("Nobody listened" in str(text) for text in texts)
    report = matrix.export(spec, tmp_path / "m.html").read_text(encoding="utf-8")
    assert KEY in report and "Nobody listened" not in report


# ---------------------------------------------------------------- the coding's span changes


def test_clamping_keeps_the_part_of_a_passage_inside_the_new_span() -> None:
    coding = CodedSpan(1, 10, 30, "abcde fghij klmno pq")
    assert clamped_passage(coding, 5, 16) == (10, 15)  # "abcde", trimmed
    assert clamped_passage(coding, 16, 40) == (16, 30)
    assert clamped_passage(coding, 0, 5) is None  # nothing left: the whole coding
    assert clamped_passage(coding, 15, 16) is None  # only white space left
    assert clamped_passage(coding, 0, 40) is None  # covers it all
    assert clamped_passage(coding, None, None) is None


def _change(study: Study, start: int, end: int) -> int:
    """Move the coding to ``[start, end)`` (its quotes' passages are kept inside
    it); returns how many passages moved, as the change's audit entry says, and
    checks that nothing is left to clamp afterwards."""
    with study.project.database.transaction() as session:
        uow = UnitOfWork(session, study.project.info.id, "tester")
        change_coding(uow, study.coding, start=start, end=end)
        coding = session.get(Coding, study.coding)
        assert coding is not None
        assert keep_quote_passages_inside(uow, coding) == 0
    entry = study.project.activity(entity_type="coding", newest_first=True)[0]
    assert entry.action == "coding.change"
    return int(entry.details.get("quote_passages_moved", 0))


def test_shrinking_a_coding_clamps_its_quotes_passage_into_the_new_span(study: Study) -> None:
    matrix = study.project.matrix
    start = study.at(KEY)[0]
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    assert _change(study, study.start, start + 14) == 1
    cell = matrix.cell("P01", CODE)
    assert cell.quotes[0].text == KEY[:14] and cell.version == 2
    assert (cell.quotes[0].start, cell.quotes[0].end) == (start, start + 14)


def test_a_coding_moved_off_its_passage_is_quoted_whole(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    assert _change(study, study.start, study.at(KEY)[0] - 1) == 1
    assert matrix.cell("P01", CODE).quotes[0].whole


def test_growing_a_coding_keeps_its_quotes_passage(study: Study) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    assert _change(study, study.start - 5, study.end) == 0
    assert matrix.cell("P01", CODE).quotes[0].text == KEY


def test_changing_a_codings_span_through_the_api_clamps_its_quotes_passage(
    study: Study,
) -> None:
    matrix = study.project.matrix
    matrix.link_quote("P01", CODE, study.coding, passage=KEY)
    study.project.coding.change(study.coding, end=study.at(KEY)[0] + 14)
    with study.project.database.transaction() as session:
        stored = session.execute(select(CellQuote.start, CellQuote.end)).one()
    assert tuple(stored) == (study.at(KEY)[0], study.at(KEY)[0] + 14)


# ---------------------------------------------------------------- codes merged


def test_merging_codes_keeps_the_passage_of_a_quote_from_the_folded_cell(study: Study) -> None:
    project = study.project
    project.codebook.add("Hope", parent="Mechanisms")
    start, end = study.at(KEY)
    hope = project.coding.apply("p01.txt", "Mechanisms > Hope", start - 5, study.end)
    project.matrix.link_quote("P01", CODE, study.coding)
    project.matrix.link_quote("P01", "Mechanisms > Hope", hope.id, start=start, end=end)
    project.codebook.merge("Mechanisms > Hope", CODE)
    quotes = {quote.coding_id: quote for quote in project.matrix.cell("P01", CODE).quotes}
    assert quotes[study.coding].whole
    assert (quotes[hope.id].text, quotes[hope.id].start, quotes[hope.id].end) == (KEY, start, end)


def test_merging_codes_keeps_the_passage_of_a_quote_of_a_folded_coding(study: Study) -> None:
    project = study.project
    project.codebook.add("Hope", parent="Mechanisms")
    start, end = study.at(KEY)
    twin = project.coding.apply("p01.txt", "Mechanisms > Hope", study.start, study.end)
    project.matrix.link_quote("P01", "Mechanisms > Hope", twin.id, start=start, end=end)
    project.codebook.merge("Mechanisms > Hope", CODE)
    (quote,) = project.matrix.cell("P01", CODE).quotes
    assert quote.coding_id == study.coding
    assert (quote.text, quote.start, quote.end) == (KEY, start, end)
