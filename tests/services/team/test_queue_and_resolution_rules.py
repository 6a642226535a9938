"""Resolutions act only on their passage, keep authorship and memos, refuse
quoted codings and stale readings; the units, the queue and the figures agree
with each other; the queue pages; the cell figures count status judgements
only."""

from __future__ import annotations

import pytest

import qualframe
import qualframe.storage.queries.team as team_queries
from qualframe.storage.database import Database
from row_counts import row_counts

PARAGRAPHS = ["Para one about hope.", "Para two about hope.", "Para three about hope."]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"
STARTS = [TEXT.index(p) for p in PARAGRAPHS]
ENDS = [s + len(p) for s, p in zip(STARTS, PARAGRAPHS, strict=True)]


def _rows(project: qualframe.Project) -> list[tuple[int, str, str, int, int]]:
    frame = project.coding.codings()
    return sorted(
        (int(r.coding_id), r.code, r.coder, int(r.start), int(r.end)) for r in frame.itertuples()
    )


@pytest.fixture
def paragraphs(project: qualframe.Project) -> qualframe.Project:
    project.documents.import_bytes("D.txt", TEXT.encode())
    project.codebook.add("Hope")
    project.codebook.add("Trust")
    return project


def test_keeping_one_reading_of_a_paragraph_leaves_the_codings_in_other_paragraphs(
    paragraphs: qualframe.Project,
) -> None:
    project = paragraphs
    ana = project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[2])
    ben = project.acting_as("ben").coding.apply("D.txt", "Hope", STARTS[1], ENDS[1])
    project.agreement.open_round("R", unit="paragraph")
    first = project.agreement.disagreements("R")[0]
    assert (first.start, first.end) == (STARTS[0], ENDS[0])

    record = project.agreement.resolve("R", first.key, "keep_one", keep="ben", seen=first.seen)

    # ana's coding is cut at the paragraph's edge: the part outside stays hers, same id.
    assert _rows(project) == [
        (ana.id, "Hope", "ana", ENDS[0], ENDS[2]),
        (ben.id, "Hope", "ben", STARTS[1], ENDS[1]),
    ]
    assert (record.removed, record.split) == (1, 1)
    assert [(d.start, d.end) for d in project.agreement.disagreements("R")] == [
        (STARTS[2], ENDS[2])
    ]
    after = project.agreement.figures("R").after.overall_units
    assert after is not None and after.percent == pytest.approx(2 / 3)


def test_merging_one_paragraph_does_not_touch_the_next_one(paragraphs: qualframe.Project) -> None:
    project = paragraphs
    ana = project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[1])
    ben = project.acting_as("ben").coding.apply("D.txt", "Hope", STARTS[1], ENDS[2])
    project.agreement.open_round("R", unit="paragraph")
    first = project.agreement.disagreements("R")[0]

    project.acting_as("owner").agreement.resolve("R", first.key, "merge", seen=first.seen)

    rows = _rows(project)
    assert (ana.id, "Hope", "ana", ENDS[0], ENDS[1]) in rows  # the original keeps the outside
    assert (ben.id, "Hope", "ben", STARTS[1], ENDS[2]) in rows
    assert [r[1:] for r in rows if r[0] not in (ana.id, ben.id)] == [
        ("Hope", "ana", STARTS[0], ENDS[0])
    ]
    assert all(row[2] != "owner" for row in rows)
    assert [(d.start, d.end) for d in project.agreement.disagreements("R")] == [
        (STARTS[2], ENDS[2])
    ]


def test_recoding_one_paragraph_recodes_only_the_text_inside_it(
    paragraphs: qualframe.Project,
) -> None:
    project = paragraphs
    ana = project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[1])
    project.acting_as("ben").coding.apply("D.txt", "Hope", STARTS[1], ENDS[1])
    project.agreement.open_round("R", unit="paragraph")
    first = project.agreement.disagreements("R")[0]

    project.agreement.resolve("R", first.key, "recode", recode_to="Trust", seen=first.seen)

    rows = _rows(project)
    assert (ana.id, "Hope", "ana", ENDS[0], ENDS[1]) in rows
    assert [r[1:] for r in rows if r[1] == "Trust"] == [("Trust", "ana", STARTS[0], ENDS[0])]


def test_merging_keeps_each_coders_coding_and_the_memos_on_it(project: qualframe.Project) -> None:
    text = "Alpha para one about hope and more words here.\n\nBeta para two.\n"
    project.documents.import_bytes("D.txt", text.encode())
    project.codebook.add("Hope")
    ana = project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 20)
    ben = project.acting_as("ben").coding.apply("D.txt", "Hope", 6, 30)
    memo = project.acting_as("ana").memos.add("Why", kind="analytic", body="x", coding=ana.id)
    project.agreement.open_round("R", unit="span")
    item = project.agreement.disagreements("R")[0]

    record = project.acting_as("owner").agreement.resolve("R", item.key, "merge", seen=item.seen)

    assert _rows(project) == [(ana.id, "Hope", "ana", 0, 30), (ben.id, "Hope", "ben", 0, 30)]
    assert project.memos.get(memo.id).target_label.startswith("coding: #")
    assert (record.resolved_by, record.memos_kept) == ("owner", 0)


