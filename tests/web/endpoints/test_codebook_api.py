"""The codebook through the JSON API: tree, changes, history and files."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from web.sample_study import SampleStudy


def _api(sample: SampleStudy, path: str = "") -> str:
    return f"/api/projects/{sample.project_id}{path}"


def _paths(client: TestClient, sample: SampleStudy) -> list[str]:
    return [" > ".join(code["path"]) for code in client.get(_api(sample, "/codes")).json()]


def test_the_tree_lists_codes_with_paths_colours_and_counts(
    client: TestClient, sample: SampleStudy
) -> None:
    codes = client.get(_api(sample, "/codes")).json()
    assert [code["path"] for code in codes] == [
        ["Trust"],
        ["Trust", "Shared experience"],
        ["Hope"],
        ["Boundaries"],
    ]
    trust = codes[0]
    assert (trust["coding_count"], trust["total_coding_count"], trust["child_count"]) == (0, 1, 1)
    assert trust["colour"].startswith("#") and trust["origin"] == "deductive"
    one = client.get(_api(sample, f"/codes/{sample.hope_code_id}")).json()
    assert (one["name"], one["origin"], one["definition"]) == (
        "Hope",
        "inductive",
        "Hope for recovery.",
    )


def test_the_palette_creates_a_code_from_just_a_name(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(_api(sample, "/codes"), json={"name": "Stigma"})
    assert answer.status_code == 201
    code = answer.json()
    assert (code["path"], code["origin"], code["parent_id"]) == (["Stigma"], "inductive", None)
    assert code["colour"].startswith("#")
    sub = client.post(
        _api(sample, "/codes"),
        json={
            "name": "Self-stigma",
            "parent_id": code["id"],
            "colour": "#0072b2",
            "origin": "deductive",
        },
    ).json()
    assert (sub["path"], sub["colour"], sub["origin"]) == (
        ["Stigma", "Self-stigma"],
        "#0072B2",
        "deductive",
    )


def test_a_duplicate_name_is_a_conflict_and_nothing_is_created(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(client, sample)
    answer = client.post(_api(sample, "/codes"), json={"name": "hope"})
    assert answer.status_code == 409
    assert "There is already a code called 'Hope'" in answer.json()["error"]["message"]
    assert _paths(client, sample) == before


def test_an_edit_renames_and_changes_fields_in_one_call(
    client: TestClient, sample: SampleStudy
) -> None:
    url = _api(sample, f"/codes/{sample.boundaries_code_id}")
    answer = client.patch(url, json={"name": "Professional boundaries", "inclusion": "Roles."})
    assert answer.status_code == 200
    assert (answer.json()["name"], answer.json()["inclusion"]) == (
        "Professional boundaries",
        "Roles.",
    )
    refused = client.patch(url, json={"name": "Still boundaries", "colour": "blue"})
    assert refused.status_code == 422
    assert "'blue' is not a colour" in refused.json()["error"]["message"]
    assert client.get(url).json()["name"] == "Professional boundaries"


def test_moving_under_a_descendant_is_refused_with_the_services_message(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(client, sample)
    answer = client.post(
        _api(sample, f"/codes/{sample.trust_code_id}/move"),
        json={"parent_id": sample.shared_code_id},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == (
        "Cannot move 'Trust' under its own descendant 'Trust > Shared experience'."
    )
    assert _paths(client, sample) == before
    moved = client.post(
        _api(sample, f"/codes/{sample.hope_code_id}/move"),
        json={"parent_id": sample.trust_code_id, "position": 0},
    )
    assert moved.json()["path"] == ["Trust", "Hope"]
    assert _paths(client, sample)[:3] == ["Trust", "Trust > Hope", "Trust > Shared experience"]


def test_a_code_shifts_among_its_siblings(client: TestClient, sample: SampleStudy) -> None:
    url = _api(sample, f"/codes/{sample.boundaries_code_id}/shift")
    assert client.post(url, json={"steps": -1}).json()["position"] == 1
    assert _paths(client, sample)[-2:] == ["Boundaries", "Hope"]
    refused = client.post(url, json={"steps": -5})
    assert refused.status_code == 200  # clamped: it moves to the first place
    assert _paths(client, sample)[0] == "Boundaries"
    again = client.post(url, json={"steps": -1})
    assert again.status_code == 422
    assert "already the first" in again.json()["error"]["message"]


def test_a_merge_can_be_previewed_then_done(client: TestClient, sample: SampleStudy) -> None:
    url = _api(sample, f"/codes/{sample.hope_code_id}/merge")
    preview = client.post(url, json={"target_id": sample.trust_code_id, "dry_run": True}).json()
    assert (preview["source"], preview["target"], preview["codings_moved"]) == ("Hope", "Trust", 1)
    assert "Hope" in _paths(client, sample)
    done = client.post(url, json={"target_id": sample.trust_code_id}).json()
    assert done["codings_moved"] == 1
    assert "Hope" not in _paths(client, sample)
    trust = client.get(_api(sample, f"/codes/{sample.trust_code_id}")).json()
    assert trust["coding_count"] == 1


def test_retire_and_restore_answer_the_codes_that_changed(
    client: TestClient, sample: SampleStudy
) -> None:
    retired = client.post(_api(sample, f"/codes/{sample.trust_code_id}/retire")).json()
    assert [code["name"] for code in retired] == ["Trust", "Shared experience"]
    assert all(code["retired"] for code in retired)
    offered = client.get(_api(sample, "/codes"), params={"include_retired": False}).json()
    assert [code["name"] for code in offered] == ["Hope", "Boundaries"]
    restored = client.post(
        _api(sample, f"/codes/{sample.trust_code_id}/restore"), json={"recursive": True}
    ).json()
    assert [code["retired"] for code in restored] == [False, False]
    only = client.post(_api(sample, f"/codes/{sample.hope_code_id}/retire")).json()
    assert len(only) == 1
    assert (
        client.post(_api(sample, f"/codes/{sample.hope_code_id}/restore")).json()[0]["name"]
        == "Hope"
    )


def test_deleting_a_used_code_needs_force_and_can_be_previewed(
    client: TestClient, sample: SampleStudy
) -> None:
    url = _api(sample, f"/codes/{sample.trust_code_id}")
    refused = client.delete(url)
    assert refused.status_code == 409
    assert "has 1 coding (with its sub-codes)" in refused.json()["error"]["message"]
    preview = client.delete(url, params={"dry_run": True}).json()
    assert (preview["codes_deleted"], preview["codings_deleted"], preview["memos_unlinked"]) == (
        2,
        1,
        1,
    )
    assert "Trust" in _paths(client, sample)
    assert client.delete(url, params={"force": True}).json()["codes_deleted"] == 2
    assert _paths(client, sample) == ["Hope", "Boundaries"]
    assert client.delete(_api(sample, f"/codes/{sample.boundaries_code_id}")).status_code == 200
    assert client.get(url).status_code == 404


def test_the_history_lists_changes_readably(client: TestClient, sample: SampleStudy) -> None:
    client.patch(_api(sample, f"/codes/{sample.hope_code_id}"), json={"name": "Hopefulness"})
    rows = client.get(_api(sample, "/codebook/history")).json()
    assert [row["action"] for row in rows][-1] == "code.rename"
    assert rows[-1]["changes"].startswith("name: 'Hope' → 'Hopefulness'")
    assert rows[-1]["at"].endswith("+00:00")
    own = client.get(
        _api(sample, "/codebook/history"), params={"code_id": sample.hope_code_id}
    ).json()
    assert [row["action"] for row in own] == ["code.create", "code.rename"]


def test_a_codebook_file_is_previewed_then_imported(
    client: TestClient, sample: SampleStudy
) -> None:
    data = b"code,definition\nTrust,Confidence in others.\nTrust > Safety,Feeling safe.\n"
    files = {"file": ("frame.csv", data, "text/csv")}
    preview = client.post(_api(sample, "/codebook/import"), files=files).json()
    assert (preview["dry_run"], preview["created"]) == (True, ["Trust > Safety"])
    assert preview["updated"][0]["changes"]["definition"][1] == "Confidence in others."
    assert "Trust > Safety" not in _paths(client, sample)
    done = client.post(
        _api(sample, "/codebook/import"), files=files, data={"dry_run": "false"}
    ).json()
    assert done["dry_run"] is False
    assert "Trust > Safety" in _paths(client, sample)


def test_a_bad_codebook_file_is_named_and_nothing_is_imported(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(client, sample)
    files = {"file": ("our codes.csv", b"code,origin\nNew,emergent\n", "text/csv")}
    answer = client.post(_api(sample, "/codebook/import"), files=files, data={"dry_run": "false"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["file"] == "our codes.csv"
    assert error["line"] == 2 and "emergent" in error["problem"]
    assert _paths(client, sample) == before


def test_the_codebook_downloads_as_csv_xlsx_and_yaml(
    client: TestClient, sample: SampleStudy
) -> None:
    csv = client.get(_api(sample, "/codebook/export"), params={"format": "csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="peer-support_codebook_20' in csv.headers["content-disposition"]
    assert "Trust > Shared experience" in csv.text
    xlsx = client.get(_api(sample, "/codebook/export"), params={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["A1"].value == "code"
    yaml = client.get(_api(sample, "/codebook/export"), params={"format": "yaml"})
    assert "Shared experience" in yaml.text
    assert client.get(_api(sample, "/codebook/export"), params={"format": "pdf"}).status_code == 422


def test_a_code_of_another_project_is_not_found(client: TestClient, sample: SampleStudy) -> None:
    other = client.post("/api/projects", json={"name": "Other"}).json()
    answer = client.get(f"/api/projects/{other['id']}/codes/{sample.trust_code_id}")
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == (
        f"There is no code with id {sample.trust_code_id} in this project."
    )


def test_an_export_is_named_after_the_project_whatever_its_characters(
    client: TestClient,
) -> None:
    project = client.post("/api/projects", json={"name": "Étude “pilote”"}).json()
    answer = client.get(f"/api/projects/{project['id']}/codebook/export", params={"format": "yaml"})
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    name = r"etude-pilote_codebook_\d{8}T\d{6}Z\.yaml"
    assert re.fullmatch(f"attachment; filename=\"{name}\"; filename\\*=UTF-8''{name}", disposition)


# ---------------------------------------------------------------- versions


def test_a_change_answers_the_new_version_and_a_stale_one_is_refused_with_409(
    client: TestClient, sample: SampleStudy
) -> None:
    url = _api(sample, f"/codes/{sample.hope_code_id}")
    read = client.get(url).json()
    assert read["version"] == 1 and len(read["guid"]) == 36
    edited = client.patch(url, json={"definition": "Hope again.", "if_version": 1}).json()
    assert edited["version"] == 2
    stale = client.patch(url, json={"definition": "Someone else's.", "if_version": 1})
    assert stale.status_code == 409
    assert stale.json()["error"]["message"] == (
        "The code 'Hope' was changed by someone else since you read it (you read version 1; "
        "it is now at version 2); nothing was saved. Reload it and make your change again."
    )
    assert client.get(url).json()["definition"] == "Hope again."


def test_move_shift_retire_restore_and_delete_check_the_version(
    client: TestClient, sample: SampleStudy
) -> None:
    code = _api(sample, f"/codes/{sample.boundaries_code_id}")
    for answer in (
        client.post(f"{code}/move", json={"parent_id": sample.trust_code_id, "if_version": 9}),
        client.post(f"{code}/shift", json={"steps": -1, "if_version": 9}),
        client.post(f"{code}/retire", json={"if_version": 9}),
        client.post(f"{code}/restore", json={"if_version": 9}),
        client.delete(code, params={"if_version": 9}),
    ):
        assert answer.status_code == 409, answer.text
        assert "you read version 9; it is now at version 1" in answer.json()["error"]["message"]
    retired = client.post(f"{code}/retire", json={"if_version": 1}).json()
    assert [(c["name"], c["version"]) for c in retired] == [("Boundaries", 2)]
    restored = client.post(f"{code}/restore", json={"if_version": 2}).json()
    assert restored[0]["version"] == 3
    assert client.delete(code, params={"if_version": 3}).json()["codes_deleted"] == 1


def test_a_merge_states_the_targets_version_and_says_what_moves(
    client: TestClient, sample: SampleStudy
) -> None:
    url = _api(sample, f"/codes/{sample.hope_code_id}/merge")
    body = {"target_id": sample.boundaries_code_id, "if_version": 1, "dry_run": True}
    preview = client.post(url, json=body).json()
    assert preview["effect"] == "Merging 'Hope' into 'Boundaries' moves 1 coding."
    assert preview["references"]["codings"] == 1
    stale = client.post(url, json={**body, "dry_run": False, "if_version": 5})
    assert stale.status_code == 409
    done = client.post(url, json={**body, "dry_run": False}).json()
    assert (done["target_id"], done["target_version"]) == (sample.boundaries_code_id, 2)


def test_a_delete_preview_says_what_it_removes(client: TestClient, sample: SampleStudy) -> None:
    url = _api(sample, f"/codes/{sample.trust_code_id}")
    preview = client.delete(url, params={"dry_run": True}).json()
    assert preview["effect"] == (
        "Deleting 'Trust' and its 1 sub-code removes 1 coding and 1 memo link; "
        "the memos stay (without those links)."
    )
