"""The change-model pages and their JSON API, in-process: the list and creating
a model, the diagram page with its side panel (chosen by the address), the
forms adding, editing and deleting nodes and links, indicators, removing
evidence, stale edits, the chains, versions and downloads, and the mapping
stage of the overview checklist."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from web.sample_study import INTERVIEW, SampleStudy


@dataclass(frozen=True)
class Built:
    """A two-node model of the sample study: mechanism "Trust" (bound to the
    code Trust) → process outcome "Hope", with a quote backing "Hope"."""

    sample: SampleStudy
    model_id: int
    trust: int
    hope: int
    link: int
    evidence: int

    @property
    def base(self) -> str:
        return f"/projects/{self.sample.project_id}/change-models/{self.model_id}"


@pytest.fixture
def built(sample: SampleStudy) -> Built:
    cm = sample.project.change_models
    model = cm.create("Peer work", description="How peer support works.")
    trust = cm.add_node("Trust", "mechanism", codes=[sample.trust_code_id])
    hope = cm.add_node("Hope", "process outcome", description="Hope for recovery.")
    link = cm.add_link("Trust", "Hope", rationale="Trust makes hope possible.")
    start = INTERVIEW.index("That shared experience")
    piece = cm.add_evidence(node="Hope", coding=sample.coding_id, passage=(start, start + 11))
    return Built(sample, model.id, trust.id, hope.id, link.id, piece.id)


def _text(answer: object) -> str:
    return html.unescape(getattr(answer, "text"))  # noqa: B009


def _labels(sample: SampleStudy) -> list[str]:
    return [node.label for node in sample.project.change_models.get().nodes]


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_model_with_its_counts_and_the_navigation_marks_it(
    client: TestClient, built: Built
) -> None:
    page = client.get(f"/projects/{built.sample.project_id}/change-models")
    assert page.status_code == 200
    pid = built.sample.project_id
    assert f'<a href="/projects/{pid}/change-models" aria-current="page">Change model</a>' in (
        page.text
    )
    row = re.search(r'<tr>\s*<th scope="row"><a href="[^"]+">Peer work</a></th>(.*?)</tr>',
                    page.text, re.S)  # fmt: skip
    assert row is not None
    cells = re.findall(r'<td class="num">(?:<span[^>]*><span[^>]*>[^<]*</span>)?(\d+)', row[1])
    assert cells[:2] == ["2", "1"]  # nodes, links
    assert f'href="{built.base}"' in page.text


def test_a_model_is_created_from_the_form_and_an_empty_name_is_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    url = f"/projects/{sample.project_id}/change-models"
    refused = client.post(url, data={"name": "  ", "description": "x"})
    assert refused.status_code == 422
    assert "Nothing was changed." in refused.text
    assert sample.project.change_models.list() == []
    created = client.post(url, data={"name": "Peer work", "description": "Ours."})
    assert created.status_code == 200
    assert "Created the change model 'Peer work'." in _text(created)
    model = sample.project.change_models.list()[0]
    assert created.url.path == f"{url}/{model.id}"
    kinds = [kind.name for kind in sample.project.change_models.get(model.id).kinds]
    assert "mechanism" in kinds and "process outcome" in kinds


# ---------------------------------------------------------------- the diagram page


def test_the_model_page_shows_the_diagram_tables_flags_and_forms(
    client: TestClient, built: Built
) -> None:
    page = client.get(built.base)
    assert page.status_code == 200
    text = _text(page)
    assert 'class="cm-diagram"' in page.text
    assert f'data-node-id="{built.trust}"' in page.text
    assert f'data-link-id="{built.link}"' in page.text
    assert 'data-testid="cm-panel-empty"' in page.text
    assert f'href="{built.base}?node={built.hope}#cm-panel"' in page.text
    assert f'href="{built.base}?link={built.link}#cm-panel"' in page.text
    assert "Add a node" in text and "Add a link" in text
    flags = re.search(r'data-testid="cm-flags">(.*?)</ul>', text, re.S)
    assert flags is not None and "Trust → Hope" in flags[1]  # the link has no evidence
    assert '<script type="application/json" id="cm-data">' in page.text
    assert "style=" not in page.text.split('id="cm-viewport"', 1)[1].split("</div>", 1)[0]


def test_labels_are_escaped_in_the_diagram_and_the_tables(client: TestClient, built: Built) -> None:
    built.sample.project.change_models.add_node('<script>alert("x")</script>', "context")
    page = client.get(built.base)
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text


def test_a_node_chosen_by_the_address_opens_its_panel_with_profile_and_evidence(
    client: TestClient, built: Built
) -> None:
    page = client.get(built.base, params={"node": built.hope})
    assert page.status_code == 200
    text = _text(page)
    assert re.search(r'data-testid="cm-panel-title">Hope</h2>', text)
    summary = re.search(r'data-testid="cm-summary">(.*?)</ul>', text, re.S)
    assert summary is not None
    assert "<strong>1</strong> supporting" in summary[1]
    assert "<strong>1</strong> participant" in summary[1]
    quotes = re.search(r'data-testid="cm-quotes">(.*?)</ul>', text, re.S)
    assert quotes is not None and "That shared" in quotes[1] and "P01" in quotes[1]
    evidence = re.search(r'data-testid="cm-evidence">(.*?)</ul>', text, re.S)
    assert evidence is not None
    assert "Added by tester" in evidence[1]
    assert f'action="{built.base}/evidence/{built.evidence}/remove"' in evidence[1]
    assert "Add an indicator" in text  # an outcome node carries indicators


def test_a_link_split_by_an_attribute_shows_counts_by_group(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    cm.add_evidence(link=built.link, coding=built.sample.coding_id, stance="contradicts")
    page = client.get(built.base, params={"link": built.link, "by": "stakeholder group"})
    assert page.status_code == 200
    text = _text(page)
    groups = re.search(r'data-testid="cm-groups">(.*?)</table>', text, re.S)
    assert groups is not None
    row = re.search(r'<th scope="row">peer worker</th>(.*?)</tr>', groups[1], re.S)
    assert row is not None
    assert re.findall(r'<td class="num">(\d+)</td>', row[1])[-1] == "1"  # contradicting
    assert "contradicts" in text
    assert '<option value="stakeholder group" selected>' in page.text


def test_the_panel_fragment_answers_the_panel_alone(client: TestClient, built: Built) -> None:
    fragment = client.get(f"{built.base}/panel", params={"node": built.trust})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="cm-panel-title"' in fragment.text
    assert "Trust" in fragment.text
    assert "bound codes" in _text(fragment)
    empty = client.get(f"{built.base}/panel")
    assert 'data-testid="cm-panel-empty"' in empty.text
    missing = client.get(f"{built.base}/panel", params={"node": 99999})
    assert missing.status_code == 404


# ---------------------------------------------------------------- nodes


def test_a_node_is_added_from_the_form_with_its_bound_codes(
    client: TestClient, built: Built
) -> None:
    answer = client.post(
        f"{built.base}/nodes",
        data={
            "label": "Role-modelling",
            "kind": "mechanism",
            "description": "Living well.",
            "candidate": "1",
            "code_id": [str(built.sample.hope_code_id)],
        },
    )
    assert answer.status_code == 200
    assert "Added the node 'Role-modelling'." in _text(answer)
    node = next(
        n for n in built.sample.project.change_models.get().nodes if n.label == "Role-modelling"
    )
    assert node.candidate and node.kind == "mechanism" and node.codes == ("Hope",)
    assert answer.url.params["node"] == str(node.id)


def test_a_refused_node_keeps_the_typed_values_and_adds_nothing(
    client: TestClient, built: Built
) -> None:
    answer = client.post(
        f"{built.base}/nodes", data={"label": "Trust", "kind": "context", "description": "Typed."}
    )
    assert answer.status_code == 422
    text = _text(answer)
    assert "Nothing was changed." in text
    assert ">Typed.</textarea>" in text
    assert _labels(built.sample) == ["Trust", "Hope"]


def test_a_node_is_edited_and_its_codes_rebound(client: TestClient, built: Built) -> None:
    form = client.get(f"{built.base}/nodes/{built.trust}/edit")
    assert form.status_code == 200
    assert f'<option value="{built.sample.trust_code_id}" selected>' in form.text
    saved = client.post(
        f"{built.base}/nodes/{built.trust}/edit",
        data={
            "label": "Trust from lived experience",
            "kind": "mechanism",
            "description": "",
            "code_id": [str(built.sample.shared_code_id)],
            "if_version": "1",
        },
    )
    assert saved.status_code == 200
    assert "Saved the node 'Trust from lived experience'." in _text(saved)
    node = next(n for n in built.sample.project.change_models.get().nodes if n.id == built.trust)
    assert node.codes == ("Trust > Shared experience",)


def test_a_stale_node_edit_comes_back_as_typed_with_what_is_stored(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    theirs = cm.edit_node(built.hope, description="Someone else's words.")
    answer = client.post(
        f"{built.base}/nodes/{built.hope}/edit",
        data={
            "label": "Hope",
            "kind": "process outcome",
            "description": "Mine.",
            "if_version": "1",
        },
    )
    assert answer.status_code == 409
    text = _text(answer)
    assert "was changed by someone else since you read it" in text
    assert "Stored now: the description is “Someone else's words.”." in text
    assert "press “Save the node” to save yours in its place" in text
    assert ">Mine.</textarea>" in text
    assert f'name="if_version" value="{theirs.version}"' in answer.text
    assert cm.get().nodes[1].description == "Someone else's words."


def test_an_invalid_node_edit_is_shown_again_as_typed(client: TestClient, built: Built) -> None:
    answer = client.post(
        f"{built.base}/nodes/{built.hope}/edit",
        data={"label": "Trust", "kind": "process outcome", "description": "Typed."},
    )
    assert answer.status_code == 422
    assert ">Typed.</textarea>" in _text(answer)
    assert _labels(built.sample) == ["Trust", "Hope"]


def test_deleting_a_node_is_confirmed_saying_what_goes_with_it(
    client: TestClient, built: Built
) -> None:
    confirm = client.get(f"{built.base}/nodes/{built.trust}/delete")
    assert confirm.status_code == 200
    effects = re.search(r'data-testid="cm-delete-effects">(.*?)</ul>', _text(confirm), re.S)
    assert effects is not None
    assert "1 link: Trust → Hope" in effects[1]
    assert "1 code binding" in effects[1]
    assert _labels(built.sample) == ["Trust", "Hope"]
    deleted = client.post(f"{built.base}/nodes/{built.trust}/delete", data={"if_version": "1"})
    assert deleted.status_code == 200
    assert "Deleted the node 'Trust' with 1 link" in _text(deleted)
    assert _labels(built.sample) == ["Hope"]


# ---------------------------------------------------------------- links


def test_a_link_is_added_and_a_link_without_an_end_is_refused(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    context = cm.add_node("Lived experience shared", "context")
    refused = client.post(
        f"{built.base}/links", data={"source_id": str(context.id), "target_id": ""}
    )
    assert refused.status_code == 422
    assert "Choose the link's target node." in _text(refused)
    assert len(cm.get().links) == 1
    added = client.post(
        f"{built.base}/links",
        data={"source_id": str(context.id), "target_id": str(built.trust), "rationale": "Because."},
    )
    assert added.status_code == 200
    assert "Added the link Lived experience shared → Trust." in _text(added)
    assert len(cm.get().links) == 2


def test_a_link_is_edited_stale_edits_are_kept_and_it_is_deleted(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    context = cm.add_node("Shared experience", "context")
    form = client.get(f"{built.base}/links/{built.link}/edit")
    assert form.status_code == 200 and "Trust makes hope possible." in form.text
    saved = client.post(
        f"{built.base}/links/{built.link}/edit",
        data={"rationale": "Why.", "condition_id": str(context.id), "if_version": "1"},
    )
    assert saved.status_code == 200
    link = cm.get().links[0]
    assert link.rationale == "Why." and link.condition == "Shared experience"
    stale = client.post(
        f"{built.base}/links/{built.link}/edit", data={"rationale": "Mine.", "if_version": "1"}
    )
    assert stale.status_code == 409
    assert "Stored now: the rationale is “Why.”" in _text(stale)
    assert cm.get().links[0].rationale == "Why."
    deleted = client.post(
        f"{built.base}/links/{built.link}/delete", data={"if_version": str(link.version)}
    )
    assert deleted.status_code == 200
    assert "Deleted the link Trust → Hope." in _text(deleted)
    assert cm.get().links == ()


# ---------------------------------------------------------------- indicators, evidence, model


def test_an_indicator_is_added_to_an_outcome_and_removed(client: TestClient, built: Built) -> None:
    cm = built.sample.project.change_models
    added = client.post(
        f"{built.base}/nodes/{built.hope}/indicators",
        data={"name": "Hope score", "measure": "", "timing": "6 months"},
    )
    assert added.status_code == 200
    assert "Added the indicator 'Hope score'." in _text(added)
    indicator = cm.get().indicators[0]
    assert indicator.timing == "6 months"
    assert "Hope score" in _text(added)
    removed = client.post(
        f"{built.base}/indicators/{indicator.id}/remove", data={"if_version": "1"}
    )
    assert removed.status_code == 200
    assert cm.get().indicators == ()


def test_evidence_is_removed_from_the_panel(client: TestClient, built: Built) -> None:
    cm = built.sample.project.change_models
    answer = client.post(
        f"{built.base}/evidence/{built.evidence}/remove",
        data={"if_version": "1", "next": f"{built.base}?node={built.hope}"},
    )
    assert answer.status_code == 200
    assert "Removed the evidence" in _text(answer)
    assert answer.url.params["node"] == str(built.hope)
    assert cm.evidence(node="Hope") == []


def test_the_model_is_renamed_unless_it_changed_since_read(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    version = cm.get().model.version
    stale = client.post(
        f"{built.base}/edit",
        data={"name": "Other", "description": "", "if_version": str(version - 1)},
    )
    assert stale.status_code == 409
    assert cm.get().model.name == "Peer work"
    answer = client.post(
        f"{built.base}/edit",
        data={"name": "Peer support model", "description": "", "if_version": str(version)},
    )
    assert answer.status_code == 200
    assert "Saved the change model 'Peer support model'." in _text(answer)
    assert cm.get().model.name == "Peer support model"


# ---------------------------------------------------------------- chains, versions, downloads


def test_the_chains_page_shows_each_chain_and_the_case_chain_table(
    client: TestClient, built: Built
) -> None:
    cm = built.sample.project.change_models
    cm.add_node("Shared lived experience", "context")
    cm.add_link("Shared lived experience", "Trust")
    page = client.get(f"{built.base}/chains")
    assert page.status_code == 200
    text = _text(page)
    assert "Shared lived experience → Trust → Hope" in text
    table = re.search(r'data-testid="cm-case-chains"(.*?)</table>', text, re.S)
    assert table is not None
    cases = re.findall(r'<th scope="col">([^<]+)</th>', table[1])[1:]
    row = re.search(r'<th scope="row">Shared lived experience → Trust → Hope</th>(.*?)</tr>',
                    table[1], re.S)  # fmt: skip
    assert row is not None
    states = dict(zip(cases, re.findall(r'class="cm-state cm-state--(\w+)"', row[1]), strict=True))
    assert states["Trust A"] == "supported"
    assert states.get("Charity B", "silent") == "silent"


def test_a_version_is_saved_and_compared_with_the_model_now(
    client: TestClient, built: Built
) -> None:
    saved = client.post(f"{built.base}/versions", data={"name": "Workshop 1", "note": "Before."})
    assert saved.status_code == 200
    assert "Saved the version 'Workshop 1'." in _text(saved)
    built.sample.project.change_models.add_node("Resilience", "downstream outcome")
    page = client.get(f"{built.base}/versions", params={"old": "Workshop 1"})
    assert page.status_code == 200
    differences = re.search(r'data-testid="cm-differences"(.*?)</table>', _text(page), re.S)
    assert differences is not None
    assert "Resilience" in differences[1] and "added" in differences[1]
    unknown = client.get(f"{built.base}/versions", params={"old": "Nope"})
    assert unknown.status_code == 422


def test_the_downloads_are_named_by_project_model_and_format(
    client: TestClient, built: Built
) -> None:
    page = client.get(f"{built.base}/downloads")
    assert page.status_code == 200
    assert 'data-testid="cm-plan-table"' in page.text
    for format, suffix in (
        ("svg", "svg"), ("png", "png"), ("mermaid", "mmd"), ("dot", "dot"),
        ("graphml", "graphml"), ("kumu", "json"),
    ):  # fmt: skip
        answer = client.get(f"{built.base}/export/{format}")
        assert answer.status_code == 200, format
        name = unquote(answer.headers["content-disposition"].split("filename*=UTF-8''")[1])
        assert name.startswith(f"peer-support_change-model_model-peer-work-as-{format}_")
        assert name.endswith(f".{suffix}")
        assert answer.content
    for format in ("xlsx", "csv"):
        plan = client.get(f"{built.base}/plan", params={"format": format})
        assert plan.status_code == 200
        assert "evaluation-plan_model-peer-work" in plan.headers["content-disposition"]
    report = client.get(f"{built.base}/report")
    assert report.status_code == 200
    assert report.headers["content-disposition"].startswith("attachment;")
    assert "Hope" in report.text
    assert client.get(f"{built.base}/export/pdf").status_code == 422


# ---------------------------------------------------------------- the JSON API


def test_the_api_lists_models_and_answers_a_whole_model(client: TestClient, built: Built) -> None:
    pid = built.sample.project_id
    listed = client.get(f"/api/projects/{pid}/change-models")
    assert listed.status_code == 200
    assert [(m["name"], m["nodes"], m["links"]) for m in listed.json()] == [("Peer work", 2, 1)]
    whole = client.get(f"/api/projects/{pid}/change-models/{built.model_id}")
    assert whole.status_code == 200
    body = whole.json()
    assert [node["label"] for node in body["nodes"]] == ["Trust", "Hope"]
    assert body["links"][0]["source_id"] == built.trust
    assert client.get(f"/api/projects/{pid}/change-models/999").status_code == 404


def test_the_api_adds_a_quote_as_evidence_and_refuses_bad_input(
    client: TestClient, built: Built
) -> None:
    url = f"/api{built.base}/evidence"
    start = INTERVIEW.index("shared experience")
    added = client.post(
        url,
        json={"link_id": built.link, "coding_id": built.sample.coding_id, "start": start,
              "end": start + 6, "stance": "supports", "note": "Said plainly."},
    )  # fmt: skip
    assert added.status_code == 201
    body = added.json()
    assert body["kind"] == "quote" and body["link_id"] == built.link
    assert body["author"] == "tester" and body["note"] == "Said plainly."
    cm = built.sample.project.change_models
    before = len(cm.evidence(link=built.link))
    for bad in (
        {"node_id": built.hope, "link_id": built.link, "coding_id": built.sample.coding_id},
        {"node_id": built.hope, "coding_id": built.sample.coding_id, "start": 3},
        {"node_id": built.hope},
    ):
        refused = client.post(url, json=bad)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["message"]
    assert (
        "A quote needs both its start and its end."
        in client.post(
            url, json={"node_id": built.hope, "coding_id": built.sample.coding_id, "start": 3}
        ).json()["error"]["message"]
    )
    assert len(cm.evidence(link=built.link)) == before


def test_the_api_answers_a_profile_split_by_an_attribute(client: TestClient, built: Built) -> None:
    answer = client.get(
        f"/api{built.base}/profile", params={"node_id": built.hope, "by": "stakeholder group"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["subject"] == "Hope" and body["by"] == "stakeholder group"
    assert body["summary"]["supports"] == 1
    assert [group["group"] for group in body["groups"] if group["codings"]] == ["peer worker"]
    assert body["quotes"][0]["participant"] == "P01"


# ---------------------------------------------------------------- the overview


def test_the_overview_checklist_has_the_mapping_stage_done_once_a_node_has_evidence(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    sample.project.documents.unmap_speaker("Sam")  # the checklist stays up

    def mapping_step() -> str:
        page = client.get(f"/projects/{pid}").text
        steps = re.search(r'data-testid="next-steps">(.*?)</ol>', page, re.S)
        assert steps is not None
        items = html.unescape(steps[1]).split('<li class="checklist__item')
        found = [item for item in items if f'href="/projects/{pid}/change-models"' in item]
        assert len(found) == 1
        return found[0]

    step = mapping_step()
    assert "Map and interpret: build the change model" in step
    assert "Done" not in step and "To do" not in step  # a later stage: never "to do"
    cm = sample.project.change_models
    cm.create("Peer work")
    cm.add_node("Hope", "process outcome")
    assert "Done" not in mapping_step()
    cm.add_evidence(node="Hope", coding=sample.coding_id)
    assert "Done" in mapping_step()


def test_the_peer_worker_templates_model_is_listed_with_its_candidates_and_shown(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project(
        "Peer study", database=database, user="tester", template="peer-worker-study"
    )
    pid = project.info.id
    listed = client.get(f"/projects/{pid}/change-models")
    assert listed.status_code == 200
    model = project.change_models.list()[0]
    assert f'<a href="/projects/{pid}/change-models/{model.id}">{model.name}</a>' in listed.text
    assert "candidate node" in listed.text
    page = client.get(f"/projects/{pid}/change-models/{model.id}")
    assert page.status_code == 200
    view = project.change_models.get(model.id)
    for node in view.nodes:
        assert f'data-node-id="{node.id}"' in page.text
    chains = client.get(f"/projects/{pid}/change-models/{model.id}/chains")
    assert chains.status_code == 200


def test_evidence_is_split_by_a_typology_and_never_offered_by_a_text_attribute(
    client: TestClient, built: Built
) -> None:
    project = built.sample.project
    project.study.define_attribute("notes", "case", "text")
    project.typologies.define("model of peer work", level="case", categories=["embedded", "hybrid"])
    project.typologies.assign("model of peer work", "Trust A", "embedded")
    page = client.get(built.base, params={"node": built.hope, "by": "model of peer work"})
    assert page.status_code == 200
    select = re.search(r'<select id="cm-split-by"[^>]*>(.*?)</select>', page.text, re.S)
    assert select is not None
    assert '<option value="model of peer work" selected>' in select[1]
    assert 'value="notes"' not in select[1]
    groups = re.search(r'data-testid="cm-groups">(.*?)</table>', _text(page), re.S)
    assert groups is not None and "embedded" in groups[1]
