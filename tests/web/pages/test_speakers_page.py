"""The speakers page: mapping labels project-wide and per document, and importing
a speaker map."""

from __future__ import annotations

import re
from html import unescape

import pandas as pd
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page(sample: SampleStudy) -> str:
    return f"/projects/{sample.project_id}/speakers"


def _map(client: TestClient, sample: SampleStudy, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"{_page(sample)}/map", data=fields, headers={"Referer": f"http://localhost{_page(sample)}"}
    )


def _codings(sample: SampleStudy) -> pd.DataFrame:
    return sample.project.coding.codings()


def test_every_label_is_listed_with_its_mapping(client: TestClient, sample: SampleStudy) -> None:
    page = client.get(_page(sample)).text
    text = _text(page)
    assert "Sam 1 1" in text and "Mapped" in text
    assert '<option value="participant:P02" selected>P02 (Trust A)</option>' in page
    assert '<option value="interviewer" selected>Interviewer</option>' in page
    assert "Mapping re-attributes codings." in text


def test_an_unmapped_label_is_marked_in_words(client: TestClient, sample: SampleStudy) -> None:
    sample.project.documents.unmap_speaker("Sam")
    page = client.get(_page(sample)).text
    row = _text(page.split('<th scope="row">Sam</th>')[1].split("</tr>")[0])
    assert "Not mapped in 1 document" in row
    assert "1 label not mapped everywhere: Sam" in _text(page)


def test_mapping_a_label_re_attributes_its_codings(client: TestClient, sample: SampleStudy) -> None:
    hope = _codings(sample).set_index("code").loc["Hope"]
    assert hope["participant"] == "P02"
    answer = _map(client, sample, label="Sam", choice="participant:P03", current="participant:P02")
    assert "Mapped 'Sam' to P03: 1 coding re-attributed in 1 document." in unescape(answer.text)
    assert _codings(sample).set_index("code").loc["Hope", "participant"] == "P03"


def test_choosing_nobody_removes_the_mapping(client: TestClient, sample: SampleStudy) -> None:
    answer = _map(client, sample, label="Sam", choice="", current="participant:P02")
    assert "Removed the mapping of 'Sam': 1 coding re-attributed" in unescape(answer.text)
    assert _codings(sample).set_index("code").loc["Hope", "participant"] is None
    again = _map(client, sample, label="Sam", choice="", current="")
    assert "No change for 'Sam'." in unescape(again.text)


def test_a_label_can_be_the_interviewer_or_other(client: TestClient, sample: SampleStudy) -> None:
    answer = _map(client, sample, label="Ali", choice="other", current="participant:P03")
    assert "Mapped 'Ali' to other (not a participant)" in unescape(answer.text)
    mappings = sample.project.documents.speaker_mappings().set_index("label")
    assert mappings.loc["Ali", "role"] == "other"


def test_an_impossible_choice_is_refused(client: TestClient, sample: SampleStudy) -> None:
    before = sample.project.documents.speaker_mappings()
    unknown = _map(client, sample, label="Sam", choice="participant:P99", current="participant:P02")
    assert "No participant called 'P99'" in unescape(unknown.text)
    assert "Nothing was changed." in unknown.text
    odd = _map(client, sample, label="Sam", choice="chair", current="participant:P02")
    assert "'chair' is not a speaker choice" in unescape(odd.text)
    assert sample.project.documents.speaker_mappings().equals(before)


def test_a_document_override_is_added_and_removed(client: TestClient, sample: SampleStudy) -> None:
    added = _map(client, sample, label="Sam", choice="participant:P01", document="Focus group.txt")
    assert "Mapped 'Sam' in 'Focus group.txt' to P01" in unescape(added.text)
    assert _codings(sample).set_index("code").loc["Hope", "participant"] == "P01"
    overrides = _text(client.get(_page(sample)).text.split('data-testid="overrides"')[1])
    assert overrides.startswith("> Mappings that hold in one document only")
    assert "Sam Focus group.txt P01 Remove" in overrides
    removed = client.post(
        f"{_page(sample)}/unmap", data={"label": "Sam", "document": "Focus group.txt"}
    )
    assert "Removed the mapping of 'Sam' in 'Focus group.txt'" in unescape(removed.text)
    assert _codings(sample).set_index("code").loc["Hope", "participant"] == "P02"


def test_an_override_needs_the_label_in_that_document(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = _map(
        client, sample, label="Sam", choice="participant:P01", document="P01 interview.txt"
    )
    assert "No speaker label 'Sam' in document 'P01 interview.txt'." in unescape(answer.text)
    assert sample.project.documents.speaker_mappings()["document"].isna().all()


def test_a_speaker_map_is_imported(client: TestClient, sample: SampleStudy) -> None:
    answer = client.post(
        f"{_page(sample)}/import",
        files={"file": ("map.csv", b"label,participant,role\nSam,P03,\nAli,,other\n", "text/csv")},
    )
    assert "Mapped 2 speaker labels from map.csv: 1 coding re-attributed in 1 document." in (
        unescape(answer.text)
    )
    assert _codings(sample).set_index("code").loc["Hope", "participant"] == "P03"


def test_a_bad_speaker_map_names_the_file_and_line_and_maps_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    before = sample.project.documents.speaker_mappings()
    answer = client.post(
        f"{_page(sample)}/import",
        files={"file": ("map.csv", b"label,participant\nSam,P03\nBob,P01\n", "text/csv")},
        headers={"Referer": f"http://localhost{_page(sample)}"},
    )
    text = unescape(answer.text)
    assert "Nothing was changed." in text
    assert "map.csv, line 3: no speaker label 'Bob'" in text
    assert sample.project.documents.speaker_mappings().equals(before)
    missing = client.post(
        f"{_page(sample)}/import", headers={"Referer": f"http://localhost{_page(sample)}"}
    )
    assert "Choose a CSV or Excel file to upload." in missing.text