def test_recoding_a_coding_a_matrix_cell_quotes_is_refused_and_nothing_changes(
    project: qualframe.Project, database: Database
) -> None:
    project.study.add_case("C")
    project.study.add_participant("P01", "C")
    project.documents.import_bytes("D.txt", b"Para one about hope and more.\n\nPara two.\n",
                                   participants="P01")  # fmt: skip
    project.codebook.add("Hope")
    project.codebook.add("Trust")
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 20)
    ben = project.acting_as("ben").coding.apply("D.txt", "Hope", 5, 25)
    project.matrix.link_quote("P01", "Hope", ben.id)
    project.agreement.open_round("R", unit="span")
    item = project.agreement.disagreements("R")[0]
    before, counts = _rows(project), row_counts(database)

    with pytest.raises(qualframe.ConflictError, match="unlink the quotes in the matrix first"):
        project.agreement.resolve("R", item.key, "recode", recode_to="Trust", seen=item.seen)

    assert _rows(project) == before and row_counts(database) == counts
    assert [q.coding_id for q in project.matrix.cell("P01", "Hope").quotes] == [ben.id]


def test_a_coding_moved_under_the_same_id_since_it_was_read_is_a_stale_reading(
    paragraphs: qualframe.Project, database: Database
) -> None:
    project = paragraphs
    ana = project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[0])
    project.acting_as("ben").coding.apply("D.txt", "Hope", STARTS[1], ENDS[1])
    project.agreement.open_round("R", unit="paragraph")
    item = project.agreement.disagreements("R")[0]
    assert item.seen == (f"{ana.id}:1:{STARTS[0]}:{ENDS[0]}",)
    project.acting_as("ana").coding.change(ana.id, end=ENDS[1])
    before, counts = _rows(project), row_counts(database)

    with pytest.raises(
        qualframe.ConflictError,
        match=f"changed since you read it: coding {ana.id} was changed; nothing was changed",
    ):
        project.agreement.resolve("R", item.key, "keep_one", keep="ben", seen=item.seen)
    with pytest.raises(qualframe.ValidationError, match="seen lists the codings you read"):
        project.agreement.resolve("R", item.key, "keep_one", keep="ben", seen=[ana.id])  # type: ignore[list-item]

    assert _rows(project) == before and row_counts(database) == counts


def test_a_coding_made_between_the_reads_of_one_listing_counts_its_coder_as_rated(
    project: qualframe.Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.documents.import_bytes("D.txt", b"Para one about hope.\n\nPara two.\n")
    project.codebook.add("Hope")
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 20)
    project.acting_as("ben").coding.apply("D.txt", "Hope", 5, 25)
    cy = project.acting_as("cy").coding.apply("D.txt", "Hope", 22, 26)
    project.agreement.open_round("R", unit="span")
    project.acting_as("cy").coding.remove(cy.id)
    real = team_queries.coders_by_document

    def before_cy_coded(*args: object, **kwargs: object) -> dict[int, set[str]]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        # cy codes again after this read and before the codings are read
        for coders in found.values():
            coders.discard("cy")
        return found

    monkeypatch.setattr(team_queries, "coders_by_document", before_cy_coded)
    project.acting_as("cy").coding.apply("D.txt", "Hope", 0, 12)

    queue = project.agreement.disagreements("R")

    assert len(queue) == 1
    assert [r.coder for r in queue[0].readings if r.coded_document] == ["ana", "ben", "cy"]


def test_text_before_the_first_speaker_turn_counts_as_units_of_its_own(
    project: qualframe.Project,
) -> None:
    text = (
        "Interview notes: the participant was hopeful.\n\nInterviewer: How are you?\n\n"
        "P01: I feel hope today.\n"
    )
    project.documents.import_bytes("D.txt", text.encode())
    project.documents.map_speaker("Interviewer", role="interviewer")
    project.codebook.add("Hope")
    start = text.index("I feel hope")
    project.acting_as("ana").coding.apply("D.txt", "Hope", start, start + 11)
    project.acting_as("ben").coding.apply("D.txt", "Hope", start, start + 11)
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 44)

    report = project.agreement.measure(unit="turn")

    assert report.unit_count == 3
    assert report.per_code[0].applied == {"ana": 2, "ben": 1}
    assert "1 paragraph outside every speaker turn (in D.txt) counts as a unit of its own." in (
        report.notes
    )
    project.agreement.open_round("R", unit="turn")
    assert [d.text for d in project.agreement.disagreements("R")] == [
        "Interview notes: the participant was hopeful."
    ]


