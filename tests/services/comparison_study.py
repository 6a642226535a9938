"""A small study whose comparison numbers can be worked out by hand.

Used by the comparison, answers, co-occurrence, saturation and typology
tests (services and CLI). Built through the Python API where it has a
call for it; documents and question coverage straight with the models.

Cases: Trust A (employer NHS), Charity B (employer charity).
Participants (stakeholder group):

- P1 Trust A, peer worker — interview-1 (position 3)
- P2 Trust A, service user — interview-2 (position 1)
- P3 Charity B, peer worker — interview-3 (position 2)
- P4 Charity B, service user — interview-4 (no position); not asked Q1
- P5 Charity B, no group value — interview-5 (no position)
- P6 Trust A, peer worker — no document
- P7 Charity B, service user — no document; not asked Q2

Codes: Hope > Future, Hope > Past, Trust. Codings (all by "tester"):

- interview-1 (P1): Hope [0, 10), Hope > Future [5, 15), Trust [20, 30)
- interview-3 (P3): Hope > Past [0, 8) and [20, 26)
- interview-2 (P2): Trust [0, 5)
- notes (linked to nobody): Hope [0, 4)

Questions: Q1 (structured, covers Hope; P4 not asked), Q2 (structured, categorical yes/no):
P1 yes, P3 yes, P6 asked without answer, P2 no, P4 no, P7 not asked.
"""

from __future__ import annotations

import qualframe
from qualframe.storage.models import Participant, QuestionCode
from services.builders import make_document

TEXTS = {
    "interview-1": "Hope is here, future hopes. Trust me, I know it well today.",
    "interview-2": "Trust grows slowly when people listen to you properly now.",
    "interview-3": "The past was hard for me, but past pain taught me a lot.",
    "interview-4": "Nothing much to say about any of this, I am afraid really.",
    "interview-5": "A fifth interview with little to code in it at all, sadly.",
    "notes": "Hope came up in the team meeting notes as a theme to follow.",
}
LINKS = {
    "interview-1": "P1",
    "interview-2": "P2",
    "interview-3": "P3",
    "interview-4": "P4",
    "interview-5": "P5",
}
POSITIONS = {"interview-1": 3, "interview-2": 1, "interview-3": 2}


def build_study(project: qualframe.Project) -> None:
    """Fill an empty project with the study described in the module docstring."""
    study = project.study
    study.define_attribute(
        "stakeholder group",
        "participant",
        "categorical",
        ["peer worker", "service user", "manager"],
    )
    study.define_attribute("employer", "case", "categorical", ["NHS", "charity"])
    study.add_case("Trust A", employer="NHS")
    study.add_case("Charity B", employer="charity")
    groups = {
        "P1": ("Trust A", "peer worker"),
        "P2": ("Trust A", "service user"),
        "P3": ("Charity B", "peer worker"),
        "P4": ("Charity B", "service user"),
        "P5": ("Charity B", None),
        "P6": ("Trust A", "peer worker"),
        "P7": ("Charity B", "service user"),
    }
    for identifier, (case, group) in groups.items():
        values = {"stakeholder group": group} if group else {}
        study.add_participant(identifier, case, values=values)
    _documents(project)
    _codes_and_codings(project)
    _schedule(project)


def _documents(project: qualframe.Project) -> None:
    people = {p.identifier: p.id for p in project.study.participants()}
    with project.database.transaction() as session:
        for name, text in TEXTS.items():
            linked = [session.get(Participant, people[LINKS[name]])] if name in LINKS else []
            document = make_document(
                session, project.info.id, name, text, participants=[p for p in linked if p]
            )
            document.position = POSITIONS.get(name)


def _codes_and_codings(project: qualframe.Project) -> None:
    codebook, coding = project.codebook, project.coding
    codebook.add("Hope")
    codebook.add("Future", parent="Hope")
    codebook.add("Past", parent="Hope")
    codebook.add("Trust")
    coding.apply("interview-1", "Hope", 0, 10)
    coding.apply("interview-1", "Hope > Future", 5, 15)
    coding.apply("interview-1", "Trust", 20, 30)
    coding.apply("interview-3", "Hope > Past", 0, 8)
    coding.apply("interview-3", "Hope > Past", 20, 26)
    coding.apply("interview-2", "Trust", 0, 5)
    coding.apply("notes", "Hope", 0, 4)


def _schedule(project: qualframe.Project) -> None:
    study = project.study
    study.add_question("Q1", "Do you feel hopeful about the future?", levels=["yes", "no"])
    study.add_question("Q2", "Would you recommend peer support?", levels=["yes", "no"])
    study.set_answer("P4", "Q1", None, asked=False)
    for participant, value in {
        "P1": "yes",
        "P3": "yes",
        "P6": None,
        "P2": "no",
        "P4": "no",
    }.items():
        study.set_answer(participant, "Q2", value)
    study.set_answer("P7", "Q2", None, asked=False)
    hope = project.codebook.get("Hope").id
    q1 = next(q.id for q in study.questions() if q.identifier == "Q1")
    with project.database.transaction() as session:
        # Question coverage has its own service (coverage.py); only its row matters here.
        session.add(QuestionCode(question_id=q1, code_id=hope))
