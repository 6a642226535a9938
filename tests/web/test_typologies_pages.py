"""Typologies in the web application: define a dimension, assign each case or
participant a category (a stale save refused with what was chosen), group the
matrix and comparisons by it; and the JSON twin under /api/projects/{pid}/typologies."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

MODEL = "model of peer work"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(client: TestClient, page: str, action: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """Post a form from ``page`` (so a refusal comes back there) and follow the redirect."""
    return client.post(action, headers={"Referer": f"http://localhost{page}"}, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def dimension(sample: SampleStudy) -> int:
    """A case dimension "model of peer work" (embedded, standalone), nobody assigned."""
    record = sample.project.typologies.define(
        MODEL,
        level="case",
        categories=["embedded", "standalone"],
        description="How peer work is set up.",
    )
    return record.id


def _table(client: TestClient, sample: SampleStudy, dimension: int) -> dict[str, str]:
    """The assignments form's fields as the page shows them (a browser would post these)."""
    page = client.get(f"/projects/{sample.project_id}/study/typologies/{dimension}").text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    for name, body in re.findall(r'<select name="(category-\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r"<option(?: value=\"\")? selected>([^<]*)</option>", body)
        fields[name] = "" if chosen is None or chosen.group(1).startswith("—") else chosen.group(1)
    return fields


def _row(fields: dict[str, str], name: str) -> str:
    return next(
        key.removeprefix("object-")
        for key, value in fields.items()
        if key.startswith("object-") and value == name
    )


def test_the_study_pages_link_to_the_typologies_page(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}/study").text
    assert f'href="/projects/{sample.project_id}/study/typologies"' in page
    empty = client.get(f"/projects/{sample.project_id}/study/typologies")
    assert empty.status_code == 200
    assert "No typology dimensions yet." in _text(empty.text)


def test_defining_a_dimension_lists_it_with_its_counts_and_groupings(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    answer = _post(
        client,
        f"/projects/{pid}/study/typologies",
        f"/projects/{pid}/study/typologies",
        data={
            "name": MODEL,
            "level": "case",
            "categories": "embedded\n\nstandalone\nhybrid\n",
            "description": "Set-up",
        },
    )
    assert answer.status_code == 200
    assert (
        "Defined the typology 'model of peer work' of cases: embedded, standalone, hybrid."
        in _text(answer.text)
    )
    [record] = sample.project.typologies.dimensions()
    assert (record.categories, record.level.value, record.description) == (
        ("embedded", "standalone", "hybrid"),
        "case",
        "Set-up",
    )
    assert answer.url.path == f"/projects/{pid}/study/typologies/{record.id}"
    listing = client.get(f"/projects/{pid}/study/typologies").text
    assert "0 assigned, 2 not yet" in _text(listing)
    assert (
        f'href="/projects/{pid}/matrix?rows=participants&amp;group_by=model+of+peer+work"'
        in listing
    )
    assert f'href="/projects/{pid}/compare/code?by=model+of+peer+work"' in listing
    assert (
        client.get(f"/projects/{pid}/matrix?rows=participants&group_by={MODEL}").status_code == 200
    )
    assert client.get(f"/projects/{pid}/compare/code?by={MODEL}").status_code == 200


def test_a_bad_definition_comes_back_with_its_message_and_defines_nothing(
    client: TestClient, sample: SampleStudy, dimension: int
) -> None:
    pid = sample.project_id
    page = f"/projects/{pid}/study/typologies"
    no_categories = _post(
        client, page, page, data={"name": "setting", "level": "case", "categories": " \n"}
    )
    assert "The typology 'setting' needs its categories." in _text(no_categories.text)
    taken = _post(
        client, page, page, data={"name": "employer", "level": "participant", "categories": "a\nb"}
    )
    assert taken.url.path == page
    assert "employer" in _text(taken.text) and "already" in _text(taken.text)
    documents = _post(
        client, page, page, data={"name": "kind", "level": "document", "categories": "a"}
    )
    assert "A typology classifies cases or participants, not documents." in _text(documents.text)
    assert [d.name for d in sample.project.typologies.dimensions()] == [MODEL]


def test_the_table_assigns_and_unassigns_only_the_rows_changed(
    client: TestClient, sample: SampleStudy, dimension: int
) -> None:
    pid = sample.project_id
    page = f"/projects/{pid}/study/typologies/{dimension}"
    shown = client.get(page).text
    assert 'aria-label="Category of case Trust A"' in shown
    assert "2 cases on model of peer work" in _text(shown)
    assert "(not assigned) 2" in _text(shown)
    fields = _table(client, sample, dimension)
    fields[f"category-{_row(fields, 'Trust A')}"] = "embedded"
    fields[f"category-{_row(fields, 'Charity B')}"] = "standalone"
    answer = _post(client, page, page, data=fields)
    assert "Saved 2 assignments on 'model of peer work'." in _text(answer.text)
    placed = {p.object: p.category for p in sample.project.typologies.placements(MODEL)}
    assert placed == {"Trust A": "embedded", "Charity B": "standalone"}
    assert "<option selected>embedded</option>" in answer.text
    # Unassign one; the other row, unchanged, is not written (its version stays).
    charity_version = next(c.version for c in sample.project.study.cases() if c.name == "Charity B")
    fields = _table(client, sample, dimension)
    fields[f"category-{_row(fields, 'Trust A')}"] = ""
    answer = _post(client, page, page, data=fields)
    assert "Saved 1 assignment on 'model of peer work'." in _text(answer.text)
    placed = {p.object: p.category for p in sample.project.typologies.placements(MODEL)}
    assert placed == {"Trust A": None, "Charity B": "standalone"}
    assert (
        next(c.version for c in sample.project.study.cases() if c.name == "Charity B")
        == charity_version
    )
    again = _post(client, page, page, data=_table(client, sample, dimension))
    assert "Nothing changed." in _text(again.text)


def test_a_stale_save_says_what_was_chosen_and_saves_nothing(
    client: TestClient, sample: SampleStudy, dimension: int
) -> None:
    pid = sample.project_id
    page = f"/projects/{pid}/study/typologies/{dimension}"
    fields = _table(client, sample, dimension)
    # Meanwhile someone else assigns Trust A in another window.
    sample.project.typologies.assign(MODEL, "Trust A", "standalone")
    fields[f"category-{_row(fields, 'Charity B')}"] = "embedded"
    fields[f"category-{_row(fields, 'Trust A')}"] = "embedded"
    answer = _post(client, page, page, data=fields)
    assert answer.url.path == page
    text = _text(answer.text)
    assert "was changed" in text
    assert (
        "What you typed, not saved: category of Trust A 'embedded' (stored: 'standalone')." in text
    )
    placed = {p.object: p.category for p in sample.project.typologies.placements(MODEL)}
    assert placed == {"Trust A": "standalone", "Charity B": None}  # Charity B not saved either


def test_a_participant_dimension_lists_every_participant(
    client: TestClient, sample: SampleStudy
) -> None:
    record = sample.project.typologies.define(
        "journey", level="participant", categories=["early", "settled"]
    )
    page = client.get(f"/projects/{sample.project_id}/study/typologies/{record.id}").text
    assert [f"Category of participant {p}" in page for p in ("P01", "P02", "P03")] == [True] * 3
    missing = client.get(f"/projects/{sample.project_id}/study/typologies/999999")
    assert missing.status_code == 404
    assert "There is no typology dimension with id 999999" in _text(missing.text)


# ---------------------------------------------------------------- the JSON API


def test_the_api_defines_lists_assigns_and_unassigns(
    client: TestClient, sample: SampleStudy
) -> None:
    base = f"/api/projects/{sample.project_id}/typologies"
    made = client.post(
        base, json={"name": MODEL, "level": "case", "categories": ["embedded", "standalone"]}
    )
    assert made.status_code == 201, made.text
    dimension = made.json()["id"]
    assert [d["name"] for d in client.get(base).json()] == [MODEL]
    placements = client.get(f"{base}/{dimension}/placements").json()
    assert [(p["object"], p["category"]) for p in placements] == [
        ("Charity B", None),
        ("Trust A", None),
    ]
    trust = next(p for p in placements if p["object"] == "Trust A")
    done = client.put(
        f"{base}/{dimension}/assignments",
        json={"object": "Trust A", "category": "embedded", "if_version": trust["version"]},
    )
    assert done.status_code == 200, done.text
    assert (done.json()["category"], done.json()["previous"]) == ("embedded", None)
    case_id = next(c.id for c in sample.project.study.cases() if c.name == "Trust A")
    stale = client.put(
        f"{base}/{dimension}/assignments",
        json={
            "object_id": case_id,
            "category": "standalone",
            "replace": True,
            "if_version": trust["version"],
        },
    )
    assert stale.status_code == 409
    conflict = client.put(
        f"{base}/{dimension}/assignments", json={"object": "Trust A", "category": "standalone"}
    )
    assert conflict.status_code == 409
    assert "already assigned to 'embedded'" in conflict.json()["error"]["message"]
    gone = client.delete(f"{base}/{dimension}/assignments", params={"object_id": case_id})
    assert (gone.status_code, gone.json()["previous"], gone.json()["category"]) == (
        200,
        "embedded",
        None,
    )
    both = client.delete(
        f"{base}/{dimension}/assignments", params={"object": "Trust A", "object_id": case_id}
    )
    assert both.status_code == 422
    assert client.get(f"{base}/999999/placements").status_code == 404
    assert {p.object: p.category for p in sample.project.typologies.placements(MODEL)} == {
        "Charity B": None,
        "Trust A": None,
    }


def test_a_category_the_dimension_lacks_is_refused_and_nothing_is_saved(
    client: TestClient, sample: SampleStudy, dimension: int
) -> None:
    pid = sample.project_id
    page = f"/projects/{pid}/study/typologies/{dimension}"
    fields = _table(client, sample, dimension)
    fields[f"category-{_row(fields, 'Charity B')}"] = "embedded"
    fields[f"category-{_row(fields, 'Trust A')}"] = "franchise"
    answer = _post(client, page, page, data=fields)
    assert answer.url.path == page
    assert "franchise" in _text(answer.text)
    assert {p.category for p in sample.project.typologies.placements(MODEL)} == {None}
