"""The page of a document's turns: who speaks in each and by which mapping, and
saying who speaks in one turn (a turn's own mapping over its label's)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

import qualframe

# The typist wrote "Speaker 1" for turn 3, which Speaker 2 (P02) said.
GROUP = (
    "**Facilitator**: What helped you?\n\n"
    "**Speaker 1**: Talking to someone who had been there.\n\n"
    "**Speaker 1**: Being listened to, every week.\n"
)


@dataclass(frozen=True)
class Group:
    """The focus group study: its project and the document's id."""

    project: qualframe.Project
    document_id: int

    @property
    def page(self) -> str:
        return f"/projects/{self.project.info.id}/speakers/turns?document_id={self.document_id}"

    def turn(self, number: int) -> str:
        return f"{self.page}&turn={number}"

    @property
    def map(self) -> str:
        return f"/projects/{self.project.info.id}/speakers/turns/map"


@pytest.fixture
def group(database: qualframe.Database) -> Group:
    """One focus group, "Speaker 1" mapped to P01 project-wide, the facilitator
    unmapped, a coding on the third turn's words."""
    project = qualframe.create_project("Groups", database=database, user="tester")
    project.study.add_case("Site A")
    project.study.add_participant("P01", "Site A", description="Ann, a peer worker")
    project.study.add_participant("P02", "Site A", description="Bo, a carer")
    project.documents.import_bytes("fg.txt", GROUP.encode())
    project.documents.map_speaker("Speaker 1", "P01")
    project.codebook.add("Helped")
    start = GROUP.index("Being listened to")
    project.coding.apply("fg.txt", "Helped", start, start + len("Being listened to"))
    return Group(project, project.documents.info("fg.txt").id)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(client: TestClient, url: str, data: dict[str, str], back: str) -> Any:
    return client.post(url, data=data, headers={"Referer": f"http://localhost{back}"})


def _who(group: Group) -> list[tuple[int, str | None, str | None]]:
    return [(t.number, t.participant, t.level) for t in group.project.documents.turn_list("fg.txt")]


def test_the_page_lists_each_turn_with_who_speaks_and_by_which_mapping(
    client: TestClient, group: Group
) -> None:
    page = client.get(group.page)
    assert page.status_code == 200
    rows = _text(page.text.split('data-testid="turns"')[1].split("</table>")[0])
    assert "1 Facilitator **Facilitator**: What helped you? ! Not mapped Not mapped" in rows
    assert (
        "3 Speaker 1 **Speaker 1**: Being listened to, every week. P01 \u2014 Ann, a peer worker "
        "The project-wide mapping of the label" in rows
    )
    assert f'href="{group.turn(3)}#change"'.replace("&", "&amp;") in page.text
    assert 'data-testid="chosen-turn"' not in page.text
    speakers = client.get(f"/projects/{group.project.info.id}/speakers").text
    assert "Show its turns" in speakers
    sections = client.get(
        f"/projects/{group.project.info.id}/speakers/sections?document_id={group.document_id}"
    ).text
    assert f'href="{group.page}"'.replace("&", "&amp;") in sections


def test_one_turn_is_mapped_on_its_own_and_the_mapping_removed_again(
    client: TestClient, group: Group
) -> None:
    chosen = client.get(group.turn(3)).text
    box = chosen.split('data-testid="chosen-turn"')[1].split("</section>")[0]
    assert "Turn 3: Speaker 1" in _text(box)
    assert '<label for="turn-choice">Who speaks in turn 3</label>' in box
    assert '<option value="" selected>— As its label says —</option>' in box
    assert "Remove this turn" not in box

    answer = _post(
        client,
        group.map,
        {
            "document_id": str(group.document_id),
            "turn": "3",
            "choice": "participant:P02",
            "current": "",
        },
        group.turn(3),
    )
    assert answer.status_code == 200 and "turn=3" in str(answer.url)
    assert "Mapped turn 3 ('Speaker 1') of 'fg.txt' to P02; 1 coding re-attributed." in unescape(
        answer.text
    )
    assert _who(group) == [(1, None, None), (2, "P01", "project"), (3, "P02", "turn")]
    assert [c.participant for c in group.project.coding.listing()] == ["P02"]
    box = answer.text.split('data-testid="chosen-turn"')[1].split("</section>")[0]
    assert '<option value="participant:P02" selected>' in box
    assert "This turn’s own mapping" in _text(box)

    same = _post(
        client,
        group.map,
        {
            "document_id": str(group.document_id),
            "turn": "3",
            "choice": "participant:P02",
            "current": "participant:P02",
        },
        group.turn(3),
    )
    assert "No change for turn 3." in same.text

    removed = _post(
        client,
        f"/projects/{group.project.info.id}/speakers/turns/unmap",
        {"document_id": str(group.document_id), "turn": "3"},
        group.turn(3),
    )
    assert "Removed the mapping of turn 3 ('Speaker 1') of 'fg.txt'" in unescape(removed.text)
    assert _who(group)[2] == (3, "P01", "project")

    # "As its label says" on a turn with its own mapping removes it too.
    group.project.documents.map_turn("fg.txt", 1, role="interviewer")
    blank = _post(
        client,
        group.map,
        {
            "document_id": str(group.document_id),
            "turn": "1",
            "choice": "",
            "current": "interviewer",
        },
        group.turn(1),
    )
    assert "Removed the mapping of turn 1 ('Facilitator')" in unescape(blank.text)
    assert _who(group)[0] == (1, None, None)


def test_a_wrong_turn_is_refused_with_its_reason_and_changes_nothing(
    client: TestClient, group: Group
) -> None:
    before = group.project.documents.mapping_list()
    answer = _post(
        client,
        group.map,
        {"document_id": str(group.document_id), "turn": "7", "choice": "participant:P02"},
        group.page,
    )
    assert "Nothing was changed." in answer.text
    assert "Document 'fg.txt' has turns 1 to 3; there is no turn 7." in unescape(answer.text)
    answer = _post(
        client,
        group.map,
        {"document_id": str(group.document_id), "turn": "2", "choice": "participant:P09"},
        group.page,
    )
    assert "Nothing was changed." in answer.text and "P09" in answer.text
    answer = _post(
        client,
        f"/projects/{group.project.info.id}/speakers/turns/unmap",
        {"document_id": str(group.document_id), "turn": "2"},
        group.page,
    )
    assert "has no mapping of its own" in unescape(answer.text)
    assert group.project.documents.mapping_list() == before
    missing = client.get(group.turn(9))
    assert missing.status_code == 404
    assert "there is no turn 9" in unescape(missing.text)


def test_a_document_without_turns_says_so(client: TestClient, group: Group) -> None:
    group.project.documents.import_bytes("notes.txt", b"Some notes without any speakers.\n")
    notes = group.project.documents.info("notes.txt").id
    page = client.get(f"/projects/{group.project.info.id}/speakers/turns?document_id={notes}")
    assert "This document has no speaker turns." in page.text
