"""A small study for the framework-matrix tests (services and CLI).

Cases: Trust A (employer NHS), Charity B (employer voluntary sector).
Participants (stakeholder group, band — ordinal junior < senior):

- P1  Trust A,   peer worker,  junior — interview-P1
- P2  Trust A,   service user, senior — interview-P2
- P10 Charity B, peer worker,  senior — interview-P10
- P3  Charity B, service user, no band — interview-P3; not asked Q1

Codes: Barriers > Stigma, Barriers > Boundaries, Barriers > Boundaries > Rules,
Hope, Trust. Codings (phrase of the shared text; paragraph in brackets):

- P1:  Hope "hope" (1), Barriers > Stigma "stigma" (2), Barriers > Boundaries > Rules "rules" (3)
- P2:  Hope "hope" (1), Trust "trust" (4)
- P10: Barriers > Stigma "stigma" (2), Barriers > Boundaries "boundaries" (3)
- P3:  nothing

Question Q1 (structured yes/no) covers Barriers; P3 was not asked it, the
others were.
"""

from __future__ import annotations

from dataclasses import dataclass

import qualframe
from qualframe.formats.segmentation import paragraph_spans, text_segments
from qualframe.storage.models import Participant, TextSegment
from services.builders import make_document

TEXT = (
    "I hope things get better.\n\n"
    "Staff judged me, stigma everywhere.\n\n"
    "There are rules and boundaries here.\n\n"
    "I trust my peer worker.\n"
)
PEOPLE = {
    "P1": ("Trust A", "peer worker", "junior"),
    "P2": ("Trust A", "service user", "senior"),
    "P10": ("Charity B", "peer worker", "senior"),
    "P3": ("Charity B", "service user", None),
}
CODINGS = {
    "P1": [
        ("Hope", "hope"),
        ("Barriers > Stigma", "stigma"),
        ("Barriers > Boundaries > Rules", "rules"),
    ],
    "P2": [("Hope", "hope"), ("Trust", "trust")],
    "P10": [("Barriers > Stigma", "stigma"), ("Barriers > Boundaries", "boundaries")],
}


@dataclass(frozen=True)
class MatrixStudy:
    """The project and the ids of its codings: ``codings[(participant, code path)]``."""

    project: qualframe.Project
    codings: dict[tuple[str, str], int]


def span(word: str) -> tuple[int, int]:
    """Where ``word`` is in :data:`TEXT`."""
    start = TEXT.index(word)
    return start, start + len(word)


def build_study(project: qualframe.Project) -> MatrixStudy:
    """Fill an empty project with the study of the module docstring."""
    study = project.study
    study.define_attribute("employer", "case", "categorical", ["NHS", "voluntary sector"])
    study.define_attribute(
        "stakeholder group", "participant", "categorical", ["peer worker", "service user"]
    )
    study.define_attribute("band", "participant", "ordinal", ["junior", "senior"])
    study.add_case("Trust A", employer="NHS")
    study.add_case("Charity B", employer="voluntary sector")
    for identifier, (case, group, band) in PEOPLE.items():
        values = {"stakeholder group": group, **({"band": band} if band else {})}
        study.add_participant(identifier, case, values=values)
    ids = {p.identifier: p.id for p in study.participants()}
    with project.database.transaction() as session:
        for identifier in PEOPLE:
            person = session.get(Participant, ids[identifier])
            assert person is not None
            text = TEXT + f"\n(end of interview {identifier})\n"  # texts must differ
            document = make_document(
                session, project.info.id, f"interview-{identifier}", text, participants=[person]
            )
            # Its passages, as an import stores them (quotes are numbered by them).
            for start, end, _ in text_segments(text, paragraph_spans(text), []):
                session.add(TextSegment(document_id=document.id, start=start, end=end))
    codebook = project.codebook
    codebook.add("Barriers")
    codebook.add("Stigma", parent="Barriers")
    codebook.add("Boundaries", parent="Barriers")
    codebook.add("Rules", parent="Barriers > Boundaries")
    codebook.add("Hope")
    codebook.add("Trust")
    codings = {}
    for identifier, applied in CODINGS.items():
        for code, word in applied:
            start, end = span(word)
            record = project.coding.apply(f"interview-{identifier}", code, start, end)
            codings[identifier, code] = record.id
    study.add_question("Q1", "What gets in the way?", levels=["yes", "no"])
    for identifier in ("P1", "P2", "P10"):
        study.set_answer(identifier, "Q1", "yes")
    study.set_answer("P3", "Q1", None, asked=False)
    project.matrix.cover("Q1", "Barriers")
    return MatrixStudy(project, codings)


#: A group discussion nobody in the study is linked to: the interviewer's turn
#: and an unmapped speaker's ("Speaker 3"), each coded (see :func:`add_unattributed`).
NOTES_TEXT = "Interviewer: Any hope left?\n\nSpeaker 3: Rules, rules, rules.\n"


def add_unattributed(project: qualframe.Project) -> dict[str, int]:
    """Add the discussion of :data:`NOTES_TEXT` with three codings spoken by
    nobody: Hope (interviewer), Barriers > Boundaries > Rules and Trust
    (Speaker 3, unmapped). Returns their ids by code path."""
    from services.builders import map_speaker

    turns = [("Interviewer", 0, 27), ("Speaker 3", 29, len(NOTES_TEXT) - 1)]
    with project.database.transaction() as session:
        make_document(session, project.info.id, "group-notes", NOTES_TEXT, turns=turns)
        map_speaker(session, project.info.id, "Interviewer")
    found = {}
    for code, word in (
        ("Hope", "hope"),
        ("Barriers > Boundaries > Rules", "Rules"),
        ("Trust", "rules."),
    ):
        start = NOTES_TEXT.index(word)
        record = project.coding.apply("group-notes", code, start, start + len(word))
        found[code] = record.id
    return found
