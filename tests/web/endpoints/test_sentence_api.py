"""The sentence around a position, from the server's one splitter: the page's
"select the sentence" key gets exactly what extending a coding to its
sentence and auto-coding by sentence take."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from row_counts import row_counts
from web.sample_study import SampleStudy

NOTES = (
    "P1: I saw Dr. Patel at 9 a.m. on the ward. She said e.g. the U.K. rules had changed.\n"
    "It helped.\n\nP2: Q3. How did it go? Fine.\n"
)


def _document(sample: SampleStudy) -> int:
    sample.project.documents.import_bytes("Notes.txt", NOTES.encode())
    return sample.project.documents.info("Notes.txt").id


def test_the_sentence_around_a_position_keeps_abbreviations_inside_it(
    client: TestClient, sample: SampleStudy
) -> None:
    document = _document(sample)
    at = NOTES.index("Patel")
    answer = client.get(f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={at}")
    assert answer.status_code == 200
    span = answer.json()
    assert NOTES[span["start"] : span["end"]] == "P1: I saw Dr. Patel at 9 a.m. on the ward."
    after = NOTES.index("rules")
    second = client.get(
        f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={after}"
    ).json()
    assert NOTES[second["start"] : second["end"]] == "She said e.g. the U.K. rules had changed."


def test_the_page_s_sentence_is_the_one_a_coding_is_extended_to(
    client: TestClient, sample: SampleStudy
) -> None:
    document = _document(sample)
    start = NOTES.index("U.K.")
    coding = sample.project.coding.apply(document, "Hope", start, start + 4)
    extended = sample.project.coding.extend(coding.id, "sentence")
    at = NOTES.index("U.K.")
    span = client.get(
        f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={at}"
    ).json()
    assert (span["start"], span["end"]) == (extended.start, extended.end)


def test_white_space_has_no_sentence(client: TestClient, sample: SampleStudy) -> None:
    document = _document(sample)
    at = NOTES.index("\n\n") + 1
    answer = client.get(f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={at}")
    assert answer.status_code == 200 and answer.json() is None


def test_a_position_outside_the_text_is_refused_and_nothing_changes(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    document = _document(sample)
    before = row_counts(database)
    answer = client.get(
        f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={len(NOTES) + 5}"
    )
    assert answer.status_code == 422
    assert "is a whole number from 0 to" in answer.json()["error"]["message"]
    missing = client.get(f"/api/projects/{sample.project_id}/documents/99999/sentence?at=0")
    assert missing.status_code == 404
    assert row_counts(database) == before


def test_a_long_wrapped_paragraph_gives_whole_sentences_as_auto_coding_does(
    client: TestClient, sample: SampleStudy
) -> None:
    words = " ".join(
        f"This is sentence number {i} and it goes on for quite a while." for i in range(80)
    )
    wrapped = "\n".join(words[i : i + 70] for i in range(0, len(words), 70)) + "\n"
    sample.project.documents.import_bytes("Wrapped.txt", wrapped.encode())
    document = sample.project.documents.info("Wrapped.txt").id
    at = 1500
    span = client.get(
        f"/api/projects/{sample.project_id}/documents/{document}/sentence?at={at}"
    ).json()
    sentence = wrapped[span["start"] : span["end"]]
    assert sentence.startswith("This is sentence") and sentence.endswith("while."), sentence
    plan = sample.project.coding.autocode_keywords(
        "Hope", "sentence", unit="sentence", documents=[document]
    )
    assert any((p.start, p.end) == (span["start"], span["end"]) for p in plan.spans)
