"""The study area's write use cases, exercised on the contract study.

The study has cases "Trust A" (P01) and "Charity B" (P02), the attributes
employer (case), group (participant) and setting (document), and questions
Q1 (open) and Q2 (structured). Cases, participants and attributes carry
versions; questions and answers do not (their writes state none). A use case
deleting a case or participant works on a spare one, added (once) by the
scenario's ``version_of``: the study's own are in use.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

import qualframe
from contracts.registry import Write

#: What a scenario worked out once per project (the id of a record it renames).
_KNOWN: WeakKeyDictionary[qualframe.Project, dict[str, int]] = WeakKeyDictionary()


def remembered(project: qualframe.Project, key: str, find: Callable[[], int]) -> int:
    """``find()``'s answer for ``key``, worked out once per project: a record found
    by name before a write that renames it is found by id after it."""
    known = _KNOWN.setdefault(project, {})
    if key not in known:
        known[key] = find()
    return known[key]


def case_version(project: qualframe.Project, name: str = "Trust A") -> int:
    """The version of the case called ``name`` when first asked (renamed or not)."""
    cases = project.study.cases()
    case_id = remembered(
        project, f"case {name}", lambda: next(c.id for c in cases if c.name == name)
    )
    return next(case.version for case in cases if case.id == case_id)


def participant_version(project: qualframe.Project, identifier: str = "P01") -> int:
    """The version of the participant ``identifier`` when first asked."""
    people = project.study.participants()
    person_id = remembered(
        project,
        f"participant {identifier}",
        lambda: next(p.id for p in people if p.identifier == identifier),
    )
    return next(person.version for person in people if person.id == person_id)


def attribute_version(project: qualframe.Project, name: str) -> int:
    """The version of the attribute called ``name`` when first asked."""
    attributes = project.study.attributes()
    attribute_id = remembered(
        project, f"attribute {name}", lambda: next(a.id for a in attributes if a.name == name)
    )
    return next(a.version for a in attributes if a.id == attribute_id)


def _spare_case(project: qualframe.Project) -> int:
    """The version of the case "Spare" (added on first use: it has no participants)."""
    if not any(case.name == "Spare" for case in project.study.cases()):
        project.study.add_case("Spare")
    return case_version(project, "Spare")


def _spare_participant(project: qualframe.Project) -> int:
    """The version of the participant "P09" (added on first use: no document records them)."""
    if not any(person.identifier == "P09" for person in project.study.participants()):
        project.study.add_participant("P09", "Charity B", group="peer worker")
    return participant_version(project, "P09")


def _table(name: str, text: str) -> qualframe.UploadedFile:
    """A CSV file given by its bytes."""
    return qualframe.UploadedFile(name, text.encode())


PEOPLE = "participant,case,group\nP01,Charity B,peer worker\nP03,Trust A,service user\n"
SCHEDULE = "identifier,question,kind,levels\nQ3,Was it enough?,structured,yes;no\n"
ANSWERS = "participant,Q2\nP01,good\nP02,poor\n"

ATTRIBUTES: list[Write] = [
    Write(
        "study.define_attribute", lambda p: p.study.define_attribute("age", "participant", "number")
    ),
    Write(
        "study.edit_attribute",
        # A new name and a new level at once: still one change.
        lambda p: p.study.edit_attribute("employer", name="employed by", add_levels=["council"]),
        version_of=lambda p: attribute_version(p, "employer"),
        stating=lambda p, v: p.study.edit_attribute("employer", name="late", if_version=v),
    ),
    Write(
        "study.delete_attribute",
        lambda p: p.study.delete_attribute("setting"),
        version_of=lambda p: attribute_version(p, "setting"),
        stating=lambda p, v: p.study.delete_attribute("setting", if_version=v),
        bumps=False,
    ),
    Write(
        "study.set_attributes",
        lambda p: p.study.set_attributes("participant", "P01", {"group": "peer worker"}),
        version_of=participant_version,
        stating=lambda p, v: p.study.set_attributes(
            "participant", "P01", {"group": "peer worker"}, if_version=v
        ),
    ),
]

CASES: list[Write] = [
    Write("study.add_case", lambda p: p.study.add_case("Council C", employer="NHS")),
    Write(
        "study.edit_case",
        lambda p: p.study.edit_case("Trust A", name="Trust AA", description="Acute trust"),
        version_of=case_version,
        stating=lambda p, v: p.study.edit_case("Trust A", description="late", if_version=v),
    ),
    Write(
        "study.rename_case",
        lambda p: p.study.rename_case("Trust A", "Trust Z"),
        version_of=case_version,
        stating=lambda p, v: p.study.rename_case("Trust A", "Late", if_version=v),
    ),
    Write(
        "study.update_case",
        # Its name and a value at once: still one change.
        lambda p: p.study.update_case("Trust A", name="Trust Y", values={"employer": "VCS"}),
        version_of=case_version,
        stating=lambda p, v: p.study.update_case(
            "Trust A", values={"employer": "VCS"}, if_version=v
        ),
    ),
    Write(
        "study.delete_case",
        lambda p: p.study.delete_case("Spare"),
        version_of=_spare_case,
        stating=lambda p, v: p.study.delete_case("Spare", if_version=v),
        bumps=False,
    ),
]

PARTICIPANTS: list[Write] = [
    Write("study.add_participant", lambda p: p.study.add_participant("P05", "Trust A")),
    Write(
        "study.edit_participant",
        lambda p: p.study.edit_participant("P01", identifier="P01a", case="Charity B"),
        version_of=participant_version,
        stating=lambda p, v: p.study.edit_participant("P01", description="late", if_version=v),
    ),
    Write(
        "study.move_participant",
        lambda p: p.study.move_participant("P01", "Charity B"),
        version_of=participant_version,
        stating=lambda p, v: p.study.move_participant("P01", "Charity B", if_version=v),
    ),
    Write(
        "study.update_participant",
        # A new identifier, a new case and a value at once: still one change.
        lambda p: p.study.update_participant(
            "P01", identifier="P01b", case="Charity B", values={"group": "peer worker"}
        ),
        version_of=participant_version,
        stating=lambda p, v: p.study.update_participant(
            "P01", values={"group": "peer worker"}, if_version=v
        ),
    ),
    Write(
        "study.delete_participant",
        lambda p: p.study.delete_participant("P09"),
        version_of=_spare_participant,
        stating=lambda p, v: p.study.delete_participant("P09", if_version=v),
        bumps=False,
    ),
    Write(
        "study.apply_import",
        # Moves P01 and changes its group (one change of P01) and adds P03.
        lambda p: p.study.apply_import(_table("people.csv", PEOPLE), "participants"),
        version_of=participant_version,
    ),
]

SCHEDULE_WRITES: list[Write] = [
    Write(
        "study.add_question", lambda p: p.study.add_question("Q3", "Anything else?", kind="open")
    ),
    Write("study.edit_question", lambda p: p.study.edit_question("Q1", text="How did they help?")),
    Write("study.move_question", lambda p: p.study.move_question("Q2", 1)),
    Write("study.delete_question", lambda p: p.study.delete_question("Q2")),
    Write("study.import_schedule", lambda p: p.study.import_schedule(_table("q.csv", SCHEDULE))),
    Write("study.set_answer", lambda p: p.study.set_answer("P01", "Q2", "good")),
    Write("study.import_answers", lambda p: p.study.import_answers(_table("a.csv", ANSWERS))),
]

WRITES: list[Write] = [*ATTRIBUTES, *CASES, *PARTICIPANTS, *SCHEDULE_WRITES]

READS: set[str] = {
    "study.attributes",
    "study.cases",
    "study.cases_frame",
    "study.participants",
    "study.participants_frame",
    # A plan the user checks (and may change) before applying it: it writes nothing.
    "study.preview_import",
    "study.questions",
    "study.answers",
    "study.answers_frame",
    "study.asked_frame",
}
