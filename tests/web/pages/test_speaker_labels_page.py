"""The speakers page's actions on labels: "Not a speaker", undo, a missed label,
mapping every unmapped label, making participants of labels, and the page of a
document's sections with the mappings its headings suggest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

import qualframe

DAY = (
    "Day 4\n=====\n\n"
    "Ms Jane Smith (affirmed)\n------------------------\n\n"
    "**Counsel**: Did you attend the meetings?\n\n"
    "**The Witness**: I attended most of them. We met weekly.\n\n"
    "**You say**: we met weekly, but the minutes say monthly.\n\n"
    "**Counsel**: Thank you.\n\n"
    "Evidence of Professor Alan Jones\n--------------------------------\n\n"
    "**Counsel**: Professor, what did you advise?\n\n"
    "**The Witness**: I advised caution. Nobody listened.\n"
)


@dataclass(frozen=True)
class Hearing:
    """The hearing study: its project and the document's id."""

    project: qualframe.Project
    document_id: int

    @property
    def page(self) -> str:
        return f"/projects/{self.project.info.id}/speakers"

    @property
    def sections(self) -> str:
        return f"{self.page}/sections?document_id={self.document_id}"


@pytest.fixture
def hearing(database: qualframe.Database) -> Hearing:
    """One hearing day: two witnesses under their headings, "The Witness" unmapped,
    counsel quoting with "You say:", a coding on each witness's words."""
    project = qualframe.create_project("Inquiry", database=database, user="tester")
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.study.add_participant(
        "W02",
        "Witnesses",
        description="Professor Alan Jones, epidemiologist at the national institute of health "
        "protection and adviser to three governments",
    )
    project.documents.import_bytes("day4.txt", DAY.encode())
    project.codebook.add("Meetings")
    for words in ("We met weekly.", "Nobody listened.", "the minutes say monthly."):
        start = DAY.index(words)
        project.coding.apply("day4.txt", "Meetings", start, start + len(words))
    return Hearing(project, project.documents.info("day4.txt").id)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(client: TestClient, url: str, data: dict[str, str | list[str]], back: str) -> Any:
    return client.post(url, data=data, headers={"Referer": f"http://localhost{back}"})


def _speakers(hearing: Hearing) -> list[tuple[str | None, str | None]]:
    """(speaker, participant) of every coding in text order."""
    frame = hearing.project.coding.codings().sort_values("start")
    return [
        (row.speaker, row.participant if isinstance(row.participant, str) else None)
        for row in frame.itertuples()
    ]


def test_the_page_offers_the_actions_on_labels(client: TestClient, hearing: Hearing) -> None:
    page = client.get(hearing.page).text
    assert 'Not a speaker<span class="visually-hidden"> You say</span>' in page
    assert "Map all unmapped to the interviewer" in page
    assert "Create participants from the chosen labels" in page
    assert 'form="from-labels"' in page
    assert "No decisions: every label is as detected." in _text(page)
    assert f'<option value="{hearing.document_id}">day4.txt</option>' in page
    # Participants read "identifier — description", the description shortened.
    assert ">W01 \u2014 Jane Smith, chief nurse</option>" in page
    long = re.search(r">W02 \u2014 ([^<]*)</option>", page)
    assert long is not None and long.group(1).endswith("…") and len(long.group(1)) <= 60


def test_not_a_speaker_rejoins_the_turns_and_can_be_undone(
    client: TestClient, hearing: Hearing
) -> None:
    answer = _post(client, f"{hearing.page}/reject", {"label": "You say"}, hearing.page)
    assert (
        "'You say' is not a speaker: 1 turn merged into the turn before, 1 coding re-attributed."
        in unescape(answer.text)
    )
    assert [t.label for t in hearing.project.documents.turn_list("day4.txt")].count("You say") == 0
    assert _speakers(hearing)[1] == ("The Witness", None)
    decisions = _text(answer.text.split('data-testid="decisions"')[1])
    assert "You say Not a speaker tester" in decisions
    undone = _post(client, f"{hearing.page}/undo", {"label": "You say"}, hearing.page)
    assert "'You say' is as detected again: 1 turn split off" in unescape(undone.text)
    assert _speakers(hearing)[1] == ("You say", None)


def test_a_missed_label_is_accepted_and_a_wrong_one_changes_nothing(
    client: TestClient, hearing: Hearing
) -> None:
    before = hearing.project.documents.turn_list("day4.txt")
    wrong = _post(client, f"{hearing.page}/accept", {"label": "Chairman"}, hearing.page)
    assert "Nothing was changed." in wrong.text
    assert "No line of this project's documents starts with the label 'Chairman'" in unescape(
        wrong.text
    )
    missing = _post(client, f"{hearing.page}/reject", {"label": "Chairman"}, hearing.page)
    assert "No speaker label 'Chairman'" in unescape(missing.text)
    assert hearing.project.documents.turn_list("day4.txt") == before
    assert hearing.project.documents.label_decisions() == []
    hearing.project.documents.reject_label("You say")
    accepted = _post(client, f"{hearing.page}/accept", {"label": "You say"}, hearing.page)
    assert "'You say' is a speaker: 1 turn split off" in unescape(accepted.text)


