"""A quote of one sentence of its coding, through the JSON API (the side panel)
and the cell page's forms (without JavaScript)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy

TURN = (
    "I had been on the ward myself 🙂 and I knew what it was like. "
    "That shared experience is where trust starts."
)
KEY = "That shared experience is where trust starts."


@pytest.fixture
def turn(sample: SampleStudy) -> int:
    """P01's whole first turn coded "Trust > Shared experience" and quoted whole
    in P01's cell; returns the coding's id."""
    start = INTERVIEW.index(TURN)
    coding = sample.project.coding.apply(
        "P01 interview.txt", sample.shared_code_id, start, start + len(TURN)
    )
    sample.project.matrix.link_quote("P01", sample.shared_code_id, coding.id)
    return coding.id


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}/matrix/cell"


def _cell(sample: SampleStudy) -> dict[str, Any]:
    return {"row_kind": "participant", "row": "P01", "code_id": sample.shared_code_id}


def _at(words: str) -> tuple[int, int]:
    """The span of ``words`` in the interview, in code points."""
    start = INTERVIEW.index(words)
    return start, start + len(words)


def _quote(sample: SampleStudy, coding: int) -> Any:
    quotes = sample.project.matrix.cell("P01", sample.shared_code_id).quotes
    return next(q for q in quotes if q.coding_id == coding)


# ---------------------------------------------------------------- the JSON API


def test_the_panel_quotes_only_the_chosen_sentence(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    detail = client.get(_api(sample), params=_cell(sample)).json()
    (part,) = [p for p in detail["passages"] if p["coding_id"] == turn]
    assert part["whole"] and part["coding_text"] == TURN
    start, end = _at(KEY)
    answer = client.put(
        f"{_api(sample)}/quotes/{turn}/passage",
        params=_cell(sample),
        json={"start": start, "end": end, "if_version": detail["cell"]["version"]},
    )
    assert answer.status_code == 200
    quote = next(q for q in answer.json()["quotes"] if q["coding_id"] == turn)
    assert (quote["text"], quote["start"], quote["end"]) == (KEY, start, end)
    assert f"#{start}-{end}" in quote["link"] or f"start={start}" in quote["link"]
    detail = client.get(_api(sample), params=_cell(sample)).json()
    (part,) = [p for p in detail["passages"] if p["coding_id"] == turn]
    assert not part["whole"] and part["coding_text"] == TURN
    assert (part["start"], part["end"]) == (start, end)
    answer = client.put(
        f"{_api(sample)}/quotes/{turn}/passage",
        params=_cell(sample),
        json={"if_version": detail["cell"]["version"]},
    )
    quote = next(q for q in answer.json()["quotes"] if q["coding_id"] == turn)
    assert quote["text"] == TURN


def test_a_passage_outside_the_coding_is_refused_and_nothing_changes(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    before = client.get(_api(sample), params=_cell(sample)).json()["cell"]["version"]
    answer = client.put(
        f"{_api(sample)}/quotes/{turn}/passage", params=_cell(sample), json={"start": 0, "end": 9}
    )
    assert answer.status_code == 422
    assert "is not inside coding" in answer.json()["error"]["message"]
    assert client.get(_api(sample), params=_cell(sample)).json()["cell"]["version"] == before
    assert _quote(sample, turn).whole


def test_a_passage_from_a_stale_version_is_refused(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    answer = client.put(
        f"{_api(sample)}/quotes/{turn}/passage",
        params=_cell(sample),
        json={"passage": KEY, "if_version": 0},
    )
    assert answer.status_code == 409
    assert _quote(sample, turn).whole


def test_a_coding_can_be_linked_as_a_passage_by_its_words(
    client: TestClient, sample: SampleStudy
) -> None:
    start = INTERVIEW.index("Lived experience")
    words = "Lived experience is not enough. You need patience, and resilience on hard days."
    coding = sample.project.coding.apply(
        "P01 interview.txt", sample.shared_code_id, start, start + len(words)
    )
    answer = client.post(
        f"{_api(sample)}/quotes",
        params=_cell(sample),
        json={"coding_id": coding.id, "passage": "you need patience", "if_version": 0},
    )
    assert answer.status_code == 201
    (quote,) = answer.json()["quotes"]
    assert quote["text"] == "You need patience"


def test_the_downloaded_workbook_holds_the_passage(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    sample.project.matrix.quote_passage("P01", sample.shared_code_id, turn, passage=KEY)
    answer = client.get(
        f"/api/projects/{sample.project_id}/matrix/export",
        params={"theme_id": sample.trust_code_id, "format": "xlsx"},
    )
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    texts = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert KEY in texts
    assert not any("on the ward" in text for text in texts)


# ---------------------------------------------------------------- the cell page (no JavaScript)


def _page(sample: SampleStudy) -> str:
    cell = f"row_kind=participant&row=P01&code_id={sample.shared_code_id}"
    return f"/projects/{sample.project_id}/matrix/cell?{cell}&theme_id={sample.trust_code_id}"


def _form(sample: SampleStudy, coding: int, **extra: object) -> dict[str, object]:
    version = sample.project.matrix.cell("P01", sample.shared_code_id).version
    return {
        **_cell(sample),
        "if_version": version,
        "back": _page(sample),
        "coding_id": coding,
        **extra,
    }


def test_the_cell_page_quotes_only_the_words_typed_and_the_whole_coding_again(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    page = client.get(_page(sample)).text
    assert "Quote only these words of it" in page and "Quote whole coding" not in page
    action = f"/projects/{sample.project_id}/matrix/cell/quotes/passage"
    page = client.post(action, data=_form(sample, turn, passage="that SHARED experience")).text
    assert "The quote is now only “That shared experience”" in page
    assert '<blockquote class="quote__text">That shared experience</blockquote>' in page
    assert "A passage of the coding: show the whole coding" in page
    assert "Quote whole coding" in page
    page = client.post(action, data=_form(sample, turn, whole="1")).text
    assert "The quote is now the whole coding" in page
    assert _quote(sample, turn).whole
    actions = sample.project.matrix.history("P01", sample.shared_code_id)["action"].tolist()
    assert actions[-2:] == ["set_passage", "set_passage"]


def test_words_not_in_the_coding_come_back_as_an_error_and_nothing_changes(
    client: TestClient, sample: SampleStudy, turn: int
) -> None:
    before = len(sample.project.audit_log(entity_type="cell"))
    action = f"/projects/{sample.project_id}/matrix/cell/quotes/passage"
    page = client.post(action, data=_form(sample, turn, passage="went to the moon")).text
    assert "Nothing was changed." in page and "does not contain “went to the moon”" in page
    page = client.post(action, data=_form(sample, turn, passage="   ")).text
    assert "Type the words of the coding to quote" in page
    assert len(sample.project.audit_log(entity_type="cell")) == before
    assert _quote(sample, turn).whole
