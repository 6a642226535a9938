"""Replacing a document's text keeps its codings (issue 10 §5): codings whose text
survives keep exactly it, the others are listed, and the old text is kept."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import qualframe
from qualframe import ConflictError, InputFileError, StaleVersionError, ValidationError
from qualframe.formats.sources import UploadedFile

INTERVIEW = (
    "Interviewer: How did the peer worker help?\n\n"
    "P01: She had been there herself. I trusted her from the first day.\n\n"
    "Interviewer: And the ward?\n\n"
    "P01: The ward was noisy and the staff were busy.\n"
)


@pytest.fixture
def coded(project: qualframe.Project) -> qualframe.Project:
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.documents.import_bytes("p01.txt", INTERVIEW.encode())
    project.documents.map_speaker("P01", "P01")
    project.codebook.add("Trust")
    project.codebook.add("Setting")
    trusted = INTERVIEW.index("I trusted her from the first day.")
    project.coding.apply("p01.txt", "Trust", trusted, trusted + len("I trusted her"))
    noisy = INTERVIEW.index("The ward was noisy")
    project.coding.apply("p01.txt", "Setting", noisy, noisy + len("The ward was noisy"))
    return project


def _quotes(project: qualframe.Project) -> dict[str, str]:
    text = project.documents.document("p01.txt").text
    return {c.code: text[c.start : c.end] for c in project.coding.listing()}


def test_a_corrected_file_keeps_codings_whose_text_survives(coded: qualframe.Project) -> None:
    corrected = INTERVIEW.replace(
        "How did the peer worker help?", "How did the peer worker help you?"
    )
    change = coded.documents.replace_text(
        "p01.txt", UploadedFile("p01.txt", corrected.encode()), reason="typo"
    )
    assert (change.kept, change.moved, change.to_review, change.removed) == (2, 2, (), ())
    assert _quotes(coded) == {"Trust": "I trusted her", "Setting": "The ward was noisy"}
    assert coded.documents.document("p01.txt").text == corrected
    assert [r.number for r in coded.documents.revisions("p01.txt")] == [1]
    assert coded.documents.revision_text("p01.txt", 1) == INTERVIEW
    assert coded.documents.revisions("p01.txt")[0].reason == "typo"


def test_codings_whose_text_changed_or_vanished_are_listed(coded: qualframe.Project) -> None:
    corrected = INTERVIEW.replace("I trusted her", "I trusted them").replace(
        "\n\nP01: The ward was noisy and the staff were busy.", ""
    )
    change = coded.documents.replace_text("p01.txt", UploadedFile("p01.txt", corrected.encode()))
    assert [(c.code, c.before, c.after) for c in change.to_review] == [
        ("Trust", "I trusted her", "I trusted them")
    ]
    assert [(c.code, c.before, c.after) for c in change.removed] == [
        ("Setting", "The ward was noisy", None)
    ]
    assert _quotes(coded) == {"Trust": "I trusted them"}
    revision = coded.documents.revisions("p01.txt")[0]
    assert revision.details["removed"][0]["before"] == "The ward was noisy"


def test_turns_are_read_again_and_keep_their_participant(coded: qualframe.Project) -> None:
    corrected = "Intro line.\n\n" + INTERVIEW
    coded.documents.replace_text("p01.txt", UploadedFile("p01.txt", corrected.encode()))
    turns = coded.documents.turn_list("p01.txt")
    assert [t.label for t in turns] == ["Interviewer", "P01", "Interviewer", "P01"]
    codings = coded.coding.listing()
    assert {c.participant for c in codings} == {"P01"}


def test_a_stale_version_or_bad_file_changes_nothing(coded: qualframe.Project) -> None:
    before = coded.documents.info("p01.txt").version
    with pytest.raises(StaleVersionError):
        coded.documents.replace_text(
            "p01.txt", UploadedFile("p01.txt", b"New text."), if_version=before + 5
        )
    with pytest.raises(InputFileError, match=r"^p01\.pdf: this is not a PDF file"):
        coded.documents.replace_text("p01.txt", UploadedFile("p01.pdf", b"plain words"))
    assert coded.documents.document("p01.txt").text == INTERVIEW
    assert coded.documents.info("p01.txt").version == before
    assert coded.documents.revisions("p01.txt") == []
    assert _quotes(coded) == {"Trust": "I trusted her", "Setting": "The ward was noisy"}


def test_another_documents_text_is_refused(coded: qualframe.Project) -> None:
    coded.documents.import_bytes("other.txt", b"Other words entirely.\n")
    with pytest.raises(ValidationError, match=r"already the document 'other\.txt'"):
        coded.documents.replace_text(
            "p01.txt", UploadedFile("copy.txt", b"Other words entirely.\n")
        )
    assert coded.documents.document("p01.txt").text == INTERVIEW


def test_a_removed_coding_quoted_in_the_matrix_stops_the_replacement(
    coded: qualframe.Project,
) -> None:
    coding = next(c for c in coded.coding.listing() if c.code == "Setting")
    coded.matrix.link_quote("P01", "Setting", coding.id)
    with pytest.raises(ConflictError, match="unlink the quotes in the matrix first"):
        coded.documents.replace_text(
            "p01.txt", UploadedFile("p01.txt", INTERVIEW.split("P01: The ward")[0].encode())
        )
    assert coded.documents.document("p01.txt").text == INTERVIEW


def test_a_preview_reports_without_writing(coded: qualframe.Project) -> None:
    corrected = INTERVIEW.replace("noisy", "loud")
    change = coded.documents.preview_replace_text(
        "p01.txt", UploadedFile("p01.txt", corrected.encode())
    )
    assert [c.after for c in change.to_review] == ["The ward was loud"]
    assert coded.documents.document("p01.txt").text == INTERVIEW


def test_markdown_imported_by_older_readers_is_read_again(project: qualframe.Project) -> None:
    raw = "# Role\n\n**Ms Nield**: I *was* the lead.\n"
    project.documents.import_bytes("day.md", raw.encode())
    _as_read_by_older_readers(project, "day.md", raw)
    project.codebook.add("Role")
    start = raw.index("lead")
    project.coding.apply("day.md", "Role", start, start + 4)
    change = project.documents.replace_text("day.md")
    assert (change.kept, change.to_review, change.removed) == (1, (), ())
    text = project.documents.document("day.md").text
    assert "**" not in text and [text[c.start : c.end] for c in project.coding.listing()] == [
        "lead"
    ]
    with pytest.raises(ValidationError, match="read by today's readers already"):
        project.documents.replace_text("day.md")


def _as_read_by_older_readers(project: qualframe.Project, name: str, raw: str) -> None:
    """Make the stored document look as qualframe's first readers left it: raw text."""
    import hashlib

    import sqlalchemy as sa

    with project.database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE documents SET text = :text, length = :length, content_hash = :hash, "
                "details = :details WHERE name = :name"
            ),
            {
                "text": raw,
                "length": len(raw),
                "hash": hashlib.sha256(raw.encode()).hexdigest(),
                "details": json.dumps({"file": name}),
                "name": name,
            },
        )
        connection.execute(sa.text("DELETE FROM document_sections"))


