"""Documents and speaker labels through the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy

THIRD = b"Interviewer: And you?\n\nP03: Peer support gave me a voice.\n"


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}"


def test_documents_are_listed_with_their_progress(client: TestClient, sample: SampleStudy) -> None:
    listed = client.get(f"{_api(sample)}/documents").json()
    interview = next(d for d in listed if d["id"] == sample.interview_id)
    assert interview["coded"] == len("That shared experience")
    assert interview["coverage"] == interview["coded"] / interview["length"]
    assert (interview["unmapped_labels"], interview["participants"]) == ("", "P01")


def test_files_are_uploaded_with_a_report(client: TestClient, sample: SampleStudy) -> None:
    answer = client.post(
        f"{_api(sample)}/documents",
        data={"participants": ["P03"]},
        files=[
            ("files", ("third.txt", THIRD, "text/plain")),
            ("files", ("again.txt", INTERVIEW.encode(), "text/plain")),
        ],
    )
    assert answer.status_code == 201
    report = answer.json()
    assert [d["name"] for d in report["imported"]] == ["third.txt"]
    assert report["duplicates"] == [{"file": "again.txt", "duplicate_of": "P01 interview.txt"}]
    assert report["failures"] == []


def test_a_failing_batch_is_a_422_and_imports_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    answer = client.post(
        f"{api}/documents",
        files=[
            ("files", ("third.txt", THIRD, "text/plain")),
            ("files", ("bad.docx", b"not a zip", "application/octet-stream")),
        ],
    )
    assert answer.status_code == 422
    assert (
        "1 of 2 files could not be imported; nothing was written."
        in (answer.json()["error"]["message"])
    )
    assert len(client.get(f"{api}/documents").json()) == 2
    skipped = client.post(
        f"{api}/documents",
        data={"on_error": "skip"},
        files=[
            ("files", ("third.txt", THIRD, "text/plain")),
            ("files", ("bad.docx", b"not a zip", "application/octet-stream")),
        ],
    )
    assert [f["file"] for f in skipped.json()["failures"]] == ["bad.docx"]
    assert len(client.get(f"{api}/documents").json()) == 3


def test_one_document_comes_with_its_text_and_turns(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(f"{_api(sample)}/documents/{sample.interview_id}").json()
    assert answer["document"]["text"] == INTERVIEW
    first = answer["turns"][0]
    assert (first["label"], first["start"], first["participant"]) == ("Interviewer", 0, None)
    assert answer["turns"][1]["participant"] == "P01"
    assert client.get(f"{_api(sample)}/documents/999").status_code == 404


def test_participants_are_linked_and_unlinked(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    linked = client.post(
        f"{api}/documents/{sample.interview_id}/participants", json={"participants": ["P02"]}
    )
    assert linked.json()["participants"] == ["P01", "P02"]
    p02 = next(
        p["id"] for p in client.get(f"{api}/participants").json() if p["identifier"] == "P02"
    )
    unlinked = client.delete(f"{api}/documents/{sample.interview_id}/participants/{p02}")
    assert unlinked.json()["participants"] == ["P01"]
    again = client.delete(f"{api}/documents/{sample.interview_id}/participants/{p02}")
    assert again.status_code == 422
    assert "is not linked to 'P02'" in again.json()["error"]["message"]


def test_a_position_is_set_and_checked(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    assert (
        client.patch(f"{api}/documents/{sample.interview_id}", json={"position": 1}).json()[
            "position"
        ]
        == 1
    )
    bad = client.patch(f"{api}/documents/{sample.interview_id}", json={"position": -2})
    assert bad.status_code == 422
    assert client.get(f"{api}/documents").json()[0]["position"] == 1


def test_a_coded_document_is_deleted_only_with_force(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    refused = client.delete(f"{api}/documents/{sample.interview_id}")
    assert refused.status_code == 409
    assert len(client.get(f"{api}/documents").json()) == 2
    deleted = client.delete(f"{api}/documents/{sample.interview_id}", params={"force": "true"})
    assert deleted.json() == {
        "id": sample.interview_id,
        "name": "P01 interview.txt",
        "codings": 1,
        "memos_kept": 0,
    }


def test_speakers_are_listed_mapped_and_unmapped(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    sam = next(s for s in client.get(f"{api}/speakers").json() if s["label"] == "Sam")
    assert (sam["role"], sam["participant"], sam["unmapped_documents"]) == ("participant", "P02", 0)
    mapped = client.put(f"{api}/speakers/mappings", json={"label": "Sam", "participant": "P03"})
    assert mapped.json() == {
        "label": "Sam",
        "document": None,
        "role": "participant",
        "participant": "P03",
        "documents_reattributed": 1,
        "codings_changed": 1,
        "section": None,
        "section_title": None,
        "turn": None,
    }
    override = client.put(
        f"{api}/speakers/mappings",
        json={"label": "Sam", "role": "other", "document": "Focus group.txt"},
    )
    assert override.json()["document"] == "Focus group.txt"
    mappings = client.get(f"{api}/speakers/mappings").json()
    assert {
        "label": "Sam",
        "document": "Focus group.txt",
        "role": "other",
        "participant": None,
        "section": None,
        "section_title": None,
        "participant_description": None,
        "turn": None,
    } in mappings
    removed = client.delete(
        f"{api}/speakers/mappings", params={"label": "Sam", "document": "Focus group.txt"}
    )
    assert removed.json()["role"] is None


def test_a_bad_mapping_is_refused(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    before = client.get(f"{api}/speakers/mappings").json()
    typo = client.put(f"{api}/speakers/mappings", json={"label": "Sma", "participant": "P03"})
    assert typo.status_code == 404
    assert "Did you mean 'Sam'?" in typo.json()["error"]["message"]
    both = client.put(
        f"{api}/speakers/mappings", json={"label": "Sam", "participant": "P03", "role": "other"}
    )
    assert both.status_code == 422
    missing = client.delete(f"{api}/speakers/mappings", params={"label": "Sam", "document": "x"})
    assert missing.status_code == 404
    assert client.get(f"{api}/speakers/mappings").json() == before


def test_a_speaker_map_is_imported_or_refused_whole(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    bad = client.post(
        f"{api}/speakers/import",
        files={"file": ("map.csv", b"label,participant\nSam,P03\nAli,P77\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["file"] == "map.csv"
    assert bad.json()["error"]["line"] == 3
    assert client.get(f"{api}/speakers").json()[-1]["participant"] == "P02"  # Sam unchanged
    good = client.post(
        f"{api}/speakers/import",
        files={"file": ("map.csv", b"label,participant\nSam,P03\n", "text/csv")},
    )
    assert good.json() == {"mappings": 1, "documents_reattributed": 1, "codings_changed": 1}


def test_document_attributes_are_set_or_refused_whole(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.study.define_attribute("mode", "document", "categorical", ["phone", "video"])
    sample.project.study.define_attribute("minutes", "document", "number")
    path = f"{_api(sample)}/documents/{sample.interview_id}/attributes"
    version = client.get(f"{_api(sample)}/documents/{sample.interview_id}").json()["document"][
        "version"
    ]
    saved = client.put(path, json={"values": {"mode": "VIDEO", "minutes": 45}}).json()
    assert saved["values"] == {"mode": "video", "minutes": "45"}
    assert saved["version"] == version + 1
    bad = client.put(path, json={"values": {"mode": "phone", "minutes": "long"}})
    assert bad.status_code == 422
    document = client.get(f"{_api(sample)}/documents/{sample.interview_id}").json()["document"]
    assert document["attributes"] == {"mode": "video", "minutes": "45"}


def test_document_writes_state_the_version_they_read(
    client: TestClient, sample: SampleStudy
) -> None:
    path = f"{_api(sample)}/documents/{sample.interview_id}"
    version = client.get(path).json()["document"]["version"]
    moved = client.patch(path, json={"position": 2, "if_version": version}).json()
    assert (moved["position"], moved["version"]) == (2, version + 1)
    listed = {row["id"]: row for row in client.get(f"{_api(sample)}/documents").json()}
    assert listed[sample.interview_id]["version"] == version + 1
    stale = client.patch(path, json={"position": 5, "if_version": version})
    assert stale.status_code == 409
    assert "was changed by someone else" in stale.json()["error"]["message"]
    link = client.post(
        f"{path}/participants", json={"participants": ["P02"], "if_version": version}
    )
    assert link.status_code == 409
    unlink = client.delete(f"{path}/participants/1", params={"if_version": version})
    assert unlink.status_code == 409
    assert client.delete(path, params={"if_version": version, "force": True}).status_code == 409
    assert client.get(path).json()["document"]["position"] == 2