def test_every_unmapped_label_is_mapped_in_one_go(client: TestClient, hearing: Hearing) -> None:
    hearing.project.documents.map_speaker("Counsel", role="interviewer")
    answer = _post(client, f"{hearing.page}/map-unmapped", {"role": "other"}, hearing.page)
    assert (
        "Mapped 2 labels to other (not a participant) (The Witness, You say): "
        "0 codings re-attributed in 1 document." in unescape(answer.text)
    )
    assert hearing.project.documents.unmapped_speakers() == []
    again = _post(client, f"{hearing.page}/map-unmapped", {"role": "interviewer"}, hearing.page)
    assert "No label is unmapped." in unescape(again.text)
    bad = _post(client, f"{hearing.page}/map-unmapped", {"role": "participant"}, hearing.page)
    assert "Nothing was changed." in bad.text


def test_participants_are_made_from_the_chosen_labels(client: TestClient, hearing: Hearing) -> None:
    data: dict[str, str | list[str]] = {"label": ["Counsel", "You say"], "case": "Witnesses"}
    answer = _post(client, f"{hearing.page}/participants", data, hearing.page)
    assert (
        "Made 2 participants (Counsel, You say), each mapped from its label: "
        "1 coding re-attributed." in unescape(answer.text)
    )
    people = {p.identifier: p.case for p in hearing.project.study.participants()}
    assert people["Counsel"] == "Witnesses"
    none = _post(client, f"{hearing.page}/participants", {"case": ""}, hearing.page)
    assert "Choose the speaker labels to make participants of." in unescape(none.text)
    own = _post(client, f"{hearing.page}/participants", {"label": "The Witness"}, hearing.page)
    assert "Made 1 participant and 1 case (The Witness)" in unescape(own.text)


def test_the_sections_page_suggests_each_witness_and_accepting_maps_them(
    client: TestClient, hearing: Hearing
) -> None:
    hearing.project.documents.map_speaker("Counsel", role="interviewer")
    hearing.project.documents.map_speaker("You say", role="other")
    page = client.get(hearing.sections).text
    suggestions = _text(page.split('data-testid="suggestions"')[1].split("</table>")[0])
    assert "2 Ms Jane Smith (affirmed) The Witness W01 \u2014 Jane Smith, chief nurse 1" in (
        suggestions
    )
    assert "3 Evidence of Professor Alan Jones The Witness W02 \u2014 Professor Alan" in (
        suggestions
    )
    sections = _text(page.split('data-testid="sections"')[1])
    assert "Not mapped" in sections and "By the project-wide mapping" in sections
    answer = _post(
        client,
        f"{hearing.page}/map",
        {
            "label": "The Witness",
            "document": "day4.txt",
            "section": "2",
            "choice": "participant:W01",
            "next": hearing.sections,
        },
        hearing.sections,
    )
    assert answer.url.path.endswith("/speakers/sections")
    assert (
        "Mapped 'The Witness' in section 2 ('Ms Jane Smith (affirmed)') of 'day4.txt' to W01: "
        "1 coding re-attributed in 1 document." in unescape(answer.text)
    )
    assert "Mapped in this section" in answer.text
    accepted = client.post(
        f"{hearing.page}/sections/accept", data={"document_id": str(hearing.document_id)}
    )
    assert "Mapped 1 suggestion: 1 coding re-attributed." in unescape(accepted.text)
    assert _speakers(hearing) == [
        ("The Witness", "W01"),
        ("You say", None),
        ("The Witness", "W02"),
    ]
    nothing = client.post(
        f"{hearing.page}/sections/accept", data={"document_id": str(hearing.document_id)}
    )
    assert "Nothing to accept" in unescape(nothing.text)
    removed = _post(
        client,
        f"{hearing.page}/unmap",
        {"label": "The Witness", "document": "day4.txt", "section": "3", "next": hearing.sections},
        hearing.sections,
    )
    assert "Removed the mapping of 'The Witness' in section 3" in unescape(removed.text)
    assert _speakers(hearing)[2] == ("The Witness", None)


def test_a_section_mapping_mistake_is_shown_on_the_sections_page_and_changes_nothing(
    client: TestClient, hearing: Hearing
) -> None:
    before = hearing.project.documents.mapping_list()
    answer = _post(
        client,
        f"{hearing.page}/map",
        {
            "label": "The Witness",
            "document": "day4.txt",
            "section": "Ms Jane Smyth",
            "choice": "participant:W01",
            "next": hearing.sections,
        },
        hearing.sections,
    )
    assert answer.url.path.endswith("/speakers/sections")
    assert "Nothing was changed." in answer.text
    assert "No section 'Ms Jane Smyth' in document 'day4.txt'. Did you mean" in unescape(
        answer.text
    )
    assert hearing.project.documents.mapping_list() == before
    unchanged = _post(
        client,
        f"{hearing.page}/map",
        {
            "label": "The Witness",
            "document": "day4.txt",
            "section": "2",
            "choice": "",
            "current": "",
            "next": hearing.sections,
        },
        hearing.sections,
    )
    assert "No change for 'The Witness'." in unescape(unchanged.text)


def test_a_document_without_sections_says_so(client: TestClient, hearing: Hearing) -> None:
    hearing.project.documents.import_bytes("notes.txt", b"**Ann**: Hello.\n\n**Bob**: Hi there.\n")
    notes = hearing.project.documents.info("notes.txt").id
    page = client.get(f"{hearing.page}/sections?document_id={notes}").text
    assert "This document has no sections." in page
    assert "No suggestions" in _text(page)