def test_renaming_a_document_keeps_its_file_name(coded: qualframe.Project) -> None:
    version = coded.documents.info("p01.txt").version
    info = coded.documents.rename("p01.txt", "  Interview with P01  ", if_version=version)
    assert (info.name, info.title, info.version) == ("p01.txt", "Interview with P01", version + 1)
    with pytest.raises(ValidationError, match="cannot be empty"):
        coded.documents.rename("p01.txt", "   ")
    assert coded.documents.info("p01.txt").title == "Interview with P01"


WORDS = st.sampled_from(["peer", "worker", "trust", "ward", "I", "the", "and", "recovery"])


@st.composite
def _edits(draw: st.DrawFn) -> tuple[str, str, list[tuple[int, int]]]:
    words = draw(st.lists(WORDS, min_size=8, max_size=40))
    old = " ".join(words) + "\n"
    new_words = list(words)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(new_words)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            new_words.insert(at, draw(WORDS))
        elif new_words and at < len(new_words):
            if action == "delete":
                del new_words[at]
            else:
                new_words[at] = draw(WORDS)
    new = " ".join(new_words) + "\n" if new_words else "x\n"
    spans = set()
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(old) - 2))
        end = draw(st.integers(start + 1, len(old) - 1))
        spans.add((start, end))
    return old, new, sorted(spans)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_edits())
def test_after_random_edits_surviving_codings_keep_their_text(
    project: qualframe.Project, case: tuple[str, str, list[tuple[int, int]]]
) -> None:
    old, new, spans = case
    with project.atomic():
        for name in [d.name for d in project.documents.document_list()]:
            project.documents.delete(name, force=True)
        project.documents.import_bytes("doc.txt", old.encode())
        if not project.codebook.tree():
            project.codebook.add("Code")
        before = {}
        for start, end in spans:
            record = project.coding.apply("doc.txt", "Code", start, end)
            before[record.id] = old[start:end]
    if new == old:
        return
    change = project.documents.replace_text("doc.txt", UploadedFile("doc.txt", new.encode()))
    reported = {c.id for c in change.to_review} | {c.id for c in change.removed}
    assert change.kept + len(change.to_review) + len(change.removed) == len(before)
    stored = project.documents.document("doc.txt").text
    for coding in project.coding.listing():
        if coding.id not in reported:
            assert stored[coding.start : coding.end] == before[coding.id]
    for gone in change.removed:
        assert gone.id not in {c.id for c in project.coding.listing()}


