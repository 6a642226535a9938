"""The contract study: a small project with one of everything a write can touch.

Built through the public API in one transaction; every write use case's
scenario (``writes_<area>.py``) starts from it.
"""

from __future__ import annotations

import qualframe

TRANSCRIPT = (
    "Interviewer: How did the peer worker help?\n\n"
    "P01: She had been there herself, so I trusted her. I felt hope again.\n\n"
    "Interviewer: And the team?\n\n"
    "P01: The team listened to her. Hope came back slowly.\n"
)
SECOND = "P02: I met my peer worker every week and we went to the library.\n"


def build(project: qualframe.Project) -> None:
    """Fill ``project`` with the contract study (see the module docstring)."""
    with project.atomic():
        project.study.define_attribute("employer", "case", "categorical", levels=["NHS", "VCS"])
        project.study.define_attribute(
            "group", "participant", "categorical", levels=["service user", "peer worker"]
        )
        project.study.define_attribute("setting", "document", "text")
        project.study.add_case("Trust A", employer="NHS")
        project.study.add_case("Charity B", employer="VCS")
        project.study.add_participant("P01", "Trust A", group="service user")
        project.study.add_participant("P02", "Charity B", group="peer worker")
        project.study.add_question("Q1", "How did the peer worker help?", kind="open")
        project.study.add_question(
            "Q2",
            "Rate the support",
            kind="structured",
            scale="categorical",
            levels=["good", "poor"],
        )
        project.documents.import_bytes("p01.txt", TRANSCRIPT.encode(), participants="P01")
        project.documents.import_bytes("p02.txt", SECOND.encode(), participants="P02")
        project.documents.map_speaker("Interviewer", role="interviewer")
        project.documents.map_speaker("P01", "P01")
        project.documents.map_speaker("P02", "P02")
        project.codebook.add("Mechanisms")
        project.codebook.add("Trust", parent="Mechanisms", definition="Trust in the worker.")
        project.codebook.add("Hope", parent="Mechanisms")
        project.codebook.add("Engagement")
        project.codebook.add("Spare")
        start = TRANSCRIPT.index("I trusted her")
        trust = project.coding.apply("p01.txt", "Mechanisms > Trust", start, start + 13)
        start = TRANSCRIPT.index("I felt hope again")
        project.coding.apply("p01.txt", "Mechanisms > Hope", start, start + 17)
        start = TRANSCRIPT.index("Hope came back")
        project.coding.apply("p01.txt", "Mechanisms > Hope", start, start + 14)
        start = SECOND.index("went to the library")
        project.coding.apply("p02.txt", "Engagement", start, start + 19)
        project.memos.add(
            "Trust first", kind="analytic", body="Shared experience.", code="Mechanisms > Trust"
        )
        project.matrix.write_summary("P01", "Mechanisms > Trust", "Trusted her.", "done")
        project.matrix.link_quote("P01", "Mechanisms > Trust", trust.id)
        project.matrix.write_summary("P01", "Mechanisms > Hope", "Hope again.", "draft")
        project.matrix.cover("Q1", "Mechanisms > Trust")
        project.typologies.define("engagement style", categories=["close", "distant"])


def coding_id(project: qualframe.Project, code: str, document: str = "p01.txt") -> int:
    """The id of the first coding of ``code`` (a path) in ``document``."""
    frame = project.coding.codings()
    rows = frame[(frame["code"] == code) & (frame["document"] == document)]
    return int(rows["coding_id"].iloc[0])
