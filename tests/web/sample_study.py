"""A small study for the web tests, built through the public Python API.

Two cases, three participants, two transcripts (an interview and a focus
group, with an emoji and a combining character so offsets are tested
beyond ASCII), a small codebook, a few codings, a memo and a structured
question.
"""

from __future__ import annotations

from dataclasses import dataclass

import qualframe

INTERVIEW = """Interviewer: How did you come to peer work?

P01: I had been on the ward myself 🙂 and I knew what it was like. \
That shared experience is where trust starts.

Interviewer: What else does the role need?

P01: Lived experience is not enough. You need patience, and resilience on hard days. \
Some situations are harrowing.
"""

FOCUS_GROUP = """Facilitator: What difference did peer support make?

Sam: She had been through it too, so I believed her when she said it gets better. \
It gave me hope.

Ali: Zoë and the Ñ̈ group helped me trust the service again. I go every week now.
"""


@dataclass(frozen=True)
class SampleStudy:
    """Ids and names of the sample study's objects."""

    project: qualframe.Project
    interview_id: int
    focus_group_id: int
    trust_code_id: int
    hope_code_id: int
    shared_code_id: int
    boundaries_code_id: int
    coding_id: int

    @property
    def project_id(self) -> int:
        """The project's id (for URLs)."""
        return self.project.info.id


def build_sample_study(database: qualframe.Database, user: str = "tester") -> SampleStudy:
    """Create project "Peer support" in ``database`` with the sample study."""
    project = qualframe.create_project("Peer support", database=database, user=user)
    study = project.study
    study.define_attribute("employer", "case", "categorical", ["NHS", "voluntary sector"])
    study.define_attribute(
        "stakeholder group", "participant", "categorical", ["peer worker", "service user"]
    )
    study.add_case("Trust A", employer="NHS")
    study.add_case("Charity B", employer="voluntary sector")
    study.add_participant("P01", "Trust A", values={"stakeholder group": "peer worker"})
    study.add_participant("P02", "Trust A", values={"stakeholder group": "service user"})
    study.add_participant("P03", "Charity B", values={"stakeholder group": "peer worker"})
    study.add_question("Q1", "Has peer support helped you?", levels=["yes", "no"])
    study.set_answer("P01", "Q1", "yes")
    study.set_answer("P02", "Q1", "no")

    docs = project.documents
    docs.import_bytes("P01 interview.txt", INTERVIEW.encode(), participants=["P01"])
    docs.import_bytes("Focus group.txt", FOCUS_GROUP.encode(), participants=["P02", "P03"])
    docs.map_speaker("Interviewer", role="interviewer")
    docs.map_speaker("Facilitator", role="interviewer")
    docs.map_speaker("P01", "P01")
    docs.map_speaker("Sam", "P02")
    docs.map_speaker("Ali", "P03")
    listed = docs.documents().set_index("name")["id"]

    codebook = project.codebook
    trust = codebook.add("Trust", definition="Trust between peer workers and service users.")
    shared = codebook.add("Shared experience", parent="Trust", origin="deductive")
    hope = codebook.add("Hope", definition="Hope for recovery.", origin="inductive")
    boundaries = codebook.add("Boundaries")

    text = INTERVIEW
    start = text.index("That shared experience")
    first = project.coding.apply(
        "P01 interview.txt", shared.id, start, start + len("That shared experience")
    )
    hope_at = FOCUS_GROUP.index("It gave me hope.")
    project.coding.apply("Focus group.txt", hope.id, hope_at, hope_at + len("It gave me hope."))
    project.memos.add(
        "Trust first", kind="analytic", body="Trust comes *before* hope.", code=trust.id
    )
    return SampleStudy(
        project=project,
        interview_id=int(listed["P01 interview.txt"]),
        focus_group_id=int(listed["Focus group.txt"]),
        trust_code_id=trust.id,
        hope_code_id=hope.id,
        shared_code_id=shared.id,
        boundaries_code_id=boundaries.id,
        coding_id=first.id,
    )