SECTIONED = (
    "# Role and background\n\nP01: I started as a volunteer.\n\n"
    "# Trust\n\nP01: I trusted her because she had been there.\n"
)


def test_stored_sections_are_listed_and_narrow_a_search(project: qualframe.Project) -> None:
    project.documents.import_bytes("p01.md", SECTIONED.encode())
    structure = project.documents.structure("p01.md")
    assert [(s.title, s.level) for s in structure.sections] == [
        ("Role and background", 1),
        ("Trust", 1),
    ]
    everywhere = project.search.find("P01")
    assert everywhere.total_segments == 2
    in_trust = project.search.find("P01", section="trust")
    assert in_trust.total_segments == 1 and "trusted" in in_trust.hits[0].right
    with pytest.raises(ValidationError, match="cannot be filtered by sections"):
        project.coding.listing(section="Trust")


HEARING = (
    "# Ms Ann Lee (affirmed)\n\n**The Witness**: I ran the ward.\n\n"
    "**Counsel**: Thank you.\n\n# Mr Bo Tan (sworn)\n\n**The Witness**: I was a porter.\n\n"
    "**Counsel**: Thank you.\n"
)


def test_section_mappings_follow_their_heading_into_the_new_text(
    project: qualframe.Project,
) -> None:
    project.study.add_case("Inquiry")
    project.study.add_participant("W1", "Inquiry")
    project.study.add_participant("W2", "Inquiry")
    project.documents.import_bytes("day.md", HEARING.encode())
    project.documents.map_speaker(
        "The Witness", "W1", document="day.md", section="Ms Ann Lee (affirmed)"
    )
    project.documents.map_speaker("The Witness", "W2", document="day.md", section=2)
    project.codebook.add("Work")
    text = project.documents.document("day.md").text
    at = text.index("I was a porter")
    project.coding.apply("day.md", "Work", at, at + len("I was a porter"))
    corrected = HEARING.replace("# Ms Ann Lee (affirmed)", "# Dr Ann Lee (affirmed)").replace(
        "porter", "porter there"
    )
    change = project.documents.replace_text("day.md", UploadedFile("day.md", corrected.encode()))
    assert change.mappings_dropped == ("The Witness in 'Ms Ann Lee (affirmed)'",)
    assert "section mappings dropped (heading gone)" in change.summary()
    (coding,) = project.coding.listing()
    assert coding.participant == "W2"


def test_codings_that_land_on_one_span_are_merged_and_listed(project: qualframe.Project) -> None:
    text = "P01: Staff were very kind and helpful to me.\n"
    project.documents.import_bytes("p.txt", text.encode())
    project.codebook.add("Care")
    for words in ("very kind", "kind and helpful"):
        at = text.index(words)
        project.coding.apply("p.txt", "Care", at, at + len(words))
    corrected = text.replace("very kind and helpful", "caring")
    change = project.documents.replace_text("p.txt", UploadedFile("p.txt", corrected.encode()))
    (merged,) = change.removed
    assert merged.merged_into is not None and merged.after == "caring"
    stored = project.documents.document("p.txt").text
    assert [stored[c.start : c.end] for c in project.coding.listing()] == ["caring"]


def test_a_coding_can_take_the_span_another_is_leaving(project: qualframe.Project) -> None:
    text = "P01: one two three four.\n"
    project.documents.import_bytes("q.txt", text.encode())
    project.codebook.add("Count")
    for words in ("two", "three"):
        at = text.index(words)
        project.coding.apply("q.txt", "Count", at, at + len(words))
    corrected = "P01: one two two three four.\n"  # "two" now also where "three" was
    change = project.documents.replace_text("q.txt", UploadedFile("q.txt", corrected.encode()))
    assert change.removed == () and change.kept == 2
    stored = project.documents.document("q.txt").text
    assert sorted(stored[c.start : c.end] for c in project.coding.listing()) == ["three", "two"]


def test_a_section_filter_ignores_case_beyond_ascii(project: qualframe.Project) -> None:
    project.documents.import_bytes("e.md", "# Évidence du témoin\n\nP01: Oui.\n".encode())
    assert project.search.find("Oui", section="évidence").total_segments == 1
    assert project.search.find("Oui", section="absent").total_segments == 0