def test_one_coders_overlapping_codings_read_as_their_union_in_the_queue(
    project: qualframe.Project,
) -> None:
    project.documents.import_bytes("D.txt", b"Para one about hope and a lot more words.\n\nTwo.\n")
    project.codebook.add("Hope")
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 10)
    project.acting_as("ana").coding.apply("D.txt", "Hope", 5, 20)
    project.acting_as("ben").coding.apply("D.txt", "Hope", 0, 20)
    report = project.agreement.measure(unit="span")
    assert report.overall_spans is not None and report.overall_spans.alpha_u == 1.0

    project.agreement.open_round("R", unit="span")

    assert project.agreement.disagreements("R") == []


def test_the_queue_pages_and_counts_its_disagreements(paragraphs: qualframe.Project) -> None:
    project = paragraphs
    for n in range(3):
        project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[n], ENDS[n])
    project.acting_as("ben").coding.apply("D.txt", "Trust", STARTS[0], ENDS[0])
    project.agreement.open_round("R", unit="paragraph")
    every = project.agreement.disagreements("R")

    assert project.agreement.count_disagreements("R") == len(every) == 4
    assert project.agreement.disagreements("R", limit=2, offset=1) == every[1:3]
    assert project.agreement.disagreements("R", limit=0) == []
    assert project.agreement.count_disagreements("R", code="Trust") == 1
    with pytest.raises(qualframe.ValidationError, match="offset is a whole number, 0 or more"):
        project.agreement.disagreements("R", offset=-1)
    with pytest.raises(qualframe.ValidationError, match="limit is a whole number, 0 or more"):
        project.agreement.disagreements("R", limit=-5)


def test_an_empty_reading_of_a_coder_who_coded_the_document_is_a_judgement(
    paragraphs: qualframe.Project,
) -> None:
    project = paragraphs
    project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[0])
    project.acting_as("ben").coding.apply("D.txt", "Trust", STARTS[2], ENDS[2])
    project.documents.import_bytes("E.txt", b"Another text.\n")
    project.acting_as("ana").coding.apply("E.txt", "Hope", 0, 7)
    project.acting_as("cy").coding.apply("E.txt", "Hope", 0, 7)
    project.agreement.open_round("R", unit="paragraph", codes=["Hope"])
    item = project.agreement.disagreements("R", document="D.txt")[0]

    assert [(r.coder, bool(r.codings), r.coded_document) for r in item.readings] == [
        ("ana", True, True),
        ("ben", False, True),
        ("cy", False, False),
    ]
    project.agreement.resolve("R", item.key, "keep_one", keep="ben", seen=item.seen)
    assert [r[1:] for r in _rows(project) if r[1] == "Hope" and r[3] < len(TEXT)][:1] == [
        ("Hope", "ana", 0, 7)
    ]


def test_the_after_figures_take_only_the_round_coders_readings(
    paragraphs: qualframe.Project,
) -> None:
    project = paragraphs
    project.acting_as("ana").coding.apply("D.txt", "Hope", STARTS[0], ENDS[0])
    project.acting_as("ben").coding.apply("D.txt", "Trust", STARTS[2], ENDS[2])
    project.agreement.open_round("R", unit="paragraph", codes=["Hope"], coders=["ana", "ben"])
    item = project.agreement.disagreements("R")[0]
    project.agreement.resolve("R", item.key, "keep_one", keep="ben", seen=item.seen)
    # someone outside the round codes the paragraph: the agreed reading stays "not applied"
    project.acting_as("zed").coding.apply("D.txt", "Hope", STARTS[0], ENDS[0])

    after = project.agreement.figures("R").after.per_code[0]

    assert after.applied == {"ana": 0, "ben": 0}


def test_a_span_report_names_its_character_warning(project: qualframe.Project) -> None:
    project.documents.import_bytes("D.txt", ("Long text. " * 40).encode())
    project.codebook.add("Hope")
    project.acting_as("ana").coding.apply("D.txt", "Hope", 0, 10)
    project.acting_as("ben").coding.apply("D.txt", "Hope", 0, 8)

    report = project.agreement.measure(unit="span")

    assert report.character_warning is not None
    assert report.character_warning.startswith("κ on characters is swamped by uncoded text")
    assert report.character_warning in report.notes
    assert qualframe.AgreementReport.from_json(report.to_json()) == report
    assert project.agreement.measure(unit="paragraph").character_warning is None


def test_a_summary_edit_is_not_a_status_judgement_in_cell_agreement(
    project: qualframe.Project,
) -> None:
    project.study.add_case("C")
    for who in ("P01", "P02", "P03"):
        project.study.add_participant(who, "C")
    project.codebook.add("Hope")
    for who in ("P01", "P02", "P03"):
        project.acting_as("ann").matrix.set_status(who, "Hope", "done")
    project.acting_as("ben").matrix.set_status("P03", "Hope", "draft")
    for who in ("P01", "P02"):
        project.acting_as("ben").matrix.write_summary(who, "Hope", "Summary edited by Ben.")

    result = project.agreement.cells("ann", "ben")

    assert result.cells == 1
    assert [(r.row, r.first, r.second) for r in result.rows] == [
        ("P01", "done", None),
        ("P02", "done", None),
        ("P03", "done", "draft"),
    ]
